"""Stage 4, write: the rendered pages and the editors' attachments into the
docs folder the engine reads. A file is rewritten only when its bytes change
(so `mkdocs serve` and the engine's caches see unchanged files as unchanged),
and files no longer produced are removed."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cchc.records import attachments

ASSET_FOLDERS = (attachments.FOLDER,)  # copied from content/ as they are


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def _put(path: Path, text: str | bytes, report: WriteReport, known: str | bytes | None = None) -> None:
    if known == text and path.is_file():  # serve: the same text as last time (compared before encoding)
        report.unchanged += 1
        return
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        report.unchanged += 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    report.written += 1


def write_tree(pages: Mapping[str, str | bytes], content: Path, docs: Path, written: dict[str, str | bytes] | None = None) -> WriteReport:
    """Make `docs` hold exactly the pages (and generated files, text or bytes) and the content/files attachments.

    `written` (serve) holds what the last call wrote, by path: a page with the same text
    is not read back to compare, and the dict is updated; after the first call only the
    pages it no longer holds and the attachments are swept, not the whole folder."""
    report = WriteReport()
    swept = [docs / relative for relative in written.keys() - pages.keys()] if written else None
    if written:
        for relative in written.keys() - pages.keys():
            del written[relative]
    wanted: set[Path] = set()
    for relative, text in pages.items():
        target = docs / relative
        wanted.add(target)
        _put(target, text, report, written.get(relative) if written is not None else None)
        if written is not None:
            written[relative] = text
    # Attachments: never through a symbolic link leading out of content/files/.
    for path, under_files in attachments.published(content):
        target = docs / attachments.FOLDER / under_files
        wanted.add(target)
        if not target.is_file() or target.stat().st_mtime < path.stat().st_mtime or target.stat().st_size != path.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            report.written += 1
        else:
            report.unchanged += 1
    if swept is None:  # everything in the folder
        swept = sorted(docs.rglob("*"), reverse=True) if docs.is_dir() else []
    else:  # serve: what the last call wrote and this one did not, and the attachments
        swept += [path for folder in ASSET_FOLDERS for path in sorted((docs / folder).rglob("*"), reverse=True)]
        swept += sorted({parent for path in swept for parent in path.parents if docs in parent.parents}, reverse=True)
    for path in swept:
        if path.is_file() and path not in wanted:
            path.unlink()
            report.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report
