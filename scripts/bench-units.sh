#!/usr/bin/env bash
# Performance figure for the units search: release build, start-up time, wrk throughput and p95.
#   scripts/bench-units.sh            (from anywhere; uses port 18181 on 127.0.0.1 only)
# Env: BENCH_PORT (18181), BENCH_DURATION (10s), BENCH_CONNECTIONS (32), SKIP_BUILD=1.
# Loopback only; each wrk run is bounded by its duration.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${BENCH_PORT:-18181}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-32}
BASE="http://127.0.0.1:$PORT"
BIN=.build/release/policy-credit
LUA=scripts/wrk-p95.lua
TMP=$(mktemp -d /tmp/policy-credit-bench.XXXXXX)
DB="$TMP/bench.sqlite"
PID=""

say() { printf '%s\n' "$*" >&2; }

stop_server() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$PID" 2>/dev/null && kill -KILL "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  PID=""
}
cleanup() { local rc=$?; set +e; stop_server; rm -rf "$TMP"; exit "$rc"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {
  env -u DATABASE_URL "$BIN" serve --demo --port "$PORT" --hostname 127.0.0.1 --database "$DB" \
    </dev/null >>"$TMP/server.log" 2>&1 &
  PID=$!
}

# wait_healthy TIMEOUT_S: poll /healthz every ~10 ms until 200
wait_healthy() {
  local deadline=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$PID" 2>/dev/null || { say "server exited; log:"; cat "$TMP/server.log" >&2; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/healthz" || true)" = 200 ] && return 0
    sleep 0.01
  done
  say "server not healthy within $1 s; log:"; tail -n 50 "$TMP/server.log" >&2
  return 1
}

command -v wrk >/dev/null || {
  say "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >&2; }
}

if [ -z "${SKIP_BUILD:-}" ]; then
  say "== swift build -c release --product policy-credit"
  swift build -c release --product policy-credit >&2
fi
[ -x "$BIN" ] || { say "$BIN missing"; exit 1; }

if curl -s -o /dev/null --max-time 1 "$BASE/healthz"; then say "port $PORT is already in use"; exit 1; fi

say "== first start (creates and seeds $DB)"
t=$(date +%s%N); start_server; wait_healthy 300
first_ms=$(( ($(date +%s%N) - t) / 1000000 ))
stop_server

say "== start-up on the existing database"
t=$(date +%s%N); start_server; wait_healthy 120
startup_ms=$(( ($(date +%s%N) - t) / 1000000 ))

token=$(curl -s -X POST -H 'content-type: application/json' \
  -d '{"username":"province","password":"demo1234"}' "$BASE/api/v1/auth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') \
  || { say "could not obtain a token"; exit 1; }

# check that the API answers 200 with the token before measuring it
for path in "/api/v1/units?q=xa&limit=50" "/api/v1/units?province=33&q=pho%20hien"; do
  code=$(curl -s -o "$TMP/probe.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$BASE$path")
  [ "$code" = 200 ] || { say "GET $path -> $code: $(head -c 300 "$TMP/probe.json")"; exit 1; }
done

declare -a NAMES RPS P95 ERRS
run_wrk() { # run_wrk NAME PATH [auth]
  local name=$1 path=$2 out="$TMP/wrk-$1.txt" line
  local -a hdr=()
  [ "${3:-}" = auth ] && hdr=(-H "Authorization: Bearer $token")
  say "== wrk -t2 -c$CONNS -d$DURATION --latency $path"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$LUA" "${hdr[@]}" "$BASE$path" >"$out" 2>&1 || true
  sed -n '/Latency Distribution/,/Requests\/sec/p' "$out" >&2
  line=$(grep '^WRK_RESULT' "$out" || true)
  [ -n "$line" ] || { say "wrk gave no result:"; cat "$out" >&2; exit 1; }
  NAMES+=("$name")
  RPS+=("$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")")
  P95+=("$(sed -E 's/.*p95_us=([0-9]+).*/\1/' <<<"$line")")
  ERRS+=("$(sed -E 's/.*non2xx3xx=([0-9]+) errors=([0-9]+).*/\1+\2/' <<<"$line")")
}

run_wrk healthz "/healthz"
run_wrk "units q=xa limit=50" "/api/v1/units?q=xa&limit=50" auth
run_wrk "units province=33 q=pho hien" "/api/v1/units?province=33&q=pho%20hien" auth
stop_server

echo
echo "policy-credit bench ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c$CONNS -d$DURATION, release build)"
echo "start-up, first run (creates + seeds the demo database): ${first_ms} ms"
echo "start-up on the existing database, to first 200 on /healthz: ${startup_ms} ms"
echo
printf '%-32s %10s %9s %12s %11s %8s\n' endpoint "req/s" "p95 ms" "req/s÷floor" "p95÷floor" "bad"
for i in "${!NAMES[@]}"; do
  awk -v n="${NAMES[$i]}" -v r="${RPS[$i]}" -v p="${P95[$i]}" -v r0="${RPS[0]}" -v p0="${P95[0]}" -v e="${ERRS[$i]}" \
    'BEGIN { printf "%-32s %10.0f %9.2f %12.3f %11.2f %8s\n", n, r, p/1000, (r0>0?r/r0:0), (p0>0?p/p0:0), e }'
done
echo "(floor = /healthz; bad = non-2xx/3xx answers + socket errors)"
