"""Error types. Editor mistakes are ContentError (reported, exit 1, no traceback);
anything else escaping the pipeline is our bug and keeps its traceback."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one editor file, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class Abort(Exception):
    """Stop the command with exit status 1 after printing the errors."""

    def __init__(self, errors: list[ContentError] | None = None, message: str = ""):
        super().__init__(message)
        self.errors = sorted(errors or [])
        self.message = message


class Stopped(Exception):
    """Work a newer rebuild made stale was stopped (serve's background index and data)."""


def stop_if(stop: threading.Event | None) -> None:
    """Raise Stopped once `stop` is set: called between steps of work that may be superseded."""
    if stop is not None and stop.is_set():
        raise Stopped
