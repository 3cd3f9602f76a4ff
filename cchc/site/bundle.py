"""The web editor's bundle (Decap CMS) without node_modules: `make build` runs
`python -m cchc.site.bundle`, which downloads the npm tarball pinned in
package-lock.json, checks it against the lock's sha512 integrity and keeps only
the files the browser loads (and their licence notice) in vendor/decap-cms/.

Standard library only: it runs before, and without, the virtual environment.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "package-lock.json"
PACKAGE = "decap-cms"
BUNDLE_DIR = ROOT / "vendor" / PACKAGE
STAMP = ".integrity"  # the integrity of the tarball the folder was unpacked from
REGISTRY = "https://registry.npmjs.org/"
# The main bundle, the chunks it loads on demand, its WebAssembly and the licence
# notice the bundle points to; not the source maps nor the unbranded cms.js copy.
KEPT = re.compile(r"(?:[0-9]+\.)?decap-cms\.js|decap-cms\.js\.LICENSE\.txt|[0-9a-f]+\.wasm")


class BundleError(Exception):
    """A message for the person running make: what went wrong, in Vietnamese."""


def pinned(lock: Path = LOCK) -> tuple[str, str, str]:
    """(version, tarball URL, integrity) of decap-cms in package-lock.json. The lock
    names no URL: the registry's tarball address is made from the version, as npm does."""
    entry = json.loads(lock.read_text(encoding="utf-8"))["packages"][f"node_modules/{PACKAGE}"]
    version = entry["version"]
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version):  # the lock is data: a version, not a path
        raise BundleError(f"{lock.name}: phiên bản {PACKAGE} không hợp lệ: {version!r}")
    return version, f"{REGISTRY}{PACKAGE}/-/{PACKAGE}-{version}.tgz", entry["integrity"]


def verify(data: bytes, integrity: str) -> None:
    """Raise unless one sha512 of the Subresource-Integrity string matches the bytes."""
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    expected = [token.split("-", 1)[1] for token in integrity.split() if token.startswith("sha512-")]
    if not expected:
        raise BundleError(f"package-lock.json: {PACKAGE} không có mã kiểm tra sha512")
    if digest not in expected:
        raise BundleError(f"tệp tải về của {PACKAGE} sai mã kiểm tra sha512 (mong đợi {expected[0]}, nhận {digest}): không dùng")


def unpack(data: bytes, target: Path) -> list[str]:
    """Write the kept files of package/dist/ into target (flat); the names written."""
    written = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            folder, _, name = member.name.rpartition("/")
            if folder != "package/dist" or not member.isfile() or not KEPT.fullmatch(name):
                continue
            source = archive.extractfile(member)
            assert source is not None  # a regular file (isfile above)
            with source, (target / name).open("wb") as out:
                shutil.copyfileobj(source, out)
            written.append(name)
    if "decap-cms.js" not in written:
        raise BundleError(f"gói {PACKAGE} không có dist/decap-cms.js")
    return written


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def fetch(target: Path = BUNDLE_DIR, lock: Path = LOCK, download=_download) -> Path:
    """Make target hold the pinned bundle; nothing is downloaded when it already does."""
    version, url, integrity = pinned(lock)
    stamp = target / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == integrity:
        return target
    try:
        data = download(url)
    except OSError as exc:
        raise BundleError(f"không tải được {url}: {exc}") from exc
    verify(data, integrity)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the target, then swapped in: an interrupted run leaves no half bundle.
    staging = Path(tempfile.mkdtemp(prefix=f".{PACKAGE}-", dir=target.parent))
    try:
        unpack(data, staging)
        (staging / STAMP).write_text(integrity, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Đã tải {PACKAGE} {version} (đã kiểm tra sha512) vào {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}/")
    return target


def main() -> int:
    try:
        fetch()
    except BundleError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
