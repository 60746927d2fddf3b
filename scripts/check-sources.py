#!/usr/bin/env python3
"""Issue #13: nothing a request, a file or the database sends may end the process.

Fails (exit 1) on any `try!`, forced cast `as!` or force unwrap `x!` in Sources/, naming each.
String literals and comments are blanked first (line numbers kept), so a "!" in Vietnamese
text or a `!=` is not counted.
    python3 scripts/check-sources.py [DIR]
"""
import os
import re
import sys


def blank(src: str) -> str:
    """The source with string literals and comments replaced by spaces, newlines kept."""
    out, i, n = [], 0, len(src)
    keep = lambda text: re.sub(r"[^\n]", " ", text)
    while i < n:
        if src.startswith('"""', i):
            j = src.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(keep(src[i:j])); i = j; continue
        if src[i] == '"':
            j = i + 1
            while j < n and src[j] not in '"\n':
                j += 2 if src[j] == "\\" else 1
            out.append(keep(src[i:j + 1])); i = j + 1; continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(keep(src[i:j])); i = j; continue
        if src.startswith("/*", i):
            j = src.find("*/", i)
            j = n if j < 0 else j + 2
            out.append(keep(src[i:j])); i = j; continue
        out.append(src[i]); i += 1
    return "".join(out)


PATTERNS = [
    ("try!", re.compile(r"\btry!")),
    ("forced cast", re.compile(r"\bas!")),
]
# A postfix "!" after a name, a call or a subscript; `try!` and `as!` are counted above.
UNWRAP = re.compile(r"(\w+|[\)\]\?])!(?!=)")


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "Sources"
    found = 0
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                lines = blank(f.read()).split("\n")
            for number, line in enumerate(lines, 1):
                labels = [label for label, pattern in PATTERNS if pattern.search(line)]
                if any(m.group(1) not in ("try", "as") for m in UNWRAP.finditer(line)):
                    labels.append("force unwrap")
                for label in labels:
                    print(f"{path}:{number}: {label}: {line.strip()[:100]}")
                    found += 1
    print(f"check-sources: {found} try!, forced casts or force unwraps in {root}/")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
