#!/usr/bin/env bash
# A throwaway PostgreSQL server for the ledger's PostgreSQL tests: initdb into DIR, listening on 127.0.0.1:PORT
# only (its socket in DIR), password authentication (SCRAM) for TCP. Run as root, the server runs as the
# `postgres` user (PostgreSQL refuses to run as root).
#   eval "$(scripts/postgres-test-server.sh start DIR PORT)"   # prints the exports the tests read
#   scripts/postgres-test-server.sh stop DIR
# Needs PostgreSQL's server binaries (Debian: postgresql-15; .ci/run installs them); run as root, every folder above DIR
# must be open to the postgres user (mktemp -d makes a private one: chmod 755 it).
set -euo pipefail
command=${1:?usage: postgres-test-server.sh start DIR PORT | stop DIR}
dir=$(realpath -m "${2:?directory}")
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "postgres-test-server: no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 1; }
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$command" in
start)
  port=${3:?port}
  password="kpibridge-test-$RANDOM$RANDOM"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  printf '%s\n' "$password" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pwfile"
  as_server "$bin/initdb" -D "$dir/data" -U kpibridge --pwfile="$dir/pwfile" --auth-host=scram-sha-256 --auth-local=trust \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export KPIBRIDGE_TEST_POSTGRES=postgres://kpibridge@127.0.0.1:$port/postgres"
  echo "export PGPASSWORD=$password"
  ;;
stop)
  [ -d "$dir/data" ] && as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
*)
  echo "usage: postgres-test-server.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
