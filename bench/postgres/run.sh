#!/usr/bin/env bash
# One node on PostgreSQL against one node on SQLite, measured in the same run: the same Release build,
# `mandate serve --store sqlite` and `--store postgres` (durable audit on both) started in alternation, each
# loaded by ../shared/peers/load.sh (wrk, client_credentials, 64 connections) on 127.0.0.1. PostgreSQL is a
# throwaway cluster from the installed binaries (initdb/pg_ctl as the postgres user when run as root, default
# settings: fsync and synchronous_commit on) on a free loopback port. Per run it prints tok/s, Mandate's CPU µs per
# token, PostgreSQL's CPU µs per token (postmaster and all its children), p50/p99 and Mandate's peak RSS.
# MODE=two-nodes instead alternates one PostgreSQL node with two nodes on the same database (the second on the
# next port, same issuer), the load split evenly between them (two load.sh, CONNECTIONS/2 each, at the same time);
# it prints a row per node and a total row (tok/s summed; CPU µs per token of both Mandate processes and of
# PostgreSQL over all tokens; p50/p99 the worse node's).
# Not part of CI (~2 minutes at the defaults). Needs wrk and jq.
#
#   bench/postgres/run.sh                   # ROUNDS=2 DURATION=15s WARMUP=5s CONNECTIONS=64
#   MODE=two-nodes bench/postgres/run.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${PEERS_DIR:-$repo/../shared/peers}"
ROUNDS="${ROUNDS:-2}"; DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-5s}"; CONNECTIONS="${CONNECTIONS:-64}"
MODE="${MODE:-stores}"
port="${MANDATE_PORT:-5097}"; pgport="${PG_PORT:-55497}"; work="${WORK_DIR:-/tmp/mandate-pg-bench}"
url="http://127.0.0.1:$port"
clk="$(getconf CLK_TCK)"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql"; exit 1; }
as_pg=(); [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)

rm -rf "$work/pg" "$work"/data-*; mkdir -p "$work"
echo "== build Mandate (Release)"
dotnet build "$repo/src/Mandate.Cli" -c Release -nologo -v q -o "$work/mandate" >/dev/null
dll="$work/mandate/Mandate.dll"

echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport"
mkdir -p "$work/pg"; [ ${#as_pg[@]} -gt 0 ] && chown postgres:postgres "$work/pg"
"${as_pg[@]}" "$bin/initdb" -D "$work/pg/data" -U mandate --auth=trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" start -D "$work/pg/data" -w -l "$work/pg/log" \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $work/pg" >/dev/null
pg_stop() { "${as_pg[@]}" "$bin/pg_ctl" stop -D "$work/pg/data" -m fast -w >/dev/null 2>&1 || true; }
postmaster="$(head -1 "$work/pg/data/postmaster.pid")"
psql -h 127.0.0.1 -p "$pgport" -U mandate -d postgres -qc "CREATE DATABASE mandate;"
export MANDATE_POSTGRES_CONNECTION="Host=127.0.0.1;Port=$pgport;Database=mandate;Username=mandate"
MANDATE_KEY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; export MANDATE_KEY_ENCRYPTION_KEY

source "$repo/bench/audit/server.sh"   # stop, ticks
start_store() { # $1 = sqlite|postgres
  dotnet "$dll" serve --store "$1" --urls "$url" --data-dir "$work/data-$1" >"$work/serve-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do curl -fsS "$url/.well-known/oauth-authorization-server" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "server did not start ($1)"; cat "$work/serve-$1.log"; exit 1
}
pg_ticks() { local t=0 p; for p in "$postmaster" $(pgrep -P "$postmaster"); do [ -r "/proc/$p/stat" ] && t=$((t + $(ticks "/proc/$p/stat"))); done; echo "$t"; }
trap 'stop; pg_stop' EXIT

declare -A ID SECRET
for store in sqlite postgres; do
  start_store "$store"
  creds="$(dotnet "$dll" agent create bench-agent --scope "tools:read tools:write" --audience https://api.example.test \
    --owner bench@example.test --server "$url" --data-dir "$work/data-$store" --json)"
  stop
  ID[$store]="$(jq -r .client_id <<<"$creds")"; SECRET[$store]="$(jq -r .client_secret <<<"$creds")"
done

if [ "$MODE" = two-nodes ]; then
  source "$repo/bench/postgres/two-nodes.sh"
  exit 0
fi

printf '%-6s %-9s %9s %14s %14s %8s %8s %9s\n' round store tok/s "mandate_us/tok" "postgres_us/tok" p50_ms p99_ms rss_mb
for round in $(seq 1 "$ROUNDS"); do
  for store in sqlite postgres; do
    start_store "$store"
    "$peers/load.sh" "$url/token" "${ID[$store]}" "${SECRET[$store]}" "$WARMUP" "$CONNECTIONS" >/dev/null
    b="$(ticks "/proc/$pid/stat")"; pb="$(pg_ticks)"
    line="$("$peers/load.sh" "$url/token" "${ID[$store]}" "${SECRET[$store]}" "$DURATION" "$CONNECTIONS" | grep '^RESULT')"
    a="$(ticks "/proc/$pid/stat")"; pa="$(pg_ticks)"
    rss="$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")"
    stop
    ok="$(sed -nE 's/.* ok=([0-9]+).*/\1/p' <<<"$line")"
    printf '%-6s %-9s %9.0f %14.0f %14.0f %8s %8s %9s\n' "$round" "$store" \
      "$(sed -nE 's/.* ok_rps=([0-9.]+).*/\1/p' <<<"$line")" \
      "$(awk -v t=$((a - b)) -v c="$clk" -v n="$ok" 'BEGIN { print (n > 0 ? t / c * 1e6 / n : 0) }')" \
      "$(awk -v t=$((pa - pb)) -v c="$clk" -v n="$ok" 'BEGIN { print (n > 0 ? t / c * 1e6 / n : 0) }')" \
      "$(sed -nE 's/.* p50_ms=([0-9.]+).*/\1/p' <<<"$line")" "$(sed -nE 's/.* p99_ms=([0-9.]+).*/\1/p' <<<"$line")" "$rss"
  done
done
