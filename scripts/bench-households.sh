#!/usr/bin/env bash
# Issue #4 figure: search by folded name over about a million members, p95 through the API,
# against a lookup of one household by id on the same server in the same run (the floor).
#   scripts/bench-households.sh   (release build; loopback port 18183; BENCH_HOUSEHOLDS per commune, default 2900)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${BENCH_PORT:-18183}
PER_COMMUNE=${BENCH_HOUSEHOLDS:-2900}
DURATION=${BENCH_DURATION:-10s}
BASE="http://127.0.0.1:$PORT"
BIN=.build/release/policy-credit
TMP=$(mktemp -d /tmp/policy-credit-bench-hh.XXXXXX)
PID=""
cleanup() { local rc=$?; set +e; [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; exit "$rc"; }
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -q >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >&2; }
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product policy-credit >&2

t=$(date +%s%N)
env -u DATABASE_URL "$BIN" serve --demo --demo-households "$PER_COMMUNE" --port "$PORT" --database "$TMP/hh.sqlite" </dev/null >"$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 1200); do curl -s -o /dev/null "$BASE/healthz" && break; kill -0 "$PID" || { cat "$TMP/server.log"; exit 1; }; sleep 0.5; done
load_ms=$(( ($(date +%s%N) - t) / 1000000 ))
counts=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from households').fetchone()[0], c.execute('select count(*) from members').fetchone()[0])" "$TMP/hh.sqlite")
token=$(curl -s -X POST -H 'content-type: application/json' -d '{"username":"province","password":"demo1234"}' "$BASE/api/v1/auth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
id=$(curl -s -H "Authorization: Bearer $token" "$BASE/api/v1/households?province=33&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
run() { # name path
  wrk -t2 -c16 -d"$DURATION" --latency -s scripts/wrk-p95.lua -H "Authorization: Bearer $token" "$BASE$2" > "$TMP/$1.txt" 2>&1 || true
  grep '^WRK_RESULT' "$TMP/$1.txt" | sed -E "s/^WRK_RESULT/$1/"
}
echo "households, members: $counts; demo load (release, SQLite): ${load_ms} ms"
run "by id (floor)" "/api/v1/households/$id"
run "search 'nguyen van an' in province" "/api/v1/households?province=33&q=nguyen%20van%20an&limit=50"
run "search 'tran thi' in one commune" "/api/v1/households?unit=11953&q=tran%20thi&limit=50"
