"""What a site is built from, as one digest: every file of the content folder, the code and
templates that read and render it, the versions of every installed library, the Python
version, the site address and the day (pages show statuses computed for a date).

Two builds with the same digest make the same site, so a build whose digest matches the one
its output folder was built from, with no file of that folder changed since, has nothing to do
(cchc/site/output.py: `unchanged`).
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Besides the content: what turns it into pages (the editor's bundle and settings included).
CODE = (ROOT / "cchc", ROOT / "overrides", ROOT / "hooks", ROOT / "mkdocs.yml", ROOT / "admin", ROOT / "vendor")


def _add_tree(digest: hashlib.blake2b, base: Path, label: str) -> None:
    if not base.exists():
        digest.update(f"{label}: none\0".encode())
        return
    if base.is_file():
        digest.update(f"{label}\0".encode() + base.read_bytes() + b"\0")
        return
    for parent, folders, names in os.walk(base):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            path = Path(parent) / name
            if path.suffix == ".pyc" or not path.is_file():
                continue
            digest.update(f"{label}/{path.relative_to(base).as_posix()}\0".encode() + path.read_bytes() + b"\0")


def inputs(content_dir: Path, site_url: str | None, today: date) -> str:
    digest = hashlib.blake2b(digest_size=20)
    _add_tree(digest, content_dir, "content")
    for path in CODE:
        _add_tree(digest, path, path.name)
    libraries = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    digest.update("\n".join(libraries).encode())
    digest.update(f"\0{sys.version}\0{site_url}\0{today.isoformat()}".encode())
    return digest.hexdigest()
