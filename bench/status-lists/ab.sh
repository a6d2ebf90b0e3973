#!/usr/bin/env bash
# What status lists cost at issuance: `mandate serve` with Mandate:StatusList on and off in alternation, one data folder
# and one benchmark agent, loaded with ../shared/peers/load.sh (wrk, 64 connections) on loopback.
#
#   bench/status-lists/ab.sh DLL [ROUNDS=2] [DURATION=10s]
#
# DLL: a Release build of the CLI (dotnet build -c Release src/Mandate.Cli → src/Mandate.Cli/bin/Release/net10.0/Mandate.dll).
# env: AB_DIR (work folder, default /tmp/mandate-status-ab), AB_PORT (default 5191), PEERS_DIR (default ../shared/peers).
# Prints one line per round and mode: ok_rps, p50/p99, server CPU µs per token (from /proc/PID/stat), load average.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
load="${PEERS_DIR:-$repo/../shared/peers}/load.sh"
[ -x "$load" ] || { echo "load.sh not found at $load (set PEERS_DIR)"; exit 2; }
dll=$1; rounds=${2:-2}; dur=${3:-10s}; port=${AB_PORT:-5191}; dir=${AB_DIR:-/tmp/mandate-status-ab}
data=$dir/data; rm -rf "$data"; mkdir -p "$data"
up() { for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/.well-known/oauth-authorization-server" >/dev/null 2>&1 && return; sleep 0.2; done; }
dotnet "$dll" serve --urls "http://127.0.0.1:$port" --data-dir "$data" >"$dir/boot.log" 2>&1 & p=$!
up; for _ in $(seq 100); do [ -f "$data/admin-credentials.json" ] && break; sleep 0.2; done; sleep 0.5
creds=$(dotnet "$dll" agent create bench --scope "tools:read tools:write" --audience https://api.example.test --token-lifetime 5m \
  --owner b@example.test --server "http://127.0.0.1:$port" --data-dir "$data" --json)
kill $p; wait $p 2>/dev/null || true
id=$(jq -r .client_id <<<"$creds"); sec=$(jq -r .client_secret <<<"$creds")
for r in $(seq "$rounds"); do
  for mode in on off; do
    if [ $mode = off ]; then export Mandate__StatusList__Enabled=false; else unset Mandate__StatusList__Enabled; fi
    dotnet "$dll" serve --urls "http://127.0.0.1:$port" --data-dir "$data" >"$dir/serve-$mode.log" 2>&1 & p=$!
    up
    "$load" "http://127.0.0.1:$port/token" "$id" "$sec" 3s >/dev/null
    t0=$(awk '{print $14+$15}' /proc/$p/stat)
    out=$("$load" "http://127.0.0.1:$port/token" "$id" "$sec" "$dur" | grep RESULT)
    t1=$(awk '{print $14+$15}' /proc/$p/stat)
    ok=$(sed -E 's/.* ok=([0-9]+).*/\1/' <<<"$out")
    echo "round $r $mode: $(grep -oE 'ok_rps=[0-9.]+|p50_ms=[0-9.]+|p99_ms=[0-9.]+' <<<"$out" | tr '\n' ' ') cpu_us/token=$(( (t1-t0)*10000/ok )) load=$(cut -d' ' -f1 /proc/loadavg)"
    kill $p; wait $p 2>/dev/null || true
  done
done
