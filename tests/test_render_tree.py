"""`python build.py render --out DIR`: the rendered Markdown and a complete mkdocs.yml that
plain MkDocs builds, with our theme overrides or (`--plain`) with Material as it comes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("plain", [False, True], ids=["overrides", "plain"])
def test_the_rendered_tree_builds_with_plain_mkdocs(tmp_path: Path, plain: bool) -> None:
    tree = tmp_path / "tree"
    result = run("render", "--content", str(REPO / "content"), "--out", str(tree), *(["--plain"] if plain else []), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "mkdocs build -f" in result.stdout
    config = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT" not in config and str(REPO) not in config  # portable: no path of this checkout
    assert (tree / "docs" / "thu-tuc" / "index.md").is_file()
    assert (tree / "overrides").is_dir() is not plain
    # Built from another folder, by the engine alone: `mkdocs build -f DIR/mkdocs.yml`.
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tree / "mkdocs.yml")], cwd=tmp_path, capture_output=True, text=True, timeout=900
    )
    assert built.returncode == 0, built.stderr
    home = (tree / "site" / "index.html").read_text(encoding="utf-8")
    procedures = list((tree / "site" / "thu-tuc").glob("*/index.html"))
    assert procedures and "Thủ tục hành chính" in home
    # Our overrides (the footer, the answer-first summary's styles) only without --plain.
    assert ("assets/cchc.css" in home) is not plain


def test_render_refuses_a_folder_it_does_not_own(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("keep me", encoding="utf-8")
    result = run("render", "--content", str(REPO / "content"), "--out", str(mine), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (mine / "thesis.docx").read_text(encoding="utf-8") == "keep me"
