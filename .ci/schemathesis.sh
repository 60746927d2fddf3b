#!/usr/bin/env bash
# schemathesis over every operation of the demo server's OpenAPI document, as a commune officer
# and then as an administrator (the administrator's run may change users, so it goes last).
# Usage: .ci/schemathesis.sh BASE_URL ST_BIN OUT_DIR   (exit status: 0 only with 0 failures)
set -uo pipefail
BASE_URL=$1; ST=$2; OUT=$3
mkdir -p "$OUT"
here=$(cd "$(dirname "$0")" && pwd)

token() {
  curl -s --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"demo1234\"}" "$BASE_URL/api/v1/auth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
commune=$(token commune) || { echo "schemathesis: no token for commune"; exit 1; }
admin=$(token admin) || { echo "schemathesis: no token for admin"; exit 1; }

status=0
for who in commune admin; do
  tok=$commune; [ "$who" = admin ] && tok=$admin
  "$ST" --config-file "$here/schemathesis.toml" run "$BASE_URL/api/v1/openapi.json" \
    -H "Authorization: Bearer $tok" --report ndjson --report-dir "$OUT/$who" \
    --no-color >"$OUT/$who.out" 2>&1
  rc=$?
  ops=$(grep -m1 -E '^  Tested: ' "$OUT/$who.out" | awk '{print $2}')
  cases=$(grep -A1 -E '^Test cases:' "$OUT/$who.out" | tail -n1 | sed -E 's/^ +//')
  last=$(tail -n1 "$OUT/$who.out" | tr -d '=' | sed -E 's/^ +| +$//g')
  echo "schemathesis[$who]: ${ops:-?} operations; ${cases:-no case count}; $last (exit $rc)"
  if [ "$rc" -ne 0 ]; then
    status=1
    sed -n '/^=* FAILURES/,/^=* SUMMARY/p' "$OUT/$who.out" | head -n 200
  fi
done
exit $status
