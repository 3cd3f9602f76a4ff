"""How our stages hold memory while the engine runs beside them: measured in bench/,
kept while they pay (docs/benchmarks.md, "Machinery")."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager, suppress


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
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
