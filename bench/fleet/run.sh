#!/usr/bin/env bash
# Many-agents mode: N agents registered through the admin API, the token load spread round-robin over the
# first N of them, at N = 1, 1,000 and 10,000 against one server in the same run (durable audit on).
# Prints, per N, the first ("cold") round and a measured round: tokens/s, p50/p99 and the server's own CPU
# time per token (user + system ticks of the server process over the round / tokens issued).
#
#   bench/fleet/run.sh                                   # defaults: 10,000 agents, 5 s cold + 15 s measured rounds
#   AGENTS="1 1000" CREATE=1000 MEASURE=5s bench/fleet/run.sh     # quick smoke run
#
# Env: AGENTS (list of N), CREATE (agents to register), COLD and MEASURE (wrk durations), CONNECTIONS (64),
# REPEAT (how many times the N list is run, alternating), PORT (5091), WORK_DIR, MANDATE_SERVE_ARGS,
# TRACE_DIR (when set: dotnet-trace thread-time samples of the registration and of each measured round, written there as
# speedscope files; bench/fleet/top-frames.py compares them).
# Needs: wrk, jq, curl, the .NET 10 SDK (and dotnet-trace on PATH for TRACE_DIR). Loopback only; about 2 minutes at the defaults.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/bench/fleet"
port="${PORT:-5091}"; url="http://127.0.0.1:$port"
work="${WORK_DIR:-/tmp/mandate-fleet}"
agents_list="${AGENTS:-1 1000 10000}"; create="${CREATE:-10000}"
cold="${COLD:-5s}"; measure="${MEASURE:-15s}"; connections="${CONNECTIONS:-64}"; repeat="${REPEAT:-1}"
tick_us=$(( 1000000 / $(getconf CLK_TCK) ))

mkdir -p "$work"
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== build Mandate (Release)"
  dotnet build "$repo/src/Mandate.Cli" -c Release -nologo -v q -o "$work/mandate" >/dev/null
fi
dll="$work/mandate/Mandate.dll"
rm -rf "$work/data" "$work"/creds*; mkdir -p "$work/data"

ticks() { local f; f="$(cat "/proc/$1/stat")"; f="${f##*) }"; set -- $f; echo $(( ${12} + ${13} )); }
DOTNET_gcServer="${DOTNET_gcServer:-0}" dotnet "$dll" serve --urls "$url" --data-dir "$work/data" --audit-mode Durable \
  ${MANDATE_SERVE_ARGS:-} >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fsS "$url/.well-known/oauth-authorization-server" >/dev/null 2>&1 && break; sleep 0.2; done

admin_id="$(jq -r .client_id "$work/data/admin-credentials.json")"
admin_secret="$(jq -r .client_secret "$work/data/admin-credentials.json")"
issuer="$(curl -fsS "$url/.well-known/oauth-authorization-server" | jq -r .issuer)"
token="$(curl -fsS -u "$admin_id:$admin_secret" -d grant_type=client_credentials -d scope=mandate:admin \
  --data-urlencode "resource=${issuer%/}/admin" "$url/token" | jq -r .access_token)"

echo "== register $create agents through POST /admin/agents (wrk, 2 threads, 16 connections)"
traces=()
trace() { # $1 = name, $2 = seconds ("15" or "15s"; 2 s less when it is a measured round): thread-time samples
  [ -n "${TRACE_DIR:-}" ] || return 0                         # of the server in the background (TRACE_DIR only)
  local seconds="${2%s}"; [ "$1" = register ] || seconds=$(( seconds > 2 ? seconds - 2 : 1 ))
  mkdir -p "$TRACE_DIR"
  dotnet-trace collect -p "$pid" --profile dotnet-sampled-thread-time --duration "$(printf '00:00:%02d' "$seconds")" \
    -o "$TRACE_DIR/$1.nettrace" --format speedscope >"$TRACE_DIR/$1.log" 2>&1 &
  traces+=($!)
  sleep 1 # the session attaches before the load starts
}
trace register 15
before=$(ticks "$pid"); t0=$(date +%s%N)
wrk -t2 -c16 -d120s --timeout 10s -s "$here/create.lua" "$url/admin/agents" -- "$token" "$work/creds" $(( create / 2 )) \
  >"$work/create.out" 2>&1 &
wrk_pid=$!
# wrk runs for its whole -d even after its threads stop, so the registration is timed here: until every agent is stored.
while [ "$(cat "$work"/creds.* 2>/dev/null | wc -l)" -lt "$create" ] && kill -0 $wrk_pid 2>/dev/null; do sleep 0.05; done
t1=$(date +%s%N); after=$(ticks "$pid")
kill -INT $wrk_pid 2>/dev/null || true; wait $wrk_pid 2>/dev/null || true
grep '^RESULT' "$work/create.out" || true
cat "$work"/creds.* > "$work/creds.txt"; stored=$(wc -l < "$work/creds.txt")
echo "   $stored agents in $(( (t1 - t0) / 1000000 )) ms ($(( stored * 1000000000 / (t1 - t0) )) agents/s); server CPU per agent: $(( (after - before) * tick_us / stored )) µs"

round() { # $1 = N, $2 = label, $3 = duration
  local b a line ok
  b=$(ticks "$pid")
  line="$(wrk -t2 -c"$connections" -d"$3" --timeout 5s --latency -s "$here/spread.lua" "$url/token" -- "$work/creds.txt" "$1" 2 | grep '^RESULT')"
  a=$(ticks "$pid")
  ok="$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line")"
  printf '%-7s %-8s %s cpu_us_per_token=%s\n' "$1" "$2" "${line#RESULT }" "$(( ok > 0 ? (a - b) * tick_us / ok : 0 ))"
}
for r in $(seq 1 "$repeat"); do
  for n in $agents_list; do
    [ "$r" -eq 1 ] && round "$n" cold "$cold"
    trace "n$n-r$r" "$measure"
    round "$n" measured "$measure"
  done
done
for t in "${traces[@]}"; do wait "$t" || true; done # trace sessions still writing
echo "== server RSS: $(awk '/VmRSS/ {print $2, $3}' "/proc/$pid/status"); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
