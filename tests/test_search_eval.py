"""The search evaluation set and its harness (bench/search_eval.py), in real Chromium on the sample site."""

from __future__ import annotations

import random
import re

from bench import search_eval


def test_evaluation_set_has_a_random_fifth_held_out() -> None:
    assert len(search_eval.load_queries()) >= 200
    for path, seed in search_eval.BATCHES.items():
        # Within a batch each query once; batches were written apart, and 12 of batch 2's
        # queries are also in batch 1: kept, as a sign of how common the wording is.
        queries = search_eval.load_queries(path)
        assert len(queries) >= 100 and len({q["q"] for q in queries}) == len(queries), path
        # The header's promise: each batch's held-out fifth was drawn with its seed over the file order, not picked.
        drawn = set(random.Random(seed).sample(range(len(queries)), len(queries) // 5))
        assert {i for i, q in enumerate(queries) if q["held_out"]} == drawn, path
        assert all(q["answers"] and all(re.fullmatch(r"\d\.\d{6}", code) for code in q["answers"]) for q in queries)
        assert sum(not q["in_official_name"] for q in queries) > len(queries) / 2, path


def test_words_in_no_official_name_are_computed_not_judged() -> None:
    names = search_eval.official_names()
    assert len(names) >= 224
    wrong = [q["q"] for q in search_eval.load_queries() if q["in_official_name"] != search_eval.in_official_name(q["q"], names)]
    assert not wrong


def test_harness_scores_what_the_search_page_shows(page, site_url: str) -> None:
    queries = [
        {"q": "dang ky ket hon", "answers": ["1.000894"], "in_official_name": True, "held_out": False},
        {"q": "tranh chap dat dai", "answers": ["1.012812", "1.000894"], "in_official_name": True, "held_out": False},
        {"q": "xyzzy qwerty", "answers": ["1.000894"], "in_official_name": False, "held_out": True},
    ]
    outcomes = search_eval.evaluate(page, site_url, queries)
    assert outcomes[0].rank == 1 and outcomes[0].results[0][0] == "/thu-tuc/1.000894/"
    # Two procedures match "tranh chap dat dai"; the rank is the mediation one's place in the list shown.
    shown = [path for path, _ in outcomes[1].results]
    assert outcomes[1].rank == shown.index("/thu-tuc/1.012812/") + 1 and "/thu-tuc/1.013967/" in shown
    assert outcomes[2].total == 0 and outcomes[2].rank is None
    tuning = search_eval.scores(search_eval.parts(outcomes)["tuning"])
    assert tuning["hit@1"] == (1 + (outcomes[1].rank == 1)) / 2 and tuning["hit@10"] == 1.0 and tuning["no results"] == 0
    assert search_eval.scores(search_eval.parts(outcomes)["held out"])["no results"] == 1
