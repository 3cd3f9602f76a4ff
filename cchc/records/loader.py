"""Stage 1, load: every editor file under content/ → a Source with its data,
the line of each key, and the problems found while reading it.

Nothing here knows the models' rules; it only turns bytes into data an editor
can be pointed back to (file and line), normalised to NFC.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.base import limits, parallel, text
from cchc.base.errors import ContentError
from cchc.models import KINDS, Kind
from cchc.records import messages, yamlsource

YAML_SUFFIXES = (".yml", ".yaml")
# A place a scaffold of `new` leaves for the editor to fill: «Tiêu đề tin». A record
# holding one is a draft: refused until filled, so a placeholder is never published.
PLACEHOLDER = re.compile(r"«[^«»\n]*»")
WARNING_PREFIX = "cảnh báo: "
ETH_WARNING = "chữ “Ð” (U+00D0, chữ Eth của tiếng Iceland) được đọc thành “Đ” (U+0110); hãy sửa trong tệp, hoặc chạy “python build.py fix --write”"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


@dataclass
class Source:
    """One editor file, read but not yet validated."""

    kind: Kind
    path: Path  # absolute
    shown: str  # as printed in messages: relative to the working directory when possible
    id: str  # file name without suffix; the record's URL segment
    data: dict[str, Any] | None = None
    positions: dict[tuple, int] = field(default_factory=dict)
    body: str = ""  # Markdown after the front matter (news)
    body_line: int = 1
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)  # printed, never stop a build
    digest: bytes = b""  # of the file's bytes: a build's cache knows an unchanged file by it

    def line(self, where: tuple = ()) -> int:
        """Line of the deepest part of `where` present in the file (a missing key → its parent)."""
        for size in range(len(where), -1, -1):
            if where[:size] in self.positions:
                return self.positions[where[:size]]
        return 1

    def title_for(self, where: tuple) -> str:
        """The field's Vietnamese title, or the key as written when the model has no such field."""
        key, title, *_ = messages.describe(self.kind.model, where)
        keys = [part for part in where if isinstance(part, str)]
        return title if keys and key == keys[-1] else (keys[-1] if keys else "")

    def error(self, where: tuple, title: str, message: str) -> ContentError:
        return ContentError(self.shown, self.line(where), title, message)

    def warning(self, where: tuple, title: str, message: str) -> ContentError:
        """Printed as `path:line: field: cảnh báo: message`; the build goes on."""
        return ContentError(self.shown, self.line(where), title, f"{WARNING_PREFIX}{message}")


def shown_path(path: Path) -> str:
    text, cwd = str(path), os.getcwd()
    if text.startswith(cwd + os.sep):  # the usual case, without relpath's cost (serve asks after every edit)
        return text[len(cwd) + 1 :]
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def files_under(folder: Path) -> list[Path]:
    """The files in folder and its subfolders, sorted as Paths sort; symbolic links to folders
    are not followed (as rglob). Serve lists every record folder after each edit: rglob,
    is_file and Path comparisons took 0.15 s of it at province scale."""
    found: list[tuple[tuple[str, ...], str]] = []

    def walk(directory: str, parts: tuple[str, ...]) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, (*parts, entry.name))
                elif entry.is_file():
                    found.append(((*parts, entry.name), entry.path))

    walk(str(folder), ())
    found.sort()
    return [Path(path) for _, path in found]


def stray_files(content: Path) -> list[ContentError]:
    """Files in a record folder that no kind reads: probably a mistyped suffix."""
    errors = []
    for kind in KINDS.values():
        folder = content / kind.folder
        if kind.single or not folder.is_dir():
            continue
        suffixes = YAML_SUFFIXES if kind.suffix == ".yml" else (kind.suffix,)
        for path in files_under(folder):
            if path.suffix.lower() not in suffixes and not path.name.startswith(".") and path.name != "README.md":
                expected = " hoặc ".join(suffixes)
                errors.append(
                    ContentError(
                        shown_path(path),
                        0,
                        "",
                        f"tệp bị bỏ qua vì không có đuôi {expected}: hãy đổi tên tệp hoặc chuyển tệp đính kèm sang thư mục files/",
                    )
                )
    return errors


def discover(content: Path) -> list[Source]:
    """Every file that belongs to a record kind, in a stable order."""
    sources = []
    for kind in KINDS.values():
        if kind.single:
            candidates = [content / f"{kind.single}{suffix}" for suffix in YAML_SUFFIXES]
            files = [path for path in candidates if path.is_file()]
        else:
            folder = content / kind.folder
            suffixes = YAML_SUFFIXES if kind.suffix == ".yml" else (kind.suffix,)
            files = [path for path in files_under(folder) if path.suffix.lower() in suffixes] if folder.is_dir() else []
        for path in files:
            sources.append(Source(kind, path, shown_path(path), path.stem))
    return sources


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _decode(raw: bytes, source: Source) -> str | None:
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        source.errors.append(
            ContentError(
                source.shown,
                line,
                "",
                f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02X}): hãy lưu lại tệp với bảng mã UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)",
            )
        )
        return None
    return decoded.removeprefix("\ufeff")


def _check_text(strings: list[tuple[tuple, str]], source: Source) -> None:
    """Report text pasted in a legacy encoding or with HTML entities, and images from another site."""
    values = [value for _, value in strings]
    for (where, _), problem in zip(strings, text.text_problems(values), strict=True):
        if problem:
            source.errors.append(source.error(where, source.title_for(where), problem))
    if text.may_have_image("\n".join(values)):
        for where, value in strings:
            found = text.offsite_image(value)
            if found:
                source.errors.append(source.error(where, source.title_for(where), text.offsite_image_message(found[1])))


def _placeholder(found: str) -> str:
    return f"chưa điền “{found}”: thay bằng nội dung thật (chỗ «…» là phần tệp mẫu để trống cho bạn điền)"


def _check_placeholders(strings: list[tuple[tuple, str]], source: Source, yaml_lines: list[str], first_line: int) -> None:
    for where, value in strings:
        found = PLACEHOLDER.search(value)
        if found:
            # The key's line, or in a block of text (“tra_loi: |”) the line below it that holds the «…».
            line = source.line(where)
            below = [n for n in range(line - first_line, len(yaml_lines)) if found.group(0) in yaml_lines[n]]
            if below:
                line = first_line + below[0]
            source.errors.append(ContentError(source.shown, line, source.title_for(where), _placeholder(found.group(0))))
    found = PLACEHOLDER.search(source.body)
    if found:
        line = source.body_line + source.body.count("\n", 0, found.start())
        source.errors.append(ContentError(source.shown, line, "nội dung", _placeholder(found.group(0))))


def read(source: Source) -> Source:
    """Fill in data, positions and read errors of one source."""
    size = source.path.stat().st_size
    if size > limits.RECORD_FILE_BYTES:  # not read at all: it may be gigabytes
        source.errors.append(
            ContentError(
                source.shown,
                1,
                "",
                f"tệp quá lớn ({limits.size_text(size)}): một bản ghi tối đa {limits.size_text(limits.RECORD_FILE_BYTES)}. "
                "Hãy tách nội dung, hoặc đưa văn bản dài thành tệp đính kèm trong content/files/",
            )
        )
        return source
    raw = source.path.read_bytes()
    source.digest = digest(raw)
    decoded = _decode(raw, source)
    if decoded is None:
        return source
    if not decoded.strip():
        source.errors.append(ContentError(source.shown, 1, "", "tệp rỗng: chưa có trường nào. Dùng “python build.py new KIND” để tạo mẫu"))
        return source

    yaml_text, first_line = decoded, 1
    if source.kind.suffix == ".md":
        match = _FRONT_MATTER.match(decoded)
        if not match:
            source.errors.append(
                ContentError(
                    source.shown,
                    1,
                    "",
                    "thiếu phần đầu (front matter): tệp tin tức phải bắt đầu bằng dòng “---”, các trường như “tieu_de: ...”, rồi một dòng “---”",
                )
            )
            return source
        yaml_text, first_line = match.group(1), 2
        source.body_line = decoded[: match.end()].count("\n") + 1
        body = text.nfc(decoded[match.end() :])
        source.body = text.eth_to_d(body)
        if source.body != body:
            source.warnings.append(ContentError(source.shown, source.body_line, "nội dung", WARNING_PREFIX + ETH_WARNING))
        problem = text.text_problem(source.body)
        if problem:
            source.errors.append(ContentError(source.shown, source.body_line, "nội dung", problem))
        found = text.offsite_image(source.body) if text.may_have_image(source.body) else None
        if found:
            source.errors.append(ContentError(source.shown, source.body_line + found[0], "nội dung", text.offsite_image_message(found[1])))

    strings: list[tuple[tuple, str]] = []  # every text value with its place, for the text checks
    eth_fixed: list[tuple] = []
    data, positions, errors = yamlsource.parse(yaml_text, source.shown, first_line, source.title_for, strings, eth_fixed)
    source.positions = positions
    source.warnings.extend(source.warning(where, source.title_for(where), ETH_WARNING) for where in eth_fixed)
    source.errors.extend(errors)
    if data is None:
        return source
    if not isinstance(data, dict):
        source.errors.append(
            ContentError(source.shown, first_line, "", "tệp phải gồm các dòng “tên_trường: giá trị”, không phải một danh sách hay một dòng chữ")
        )
        return source
    source.data = data
    _check_text(strings, source)
    _check_placeholders(strings, source, yaml_text.splitlines(), first_line)
    return source


def read_all(sources: list[Source]) -> list[Source]:
    return parallel.map_items(read, sources)


def load(content: Path) -> list[Source]:
    return read_all(discover(content))
