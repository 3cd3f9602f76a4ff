"""Each family of editor mistake gives exact `path:line: field: message` lines.

tests/fixtures/invalid/<family>/ holds files laid over the valid fixture site
and `expected.txt`, the error lines `validate` must print, in order.
Run with UPDATE_EXPECTED=1 to rewrite them after a deliberate message change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cchc import cli
from conftest import FIXTURES, overlay

FAMILIES = sorted(path.name for path in (FIXTURES / "invalid").iterdir())


def test_the_fixture_site_is_valid(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["validate", "--content", "content"]) == 0
    assert "Hợp lệ: 2 thủ tục hành chính" in capsys.readouterr().out


@pytest.mark.parametrize("family", FAMILIES)
def test_family_reports_exact_errors(family: str, site: Path, capsys: pytest.CaptureFixture) -> None:
    folder = FIXTURES / "invalid" / family
    overlay(folder, site)

    status = cli.main(["validate", "--content", "content"])
    printed = capsys.readouterr()

    lines = printed.err.splitlines()
    assert status == 1
    assert "Traceback" not in printed.err
    assert lines[-1] == f"Có {len(lines) - 1} lỗi: hãy sửa rồi chạy lại."
    expected_file = folder / "expected.txt"
    if os.environ.get("UPDATE_EXPECTED"):
        expected_file.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert lines[:-1] == expected_file.read_text(encoding="utf-8").splitlines()


def test_every_error_of_every_file_is_reported_at_once(site: Path, capsys: pytest.CaptureFixture) -> None:
    for family in ("duplicate-key", "tab", "wrong-type", "html-entity"):
        overlay(FIXTURES / "invalid" / family, site)
    assert cli.main(["validate", "--content", "content"]) == 1
    files = {line.split(":")[0] for line in capsys.readouterr().err.splitlines()[:-1]}
    assert files == {
        "content/faq/trung-truong.yml",
        "content/faq/tab.yml",
        "content/tthc/1.001193.yml",
        "content/faq/the-html.yml",
    }
