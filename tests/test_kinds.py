"""A record kind is one declaration (cchc/models/__init__.py: Kind), one model and one
template: a kind declared here, and nowhere else, reaches its pages, its listing, its feed,
open data and search."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from cchc.models import FEED, KINDS, OPEN_DATA, SEARCH, Kind
from cchc.models.common import Model, Ngay, field, optional
from cchc.site import pipeline

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.gov.vn/cchc/"


class LichTiepDan(Model):
    """`content/lich-tiep-dan/<id>.yml`: a day the agency's head receives citizens."""

    ten: str = field("Buổi tiếp dân", example="Chủ tịch UBND xã tiếp công dân định kỳ")
    ngay: Ngay = field("Ngày tiếp", example="10/12/2026")
    dia_diem: str = field("Địa điểm", example="Trụ sở UBND xã")
    ghi_chu: str | None = optional("Ghi chú", example="Mang theo giấy tờ tùy thân")


PAGE = """{% import "_macros.md" as m with context %}
{{ m.front(record.ten, record.dia_diem) }}

# {{ record.ten|heading }}

<p>Ngày {{ record.ngay|date }}, tại {{ text(record.dia_diem) }}.</p>
"""


@pytest.fixture
def declared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kind:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "lich_tiep_dan.md").write_text(PAGE, encoding="utf-8")
    kind = Kind(
        "lich_tiep_dan",
        "Lịch tiếp công dân",
        LichTiepDan,
        "lich-tiep-dan",
        ".yml",
        section="lich-tiep-dan",
        label="Lịch tiếp dân",
        page="lich_tiep_dan.md",
        templates=str(templates),
        date_field="ngay",
        summary_field="dia_diem",
        outputs=frozenset({FEED, OPEN_DATA, SEARCH}),
    )
    monkeypatch.setitem(KINDS, kind.name, kind)
    return kind


def test_a_kind_declared_once_is_published_everywhere(declared: Kind, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "lich-tiep-dan").mkdir()
    (content / "lich-tiep-dan" / "tiep-dan-thang-12.yml").write_text(
        "ten: Chủ tịch UBND xã tiếp công dân tháng 12 <b>định kỳ</b>\nngay: 10/12/2026\ndia_diem: Hội trường UBND xã Thạch Hà\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    pipeline.build(content, out, SITE_URL)

    page = (out / "lich-tiep-dan" / "tiep-dan-thang-12" / "index.html").read_text(encoding="utf-8")
    assert "Hội trường UBND xã Thạch Hà" in page and "10/12/2026" in page
    assert "<b>định kỳ</b>" not in page  # editor text is data, escaped
    listing = (out / "lich-tiep-dan" / "index.html").read_text(encoding="utf-8")
    assert "tiep-dan-thang-12/" in listing and "Lịch tiếp công dân" in listing

    feed = (out / "lich-tiep-dan" / "atom.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}lich-tiep-dan/tiep-dan-thang-12/" in feed and "2026-12-10" in feed

    data = json.loads((out / "du-lieu" / "lich-tiep-dan.json").read_text(encoding="utf-8"))
    assert data["tiep-dan-thang-12"]["dia_diem"] == "Hội trường UBND xã Thạch Hà"
    catalogue = json.loads((out / "du-lieu" / "danh-muc.json").read_text(encoding="utf-8"))
    assert "lich-tiep-dan.json" in [name for entry in catalogue["du_lieu"] for name in entry["tep"]]

    # Search: Pagefind's index has the record (its fragments are gzip-compressed JSON).
    fragments = [gzip.decompress(path.read_bytes()) for path in (out / "pagefind" / "fragment").iterdir()]
    ours = [fragment for fragment in fragments if b"lich-tiep-dan/tiep-dan-thang-12/" in fragment]
    assert len(ours) == 1 and "Lịch tiếp dân".encode() in ours[0]
    assert "lich-tiep-dan/tiep-dan-thang-12/" in (out / "sitemap.xml").read_text(encoding="utf-8")
