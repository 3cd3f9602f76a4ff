"""Lighthouse scores of the built site: home, procedure listing, one procedure page.

    .venv/bin/python -m bench.lighthouse [--site site/]

Serves the site with gzip like a real host (bench.run.serve), runs npm's
`lighthouse` (installed on first use into bench/.work/lighthouse, pinned) with
Debian's Chromium, mobile form factor (Lighthouse's default: a throttled phone),
and prints the four category scores of each page as a Markdown table: the median
of `--runs` runs (five by default: Lighthouse's variability guide finds the median
of five twice as stable as one run; on this VM one page's blocking time varied
60-210 ms between runs), with every run's performance score beside it.
"""
from __future__ import annotations

import argparse
import json
import statistics
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
    parser.add_argument("--runs", type=int, default=5, help="runs per page; the table gives their median (default: 5)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    code = sorted(path.name for path in (site / "thu-tuc").iterdir() if (path / "index.html").is_file())[0]
    pages = {"home": "", "procedure listing": "thu-tuc/", f"procedure {code}": f"thu-tuc/{code}/"}
    print("| page | " + " | ".join(CATEGORIES) + " | performance of each run |\n|---|" + "---|" * (len(CATEGORIES) + 1))
    with serve(site) as url:
        for name, path in pages.items():
            runs = [scores(url + path) for _ in range(args.runs)]
            median = {category: statistics.median_low(run[category] for run in runs) for category in CATEGORIES}
            each = ", ".join(str(run["performance"]) for run in runs)
            print(f"| {name} | " + " | ".join(str(median[category]) for category in CATEGORIES) + f" | {each} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
