"""Search evaluation: citizen-style queries (tests/search/queries*.yml) through the site's search page.

    .venv/bin/python -m bench.search_eval [--site site/] [--queries tests/search/queries-2.yml] [--details]

Serves the built site on localhost, opens /tim-kiem/?q=… for each query in
Debian's Chromium (the page a citizen lands on, with its Pagefind search and
re-ranking), and prints, as a Markdown table, hit@1, hit@3 and hit@10 (a right
procedure among the first k results, FAQ and news included) and the queries
with no result at all, for the tuning part and the held-out part apart, and for
each batch after the first.
Only queries with an answer the site holds are scored; the others are counted.
--details lists the tuning queries that miss the top 3 and the queries not
scored; the held-out part's results are never listed one by one, so that
tuning cannot look at them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import yaml

from cchc.base.text import fold

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "tests" / "search" / "queries.yml"
# The batches of the set, each with the seed its held-out fifth was drawn with (over its
# file order, before any search was run on it). Batches 2 to 4 were written on 6 Dec by
# people who had not seen the search's synonyms, code or earlier batches.
BATCHES = {
    QUERIES: 22,
    QUERIES.with_name("queries-2.yml"): 622,
    QUERIES.with_name("queries-3.yml"): 623,
    QUERIES.with_name("queries-4.yml"): 624,
}
NATIONAL = REPO / "tests" / "national" / "dvc-sample"
CHROMIUM = "/usr/bin/chromium"
KS = (1, 3, 10)
_PROCEDURE_URL = re.compile(r"/thu-tuc/([0-9.]+)/$")


@dataclass
class Outcome:
    query: dict
    results: list[tuple[str, str]]  # (path, title) in the order shown
    total: int  # results found, beyond the ones shown

    @property
    def rank(self) -> int | None:
        """1-based position of the first right procedure among the results shown."""
        for position, (path, _) in enumerate(self.results, 1):
            found = _PROCEDURE_URL.search(path)
            if found and found.group(1) in self.query["answers"]:
                return position
        return None


def load_queries(path: Path | None = None) -> list[dict]:
    """One file's queries, or every batch's (each query knows its batch)."""
    if path is not None:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    return [{**query, "batch": number} for number, batch in enumerate(BATCHES, 1) for query in load_queries(batch)]


def _folded_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def official_names() -> list[set[str]]:
    """The folded words of each name of the evaluation site's procedures: the sample content's and the national records'."""
    national = [json.loads(path.read_text(encoding="utf-8"))["ten_thu_tuc"] for path in NATIONAL.glob("*.json")]
    sample = [yaml.safe_load(path.read_text(encoding="utf-8"))["ten"] for path in (REPO / "content" / "tthc").glob("*.yml")]
    return [_folded_words(name) for name in national + sample]


def in_official_name(query: str, names: list[set[str]]) -> bool:
    """Every folded word of the query in one official name (folding merges mất/mặt, sổ/số)."""
    return any(_folded_words(query) <= name for name in names)


def site_codes(site: Path) -> set[str]:
    """Codes of the procedure pages a built site holds."""
    return {page.parent.name for page in (site / "thu-tuc").glob("*/index.html")}


def search_page(page, site_url: str, query: str) -> tuple[list[tuple[str, str]], int]:
    """What /tim-kiem/?q= shows: (path, title) of each result, and the count it announces."""
    page.goto(f"{site_url}tim-kiem/?{urllib.parse.urlencode({'q': query})}")
    page.wait_for_function("/^(Tìm thấy|Không)/.test(document.querySelector('.cchc-search-page-meta').textContent)")
    meta = page.locator(".cchc-search-page-meta").text_content()
    count = re.search(r"\d+", meta)
    total = int(count.group()) if count and meta.startswith("Tìm thấy") else 0
    shown = page.locator(".cchc-search-page-list a").evaluate_all(
        "links => links.map(a => [new URL(a.href).pathname, a.querySelector('h2').textContent])"
    )
    return [tuple(item) for item in shown], total


def evaluate(page, site_url: str, queries: list[dict]) -> list[Outcome]:
    return [Outcome(query, *search_page(page, site_url, query["q"])) for query in queries]


def scores(outcomes: list[Outcome]) -> dict[str, float | int]:
    row: dict[str, float | int] = {"queries": len(outcomes)}
    for k in KS:
        row[f"hit@{k}"] = sum(o.rank is not None and o.rank <= k for o in outcomes) / len(outcomes) if outcomes else 0.0
    row["no results"] = sum(o.total == 0 for o in outcomes)
    return row


def parts(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    tuning = [o for o in outcomes if not o.query.get("held_out")]
    held_out = [o for o in outcomes if o.query.get("held_out")]
    named = {
        "tuning": tuning,
        "held out": held_out,
        "tuning, words in no official name": [o for o in tuning if not o.query["in_official_name"]],
        "held out, words in no official name": [o for o in held_out if not o.query["in_official_name"]],
    }
    for batch in sorted({o.query.get("batch", 1) for o in outcomes} - {1}):  # a query of --queries has no batch
        named[f"batch {batch}: tuning"] = [o for o in tuning if o.query.get("batch") == batch]
        named[f"batch {batch}: held out"] = [o for o in held_out if o.query.get("batch") == batch]
    return named


def table(outcomes: list[Outcome]) -> str:
    lines = ["| part | queries | hit@1 | hit@3 | hit@10 | no results |", "|---|---|---|---|---|---|"]
    for name, group in parts(outcomes).items():
        row = scores(group)
        lines.append(f"| {name} | {row['queries']} | " + " | ".join(f"{row[f'hit@{k}']:.0%}" for k in KS) + f" | {row['no results']} |")
    return "\n".join(lines)


def run(site: Path, queries: list[dict]) -> list[Outcome]:
    from playwright.sync_api import sync_playwright

    from bench.run import CHROMIUM_ARGS, serve

    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return evaluate(browser.new_page(), url, queries)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (default: site/)")
    parser.add_argument("--queries", help="one file of queries (default: every batch of tests/search/)")
    parser.add_argument("--details", action="store_true", help="list the tuning queries that miss the top 3, and those not scored")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "tim-kiem" / "index.html").is_file():
        print(f"{site}: không phải site đã dựng (thiếu tim-kiem/index.html); chạy `make build` trước", file=sys.stderr)
        return 1
    queries = load_queries(Path(args.queries) if args.queries else None)
    codes = site_codes(site)
    scorable = [q for q in queries if codes & set(q["answers"])]
    outcomes = run(site, scorable)
    print(table(outcomes))
    print(
        f"\n{len(scorable)} of {len(queries)} queries scored; {len(queries) - len(scorable)} have no answer among the site's {len(codes)} procedures."
    )
    if args.details:
        print("\nTuning queries missing the top 3 (rank, query, first three results):")
        for outcome in outcomes:
            if not outcome.query.get("held_out") and not (outcome.rank and outcome.rank <= 3):
                firsts = "; ".join(title for _, title in outcome.results[:3]) or "(no result)"
                print(f"- {outcome.rank or '-'} | {outcome.query['q']} | {firsts}")
        print("\nNot scored, no answer in this site: " + "; ".join(q["q"] for q in queries if q not in scorable))
    return 0


if __name__ == "__main__":
    sys.exit(main())
