"""Open data under /du-lieu/: every record kind as JSON (id → record, exactly the
validated model), procedures also as CSV for Excel, each with a JSON Schema
published beside it and a catalogue (danh-muc.json).

The JSON holds the records as editors wrote them after validation, so the
published schema is the record kind's own schema wrapped in an object keyed
by id; a test validates every file against the schema next to it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cchc.base import formatting
from cchc.models import KINDS, OPEN_DATA, schema, taking_part_in, thu_tuc
from cchc.models.content import Content

FOLDER = "du-lieu"
LICENCE = "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"


@dataclass(frozen=True)
class Dataset:
    name: str  # file stem: thu-tuc → thu-tuc.json, thu-tuc.schema.json
    kind: str  # record kind in cchc.models.KINDS
    title: str
    key: str  # what the object's keys are
    csv: bool = False


def datasets() -> list[Dataset]:
    """One dataset per kind declared to take part in open data, named by its section."""
    return [Dataset(kind.section or kind.name, kind.name, kind.title, kind.key, csv=kind.name == "thu_tuc") for kind in taking_part_in(OPEN_DATA)]


# Fields kept for editors only: never in the published data or its schema.
PRIVATE = {"thu_tuc": {"ghi_chu_noi_bo"}}

CSV_COLUMNS = (
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan thực hiện",
    "Đối tượng thực hiện",
    "Cách thức và thời hạn",
    "Phí, lệ phí",
    "Mức độ trực tuyến",
    "Tình trạng",
    "Ngày cập nhật",
    "Trang",
)


def dataset_schema(dataset: Dataset) -> dict:
    """The kind's schema, self-contained, as the value of an object keyed by id."""
    record = schema.schema_for(dataset.kind)
    for key in PRIVATE.get(dataset.kind, ()):
        record["properties"].pop(key, None)
    definitions = record.pop("$defs", {})
    for key in ("$schema", "$id"):
        record.pop(key)
    name = dataset.kind.title().replace("_", "")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{dataset.name}.schema.json",
        "title": f"{dataset.title}: đối tượng có khóa là {dataset.key}",
        "type": "object",
        "additionalProperties": {"$ref": f"#/$defs/{name}"},
        "$defs": {**definitions, name: record},
    }


def records(content: Content, dataset: Dataset) -> dict:
    """Fields left empty are left out (the schema lists them): a third of the size at province scale."""
    private = PRIVATE.get(dataset.kind, set())
    return {key: record.model_dump(mode="json", exclude_none=True, exclude=private) for key, record in sorted(content.of(dataset.kind).items())}


def duration(limit: thu_tuc.ThoiHan | None) -> str:
    if limit is None:
        return "chưa có thông tin"
    if limit.so is None:
        return limit.nguyen_van or limit.ghi_chu or "chưa có thông tin"
    amount = formatting.number(limit.so)
    if limit.don_vi is None:
        return f"{limit.nguyen_van or amount} (không rõ đơn vị)"
    return f"{amount} {thu_tuc.DON_VI_THOI_HAN[limit.don_vi]}"


def fee_text(fee: thu_tuc.PhiLePhi) -> str:
    """A fee as the record states it: its amount in its own currency, or its text, or "chưa rõ số tiền"."""
    kind = thu_tuc.LOAI_PHI[fee.loai] if fee.loai else "Phí, lệ phí"
    if fee.so_tien is not None:
        return f"{kind} {formatting.money(fee.so_tien, fee.tien_te)}"
    return f"{kind}: {fee.mo_ta}" if fee.mo_ta else f"{kind}: chưa rõ số tiền"


def fees_text(p: thu_tuc.ThuTuc) -> str:
    """Free only when the record says so; nothing stated is said as such, never "Không"."""
    fees = [fee_text(fee) for way in p.cach_thuc for fee in way.phi]
    if any(way.mien_phi for way in p.cach_thuc):
        fees.insert(0, "Miễn phí")
    return "; ".join(dict.fromkeys(fees)) or "Chưa có thông tin"


# A cell starting with one of these is a formula to Excel and LibreOffice (=HYPERLINK(…) sends
# the reader's data away): OWASP's CSV-injection advice is a single quote in front.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def procedures_csv(content: Content, site_url: str | None) -> bytes:
    """UTF-8 with a byte-order mark and CRLF: Excel then opens Vietnamese intact. Every cell
    is neutralised (csv_cell); the JSON keeps the text as it is."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def writerow(cells: list[str]) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    for code, p in sorted(content.thu_tuc.items()):
        writerow(
            [
                code,
                p.ten,
                "; ".join(p.linh_vuc),
                "; ".join(thu_tuc.CAP_THUC_HIEN[level] for level in p.cap_thuc_hien),
                p.co_quan_thuc_hien or "Chưa có thông tin",
                "; ".join(p.doi_tuong),
                "; ".join(f"{thu_tuc.KENH[way.kenh]}: {duration(way.thoi_han)}" for way in p.cach_thuc),
                fees_text(p),
                thu_tuc.MUC_DO_TRUC_TUYEN[p.truc_tuyen.muc_do] if p.truc_tuyen and p.truc_tuyen.muc_do else "",
                thu_tuc.TINH_TRANG[p.trang_thai.tinh_trang],
                p.ngay_cap_nhat.isoformat(),
                f"{site_url or '/'}thu-tuc/{code}/",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _json(value: object, compact: bool = False) -> bytes:
    if compact:  # the datasets: megabytes at province scale
        return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def files(content: Content, site_url: str | None, today: date) -> dict[str, bytes]:
    """Every open-data file: path under /du-lieu/ → bytes."""
    out: dict[str, bytes] = {}
    catalogue = []
    for dataset in datasets():
        out[f"{dataset.name}.json"] = _json(records(content, dataset), compact=True)
        out[f"{dataset.name}.schema.json"] = _json(dataset_schema(dataset))
        formats = [f"{dataset.name}.json"]
        if dataset.csv:
            out[f"{dataset.name}.csv"] = procedures_csv(content, site_url)
            formats.append(f"{dataset.name}.csv")
        catalogue.append(
            {"ten": dataset.title, "tep": formats, "luoc_do": f"{dataset.name}.schema.json", "so_ban_ghi": len(content.of(dataset.kind))}
        )
    out["danh-muc.json"] = _json(
        {
            "ten": f"Dữ liệu mở: {content.site.ten_chuyen_trang}",
            "co_quan": content.site.co_quan.ten,
            "giay_phep": {"ten": LICENCE, "lien_ket": LICENCE_URL},
            "ngay_cap_nhat": today.isoformat(),
            "du_lieu": catalogue,
        }
    )
    return out


def write(content: Content, site_dir: Path, site_url: str | None, today: date) -> None:
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files(content, site_url, today).items():
        (folder / name).write_bytes(data)


def fields(kind: str) -> list[tuple[str, str, bool]]:
    """A record kind's top-level fields for the data page: key, Vietnamese title, required."""
    private = PRIVATE.get(kind, set())
    return [(name, info.title or name, info.is_required()) for name, info in KINDS[kind].model.model_fields.items() if name not in private]
