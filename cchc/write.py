"""Stage 4, write: the rendered pages and the editors' attachments into the
docs folder the engine reads. A file is rewritten only when its bytes change
(so `mkdocs serve` and the engine's caches see unchanged files as unchanged),
and files no longer produced are removed."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

ASSET_FOLDERS = ("files",)  # copied from content/ as they are


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def _put(path: Path, data: bytes, report: WriteReport, known: bytes | None = None) -> None:
    if (known == data and path.is_file()) or (path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data):
        report.unchanged += 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    report.written += 1


def write_tree(pages: dict[str, str | bytes], content: Path, docs: Path, written: dict[str, bytes] | None = None) -> WriteReport:
    """Make `docs` hold exactly the pages (and generated files, text or bytes) and the content/files attachments.

    `written` (serve) holds what the last call wrote, by path: a page with the same bytes
    is not read back to compare, and the dict is updated."""
    report = WriteReport()
    wanted: set[Path] = set()
    for relative, text in pages.items():
        target = docs / relative
        wanted.add(target)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        _put(target, data, report, written.get(relative) if written is not None else None)
        if written is not None:
            written[relative] = data
    for folder in ASSET_FOLDERS:
        source = content / folder
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            if path.is_file():
                target = docs / folder / path.relative_to(source)
                wanted.add(target)
                if not target.is_file() or target.stat().st_mtime < path.stat().st_mtime or target.stat().st_size != path.stat().st_size:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
                    report.written += 1
                else:
                    report.unchanged += 1
    if docs.is_dir():
        for path in sorted(docs.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                report.removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return report
