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
# speedscope files; bench/fleet/top-frames.py compares them). PERF_DIR (when set: on-CPU samples of each measured round
# with perf, call graphs included, JIT-compiled frames named through the runtime's perf map; read with perf report -i).
# PEER (node-oidc-provider; empty to skip): the peer, started with the command compare.sh uses, from a copy of
# PEERS_DIR (default ../shared/peers beside the repository, as bench/peers/run.sh) on PEER_PORT (5092), loaded with the
# peers' token.lua (its one agent) in a cold and a measured round beside each repeat, so the markdown table printed at
# the end has the peer's single-agent figure beside N.
# Needs: wrk, jq, curl, the .NET 10 SDK, Node >= 20 with npm for PEER (and dotnet-trace on PATH for TRACE_DIR). Loopback only; about 2 minutes at the defaults.
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
DOTNET_PerfMapEnabled="${PERF_DIR:+1}" DOTNET_gcServer="${DOTNET_gcServer:-0}" dotnet "$dll" serve --urls "$url" --data-dir "$work/data" --audit-mode Durable \
  ${MANDATE_SERVE_ARGS:-} >"$work/serve.log" 2>&1 &
pid=$!
peer="${PEER-node-oidc-provider}"; peer_pid=""
trap 'kill $pid 2>/dev/null || true; [ -z "$peer_pid" ] || kill "$peer_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fsS "$url/.well-known/oauth-authorization-server" >/dev/null 2>&1 && break; sleep 0.2; done

if [ "$peer" = node-oidc-provider ]; then
  shared="${PEERS_DIR:-$repo/../shared/peers}"
  [ -f "$shared/compare.sh" ] || { echo "peers not found at $shared (set PEERS_DIR, or PEER= to skip)"; exit 2; }
  mkdir -p "$work/peers"; cp -r "$shared/." "$work/peers/"; chmod -R u+w "$work/peers"
  [ -d "$work/peers/node-oidc-provider/node_modules/oidc-provider" ] \
    || (cd "$work/peers/node-oidc-provider" && npm ci --no-audit --no-fund >"$work/peer-build.log" 2>&1)
  peer_port="${PEER_PORT:-5092}"; peer_secret="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  (cd "$work/peers/node-oidc-provider" && NODE_ENV=production PORT=$peer_port WORKERS=1 CLIENT_SECRET="$peer_secret" \
    exec node server.mjs) >"$work/peer.log" 2>&1 &
  peer_pid=$!; peer_url="http://127.0.0.1:$peer_port/token"
  for _ in $(seq 1 150); do
    curl -fsS -u "bench-agent:$peer_secret" -d grant_type=client_credentials --data-urlencode "scope=tools:read tools:write" \
      "$peer_url" >/dev/null 2>&1 && break; sleep 0.2
  done
elif [ -n "$peer" ]; then
  echo "unknown PEER: $peer (node-oidc-provider, or empty)"; exit 2
fi

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
perf_round() { # $1 = name, $2 = seconds: on-CPU samples of the server with perf (PERF_DIR only; symbols of JIT-compiled
  [ -n "${PERF_DIR:-}" ] || return 0 # code from the perf map the server writes, DOTNET_PerfMapEnabled=1 below)
  local seconds="${2%s}"; seconds=$(( seconds > 2 ? seconds - 2 : 1 ))
  mkdir -p "$PERF_DIR"
  perf record -F 499 -g -p "$pid" -o "$PERF_DIR/$1.perf.data" -- sleep "$seconds" >"$PERF_DIR/$1.log" 2>&1 &
  traces+=($!)
  sleep 1
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

rows=()
round() { # $1 = N (or the peer's name), $2 = label, $3 = duration
  local b a line ok server="$pid" cpu
  if [ "$1" = "$peer" ]; then
    server="$peer_pid"; b=$(ticks "$server")
    line="$(wrk -t2 -c"$connections" -d"$3" --timeout 5s --latency -s "$work/peers/token.lua" "$peer_url" -- bench-agent "$peer_secret" \
      "tools:read tools:write" | grep '^RESULT')"
  else
    b=$(ticks "$server")
    line="$(wrk -t2 -c"$connections" -d"$3" --timeout 5s --latency -s "$here/spread.lua" "$url/token" -- "$work/creds.txt" "$1" 2 | grep '^RESULT')"
  fi
  a=$(ticks "$server")
  ok="$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line")"; cpu=$(( ok > 0 ? (a - b) * tick_us / ok : 0 ))
  printf '%-7s %-8s %s cpu_us_per_token=%s\n' "$1" "$2" "${line#RESULT }" "$cpu"
  rows+=("$1 $2 $(sed -n 's/.* ok_rps=\([0-9.]*\) p50_ms=\([0-9.]*\) .* p99_ms=\([0-9.]*\) .*/\1 \2 \3/p' <<<"$line") $cpu")
}
for r in $(seq 1 "$repeat"); do
  for n in $agents_list; do
    [ "$r" -eq 1 ] && round "$n" cold "$cold"
    trace "n$n-r$r" "$measure"; perf_round "n$n-r$r" "$measure"
    round "$n" measured "$measure"
  done
  if [ -n "$peer" ]; then
    [ "$r" -eq 1 ] && round "$peer" cold "$cold" # the peer's warm-up (its JIT), like each N's cold round
    round "$peer" measured "$measure"
  fi
done
for t in "${traces[@]}"; do wait "$t" || true; done # trace sessions still writing
echo "== markdown table (measured rounds averaged over REPEAT; ratios against Mandate's N = 1)"
printf '%s\n' "${rows[@]}" | awk '
  { key = $1 " " $2; if (!(key in n)) order[++k] = key; n[key]++; rps[key] += $3; p50[key] += $4; p99[key] += $5; cpu[key] += $6 }
  END {
    print "| N active agents | round | tok/s | CPU µs/token | p50 ms | p99 ms | CPU ÷ N=1 | p99 ÷ N=1 |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- |"
    base = "1 measured"
    for (i = 1; i <= k; i++) {
      key = order[i]; split(key, f, " "); c = n[key]
      label = (f[1] ~ /^[0-9]+$/) ? f[1] : f[1] " (one agent)"
      ratio = (key != base && f[2] == "measured" && (base in n)) ? sprintf("%.2f× | %.2f×", (cpu[key] / c) / (cpu[base] / n[base]), (p99[key] / c) / (p99[base] / n[base])) : " | "
      printf "| %s | %s | %.0f | %.0f | %.1f | %.0f | %s |\n", label, f[2], rps[key] / c, cpu[key] / c, p50[key] / c, p99[key] / c, ratio
    }
  }'
echo "== server RSS: $(awk '/VmRSS/ {print $2, $3}' "/proc/$pid/status"); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
