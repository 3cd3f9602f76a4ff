"""Jinja templates compiled once, kept in the cache folder for the next process: ours
(render) and the theme's (MkDocs compiles Material's 32 templates again for every build,
and in `serve` for every rebuild). A template whose source changed compiles again (each entry
holds its source's checksum); a file from another Python or Jinja is ignored."""
from __future__ import annotations

from pathlib import Path

import jinja2


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache with the loaded code kept in memory too (serve renders and
    rebuilds after every edit). Each environment needs its own folder: the code depends
    on the environment's options (escaping, whitespace), which the key does not hold."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))
        self.compiled: dict[str, bytes] = {}
        _ALL.append(self)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key not in self.compiled:
            super().load_bytecode(bucket)  # a file that is missing or from another Python: nothing
            if bucket.code is None:
                return
            self.compiled[bucket.key] = bucket.bytecode_to_string()
        bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:  # a read-only checkout still builds
            pass


_ALL: list[CompiledTemplates] = []  # every cache of this process, for `forget`


def forget() -> None:
    """What this process loaded, forgotten with the cache folder (a build from scratch)."""
    for templates in _ALL:
        templates.compiled.clear()
