"""Files the plan tracking publishes next to its pages (docs-relative path →
text or bytes, copied into the site by MkDocs):

- `ke-hoach/<id>/nhiem-vu.ics`: task deadlines as an iCalendar file;
- `ke-hoach/<id>/bao-cao.docx`: the results report ("Báo cáo kết quả thực hiện");
- `ket-qua/ket-qua.json|csv` and `ket-qua/chi-so.json|csv`: open data.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from icalendar import Calendar, Event

from cchc.base.formatting import vn_date
from cchc.domain import tracking
from cchc.models.content import Content
from cchc.models.ke_hoach import TRANG_THAI_CHI_TIEU, TRANG_THAI_NHIEM_VU
from cchc.models.theo_doi import CHI_SO

STATUS = {**TRANG_THAI_NHIEM_VU, "qua_han": "Quá hạn"}


def files(content: Content, today: date) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    evidence = tracking.evidence_by_task(content)
    for plan_id in content.ke_hoach:
        plan_tasks = tracking.tasks(content, plan_id, today, evidence)
        if plan_tasks:
            out[f"ke-hoach/{plan_id}/nhiem-vu.ics"] = calendar(content, plan_id, plan_tasks, today)
        out[f"ke-hoach/{plan_id}/bao-cao.docx"] = report(content, plan_id, plan_tasks, today)
    if content.ket_qua:
        out["ket-qua/ket-qua.json"], out["ket-qua/ket-qua.csv"] = results_data(content)
    if content.chi_so and content.chi_so.diem:
        out["ket-qua/chi-so.json"], out["ket-qua/chi-so.csv"] = index_data(content)
    return out


def calendar(content: Content, plan_id: str, plan_tasks: list[tracking.Task], today: date) -> str:
    """One all-day event per task deadline; tasks with no readable date are left out."""
    plan = content.ke_hoach[plan_id]
    cal = Calendar()
    cal.add("prodid", "-//Chuyen trang CCHC//Ke hoach tuyen truyen//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Hạn nhiệm vụ: Kế hoạch {plan.ten}")
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)  # the build date: same input, same file
    for item in plan_tasks:
        deadline = item.timeframe.deadline
        if deadline is None:
            continue
        event = Event()
        event.add("uid", f"{plan_id}-{item.tt}@cchc")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + timedelta(days=1))
        event.add("summary", f"Hạn nhiệm vụ {item.tt}: {item.task.noi_dung}")
        lead = "; ".join(item.task.chu_tri) or "chưa giao"
        event.add("description", f"Thời gian thực hiện: {item.task.thoi_gian}. Đơn vị chủ trì: {lead}. Trạng thái: {STATUS[item.status]}.")
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def report(content: Content, plan_id: str, plan_tasks: list[tracking.Task], today: date) -> bytes:
    """The results report as a Word document: targets with their figures, then the task table."""
    plan = content.ke_hoach[plan_id]
    document = docx.Document()
    document.core_properties.title = f"Báo cáo kết quả thực hiện Kế hoạch {plan.ten}"
    document.core_properties.created = datetime(today.year, today.month, today.day)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def centred(text: str, bold: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold

    centred(plan.co_quan_ban_hanh.upper(), bold=True)
    centred("BÁO CÁO", bold=True)
    centred(f"Kết quả thực hiện Kế hoạch {plan.ten}", bold=True)
    centred(f"(Số liệu tổng hợp từ chuyên trang đến ngày {vn_date(today)})")

    document.add_heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", level=2)
    targets = tracking.measures(content, plan_id, today)
    if not targets:
        document.add_paragraph("Kế hoạch không đặt chỉ tiêu cụ thể.")
    for measure in targets:
        state = TRANG_THAI_CHI_TIEU[measure.status]  # the same status the pages show (tracking.Measure.status)
        line = f"{measure.text} — {state}"
        if measure.summary:
            line += f" ({measure.summary})"
        if measure.missed:
            line += ". Tháng chưa đạt: " + ", ".join(f"{m}/{plan.nam}" for m in measure.missed)
        document.add_paragraph(line, style="List Bullet")

    document.add_heading("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", level=2)
    if not plan_tasks:
        document.add_paragraph("Kế hoạch không có phụ lục nhiệm vụ.")
    else:
        done = sum(item.task.trang_thai == "hoan_thanh" for item in plan_tasks)
        overdue = sum(item.overdue for item in plan_tasks)
        document.add_paragraph(f"Hoàn thành {done}/{len(plan_tasks)} nhiệm vụ; {overdue} nhiệm vụ quá hạn.")
        headers = ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện", "Trạng thái", "Kết quả, minh chứng"]
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
        for item in plan_tasks:
            proof = "; ".join(f"{e.kind}: {e.title} ({vn_date(e.day)})" for e in item.evidence)
            if item.task.ghi_chu:
                proof = f"{item.task.ghi_chu}. {proof}" if proof else item.task.ghi_chu
            row = table.add_row().cells
            for cell, value in zip(
                row, [str(item.tt), item.task.noi_dung, "; ".join(item.task.chu_tri), item.task.thoi_gian, STATUS[item.status], proof], strict=True
            ):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return _same_bytes_each_time(buffer.getvalue(), today)


def _same_bytes_each_time(docx: bytes, today: date) -> bytes:
    """The .docx with the build date on every zip entry (python-docx stamps the clock), so an
    unchanged report is an unchanged file: the build leaves it alone, serve does not rebuild."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            stamped = zipfile.ZipInfo(entry.filename, date_time=(today.year, today.month, today.day, 0, 0, 0))
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(entry.filename))
    return out.getvalue()


RESULT_FIELDS = [
    "ky",
    "tu_ngay",
    "den_ngay",
    "linh_vuc",
    "tiep_nhan",
    "dung_han",
    "qua_han",
    "dang_giai_quyet",
    "truc_tuyen",
    "hai_long",
    "du_lieu_mau",
]


def results_data(content: Content) -> tuple[str, str]:
    """Handling results per period and lĩnh vực; a period with no rows keeps one empty row."""
    records = []
    rows = []
    for totals in tracking.period_totals(content):
        record = totals.record
        base = {"ky": record.ky, "tu_ngay": record.tu_ngay.isoformat(), "den_ngay": record.den_ngay.isoformat(), "du_lieu_mau": record.du_lieu_mau}
        records.append({**base, "ma": totals.period_id, "nguon": record.nguon, "linh_vuc": [row.model_dump() for row in record.linh_vuc]})
        for row in record.linh_vuc or [None]:
            rows.append({**base, **(row.model_dump() if row else {"linh_vuc": ""})})
    return _json(records), _csv(RESULT_FIELDS, rows)


def index_data(content: Content) -> tuple[str, str]:
    index = content.chi_so
    assert index is not None  # files() asks only when content/chi-so.yml has points
    points = [
        {"chi_so": p.chi_so, "ten_chi_so": CHI_SO[p.chi_so], **p.model_dump(exclude={"chi_so"}), "du_lieu_mau": index.du_lieu_mau} for p in index.diem
    ]
    points.sort(key=lambda p: (p["chi_so"], p["nam"]))
    return _json(points), _csv(["chi_so", "ten_chi_so", "nam", "diem", "xep_hang", "tren", "nguon", "du_lieu_mau"], points)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(fields: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: ("" if row.get(key) is None else row.get(key)) for key in fields} for row in rows)
    return "\ufeff" + buffer.getvalue()  # BOM: Excel opens Vietnamese text correctly
