"""A build's cache: what the last build read, validated and rendered, so the next one
reads, validates and renders only what changed since (the serve preview's update,
cchc/preview.py). At province scale our stages take ~8 s from scratch, ~2 s after one edit.

One file, `.build/cache/build.pickle`, written while MkDocs runs in its own process.
It is used only when the same code made it: every file of the `cchc` package, the
libraries that read and render, the Python version, the content folder, the working
directory (messages name files relative to it) and the site address. Anything else, or a
file that cannot be read, means a build from scratch. A file is known unchanged by its
bytes (a fresh checkout gives every file a new time).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
from importlib import metadata
from pathlib import Path

from . import compiled, engine, pipeline, preview

CACHE_FILE = engine.CACHE_DIR / "build.pickle"
PACKAGE = Path(__file__).resolve().parent
# The libraries whose versions change what is read or rendered.
LIBRARIES = ("pyyaml", "pydantic", "pydantic-core", "jinja2", "markupsafe", "markdown", "python-docx", "icalendar")


def key(content_dir: Path, site_url: str | None) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}\0".encode())
    digest.update(f"{sys.version}\0{content_dir.resolve()}\0{os.getcwd()}\0{site_url}".encode())
    return digest.digest()


def restore(content_dir: Path, site_url: str | None) -> preview.Preview | None:
    """The last build's state of this content folder, or None to build from scratch."""
    try:
        with CACHE_FILE.open("rb") as file:
            if file.read(16) != key(content_dir, site_url):
                return None
            with pipeline.collector_paused():  # millions of objects, none garbage
                state = pickle.load(file)
    except Exception:  # noqa: BLE001 - missing, cut short, or made by other code: start over
        return None
    return state if isinstance(state, preview.Preview) else None


def save(state: preview.Preview, content_dir: Path, site_url: str | None) -> None:
    """Whole or not at all (written beside, then renamed); a build that cannot write it still builds."""
    partial = CACHE_FILE.with_name(f"{CACHE_FILE.name}.{os.getpid()}")
    try:
        CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            file.write(key(content_dir, site_url))
            pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(CACHE_FILE)
    except OSError:
        pass
    finally:
        partial.unlink(missing_ok=True)


def clear() -> None:
    """Forget everything: the next build starts from scratch (the benchmark's first build)."""
    shutil.rmtree(engine.CACHE_DIR, ignore_errors=True)
    compiled.forget()
