"""Run a stage's work on every core: MkDocs and Pagefind use one each, but reading
and rendering thousands of records divide well (2 cores: ~1.8x, measured in bench/).

Worker processes are forked, so they start with the parent's state (templates,
validated records) and nothing but the items and results is pickled. Small jobs,
and platforms without fork, run in this process.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, starting processes costs more than it saves

_work: Callable[[Any], Any] | None = None  # the function the forked workers run


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    assert _work is not None
    return [_work(item) for item in chunk]


# The signals that stop a process, which `serve` turns into Ctrl-C.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _default_signals() -> None:
    """A worker dies of SIGTERM, whatever its parent does with it (under `serve` a worker
    printed a KeyboardInterrupt, or one waiting for the queue's lock kept running, and the
    parent waited for it forever)."""
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    dies_with_parent()  # and dies with it, even when it is killed (`kill -9` left workers running)


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_items(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[function(item) for item in items], in order, divided among the cores."""
    global _work
    count = workers()
    if count < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    # Sixteen chunks a worker: while the last chunk runs the other cores wait, so chunks stay
    # small (render at province scale: ~4.6 s with four a worker, ~4.2 s with sixteen).
    size = -(-len(items) // (count * 16))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    _work = function
    try:
        with multiprocessing.get_context("fork").Pool(count, initializer=_default_signals) as pool:
            results = pool.map(_run_chunk, chunks)
            pool.close()  # the workers end on their own, not by SIGTERM as leaving the block does
            pool.join()
        return [result for chunk in results for result in chunk]
    finally:
        _work = None


def started(function: Callable[[], R]) -> Callable[[], R]:
    """Start function() in a forked process now; the returned call waits for its result.
    For work that would otherwise wait for the render (the plans' .docx: 0.4 s at province
    scale). Without fork or a second core, it runs at once.

    The result goes through a temporary file, not a pipe: through a pipe the child waited,
    holding its copy of the records it read, until the render ended and the parent read
    (national scale: 230 MB of the build's peak memory)."""
    if workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        at_once = function()
        return lambda: at_once
    outcome = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the returned call, after the child wrote it

    def run() -> None:
        dies_with_parent()
        try:
            pickle.dump((True, function()), outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            outcome.seek(0)
            outcome.truncate()
            pickle.dump((False, exc), outcome, protocol=pickle.HIGHEST_PROTOCOL)
        outcome.flush()

    # A daemon: were the parent to fail before asking, the child would not keep it waiting.
    process = multiprocessing.get_context("fork").Process(target=run, daemon=True)
    process.start()

    def result() -> R:
        process.join()
        with outcome:
            outcome.seek(0)
            try:
                succeeded, value = pickle.load(outcome)
            except Exception:  # noqa: BLE001 - the child died before it wrote all of it
                raise RuntimeError(f"the process computing {function!r} ended without a result (exit code {process.exitcode})") from None
        if not succeeded:
            raise value
        return value

    return result


_PR_SET_PDEATHSIG = 1


def dies_with_parent() -> None:
    """For `preexec_fn` and forked workers: the system kills this process when the process (or
    thread) that started it ends, even by `kill -9`: a killed build left MkDocs and Pagefind
    running. Linux only; elsewhere nothing."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
