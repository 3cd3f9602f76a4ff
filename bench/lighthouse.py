"""Lighthouse scores of the built site: home, procedure listing, a procedure, a plan, the FAQ, search.

    .venv/bin/python -m bench.lighthouse [--site site/] [--runs 5]

Serves the site with gzip like a real host (bench.run.serve), runs npm's
`lighthouse` (installed on first use into bench/.work/lighthouse, pinned; not the
repository's package.json) with Debian's Chromium (CHROME_PATH), mobile form
factor (Lighthouse's default: a throttled phone), and prints the four category scores of each page as a Markdown table: the median
of `--runs` runs (five by default: Lighthouse's variability guide finds the median
of five twice as stable as one run; on this VM one page's blocking time varied
60-210 ms between runs), with every run's performance score beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import CHROMIUM_ARGS, WORK, serve

LIGHTHOUSE = "lighthouse@13.5.0"
CHROMIUM = "/usr/bin/chromium"
SEARCH_QUERY = "khai sinh"  # a citizen's query with many results (the sample's and the benchmark's)
PREFIX = WORK / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# What the performance score is made of (a loaded machine shows in blocking time first).
METRICS = {
    "first-contentful-paint": ("FCP s", 1000),
    "largest-contentful-paint": ("LCP s", 1000),
    "total-blocking-time": ("TBT ms", 1),
    "cumulative-layout-shift": ("CLS", 1),
    "speed-index": ("Speed Index s", 1000),
}


def lighthouse_bin() -> Path:
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(PREFIX), LIGHTHOUSE], check=True)
    return binary


def scores(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(lighthouse_bin()),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            check=True,
            env=dict(os.environ, CHROME_PATH=CHROMIUM),
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    found = {name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES}
    found.update({metric: data["audits"][metric]["numericValue"] for metric in METRICS})
    # What cost points outside performance (which varies from run to run on a loaded machine).
    found["failed"] = sorted(
        {
            f"{name}: {ref['id']}"
            for name in CATEGORIES[1:]
            for ref in data["categories"][name]["auditRefs"]
            if ref.get("weight") and (data["audits"][ref["id"]].get("score") is not None) and data["audits"][ref["id"]]["score"] < 1
        }
    )
    return found


def _first(folder: Path) -> str:
    return sorted(path.name for path in folder.iterdir() if (path / "index.html").is_file())[0]


def pages_of(site: Path) -> dict[str, str]:
    """The pages a citizen meets, by name: their paths in the built site (its first procedure
    and plan by name), the search page with results for a query."""
    code, plan = _first(site / "thu-tuc"), _first(site / "ke-hoach")
    return {
        "home": "",
        "procedure listing": "thu-tuc/",
        f"procedure {code}": f"thu-tuc/{code}/",
        f"plan {plan}": f"ke-hoach/{plan}/",
        "FAQ": "hoi-dap/",
        f"search “{SEARCH_QUERY}”": "tim-kiem/?q=" + SEARCH_QUERY.replace(" ", "+"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (default: site/)")
    parser.add_argument("--runs", type=int, default=5, help="runs per page; the table gives their median (default: 5)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    pages = pages_of(site)
    print("| page | " + " | ".join(CATEGORIES) + " | performance of each run |\n|---|" + "---|" * (len(CATEGORIES) + 1))
    failed, measured = {}, {}
    with serve(site) as url:
        for name, path in pages.items():
            runs = [scores(url + path) for _ in range(args.runs)]
            median = {category: statistics.median_low(run[category] for run in runs) for category in CATEGORIES}
            each = ", ".join(str(run["performance"]) for run in runs)
            print(f"| {name} | " + " | ".join(str(median[category]) for category in CATEGORIES) + f" | {each} |", flush=True)
            measured[name] = runs
            failed[name] = sorted({audit for run in runs for audit in run["failed"]})
    print("\n| page (medians) | " + " | ".join(label for label, _ in METRICS.values()) + " |\n|---|" + "---|" * len(METRICS))
    for name, runs in measured.items():
        print(
            f"| {name} | "
            + " | ".join(
                f"{statistics.median_low(run[metric] for run in runs) / scale:.{3 if metric == 'cumulative-layout-shift' else 1 if scale > 1 else 0}f}"
                for metric, (_, scale) in METRICS.items()
            )
            + " |"
        )
    for name, audits in failed.items():
        if audits:
            print(f"\n{name}, audits failed in some run: " + "; ".join(audits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
