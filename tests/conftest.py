"""Shared fixtures: a small complete content tree, copied so tests may break it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/site at ./content of a fresh working directory."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    monkeypatch.chdir(tmp_path)
    return content


def overlay(source: Path, content: Path) -> None:
    """Copy a fixture folder's files over a content tree (same relative paths)."""
    for path in source.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = content / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
