"""Issue 22: the evaluation set, run in real Chromium against the sample content
plus the 194 national records (imported through the importer, as an editor would)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import search_eval

REPO = Path(__file__).resolve().parent.parent
TARGET = 0.90  # hit@3 on both parts (issue 22, "Done when"): not reached yet
# What the search reaches today (docs/search.md): the test holds it there, so a change that
# loses ground fails; raise these as tuning goes, up to TARGET, where the issue closes.
REACHED = {"tuning": 0.93, "held out": 0.87}  # 94% and 88% measured (four batches), less about one query each


@pytest.fixture(scope="session")
def evaluation_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cchc.site import pipeline
    from cchc.tools import importer

    content = tmp_path_factory.mktemp("eval") / "content"
    shutil.copytree(REPO / "content", content)
    importer.import_national(sorted(search_eval.NATIONAL.glob("*.json")), content)
    out = content.parent / "site"
    pipeline.build(content, out)
    return out


@pytest.fixture(scope="session")
def evaluation_url(evaluation_site: Path):
    from browser import serve

    with serve(evaluation_site) as url:
        yield url


def test_evaluation_site_holds_every_answer(evaluation_site: Path) -> None:
    codes = search_eval.site_codes(evaluation_site)
    assert len(codes) >= 194
    assert all(codes & set(q["answers"]) for q in search_eval.load_queries())


def test_citizens_find_the_procedure_in_the_top_three(browser, evaluation_site: Path, evaluation_url: str) -> None:
    page = browser.new_page()
    try:
        outcomes = search_eval.evaluate(page, evaluation_url, search_eval.load_queries())
    finally:
        page.close()
    parts = search_eval.parts(outcomes)
    hit3 = {name: search_eval.scores(parts[name])["hit@3"] for name in ("tuning", "held out")}
    # Held-out results are reported as totals only (see bench/search_eval.py).
    shown = ", ".join(f"{name} {share:.0%}" for name, share in hit3.items())
    assert all(hit3[name] >= REACHED[name] for name in hit3), f"hit@3 fell below what search reached ({REACHED}): {shown}"
