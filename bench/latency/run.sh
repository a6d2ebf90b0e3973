#!/usr/bin/env bash
# Latency at half of peak load (issue 2: p99 < 5 ms at half of peak). One Release build, one fresh data
# folder, `mandate serve` with its defaults (durable audit on), 127.0.0.1 only:
#   1. peak: ../shared/peers/load.sh, 64 connections, WARMUP then DURATION (closed loop, saturated);
#   2. paced: 32 connections, each pausing PACE_MS after every response (paced.lua), with PACE_MS
#      calibrated in short runs until the offered load is within 5 % of half the peak;
#   3. the measured paced run: DURATION, reporting achieved tok/s and p50/p90/p99/max.
# Not part of CI (~1.5 minutes at the defaults).
#
#   bench/latency/run.sh          # DURATION=20s WARMUP=5s
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
peers="${PEERS_DIR:-$repo/../shared/peers}"
DURATION="${DURATION:-20s}"; WARMUP="${WARMUP:-5s}"; PACED_CONNECTIONS="${PACED_CONNECTIONS:-32}"
port="${MANDATE_PORT:-5096}"; work="${WORK_DIR:-/tmp/mandate-latency-bench}"
url="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)"; exit 2; }

mkdir -p "$work"; rm -rf "$work/data"
echo "== build Mandate (Release)"
dotnet build "$repo/src/Mandate.Cli" -c Release -nologo -v q -o "$work/mandate" >/dev/null
dll="$work/mandate/Mandate.dll"

dotnet "$dll" serve --urls "$url" --data-dir "$work/data" >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fsS "$url/.well-known/oauth-authorization-server" >/dev/null 2>&1 && break; sleep 0.2; done
creds="$(dotnet "$dll" agent create bench-agent --owner bench@example.test --scope "tools:read tools:write" \
  --audience https://api.example.test --server "$url" --data-dir "$work/data" --json)"
id="$(jq -r .client_id <<<"$creds")"; secret="$(jq -r .client_secret <<<"$creds")"

field() { sed -nE "s/.* $1=([0-9.]+).*/\1/p"; }
"$peers/load.sh" "$url/token" "$id" "$secret" "$WARMUP" 64 >/dev/null
peak_line="$("$peers/load.sh" "$url/token" "$id" "$secret" "$DURATION" 64 | grep '^RESULT')"
peak="$(field ok_rps <<<"$peak_line")"
echo "peak (64 connections, saturated): $peak_line"
target="$(awk -v p="$peak" 'BEGIN { printf "%.0f", p / 2 }')"

paced() { # $1 = pace ms, $2 = duration
  TOKEN_LUA="$peers/token.lua" PACE_MS="$1" timeout 120 wrk -t 2 -c "$PACED_CONNECTIONS" -d "$2" --timeout 5s --latency \
    -s "$here/paced.lua" "$url/token" -- "$id" "$secret" | grep '^RESULT'
}
pace="$(awk -v c="$PACED_CONNECTIONS" -v t="$target" 'BEGIN { p = c / t * 1000 - 1; if (p < 0) p = 0; printf "%.0f", p }')"
for _ in 1 2 3 4; do
  got="$(paced "$pace" 5s | field ok_rps)"
  echo "calibrate: PACE_MS=$pace -> $got tok/s (target $target)"
  inside="$(awk -v g="$got" -v t="$target" 'BEGIN { print (g >= 0.95 * t && g <= 1.05 * t) ? 1 : 0 }')"
  [ "$inside" = 1 ] && break
  # wrk's delay() takes whole milliseconds: scale the cycle (pace + latency) by got/target.
  pace="$(awk -v p="$pace" -v g="$got" -v t="$target" -v c="$PACED_CONNECTIONS" 'BEGIN { cyc = c / g * 1000; n = cyc * g / t - (cyc - p); if (n < 0) n = 0; printf "%.0f", n }')"
done
line="$(paced "$pace" "$DURATION")"
echo "half load ($PACED_CONNECTIONS connections, PACE_MS=$pace): $line"
echo "peak tok/s $peak; half-load target $target; achieved $(field ok_rps <<<"$line"); p99 ms $(field p99_ms <<<"$line")"
