#!/usr/bin/env bash
# Nothing acknowledged is lost (issue #13 §4), on one database:
#   scripts/crash-test.sh BIN sqlite DIR [KILLS]          SQLite files in DIR
#   scripts/crash-test.sh BIN postgres BASE_URL [KILLS]   databases on the server BASE_URL names
#                                                         (postgres://user@host:port/any)
# 1. The demo server takes collection batches and repayments from a client that records every
#    201 and retries anything unanswered with the same Idempotency-Key; the server is killed
#    with SIGKILL KILLS times (default 20) at random moments and restarted. Then every
#    acknowledged write must be there exactly once, no batch partial, and `verify` pass.
# 2. Month-end killed at random moments, then rerun, equals a clean run on a copy.
# 3. A 50,000-row household import killed at random moments, then rerun, equals a clean one.
# Prints the counts; exits non-zero on any difference.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=$1; KIND=$2; WHERE=$3; KILLS=${4:-20}
PORT=${CRASH_PORT:-18191}
BASE="http://127.0.0.1:$PORT"
TMP=$(mktemp -d /tmp/policy-credit-crash.XXXXXX)
SERVER=""
log() { printf 'crash[%s] %s\n' "$KIND" "$*"; }
cleanup() {
  [ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null || true
  [ -n "${CLIENT:-}" ] && kill -9 "$CLIENT" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# db NAME: how the tools reach database NAME (a file or a URL)
db() {
  if [ "$KIND" = sqlite ]; then echo "$WHERE/$1.sqlite"; else echo "${WHERE%/*}/$1?sslmode=disable"; fi
}
# on NAME CMD...: runs CMD with database NAME selected
on() {
  local name=$1; shift
  if [ "$KIND" = sqlite ]; then env -u DATABASE_URL "$@" --database "$(db "$name")"
  else DATABASE_URL="$(db "$name")" "$@"; fi
}
# spawn NAME CMD...: starts CMD in the background on database NAME; SPAWNED is its pid (env
# execs CMD in place, so the pid is the program's own and a SIGKILL reaches it)
spawn() {
  local name=$1; shift
  if [ "$KIND" = sqlite ]; then env -u DATABASE_URL "$@" --database "$(db "$name")" </dev/null >>"$TMP/spawned.log" 2>&1 &
  else env DATABASE_URL="$(db "$name")" "$@" </dev/null >>"$TMP/spawned.log" 2>&1 & fi
  SPAWNED=$!
}
fresh() { # fresh NAME: an empty database
  if [ "$KIND" = sqlite ]; then rm -f "$(db "$1")" "$(db "$1")-wal" "$(db "$1")-shm"
  else psql "${WHERE%/*}/postgres?sslmode=disable" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; fi
}
copy() { # copy FROM TO: a consistent copy of a database no server holds
  fresh "$2"
  if [ "$KIND" = sqlite ]; then
    python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()" "$(db "$1")" "$(db "$2")"
  else
    psql "${WHERE%/*}/postgres?sslmode=disable" -qc "DROP DATABASE $2" -c "CREATE DATABASE $2 TEMPLATE $1" >/dev/null
  fi
}
start_server() { # start_server NAME [--demo]
  local name=$1; shift
  spawn "$name" "$BIN" serve --port "$PORT" --hostname 127.0.0.1 "$@"
  SERVER=$SPAWNED
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null --max-time 1 "$BASE/healthz" && return 0
    kill -0 "$SERVER" 2>/dev/null || { log "server exited"; tail -n 30 "$TMP/spawned.log"; exit 1; }
    sleep 0.5
  done
  log "server not healthy"; tail -n 30 "$TMP/spawned.log"; exit 1
}
pause() { python3 -c "import random,time,sys; time.sleep(random.uniform(float(sys.argv[1]), float(sys.argv[2])))" "$1" "$2"; }

# --- 1. kills under load -------------------------------------------------------------------
# The demo's book ends in the middle of last month, so last month is still open for part 2. Months
# are Vietnam's (UTC+7), as the server's business day is.
DEMO_DATE=$(python3 -c "import datetime as d; t=d.datetime.now(d.timezone(d.timedelta(hours=7))).date().replace(day=1) - d.timedelta(days=1); print(t.replace(day=15))")
fresh crash_main
start_server crash_main --demo --business-date "$DEMO_DATE" --demo-households 60
python3 scripts/crash_client.py post "$BASE" "$(db crash_main)" "$TMP/stop" "$TMP/run.json" &
CLIENT=$!
for i in $(seq 1 "$KILLS"); do
  pause 0.3 2.0
  kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true
  start_server crash_main
done
sleep 2; touch "$TMP/stop"; wait "$CLIENT"
kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
python3 scripts/crash_client.py check "$(db crash_main)" "$TMP/run.json" | tee "$TMP/check.out"
on crash_main "$BIN" verify | tail -n 1
log "server killed $KILLS times under load: $(cat "$TMP/check.out")"

# killed_runs NAME SECONDS DONE_SQL CMD...: runs CMD on NAME and kills it with SIGKILL at a
# random moment inside the SECONDS a clean run took, until two runs were killed unfinished
# (DONE_SQL, a count, is still 0 after the kill); prints how many were
killed_runs() {
  local name=$1 seconds=$2 done_sql=$3; shift 3
  local interrupted=0
  for attempt in $(seq 1 15); do
    spawn "$name" "$@"
    local run=$SPAWNED
    pause "$(python3 -c "print($seconds * 0.1)")" "$(python3 -c "print($seconds * 0.9)")"
    kill -9 "$run" 2>/dev/null || true
    wait "$run" 2>/dev/null || true
    if [ "$(python3 scripts/crash_client.py count "$(db "$name")" "$done_sql")" = 0 ]; then
      interrupted=$((interrupted + 1))
      [ "$interrupted" -ge 2 ] && break
    else
      return 1 # it finished before the kill: the caller starts again from a fresh copy
    fi
  done
  echo "$interrupted"
}
timed() { local t0; t0=$(date +%s.%N); "$@" >/dev/null; python3 -c "import sys; print(max(0.5, float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)"; }

# --- 2. month-end killed and rerun ---------------------------------------------------------
MONTH_END=$(python3 -c "import datetime as d; t=d.datetime.now(d.timezone(d.timedelta(hours=7))).date(); print(t.replace(day=1) - d.timedelta(days=1))")
# The demo closed the month before its business date itself: count this month's run only.
DONE="SELECT COUNT(*) FROM month_end_runs WHERE status = 'done' AND month = '${MONTH_END:0:7}'"
copy crash_main crash_me_clean
# One commune per batch: many transactions, so a kill lands between them as often as inside one.
SECONDS_ME=$(timed on crash_me_clean "$BIN" month-end --date "$MONTH_END" --communes-per-batch 1)
python3 scripts/crash_client.py fingerprint "$(db crash_me_clean)" >"$TMP/me-clean"
for try in 1 2 3 4 5; do
  copy crash_main crash_me_killed
  killed=$(killed_runs crash_me_killed "$SECONDS_ME" "$DONE" "$BIN" month-end --date "$MONTH_END" --communes-per-batch 1) && break
  SECONDS_ME=$(python3 -c "print($SECONDS_ME * 0.6)")
done
on crash_me_killed "$BIN" month-end --date "$MONTH_END" --communes-per-batch 1 | tail -n 1
python3 scripts/crash_client.py fingerprint "$(db crash_me_killed)" >"$TMP/me-killed"
cmp -s "$TMP/me-clean" "$TMP/me-killed" || { log "month-end after $killed kills differs from a clean run"; diff "$TMP/me-clean" "$TMP/me-killed" | head -c 2000; exit 1; }
log "month-end (clean run $(printf '%.1f' "$SECONDS_ME")s) killed unfinished ${killed:-0} times, then rerun: equals a clean run"

# --- 3. a 50,000-row household import killed and rerun -------------------------------------
python3 scripts/gen-households.py 14300 "$TMP/households.csv"
ROWS=$(( $(wc -l <"$TMP/households.csv") - 1 ))
fresh crash_import_clean; on crash_import_clean "$BIN" migrate >/dev/null
SECONDS_IMPORT=$(timed on crash_import_clean "$BIN" import households "$TMP/households.csv")
python3 scripts/crash_client.py fingerprint "$(db crash_import_clean)" >"$TMP/import-clean"
for try in 1 2 3 4 5; do
  fresh crash_import_killed; on crash_import_killed "$BIN" migrate >/dev/null
  killed=$(killed_runs crash_import_killed "$SECONDS_IMPORT" "SELECT COUNT(*) FROM households" \
           "$BIN" import households "$TMP/households.csv") && break
  SECONDS_IMPORT=$(python3 -c "print($SECONDS_IMPORT * 0.6)")
done
on crash_import_killed "$BIN" import households "$TMP/households.csv" | tail -n 1
python3 scripts/crash_client.py fingerprint "$(db crash_import_killed)" >"$TMP/import-killed"
cmp -s "$TMP/import-clean" "$TMP/import-killed" || { log "import after $killed kills differs from a clean one"; diff "$TMP/import-clean" "$TMP/import-killed" | head -c 2000; exit 1; }
log "import of $ROWS rows (clean run $(printf '%.1f' "$SECONDS_IMPORT")s) killed unfinished ${killed:-0} times, then rerun: equals a clean import"
