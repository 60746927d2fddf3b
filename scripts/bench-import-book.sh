#!/usr/bin/env bash
# Issue #14 figure: `policy-credit bench import-book --loans N` (default 250,000) on SQLite and on
# PostgreSQL: time, loans/s and peak memory of the book import, against sqlite3's .import and
# psql's \copy of the same file into a table of its columns (the floor), in the same run.
#   scripts/bench-import-book.sh [N]   (release build; PostgreSQL on 127.0.0.1:55434, a throw-away cluster)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-250000}
BIN=${BIN:-.build/release/policy-credit}
TMP=$(mktemp -d /tmp/policy-credit-bench-book.XXXXXX)
chmod o+rx "$TMP"
cleanup() { bash scripts/pg-test-cluster.sh stop "$TMP/pg" 55434 >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -q >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends sqlite3 >&2; }
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product policy-credit >&2
echo "== SQLite"
env -u DATABASE_URL "$BIN" bench import-book --loans "$N" --database "$TMP/book.sqlite"
echo "== PostgreSQL"
bash scripts/pg-test-cluster.sh start "$TMP/pg" 55434 >/dev/null
psql "postgres://postgres@127.0.0.1:55434/postgres?sslmode=disable" -qc "CREATE DATABASE bench_book"
DATABASE_URL="postgres://postgres@127.0.0.1:55434/bench_book?sslmode=disable" "$BIN" bench import-book --loans "$N"
