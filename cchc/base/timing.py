"""Stage timings for `build --timings` and bench/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[stage] = time.perf_counter() - started
