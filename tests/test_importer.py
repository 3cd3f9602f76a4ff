"""`python build.py import`: an official procedure list → draft records and a coverage report."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from cchc import cli
from cchc.tools import importer
from conftest import FIXTURES

LIST = FIXTURES / "import" / "danh-muc-tthc.xlsx"


def test_import_finds_the_header_under_the_title_block_and_writes_drafts(site: Path, capsys: pytest.CaptureFixture) -> None:
    published = {p: p.read_bytes() for p in (site / "tthc").iterdir()}
    assert cli.main(["import", str(LIST), "--content", "content"]) == 0
    out = capsys.readouterr().out
    drafts = site / importer.DRAFTS
    # 1.001193 already has a record; the others get a draft; group and total rows are not codes.
    assert sorted(p.name for p in drafts.iterdir()) == ["1.000080.yml", "1.004873.yml", "2.000815.yml", "9.999901.yml"]
    assert {p: p.read_bytes() for p in (site / "tthc").iterdir()} == published

    draft = yaml.safe_load((drafts / "1.004873.yml").read_text(encoding="utf-8"))
    assert draft["ma"] == "1.004873"
    assert draft["ten"] == "Cấp bản sao trích lục hộ tịch"
    assert draft["linh_vuc"] == ["Hộ tịch"]
    assert draft["cap_thuc_hien"] == ["cap_xa", "cap_tinh"]
    assert draft["co_quan_thuc_hien"] == "UBND cấp xã; Sở Tư pháp"
    assert draft["trinh_tu"] == [] and draft["ho_so"] == []  # left for the editor
    # A code Excel stored as the number 1.00008 is the national code 1.000080.
    assert yaml.safe_load((drafts / "1.000080.yml").read_text(encoding="utf-8"))["ten"] == "Đăng ký kết hôn"
    # Quotes and markup in a name stay text.
    assert yaml.safe_load((drafts / "9.999901.yml").read_text(encoding="utf-8"))["ten"] == 'Thủ tục "thử" <b>mới</b>: cấp giấy xác nhận'

    assert "Trong danh sách: 5 thủ tục" in out
    assert "Đã đăng: 1" in out
    assert "Còn thiếu: 4" in out
    assert "  2.000815  Chứng thực bản sao từ bản chính giấy tờ, văn bản" in out
    assert "Đã đăng nhưng không có trong danh sách: 1\n  1.000894" in out
    # Drafts are not records yet: the content still validates and builds.
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err


def test_import_never_touches_an_existing_draft(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["import", str(LIST), "--content", "content"]) == 0
    edited = site / importer.DRAFTS / "2.000815.yml"
    edited.write_text("ma: '2.000815'\nten: đang soạn\n", encoding="utf-8")
    assert cli.main(["import", str(LIST), "--content", "content"]) == 0
    out = capsys.readouterr().out
    assert edited.read_text(encoding="utf-8") == "ma: '2.000815'\nten: đang soạn\n"
    assert "Bản nháp mới tạo: 0" in out and "Đã có bản nháp, không ghi đè: 4" in out


def test_import_reads_a_semicolon_csv_saved_by_excel(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    listing = tmp_path / "danh-sach.csv"
    listing.write_text(
        "DANH MỤC TTHC CẤP XÃ;;;\n;;;\nMã số TTHC;Tên thủ tục hành chính;Lĩnh vực;Cấp thực hiện\n"
        "1.001193;Đăng ký khai sinh;Hộ tịch;Cấp xã\n2.002189;Đăng ký khai tử;Hộ tịch;Cấp xã\n",
        encoding="utf-8-sig",
    )
    assert cli.main(["import", str(listing), "--content", "content"]) == 0
    assert "Còn thiếu: 1" in capsys.readouterr().out
    assert yaml.safe_load((site / importer.DRAFTS / "2.002189.yml").read_text(encoding="utf-8"))["ten"] == "Đăng ký khai tử"


def test_import_without_a_header_row_says_which_columns_it_needs(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    listing = tmp_path / "khong-tieu-de.csv"
    listing.write_text("1.001193,Đăng ký khai sinh\n", encoding="utf-8")
    assert cli.main(["import", str(listing), "--content", "content"]) == 1
    assert "không tìm thấy dòng tiêu đề" in capsys.readouterr().err
    assert not (site / importer.DRAFTS).exists()


def _cp1258(text: str) -> bytes:
    """As Excel saves "CSV" on a Vietnamese Windows: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_import_reads_a_csv_in_the_vietnamese_windows_code_page(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    listing = tmp_path / "danh-sach-cp1258.csv"
    listing.write_bytes(
        _cp1258("Danh mục thủ tục\r\nMã số,Tên thủ tục,Lĩnh vực,Cơ quan thực hiện\r\n2.002189,Đăng ký khai tử,Hộ tịch,Ủy ban nhân dân cấp xã\r\n")
    )
    assert cli.main(["import", str(listing), "--content", "content"]) == 0
    draft = yaml.safe_load((site / importer.DRAFTS / "2.002189.yml").read_text(encoding="utf-8"))
    assert draft["ten"] == "Đăng ký khai tử" and draft["co_quan_thuc_hien"] == "Ủy ban nhân dân cấp xã"
    assert unicodedata.is_normalized("NFC", draft["ten"])
