#!/usr/bin/env bash
# Runs ../shared/peers/compare.sh with Mandate beside the peers (node-oidc-provider, OpenIddict),
# all on 127.0.0.1, and prints the table. Not part of CI: takes ~5 minutes at the defaults.
#
#   bench/peers/run.sh                 # defaults of compare.sh (3 rounds x 20 s, 64 connections)
#   ROUNDS=2 DURATION=5s WARMUP=3s LATENCY=0 bench/peers/run.sh   # quick smoke run
#   MANDATE_SERVE_ARGS="--audit-mode Off" MANDATE_NAME=mandate-audit-off PEERS="node-oidc-provider openiddict" \
#     bench/peers/run.sh               # Mandate without durable audit, beside two peers
#
# Needs: wrk, jq, curl (apt-get install wrk jq curl), Node >= 20 with npm, the .NET 10 SDK.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="${PEERS_DIR:-$repo/../shared/peers}"
[ -x "$shared/compare.sh" ] || { echo "peers not found at $shared (set PEERS_DIR)"; exit 2; }
port="${MANDATE_PORT:-5090}"
work="${WORK_DIR:-/tmp/mandate-peers}"

# compare.sh writes results/ and node_modules/ beside itself, so run a writable copy.
mkdir -p "$work"
cp -r "$shared/." "$work/peers/" 2>/dev/null || { rm -rf "$work/peers"; cp -r "$shared" "$work/peers"; }
chmod -R u+w "$work/peers"

echo "== build Mandate (Release)"
dotnet build "$repo/src/Mandate.Cli" -c Release -nologo -v q -o "$work/mandate" >/dev/null
dll="$work/mandate/Mandate.dll"

data="$work/data"; rm -rf "$data"; mkdir -p "$data"
echo "== register the benchmark agent"
dotnet "$dll" serve --urls "http://127.0.0.1:$port" --data-dir "$data" >"$work/bootstrap.log" 2>&1 &
boot=$!
trap 'kill $boot 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/.well-known/oauth-authorization-server" >/dev/null 2>&1 && break
  sleep 0.2
done
creds="$(dotnet "$dll" agent create bench-agent --scope "tools:read tools:write" \
  --audience https://api.example.test --token-lifetime 5m --owner bench@example.test \
  --server "http://127.0.0.1:$port" --data-dir "$data" --json)"
kill $boot; wait $boot 2>/dev/null || true
trap - EXIT

export MANDATE_CLIENT_ID="$(jq -r .client_id <<<"$creds")"
export MANDATE_CLIENT_SECRET="$(jq -r .client_secret <<<"$creds")"
export MANDATE_CMD="dotnet $dll serve --urls http://127.0.0.1:$port --data-dir $data ${MANDATE_SERVE_ARGS:-}"
export MANDATE_TOKEN_URL="http://127.0.0.1:$port/token"
export MANDATE_NAME="${MANDATE_NAME:-mandate}"
export DOTNET_gcServer="${DOTNET_gcServer:-0}"
cd "$work/peers"
./compare.sh
