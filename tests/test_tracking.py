"""Plan tracking: timeframes, evidence, targets computed from the content,
handling results, and what the pages and exported files show (fixture
content with known answers, built on a fixed date)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from icalendar import Calendar

from cchc.domain import tracking
from cchc.outputs import exports
from cchc.pages import render
from cchc.records import validate
from conftest import FIXTURES, overlay

TODAY = date(2024, 5, 10)  # the build date: Quý I is over, May is not


@pytest.fixture
def tracked(site: Path) -> Path:
    """The fixture site plus plan-tracking records; 1.001193 states every Điều 8 part,
    1.000894 all but its fees."""
    overlay(FIXTURES / "tracking", site)
    for code, free in (("1.001193", True), ("1.000894", False)):
        path = site / "tthc" / f"{code}.yml"
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record["so_bo_ho_so"] = 1
        for way in record["cach_thuc"]:
            if free and not way.get("phi"):
                way["mien_phi"] = True
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return site


@pytest.fixture
def content(tracked: Path) -> validate.Content:
    content, errors = validate.validate(tracked)
    assert errors == []
    return content


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("Quý II, IV", [(date(2024, 4, 1), date(2024, 6, 30)), (date(2024, 10, 1), date(2024, 12, 31))]),
        ("Quý I và Quý III", [(date(2024, 1, 1), date(2024, 3, 31)), (date(2024, 7, 1), date(2024, 9, 30))]),
        ("Thường xuyên trong năm", [(date(2024, 1, 1), date(2024, 12, 31))]),
        ("tháng 6/2024", [(date(2024, 6, 1), date(2024, 6, 30))]),
        ("Tháng 02", [(date(2024, 2, 1), date(2024, 2, 29))]),
        ("Từ tháng 01/2024 đến tháng 9/2024", [(date(2024, 1, 1), date(2024, 9, 30))]),
        ("Trước ngày 15/12/2024", [(date(2024, 12, 15), date(2024, 12, 15))]),
        ("Từ 01/3/2024 đến 30/4/2024", [(date(2024, 3, 1), date(2024, 4, 30))]),
        ("Khi có yêu cầu", []),
    ],
)
def test_timeframe_text_is_read_as_dates(text: str, periods: list) -> None:
    assert list(tracking.parse_timeframe(text, 2024).periods) == periods


def test_explicit_dates_win_over_the_text() -> None:
    frame = tracking.parse_timeframe("Theo chỉ đạo", 2024, deadline=date(2024, 8, 1))
    assert frame.deadline == date(2024, 8, 1) and frame.start == date(2024, 1, 1)


def test_tasks_are_overdue_relative_to_the_build_date(content) -> None:
    tasks = {t.tt: t for t in tracking.tasks(content, "2024-theo-doi", TODAY)}
    # Quý I, not marked done on 10/05, but records dated within Quý I show it was carried out: not overdue.
    assert not tasks[1].overdue and tasks[1].status == "dang_thuc_hien"
    assert not tasks[2].overdue  # Quý IV still ahead
    assert not tasks[3].overdue and tasks[3].status == "hoan_thanh"  # done, deadline passed
    assert tasks[4].timeframe.deadline is None and not tasks[4].overdue
    later = {t.tt: t for t in tracking.tasks(content, "2024-theo-doi", date(2025, 1, 2))}
    assert later[2].overdue and later[2].status == "qua_han"  # Quý IV passed, nothing recorded by then


def test_records_naming_a_task_are_its_evidence(content) -> None:
    tasks = {t.tt: t for t in tracking.tasks(content, "2024-theo-doi", TODAY)}
    assert [(e.kind, e.day) for e in tasks[1].evidence] == [
        ("Tin bài", date(2024, 1, 10)),
        ("Tin bài", date(2024, 2, 14)),
        ("Video hướng dẫn", date(2024, 3, 1)),
        ("Tin bài", date(2024, 4, 20)),
    ]
    assert [e.title for e in tasks[3].evidence] == ["Hội nghị triển khai CCHC năm 2024"]
    assert tasks[4].evidence == []


def test_unit_view_puts_overdue_first(content) -> None:
    plan_tasks = tracking.tasks(content, "2024-theo-doi", TODAY)
    units = tracking.by_unit(plan_tasks)
    assert list(units) == ["Công chức Văn hóa", "Văn phòng"]
    assert [t.tt for t in units["Văn phòng"]] == [3, 2, 4]  # by deadline; no date last
    content.ke_hoach["2024-theo-doi"].phu_luc.nhiem_vu[1].chu_tri = ["Công chức Văn hóa"]
    assert [t.tt for t in tracking.by_unit(tracking.tasks(content, "2024-theo-doi", TODAY))["Công chức Văn hóa"]] == [5, 1, 2]  # overdue first


def test_news_per_month_finds_the_month_with_no_post(content) -> None:
    news, events, procedures, declared = tracking.measures(content, "2024-theo-doi", TODAY)
    assert [m.count for m in news.months[:5]] == [1, 1, 0, 1, 0]
    assert [m.state for m in news.months[:6]] == ["dat", "dat", "chua_dat", "dat", "chua_den", "chua_den"]
    assert news.missed == [3] and news.met is False
    assert news.summary == "3 tháng đạt, 1 tháng chưa đạt; tối thiểu 1 tin bài/tháng"
    assert declared.kind is None and declared.declared == "dat"


def test_events_count_only_held_events_of_the_named_kind(content) -> None:
    _, events, _, _ = tracking.measures(content, "2024-theo-doi", TODAY)
    assert [e.ten for e in events.events] == ["Hội nghị triển khai CCHC năm 2024"]  # the dialogue is not a conference; June is ahead
    assert events.met is None and events.summary == "1/2 sự kiện đã tổ chức trong năm 2024"
    _, after, _, _ = tracking.measures(content, "2024-theo-doi", date(2024, 12, 31))
    assert after.met is True


def test_procedure_missing_its_fees_is_incomplete(content) -> None:
    _, _, procedures, _ = tracking.measures(content, "2024-theo-doi", TODAY)
    check = procedures.procedures
    assert check is not None
    assert (check.total, check.complete, check.percent) == (2, 1, 50.0)
    assert check.incomplete == {"1.000894": ["Phí, lệ phí (hoặc ghi rõ không thu)"]}
    assert (check.listed, check.listed_present, check.coverage) == (3, 2, 66.7)
    assert check.not_published == [("1.000656", "Đăng ký khai tử")]
    assert procedures.met is False


def test_handling_results_are_summed_and_an_empty_period_has_no_data(content) -> None:
    first, second = tracking.period_totals(content)
    assert (first.received, first.on_time, first.late, first.online) == (400, 390, 10, 100)
    assert (first.on_time_share, first.online_share, first.satisfaction) == (97.5, 25.0, 97.5)
    assert not second.has_data and second.on_time_share is None and second.online_share is None
    assert [p.nam for p in tracking.index_series(content)["par_index"]] == [2022, 2023]


@pytest.fixture
def pages(content) -> dict[str, str]:
    return render.render(content, TODAY)


def test_progress_page_shows_the_figures(pages) -> None:
    page = pages["ke-hoach/2024-theo-doi/tien-do.md"]
    assert "Số liệu tính đến ngày 10/05/2024" in page
    assert '<strong class="cchc-missed">tháng 3/2024</strong>' in page
    assert "1/2 thủ tục công khai đủ nội dung" in page and "2/3 thủ tục trong danh mục" in page
    assert "Đăng ký kết hôn</a> (1.000894): thiếu phí, lệ phí (hoặc ghi rõ không thu)" in page
    assert "1.000656: Đăng ký khai tử" in page
    overdue_row = page.split('<tr id="nhiem-vu-5">')[1].split("</tr>")[0]
    assert "Quá hạn" in overdue_row and "31/03/2024" in overdue_row
    carried_out = page.split('<tr id="nhiem-vu-1">')[1].split("</tr>")[0]  # records within Quý I
    assert "Quá hạn" not in carried_out and "Đang thực hiện" in carried_out
    assert '<svg class="cchc-chart__svg"' in page and 'role="img"' in page and '<th scope="row">T3</th><td>0</td>' in page
    unit = page.split("Công chức Văn hóa</h3>")[1].split("</ul>")[0]
    assert "1 quá hạn" in unit


def test_home_page_shows_the_current_plan_overdue_tasks(pages) -> None:
    home = pages["index.md"]
    assert "Kế hoạch tuyên truyền năm 2024" in home
    assert '<strong class="cchc-missed">1 nhiệm vụ quá hạn</strong> tính đến ngày 10/05/2024' in home
    assert 'href="ke-hoach/2024-theo-doi/tien-do/"' in home


def test_every_plan_past_or_current_links_its_progress(pages) -> None:
    listing = pages["ke-hoach/index.md"]
    for plan_id in ("2024-theo-doi", "2024-mau"):
        assert f'href="{plan_id}/tien-do/"' in listing
        assert f"ke-hoach/{plan_id}/tien-do.md" in pages and f"ke-hoach/{plan_id}/bao-cao.md" in pages


def test_timeline_lists_tasks_by_quarter(pages) -> None:
    page = pages["ke-hoach/2024-theo-doi/tien-do.md"]
    rows = {row.split("</th>")[0]: row for row in page.split('<th scope="row">')[1:] if row.startswith(("Quý", "Chưa xác định"))}
    assert "1. In tờ rơi" in rows["Quý I"] and "3. Tập huấn" in rows["Quý I"] and "2. Đối thoại" not in rows["Quý I"]
    assert "2. Đối thoại" in rows["Quý IV"] and "Không có nhiệm vụ" in rows["Quý III"]
    assert "4. Giải đáp" in rows["Chưa xác định thời gian"]


def test_results_page_shows_an_empty_period(pages) -> None:
    page = pages["ket-qua/index.md"]
    assert "Chưa có số liệu cho kỳ này." in page.split("Quý II/2024")[-1]
    assert "Tỷ lệ đúng hạn 97,5%" in page
    assert "Số liệu mẫu" in page


def test_report_page_and_docx_hold_the_task_table(content, pages) -> None:
    assert "tháng chưa đạt: 3/2024" in pages["ke-hoach/2024-theo-doi/bao-cao.md"]
    files: dict[str, Any] = exports.files(content, TODAY)
    document = docx.Document(io.BytesIO(files["ke-hoach/2024-theo-doi/bao-cao.docx"]))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells][:5] == ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện", "Trạng thái"]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert sorted(rows) == ["1", "2", "3", "4", "5"]
    assert rows["5"][4] == "Quá hạn" and rows["1"][4] == "Đang thực hiện" and "Tin bài: Tin cải cách hành chính tháng 01/2024" in rows["1"][5]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tháng chưa đạt: 3/2024" in text


def test_ics_parses_with_one_event_per_dated_task(content) -> None:
    files = exports.files(content, TODAY)
    calendar = Calendar.from_ical(files["ke-hoach/2024-theo-doi/nhiem-vu.ics"])
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["2024-theo-doi-1@cchc", "2024-theo-doi-2@cchc", "2024-theo-doi-3@cchc", "2024-theo-doi-5@cchc"]  # task 4 has no date
    assert events["2024-theo-doi-1@cchc"].decoded("dtstart") == date(2024, 3, 31)
    assert events["2024-theo-doi-2@cchc"].decoded("dtstart") == date(2024, 12, 31)
    assert "Quá hạn" in str(events["2024-theo-doi-5@cchc"]["description"])
    assert "Đang thực hiện" in str(events["2024-theo-doi-1@cchc"]["description"])


def test_results_open_data_keep_the_empty_period(content) -> None:
    files: dict[str, Any] = exports.files(content, TODAY)
    periods = json.loads(files["ket-qua/ket-qua.json"])
    assert [(p["ky"], len(p["linh_vuc"])) for p in periods] == [("Quý I/2024", 2), ("Quý II/2024", 0)]
    rows = list(csv.DictReader(io.StringIO(files["ket-qua/ket-qua.csv"].lstrip("\ufeff"))))
    assert [(r["ky"], r["linh_vuc"], r["tiep_nhan"]) for r in rows] == [
        ("Quý I/2024", "Hộ tịch", "100"),
        ("Quý I/2024", "Chứng thực", "300"),
        ("Quý II/2024", "", ""),
    ]
    indices = json.loads(files["ket-qua/chi-so.json"])
    assert [(p["nam"], p["diem"]) for p in indices] == [(2022, 80.5), (2023, 84.1)]


def test_external_video_is_a_facade(pages) -> None:
    page = pages["san-pham/index.md"]
    assert 'data-cchc-embed="https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1"' in page
    assert "<iframe" not in page


def test_task_reference_to_nothing_is_an_error(tracked: Path) -> None:
    (tracked / "events" / "2024-02-20-hoi-nghi.yml").write_text(
        'ten: Hội nghị\nloai: hoi_nghi\nngay: "20/02/2024"\nnhiem_vu: [2024-theo-doi/9]\n', encoding="utf-8"
    )
    _, errors = validate.validate(tracked)
    assert [str(e) for e in errors] == [
        "content/events/2024-02-20-hoi-nghi.yml:4: Nhiệm vụ kế hoạch liên quan: kế hoạch “2024-theo-doi” không có nhiệm vụ số 9"
    ]


def test_handling_figures_that_do_not_add_up_are_an_error(tracked: Path) -> None:
    (tracked / "results" / "2024-quy-2.yml").write_text(
        'ky: Quý II/2024\ntu_ngay: "01/04/2024"\nden_ngay: "30/06/2024"\nlinh_vuc:\n  - {linh_vuc: Hộ tịch, tiep_nhan: 5, dung_han: 5, qua_han: 1, dang_giai_quyet: 0}\n',
        encoding="utf-8",
    )
    _, errors = validate.validate(tracked)
    assert len(errors) == 1 and "lớn hơn số hồ sơ tiếp nhận" in str(errors[0]) and "2024-quy-2.yml:5" in str(errors[0])


def test_exports_are_the_same_bytes_when_nothing_changed(content, monkeypatch: pytest.MonkeyPatch) -> None:
    """The .docx carries no clock time: a rebuild (or a serve rebuild) leaves it untouched."""
    import time

    first = exports.files(content, TODAY)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # zipfile and python-docx read the clock
    monkeypatch.setattr(time, "localtime", lambda *args: time.struct_time((2033, 5, 18, 3, 33, 20, 2, 138, 0)))
    assert exports.files(content, TODAY) == first


def test_one_plan_shows_the_same_statuses_everywhere(content, pages) -> None:
    """Plan page, progress page, report page, Word report and calendar: one computation (issue 21)."""
    import re

    def statuses(page: str, kind: str) -> list[str]:
        return re.findall(rf'data-cchc-{kind}-status="([a-z_]+)"', page)

    plan_page, progress, report = (pages[f"ke-hoach/2024-theo-doi{suffix}.md"] for suffix in ("", "/tien-do", "/bao-cao"))
    expected = [t.status for t in tracking.tasks(content, "2024-theo-doi", TODAY)]
    assert "qua_han" in expected and "dang_thuc_hien" in expected  # both kinds are exercised
    assert statuses(plan_page, "task") == expected
    assert statuses(report, "task") == expected
    progress_table = progress[progress.index('<table class="cchc-tasks">') :]
    assert statuses(progress_table, "task")[: len(expected)] == expected
    targets = [m.status for m in tracking.measures(content, "2024-theo-doi", TODAY)]
    assert statuses(plan_page, "target") == statuses(progress, "target") == statuses(report, "target") == targets
    files: dict[str, Any] = exports.files(content, TODAY)
    events = {str(e["uid"]): str(e["description"]) for e in Calendar.from_ical(files["ke-hoach/2024-theo-doi/nhiem-vu.ics"]).walk("VEVENT")}
    document = docx.Document(io.BytesIO(files["ke-hoach/2024-theo-doi/bao-cao.docx"]))
    word = {row.cells[0].text: row.cells[4].text for row in document.tables[0].rows[1:]}
    for task in tracking.tasks(content, "2024-theo-doi", TODAY):
        label = exports.STATUS[task.status]
        assert word[str(task.tt)] == label
        if task.timeframe.deadline:
            assert f"Trạng thái: {label}." in events[f"2024-theo-doi-{task.tt}@cchc"]
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    for measure in tracking.measures(content, "2024-theo-doi", TODAY):
        assert f"{measure.text} — {exports.TRANG_THAI_CHI_TIEU[measure.status]}" in paragraphs
