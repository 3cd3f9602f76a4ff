"""Shared fixtures: a small complete content tree, copied so tests may break it.

Every test works in temporary folders and leaves the checkout as it was, so the suite
runs in parallel (`pytest -n auto`, pytest-xdist: each worker builds its own session
fixtures under its own tmp_path_factory). Hypothesis keeps its example database and
caches in a temporary folder too, not in `.hypothesis/` of the working directory.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
_HYPOTHESIS_HOME: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis' storage (examples, caches) in a temporary folder of this run (or of this
    worker), unless HYPOTHESIS_STORAGE_DIRECTORY is set; build subprocesses inherit it."""
    if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        _HYPOTHESIS_HOME.append(tempfile.mkdtemp(prefix="cchc-hypothesis-"))
        os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _HYPOTHESIS_HOME[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _HYPOTHESIS_HOME:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY") == folder:
            del os.environ["HYPOTHESIS_STORAGE_DIRECTORY"]
    _HYPOTHESIS_HOME.clear()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/site at ./content of a fresh working directory."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    monkeypatch.chdir(tmp_path)
    return content


def found(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    """re.search that fails the test, naming the pattern, when the text does not hold it."""
    match = re.search(pattern, text, flags)
    assert match, pattern
    return match


def overlay(source: Path, content: Path) -> None:
    """Copy a fixture folder's files over a content tree (same relative paths)."""
    for path in source.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = content / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built once, as `make build` would."""
    from cchc.site import pipeline

    out = tmp_path_factory.mktemp("built") / "site"
    pipeline.build(REPO / "content", out)
    return out


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    from browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url: str):
    """A fresh page that records requests leaving the site and script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.outside_requests = []
    tab.errors = []
    tab.on("request", lambda request: request.url.startswith(site_url) or request.url.startswith("data:") or tab.outside_requests.append(request.url))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    assert tab.outside_requests == [], "the site must make no third-party request"
    assert tab.errors == []
    context.close()
