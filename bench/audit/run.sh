#!/usr/bin/env bash
# Issuance throughput with and without durable audit, measured in one run: the same Release build and
# data folder, `mandate serve --audit-mode Durable` and `--audit-mode Off` started in alternation
# (A B A B ...), each loaded by ../shared/peers/load.sh (wrk, client_credentials, 64 connections) on
# 127.0.0.1. Prints per-round lines and the medians. Not part of CI (~3 minutes at the defaults).
#
#   bench/audit/run.sh                      # ROUNDS=3 DURATION=20s WARMUP=5s CONNECTIONS=64
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${PEERS_DIR:-$repo/../shared/peers}"
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-20s}"; WARMUP="${WARMUP:-5s}"; CONNECTIONS="${CONNECTIONS:-64}"
port="${MANDATE_PORT:-5095}"; work="${WORK_DIR:-/tmp/mandate-audit-bench}"
url="http://127.0.0.1:$port"
clk="$(getconf CLK_TCK)"

mkdir -p "$work"; rm -rf "$work/data"
echo "== build Mandate (Release)"
dotnet build "$repo/src/Mandate.Cli" -c Release -nologo -v q -o "$work/mandate" >/dev/null
dll="$work/mandate/Mandate.dll"

source "$repo/bench/audit/server.sh"
trap stop EXIT
register_agent

declare -A RPS CPU
for round in $(seq 1 "$ROUNDS"); do
  for mode in Durable Off; do
    start "$mode"
    "$peers/load.sh" "$url/token" "$id" "$secret" "$WARMUP" "$CONNECTIONS" >/dev/null
    before="$(ticks "/proc/$pid/stat")"
    line="$("$peers/load.sh" "$url/token" "$id" "$secret" "$DURATION" "$CONNECTIONS" | grep '^RESULT')"
    after="$(ticks "/proc/$pid/stat")"
    stop
    ok="$(sed -nE 's/.* ok=([0-9]+).*/\1/p' <<<"$line")"; rps="$(sed -nE 's/.* ok_rps=([0-9.]+).*/\1/p' <<<"$line")"
    us=$(awk -v t=$((after - before)) -v c="$clk" -v n="$ok" 'BEGIN { printf "%.0f", (n > 0 ? t / c * 1e6 / n : 0) }')
    echo "round $round $mode: $line cpu_us_per_token=$us"
    RPS[$mode]+="$rps "; CPU[$mode]+="$us "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
d=$(median <<<"${RPS[Durable]}"); o=$(median <<<"${RPS[Off]}")
echo "median tok/s: durable $d, off $o; durable/off = $(awk -v d="$d" -v o="$o" 'BEGIN { printf "%.2f", d / o }')"
echo "median cpu us/token: durable $(median <<<"${CPU[Durable]}"), off $(median <<<"${CPU[Off]}")"
