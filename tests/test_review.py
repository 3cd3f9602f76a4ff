"""Review dates and stale citations: `review` lists what is overdue by owner unit; the
page's "cần rà soát" notice is decided in the browser from the due date."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from cchc import cli
from cchc.models import KINDS
from cchc.pages import render
from cchc.records import validate

REVIEWED = {
    "tthc/1.001193.yml": "ngay_ra_soat: 31/01/2025\nchu_ky_ra_soat: 13\ndon_vi_phu_trach: Công chức Tư pháp - Hộ tịch\n",  # due 28/02/2026
    "tthc/1.000894.yml": "ngay_ra_soat: 01/06/2026\nchu_ky_ra_soat: 6\ndon_vi_phu_trach: Công chức Tư pháp - Hộ tịch\n",  # due 01/12/2026
    "faq/khai-sinh-le-phi.yml": "ngay_ra_soat: 15/03/2025\ndon_vi_phu_trach: Văn phòng - Thống kê\n",  # default 12 months: 15/03/2026
    "documents/60-2014-qh13.yml": "ngay_ra_soat: 01/01/2026\nchu_ky_ra_soat: 24\n",  # not due until 2028
}


def add_review_fields(content: Path) -> None:
    for name, lines in REVIEWED.items():
        path = content / name
        path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")


def test_every_record_kind_accepts_review_fields() -> None:
    for name in ("thu_tuc", "ke_hoach", "hoi_dap", "van_ban", "tin_tuc"):
        assert {"ngay_ra_soat", "chu_ky_ra_soat", "don_vi_phu_trach"} <= set(KINDS[name].model.model_fields), name


def test_review_lists_overdue_records_by_unit(site: Path, capsys: pytest.CaptureFixture) -> None:
    add_review_fields(site)
    assert cli.main(["review", "--content", "content", "--ngay", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Quá hạn rà soát ngày 01/06/2026: 2 bản ghi" in out
    hotich = out.index("Công chức Tư pháp - Hộ tịch: 1")
    vanphong = out.index("Văn phòng - Thống kê: 1")
    assert hotich < vanphong
    assert "28/02/2026  Thủ tục hành chính  tthc/1.001193.yml  Đăng ký khai sinh" in out[hotich:vanphong]
    assert "15/03/2026  Hỏi đáp  faq/khai-sinh-le-phi.yml" in out[vanphong:]
    assert "1.000894" not in out and "60-2014" not in out

    # Six months later the second procedure is due as well; the law (2028) still is not.
    assert cli.main(["review", "--content", "content", "--ngay", "2026-12-02"]) == 0
    out = capsys.readouterr().out
    assert "Công chức Tư pháp - Hộ tịch: 2" in out and "tthc/1.000894.yml" in out and "60-2014" not in out


def test_procedures_citing_an_expired_document_are_flagged(site: Path, capsys: pytest.CaptureFixture) -> None:
    law = site / "documents" / "60-2014-qh13.yml"
    law.write_text(law.read_text(encoding="utf-8").replace("tinh_trang: con_hieu_luc", "tinh_trang: het_hieu_luc"), encoding="utf-8")
    assert cli.main(["review", "--content", "content"]) == 0
    out = capsys.readouterr().out
    assert "Thủ tục viện dẫn văn bản đã hết hiệu lực: 2" in out
    assert "1.001193  Đăng ký khai sinh: 60/2014/QH13" in out

    content, errors = validate.validate(site)
    assert errors == []
    page = render.render(content, date(2026, 6, 1))["thu-tuc/1.001193.md"]
    assert "Căn cứ pháp lý đã hết hiệu lực" in page and 'href="../../van-ban/60-2014-qh13/"' in page


def test_procedure_in_force_has_no_expired_banner(site: Path) -> None:
    content, _ = validate.validate(site)
    assert "Căn cứ pháp lý đã hết hiệu lực" not in render.render(content, date(2026, 6, 1))["thu-tuc/1.001193.md"]


def test_review_rejects_a_bad_date(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["review", "--content", "content", "--ngay", "31/02/2026"]) == 1
    assert "--ngay" in capsys.readouterr().err


# The sample procedure 1.001193 was reviewed on 21/11/2026 every 12 months: due 21/11/2027.
@pytest.mark.parametrize(("today", "shown"), [("2027-06-01", False), ("2027-11-21", False), ("2027-11-22", True), ("2029-01-01", True)])
def test_review_notice_is_decided_in_the_browser(today: str, shown: bool, page, site_url: str) -> None:
    page.clock.set_fixed_time(datetime.fromisoformat(today + "T09:00:00"))
    page.goto(site_url + "thu-tuc/1.001193/")
    notice = page.locator("[data-cchc-review]")
    assert notice.get_attribute("data-cchc-review") == "2027-11-21"
    assert notice.is_visible() is shown
    if shown:
        assert "Cần rà soát" in notice.inner_text() and "Công chức Tư pháp - Hộ tịch" in notice.inner_text()


def test_page_without_review_date_has_no_notice(page, site_url: str) -> None:
    page.goto(site_url + "thu-tuc/1.000894/")
    assert page.locator("[data-cchc-review]").count() == 0
