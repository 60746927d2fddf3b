#!/usr/bin/env bash
# Throw-away PostgreSQL cluster for tests and CI.
#   scripts/pg-test-cluster.sh start DIR PORT   create (if absent) and start; creates db policy_credit_test
#   scripts/pg-test-cluster.sh stop  DIR [PORT] stop it (no-op if not running)
# Listens on 127.0.0.1:PORT only, socket in DIR/sock, trust auth, user postgres.
# Runs the server as the `postgres` OS user (initdb/pg_ctl refuse root). Idempotent.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR PORT" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1; dir=$2; port=${3:-55432}
DB_NAME=${PG_TEST_DB:-policy_credit_test}

find_bindir() {
  # Debian keeps the server binaries (initdb, pg_ctl, pg_isready, ...) together in
  # /usr/lib/postgresql/VERSION/bin; PATH may hold only some of them as symlinks.
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then
    d=$(dirname "$(readlink -f "$(command -v initdb)")")
    [ -x "$d/pg_ctl" ] && [ -x "$d/pg_isready" ] && { echo "$d"; return 0; }
  fi
  return 1
}

ensure_postgres() {
  if ! BIN=$(find_bindir); then
    echo "pg-test-cluster: initdb not found, installing postgresql with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 || true
    apt-get install -y -q --no-install-recommends postgresql >&2
    BIN=$(find_bindir) || { echo "pg-test-cluster: initdb still not found" >&2; exit 1; }
  fi
}

# Run a command as the postgres OS user (or as ourselves when we are not root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_postgres
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/data"; sock="$dir/sock"; log="$dir/postgres.log"

case "$cmd" in
  start)
    mkdir -p "$sock"; touch "$log"
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || { echo "pg-test-cluster: no 'postgres' OS user" >&2; exit 1; }
      chown postgres: "$dir" "$sock" "$log"
      [ -d "$data" ] && chown -R postgres: "$data"
      # the postgres user must be able to reach DIR: mktemp -d gives 0700 dirs, so
      # grant traverse (o+x, not read) on any ancestor that lacks it
      chmod 0755 "$dir"
      d=$(dirname "$dir")
      while ! runuser -u postgres -- test -x "$dir"; do
        [ "$d" = / ] && { echo "pg-test-cluster: postgres cannot reach $dir" >&2; exit 1; }
        chmod o+x "$d"; d=$(dirname "$d")
      done
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_pg "$BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null 2>>"$log" \
        || as_pg "$BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
    fi
    if as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "pg-test-cluster: already running ($data)"
    else
      as_pg "$BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
        start >/dev/null || { echo "pg-test-cluster: start failed; log:" >&2; tail -n 50 "$log" >&2; exit 1; }
    fi
    for _ in $(seq 1 60); do
      if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then break; fi
      sleep 0.5
    done
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres \
      || { echo "pg-test-cluster: not ready on port $port; log:" >&2; tail -n 50 "$log" >&2; exit 1; }
    if [ "$("$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
          "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'")" != "1" ]; then
      "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
    fi
    echo "pg-test-cluster: up: postgres://postgres@127.0.0.1:$port/$DB_NAME?sslmode=disable"
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
      echo "pg-test-cluster: stopped ($data)"
    else
      echo "pg-test-cluster: not running ($data)"
    fi
    ;;
  *) usage ;;
esac
