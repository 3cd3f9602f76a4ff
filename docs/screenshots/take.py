"""Screenshots at 360 px of the pages issue 21 is about, for the README.

Usage: python docs/screenshots/take.py <built site folder> <suffix>   (e.g. `site truoc`)
Writes docs/screenshots/<page>-<suffix>.png: the first two screen heights (360x1480), small PNGs."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from playwright.sync_api import sync_playwright  # noqa: E402

from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

PAGES = {"thu-tuc": "thu-tuc/1.001193/", "danh-sach": "thu-tuc/", "hoi-dap": "hoi-dap/", "ke-hoach": "ke-hoach/2024-so-tnmt-ha-tinh/"}

folder, suffix = Path(sys.argv[1]), sys.argv[2]
out = Path(__file__).parent
with serve(folder) as url, sync_playwright() as playwright:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = chromium.new_page(viewport={"width": 360, "height": 740})
    for name, path in PAGES.items():
        page.goto(url + path)
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / f"{name}-{suffix}.png"), clip={"x": 0, "y": 0, "width": 360, "height": 1480}, full_page=True)
    chromium.close()
