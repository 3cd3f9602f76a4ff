"""The stages in order: load and validate → render → write → engine.

Thin on purpose: each stage lives in its own module and knows nothing of the
others' internals. The first three run in `preview.Preview.update`, which `prepare`
starts from the last build's cache; `serve` keeps a Preview and updates it per edit.
"""
from __future__ import annotations

import ctypes
import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from . import cache, decap, engine, preview, publish, search
from .errors import stop_if
from .validate import Content


@contextmanager
def collector_paused() -> Iterator[None]:
    """Our stages build millions of objects that live until the engine is done (records,
    pages): Python's cycle collector would walk them again at every threshold, for nothing
    (bench, province: load + validate ~1 s faster, render ~0.7 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def set_aside() -> Iterator[None]:
    """Everything alive now is skipped by the collections in the block (the search index
    and open data make many: our records need not be walked at each)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def release_freed_memory() -> None:
    """Hand what was just freed back to the system: glibc keeps freed large blocks (the pages'
    text) for reuse, so the process stayed as large while MkDocs and Pagefind ran beside it
    (national scale: 170 MB less at the build's peak). Elsewhere than glibc, nothing."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def prepare(
    content_dir: Path, today: date | None = None, site_url: str | None = None, *,
    use_cache: bool = True, timings: dict[str, float] | None = None,
) -> preview.Preview:
    """Validate everything, then render every page into the docs folder the engine reads;
    with the cache, only what changed since the last build of this folder (cchc/cache.py)."""
    with timed(timings, "restore the cache"):
        state = (use_cache and cache.restore(content_dir, site_url)) or preview.Preview(content_dir, site_url)
    state.update(today or date.today(), timings=timings)  # the collector waits inside
    return state


def beside_engine(content: Content, url: str | None, today: date, stop: threading.Event | None = None) -> Callable[[Path], None]:
    """What needs no page MkDocs writes: built in this process while MkDocs runs in its own.
    Serve's background passes `stop`: once set, errors.Stopped ends the work at its next step."""

    def write(folder: Path) -> None:
        search.write_index(content, folder, stop)
        stop_if(stop)
        publish.write_data(content, folder, url, today, stop)

    return write


def after_engine(content: Content, url: str | None) -> Callable[[Path], None]:
    def write(site_dir: Path) -> None:
        decap.install(site_dir)
        publish.write_headers(content, site_dir, url)  # last: hashes every page's inline scripts

    return write


def build(
    content_dir: Path, out: Path, site_url: str | None = None, today: date | None = None, *,
    use_cache: bool = True, timings: dict[str, float] | None = None,
) -> Content:
    """Validate, render, write, then the engine. Without the cache everything is read and
    rendered; either way the cache then holds this build. `timings` receives each stage's seconds."""
    today = today or date.today()
    kept = [prepare(content_dir, today, site_url, use_cache=use_cache, timings=timings)]
    content = kept[0].content
    url = publish.site_url(content, site_url)
    beside = beside_engine(content, url, today)

    def while_mkdocs_runs(folder: Path) -> None:
        cache.save(kept.pop(), content_dir, site_url)  # then the pages are freed, before MkDocs' peak
        content.sources.clear()  # the files' raw data and lines: needed no more (national: ~150 MB)
        release_freed_memory()
        beside(folder)

    with set_aside(), timed(timings, "engine: MkDocs, and beside it search index, open data, widgets"):
        engine.build_atomically(content.site, out, url, alongside=while_mkdocs_runs, extras=after_engine(content, url))
    return content


@contextmanager
def timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[stage] = time.perf_counter() - started
