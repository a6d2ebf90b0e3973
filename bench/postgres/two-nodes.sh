# Sourced by bench/postgres/run.sh when MODE=two-nodes: one PostgreSQL node against two nodes on the same database,
# alternating, in the same run. Expects $dll, $url, $port, $work, $peers, $clk, ID/SECRET[postgres] and the helpers.
url2="http://127.0.0.1:$((port + 1))"
pid2=""
start_second() {
  dotnet "$dll" serve --store postgres --urls "$url2" --issuer "$url" --data-dir "$work/data-postgres-2" >"$work/serve-postgres-2.log" 2>&1 &
  pid2=$!
  for _ in $(seq 1 150); do curl -fsS "$url2/.well-known/oauth-authorization-server" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "second node did not start"; cat "$work/serve-postgres-2.log"; exit 1
}
stop_second() { [ -n "$pid2" ] && { kill "$pid2" 2>/dev/null || true; wait "$pid2" 2>/dev/null || true; }; pid2=""; }
trap 'stop; stop_second; pg_stop' EXIT
field() { sed -nE "s/.* $1=([0-9.]+).*/\\1/p" <<<"$2"; }
per_token() { awk -v t="$1" -v c="$clk" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? t / c * 1e6 / n : 0) }'; }
id="${ID[postgres]}"; secret="${SECRET[postgres]}"; half=$((CONNECTIONS / 2))

printf '%-6s %-7s %-6s %9s %14s %15s %8s %8s\n' round nodes node tok/s "mandate_us/tok" "postgres_us/tok" p50_ms p99_ms
for round in $(seq 1 "$ROUNDS"); do
  # One node, the whole load.
  start_store postgres
  "$peers/load.sh" "$url/token" "$id" "$secret" "$WARMUP" "$CONNECTIONS" >/dev/null
  b="$(ticks "/proc/$pid/stat")"; pb="$(pg_ticks)"
  line="$("$peers/load.sh" "$url/token" "$id" "$secret" "$DURATION" "$CONNECTIONS" | grep '^RESULT')"
  a="$(ticks "/proc/$pid/stat")"; pa="$(pg_ticks)"
  stop
  ok="$(field ok "$line")"
  printf '%-6s %-7s %-6s %9.0f %14s %15s %8s %8s\n' "$round" 1 1 "$(field ok_rps "$line")" \
    "$(per_token $((a - b)) "$ok")" "$(per_token $((pa - pb)) "$ok")" "$(field p50_ms "$line")" "$(field p99_ms "$line")"

  # Two nodes on the same database, half the connections each, at the same time.
  start_store postgres
  start_second
  "$peers/load.sh" "$url/token" "$id" "$secret" "$WARMUP" "$half" >/dev/null & warm=$!
  "$peers/load.sh" "$url2/token" "$id" "$secret" "$WARMUP" "$half" >/dev/null
  wait "$warm"
  b1="$(ticks "/proc/$pid/stat")"; b2="$(ticks "/proc/$pid2/stat")"; pb="$(pg_ticks)"
  ( "$peers/load.sh" "$url/token" "$id" "$secret" "$DURATION" "$half" | grep '^RESULT' >"$work/two-1.txt" ) & first=$!
  "$peers/load.sh" "$url2/token" "$id" "$secret" "$DURATION" "$half" | grep '^RESULT' >"$work/two-2.txt"
  wait "$first"
  a1="$(ticks "/proc/$pid/stat")"; a2="$(ticks "/proc/$pid2/stat")"; pa="$(pg_ticks)"
  stop; stop_second
  l1="$(cat "$work/two-1.txt")"; l2="$(cat "$work/two-2.txt")"
  ok1="$(field ok "$l1")"; ok2="$(field ok "$l2")"; all=$((ok1 + ok2))
  printf '%-6s %-7s %-6s %9.0f %14s %15s %8s %8s\n' "$round" 2 1 "$(field ok_rps "$l1")" "$(per_token $((a1 - b1)) "$ok1")" - "$(field p50_ms "$l1")" "$(field p99_ms "$l1")"
  printf '%-6s %-7s %-6s %9.0f %14s %15s %8s %8s\n' "$round" 2 2 "$(field ok_rps "$l2")" "$(per_token $((a2 - b2)) "$ok2")" - "$(field p50_ms "$l2")" "$(field p99_ms "$l2")"
  printf '%-6s %-7s %-6s %9.0f %14s %15s %8s %8s\n' "$round" 2 total \
    "$(awk -v x="$(field ok_rps "$l1")" -v y="$(field ok_rps "$l2")" 'BEGIN { print x + y }')" \
    "$(per_token $((a1 - b1 + a2 - b2)) "$all")" "$(per_token $((pa - pb)) "$all")" \
    "$(awk -v x="$(field p50_ms "$l1")" -v y="$(field p50_ms "$l2")" 'BEGIN { print (x > y ? x : y) }')" \
    "$(awk -v x="$(field p99_ms "$l1")" -v y="$(field p99_ms "$l2")" 'BEGIN { print (x > y ? x : y) }')"
done
