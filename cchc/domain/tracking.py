"""Plan tracking: what the published content says about a plan, computed at
build time (pure functions of Content and the build date, no I/O).

- a task's timeframe, read from its "Thời gian thực hiện" text ("Quý II, IV",
  "Thường xuyên trong năm", "tháng 6/2024", "31/12/2024"…) or its explicit
  `bat_dau`/`han` dates, and whether it is overdue on the build date;
- the evidence of each task: news, documents, events and products that name it;
- the measurable targets (`do_luong`): news per month, procedures whose record
  has every part Nghị định 63/2010 Điều 8 requires, events per year;
- results of procedure handling per period, summed.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.base import formatting
from cchc.models.content import Content
from cchc.models.theo_doi import CHI_SO, LOAI_SAN_PHAM, LOAI_SU_KIEN

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
QUARTER_LABELS = ["Quý I", "Quý II", "Quý III", "Quý IV"]


@dataclass(frozen=True)
class Timeframe:
    periods: tuple[tuple[date, date], ...]  # empty: the text names no date we can read

    @property
    def start(self) -> date | None:
        return min(start for start, _ in self.periods) if self.periods else None

    @property
    def deadline(self) -> date | None:
        return max(end for _, end in self.periods) if self.periods else None

    def quarters(self) -> list[int]:
        """Quarters (1–4) of the plan year that a period touches."""
        out = set()
        for start, end in self.periods:
            for quarter in range(1, 5):
                q_start, q_end = quarter_dates(start.year, quarter)
                if start <= q_end and end >= q_start:
                    out.add(quarter)
        return sorted(out)


def quarter_dates(year: int, quarter: int) -> tuple[date, date]:
    first = 3 * quarter - 2
    return date(year, first, 1), month_end(year, first + 2)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_timeframe(text: str, year: int, start: date | None = None, deadline: date | None = None) -> Timeframe:
    """Read a plan's "Thời gian thực hiện" as dates within the plan year."""
    if start or deadline:
        return Timeframe(((start or date(year, 1, 1), deadline or date(year, 12, 31)),))
    lowered = " ".join(text.lower().split())
    dates = [found for found in (_date(*map(int, day)) for day in re.findall(r"(\d{1,2})/(\d{1,2})/(\d{4})", lowered)) if found]
    if dates:
        return Timeframe(((dates[0], dates[-1]),) if len(dates) > 1 else ((dates[0], dates[0]),))
    months = [(int(m), int(y) if y else year) for m, y in re.findall(r"tháng\s*(\d{1,2})(?:\s*/\s*(\d{4}))?", lowered)]
    months = [(m, y) for m, y in months if 1 <= m <= 12]
    if months:
        if len(months) > 1 and re.search(r"\bđến\b|-|–", lowered):
            (m1, y1), (m2, y2) = months[0], months[-1]
            return Timeframe(((date(y1, m1, 1), month_end(y2, m2)),))
        return Timeframe(tuple((date(y, m, 1), month_end(y, m)) for m, y in months))
    quarter_text = re.search(r"quý\s+(.*)", lowered)
    if quarter_text:
        names = re.findall(r"\b(iv|iii|ii|i|[1-4])\b", quarter_text.group(1))
        quarters = sorted({int(name) if name.isdigit() else ROMAN_QUARTERS[name.upper()] for name in names})
        if quarters:
            return Timeframe(tuple(quarter_dates(year, quarter) for quarter in quarters))
    if re.search(r"thường xuyên|trong năm|cả năm|hằng tháng|hàng tháng|hằng quý|hàng quý", lowered):
        return Timeframe(((date(year, 1, 1), date(year, 12, 31)),))
    return Timeframe(())


def _date(day: int, month: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass
class Evidence:
    kind: str  # "Tin bài", "Văn bản", "Sự kiện", "Sản phẩm"
    title: str
    day: date
    url: str | None  # site URL (no leading slash), or None when the record has no page


@dataclass
class Task:
    plan_id: str
    task: Any  # NhiemVu
    timeframe: Timeframe
    overdue: bool
    evidence: list[Evidence]

    @property
    def tt(self) -> int:
        return self.task.tt

    @property
    def status(self) -> str:
        """The one status every page, the report and the calendar show: "qua_han" when the
        deadline passed with the task not done and no evidence by then; a task declared not
        started that has evidence is under way."""
        if self.overdue:
            return "qua_han"
        if self.task.trang_thai == "chua_bat_dau" and self.evidence:
            return "dang_thuc_hien"
        return self.task.trang_thai


def evidence_by_task(content: Content) -> dict[str, list[Evidence]]:
    """ "plan-id/tt" → the records that name it, oldest first."""
    found: dict[str, list[Evidence]] = defaultdict(list)
    for post_id, post in content.tin_tuc.items():
        for ref in post.nhiem_vu:
            found[ref].append(Evidence("Tin bài", post.tieu_de, post.ngay, f"tin-tuc/{post_id}/"))
    for doc_id, doc in content.van_ban.items():
        for ref in doc.nhiem_vu:
            found[ref].append(Evidence("Văn bản", f"{doc.so_ky_hieu}: {doc.trich_yeu}", doc.ngay_ban_hanh, f"van-ban/{doc_id}/"))
    for event in content.su_kien.values():
        for ref in event.nhiem_vu:
            found[ref].append(Evidence(LOAI_SU_KIEN[event.loai], event.ten, event.ngay, None))
    for product_id, product in content.san_pham.items():
        for ref in product.nhiem_vu:
            found[ref].append(Evidence(LOAI_SAN_PHAM[product.loai], product.ten, product.ngay, f"san-pham/#{product_id}"))
    for items in found.values():
        items.sort(key=lambda item: (item.day, item.title))
    return found


def tasks(content: Content, plan_id: str, today: date, evidence: dict[str, list[Evidence]] | None = None) -> list[Task]:
    plan = content.ke_hoach[plan_id]
    evidence = evidence if evidence is not None else evidence_by_task(content)
    out = []
    for task in plan.phu_luc.nhiem_vu if plan.phu_luc else []:
        timeframe = parse_timeframe(task.thoi_gian, plan.nam, task.bat_dau, task.han)
        found = evidence.get(f"{plan_id}/{task.tt}", [])
        deadline = timeframe.deadline
        # Evidence (a news item, a document, an event) dated within the task's last period shows it was
        # carried out in time; evidence from an earlier period ("Quý II, IV") does not cover the last one.
        since = timeframe.periods[-1][0] if timeframe.periods else None
        in_time = deadline is not None and any(item.day <= deadline and (since is None or item.day >= since) for item in found)
        overdue = task.trang_thai != "hoan_thanh" and deadline is not None and deadline < today and not in_time
        out.append(Task(plan_id, task, timeframe, overdue, found))
    return out


def by_unit(plan_tasks: list[Task]) -> dict[str, list[Task]]:
    """Lead unit → the tasks it leads, overdue first, then by deadline."""
    units: dict[str, list[Task]] = defaultdict(list)
    for item in plan_tasks:
        for unit in item.task.chu_tri or ["Chưa giao đơn vị chủ trì"]:
            units[unit].append(item)
    far = date.max
    return {unit: sorted(items, key=lambda t: (not t.overdue, t.timeframe.deadline or far, t.tt)) for unit, items in sorted(units.items())}


def by_quarter(plan_tasks: list[Task]) -> list[tuple[str, list[Task]]]:
    """The timeline: each quarter with the tasks that run in it; tasks with no readable date last."""
    rows = [(QUARTER_LABELS[q - 1], [t for t in plan_tasks if q in t.timeframe.quarters()]) for q in range(1, 5)]
    undated = [t for t in plan_tasks if not t.timeframe.periods]
    if undated:
        rows.append(("Chưa xác định thời gian", undated))
    return rows


# --- Targets measured from the content -------------------------------------------------


@dataclass
class MonthCount:
    month: int
    count: int
    state: str  # "dat", "chua_dat", "chua_den" (after the build date)


@dataclass
class Measure:
    """A target with its figure: `kind` says which; `met` is None while it cannot be judged yet."""

    text: str
    declared: str  # the plan's own status key
    kind: str | None = None  # "tin_moi_thang", "su_kien_moi_nam", "tthc_day_du", or None (declared only)
    met: bool | None = None
    summary: str = ""
    months: list[MonthCount] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    procedures: ProcedureCheck | None = None

    @property
    def status(self) -> str:
        """The one status shown everywhere: the figure's verdict where the target is measured, else the declared one."""
        if self.kind is None:
            return self.declared
        return "dat" if self.met is True else ("chua_dat" if self.met is False else "dang_theo_doi")


def news_per_month(content: Content, year: int, minimum: int, today: date) -> list[MonthCount]:
    counts: defaultdict[int, int] = defaultdict(int)
    for post in content.tin_tuc.values():
        if post.ngay.year == year:
            counts[post.ngay.month] += 1
    out = []
    for month in range(1, 13):
        if month_end(year, month) >= today and counts[month] < minimum:
            state = "chua_den"  # the month is not over on the build date
        else:
            state = "dat" if counts[month] >= minimum else "chua_dat"
        out.append(MonthCount(month, counts[month], state))
    return out


# Nghị định 63/2010/NĐ-CP, Điều 8: the parts a published procedure must state
# (the "nếu có" parts only when the record can say whether they apply).
DIEU_8 = {
    "ten": "Tên thủ tục",
    "trinh_tu": "Trình tự thực hiện",
    "cach_thuc": "Cách thức thực hiện",
    "ho_so": "Thành phần hồ sơ",
    "so_bo_ho_so": "Số lượng bộ hồ sơ",
    "thoi_han": "Thời hạn giải quyết",
    "doi_tuong": "Đối tượng thực hiện",
    "co_quan_thuc_hien": "Cơ quan thực hiện",
    "ket_qua": "Kết quả thực hiện",
    "phi": "Phí, lệ phí (hoặc ghi rõ không thu)",
    "can_cu_phap_ly": "Căn cứ pháp lý",
}


def missing_parts(procedure: Any) -> list[str]:
    """The Điều 8 parts a procedure record does not state."""
    missing = []
    for key in ("ten", "trinh_tu", "cach_thuc", "ho_so", "doi_tuong", "co_quan_thuc_hien", "ket_qua", "can_cu_phap_ly"):
        if not getattr(procedure, key):
            missing.append(DIEU_8[key])
    if procedure.so_bo_ho_so is None:
        missing.append(DIEU_8["so_bo_ho_so"])
    if any(way.thoi_han is None or way.thoi_han.so is None for way in procedure.cach_thuc):
        missing.append(DIEU_8["thoi_han"])
    if any(not way.phi and not way.mien_phi for way in procedure.cach_thuc):
        missing.append(DIEU_8["phi"])
    return sorted(missing, key=list(DIEU_8.values()).index)


@dataclass
class ProcedureCheck:
    total: int
    complete: int
    incomplete: dict[str, list[str]]  # code → missing parts
    listed: int | None = None  # procedures in the official list, when provided
    listed_present: int | None = None
    not_published: list[tuple[str, str]] = field(default_factory=list)  # (code, name) listed but absent

    @property
    def percent(self) -> float | None:
        return percent(self.complete, self.total)

    @property
    def coverage(self) -> float | None:
        return percent(self.listed_present or 0, self.listed) if self.listed else None


def percent(part: float, whole: float | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def check_procedures(content: Content) -> ProcedureCheck:
    """Procedures in force: how many state every Điều 8 part; coverage of the official list."""
    current = {code: p for code, p in content.thu_tuc.items() if p.trang_thai.tinh_trang in ("con_hieu_luc", "sua_doi")}
    incomplete = {code: parts for code, p in sorted(current.items()) if (parts := missing_parts(p))}
    result = ProcedureCheck(len(current), len(current) - len(incomplete), incomplete)
    if content.danh_muc_tthc:
        listed = content.danh_muc_tthc.thu_tuc
        result.listed = len(listed)
        result.not_published = [(item.ma, item.ten) for item in listed if item.ma not in current]
        result.listed_present = len(listed) - len(result.not_published)
    return result


def events_in_year(content: Content, year: int, kinds: list[str], today: date) -> list[Any]:
    return sorted(
        (e for e in content.su_kien.values() if e.ngay.year == year and e.ngay <= today and (not kinds or e.loai in kinds)),
        key=lambda e: e.ngay,
    )


def measures(content: Content, plan_id: str, today: date) -> list[Measure]:
    """Every target of the plan: computed where `do_luong` says what to measure."""
    plan = content.ke_hoach[plan_id]
    year_over = date(plan.nam, 12, 31) < today
    out = []
    for target in plan.chi_tieu:
        if isinstance(target, str):
            out.append(Measure(target, "dang_theo_doi"))
            continue
        item = Measure(target.noi_dung, target.trang_thai)
        rule = target.do_luong
        if rule and rule.tin_moi_thang:
            item.kind = "tin_moi_thang"
            item.months = news_per_month(content, plan.nam, rule.tin_moi_thang, today)
            item.missed = [m.month for m in item.months if m.state == "chua_dat"]
            judged = [m for m in item.months if m.state != "chua_den"]
            item.met = False if item.missed else (True if year_over else None)
            item.summary = (
                f"{len(judged) - len(item.missed)} tháng đạt, {len(item.missed)} tháng chưa đạt; tối thiểu {rule.tin_moi_thang} tin bài/tháng"
            )
        elif rule and rule.su_kien_moi_nam:
            item.kind = "su_kien_moi_nam"
            item.events = events_in_year(content, plan.nam, rule.loai_su_kien, today)
            reached = len(item.events) >= rule.su_kien_moi_nam
            item.met = True if reached else (False if year_over else None)
            item.summary = f"{len(item.events)}/{rule.su_kien_moi_nam} sự kiện đã tổ chức trong năm {plan.nam}"
        elif rule and rule.tthc_day_du is not None:
            item.kind = "tthc_day_du"
            check = item.procedures = check_procedures(content)
            share = check.percent or 0.0
            item.met = share >= rule.tthc_day_du and (check.coverage is None or check.coverage >= rule.tthc_day_du)
            item.summary = f"{check.complete}/{check.total} thủ tục công khai đủ nội dung theo Điều 8 Nghị định 63/2010/NĐ-CP ({formatting.percent(check.percent)})"
            if check.listed:
                item.summary += (
                    f"; {check.listed_present}/{check.listed} thủ tục trong danh mục được công bố đã đăng ({formatting.percent(check.coverage)})"
                )
        out.append(item)
    return out


def progress(plan: Any) -> dict[str, int]:
    tasks = plan.phu_luc.nhiem_vu if plan.phu_luc else []
    done = sum(task.trang_thai == "hoan_thanh" for task in tasks)
    return {"done": done, "total": len(tasks), "percent": round(100 * done / len(tasks)) if tasks else 0}


# --- Results of procedure handling ----------------------------------------------------


@dataclass
class PeriodTotals:
    period_id: str
    record: Any  # KetQua
    received: int
    on_time: int
    late: int
    pending: int
    online: int | None
    satisfaction: float | None  # weighted by applications received

    @property
    def has_data(self) -> bool:
        return bool(self.record.linh_vuc)

    @property
    def on_time_share(self) -> float | None:
        return percent(self.on_time, self.on_time + self.late)

    @property
    def online_share(self) -> float | None:
        return percent(self.online, self.received) if self.online is not None else None


def period_totals(content: Content) -> list[PeriodTotals]:
    """Each period, oldest first, with its lĩnh vực summed; a period with no rows has no data."""
    out = []
    for period_id, record in sorted(content.ket_qua.items(), key=lambda item: (item[1].tu_ngay, item[0])):
        rows = record.linh_vuc
        received = sum(row.tiep_nhan for row in rows)
        online_rows = [row.truc_tuyen for row in rows if row.truc_tuyen is not None]
        rated = [(row.hai_long, row.tiep_nhan) for row in rows if row.hai_long is not None]
        weight = sum(w for _, w in rated)
        satisfaction = round(sum(v * w for v, w in rated) / weight, 1) if weight else None
        out.append(
            PeriodTotals(
                period_id,
                record,
                received,
                sum(row.dung_han for row in rows),
                sum(row.qua_han for row in rows),
                sum(row.dang_giai_quyet for row in rows),
                sum(online_rows) if online_rows else None,
                satisfaction,
            )
        )
    return out


def index_series(content: Content) -> dict[str, list[Any]]:
    """Index key → its yearly scores, oldest first (only indices with data)."""
    out: dict[str, list[Any]] = {}
    for key in CHI_SO:
        points = sorted((p for p in (content.chi_so.diem if content.chi_so else []) if p.chi_so == key), key=lambda p: p.nam)
        if points:
            out[key] = points
    return out
