#!/usr/bin/env bash
# The README's test command: installs the Debian packages the tests need when they are missing
# (PostgreSQL server binaries for the PostgreSQL store tests, sqlite3 for the SQLite ones, Node.js
# and npm for the interop tests that drive third-party JavaScript libraries, Chromium for the
# console's browser tests), installs tests/node's pinned npm packages, then runs `dotnet test` with
# every argument passed through. Exits non-zero, with one plain line, when
# a package cannot be installed: the PostgreSQL tests would fail anyway, and never skip.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; }

need=()
have_postgres || need+=(postgresql)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} (Debian packages)"
  sudo=()
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo=(sudo)
  if ! ("${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}") >/dev/null 2>&1; then
    echo "test.sh: could not install ${need[*]} with apt-get; install them (Debian: apt-get install -y ${need[*]}) and run ./test.sh again" >&2
    exit 1
  fi
  if ! have_postgres; then
    echo "test.sh: postgresql was installed but /usr/lib/postgresql/*/bin/initdb is missing" >&2
    exit 1
  fi
fi

# The JavaScript interop oracles (jose, oauth4webapi), pinned by tests/node/package-lock.json.
if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules ]; then
  echo "test.sh: installing tests/node's npm packages (npm ci)"
  if ! (cd tests/node && npm ci --no-audit --no-fund) >/dev/null 2>&1; then
    echo "test.sh: npm ci failed in tests/node; check network access to the npm registry and run ./test.sh again" >&2
    exit 1
  fi
  touch tests/node/node_modules
fi

exec dotnet test "$@"
