#!/usr/bin/env bash
# Issue #4 figure: import of N households (default 1,000,000, about 3.5 million member rows) from
# CSV, streaming, on SQLite and on PostgreSQL: time, rows/s and peak memory of the import, against
# the same rows loaded by sqlite3's .import and psql's \copy into a table of the file's columns
# (the floor), in the same run.
#   scripts/bench-import.sh [N]     (release build; PostgreSQL on 127.0.0.1:55433, a throw-away cluster)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-1000000}
BIN=.build/release/policy-credit
TMP=$(mktemp -d /tmp/policy-credit-bench-import.XXXXXX)
chmod o+rx "$TMP"
cleanup() { bash scripts/pg-test-cluster.sh stop "$TMP/pg" 55433 >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -q >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends sqlite3 >&2; }
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product policy-credit >&2

python3 scripts/gen-households.py "$N" "$TMP/households.csv"
ROWS=$(( $(wc -l < "$TMP/households.csv") - 1 ))
echo "file: $N households, $ROWS member rows, $(du -h "$TMP/households.csv" | cut -f1)"

# measure NAME CMD...: wall time (ms) and the peak resident memory of the command (KiB)
measure() {
  local name=$1; shift
  python3 - "$name" "$ROWS" "$@" <<'PY'
import resource, subprocess, sys, time
name, rows, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
t = time.time()
r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
ms = (time.time() - t) * 1000
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if r.returncode != 0:
    sys.stderr.write(r.stderr.decode()[-2000:]); sys.exit(r.returncode)
print(f"{name:<44} {ms/1000:8.1f} s {rows/(ms/1000):10.0f} rows/s  peak {peak/1024:7.0f} MiB")
PY
}

echo "== SQLite"
env -u DATABASE_URL "$BIN" migrate --database "$TMP/import.sqlite" >/dev/null
measure "policy-credit import households (SQLite)" env -u DATABASE_URL "$BIN" import households "$TMP/households.csv" --database "$TMP/import.sqlite"
sqlite3 "$TMP/floor.sqlite" "CREATE TABLE staging (ma_ho TEXT, ma_xa TEXT, thon TEXT, khu_vuc TEXT, ho_ten TEXT, ngay_sinh TEXT, gioi_tinh TEXT, so_cccd TEXT, quan_he_chu_ho TEXT, dan_toc TEXT);"
measure "floor: sqlite3 .import" sqlite3 "$TMP/floor.sqlite" ".import --csv --skip 1 $TMP/households.csv staging"

echo "== PostgreSQL"
bash scripts/pg-test-cluster.sh start "$TMP/pg" 55433 >/dev/null
URL="postgres://postgres@127.0.0.1:55433/policy_credit_test?sslmode=disable"
DATABASE_URL="$URL" "$BIN" migrate >/dev/null
measure "policy-credit import households (PostgreSQL)" env DATABASE_URL="$URL" "$BIN" import households "$TMP/households.csv"
psql "$URL" -q -c "CREATE TABLE staging (ma_ho TEXT, ma_xa TEXT, thon TEXT, khu_vuc TEXT, ho_ten TEXT, ngay_sinh TEXT, gioi_tinh TEXT, so_cccd TEXT, quan_he_chu_ho TEXT, dan_toc TEXT);"
measure "floor: psql \\copy" psql "$URL" -q -c "\\copy staging FROM '$TMP/households.csv' WITH (FORMAT csv, HEADER true)"
