# Sourced by bench/audit/run.sh and bench/audit/probes.sh: start and stop `mandate serve` on $url with the
# data folder $work/data, register the benchmark agent, and read CPU ticks. Expects $dll, $url and $work.
pid=""; probe_env=()
start() { # $1 = audit mode; the server also gets the assignments in probe_env (probes.sh only)
  env "${probe_env[@]}" dotnet "$dll" serve --urls "$url" --data-dir "$work/data" --audit-mode "$1" >"$work/serve-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do curl -fsS "$url/.well-known/oauth-authorization-server" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "server did not start"; exit 1
}
stop() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
# User + system CPU ticks of a process or thread, from its stat file (/proc/PID/stat or /proc/PID/task/TID/stat).
ticks() { local f; f="$(cat "$1")"; f="${f##*) }"; set -- $f; echo $(( ${12} + ${13} )); }
# Sets $id and $secret: a fresh agent on a fresh data folder, registered through a durable server.
register_agent() {
  local creds
  start Durable
  creds="$(dotnet "$dll" agent create bench-agent --scope "tools:read tools:write" --audience https://api.example.test \
    --owner bench@example.test --server "$url" --data-dir "$work/data" --json)"
  stop
  id="$(jq -r .client_id <<<"$creds")"; secret="$(jq -r .client_secret <<<"$creds")"
}
