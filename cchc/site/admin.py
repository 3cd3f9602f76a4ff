"""The web editor in the built site's /admin/: Decap CMS's bundle (cchc/site/bundle.py)
and the configuration `python build.py schema` generated (admin/config.yml)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from cchc.site import bundle

ADMIN_DIR = Path(__file__).resolve().parents[2] / "admin"


def install(site_dir: Path, bundle_dir: Path = bundle.BUNDLE_DIR) -> bool:
    """Copy the editor into the built site's admin/; without Decap's bundle (never
    fetched) the site is built without /admin/ and a warning says how to get it."""
    if not (bundle_dir / "decap-cms.js").is_file():
        print("Cảnh báo: chưa cài Decap CMS (chạy “make build” hoặc “python -m cchc.site.bundle”): trang đã dựng không có /admin/.", file=sys.stderr)
        return False
    target = site_dir / "admin"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "config.yml"):
        shutil.copyfile(ADMIN_DIR / name, target / name)
    # The main bundle, the chunks it loads on demand, its WebAssembly and licence notice.
    for path in bundle_dir.iterdir():
        if bundle.KEPT.fullmatch(path.name):
            shutil.copyfile(path, target / path.name)
    return True
