"""What `make test` installed, in a few lines before the tests run: the Python packages
of .venv, the Chromium the browser tests drive, decap-server's node_modules and Decap
CMS's bundle. `python tests/installed.py` (from the checkout; standard library only)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")  # tests/browser.py drives this one


def size(folder: Path) -> int:
    """Bytes of the files under folder (links not followed)."""
    total = 0
    for parent, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(parent, name)).st_size
    return total


def megabytes(count: int) -> str:
    return f"{count / 1_000_000:.0f} MB" if count >= 10_000_000 else f"{count / 1_000_000:.1f} MB".replace(".", ",")


def python_line() -> str:
    names = {(dist.metadata["Name"] or "").lower() for dist in metadata.distributions()} - {""}
    venv = Path(sys.prefix)
    return f"Python {sys.version.split()[0]}: {len(names)} gói trong {venv.name if venv.parent == ROOT else venv} ({megabytes(size(venv))})"


def chromium_line() -> str:
    if not CHROMIUM.is_file():
        return f"Chromium: chưa có ở {CHROMIUM} (make test cài gói chromium của Debian)"
    try:
        version = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=60).stdout.split("\n")[0]
    except (OSError, subprocess.TimeoutExpired):
        version = "không đọc được phiên bản"
    version = version.split(" built on ")[0].strip() or "không đọc được phiên bản"
    return f"Chromium: {CHROMIUM} ({version})"


def node_line() -> str:
    lock = ROOT / "node_modules" / ".package-lock.json"
    if not lock.is_file():
        return "decap-server: chưa có node_modules (make test chạy npm ci)"
    packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
    server = packages.get("node_modules/decap-server", {}).get("version", "?")
    return f"decap-server {server}: node_modules, {len(packages)} gói ({megabytes(size(ROOT / 'node_modules'))})"


def decap_line() -> str:
    folder = ROOT / "vendor" / "decap-cms"
    if not (folder / "decap-cms.js").is_file():
        return "Decap CMS: chưa có vendor/decap-cms (make build tải gói đã ghim)"
    version = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"].get("node_modules/decap-cms", {}).get("version", "?")
    return f"Decap CMS {version}: vendor/decap-cms ({megabytes(size(folder))})"


def main() -> int:
    print("Đã cài cho kiểm thử:")
    for line in (python_line(), chromium_line(), node_line(), decap_line()):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
