"""Lighthouse scores of the built site: home, procedure listing, one procedure page.

    .venv/bin/python -m bench.lighthouse [--site site/]

Serves the site with gzip like a real host (bench.run.serve), runs npm's
`lighthouse` (installed on first use into bench/.work/lighthouse, pinned) with
Debian's Chromium, mobile form factor (Lighthouse's default: a throttled phone),
and prints the four category scores of each page as a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import CHROMIUM_ARGS, WORK, serve

LIGHTHOUSE = "lighthouse@13.5.0"
PREFIX = WORK / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_bin() -> Path:
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(PREFIX), LIGHTHOUSE], check=True)
    return binary


def scores(url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(lighthouse_bin()), url, "--quiet", "--output=json", f"--output-path={report}", "--chrome-path=/usr/bin/chromium",
             "--chrome-flags=" + " ".join(CHROMIUM_ARGS), "--only-categories=" + ",".join(CATEGORIES)],
            check=True,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (default: site/)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    code = sorted(path.name for path in (site / "thu-tuc").iterdir() if (path / "index.html").is_file())[0]
    pages = {"home": "", "procedure listing": "thu-tuc/", f"procedure {code}": f"thu-tuc/{code}/"}
    print("| page | " + " | ".join(CATEGORIES) + " |\n|---|" + "---|" * len(CATEGORIES))
    with serve(site) as url:
        for name, path in pages.items():
            result = scores(url + path)
            print(f"| {name} | " + " | ".join(str(result[category]) for category in CATEGORIES) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
