#!/usr/bin/env python3
"""Bounded fuzzer of the five file importers, standard library only.

    python3 .ci/fuzz_imports.py BASE_URL DATABASE.sqlite [--seed 1] [--cases 2400]
                                [--server-log FILE] [--failures-out FILE.jsonl] [--save-files DIR]
                                [--skip-mutation NAME]... [--verbose]

BASE_URL is a demo server (`serve --demo`, users with the password demo1234) and DATABASE.sqlite
its SQLite file, read here directly (read-only, `?mode=ro`; the server keeps WAL mode, so reading
while it runs is fine) to count the rows the importers write. Deterministic for a given --seed and
database; 2,400 cases take about 70 s against the debug build on two cores. Nothing else may
write to the server meanwhile (another writer would look like a partial write).

The importers:
  households  POST /api/v1/households/import (CSV, also .xlsx), as commune or admin; a share of
              the cases through the upload page POST /households/import (with checkOnly)
  groups      POST /api/v1/groups/import (CSV and .xlsx), as admin, bank or union; a share
              through the page POST /groups/import
  collections the page POST /groups/:id/collections/import (multipart: file, date, cashCounted,
              key, _csrf), as bank, for a group of commune 11953 with members
  ratings     POST /api/v1/groups/ratings/import (.xlsx, also CSV), as bank; a share through the
              page POST /groups/ratings/import
  book        POST /api/v1/loans/import (CSV, also .xlsx), as bank or admin: an old loan book of
              households of commune 11953 (issue #14), a share with ?checkOnly=true

A valid file of each kind is built first (columns of the templates, real commune 11953, real
household codes and group ids) and must be accepted, else the run stops (exit 2). Then each case
mutates a fresh valid file: bytes flipped, inserted, deleted, truncated; rows and columns
duplicated, dropped, shuffled, swapped; overlong cells, quotes and CR/LF inside fields, BOMs,
NUL and control characters, non-UTF-8 bytes, huge numbers, far dates; for .xlsx also corrupt and
truncated zips (central directory and header fields), cell references such as ZZZZZZZZZZZZZZ1,
A0 or XFE1, bad shared-string indexes, XML entities, a sheet inflating past 50 MB (a zip bomb of
a few hundred KB), missing parts. Successful imports make later copies of the same data refuse
as duplicates; that is expected.

Around every case the counts of households, members, savings_groups, group_memberships,
collection_batches, savings_movements, journal_entries, group_ratings and audit_log are compared.
A partial write is a case refused (4xx, or 5xx) after which any count changed, a "check only"
upload that changed a count, or an accepted one whose changes do not match its answer (rows
added that the answer does not count, tables the importer does not write, a collection batch
without its journal entries…).

A case without any answer (the connection closed, or no answer within 120 s) counts as a 5xx;
when /healthz stops answering too, the server has crashed and the run ends there. To look past
a known failure, --skip-mutation NAME leaves one mutation out (names as printed with each
failure, e.g. zip_central_field, zip_eocd_field, zip_local_field, zip_flip, xlsx_xml_break,
zip_bomb); --verbose prints one line per case.

Output: each 5xx (at most 50) and each partial write (at most 50), then the distinct failures
with one request each (and with --server-log the server's log lines written meanwhile); last
line `fuzz-imports: N requests, M 5xx, P partial writes`. Exit 1 if M or P is not 0 or if
/healthz does not answer 200 at the end; 2 on a setup problem.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import http.client
import io
import json
import pathlib
import random
import re
import socket
import sqlite3
import sys
import time
import unicodedata
import urllib.parse
import warnings
import zipfile
from xml.sax.saxutils import escape as xml_escape

DEMO_PASSWORD = "demo1234"
COMMUNE = 11953
TABLES = ["households", "members", "savings_groups", "group_memberships", "collection_batches", "savings_movements",
          "journal_entries", "group_ratings", "audit_log", "loans", "loan_imports", "book_imports"]
WRITES = {
    "households": {"households", "members", "audit_log"},
    "groups": {"savings_groups", "group_memberships", "audit_log"},
    "collections": {"collection_batches", "savings_movements", "journal_entries", "audit_log"},
    "ratings": {"group_ratings", "audit_log"},
    "book": {"loans", "loan_imports", "book_imports", "journal_entries", "audit_log"},
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PRINTED = 50
warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # a duplicate part is one of the cases
TIMEOUT = 120.0

# ----------------------------------------------------------------------------------- values

NUMBERS = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "1" + "0" * 30, "-1", "0", "-0",
           "1e309", "-1e309", "NaN", "Infinity", "1.5", "1,5", "1.000.000.000.000.000.000", "999999999999999999",
           "1000000000000000001", "1000000000000000000", "18446744073709551616", " 1 ", "+1", "0x10", "1_000",
           "１２３", "٣٣", "1e5", "00000000000000000000000001", "4294967296", "-2147483649", "9" * 400, "1 000",
           "1\u00a0000", "=1+1", "@SUM(A1)", "-9.223372036854776E18", "5000.0000001"]
DATES = ["0001-01-01", "9999-12-31", "2200-12-15", "1899-12-31", "31/02/2026", "2026-13-45", "2026-02-29", "29/02/2100",
         "31/12/2100", "01/01/1900", "00/00/0000", "32/01/2026", "1/1/2026", "2026-1-1", "12/2026", "2026-12",
         "13/2026", "00/2026", "0/0", "9999-99", "-2026-01-01", "2026-01-01T00:00:00Z", "20260101", "45991",
         "45991.5", "-1", "١٥/٠٣/١٩٧٥", "１５/０３/１９７５", "15/03/1975\u0000", "15.03.1975", "15-03-1975",
         "9223372036854775807/01/2026", "01/9223372036854775807/2026", "01/01/9223372036854775807", "2026/12/01"]
UNICODE = ["\x00", "a\x00b", "\ud800", "\udfff", "\u202eabc", "\u200f\u200e", "👨‍👩‍👧‍👦", "e" + "\u0301" * 60,
           "１２３", "٣٣", "\ufeff", "\uffff", "\U0010ffff", "\u2028\u2029", "\t", "\x01\x02\x1b", "\x7f", "\x85",
           "İ", "ß" * 10, "\u00a0", "\u3000", "Nguyễn\u0000Văn", "\ufffd", "HO-\u0000001", "Tổ\r\ndân phố 1",
           " ", "", "''", "\\", "%00", "&amp;", "<t>", "]]>", "\U000e0041"]
INJECTION = ["' OR 1=1 --", '"; DROP TABLE households; --', "<script>alert(1)</script>", "{{7*7}}", "#(title)",
             "../../etc/passwd", "%s%n", "${jndi:ldap://x}", "=HYPERLINK(\"http://x\")", "null", "[]", "{}", "*", "%",
             "_", "NULL", "true"]
QUOTES = ['a"b', '"', '""', 'a,b', 'a\r\nb', '\r', '\n', '"a"b"', ',', ',,,', 'a\nb,c"d', '"\r\n"']
HOSTILE = [(NUMBERS, 4), (DATES, 4), (UNICODE, 4), (INJECTION, 1), (QUOTES, 2)]


SPACES = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def fold(text: str) -> str:
    """Names compared as the server compares them: no diacritics, no case, single spaces."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(text.split())


def pick(rng: random.Random, groups):
    total = sum(w for _, w in groups)
    x = rng.random() * total
    for items, w in groups:
        x -= w
        if x <= 0:
            return rng.choice(items)
    return rng.choice(groups[0][0])


def hostile(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.06:
        return rng.choice(["A", "ạ", "9", "x,", '"']) * rng.choice([4000, 4001, 5000, 16001])
    return pick(rng, HOSTILE)


def enc(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# ----------------------------------------------------------------------------------- files

def page_text(answer: bytes, limit: int = 900) -> str:
    """What a refusal says: the page's main part without its tags (or the JSON as it is)."""
    text = answer.decode("utf-8", "replace")
    text = text.split("<main", 1)[-1]
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip()[:limit]


class Table:
    def __init__(self, header: list[str], rows: list[list[str]]):
        self.header, self.rows = list(header), [list(r) for r in rows]

    def copy(self) -> "Table":
        return Table(self.header, self.rows)


def csv_cell(value: str, quote_all: bool) -> str:
    if quote_all or any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def to_csv(table: Table, eol: str = "\r\n", bom: bool = False, quote_all: bool = False) -> bytes:
    lines = [",".join(csv_cell(v, quote_all) for v in row) for row in [table.header] + table.rows]
    text = eol.join(lines) + eol
    return (b"\xef\xbb\xbf" if bom else b"") + enc(text)


def col_letters(index: int) -> str:
    n, text = index + 1, ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        text = chr(65 + rest) + text
    return text


def xml_text(value: str) -> str:
    return xml_escape(value.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


class Workbook:
    """The parts of an .xlsx as text/bytes, so that mutations can reach any of them."""

    def __init__(self, table: Table, style: str = "inline", numbers: bool = False):
        self.cells: list[list[tuple[str, str, str]]] = []  # per row: (ref, type, inner xml)
        self.shared: list[str] = []
        for r, row in enumerate([table.header] + table.rows):
            cells = []
            for c, value in enumerate(row):
                ref = f"{col_letters(c)}{r + 1}"
                if numbers and r > 0 and re.fullmatch(r"-?\d{1,15}", value or ""):
                    cells.append((ref, "", f"<v>{value}</v>"))
                elif style == "shared":
                    self.shared.append(value)
                    cells.append((ref, "s", f"<v>{len(self.shared) - 1}</v>"))
                else:
                    cells.append((ref, "inlineStr", f"<is><t>{xml_text(value)}</t></is>"))
            self.cells.append(cells)
        self.prolog = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        self.row_attrs: dict[int, str] = {}
        self.parts: dict[str, bytes] = {}
        self.sheet_path = "xl/worksheets/sheet1.xml"
        self.compression = zipfile.ZIP_DEFLATED
        self.extra_parts: list[tuple[str, bytes, int]] = []
        self.dropped: set[str] = set()

    def sheet_xml(self) -> str:
        rows = []
        for r, cells in enumerate(self.cells):
            body = "".join(f'<c r="{ref}"' + (f' t="{t}"' if t else "") + f">{inner}</c>" if ref is not None else
                           ("<c" + (f' t="{t}"' if t else "") + f">{inner}</c>") for ref, t, inner in cells)
            attrs = self.row_attrs.get(r, f' r="{r + 1}"')
            rows.append(f"<row{attrs}>{body}</row>")
        return (self.prolog + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                "<sheetData>" + "".join(rows) + "</sheetData></worksheet>")

    def shared_xml(self) -> str:
        items = "".join(f"<si><t>{xml_text(s)}</t></si>" for s in self.shared)
        return (self.prolog + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{len(self.shared)}" uniqueCount="{len(self.shared)}">{items}</sst>')

    def build_parts(self) -> dict[str, bytes]:
        parts = {
            "[Content_Types].xml": enc(
                self.prolog + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.worksheet+xml"/>'
                + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sharedStrings+xml"/>' if self.shared else "") + "</Types>"),
            "_rels/.rels": enc(
                self.prolog + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
            "xl/workbook.xml": enc(
                self.prolog + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
            "xl/_rels/workbook.xml.rels": enc(
                self.prolog + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'worksheet" Target="worksheets/sheet1.xml"/>'
                + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'sharedStrings" Target="sharedStrings.xml"/>' if self.shared else "") + "</Relationships>"),
        }
        parts[self.sheet_path] = enc(self.sheet_xml())
        if self.shared:
            parts["xl/sharedStrings.xml"] = enc(self.shared_xml())
        parts.update(self.parts)
        for name in self.dropped:
            parts.pop(name, None)
        return parts

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=self.compression) as z:
            for name, data in self.build_parts().items():
                z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data,
                           compress_type=self.compression)
            for name, data, method in self.extra_parts:
                z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, compress_type=method)
        return buf.getvalue()


_BOMBS: dict[str, bytes] = {}


def zinfo(name: str, method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = method
    return info


def bomb(kind: str) -> bytes:
    """An .xlsx whose parts inflate far past the reader's 50 MB (built once per run)."""
    if kind in _BOMBS:
        return _BOMBS[kind]
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ma_to</t></is></c></row>')
    tail = b"</sheetData></worksheet>"
    wb = Workbook(Table(["ma_to"], []))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in wb.build_parts().items():
            if name == "xl/worksheets/sheet1.xml" and kind in ("sheet", "both"):
                with z.open(zinfo(name), "w") as f:
                    f.write(head)
                    chunk = b" " * (1 << 20)
                    for _ in range(200 if kind == "sheet" else 30):  # 200 MB, or 30 MB + 30 MB of strings
                        f.write(chunk)
                    f.write(tail)
            else:
                z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data,
                           compress_type=zipfile.ZIP_DEFLATED)
        if kind in ("both", "strings"):
            with z.open(zinfo("xl/sharedStrings.xml"), "w") as f:
                f.write(b'<?xml version="1.0"?><sst><si><t>')
                chunk = b"a" * (1 << 20)
                for _ in range(30 if kind == "both" else 200):
                    f.write(chunk)
                f.write(b"</t></si></sst>")
        # and one part nobody reads, for the ratio alone
        if kind == "unread":
            with z.open(zinfo("xl/media/image1.bin"), "w") as f:
                chunk = b"\0" * (1 << 20)
                for _ in range(200):
                    f.write(chunk)
    _BOMBS[kind] = buf.getvalue()
    return _BOMBS[kind]


# ----------------------------------------------------------------------------------- mutations

BAD_REFS = ["ZZZZZZZZZZZZZZ1", "A0", "XFE1", "A1048577", "a1", "1A", "", "A-1", "AAAA1", "A01", "XFD1", "IW1", "A99999999",
            "Ạ1", "A1.5", " A1", "A1 ", "$A$1", "R1C1", "A" + "9" * 30, "XFD1048576", "B0", "ZZ0", "A\u00001"]


class Mutator:
    def __init__(self, rng: random.Random, skip: set[str] = frozenset()):
        self.rng = rng
        self.skip = skip

    def pick(self, prefix: str, options: list[str]) -> str:
        allowed = [o for o in options if prefix + o not in self.skip]
        return self.rng.choice(allowed) if allowed else "none"

    # ---- table ---------------------------------------------------------------------------
    def table(self, t: Table, names: list[str]) -> None:
        rng = self.rng
        rows = t.rows
        width = len(t.header)
        choice = self.pick("", [
            "dup_row", "drop_row", "shuffle_rows", "drop_col", "dup_col", "shuffle_cols", "swap_cells", "hostile_cell",
            "hostile_cell", "hostile_cell", "overlong_cell", "quote_cell", "control_cell", "number_cell", "date_cell",
            "header", "extra_col", "ragged_row", "empty_rows", "many_rows", "header_only", "swap_cols",
            "blank_cell", "hostile_row", "column_variant", "column_variant"])
        names.append(choice)
        r = rng.randrange(len(rows)) if rows else None
        c = rng.randrange(width) if width else None
        if choice == "dup_row" and rows:
            rows.insert(rng.randrange(len(rows) + 1), list(rows[r]))
        elif choice == "drop_row" and rows:
            del rows[r]
        elif choice == "shuffle_rows":
            rng.shuffle(rows)
        elif choice == "drop_col" and width:
            del t.header[c]
            for row in rows:
                if c < len(row):
                    del row[c]
        elif choice == "dup_col" and width:
            t.header.insert(c, t.header[c])
            for row in rows:
                if c < len(row):
                    row.insert(c, row[c] if rng.random() < 0.5 else hostile(rng))
        elif choice == "shuffle_cols" and width:
            order = list(range(width))
            rng.shuffle(order)
            t.header = [t.header[i] for i in order]
            t.rows = [[row[i] if i < len(row) else "" for i in order] for row in rows]
        elif choice == "swap_cols" and width > 1:  # values under the wrong names
            a, b = rng.sample(range(width), 2)
            for row in rows:
                if max(a, b) < len(row):
                    row[a], row[b] = row[b], row[a]
        elif choice == "swap_cells" and rows and width > 1:
            a, b = rng.sample(range(width), 2)
            row = rows[r]
            if max(a, b) < len(row):
                row[a], row[b] = row[b], row[a]
        elif choice in ("hostile_cell", "blank_cell") and rows and width:
            if c < len(rows[r]):
                rows[r][c] = hostile(rng) if choice == "hostile_cell" else rng.choice(["", " ", "\t", "\u00a0"])
        elif choice == "hostile_row" and rows:
            rows[r] = [hostile(rng) for _ in rows[r]]
        elif choice == "overlong_cell" and rows and width:
            if c < len(rows[r]):
                rows[r][c] = rng.choice(["A", "ạ", "1", "x"]) * rng.choice([4000, 4001, 5000, 16001])
        elif choice == "quote_cell" and rows and width:
            if c < len(rows[r]):
                rows[r][c] = rng.choice(QUOTES) + (rows[r][c] if rng.random() < 0.5 else "")
        elif choice == "control_cell" and rows and width:
            if c < len(rows[r]):
                pos = rng.randrange(len(rows[r][c]) + 1)
                rows[r][c] = rows[r][c][:pos] + rng.choice(["\x00", "\x01", "\x1b", "\x7f", "\x0b", "\x0c", "\x85",
                                                            "\u2028", "\ufeff", "\ud800"]) + rows[r][c][pos:]
        elif choice == "number_cell" and rows and width:
            if c < len(rows[r]):
                rows[r][c] = rng.choice(NUMBERS)
        elif choice == "date_cell" and rows and width:
            if c < len(rows[r]):
                rows[r][c] = rng.choice(DATES)
        elif choice == "header" and width:
            h = t.header[c]
            t.header[c] = rng.choice([h.upper(), " " + h + " ", "\ufeff" + h, h + "_x", "", h.replace("_", " "),
                                      "mã_hộ" if h == "ma_ho" else h + "\u0301", t.header[(c + 1) % width], h * 40,
                                      h + "\x00", '"' + h + '"'])
        elif choice == "extra_col":
            t.header.insert(rng.randrange(width + 1) if width else 0, rng.choice(["ghi_chu", "", "ma_ho", "x" * 300]))
            pos = t.header.index(t.header[0])
            for row in rows:
                row.insert(min(pos, len(row)), hostile(rng))
        elif choice == "ragged_row" and rows:
            if rng.random() < 0.5 or not rows[r]:
                rows[r].append(hostile(rng))
            else:
                rows[r].pop()
        elif choice == "empty_rows":
            rows.insert(rng.randrange(len(rows) + 1), [""] * width if rng.random() < 0.5 else [])
        elif choice == "many_rows" and rows:
            n = rng.choice([300, 1000, 3000])
            t.rows = [list(rows[i % len(rows)]) for i in range(n)]
        elif choice == "header_only":
            t.rows = []
        elif choice == "column_variant" and width and rows:
            # the same value written another way in some rows: spaces, leading zeros, a sign, other digits
            keys = [i for i, h in enumerate(t.header) if h in ("ma_xa", "ma_ho", "ma_to", "member", "ten_to", "to_chuc",
                                                                 "thang", "thon")]
            col = rng.choice(keys) if keys and rng.random() < 0.7 else c
            variant = rng.choice([" {}", "{} ", "\t{}", "\u00a0{}", "0{}", "00{}", "+{}", "{}.0", "{}\u200b", "UPPER",
                                  "lower", "FULLWIDTH", "  {}  "])
            for row in rows:
                if col < len(row) and rng.random() < 0.5:
                    v = row[col]
                    if variant == "UPPER":
                        row[col] = v.upper()
                    elif variant == "lower":
                        row[col] = v.lower()
                    elif variant == "FULLWIDTH":
                        row[col] = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in v)
                    else:
                        row[col] = variant.format(v)

    # ---- CSV bytes -----------------------------------------------------------------------
    def csv_bytes(self, data: bytes, names: list[str]) -> bytes:
        rng = self.rng
        choice = self.pick("csv_", ["flip", "flip", "insert", "delete", "truncate", "bom", "encoding", "eol", "separator",
                             "nul", "garbage", "utf16", "quote_break", "empty"])
        names.append("csv_" + choice)
        b = bytearray(data)
        if choice == "flip" and b:
            for _ in range(rng.randint(1, 6)):
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8) if rng.random() < 0.7 else rng.randrange(1, 256)
        elif choice == "insert":
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(b) + 1)
                b[i:i] = rng.choice([b"\x00", b"\xff", b'"', b",", b"\n", b"\r", b"\xef\xbb\xbf", b"\xc3", b"\xe1\xba",
                                     b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", bytes([rng.randrange(256)])])
        elif choice == "delete" and b:
            i = rng.randrange(len(b))
            del b[i:i + rng.randint(1, 40)]
        elif choice == "truncate" and b:
            del b[rng.randrange(len(b)):]
        elif choice == "bom":
            b[0:0] = rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                                 b"\x00\x00\xfe\xff", b"\xef\xbb"])
        elif choice == "encoding":
            text = data.decode("utf-8", "replace")
            b = bytearray(text.encode(rng.choice(["cp1258", "latin-1", "cp1252"]), "replace"))
        elif choice == "utf16":
            text = data.decode("utf-8", "replace")
            b = bytearray(text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32"])))
        elif choice == "eol":
            b = bytearray(bytes(b).replace(b"\r\n", rng.choice([b"\r", b"\n", b"\n\r", b"\r\r\n", b"\r\n\r\n",
                                                                 b"\x85", b"\xe2\x80\xa8"])))
        elif choice == "separator":
            b = bytearray(bytes(b).replace(b",", rng.choice([b";", b"\t", b"|", b", ", b",,"])))
        elif choice == "nul":
            b = bytearray(bytes(b).replace(b",", b"\x00,", rng.randint(1, 5)))
        elif choice == "garbage":
            b += bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif choice == "quote_break" and b:
            i = rng.randrange(len(b))
            b[i:i] = b'"'
        elif choice == "empty":
            b = bytearray(rng.choice([b"", b"\n", b"\xef\xbb\xbf", b",", b"\r\n\r\n", b'"']))
        return bytes(b)

    # ---- workbook (cells, sheet XML, parts) -------------------------------------------------
    def workbook(self, wb: Workbook, names: list[str]) -> None:
        rng = self.rng
        choice = self.pick("xlsx_", ["bad_ref", "bad_ref", "no_refs", "dup_ref", "shared_index", "cell_types", "rich_text",
                             "entities", "doctype", "xml_break", "big_column", "row_attr", "wide_row", "empty_cell",
                             "missing_part", "extra_sheet", "other_sheet_path", "dup_entry", "traversal_entry",
                             "compression", "prolog", "nested_cell"])
        names.append("xlsx_" + choice)
        cells = [(r, c) for r, row in enumerate(wb.cells) for c in range(len(row))]
        if not cells and choice in ("bad_ref", "dup_ref", "cell_types", "rich_text", "entities", "empty_cell",
                                    "nested_cell", "no_refs", "shared_index"):
            choice = "missing_part"
        if choice == "bad_ref":
            for _ in range(rng.randint(1, 3)):
                r, c = rng.choice(cells)
                ref, t, inner = wb.cells[r][c]
                wb.cells[r][c] = (rng.choice(BAD_REFS), t, inner)
        elif choice == "no_refs":
            wb.cells = [[(None, t, inner) for _, t, inner in row] for row in wb.cells]
        elif choice == "dup_ref":
            r, c = rng.choice(cells)
            if len(wb.cells[r]) > 1:
                other = (c + 1) % len(wb.cells[r])
                wb.cells[r][other] = (wb.cells[r][c][0],) + wb.cells[r][other][1:]
            else:
                wb.cells[r].append(wb.cells[r][c])
        elif choice == "shared_index":
            r, c = rng.choice(cells)
            wb.cells[r][c] = (wb.cells[r][c][0], "s", f"<v>{rng.choice(['-1', '99999', 'x', '1' + '0' * 30, '', '1.5', '0'])}</v>")
        elif choice == "cell_types":
            r, c = rng.choice(cells)
            t = rng.choice(["n", "b", "e", "str", "d", "z", "inlineStr", ""])
            v = rng.choice(NUMBERS + DATES + ["#DIV/0!", "TRUE", "2026-12-01T00:00:00"])
            wb.cells[r][c] = (wb.cells[r][c][0], t, f"<v>{xml_text(v)}</v>")
        elif choice == "rich_text":
            r, c = rng.choice(cells)
            wb.cells[r][c] = (wb.cells[r][c][0], "inlineStr",
                              "<is><r><t>Nguy</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">ễn </t></r><r><t>A</t></r></is>")
        elif choice == "entities":
            r, c = rng.choice(cells)
            ent = rng.choice(["&#x1F600;", "&#0;", "&#xD800;", "&undefined;", "&#x110000;", "&#99999999999;", "&amp;amp;",
                              "&#x1;", "&lt;", "&"])
            wb.cells[r][c] = (wb.cells[r][c][0], "inlineStr", f"<is><t>{ent}</t></is>")
        elif choice == "doctype":
            kind = rng.choice(["laughs", "external", "param"])
            if kind == "laughs":
                ents = '<!ENTITY a0 "dododododo">' + "".join(
                    f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10))
                wb.prolog = f'<?xml version="1.0"?><!DOCTYPE worksheet [{ents}]>'
                ref = wb.cells[0][0][0] if wb.cells and wb.cells[0] else "A1"
                if wb.cells and wb.cells[0]:
                    wb.cells[0][0] = (ref, "inlineStr", "<is><t>&a9;</t></is>")
            elif kind == "external":
                wb.prolog = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                if wb.cells and wb.cells[0]:
                    wb.cells[0][0] = (wb.cells[0][0][0], "inlineStr", "<is><t>&x;</t></is>")
            else:
                wb.prolog = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">'
                             '%p;]>')
        elif choice == "xml_break":
            xml = enc(wb.sheet_xml())
            kind = rng.choice(["truncate", "unclosed", "mismatch", "bad_utf8", "utf16", "flip"])
            if kind == "truncate":
                xml = xml[:rng.randrange(len(xml))]
            elif kind == "unclosed":
                xml = xml.replace(b"</row>", b"", 1)
            elif kind == "mismatch":
                xml = xml.replace(b"</c>", b"</x>", 1)
            elif kind == "bad_utf8":
                i = rng.randrange(len(xml))
                xml = xml[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]) + xml[i:]
            elif kind == "utf16":
                xml = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
            else:
                b = bytearray(xml)
                for _ in range(rng.randint(1, 5)):
                    i = rng.randrange(len(b))
                    b[i] ^= 1 << rng.randrange(8)
                xml = bytes(b)
            wb.parts[wb.sheet_path] = xml
        elif choice == "big_column":
            r = rng.randrange(len(wb.cells)) if wb.cells else 0
            if wb.cells:
                wb.cells[r].append((rng.choice(["XFD", "IW", "IV", "ZZ", "AAA"]) + str(r + 1), "inlineStr", "<is><t>x</t></is>"))
        elif choice == "row_attr":
            r = rng.randrange(len(wb.cells)) if wb.cells else 0
            wb.row_attrs[r] = rng.choice([' r="0"', ' r="-1"', ' r="1048577"', ' r="x"', "", ' r="1"', ' spans="1:99999"',
                                          ' r="99999999999999999999"'])
        elif choice == "wide_row":
            if wb.cells:
                r = rng.randrange(len(wb.cells))
                wb.cells[r] = [(f"{col_letters(i)}{r + 1}", "inlineStr", "<is><t>w</t></is>") for i in range(rng.choice([255, 256, 257, 400]))]
        elif choice == "empty_cell":
            r, c = rng.choice(cells)
            wb.cells[r][c] = (wb.cells[r][c][0], rng.choice(["", "s", "inlineStr"]), rng.choice(["", "<v></v>", "<is></is>", "<is><t/></is>"]))
        elif choice == "nested_cell":
            r, c = rng.choice(cells)
            ref, t, inner = wb.cells[r][c]
            wb.cells[r][c] = (ref, t, inner + f'<c r="{ref}" t="inlineStr"><is><t>n</t></is></c>')
        elif choice == "missing_part":
            wb.dropped.add(rng.choice(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "_rels/.rels",
                                       "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"]))
            if rng.random() < 0.2:
                wb.dropped |= {"xl/workbook.xml", "[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"}
        elif choice == "extra_sheet":
            wb.extra_parts.append((rng.choice(["xl/worksheets/sheet0.xml", "xl/worksheets/a.xml", "xl/worksheets/sheet10.xml"]),
                                   rng.choice([b"", b"<worksheet/>", b"<worksheet><sheetData/></worksheet>", b"garbage"]),
                                   zipfile.ZIP_DEFLATED))
        elif choice == "other_sheet_path":
            wb.sheet_path = rng.choice(["xl/worksheets/data.xml", "xl/sheet1.xml", "xl/worksheets/sub/sheet1.xml",
                                        "xl/worksheets/sheet1.XML", "xl/worksheets/.xml"])
        elif choice == "dup_entry":
            wb.extra_parts.append(("xl/worksheets/sheet1.xml", rng.choice([b"", b"<worksheet/>", b"x"]), zipfile.ZIP_STORED))
        elif choice == "traversal_entry":
            wb.extra_parts.append((rng.choice(["../../evil.xml", "/etc/evil.xml", "xl/worksheets/../../../x.xml",
                                               "xl/worksheets/", "xl\\worksheets\\sheet1.xml"]),
                                   b"<worksheet/>", zipfile.ZIP_DEFLATED))
        elif choice == "compression":
            wb.compression = rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
        elif choice == "prolog":
            wb.prolog = rng.choice(['<?xml version="1.1" encoding="UTF-8"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>',
                                    "\ufeff<?xml version=\"1.0\"?>", " <?xml version=\"1.0\"?>", "", "<!-- x -->",
                                    '<?xml version="2.0"?>', '<?xml encoding="EBCDIC"?>'])

    # ---- zip bytes -----------------------------------------------------------------------
    def zip_bytes(self, data: bytes, names: list[str]) -> bytes:
        rng = self.rng
        choice = self.pick("zip_", ["truncate", "flip", "flip", "eocd_field", "eocd_field", "central_field", "central_field",
                             "local_field", "garbage_after", "garbage_before", "only_signature", "crc",
                             "empty_zip", "double_eocd"])
        names.append("zip_" + choice)
        b = bytearray(data)
        eocd = data.rfind(b"PK\x05\x06")
        centrals = [m.start() for m in re.finditer(b"PK\x01\x02", data)]
        locals_ = [m.start() for m in re.finditer(b"PK\x03\x04", data)]
        values16 = [0, 1, 0xFFFF, 0x7FFF, 0x8000, rng.randrange(0x10000)]
        values32 = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, len(data), len(data) + 1, rng.randrange(1 << 32)]
        if choice == "truncate":
            del b[rng.randrange(4, max(5, len(b))):]
        elif choice == "flip" and b:
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8)
        elif choice == "eocd_field" and eocd >= 0:
            off, size = rng.choice([(4, 2), (6, 2), (8, 2), (10, 2), (12, 4), (16, 4), (20, 2)])
            value = rng.choice(values16 if size == 2 else values32)
            b[eocd + off:eocd + off + size] = value.to_bytes(size, "little")
        elif choice == "central_field" and centrals:
            at = rng.choice(centrals)
            off, size = rng.choice([(10, 2), (16, 4), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (42, 4), (8, 2)])
            value = rng.choice(values16 if size == 2 else values32)
            b[at + off:at + off + size] = value.to_bytes(size, "little")
        elif choice == "local_field" and locals_:
            at = rng.choice(locals_)
            off, size = rng.choice([(8, 2), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2), (6, 2)])
            value = rng.choice(values16 if size == 2 else values32)
            b[at + off:at + off + size] = value.to_bytes(size, "little")
        elif choice == "crc" and centrals:
            at = rng.choice(centrals)
            b[at + 16:at + 20] = bytes(rng.randrange(256) for _ in range(4))
        elif choice == "garbage_after":
            b += bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
        elif choice == "garbage_before":
            b[4:4] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif choice == "only_signature":
            b = bytearray(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(rng.randint(0, 60))))
        elif choice == "empty_zip":
            b = bytearray(b"PK\x03\x04" + b"\0" * 26 + b"PK\x05\x06" + b"\0" * 18)
        elif choice == "double_eocd" and eocd >= 0:
            b += data[eocd:]
        return bytes(b)


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


# ----------------------------------------------------------------------------------- HTTP

class Dropped(Exception):
    pass


class Client:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.token: str | None = None
        self.csrf: str | None = None

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        for attempt in (0, 1):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            try:
                self.conn.request(method, target, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.HTTPException, ConnectionError, socket.timeout, OSError) as error:
                self.close()
                if attempt == 0 and not fresh and not isinstance(error, socket.timeout):
                    continue
                raise Dropped(f"{type(error).__name__}: {error}") from None
            hdrs = resp.getheaders()
            for k, v in hdrs:
                if k.lower() == "set-cookie":
                    first = v.split(";")[0]
                    name, _, value = first.strip().partition("=")
                    if value == "" or "max-age=0" in v.lower():
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = value
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
            return resp.status, hdrs, data
        raise Dropped("unreachable")

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
        self.conn = None


def header(headers, name: str) -> str:
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return ""


def multipart(fields: list[tuple[str, bytes, str | None, str | None]], rng: random.Random) -> tuple[bytes, str]:
    """(name, value, filename, content type) parts."""
    boundary = f"----fuzzimport{rng.getrandbits(48):012x}"
    out = []
    for name, value, filename, ctype in fields:
        disp = f'Content-Disposition: form-data; name="{name}"'
        if filename is not None:
            disp += f'; filename="{filename}"'
        head = f"--{boundary}\r\n{disp}\r\n" + (f"Content-Type: {ctype}\r\n" if ctype else "") + "\r\n"
        out.append(head.encode("utf-8", "surrogateescape") + value + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


# ----------------------------------------------------------------------------------- fuzzer

class Fuzzer:
    def __init__(self, args):
        u = urllib.parse.urlsplit(args.base_url)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.seed = args.seed
        self.rng = random.Random(args.seed)
        self.mut = Mutator(self.rng, set(args.skip_mutation or []))
        self.cases = args.cases
        self.db_path = pathlib.Path(args.database).resolve()
        self.server_log = pathlib.Path(args.server_log) if args.server_log else None
        self.failures_out = open(args.failures_out, "w", encoding="utf-8") if args.failures_out else None
        self.clients: dict[str, Client] = {}
        self.requests = 0
        self.fivexx: list[dict] = []
        self.partials: list[dict] = []
        self.distinct: dict[tuple, dict] = {}
        self.printed_5xx = 0
        self.printed_partial = 0
        # the server's business day is Vietnam's (UTC+7): from 17:00 UTC it is already tomorrow
        self.today = _dt.datetime.now(_dt.timezone(_dt.timedelta(hours=7))).date()
        self.db: sqlite3.Connection | None = None
        self.serial = 0
        self.stats: dict[str, dict[int, int]] = {}
        self.last_keys: list[tuple[str, bytes, str, str]] = []
        self.abort: str | None = None
        self.save_dir = pathlib.Path(args.save_files) if args.save_files else None
        if self.save_dir:
            self.save_dir.mkdir(parents=True, exist_ok=True)
        self.saved = 0
        self.skip = set(args.skip_mutation or [])
        self.verbose = args.verbose

    # ---- database -------------------------------------------------------------------------
    def connect_db(self):
        if not self.db_path.exists():
            raise SystemExit(self.setup_error(f"{self.db_path} does not exist"))
        self.db = sqlite3.connect(self.db_path.as_uri() + "?mode=ro", uri=True, timeout=30)

    def counts(self) -> dict[str, int]:
        for attempt in range(5):
            try:
                return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
            except sqlite3.OperationalError:
                time.sleep(0.2 * (attempt + 1))
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}

    def free_households(self) -> list[str]:
        rows = self.db.execute(
            """SELECT h.code FROM households h JOIN units u ON u.id = h.unit_id
               WHERE u.code = ? AND u.valid_to IS NULL AND h.closed_on IS NULL AND h.merged_into IS NULL
               AND NOT EXISTS (SELECT 1 FROM group_memberships m WHERE m.household_id = h.id AND m.valid_to IS NULL)
               ORDER BY h.code""", (COMMUNE,)).fetchall()
        return [r[0] for r in rows]

    # ---- bookkeeping ------------------------------------------------------------------------
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

    def setup_error(self, message: str) -> int:
        print(f"fuzz-imports: setup failed: {message}", file=sys.stderr)
        print(f"fuzz-imports: {self.requests} requests, {len(self.fivexx)} 5xx, {len(self.partials)} partial writes")
        return 2

    def send(self, who: str, method: str, target: str, body: bytes | None = None, ctype: str | None = None):
        self.requests += 1
        headers = {"Content-Type": ctype} if ctype else {}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        try:
            return self.clients[who].request(method, target, body, headers)
        except Dropped as error:
            return 0, [], str(error).encode()

    # ---- sign-in and look-ups ---------------------------------------------------------------
    def token(self, user: str) -> None:
        c = Client(self.host, self.port)
        self.clients[user] = c
        status, _, data = self.send(user, "POST", "/api/v1/auth/token",
                                    json.dumps({"username": user, "password": DEMO_PASSWORD}).encode(), "application/json")
        if status != 200:
            raise SystemExit(self.setup_error(f"POST /api/v1/auth/token as {user}: {status} {data[:200]!r}"))
        c.token = json.loads(data)["token"]

    def session(self, user: str) -> None:
        name = f"{user}@page"
        c = Client(self.host, self.port)
        self.clients[name] = c
        status, _, page = self.send(name, "GET", "/login")
        m = re.search(rb'name="_csrf" value="([^"]+)"', page)
        if status != 200 or not m:
            raise SystemExit(self.setup_error(f"GET /login: {status}"))
        form = urllib.parse.urlencode({"username": user, "password": DEMO_PASSWORD, "_csrf": m.group(1).decode()})
        status, hdrs, _ = self.send(name, "POST", "/login", form.encode(), "application/x-www-form-urlencoded")
        if status not in (302, 303) or "pc_session" not in c.cookies or header(hdrs, "Location").startswith(("/login", "/account")):
            raise SystemExit(self.setup_error(f"signing in as {user} failed ({status}, {header(hdrs, 'Location')!r})"))
        status, _, page = self.send(name, "GET", "/")
        m = re.search(rb'name="_csrf" value="([^"]+)"', page)
        if status != 200 or not m:
            raise SystemExit(self.setup_error(f"GET / as {user}: {status}, no _csrf"))
        c.csrf = m.group(1).decode()

    def api(self, who: str, path: str):
        status, _, data = self.send(who, "GET", path)
        if status >= 500:
            self.record_5xx({"importer": "setup", "who": who, "method": "GET", "target": path, "status": status,
                             "mutations": [], "answer": data[:300].decode("utf-8", "replace")}, [])
        try:
            return json.loads(data) if status == 200 else {}
        except ValueError:
            return {}

    def setup(self) -> None:
        for user in ("admin", "commune", "union", "bank"):
            self.token(user)
        for user in ("bank", "commune"):
            self.session(user)
        # villages of the commune, from its households
        items = self.api("admin", f"/api/v1/households?unit={COMMUNE}&limit=200").get("items", [])
        self.villages = sorted({i["village"] for i in items if i.get("village")}) or ["Tổ dân phố 1"]
        self.villages = [v for v in self.villages if v.startswith("Tổ dân phố")] or self.villages
        # groups the bank sees: for ratings; one of commune 11953 with members for collections
        groups = self.api("bank", "/api/v1/groups?limit=500").get("items", [])
        self.rating_groups = sorted(g["id"] for g in groups)[:40]
        local = sorted((g for g in groups if g.get("unitCode") == COMMUNE and (g.get("members") or 0) >= 3),
                       key=lambda g: g["id"])
        if not self.rating_groups or not local:
            raise SystemExit(self.setup_error("no savings group visible to the bank in commune 11953"))
        self.collection_group = local[0]["id"]
        status, _, data = self.send("bank@page", "GET", f"/groups/{self.collection_group}/collections/template.csv")
        text = data.decode("utf-8", "replace").lstrip("\ufeff")
        lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln]
        if status != 200 or not lines or not lines[0].startswith("member"):
            raise SystemExit(self.setup_error(f"collection template of {self.collection_group}: {status} {text[:200]!r}"))
        self.collection_header = lines[0].split(",")
        self.collection_members = sorted({ln.split(",")[0] for ln in lines[1:] if ln.split(",")[0]})
        if not self.collection_members:
            raise SystemExit(self.setup_error(f"group {self.collection_group} has no members on its collection template"))
        for path, who in (("/households/import/template.csv", "commune@page"), ("/groups/import/template.csv", "bank@page")):
            status, _, data = self.send(who, "GET", path)
            head = data.decode("utf-8", "replace").lstrip("\ufeff").split("\n")[0].strip().split(",")
            if status != 200:
                raise SystemExit(self.setup_error(f"GET {path}: {status}"))
            if path.startswith("/households"):
                self.household_header = head
            else:
                self.group_header = head
        for column in ("ma_ho", "ma_xa", "thon", "khu_vuc", "ho_ten", "ngay_sinh", "gioi_tinh", "so_cccd",
                       "quan_he_chu_ho", "dan_toc"):
            if column not in self.household_header:
                raise SystemExit(self.setup_error(f"household template lacks {column}: {self.household_header}"))
        self.birthplace = self.db.execute("SELECT code FROM citizen_birthplaces ORDER BY code LIMIT 1").fetchone()
        self.birthplace = int(self.birthplace[0]) if self.birthplace else 1
        self.free = self.free_households()
        self.book_households = [r[0] for r in self.db.execute(
            """SELECT h.code FROM households h JOIN units u ON u.id = h.unit_id WHERE u.code = ? AND u.valid_to IS NULL
               AND h.closed_on IS NULL ORDER BY h.code LIMIT 50""", (COMMUNE,)).fetchall()]
        first = self.today.replace(day=1)
        self.months = []
        y, m = first.year, first.month
        for _ in range(30):
            m -= 1
            if m == 0:
                y, m = y - 1, 12
            self.months.append((y, m))

    # ---- valid files ------------------------------------------------------------------------
    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def households_table(self) -> Table:
        rng = self.rng
        n = self.next_serial()
        rows = []
        for k in range(rng.choice([1, 1, 2, 3])):
            code = f"FZ{self.seed}-{n}-{k}"
            village = rng.choice(self.villages)
            phone = f"09{rng.randrange(10 ** 8):08d}"
            address = f"Số {rng.randint(1, 99)} {village}"
            people = [("Chủ hộ", "Nam", 1970 + rng.randrange(20)), ("Vợ", "Nữ", 1972 + rng.randrange(20))]
            if rng.random() < 0.7:
                people.append(("Con", rng.choice(["Nam", "Nữ"]), 2014 + rng.randrange(8)))
            for i, (relation, sex, year) in enumerate(people):
                adult = year <= self.today.year - 14
                digit = (0 if sex == "Nam" else 1) + (2 if year >= 2000 else 0)
                serial = (self.seed * 7919 + n * 31 + k * 7 + i) % 1_000_000
                cccd = f"{self.birthplace:03d}{digit}{year % 100:02d}{serial:06d}" if adult else ""
                name = rng.choice(["Nguyễn", "Trần", "Lê", "Phạm"]) + " " + rng.choice(["Văn", "Thị", "Đức"]) + " " + \
                    rng.choice(["An", "Bình", "Cường", "Dũng", "Hoa", "Lan"])
                values = {"ma_ho": code, "ma_xa": str(COMMUNE), "thon": village, "khu_vuc": "Thành thị", "ho_ten": name,
                          "ngay_sinh": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}", "gioi_tinh": sex,
                          "so_cccd": cccd, "quan_he_chu_ho": relation, "dan_toc": "Kinh", "dia_chi": address,
                          "dien_thoai": phone, "khuyet_tat": "", "hoc_sinh": "x" if not adult else "",
                          "lao_dong": "x" if adult else ""}
                rows.append([values.get(c, "") for c in self.household_header])
        return Table(self.household_header, rows)

    def groups_table(self) -> Table:
        rng = self.rng
        n = self.next_serial()
        size = rng.choice([5, 5, 6, 7])
        if len(self.free) >= size:
            start = rng.randrange(len(self.free) - size + 1)
            codes = self.free[start:start + size]
        else:
            codes = (self.free + [f"HO-{i:04d}" for i in range(1, 8)])[:size]
        village = rng.choice(self.villages)
        founded = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2025)}"
        rows = []
        for i, code in enumerate(codes):
            values = {"ten_to": f"Tổ FZ {self.seed}-{n} Hội PN {village}", "ma_xa": str(COMMUNE), "thon": village,
                      "to_chuc": "Hội Liên hiệp Phụ nữ", "ngay_thanh_lap": founded, "ma_ho": code,
                      "so_hd_uy_nhiem": f"{n}/HĐUN", "ngay_hd_uy_nhiem": founded,
                      "chuc_vu": "Tổ trưởng" if i == 0 else "Tổ phó" if i == 1 else ""}
            rows.append([values.get(c, "") for c in self.group_header])
        return Table(self.group_header, rows)

    def collections_table(self) -> tuple[Table, int]:
        rng = self.rng
        members = rng.sample(self.collection_members, rng.randint(1, min(4, len(self.collection_members))))
        rows, total = [], 0
        for code in members:
            amount = rng.choice([5_000, 10_000, 20_000, 50_000, 100_000])
            total += amount
            values = {"member": code, "loan": "", "interest": "", "via": "leader", "principal": "",
                      "savingsDeposit": str(amount), "savingsWithdrawal": ""}
            rows.append([values.get(c, "") for c in self.collection_header])
        return Table(self.collection_header, rows), total

    def ratings_table(self) -> Table:
        rng = self.rng
        rows = []
        for _ in range(rng.randint(1, 6)):
            y, m = rng.choice(self.months)
            month = f"{y}-{m:02d}" if rng.random() < 0.5 else f"{m:02d}/{y}"
            rows.append([rng.choice(self.rating_groups), month, rng.choice(["Tốt", "Khá", "Trung bình", "Yếu"]),
                         str(rng.randint(0, 100))])
        return Table(["ma_to", "thang", "xep_loai", "diem"], rows)

    def book_table(self) -> Table:
        """One to three loans of the old book: poor-household loans of 2024 with two instalments
        still to pay, sometimes one of them overdue, each with a contract number never used."""
        rng = self.rng
        header = ["ma_khoan_vay", "ma_chuong_trinh", "ma_xa", "ma_ho", "ngay_giai_ngan", "so_tien_giai_ngan",
                  "thoi_han_thang", "lich_tra", "du_no_trong_han", "du_no_qua_han", "du_no_khoanh",
                  "lai_tra_den_ngay", "lai_chua_tra"]
        rows = []
        households = self.book_households or ["HO-0001"]
        for k in range(rng.choice([1, 1, 2, 3])):
            n = self.next_serial()
            amount = rng.choice([10, 20, 30]) * 1_000_000
            half = amount // 2
            behind = rng.random() < 0.3
            first = self.today.replace(day=10) - _dt.timedelta(days=40) if behind else self.today + _dt.timedelta(days=90)
            second = first + _dt.timedelta(days=365)
            paid_to = self.today - _dt.timedelta(days=20)
            rows.append([f"FZ{self.seed}-{n}-{k}", "poor_household", str(COMMUNE), rng.choice(households),
                         "15/03/2024", str(amount), "60",
                         f"{first.strftime('%d/%m/%Y')}:{half};{second.strftime('%d/%m/%Y')}:{amount - half}",
                         str(half if behind else amount), str(half if behind else 0), "0",
                         paid_to.strftime("%d/%m/%Y"), str(rng.choice([0, 50_000, 125_000]))])
        return Table(header, rows)

    # ---- a case -------------------------------------------------------------------------------
    def build_file(self, table: Table, fmt: str, mutations: int) -> tuple[bytes, list[str]]:
        rng = self.rng
        names: list[str] = []
        if fmt == "xlsx" and mutations and rng.random() < 0.025 and "zip_bomb" not in self.mut.skip:
            kind = rng.choice(["sheet", "sheet", "both", "strings", "unread"])
            names.append(f"zip_bomb_{kind}")
            return bomb(kind), names, None
        kinds = []
        for _ in range(mutations):
            r = rng.random()
            if fmt == "csv":
                kinds.append("table" if r < 0.6 else "bytes")
            else:
                kinds.append("table" if r < 0.35 else "workbook" if r < 0.75 else "bytes")
        for k in kinds:
            if k == "table":
                self.mut.table(table, names)
        if fmt == "csv":
            data = to_csv(table, eol=rng.choice(["\r\n", "\r\n", "\n"]), bom=rng.random() < 0.3,
                          quote_all=rng.random() < 0.1)
            for k in kinds:
                if k == "bytes":
                    data = self.mut.csv_bytes(data, names)
            return data, names, table if "bytes" not in kinds else None
        wb = Workbook(table, style="shared" if rng.random() < 0.3 else "inline", numbers=rng.random() < 0.4)
        for k in kinds:
            if k == "workbook":
                self.mut.workbook(wb, names)
        data = wb.to_bytes()
        for k in kinds:
            if k == "bytes":
                data = self.mut.zip_bytes(data, names)
        return data, names, table if set(kinds) <= {"table"} else None

    def mutation_count(self, valid: bool) -> int:
        if valid:
            return 0
        r = self.rng.random()
        return 0 if r < 0.03 else 1 if r < 0.6 else 2 if r < 0.85 else self.rng.randint(3, 5)

    def case(self, importer: str, valid: bool = False) -> dict:
        rng = self.rng
        via_page = False
        check_only = False
        skip_bad = rng.random() < (0.3 if importer in ("households", "groups") else 0.12) and not valid
        extra: dict = {}
        if importer == "households":
            table = self.households_table()
            fmt = "xlsx" if rng.random() < 0.15 else "csv"
            via_page = not valid and rng.random() < 0.15
        elif importer == "groups":
            table = self.groups_table()
            fmt = "xlsx" if rng.random() < 0.5 else "csv"
            via_page = not valid and rng.random() < 0.15
        elif importer == "collections":
            table, total = self.collections_table()
            fmt = "xlsx" if rng.random() < 0.5 else "csv"
            via_page = True
            extra["cash"] = total
        elif importer == "book":
            table = self.book_table()
            fmt = "xlsx" if rng.random() < 0.3 else "csv"
            check_only = not valid and rng.random() < 0.2
        else:
            table = self.ratings_table()
            fmt = "csv" if rng.random() < 0.15 else "xlsx"
            via_page = not valid and rng.random() < 0.15
        if via_page and importer in ("households", "groups"):  # the pages with a "check only" preview
            check_only = rng.random() < 0.4
        data, names, final = self.build_file(table, fmt, self.mutation_count(valid))
        return {"importer": importer, "fmt": fmt, "data": data, "mutations": names, "page": via_page, "table": final,
                "check_only": check_only, "skip_bad": skip_bad, "valid": valid, **extra}

    def request_for(self, c: dict) -> tuple[str, str, str, bytes, str]:
        """(who, method, target, body, content type) of a case."""
        rng = self.rng
        imp, data = c["importer"], c["data"]
        ext = ".xlsx" if c["fmt"] == "xlsx" else ".csv"
        ftype = XLSX_TYPE if c["fmt"] == "xlsx" else "text/csv"
        if rng.random() < 0.05 and not c["valid"]:
            ftype = rng.choice(["application/octet-stream", "application/json", "application/x-www-form-urlencoded", ""])
        if c["page"]:
            fields: list[tuple[str, bytes, str | None, str | None]] = []
            if imp == "collections":
                who = "bank@page"
                target = f"/groups/{self.collection_group}/collections/import"
                date = self.today.strftime("%d/%m/%Y") if rng.random() < 0.5 else self.today.isoformat()
                cash = str(c["cash"])
                key = f"fz-{self.seed}-{rng.getrandbits(64):016x}"
                c["replay"] = False
                if not c["valid"]:
                    r = rng.random()
                    if r < 0.08:
                        date = hostile(rng)
                    elif r < 0.16:
                        cash = hostile(rng)
                    elif r < 0.22 and self.last_keys:
                        # an idempotency key used before, with this (other) file or with that same file
                        key, old_data, old_date, old_cash = rng.choice(self.last_keys)
                        if rng.random() < 0.5:
                            data, date, cash = old_data, old_date, old_cash
                            c["data"] = data
                            c["mutations"] = c["mutations"] + ["replay_same_key"]
                            c["replay"] = True
                        else:
                            c["mutations"] = c["mutations"] + ["reuse_key"]
                            c["replay"] = True
                    elif r < 0.25:
                        key = hostile(rng)
                c["form"] = {"date": date, "cashCounted": cash, "key": key}
                fields += [("date", enc(date), None, None), ("cashCounted", enc(cash), None, None),
                           ("key", enc(key), None, None)]
            elif imp == "households":
                who, target = "commune@page", "/households/import"
            elif imp == "groups":
                who, target = "bank@page", "/groups/import"
            else:
                who, target = "bank@page", "/groups/ratings/import"
            if c["check_only"]:
                fields.append(("checkOnly", b"on", None, None))
            if c["skip_bad"]:
                fields.append(("skipBadRows", b"on", None, None))
            filename = rng.choice([f"tep{ext}", f"tệp kết quả{ext}", f"../../x{ext}", f"a\"b{ext}", "x" * 300 + ext]) \
                if not c["valid"] and rng.random() < 0.1 else f"tep{ext}"
            fields.insert(0, ("file", data, filename, ftype))
            fields.insert(0, ("_csrf", self.clients[who].csrf.encode(), None, None))
            if not c["valid"] and rng.random() < 0.03:
                fields = [f for f in fields if f[0] != "file"]
                c["mutations"] = c["mutations"] + ["no_file"]
            body, ctype = multipart(fields, rng)
            return who, "POST", target, body, ctype
        query = "?skipBadRows=true" if c["skip_bad"] else ""
        if imp == "book":
            who = "bank" if rng.random() < 0.7 else "admin"
            return who, "POST", "/api/v1/loans/import" + ("?checkOnly=true" if c["check_only"] else ""), data, ftype or None
        if imp == "households":
            who = "commune" if rng.random() < 0.6 else "admin"
            target = "/api/v1/households/import"
        elif imp == "groups":
            who = rng.choice(["admin", "admin", "bank", "union"])
            target = "/api/v1/groups/import"
        else:
            who = "bank" if rng.random() < 0.8 else "admin"
            target = "/api/v1/groups/ratings/import"
        return who, "POST", target + query, data, ftype or None

    # ---- judging ------------------------------------------------------------------------------
    def judge(self, c: dict, status: int, hdrs, answer: bytes, delta: dict[str, int]) -> str | None:
        """Why the counts after a case look like a partial write, or None."""
        imp = c["importer"]
        if status == 0 or status >= 400:
            return f"refused with {status or 'no answer'} but counts changed" if delta else None
        if imp == "collections":
            location = header(hdrs, "Location")
            success = status in (302, 303) and location.startswith(f"/groups/{self.collection_group}")
            if not success:
                return f"answered {status} (Location {location!r}) but counts changed" if delta else None
            other = set(delta) - WRITES[imp]
            if other:
                return f"batch posted, but it changed {sorted(other)}"
            batches = delta.get("collection_batches", 0)
            if batches == 0 and c.get("replay"):
                return f"an idempotent replay changed counts" if delta else None
            if batches != 1:
                return f"batch posted, {batches} collection_batches rows added"
            if delta.get("journal_entries", 0) < 1:
                return "batch posted without journal entries"
            if delta.get("audit_log", 0) != 1:
                return f"batch posted with {delta.get('audit_log', 0)} audit rows"
            return None
        if c["page"]:
            if status != 200:
                return f"answered {status} but counts changed" if delta else None
            if c["check_only"] and delta:
                return "a check-only upload changed counts"
            other = set(delta) - WRITES[imp]
            return f"changed {sorted(other)}, which this importer does not write" if other else None
        try:
            body = json.loads(answer)
        except ValueError:
            return f"answered {status} with no JSON" + (" but counts changed" if delta else "")
        other = set(delta) - WRITES[imp]
        if other:
            return f"changed {sorted(other)}, which this importer does not write"
        if imp == "households":
            added = body.get("added", 0)
            if delta.get("households", 0) != added:
                return f"answer says {added} households added, count changed by {delta.get('households', 0)}"
            if added and delta.get("members", 0) < added:
                return f"{added} households added with only {delta.get('members', 0)} members"
            if (added or body.get("updated", 0)) and not delta.get("audit_log"):
                return "households written without an audit row"
        elif imp == "groups":
            if delta.get("savings_groups", 0) != body.get("groupsAdded", 0):
                return f"answer says {body.get('groupsAdded')} groups added, count changed by {delta.get('savings_groups', 0)}"
            if delta.get("group_memberships", 0) != body.get("membersAdded", 0):
                return (f"answer says {body.get('membersAdded')} members added, memberships changed by "
                        f"{delta.get('group_memberships', 0)}")
            if (body.get("groupsAdded") or body.get("membersAdded")) and not delta.get("audit_log"):
                return "groups written without an audit row"
        elif imp == "book":
            added = body.get("loansAdded", 0)
            if c["check_only"]:
                return "a check-only import changed counts" if delta else None
            if delta.get("loans", 0) != added or delta.get("loan_imports", 0) != added:
                return (f"answer says {added} loans added, loans changed by {delta.get('loans', 0)}, "
                        f"loan_imports by {delta.get('loan_imports', 0)}")
            if added and (delta.get("book_imports", 0) != 1 or delta.get("journal_entries", 0) < 2):
                return f"{added} loans imported with {delta.get('journal_entries', 0)} journal entries, " \
                       f"{delta.get('book_imports', 0)} import records"
            if delta.get("audit_log", 0) != added:
                return f"{added} loans imported with {delta.get('audit_log', 0)} audit rows"
        elif imp == "ratings":
            stored = body.get("stored", 0)
            if not 0 <= delta.get("group_ratings", 0) <= stored:
                return f"answer says {stored} ratings stored, group_ratings changed by {delta.get('group_ratings', 0)}"
            if delta.get("audit_log", 0) != 1:
                return f"ratings stored with {delta.get('audit_log', 0)} audit rows"
        return None

    def whole(self, c: dict) -> str | None:
        """After an accepted households or groups file whose content is known (no byte-level
        mutation): a household (a group) of the file that is now stored holds every row the file
        gives it; the importers promise never to write one half. A row belongs to a household by
        its code and to a group by its name, unless it names another valid commune."""
        t: Table | None = c.get("table")
        if t is None or c["check_only"] or c["importer"] not in ("households", "groups"):
            return None
        col = {h.strip(SPACES): i for i, h in enumerate(t.header)}  # the last of duplicate columns wins, as on the server

        def cell(row, name):
            i = col.get(name)
            return row[i] if i is not None and i < len(row) else ""

        def other_commune(row) -> bool:
            text = cell(row, "ma_xa").strip(SPACES)
            return bool(re.fullmatch(r"[+-]?[0-9]+", text)) and 1 <= int(text) <= 99_999 and int(text) != COMMUNE
        expected: dict[str, int] = {}
        if c["importer"] == "households":
            for row in t.rows:
                code = cell(row, "ma_ho").strip(SPACES).upper()
                if code.startswith(f"FZ{self.seed}-") and not other_commune(row):
                    expected[code] = expected.get(code, 0) + 1
            for code, rows in sorted(expected.items()):
                found = self.db.execute(
                    """SELECT (SELECT COUNT(*) FROM members m WHERE m.household_id = h.id) FROM households h
                       JOIN units u ON u.id = h.unit_id WHERE u.code = ? AND h.code = ?""", (COMMUNE, code)).fetchall()
                if found and found[0][0] < rows:
                    return f"household {code} stored with {found[0][0]} of the {rows} members the file gives it"
        else:
            prefix = fold(f"Tổ FZ {self.seed}-")
            for row in t.rows:
                name = fold(cell(row, "ten_to"))
                if name.startswith(prefix) and not other_commune(row):
                    expected[name] = expected.get(name, 0) + 1
            for name, rows in sorted(expected.items()):
                found = self.db.execute(
                    """SELECT g.id, (SELECT COUNT(*) FROM group_memberships m WHERE m.group_id = g.id AND m.valid_to IS NULL)
                       FROM savings_groups g WHERE g.folded_name = ? AND g.status = 'active'""", (name,)).fetchall()
                stored = sum(f[1] for f in found)
                if found and stored < rows:
                    return (f"group «{name}» stored with {stored} of the {rows} households the file gives it"
                            + (f" (as {len(found)} groups)" if len(found) > 1 else ""))
                if len(found) > 1:
                    return f"group «{name}» of the file stored as {len(found)} groups"
        return None

    def accepted(self, c: dict, status: int, hdrs) -> bool:
        if c["importer"] == "collections":
            return status in (302, 303) and header(hdrs, "Location").startswith(f"/groups/{self.collection_group}")
        return 200 <= status < 300

    # ---- reporting -----------------------------------------------------------------------------
    def describe(self, c: dict, who: str, target: str) -> dict:
        return {"importer": c["importer"], "who": who, "method": "POST", "target": target, "format": c["fmt"],
                "page": c["page"], "checkOnly": c["check_only"], "skipBadRows": c["skip_bad"],
                "mutations": c["mutations"], "bytes": len(c["data"]), "form": c.get("form"),
                "file_head": c["data"][:300].decode("latin-1"), "data": c["data"]}

    def record_5xx(self, rec: dict, log_lines: list[str]) -> None:
        self.fivexx.append(rec)
        if self.printed_5xx < MAX_PRINTED:
            self.printed_5xx += 1
            print(f"5xx: {rec['status'] or 'no answer'} {rec['method']} {rec['target']} ({rec['importer']}, "
                  f"{rec.get('format', '')}, mutations {'+'.join(rec['mutations']) or 'none'})", flush=True)
        self.note_distinct("5xx", rec, log_lines)

    def record_partial(self, rec: dict, log_lines: list[str]) -> None:
        self.partials.append(rec)
        if self.printed_partial < MAX_PRINTED:
            self.printed_partial += 1
            print(f"partial write: {rec['status'] or 'no answer'} {rec['method']} {rec['target']} ({rec['importer']}, "
                  f"{rec['format']}, mutations {'+'.join(rec['mutations']) or 'none'}): {rec['why']}; "
                  f"changed {rec['delta']}", flush=True)
        self.note_distinct("partial", rec, log_lines)

    def note_distinct(self, kind: str, rec: dict, log_lines: list[str]) -> None:
        sig = ""
        for line in log_lines:
            if re.search(r" (error|warning|critical) ", line):
                sig = re.sub(r"\d+", "N", re.sub(r"^\S+\s+\w+\s+\S+\s*|request-id=\S+\s*", "", line))[:140]
                break
        muts = "+".join(sorted(set(m for m in rec["mutations"])))
        key = (kind, rec["importer"], rec.get("status"), sig or rec.get("why", "")[:60] or muts)
        if key not in self.distinct:
            self.distinct[key] = {k: v for k, v in rec.items() if k != "data"} | {"log": log_lines, "count": 0}
        self.distinct[key]["count"] += 1
        if self.save_dir:
            self.saved += 1
            name = f"{self.saved:03d}-{kind}-{rec['importer']}.{rec['format']}"
            (self.save_dir / name).write_bytes(rec.pop("data", b""))
            rec["saved_as"] = str(self.save_dir / name)
            self.distinct[key].setdefault("saved_as", rec["saved_as"])
        rec.pop("data", None)
        if self.failures_out:
            self.failures_out.write(json.dumps(rec | {"kind": kind, "log": log_lines}, ensure_ascii=False) + "\n")
            self.failures_out.flush()

    # ---- run ------------------------------------------------------------------------------------
    def run_case(self, c: dict, before: dict[str, int]) -> tuple[dict[str, int], int, list, bytes]:
        who, method, target, body, ctype = self.request_for(c)
        offset = self.log_offset()
        t0 = time.monotonic()
        status, hdrs, answer = self.send(who, method, target, body, ctype)
        elapsed = time.monotonic() - t0
        after = self.counts()
        delta = {t: after[t] - before[t] for t in TABLES if after[t] != before[t]}
        key = f"{c['importer']}{'/page' if c['page'] else ''}/{c['fmt']}"
        per = self.stats.setdefault(key, {})
        per[status] = per.get(status, 0) + 1
        rec = self.describe(c, who, target) | {"status": status, "seconds": round(elapsed, 2),
                                               "answer": answer[:400].decode("utf-8", "replace"), "delta": delta}
        if self.verbose:
            m = re.search(rb'"code"\s*:\s*"([^"]+)"', answer) or re.search(rb'flash-error"[^>]*>([^<]*)<', answer) \
                or re.search(rb'<p class="lead">([^<]*)<', answer)
            print(f"case {key} {status} {'+'.join(c['mutations']) or 'none'} {len(c['data'])}B {elapsed:.2f}s "
                  f"{(m.group(1).decode('utf-8', 'replace') if m else '')[:100]} {delta or ''}", flush=True)
        log_lines: list[str] | None = None
        if status == 0:  # no answer at all: the server crashed, hung past the timeout or dropped the upload
            if not self.healthy():
                self.abort = "the server stopped answering /healthz (crashed or hung) after the case above"
                self.settle_log()
            log_lines = self.log_since(offset)
            self.record_5xx(rec, log_lines)
        elif status >= 500:
            log_lines = self.log_since(offset)
            self.record_5xx(rec, log_lines)
        why = self.judge(c, status, hdrs, answer, delta)
        if not why and self.accepted(c, status, hdrs) and delta:
            why = self.whole(c)
        if why:
            self.record_partial(rec | {"why": why}, log_lines if log_lines is not None else self.log_since(offset))
        if c["importer"] == "collections" and self.accepted(c, status, hdrs) and c.get("form"):
            self.last_keys.append((c["form"]["key"], c["data"], c["form"]["date"], c["form"]["cashCounted"]))
            self.last_keys = self.last_keys[-20:]
        if status in (302, 303) and header(hdrs, "Location").startswith("/login") and who.endswith("@page"):
            self.session(who.split("@")[0])  # the session ended: sign in again
        if c["importer"] in ("households", "groups") and delta.get("households") or delta.get("group_memberships"):
            self.free = self.free_households()
        return after, status, hdrs, answer

    def run(self) -> int:
        t0 = time.monotonic()
        if not self.healthy():
            return self.setup_error("/healthz does not answer 200")
        self.connect_db()
        self.setup()
        print(f"fuzz-imports: seed {self.seed}, {self.cases} cases; collections into {self.collection_group} "
              f"({len(self.collection_members)} members), {len(self.free)} households of {COMMUNE} in no group", flush=True)
        counts = self.counts()
        importers = ["households", "groups", "collections", "ratings", "book"]
        # the valid files first: each must be accepted
        for imp in importers:
            c = self.case(imp, valid=True)
            counts, status, hdrs, answer = self.run_case(c, counts)
            if not self.accepted(c, status, hdrs):
                return self.setup_error(f"the valid {imp} file was refused: {status} {page_text(answer)}")
            print(f"fuzz-imports: valid {imp} {c['fmt']} accepted ({status})", flush=True)
        weights = [("households", 0.26), ("groups", 0.22), ("collections", 0.17), ("ratings", 0.2), ("book", 0.15)]
        for n in range(self.cases):
            x, imp = self.rng.random(), "ratings"
            for name, w in weights:
                x -= w
                if x < 0:
                    imp = name
                    break
            c = self.case(imp)
            counts, status, hdrs, answer = self.run_case(c, counts)
            if self.abort:
                break
            if (n + 1) % 500 == 0:
                print(f"fuzz-imports: {n + 1} cases, {self.requests} requests, {time.monotonic() - t0:.0f}s", flush=True)
        return self.finish()

    def finish(self) -> int:
        healthy = self.healthy()
        if len(self.fivexx) > self.printed_5xx:
            print(f"… and {len(self.fivexx) - self.printed_5xx} more 5xx")
        if len(self.partials) > self.printed_partial:
            print(f"… and {len(self.partials) - self.printed_partial} more partial writes")
        if self.distinct:
            print(f"distinct failures ({len(self.distinct)}):")
            for (kind, imp, status, sig), rec in sorted(self.distinct.items(), key=lambda kv: str(kv[0])):
                print(f"  {kind} {status or 'no answer'} {imp} x{rec['count']}: {rec.get('why') or sig}")
                print(f"    e.g. as {rec['who']}: POST {rec['target']} {rec['format']} ({rec['bytes']} bytes), mutations "
                      f"{'+'.join(rec['mutations']) or 'none'}" + (f", form {rec['form']}" if rec.get("form") else "")
                      + (", checkOnly" if rec["checkOnly"] else "") + (", skipBadRows" if rec["skipBadRows"] else ""))
                print(f"    file starts: {rec['file_head'][:200]!r}"
                      + (f" (saved as {rec['saved_as']})" if rec.get("saved_as") else ""))
                if rec.get("delta"):
                    print(f"    counts changed: {rec['delta']}")
                print(f"    answer: {rec['answer'][:300]!r}")
                for line in rec.get("log", [])[:14]:
                    print(f"    log: {line}")
        print("statuses: " + "; ".join(f"{k}: " + ", ".join(f"{s} x{n}" for s, n in sorted(v.items()))
                                       for k, v in sorted(self.stats.items())))
        if self.abort:
            print(f"fuzz-imports: aborted: {self.abort}")
        if not healthy:
            print("fuzz-imports: /healthz does not answer 200 at the end")
        print(f"fuzz-imports: {self.requests} requests, {len(self.fivexx)} 5xx, {len(self.partials)} partial writes",
              flush=True)
        return 0 if healthy and not self.fivexx and not self.partials and not self.abort else 1


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("base_url")
    p.add_argument("database", help="the server's SQLite file (read-only)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases", type=int, default=2400)
    p.add_argument("--server-log", help="the server's log file: its lines written during a failure are printed")
    p.add_argument("--failures-out", help="write every failing case to this JSON-lines file")
    p.add_argument("--verbose", action="store_true", help="one line per case: status, mutations, size, time, error code")
    p.add_argument("--save-files", metavar="DIR", help="save the file of every failing case in DIR")
    p.add_argument("--skip-mutation", action="append", metavar="NAME",
                   help="never apply this mutation (e.g. zip_central_field), to look past a known failure; repeatable")
    args = p.parse_args()
    return Fuzzer(args).run()


if __name__ == "__main__":
    sys.exit(main())
