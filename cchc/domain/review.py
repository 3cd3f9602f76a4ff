"""Review dates and stale citations: what editors must look at again.

The page itself decides "cần rà soát" in the browser from the due date (so a
static build never goes stale); `python build.py review` lists what is overdue
today, grouped by the unit that answers for it, and the procedures whose legal
basis cites a document that is no longer in force.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from cchc.base.formatting import vn_date
from cchc.models import KINDS
from cchc.models.common import RaSoat
from cchc.models.content import Content
from cchc.models.thu_tuc import ThuTuc

REVIEWED_KINDS = ("thu_tuc", "ke_hoach", "hoi_dap", "van_ban", "tin_tuc", "su_kien", "ket_qua", "san_pham")
NO_UNIT = "(chưa ghi đơn vị phụ trách)"
EXPIRED = ("het_hieu_luc",)


@dataclass(frozen=True)
class Due:
    kind: str
    id: str
    title: str
    due: date
    unit: str


def due_date(record: object) -> date | None:
    return record.han_ra_soat() if isinstance(record, RaSoat) else None


def _title(record: object) -> str:
    for name in ("ten", "tieu_de", "cau_hoi", "so_ky_hieu", "ky"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return ""


def overdue(content: Content, today: date) -> dict[str, list[Due]]:
    """Records whose review date has passed, by owner unit (units in alphabetical order)."""
    by_unit: dict[str, list[Due]] = defaultdict(list)
    for kind in REVIEWED_KINDS:
        for record_id, record in content.of(kind).items():
            due = due_date(record)
            if due is not None and due < today:
                unit = record.don_vi_phu_trach or NO_UNIT
                by_unit[unit].append(Due(kind, record_id, _title(record), due, unit))
    return {unit: sorted(items, key=lambda item: item.due) for unit, items in sorted(by_unit.items())}


def expired_citations(procedure: ThuTuc, content: Content) -> list[str]:
    """Ids of the documents a procedure cites that are no longer in force."""
    return [
        cite.van_ban
        for cite in procedure.can_cu_phap_ly
        if cite.van_ban and cite.van_ban in content.van_ban and content.van_ban[cite.van_ban].tinh_trang in EXPIRED
    ]


def report(content: Content, today: date) -> list[str]:
    lines = []
    late = overdue(content, today)
    total = sum(len(items) for items in late.values())
    lines.append(f"Quá hạn rà soát ngày {vn_date(today)}: {total} bản ghi")
    for unit, items in late.items():
        lines.append(f"{unit}: {len(items)}")
        for item in items:
            folder = KINDS[item.kind].folder
            lines.append(f"  {vn_date(item.due)}  {KINDS[item.kind].title}  {folder}/{item.id}{KINDS[item.kind].suffix}  {item.title}")
    stale = {code: expired_citations(p, content) for code, p in content.thu_tuc.items()}
    stale = {code: docs for code, docs in stale.items() if docs}
    lines.append(f"Thủ tục viện dẫn văn bản đã hết hiệu lực: {len(stale)}")
    for code, docs in stale.items():
        cited = ", ".join(content.van_ban[doc].so_ky_hieu for doc in docs)
        lines.append(f"  {code}  {content.thu_tuc[code].ten}: {cited}")
    return lines
