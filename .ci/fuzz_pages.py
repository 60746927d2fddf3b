#!/usr/bin/env python3
"""Bounded fuzzer of the server's pages (every `kind: page` route outside /api/), standard library only.

    python3 .ci/fuzz_pages.py BASE_URL --routes ROUTES.jsonl [--seed 1] [--requests-per-route 8]
                              [--server-log FILE] [--failures-out FILE.jsonl] [--stats] [--sources DIR]

ROUTES.jsonl is the output of `policy-credit routes`. The server must be a demo server
(`serve --demo`) whose demo users (admin, bank, commune, union, leader, province, inspector)
still have the password demo1234. The POSTs are real: the run changes the demo data (and adds
one user, fuzz.SEED.*). With the default 8 requests per route and user it sends about 4,600
requests, about 75 s against the debug build on two cores.

What it does, deterministically for a given --seed and database (the ids it finds on the pages
are part of its input, so a new demo load with other ids gives other requests):
  1. a few hostile requests to the open routes (/login, /login/second-factor, /healthz), with at
     most four sign-in attempts that reach the password check, so the address is never throttled;
  2. signs the demo users in through the login form and crawls their pages (links and forms are
     harvested: concrete ids for the `:param` placeholders, form fields and their values);
  3. every GET page route as every user: N requests per user the access rule admits, one per
     user it refuses, with hostile query values (huge and negative numbers, far and impossible
     dates, 5,000 and 100,000 characters, NUL, lone surrogates, RTL marks, emoji, combining
     marks, full-width and Arabic-Indic digits, broken percent-encoding, repeated keys) on the
     keys the pages read (scanned from Sources/Web at run time) plus random keys, and real or
     hostile values in the path parameters;
  4. every POST page route the same way, a form with the page's `_csrf` (and a random
     idempotency `key`) whose fields (those of the page's own form when one was harvested, else
     the scanned keys) get hostile values. POST /logout, POST /admin/users/:id/password and
     POST /account/password are skipped, and /admin/users/:id is only posted for users the
     fuzzer created, so that the demo users stay usable; reference data that would lock the
     users out (mfa_required_roles, session_idle_minutes) is not written.

Every response with status >= 500 is a failure, and so is a request left without an answer for
60 s (printed: status, method, path; at most 50 lines, then the distinct failures with one full
request each and, with --server-log, the server's log lines written while it ran). A
connection the server closes without an answer (its HTTP parser refuses a request line over
~80 KB, or raw non-ASCII bytes in it) is listed apart and is not a failure as long as the
server keeps answering /healthz; when /healthz stops answering, the run ends there.
--stats prints the statuses (and the 4xx messages) of every route, to see how deep the
fuzzing gets.
Last line: `fuzz-pages: N requests, M 5xx`. Exit 1 if M > 0 or /healthz does not answer 200
at the end (or the server stops answering during the run); 2 on a setup problem.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import http.client
import json
import pathlib
import random
import re
import socket
import sys
import time
import urllib.parse
from html.parser import HTMLParser

DEMO_PASSWORD = "demo1234"
USERS = ["admin", "bank", "commune", "union", "leader", "province", "inspector", "finance",
         "construction"]
SKIP_POST = {"/logout", "/admin/users/:id/password", "/account/password"}
# Reference data whose value could keep every user out (second factor, idle minutes).
PROTECTED_REFERENCE_KEYS = {"mfa_required_roles", "session_idle_minutes"}
FALLBACK_KEYS = ["q", "limit", "offset", "date", "asOf", "month", "year", "format", "province", "level", "commune",
                 "office", "unit", "group", "state", "by", "program", "kind", "user", "from", "to", "recordType",
                 "recordId", "needingAction", "next", "classification", "village", "organisation", "status"]
MAX_PRINTED = 50
TIMEOUT = 60.0


# ----------------------------------------------------------------------------------- values

class V:
    """A value as it goes on the wire (`enc`, already percent-encoded for a URL or a form) and
    as the bytes it stands for (`raw`, for multipart and JSON bodies)."""
    __slots__ = ("enc", "raw", "label")

    def __init__(self, enc: str, raw: bytes, label: str = ""):
        self.enc, self.raw, self.label = enc, raw, label

    @staticmethod
    def text(s: str, label: str = "") -> "V":
        raw = s.encode("utf-8", "surrogatepass")
        return V(urllib.parse.quote_from_bytes(raw, safe=""), raw, label)

    @staticmethod
    def wire(enc: str, label: str = "") -> "V":
        """Sent exactly as written (broken percent-encoding, raw bytes as latin-1 characters)."""
        return V(enc, enc.encode("latin-1", "replace"), label)


def _texts(*items: str) -> list[V]:
    return [V.text(s) for s in items]


NUMBERS = _texts("9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
                 "1" + "0" * 30, "-1" + "0" * 30, "-1", "0", "-0", "1e309", "-1e309", "1e-309", "NaN", "Infinity", "-inf",
                 "00000000000000000001", "0x7fffffff", "1.5", "1,5", "1.000.000.000.000.000.000", "999999999999999999",
                 "1000000000000000001", "1000000000000000000", " 1", "1 ", "+1", "--1", "4294967296", "2147483648",
                 "-2147483648", "18446744073709551616", "1_000", "٣٣", "１２３", "१२३", "1\u00a0000", "9" * 400)
DATES = _texts("0001-01-01", "9999-12-31", "2200-12-15", "1899-12-31", "31/02/2026", "2026-13-45", "2026-02-29",
               "2024-02-29", "29/02/2100", "31/12/2100", "01/01/1900", "31/12/1899", "01/01/2101", "00/00/0000",
               "2026-00-00", "2026-1-1", "1/1/2026", "32/01/2026", "2026-12", "12/2026", "2026-13", "0000-00",
               "9999-99", "-2026-01-01", "+2026-01-01", "2026-01-01T00:00:00Z", "20260101", "2026/12/01",
               "9223372036854775807-01-01", "2026-01-9223372036854775807", "01/01/9223372036854775807",
               "01/13/2026", "2100-12-31", "1900-01-01", "2100-12", "1900-01", "1899-12", "2101-01", "٠١/٠١/٢٠٢٦", "２０２６-１２-０１", "2026-12-01\u0000", "1e309-01-01", "2026-W49",
               "99/99/99999", "0/0/0", "//", "-", "2026--12--01")
LONGS = [V.text("A" * 5000, "5000×A"), V.text("ạ" * 5000, "5000×ạ"), V.text("9" * 5000, "5000×9"),
         V.text("x" * 100_000, "100000×x"), V.text("ẫ" * 4000, "4000×ẫ"), V.text("Z" * 4000, "4000×Z"),
         V.text("1" * 4000, "4000×1"), V.text("a " * 2000, "2000×'a '"), V.text("e\u0301" * 2000, "2000×e+U+0301"),
         V.text("%" * 5000, "5000×%")]
UNICODE = _texts("\x00", "a\x00b", "\ud800", "\udfff", "\ud83d", "\u202eabc", "\u200f\u200e\u202b", "👨‍👩‍👧‍👦",
                 "e" + "\u0301" * 60, "Z\u0334\u0321\u0322\u031b\u0356\u0354", "１２３", "٣٣", "٣٣/٠١/٢٠٢٦",
                 "\ufeff1", "\uffff", "\U0010ffff", "\u2028\u2029", "\t", "\r\n", "\n", "\x01\x02\x1b", "\x7f",
                 "\x85", "İ", "ß" * 10, "\u01c4", "🙂" * 50, "\u0000" * 10, "a\u0300\u0301\u0302", "\u00a0",
                 "\u3000", "Nguyễn Văn Ą", "ｈｏｕｓｅｈｏｌｄ", "\U000e0041", "\ufffd", "\ud800\udc00")
GARBAGE = [V.wire(s) for s in ("%", "%%", "%zz", "%G0", "%0", "%E2%82", "%C0%AF", "%C0%80", "%FF%FE", "%F4%90%80%80",
                               "%ED%A0%80", "%ED%BF%BF", "%ED%A0%80%ED%B0%80", "%EF%BF%BE", "%25%32%35", "%u0041",
                               "%%32%35", "+", "%2B", "%20", "%2F..%2F", "&", "%26", "=", "%3D", ";", "%0D%0A",
                               "%0A", "%09", "%00", "a%00b", "%80", "%C3", "%F0%9F%98", "%E0%80%AF", "%FE%FF",
                               "%2e%2e%2f%2e%2e%2f", "[", "]", "%5B%5D", "a=b=c", "==", "&&&", "%%%%%%")]
RAW_BYTES = [V.wire(s.encode("utf-8").decode("latin-1"), "raw bytes") for s in ("ạ", "١", "é")] + \
            [V.wire("\xff\xfe", "raw bytes")]
INJECTION = _texts("' OR 1=1 --", '"; DROP TABLE households; --', "<script>alert(1)</script>", "{{7*7}}",
                   "#(title)", '#extend("base")', "../../etc/passwd", "%s%s%s%n", "${jndi:ldap://x}", "*", "_",
                   "%", "\\", "[]", "{}", "null", "true", "false", "[0]", "-- ", "NULL", "\\u0000", "'", '"',
                   "\\'", "1;select 1", "a' || 'b", "%_%", "1) OR (1=1", "\u0027", "javascript:alert(1)",
                   "//evil.example", "/\\evil.example", "http://evil.example/", "?", "#", "~", "`", "$1")
HOSTILE_GROUPS = [(NUMBERS, 5), (DATES, 5), (LONGS, 2), (UNICODE, 4), (GARBAGE, 3), (INJECTION, 2),
                  (RAW_BYTES, 0.08)]
PATH_HOSTILE = [V.wire(s) for s in ("0", "-1", "9223372036854775807", "9223372036854775808", "1" + "0" * 30,
                                    "%00", "a%00b", "%2e%2e", "..", ".", "%2F", "%2Fetc%2Fpasswd", "%ED%A0%80",
                                    "%", "%zz", "%C0%AF", "null", "undefined", "%27%20OR%20%271%27%3D%271",
                                    "%20", "%E2%80%AE", "%EF%BC%91%EF%BC%92%EF%BC%93", "%D9%A3%D9%A3",
                                    "%F0%9F%99%82", "A" * 5000, "%E1%BA%A1" * 1500, "1e309", "demo-h-1%00",
                                    "__proto__", "*", "%2A", "HO-0001", "%3Cscript%3E", "1.0", "+1", "~")]
RANDOM_KEYS = [V.wire(s) for s in ("a[b]", "limit[]", "q[0][1]", "%5B", "%5D", "[]", "a" * 300, "x" + "[" * 60,
                                   "lines[0][interest]", "members[]", "%00", "%ED%A0%80", "", "%3D", "%E1%BA%A1",
                                   "_csrf", "limit%5B%5D", "a" + "[b]" * 60, "__proto__", "q%00", "Q", "LIMIT",
                                   "date[]", "offset[x]", "format[0]", "key", "page", "sort", "order", "id",
                                   "%2e", "a.b", "a..b", "%", "%zz", "+", "a+b", "a%20b", "\u00e1".encode().decode(
                                       "latin-1"))]


def pick_weighted(rng: random.Random, groups):
    total = sum(w for _, w in groups)
    x = rng.random() * total
    for items, w in groups:
        x -= w
        if x <= 0:
            return rng.choice(items)
    return rng.choice(groups[0][0])


def hostile(rng: random.Random) -> V:
    return pick_weighted(rng, HOSTILE_GROUPS)


# ----------------------------------------------------------------------------------- HTTP

class _Conn(http.client.HTTPConnection):
    """Sends the request line as latin-1, so that raw bytes can go into a URL on purpose."""

    def _encode_request(self, request):  # noqa: D401 - http.client hook
        return request.encode("latin-1", "replace")


class Dropped(Exception):
    """The server closed the connection, or did not answer in time (`timeout`)."""

    def __init__(self, message: str, timeout: bool = False):
        super().__init__(message)
        self.timeout = timeout


class Client:
    def __init__(self, host: str, port: int, name: str):
        self.host, self.port, self.name = host, port, name
        self.cookies: dict[str, str] = {}
        self.conn: _Conn | None = None
        self.csrf: str | None = None

    def _connect(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
        self.conn = _Conn(self.host, self.port, timeout=TIMEOUT)

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
        h = {"Accept": "text/html,application/xhtml+xml,*/*", "Accept-Language": "vi-VN,vi"}
        if headers:
            h.update(headers)
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            h["Content-Length"] = str(len(body))
        for attempt in (0, 1):
            fresh = self.conn is None
            if fresh:
                self._connect()
            try:
                self.conn.putrequest(method, target, skip_host=False, skip_accept_encoding=True)
                for k, v in h.items():
                    self.conn.putheader(k, v)
                self.conn.endheaders(body)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.HTTPException, ConnectionError, socket.timeout, OSError) as error:
                self._connect_reset()
                # A kept-alive connection the server closed while idle: try once on a new one.
                if attempt == 0 and not fresh and not isinstance(error, socket.timeout):
                    continue
                raise Dropped(f"{type(error).__name__}: {error}", timeout=isinstance(error, socket.timeout)) from None
            headers_out = resp.getheaders()
            for k, v in headers_out:
                if k.lower() == "set-cookie":
                    self._take_cookie(v)
            if resp.getheader("Connection", "").lower() == "close":
                self._connect_reset()
            return resp.status, headers_out, data
        raise Dropped("unreachable")

    def _connect_reset(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
        self.conn = None

    def _take_cookie(self, header: str):
        first, *attrs = header.split(";")
        name, _, value = first.strip().partition("=")
        expired = value == "" or any(a.strip().lower() in ("max-age=0",) for a in attrs) or any(
            a.strip().lower().startswith("expires=thu, 01 jan 1970") for a in attrs)
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


def header(headers, name: str) -> str:
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return ""


# ----------------------------------------------------------------------------------- HTML

class PageScan(HTMLParser):
    """Links, forms (action, method, fields with their values) and the page's `_csrf`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.csrf: str | None = None
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                          "enctype": a.get("enctype", ""), "fields": [], "buttons": []}
        elif self._form is not None and tag in ("input", "button"):
            name = a.get("name")
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            if name == "_csrf" and a.get("value"):
                self.csrf = a["value"]
            if not name:
                return
            if kind in ("submit", "button", "image") or tag == "button":
                self._form["buttons"].append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                self._form["fields"].append((name, a.get("value", "on"), kind, "checked" in a))
            else:
                self._form["fields"].append((name, a.get("value", ""), kind, True))
        elif self._form is not None and tag == "select":
            self._select, self._select_first, self._select_chosen = a.get("name"), None, None
        elif self._form is not None and tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._select_chosen = value
        elif self._form is not None and tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._form is not None and self._select:
            chosen = self._select_chosen if self._select_chosen is not None else (self._select_first or "")
            self._form["fields"].append((self._select, chosen, "select", True))
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea:
            self._form["fields"].append((self._textarea, self._text, "textarea", True))
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def scan_html(data: bytes) -> PageScan:
    scan = PageScan()
    try:
        scan.feed(data.decode("utf-8", "replace"))
        scan.close()
    except Exception:
        pass
    return scan


# ----------------------------------------------------------------------------------- routes

class Route:
    def __init__(self, d: dict):
        self.method: str = d["method"]
        self.path: str = d["path"]
        self.access: str = d["access"]
        self.segments = self.path.strip("/").split("/") if self.path != "/" else []
        self.params = [s[1:] for s in self.segments if s.startswith(":")]
        literal = [re.escape(s) if not s.startswith(":") else "([^/]+)" for s in self.segments]
        self.regex = re.compile("^/" + "/".join(literal) + "$") if self.segments else re.compile("^/$")
        self.literal_count = sum(1 for s in self.segments if not s.startswith(":"))

    def allows(self, role: str) -> bool:
        if self.access in ("open", "signedIn"):
            return True
        return role in self.access.split(",")

    def fill(self, values: dict[str, str]) -> str:
        return "/" + "/".join(values.get(s[1:], s) if s.startswith(":") else s for s in self.segments)

    def __repr__(self):
        return f"{self.method} {self.path}"


def load_routes(path: str) -> list[Route]:
    routes = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                d = json.loads(line)
                if d.get("kind") == "page" and not d["path"].startswith("/api/"):
                    routes.append(Route(d))
    routes.sort(key=lambda r: (r.method, r.path))
    return routes


def match_route(routes: list[Route], method: str, path: str) -> tuple[Route, dict] | None:
    best = None
    for r in routes:
        if r.method != method:
            continue
        m = r.regex.match(path)
        if m and (best is None or r.literal_count > best[0].literal_count):
            best = (r, dict(zip(r.params, m.groups())))
    return best


def scan_keys(sources: pathlib.Path) -> list[str]:
    """Keys the pages read: `var` fields of `struct …: Content` and `req.query[…, at: "key"]`."""
    keys: set[str] = set()
    if sources.is_dir():
        for f in sorted(sources.rglob("*.swift")):
            try:
                t = f.read_text(encoding="utf-8")
            except OSError:
                continue
            for m in re.finditer(r"struct\s+\w+\s*:\s*[^{]*?\bContent\b[^{]*\{", t):
                i, depth = m.end(), 1
                j = i
                while j < len(t) and depth:
                    depth += {"{": 1, "}": -1}.get(t[j], 0)
                    j += 1
                for v in re.finditer(r"\bvar\s+(\w+)\s*:", t[i:j]):
                    keys.add(v.group(1))
            for v in re.finditer(r"""\bat:\s*"([^"]+)\"""", t):
                keys.add(v.group(1))
            for v in re.finditer(r"""\bform\["([^"]+)"\]""", t):
                keys.add(v.group(1))
    keys = {k for k in keys if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k)}
    return sorted(keys | set(FALLBACK_KEYS))


def relevant_log(lines: list[str]) -> list[str]:
    """The log lines that tell what happened: for a crash, the fatal error and the first frames
    of the crashed thread; else the first lines written."""
    if not any("Program crashed" in ln for ln in lines):
        return lines[:30]
    out = [ln for ln in lines if "Fatal error" in ln or "Program crashed" in ln][:3]
    for i, ln in enumerate(lines):
        if re.match(r"Thread \d+ .*crashed:", ln):
            out += [x.strip() for x in lines[i:i + 8] if not x.strip().startswith("...")]
            break
    return out


def signature(log_lines: list[str]) -> str:
    """What a failure's log lines say, without times, request ids, numbers and long runs: two
    failures with the same signature have the same cause."""
    for line in log_lines:
        if " error " in line or " warning " in line or " critical " in line:
            text = re.sub(r"^\S+\s+\w+\s+\S+\s*", "", line)
            text = re.sub(r"request-id=\S+\s*", "", text)
            text = re.sub(r"'[^']{40,}'?", "'…'", text)
            text = re.sub(r"(.)\1{8,}", r"\1…", text)
            text = re.sub(r"\d+", "N", text)
            return text[:160]
    return ""


# ----------------------------------------------------------------------------------- fuzzer

class Fuzzer:
    def __init__(self, args):
        u = urllib.parse.urlsplit(args.base_url)
        self.base = args.base_url.rstrip("/")
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.rng = random.Random(args.seed)
        self.seed = args.seed
        self.n = args.requests_per_route
        self.routes = load_routes(args.routes)
        self.keys = scan_keys(pathlib.Path(args.sources))
        self.server_log = pathlib.Path(args.server_log) if args.server_log else None
        self.failures_out = open(args.failures_out, "w", encoding="utf-8") if args.failures_out else None
        self.clients: dict[str, Client] = {}
        self.roles: dict[str, str] = {}
        self.requests = 0
        self.failures: list[dict] = []
        self.dropped: list[dict] = []
        self.distinct: dict[tuple, dict] = {}
        self.printed = 0
        # harvested from pages: concrete paths per (route, user), param values per route,
        # form samples per POST route, query fields per GET route
        self.paths: dict[tuple[str, str], list[str]] = {}
        self.param_pool: dict[tuple[str, str], list[str]] = {}
        self.post_forms: dict[str, list[tuple[str, str, dict]]] = {}
        self.get_forms: dict[str, list[tuple[str, str]]] = {}
        self.api_pool: dict[str, list[str]] = {}
        self.created_users: list[str] = []
        # the server's business day is Vietnam's (UTC+7): from 17:00 UTC it is already tomorrow
        self.today = _dt.datetime.now(_dt.timezone(_dt.timedelta(hours=7))).date()
        self.statuses: dict[int, int] = {}
        self.route_statuses: dict[str, dict[int, int]] = {}
        self.show_stats = args.stats
        self.reasons: dict[str, dict[str, int]] = {}

    # ---- bookkeeping --------------------------------------------------------------------
    def log_offset(self) -> int:
        try:
            return self.server_log.stat().st_size if self.server_log else 0
        except OSError:
            return 0

    def settle_log(self) -> None:
        """A crashing server writes its backtrace for a few seconds: wait until the log stops growing."""
        last = -1
        for _ in range(15):
            size = self.log_offset()
            if size == last:
                return
            last = size
            time.sleep(1)

    def log_since(self, offset: int) -> list[str]:
        if not self.server_log:
            return []
        time.sleep(0.05)
        try:
            with open(self.server_log, "rb") as f:
                f.seek(offset)
                text = f.read(200_000).decode("utf-8", "replace")
        except OSError:
            return []
        return relevant_log([ln[:600] for ln in text.splitlines() if ln.strip()])

    def send(self, user: str, method: str, target: str, body: bytes | None = None, ctype: str | None = None,
             route: Route | None = None):
        client = self.clients[user]
        headers = {"Content-Type": ctype} if ctype else {}
        if body is not None and not ctype:
            headers = {"Content-Type": ""}
        offset = self.log_offset() if self.server_log else 0
        self.requests += 1
        t0 = time.monotonic()
        try:
            status, hdrs, data = client.request(method, target, body, headers)
        except Dropped as error:
            rec = {"user": user, "method": method, "target": target, "route": repr(route) if route else "",
                   "error": str(error), "body": (body or b"")[:2000].decode("latin-1"), "ctype": ctype or ""}
            if error.timeout:  # a page that takes over a minute is a failure too
                self.record_failure(rec | {"status": 0}, self.log_since(offset))
            else:
                self.dropped.append(rec)
            if not self.healthy():
                self.settle_log()
                self.record_failure(rec | {"status": 0}, self.log_since(offset))
                raise SystemExit(self.finish(abort="the server stopped answering /healthz (crashed or hung) "
                                                   "after the request above"))
            return 0, [], b""
        elapsed = time.monotonic() - t0
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if route is not None:
            per = self.route_statuses.setdefault(repr(route), {})
            per[status] = per.get(status, 0) + 1
        if self.show_stats and 400 <= status < 500 and route is not None:
            m = re.search(rb'<p class="lead">(.*?)</p>', data, re.S) or re.search(rb'flash-error"[^>]*>(.*?)<', data, re.S)
            msg = re.sub(r"«[^»]*»", "«…»", (m.group(1).decode("utf-8", "replace") if m else "?"))[:90]
            per = self.reasons.setdefault(repr(route), {})
            per[msg] = per.get(msg, 0) + 1
        if status >= 500:
            rec = {"user": user, "method": method, "target": target, "route": repr(route) if route else "",
                   "status": status, "body": (body or b"").decode("latin-1"), "ctype": ctype or "",
                   "answer": data[:400].decode("utf-8", "replace"), "seconds": round(elapsed, 3)}
            self.record_failure(rec, self.log_since(offset))
        return status, hdrs, data

    def record_failure(self, rec: dict, log_lines: list[str]):
        self.failures.append(rec)
        shown = rec["target"] if len(rec["target"]) <= 240 else rec["target"][:240] + f"…(+{len(rec['target']) - 240})"
        if self.printed < MAX_PRINTED:
            print(f"5xx: {rec['status'] or 'no answer'} {rec['method']} {shown} (as {rec['user']})", flush=True)
            self.printed += 1
        key = (rec["status"], signature(log_lines) or f"{rec['method']} {rec['route'] or rec['target'].split('?')[0]}")
        if key not in self.distinct:
            self.distinct[key] = rec | {"log": log_lines, "count": 0, "routes": set()}
        self.distinct[key]["count"] += 1
        self.distinct[key]["routes"].add(rec["route"] or rec["method"] + " " + rec["target"].split("?")[0][:80])
        if self.failures_out:
            self.failures_out.write(json.dumps(rec | {"log": log_lines}, ensure_ascii=False) + "\n")
            self.failures_out.flush()

    def healthy(self) -> bool:
        for _ in range(3):
            try:
                c = http.client.HTTPConnection(self.host, self.port, timeout=15)
                c.request("GET", "/healthz")
                r = c.getresponse()
                body = r.read()
                c.close()
                if r.status == 200 and b'"ok"' in body:
                    return True
            except Exception:
                pass
            time.sleep(1)
        return False

    # ---- sign-in ------------------------------------------------------------------------
    def sign_in(self, user: str) -> None:
        c = self.clients.get(user) or Client(self.host, self.port, user)
        c.cookies.clear()
        self.clients[user] = c
        status, _, page = self.send(user, "GET", "/login")
        m = re.search(rb'name="_csrf" value="([^"]+)"', page)
        if status != 200 or not m:
            raise SystemExit(self.setup_error(f"GET /login as {user}: status {status}, no _csrf field"))
        form = urllib.parse.urlencode({"username": user, "password": DEMO_PASSWORD, "_csrf": m.group(1).decode()})
        status, hdrs, _ = self.send(user, "POST", "/login", form.encode(), "application/x-www-form-urlencoded")
        location = header(hdrs, "Location")
        if status not in (302, 303) or "pc_session" not in c.cookies or location.startswith("/login") \
                or location.startswith("/account/"):
            raise SystemExit(self.setup_error(
                f"signing in as {user} failed (status {status}, Location {location!r}); "
                "the fuzzer needs a fresh demo server whose users have the password demo1234"))
        status, _, page = self.send(user, "GET", "/")
        scan = scan_html(page)
        if status != 200 or not scan.csrf:
            raise SystemExit(self.setup_error(f"GET / as {user}: status {status}, no _csrf in the page"))
        c.csrf = scan.csrf
        self.roles[user] = {"admin": "admin", "bank": "bank", "approver": "bank", "commune": "commune",
                            "union": "union", "leader": "leader", "province": "province",
                            "inspector": "inspector"}.get(user, user)

    def setup_error(self, message: str) -> int:
        print(f"fuzz-pages: setup failed: {message}", file=sys.stderr)
        print(f"fuzz-pages: {self.requests} requests, {len(self.failures)} 5xx")
        return 2

    def ensure_signed_in(self, user: str, status: int, hdrs) -> None:
        """A fuzzed form may end the session (or the session may idle out): sign in again."""
        if status in (302, 303) and header(hdrs, "Location").startswith("/login") and user in self.roles:
            self.sign_in(user)

    # ---- API look-ups (ids for the path parameters) ------------------------------------
    def api_ids(self) -> None:
        c = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        body = json.dumps({"username": "admin", "password": DEMO_PASSWORD})
        c.request("POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        self.requests += 1
        if r.status != 200:
            raise SystemExit(self.setup_error(f"POST /api/v1/auth/token: {r.status}"))
        token = json.loads(data)["token"]

        def get(path: str):
            self.requests += 1
            c.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            resp = c.getresponse()
            raw = resp.read()
            if resp.status >= 500:
                self.record_failure({"user": "admin(api)", "method": "GET", "target": path, "route": "",
                                     "status": resp.status, "body": "", "ctype": "", "answer": raw[:400].decode(
                                         "utf-8", "replace")}, [])
            try:
                return json.loads(raw) if resp.status == 200 else {}
            except ValueError:
                return {}

        def items(path: str) -> list[dict]:
            d = get(path)
            return d.get("items", []) if isinstance(d, dict) else []

        pool: dict[str, list[str]] = {}
        local = "11953"

        def ids(name: str, rows: list[dict], key: str = "id", prefer=lambda r: False, limit: int = 12):
            chosen = [str(r[key]) for r in rows if key in r and prefer(r)][:limit // 2]
            chosen += [str(r[key]) for r in rows if key in r and str(r[key]) not in chosen][:limit - len(chosen)]
            pool[name] = sorted(set(chosen))

        by_unit = lambda r: str(r.get("unitCode", "")) == local  # noqa: E731
        ids("households", items(f"/api/v1/households?unit={local}&limit=20") + items("/api/v1/households?limit=10"))
        groups = items(f"/api/v1/groups?limit=500")
        ids("groups", groups, prefer=by_unit)
        ids("loans", items("/api/v1/loans?limit=200"), prefer=lambda r: f"-{local}-" in str(r.get("group", "")))
        ids("applications", items("/api/v1/applications?limit=200"),
            prefer=lambda r: local in str(r.get("unit", "")))
        ids("units", items("/api/v1/units?limit=50") + [{"code": local}, {"code": 33}, {"code": 11980}], key="code",
            prefer=lambda r: str(r.get("code")) in (local, "33"))
        ids("offices", items("/api/v1/offices?limit=50"))
        ids("points", items("/api/v1/transaction-points?limit=200"), prefer=lambda r: by_unit(r))
        ids("reviews", items("/api/v1/reviews?limit=400"))
        ids("organisations", items("/api/v1/organisations?limit=100"))
        ids("reference-data", items("/api/v1/reference-data?limit=100"), key="key", limit=40)
        days = []
        for office in pool.get("offices", [])[:2]:
            days += items(f"/api/v1/offices/{office}/calendar")
        ids("transaction-days", days)
        meetings, members, households = [], [], []
        for g in [x for x in pool.get("groups", []) if f"-{local}-" in x][:2]:
            d = get(f"/api/v1/groups/{g}")
            meetings += [m.get("id") for m in d.get("meetings", []) if m.get("id")]
            households += [h.get("householdId") for h in d.get("history", []) if h.get("householdId")]
        for h in pool.get("households", [])[:2]:
            d = get(f"/api/v1/households/{h}")
            members += [m.get("id") for m in d.get("members", []) if m.get("id")]
        pool["meeting"] = sorted(set(meetings))[:10]
        pool["member"] = sorted(set(members))[:10]
        pool["household"] = sorted(set(households + pool.get("households", [])[:4]))[:12]
        pool["action"] = ["adjust", "extend", "freeze", "thaw", "write-off", "recall", "reverse", "unknown"]
        pool["key"] = [k for k in pool.get("reference-data", []) if k not in PROTECTED_REFERENCE_KEYS]
        c.close()
        self.api_pool = pool

    def api_values(self, route: Route, param: str) -> list[str]:
        """Real values for a path parameter, from the API look-ups."""
        if param == "id":
            first = route.segments[0]
            if first == "admin":
                return list(self.created_users)
            return self.api_pool.get(first, [])
        if param == "code":
            return self.api_pool.get("units", [])
        if param == "key":
            return self.api_pool.get("key", []) if route.method == "POST" else self.api_pool.get("reference-data", [])
        return self.api_pool.get(param, [])

    # ---- harvesting ---------------------------------------------------------------------
    def harvest(self, user: str, page: bytes) -> PageScan:
        scan = scan_html(page)
        for href in scan.links:
            self.note_path(user, "GET", href)
        for form in scan.forms:
            action = form["action"] or ""
            if not action.startswith("/"):
                continue
            method = "POST" if form["method"] == "post" else "GET"
            path = urllib.parse.urlsplit(action).path
            hit = match_route(self.routes, method, path)
            if not hit:
                continue
            route, _ = hit
            self.note_path(user, method, path)
            if method == "POST":
                samples = self.post_forms.setdefault(route.path, [])
                if len(samples) < 12 and not any(s[1] == path and s[0] == user for s in samples):
                    samples.append((user, path, form))
            else:
                fields = self.get_forms.setdefault(route.path, [])
                for name, value, *_ in form["fields"]:
                    if (name, value) not in fields and len(fields) < 200:
                        fields.append((name, value))
        return scan

    def note_path(self, user: str, method: str, href: str) -> None:
        path = urllib.parse.urlsplit(href).path
        hit = match_route(self.routes, method, path)
        if not hit:
            return
        route, params = hit
        if not params:
            return
        if route.path.startswith("/admin/users/:id") and method == "POST":
            return  # never the demo users (see SKIP_POST)
        bucket = self.paths.setdefault((route.path, user), [])
        if path not in bucket and len(bucket) < 40:
            bucket.append(path)
        for k, v in params.items():
            vals = self.param_pool.setdefault((route.path, k), [])
            if v not in vals and len(vals) < 40:
                vals.append(v)

    def crawl(self) -> None:
        """Each user's list pages, then one or two of the detail pages found there, twice over."""
        get_routes = [r for r in self.routes if r.method == "GET" and r.access != "open"]
        for user in self.users():
            role = self.roles[user]
            for r in get_routes:
                if not r.params and r.allows(role) and not r.path.endswith(".csv"):
                    status, hdrs, data = self.send(user, "GET", r.path, route=r)
                    self.ensure_signed_in(user, status, hdrs)
                    if status == 200:
                        self.harvest(user, data)
            for _ in range(2):
                for r in get_routes:
                    if r.params and r.allows(role) and not r.path.endswith(".csv"):
                        for path in sorted(self.paths.get((r.path, user), []))[:1]:
                            status, hdrs, data = self.send(user, "GET", path, route=r)
                            self.ensure_signed_in(user, status, hdrs)
                            if status == 200:
                                self.harvest(user, data)

    def users(self) -> list[str]:
        return [u for u in USERS if u in self.roles]

    # ---- request building ----------------------------------------------------------------
    def path_for(self, route: Route, user: str) -> str:
        rng = self.rng
        if not route.params:
            return route.path
        own = sorted(self.paths.get((route.path, user), []))
        others = sorted({p for (rp, u), ps in self.paths.items() if rp == route.path for p in ps})
        x = rng.random()
        if route.path.startswith("/admin/users/:id") and route.method == "POST":
            own, others = [], []
        if own and x < 0.45:
            return rng.choice(own)
        if others and x < 0.55:
            return rng.choice(others)
        values = {}
        for p in route.params:
            pool = sorted(set(self.param_pool.get((route.path, p), [])) | set(self.api_values(route, p)))
            if route.path.startswith("/admin/users/:id") and route.method == "POST":
                pool = list(self.created_users)
            values[p] = rng.choice(pool) if pool else rng.choice(PATH_HOSTILE).enc
        if x >= 0.75 or all(v in [h.enc for h in PATH_HOSTILE] for v in values.values()):
            values[rng.choice(route.params)] = rng.choice(PATH_HOSTILE).enc
        return route.fill(values)

    def benign(self, key: str, route: Route) -> V:
        rng = self.rng
        known = [v for k, v in self.get_forms.get(route.path, []) if k == key and v]
        choices = known + [self.today.isoformat(), self.today.strftime("%d/%m/%Y"), self.today.strftime("%Y-%m"),
                           "1", "10", "500", "0", "on", "true", "xlsx", "csv", "pdf", "commune", "province",
                           "11953", "33", "leader", "program", "unit", "poor", "near_poor", "2025", "12"]
        for pool in ("households", "groups", "loans", "units", "offices", "points"):
            choices += self.api_pool.get(pool, [])[:2]
        return V.text(rng.choice(choices))

    def value_for(self, key: str, route: Route) -> V:
        return self.benign(key, route) if self.rng.random() < 0.2 else hostile(self.rng)

    def query_keys(self, route: Route) -> list[str]:
        form_keys = sorted({k for k, _ in self.get_forms.get(route.path, [])})
        return form_keys, self.keys

    def build_query(self, route: Route) -> str:
        rng = self.rng
        form_keys, all_keys = self.query_keys(route)
        pairs: list[tuple[str, str]] = []
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 6])):
            r = rng.random()
            if form_keys and r < 0.45:
                key = rng.choice(form_keys)
            elif r < 0.9:
                key = rng.choice(all_keys)
            else:
                key = rng.choice(RANDOM_KEYS).enc
                pairs.append((key, hostile(rng).enc))
                continue
            k = urllib.parse.quote(key, safe="")
            pairs.append((k, self.value_for(key, route).enc))
            if rng.random() < 0.15:  # repeated key: ?limit=1&limit=2
                pairs.append((k, self.value_for(key, route).enc))
        if rng.random() < 0.05:
            pairs.append((rng.choice(RANDOM_KEYS).enc, ""))  # a key with no `=`
            return "&".join(f"{k}={v}" for k, v in pairs[:-1]) + "&" + pairs[-1][0]
        return "&".join(f"{k}={v}" for k, v in pairs)

    def build_form(self, route: Route, user: str, path: str) -> tuple[list[tuple[str, V]], bool]:
        """Fields of the route's form (harvested; else scanned keys) with some values made hostile."""
        rng = self.rng
        samples = self.post_forms.get(route.path, [])
        mine = [s for s in samples if s[0] == user and s[1] == path] or [s for s in samples if s[0] == user] or samples
        fields: list[tuple[str, V]] = []
        multipart = False
        if mine and rng.random() < 0.85:
            _, _, form = rng.choice(mine)
            multipart = "multipart" in form["enctype"]
            for name, value, kind, checked in form["fields"]:
                if name == "_csrf":
                    continue
                if kind in ("checkbox", "radio") and not checked and rng.random() < 0.5:
                    continue
                fields.append((name, V.text(value)))
            if form["buttons"] and rng.random() < 0.5:
                name, value = rng.choice(form["buttons"])
                fields.append((name, V.text(value)))
            if fields:
                for _ in range(rng.choice([1, 1, 1, 2, 3])):
                    i = rng.randrange(len(fields))
                    fields[i] = (fields[i][0], hostile(rng))
                if rng.random() < 0.2:
                    del fields[rng.randrange(len(fields))]
            for _ in range(rng.choice([0, 0, 0, 1, 2])):
                key = rng.choice(self.keys)
                fields.append((key, self.value_for(key, route)))
        else:
            for _ in range(rng.choice([1, 2, 3, 4, 6, 8])):
                key = rng.choice(self.keys)
                fields.append((key, self.value_for(key, route)))
                if rng.random() < 0.1:
                    fields.append((key + "[]", self.value_for(key, route)))
        if rng.random() < 0.08:
            fields.append((rng.choice(RANDOM_KEYS).enc, hostile(rng)))
        if not any(k == "key" for k, _ in fields):
            fields.append(("key", V.text(f"fuzz-{self.seed}-{rng.getrandbits(64):016x}")))
        return fields, multipart

    def encode_body(self, fields: list[tuple[str, V]], csrf: str, multipart: bool) -> tuple[bytes, str]:
        rng = self.rng
        x = rng.random()
        token = csrf if rng.random() > 0.03 else rng.choice(["", "0" * 64, csrf[::-1], csrf + "x"])
        if x < 0.05:  # a body the decoders must refuse cleanly
            form = "&".join([f"_csrf={token}"] + [f"{k}={v.enc}" for k, v in fields]).encode("latin-1", "replace")
            return rng.choice([
                (form, "multipart/form-data"),
                (b"--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token.encode() + b"\r\n--b\r\n"
                 b"Content-Disposition: form-data; name=\"date\"\r\n\r\n" + hostile(rng).raw, "multipart/form-data; boundary=b"),
                (b"--b\r\nContent-Disposition: form-data; name=\"_csrf\"; filename*=UTF-8''%ED%A0%80\r\n\r\n" + token.encode()
                 + b"\r\n--b--\r\n", "multipart/form-data; boundary=b"),
                (form, "text/plain"),
                (form, "application/x-www-form-urlencoded; charset=iso-8859-1"),
                (form + b"&" + hostile(rng).raw, "application/x-www-form-urlencoded"),
                (b'{"_csrf":"' + token.encode() + b'","date":[1,{"a":null}],"limit":1e999', "application/json"),
                (b'{"_csrf":"' + token.encode() + b'","key":"\\ud800","date":' + b"[" * 300 + b"]" * 300 + b"}",
                 "application/json"),
                (form.replace(b"&", b"&lines=2&lines[0][interest]=1&", 1), "application/x-www-form-urlencoded"),
                (form, ""),
            ])
        if multipart or x < 0.12:
            boundary = f"----fuzz{rng.getrandbits(48):012x}"
            parts = []
            for name, v in [("_csrf", V.text(token))] + fields:
                disp_name = urllib.parse.unquote(name) if "%" in name else name
                parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{disp_name}\"\r\n\r\n".encode(
                    "utf-8", "surrogateescape") + v.raw + b"\r\n")
            if rng.random() < 0.3:  # a file part where a text field is expected
                parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
                             f"Content-Type: text/csv\r\n\r\n".encode() + hostile(rng).raw + b"\r\n")
            return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
        if x < 0.2:
            obj: dict = {"_csrf": token}
            for name, v in fields:
                r = rng.random()
                value = v.raw.decode("utf-8", "surrogateescape")
                if r < 0.15:
                    value = rng.choice([9223372036854775807, -9223372036854775808, 1e308, -1, 0, None, True, [],
                                        {}, [value], {"a": value}, 10 ** 30])
                obj[urllib.parse.unquote(name)] = value
            return json.dumps(obj).encode("utf-8", "surrogatepass"), "application/json"
        body = "&".join([f"_csrf={urllib.parse.quote(token, safe='')}"] + [f"{k}={v.enc}" for k, v in fields])
        return body.encode("latin-1", "replace"), "application/x-www-form-urlencoded"

    # ---- phases ---------------------------------------------------------------------------
    def fuzz_open_routes(self) -> None:
        """Anonymous: hostile queries on the open pages; a few hostile sign-ins (at most four that
        reach the password check, well below the address's free failures)."""
        rng = self.rng
        anon = "anonymous"
        self.clients[anon] = Client(self.host, self.port, anon)
        open_routes = [r for r in self.routes if r.access == "open"]
        password_checks = 0
        for r in open_routes:
            for _ in range(max(2, self.n)):
                c = self.clients[anon]
                c.cookies.clear()
                if r.method == "GET":
                    self.send(anon, "GET", r.path + "?" + self.build_query(r), route=r)
                    continue
                status, _, page = self.send(anon, "GET", "/login")
                m = re.search(rb'name="_csrf" value="([^"]+)"', page)
                token = m.group(1).decode() if m else ""
                fields = [("username", hostile(rng)), ("password", hostile(rng)), ("next", hostile(rng))]
                if rng.random() < 0.3:
                    fields.append(("code", hostile(rng)))
                if r.path == "/login":
                    reaches = password_checks < 4 and rng.random() < 0.5
                    if reaches:
                        password_checks += 1
                        fields[0] = ("username", V.text(f"fuzz-nobody-{rng.getrandbits(32):08x}"))
                        fields[1] = ("password", V.text("x"))
                    else:
                        token = rng.choice(["", token[::-1] or "x", "0" * 64])
                body = "&".join([f"_csrf={urllib.parse.quote(token, safe='')}"] + [f"{k}={v.enc}" for k, v in fields])
                self.send(anon, "POST", r.path, body.encode("latin-1", "replace"), "application/x-www-form-urlencoded",
                          route=r)

    def fuzz_gets(self) -> None:
        for r in self.routes:
            if r.method != "GET" or r.access == "open":
                continue
            for user in self.users():
                allowed = r.allows(self.roles[user])
                parsed = 0
                for _ in range(self.n if allowed else 1):
                    path = self.path_for(r, user)
                    target = path + "?" + self.build_query(r)
                    status, hdrs, data = self.send(user, "GET", target, route=r)
                    self.ensure_signed_in(user, status, hdrs)
                    if status == 200 and parsed < 2 and b"<form" in data[:400_000]:
                        parsed += 1
                        self.harvest(user, data)

    def fuzz_posts(self) -> None:
        for r in self.routes:
            if r.method != "POST" or r.access == "open" or r.path in SKIP_POST:
                continue
            for user in self.users():
                allowed = r.allows(self.roles[user])
                for _ in range(self.n if allowed else 1):
                    path = self.path_for(r, user)
                    fields, multipart = self.build_form(r, user, path)
                    if r.path == "/reference-data/:key/values" and any(k in path for k in PROTECTED_REFERENCE_KEYS):
                        path = "/reference-data/fuzz_unknown_key/values"
                    body, ctype = self.encode_body(fields, self.clients[user].csrf or "", multipart)
                    status, hdrs, data = self.send(user, "POST", path, body, ctype, route=r)
                    if r.path == "/admin/users" and status in (302, 303):
                        m = re.match(r"/admin/users/([^/?]+)", header(hdrs, "Location"))
                        if m and m.group(1) not in self.created_users:
                            self.created_users.append(m.group(1))
                    self.ensure_signed_in(user, status, hdrs)

    def create_scratch_user(self) -> None:
        """One user of the fuzzer's own, so that POST /admin/users/:id has a real target."""
        name = f"fuzz.{self.seed}.{self.rng.getrandbits(32):08x}"
        fields = {"_csrf": self.clients["admin"].csrf, "username": name, "displayName": "Fuzz",
                  "role": "commune", "scope": "commune:11953", "scopeUnit": "11953", "password": "fuzz-pass-123456"}
        status, hdrs, _ = self.send("admin", "POST", "/admin/users", urllib.parse.urlencode(fields).encode(),
                                    "application/x-www-form-urlencoded")
        m = re.match(r"/admin/users/([^/?]+)", header(hdrs, "Location"))
        if m:
            self.created_users.append(m.group(1))

    def run(self) -> int:
        t0 = time.monotonic()
        if not self.healthy():
            return self.setup_error(f"{self.base}/healthz does not answer 200")
        print(f"fuzz-pages: {len(self.routes)} page routes, {len(self.keys)} query keys, seed {self.seed}, "
              f"{self.n} requests per route and user", flush=True)
        self.fuzz_open_routes()
        for user in USERS:
            self.sign_in(user)
        self.api_ids()
        self.create_scratch_user()
        self.crawl()
        print(f"fuzz-pages: crawled, {self.requests} requests, {time.monotonic() - t0:.0f}s", flush=True)
        self.fuzz_gets()
        print(f"fuzz-pages: GET routes done, {self.requests} requests, {time.monotonic() - t0:.0f}s", flush=True)
        self.fuzz_posts()
        print(f"fuzz-pages: POST routes done, {self.requests} requests, {time.monotonic() - t0:.0f}s", flush=True)
        return self.finish()

    def finish(self, abort: str | None = None) -> int:
        healthy = self.healthy()
        if self.printed < len(self.failures):
            print(f"… and {len(self.failures) - self.printed} more 5xx")
        if self.distinct:
            print(f"distinct failures ({len(self.distinct)}):")
            for (status, sig), rec in sorted(self.distinct.items(), key=lambda kv: str(kv[0])):
                routes = sorted(rec["routes"])
                print(f"  {status or 'no answer'} x{rec['count']} on {len(routes)} route(s): {', '.join(routes[:8])}"
                      + (" …" if len(routes) > 8 else ""))
                print(f"    e.g. as {rec['user']}: {rec['method']} {rec['target'][:500]}"
                      + (f" …(+{len(rec['target']) - 500} chars)" if len(rec["target"]) > 500 else ""))
                if rec.get("body"):
                    print(f"    body ({rec['ctype']}): {rec['body'][:500]!r}")
                for line in rec.get("log", [])[:12]:
                    print(f"    log: {line}")
        if self.dropped:
            print(f"dropped without an answer (the server kept answering /healthz): {len(self.dropped)}")
            for rec in self.dropped[:5]:
                print(f"  {rec['method']} {rec['target'][:160]} ({rec['error']})")
        print("statuses: " + ", ".join(f"{k} x{v}" for k, v in sorted(self.statuses.items())))
        if self.show_stats:
            for route, per in sorted(self.route_statuses.items()):
                print(f"  {route}: " + ", ".join(f"{k} x{v}" for k, v in sorted(per.items())))
                for msg, n in sorted(self.reasons.get(route, {}).items(), key=lambda kv: -kv[1])[:4]:
                    print(f"      {n}x {msg}")
        if abort:
            print(f"fuzz-pages: aborted: {abort}")
        if not healthy:
            print("fuzz-pages: /healthz does not answer 200 at the end")
        print(f"fuzz-pages: {self.requests} requests, {len(self.failures)} 5xx", flush=True)
        return 0 if healthy and not self.failures and not abort else 1


def main() -> int:
    here = pathlib.Path(__file__).resolve().parent
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("base_url")
    p.add_argument("--routes", required=True, help="output of `policy-credit routes` (JSON lines)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--requests-per-route", type=int, default=8,
                   help="requests per route for each user the route admits (one for each it refuses)")
    p.add_argument("--sources", default=str(here.parent / "Sources" / "Web"),
                   help="Swift sources scanned for query and form keys (default: the repository's Sources/Web)")
    p.add_argument("--server-log", help="the server's log file: its lines written during a 5xx are printed")
    p.add_argument("--stats", action="store_true", help="print the statuses each route answered")
    p.add_argument("--failures-out", help="write every failing request in full to this JSON-lines file")
    args = p.parse_args()
    return Fuzzer(args).run()


if __name__ == "__main__":
    sys.exit(main())
