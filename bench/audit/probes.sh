#!/usr/bin/env bash
# Where the cost of durable audit comes from (issue 7): the shipped server against builds that keep the
# group-commit handoff but change what a commit does. It copies this commit's sources into $WORK_DIR,
# applies probes.patch (experiment switches read from PROBE_* variables; never part of the product),
# builds that tree once in Release, and runs the variants below in alternation, ROUNDS times, each with
# ../shared/peers/load.sh (wrk, client_credentials, 64 connections, 5 s warm-up, 15 s measured) on
# 127.0.0.1. Per run it prints tok/s, the server's CPU µs per token, the machine's idle share in cores
# (idle + iowait from /proc/stat) and the audit writer thread's CPU µs per token. Not part of CI
# (about 40 s per run; ~9 minutes at the defaults). The patch was written against 9c1ae91; if the audit sink or
# appender has changed since, `git apply` stops the script and the patch needs the same edits redone.
#
#   off            --audit-mode Off: nothing stored, nothing waited for (the baseline)
#   wait-400       durable, but the commit stores nothing and just sleeps 400 µs (an fsync's latency here)
#   wait-800       the same with 800 µs (a whole commit's wall time under load)
#   null-leader    durable, the commit stores nothing, and the request that finds no commit in flight
#                  commits on its own thread (no writer-thread handoff)
#   journal        durable, the commit appends the batch to a preallocated file and fdatasyncs it (no SQLite)
#   durable        the shipped server: SQLite, synchronous=FULL
#
#   bench/audit/probes.sh                   # ROUNDS=2 VARIANTS="off wait-400 wait-800 null-leader journal durable"
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${PEERS_DIR:-$repo/../shared/peers}"
ROUNDS="${ROUNDS:-2}"; DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-5s}"; CONNECTIONS="${CONNECTIONS:-64}"
VARIANTS="${VARIANTS:-off wait-400 wait-800 null-leader journal durable}"
port="${MANDATE_PORT:-5096}"; work="${WORK_DIR:-/tmp/mandate-audit-probes}"
url="http://127.0.0.1:$port"
clk="$(getconf CLK_TCK)"

rm -rf "$work"; mkdir -p "$work/src" "$work/data"
echo "== copy $(git -C "$repo" rev-parse --short HEAD), apply probes.patch, build (Release)"
git -C "$repo" archive HEAD | tar -x -C "$work/src"
git -C "$work/src" init -q && git -C "$work/src" apply "$repo/bench/audit/probes.patch"
dotnet build "$work/src/src/Mandate.Cli" -c Release -nologo -v q -o "$work/mandate" >/dev/null
dll="$work/mandate/Mandate.dll"

source "$repo/bench/audit/server.sh"
idle_total() { local _ u n s i w rest; read -r _ u n s i w rest </proc/stat; echo "$((i + w)) $((u + n + s + i + w))"; }
writer_stat() { local t; for t in /proc/"$pid"/task/*; do [ "$(cat "$t/comm")" = "Mandate audit w" ] && { echo "$t/stat"; return; }; done; echo ""; }
trap stop EXIT
register_agent

run() { # $1 = variant
  local mode=Durable; probe_env=(PROBE_NONE=1)
  case "$1" in
    off) mode=Off ;;
    wait-*) probe_env=(PROBE_NULL=1 "PROBE_SLEEPUS=${1#wait-}") ;;
    null-leader) probe_env=(PROBE_NULL=1 PROBE_LEADER=1) ;;
    journal) probe_env=(PROBE_JOURNAL=1 "PROBE_JOURNAL_PATH=$work/journal.bin") ;;
    durable) ;;
    *) echo "unknown variant $1"; exit 2 ;;
  esac
  start "$mode"
  "$peers/load.sh" "$url/token" "$id" "$secret" "$WARMUP" "$CONNECTIONS" >/dev/null
  local ws; ws="$(writer_stat)"
  local b; b="$(ticks "/proc/$pid/stat")"; local wb=0; [ -n "$ws" ] && wb="$(ticks "$ws")"
  local i1 t1; read -r i1 t1 <<<"$(idle_total)"
  local line; line="$("$peers/load.sh" "$url/token" "$id" "$secret" "$DURATION" "$CONNECTIONS" | grep '^RESULT')"
  local a; a="$(ticks "/proc/$pid/stat")"; local wa=0; [ -n "$ws" ] && wa="$(ticks "$ws")"
  local i2 t2; read -r i2 t2 <<<"$(idle_total)"
  stop
  local ok rps; ok="$(sed -nE 's/.* ok=([0-9]+).*/\1/p' <<<"$line")"; rps="$(sed -nE 's/.* ok_rps=([0-9.]+).*/\1/p' <<<"$line")"
  printf '%-12s tok/s %8.0f  cpu_us/token %4.0f  idle_cores %.2f  writer_us/token %5.1f  p99_ms %s\n' "$1" "$rps" \
    "$(awk -v t=$((a - b)) -v c="$clk" -v n="$ok" 'BEGIN { print (n > 0 ? t / c * 1e6 / n : 0) }')" \
    "$(awk -v i=$((i2 - i1)) -v t=$((t2 - t1)) 'BEGIN { print (t > 0 ? 2 * i / t : 0) }')" \
    "$(awk -v t=$((wa - wb)) -v c="$clk" -v n="$ok" 'BEGIN { print (n > 0 ? t / c * 1e6 / n : 0) }')" \
    "$(sed -nE 's/.* p99_ms=([0-9.]+).*/\1/p' <<<"$line")"
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round ($(date -u +%H:%M:%S) UTC)"
  for variant in $VARIANTS; do run "$variant"; done
done
