"""`python build.py fix`: TCVN3, VNI and HTML entities → clean NFC Unicode, written only when asked."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from cchc import cli
from conftest import FIXTURES
from test_legacy import TCVN3_REAL, VNI_REAL

FAQ = """# yaml-language-server: $schema=../../schemas/hoi_dap.schema.json
# câu hỏi của người dân
cau_hoi: {question}
tra_loi: |
  {answer}
linh_vuc: Hộ tịch
ngay: "15/03/2026"
"""


@pytest.mark.parametrize(("legacy", "expected"), TCVN3_REAL + VNI_REAL)
def test_fix_writes_real_legacy_samples_as_unicode(legacy: str, expected: str, site: Path, capsys: pytest.CaptureFixture) -> None:
    path = site / "faq" / "ban-cu.yml"
    path.write_text(FAQ.format(question=f"{legacy}?", answer=f"{legacy}."), encoding="utf-8")
    assert cli.main(["validate", "--content", "content"]) == 1
    capsys.readouterr()

    assert cli.main(["fix", "content", "--write"]) == 0
    fixed = path.read_text(encoding="utf-8")
    assert fixed == FAQ.format(question=f"{expected}?", answer=f"{expected}.")
    assert unicodedata.is_normalized("NFC", fixed)
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("family", ["legacy-tcvn3", "legacy-vni", "html-entity"])
def test_fix_repairs_the_invalid_fixtures(family: str, site: Path, capsys: pytest.CaptureFixture) -> None:
    for path in (FIXTURES / "invalid" / family).rglob("*.yml"):
        target = site / path.relative_to(FIXTURES / "invalid" / family)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    assert cli.main(["validate", "--content", "content"]) == 1
    assert "python build.py fix" in capsys.readouterr().err
    assert cli.main(["fix", "--write", "content"]) == 0
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err


def test_fix_shows_a_diff_and_writes_nothing_without_write(site: Path, capsys: pytest.CaptureFixture) -> None:
    path = site / "faq" / "the-html.yml"
    original = FAQ.format(question="Làm giấy khai sinh ở đâu?", answer="T&#7841;i UBND x&atilde;&nbsp;Thạch Hà.").replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    assert cli.main(["fix", "content"]) == 0
    out = capsys.readouterr().out
    assert "--- a/content/faq/the-html.yml" in out and "+++ b/content/faq/the-html.yml" in out
    assert "-  T&#7841;i UBND x&atilde;&nbsp;Thạch Hà." in out
    assert "+  Tại UBND xã Thạch Hà." in out
    assert "--write" in out
    assert path.read_bytes() == original.encode("utf-8")

    assert cli.main(["fix", str(path), "--write"]) == 0
    # Comments, quoting and Windows line ends survive: only the text changed.
    assert path.read_bytes() == original.replace("T&#7841;i UBND x&atilde;&nbsp;", "Tại UBND xã ").encode("utf-8")


def test_fix_leaves_clean_content_alone(site: Path, capsys: pytest.CaptureFixture) -> None:
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert cli.main(["fix", "content", "--write"]) == 0
    assert "Không có gì cần sửa" in capsys.readouterr().out
    assert before == {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_fix_rewrites_an_8bit_tcvn3_file_as_utf8(site: Path, capsys: pytest.CaptureFixture) -> None:
    path = site / "faq" / "ban-cu.yml"
    # Saved by an old editor: TCVN3 bytes, not UTF-8.
    legacy = "cau_hoi: §¨ng ký khai sinh ë ®©u?\ntra_loi: T¹i Uû ban nh©n d©n x·.\nlinh_vuc: Hé tÞch\nngay: 15/03/2026\n"
    path.write_bytes(legacy.encode("cp1252"))
    assert cli.main(["fix", "content", "--write"]) == 0
    assert "không phải UTF-8" in capsys.readouterr().out
    assert (
        path.read_text(encoding="utf-8")
        == "cau_hoi: Đăng ký khai sinh ở đâu?\ntra_loi: Tại Uỷ ban nhân dân xã.\nlinh_vuc: Hộ tịch\nngay: 15/03/2026\n"
    )
