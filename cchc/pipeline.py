"""The stages in order: load and validate → render → write → engine.

Thin on purpose: each stage lives in its own module and knows nothing of the
others' internals; the CLI and the serve hook both call `prepare`.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from . import cache, decap, engine, exports, parallel, preview, publish, render, search, validate, write
from .errors import Abort
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
    """Everything alive now is skipped by the collections in the block (MkDocs makes many:
    walking our records at each was ~1 s of its time at province scale)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def render_pages(content: Content, today: date, site_url: str | None) -> dict[str, str | bytes]:
    """The docs tree: pages, and the files the plan tracking publishes beside them."""
    exported = parallel.started(lambda: exports.files(content, today))
    return {**render.render(content, today, publish.site_url(content, site_url)), **exported()}


def prepare(content_dir: Path, today: date | None = None, site_url: str | None = None) -> tuple[Content, write.WriteReport]:
    """Validate everything, then render every page into the docs folder the engine reads."""
    content, errors = validate.validate(content_dir)
    if errors:
        raise Abort(errors)
    report = write.write_tree(render_pages(content, today or date.today(), site_url), content_dir, engine.DOCS_DIR)
    return content, report


def beside_engine(content: Content, url: str | None, today: date) -> Callable[[Path], None]:
    """What needs no page MkDocs writes: built beside it, in its own process."""

    def write(folder: Path) -> None:
        search.write_index(content, folder)
        publish.write_data(content, folder, url, today)

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
    """Validate, render, write, then the engine. With the cache, only what changed since the
    last build of this folder is read, validated and rendered (cchc/cache.py); without, all
    of it, and the cache then holds this build. `timings` receives each stage's seconds."""
    today = today or date.today()
    with timed(timings, "restore the cache"), collector_paused():  # millions of objects, none garbage
        state = (use_cache and cache.restore(content_dir, site_url)) or preview.Preview(content_dir, site_url)
    state.update(today, timings=timings)  # only what changed; the collector waits inside
    content = state.content
    saving = cache.Saving(state, content_dir, site_url)
    del state  # the pages are on disk and in the saving process: not held through the engine
    url = publish.site_url(content, site_url)
    try:
        with set_aside(), timed(timings, "engine: MkDocs, and beside it search index, open data, widgets"):
            engine.build_atomically(content.site, out, url, alongside=beside_engine(content, url, today), extras=after_engine(content, url))
    finally:
        saving.wait()
    return content


@contextmanager
def timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[stage] = time.perf_counter() - started
