"""`python build.py fix [PATH]`: clean text pasted from Word or an old CMS.

Converts TCVN3 and VNI words (cchc.base.legacy) and HTML entities into NFC Unicode,
working on the file's text, never by re-dumping YAML: keys, comments, quoting
and line breaks stay exactly as the editor wrote them. Shows a unified diff per
file and writes only when asked (`--write`).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from cchc.base import legacy, text
from cchc.records.loader import YAML_SUFFIXES, shown_path

SUFFIXES = (*YAML_SUFFIXES, ".md")


@dataclass
class Fix:
    path: Path
    before: str
    after: str
    legacy_bytes: bool  # the file was not UTF-8: read as Windows-1252 (an 8-bit TCVN3/VNI file)

    def diff(self) -> str:
        shown = shown_path(self.path)
        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), f"a/{shown}", f"b/{shown}")
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _unescape(match) -> str:
    entity = match.group(0)
    decoded = html.unescape(entity)
    # A non-breaking space pasted as &nbsp; is meant as an ordinary space in our text.
    return " " if decoded == "\u00a0" else decoded


# A YAML key at the start of a line ("  - ten: "): ASCII, and lower case, so it would hide
# an all-caps TCVN3 line from the capitals rule; it is masked while the line is read.
_KEY = re.compile(r"^[ \t]*(?:- )*[A-Za-z_][A-Za-z0-9_]*:[ \t]*")


def _legacy_line(line: str) -> str:
    key = _KEY.match(line)
    masked = " " * key.end() + line[key.end() :] if key else line
    out, last = [], 0
    for start, end, _, reading in legacy._scan(masked, None):
        out += [line[last:start], reading]
        last = end
    return "".join(out) + line[last:]


def clean(value: str) -> str:
    """Ð typed for Đ → Đ (before the legacy check would read "NÐ" as TCVN3 "Né"), legacy
    words → Unicode (line by line, as the loader judges each value), then entities →
    characters, all NFC."""
    value = "".join(_legacy_line(text.eth_to_d(line)) for line in text.nfc(value).splitlines(keepends=True))
    return text.nfc(text._ENTITY.sub(_unescape, value))


def _decode(raw: bytes) -> tuple[str, bool]:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), False
    except UnicodeDecodeError:
        # TCVN3/VNI files saved by old editors: each byte is the cp1252 character legacy.py reads.
        return raw.decode("cp1252", errors="replace"), True


def files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def find(path: Path) -> list[Fix]:
    """The files under `path` whose text would change."""
    fixes = []
    for file in files(path):
        before, legacy_bytes = _decode(file.read_bytes())
        after = clean(before)
        if after != before or legacy_bytes:
            fixes.append(Fix(file, before, after, legacy_bytes))
    return fixes


def write(fix: Fix) -> None:
    fix.path.write_text(fix.after, encoding="utf-8", newline="")
