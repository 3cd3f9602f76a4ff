"""A build's (or a `serve`'s) private working folder: the rendered Markdown, the engine's
configuration, the site being built and every temporary file, in one folder no other run
shares. Two builds at once, or a build beside `serve`, never see each other's files.

The folder is locked while its run lives (an advisory lock, released by the system even when
the process is killed), so the next run removes the folders of runs that were killed
(`sweep`). Child processes are asked to die with the run (`cchc.base.parallel.dies_with_parent`).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from types import TracebackType

LOCK = "lock"
PREFIX = ".cchc-work-"


class Workspace:
    """`with Workspace(parent, name) as work:` makes `parent/.cchc-work-<name>-XXXX`, locked;
    leaving the block removes it. Temporary files of this process and of its children go
    into `work.tmp` while it lives (Pagefind's pages, MkDocs' own site copy under serve)."""

    def __init__(self, parent: Path, name: str, facts: dict | None = None) -> None:
        self.parent = parent
        self.name = name
        self.facts = facts or {}
        self.path = Path()
        self._lock: int | None = None
        self._previous_tmp: tuple[str | None, str | None] = (None, None)

    def __enter__(self) -> Workspace:
        sweep(self.parent)
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.name}-", dir=self.parent))
        self._lock = os.open(self.path / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        (self.path / "run.json").write_text(json.dumps({"pid": os.getpid(), **self.facts}, ensure_ascii=False), encoding="utf-8")
        self.tmp.mkdir()
        self._previous_tmp = (tempfile.tempdir, os.environ.get("TMPDIR"))
        tempfile.tempdir = str(self.tmp)
        os.environ["TMPDIR"] = str(self.tmp)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        tempfile.tempdir, previous_env = self._previous_tmp
        if previous_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = previous_env
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)

    @property
    def docs(self) -> Path:
        return self.path / "docs"

    @property
    def tmp(self) -> Path:
        return self.path / "tmp"


def read_facts(path: Path) -> dict:
    try:
        return json.loads((path / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def sweep(parent: Path) -> list[Path]:
    """Remove the working folders in `parent` whose run has ended without removing them
    (killed): their lock is free. Returns what was removed."""
    removed: list[Path] = []
    try:
        candidates = [path for path in parent.iterdir() if path.name.startswith(PREFIX) and path.is_dir() and not path.is_symlink()]
    except OSError:
        return removed
    for path in candidates:
        try:
            lock = os.open(path / LOCK, os.O_RDWR)
        except FileNotFoundError:
            lock = None  # killed before it took its lock, or a run starting now: left a minute
            try:
                if time.time() - path.stat().st_mtime < 60:
                    continue
            except OSError:
                continue
        except OSError:
            continue
        try:
            if lock is not None:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # alive
        finally:
            if lock is not None:
                os.close(lock)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed
