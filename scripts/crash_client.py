#!/usr/bin/env python3
"""The crash test's client and its checks (issue #13 §4), standard library only.

    crash_client.py post  BASE_URL DB STOP_FILE OUT.json   post batches and repayments until
                                                           STOP_FILE appears; every request is
                                                           retried with its own key until it gets
                                                           a definitive answer (2xx or 4xx)
    crash_client.py check DB OUT.json                      every acknowledged write is in the
                                                           database exactly once, no batch partial
    crash_client.py fingerprint DB                         what month-end or an import wrote, as
                                                           one line of JSON, to compare two runs
    crash_client.py count DB SQL                           the one value a COUNT query gives

DB is a SQLite file or a postgres:// URL (read with psql).
"""
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request


def query(db, sql):
    """Rows of a SELECT as lists of strings (SQLite in process, PostgreSQL through psql)."""
    if db.startswith("postgres"):
        out = subprocess.run(["psql", db, "-At", "-F", "\t", "-c", sql], check=True,
                             capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]
    connection = sqlite3.connect(db, timeout=60)
    try:
        return [[str(v) for v in row] for row in connection.execute(sql).fetchall()]
    finally:
        connection.close()


def call(base, method, path, body=None, token=None, key=None):
    """(status, parsed JSON) or (None, reason) when the server did not answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if key:
        request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text or b"null")
        except ValueError:
            return error.code, text.decode(errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
        return None, str(error)


def definitive(base, method, path, body, token, key, stop_file):
    """Sends until the server gives a definitive answer: a lost connection or a 5xx is retried
    with the same key, so a write that committed before the kill is answered as a replay."""
    tries = 0
    while True:
        status, answer = call(base, method, path, body, token, key)
        if status is not None and status < 500:
            return status, answer, tries
        tries += 1
        if tries > 600:
            raise SystemExit(f"no answer for {key} after {tries} tries: {status} {answer}")
        time.sleep(0.1)


def token_for(base, user):
    while True:
        status, answer = call(base, "POST", "/api/v1/auth/token", {"username": user, "password": "demo1234"})
        if status == 200:
            return answer["token"]
        time.sleep(0.2)


def post(base, db, stop_file, out):
    rng = random.Random(13)
    token = token_for(base, "bank")
    groups = query(db, """SELECT g.id, m.household_id FROM savings_groups g JOIN group_memberships m ON m.group_id = g.id
                          JOIN units u ON u.id = g.unit_id
                          WHERE g.status = 'active' AND m.valid_to IS NULL AND u.code = 11953 ORDER BY g.id, m.household_id""")
    members = {}
    for group, household in groups:
        members.setdefault(group, []).append(household)
    # The bank officer's office serves the groups' commune; loans elsewhere would be not found.
    loans = [row[0] for row in query(db, """SELECT l.id FROM loans l JOIN units u ON u.id = l.unit_id
                                            WHERE l.state IN ('current', 'overdue') AND u.code = 11953
                                            AND l.disbursed - l.principal_repaid - l.principal_written_off > 5000000
                                            ORDER BY l.id LIMIT 30""")]
    today = query(db, "SELECT MAX(on_date) FROM loan_events")[0][0]
    acknowledged, refused, retries, n = [], [], 0, 0
    while not os.path.exists(stop_file):
        n += 1
        key = f"crash-{os.getpid()}-{n}"
        if n % 2 and members:
            group = rng.choice(sorted(members))
            chosen = rng.sample(members[group], min(len(members[group]), rng.randint(1, 3)))
            lines = [{"member": m, "savingsDeposit": 10000} for m in chosen]
            body = {"date": today, "cashCounted": 10000 * len(lines), "lines": lines}
            status, answer, tries = definitive(base, "POST", f"/api/v1/groups/{group}/collections", body, token, key, stop_file)
            kind = "batch"
        elif loans:
            loan = rng.choice(loans)
            body = {"date": today, "interest": 0, "principal": 1000}
            status, answer, tries = definitive(base, "POST", f"/api/v1/loans/{loan}/repayments", body, token, key, stop_file)
            kind = "repayment"
        else:
            break
        retries += tries
        record = {"key": key, "kind": kind, "status": status, "answer": answer, "lines": len(body.get("lines", []))}
        (acknowledged if status == 201 else refused).append(record)
        if status == 401:
            token = token_for(base, "bank")
    with open(out, "w") as f:
        json.dump({"acknowledged": acknowledged, "refused": refused, "retries": retries}, f)
    codes = {}
    for record in refused:
        answer = record["answer"] if isinstance(record["answer"], dict) else {}
        code = (answer.get("error") or {}).get("code", str(record["status"]))
        codes[code] = codes.get(code, 0) + 1
    print(f"client: {len(acknowledged)} acknowledged, {len(refused)} refused {codes or ''}, "
          f"{retries} retries after lost connections")


def check(db, out):
    with open(out) as f:
        run = json.load(f)
    lost, duplicated, partial = 0, 0, 0
    for record in run["acknowledged"]:
        answer = record["answer"]
        if record["kind"] == "batch":
            found = int(query(db, f"SELECT COUNT(*) FROM collection_batches WHERE id = '{answer['id']}'")[0][0])
            movements = int(query(db, f"SELECT COUNT(*) FROM savings_movements WHERE batch_id = '{answer['id']}'")[0][0])
            entries = ",".join(f"'{e}'" for e in answer["entries"]) or "''"
            posted = int(query(db, f"SELECT COUNT(*) FROM journal_entries WHERE id IN ({entries})")[0][0])
            partial += int(found == 1 and (movements != record["lines"] or posted != len(answer["entries"])))
        else:
            found = int(query(db, f"SELECT COUNT(*) FROM loan_events WHERE id = '{answer['event']}'")[0][0])
            posted = int(query(db, f"SELECT COUNT(*) FROM journal_entries WHERE id = '{answer['entry']}'")[0][0])
            partial += int(found == 1 and posted != 1)
        lost += int(found == 0)
        duplicated += int(found > 1)
    keys = int(query(db, "SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'crash-%'")[0][0])
    # Each key ended with a definitive answer, so the keys the database holds are exactly the
    # commands that took effect: one per acknowledged write, none for a refused one.
    extra = keys - len(run["acknowledged"])
    batches = int(query(db, "SELECT COUNT(*) FROM collection_batches b WHERE NOT EXISTS "
                            "(SELECT 1 FROM savings_movements m WHERE m.batch_id = b.id)")[0][0])
    print(f"check: {len(run['acknowledged'])} acknowledged writes, lost {lost}, duplicated {duplicated}, "
          f"partial batches {partial + batches}, keys beyond the acknowledged {extra}")
    return 1 if lost or duplicated or partial or batches or extra else 0


def fingerprint(db):
    """What a run wrote, free of ids and clocks: journal by kind and account, the loans by
    state, month-end's tables, the register."""
    parts = {
        "entries": query(db, "SELECT kind, COUNT(*) FROM journal_entries GROUP BY kind ORDER BY kind"),
        "accounts": query(db, "SELECT account, SUM(debit), SUM(credit) FROM journal_lines GROUP BY account ORDER BY account"),
        "loans": query(db, "SELECT state, COUNT(*), SUM(principal_repaid), SUM(interest_paid) FROM loans GROUP BY state ORDER BY state"),
        "runs": query(db, "SELECT month, status FROM month_end_runs ORDER BY month"),
        "groups": query(db, "SELECT COUNT(*), SUM(outstanding), SUM(overdue), SUM(interest_collected) FROM group_month_figures"),
        "fees": query(db, "SELECT payee, COUNT(*), SUM(amount) FROM fee_lines GROUP BY payee ORDER BY payee"),
        "households": query(db, "SELECT COUNT(*), COUNT(DISTINCT code) FROM households"),
        "members": query(db, "SELECT COUNT(*), COUNT(DISTINCT citizen_id), SUM(LENGTH(full_name)) FROM members"),
    }
    print(json.dumps(parts, sort_keys=True))


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "post" and len(sys.argv) == 6:
        post(*sys.argv[2:6])
    elif command == "check" and len(sys.argv) == 4:
        sys.exit(check(sys.argv[2], sys.argv[3]))
    elif command == "fingerprint" and len(sys.argv) == 3:
        fingerprint(sys.argv[2])
    elif command == "count" and len(sys.argv) == 4:
        print(query(sys.argv[2], sys.argv[3])[0][0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
