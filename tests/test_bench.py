"""The benchmark runs end to end at a small size, so it cannot rot. No timing is
asserted: the figures live in docs/benchmarks.md."""

from __future__ import annotations

import os
import subprocess
import sys

from bench import generate
from conftest import REPO


def test_generated_names_are_distinct_and_realistic() -> None:
    names = generate.procedure_names(2000)
    assert len(set(names)) == 2000
    assert "Đăng ký khai sinh" in names and any(name.endswith("có yếu tố nước ngoài") for name in names)


def test_benchmark_prints_every_figure(tmp_path) -> None:
    # Its own process: the benchmark drives its own Chromium, apart from the tests' browser.
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--scale", "small", "--recall-sample", "25"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CCHC_BENCH_WORK": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    table = result.stdout
    rows = dict(line.strip("|").split("|")[:2] for line in table.splitlines()[2:])
    rows = {name.strip(): value.strip() for name, value in rows.items()}
    for figure in (
        "load + validate s",
        "render s",
        "write s",
        "engine: MkDocs, and beside it search index, open data, widgets s",
        "(search index, open data, widgets alone) s",
        "total s",
        "reference: plain mkdocs build s",
        "pages",
        "site MB",
        "peak memory MiB (all processes of the build)",
        "serve: edit visible s (median of 5)",
        "serve: edit visible s (slowest of 5)",
        "first search KB",
        "procedure page KB",
        "search latency ms (median)",
        "search recall (top 3)",
        "rebuild, nothing changed (build.py build, whole command) s",
        "rebuild, one procedure edited: total s",
    ):
        assert figure in rows, figure
    assert int(rows["pages"]) > 200
    assert rows["recall queries"] == "25"
    assert rows["search recall (top 3)"].endswith("%")
    assert 0 < float(rows["serve: edit visible s (median of 5)"]) <= float(rows["serve: edit visible s (slowest of 5)"])
    assert 0 < float(rows["rebuild, nothing changed (build.py build, whole command) s"]) < float(rows["total s"])
    for library in ("PyYAML", "pydantic", "Jinja", "Python-Markdown", "writing"):
        assert float(rows[f"floor: {library} alone, CPU s"]) > 0, library
    assert 0 < float(rows["floor: our stages at least % of total"]) < 100


def test_lighthouse_scores_the_pages_a_citizen_meets(built_site) -> None:
    """bench.lighthouse's pages exist in a built site (Lighthouse itself is not run here:
    npm and a minute a page; its figures are in docs/benchmarks.md)."""
    from bench.lighthouse import pages_of

    pages = pages_of(built_site)
    assert len(pages) == 6 and any(name.startswith("search") for name in pages)
    for path in pages.values():
        assert (built_site / path.partition("?")[0] / "index.html").is_file(), path
    assert pages[next(name for name in pages if name.startswith("search"))] == "tim-kiem/?q=khai+sinh"
