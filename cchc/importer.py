"""`python build.py import FILE.xlsx|.csv`: an official procedure list → skeleton records.

Lists published by the province or the national portal (Quyết định công bố danh
mục TTHC) come as spreadsheets with a title block above the table, so the
header row is found by its column names (compared without diacritics), not
assumed to be the first. For each code with no record yet a skeleton is written
to content/tthc-nhap/ (drafts: the build does not read them; an editor
completes one and moves it to content/tthc/). Existing files are never touched.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import Abort
from .loader import shown_path
from .models import KINDS
from .models.common import PROCEDURE_CODE
from .text import fold, nfc

DRAFTS = "tthc-nhap"

# Column → the header texts official lists use, folded (no diacritics, lower case).
COLUMNS = {
    "ma": ("ma so", "ma thu tuc", "ma tthc", "ma so tthc", "ma so thu tuc", "ma"),
    "ten": ("ten thu tuc", "ten thu tuc hanh chinh", "ten tthc", "ten"),
    "linh_vuc": ("linh vuc",),
    "co_quan_thuc_hien": ("co quan thuc hien", "co quan giai quyet"),
    "cap_thuc_hien": ("cap thuc hien", "cap"),
}
HEADER_SEARCH_ROWS = 30


@dataclass
class Listed:
    ma: str
    ten: str
    linh_vuc: str = ""
    co_quan_thuc_hien: str = ""
    cap_thuc_hien: list[str] = field(default_factory=list)
    row: int = 0


@dataclass
class Coverage:
    listed: list[Listed]
    published: set[str]
    created: list[Path]
    drafts: set[str]  # listed codes with a draft already

    @property
    def missing(self) -> list[Listed]:
        return [item for item in self.listed if item.ma not in self.published]

    @property
    def unlisted(self) -> list[str]:
        listed = {item.ma for item in self.listed}
        return sorted(self.published - listed)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # A code typed into a number cell: 1.00008 was 1.000080 (national codes have six decimals).
        return f"{value:.6f}"
    return nfc(str(value)).strip()


def _rows(path: Path) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook.active
                values = [list(row) for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
        except OSError:
            raise  # the machine's problem (permission, disk): cli.main says so
        except Exception:  # openpyxl's own failures on a damaged file are of many kinds (zip, XML, KeyError…)
            raise Abort(message=(
                f"{shown_path(path)}: tệp không phải bảng tính .xlsx đọc được (hỏng, hoặc là loại tệp khác đổi đuôi). "
                "Hãy mở bằng Excel rồi Lưu thành… .xlsx, hoặc lưu thành .csv"
            )) from None
        return [[_cell(value) for value in row] for row in values]
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            decoded = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            decoded = raw.decode("cp1258", errors="replace")  # saved by Excel with the Vietnamese Windows code page
        try:
            dialect = csv.Sniffer().sniff(decoded[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(decoded), dialect)]
    raise Abort(message=f"{shown_path(path)}: chỉ đọc được tệp .xlsx hoặc .csv (với .xls: mở bằng Excel rồi Lưu thành… .xlsx)")


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The first row whose cells name the code column and at least one other known column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, value in enumerate(row):
            folded = re.sub(r"\s+", " ", fold(value)).strip(" .:*")
            for column, names in COLUMNS.items():
                if folded in names and column not in columns:
                    columns[column] = position
        if "ma" in columns and len(columns) >= 2:
            return index, columns
    return None


def _levels(value: str) -> list[str]:
    levels = []
    for part in re.split(r"[,;\n/]+", fold(value)):
        part = part.strip()
        if not part:
            continue
        if "xa" in part.split() or "huyen" in part.split():  # districts were merged into communes in 2025
            level = "cap_xa"
        elif "tinh" in part.split():
            level = "cap_tinh"
        elif "bo" in part.split() or "trung uong" in part:
            level = "cap_bo"
        else:
            level = "co_quan_khac"
        if level not in levels:
            levels.append(level)
    return levels


def read_list(path: Path) -> list[Listed]:
    rows = _rows(path)
    found = _header(rows)
    if found is None:
        names = ", ".join(f"“{n}”" for n in ("Mã số", "Tên thủ tục", "Lĩnh vực", "Cơ quan thực hiện", "Cấp thực hiện"))
        raise Abort(message=f"{shown_path(path)}: không tìm thấy dòng tiêu đề bảng trong {HEADER_SEARCH_ROWS} dòng đầu: cần cột “Mã số” và một trong các cột {names}")
    header, columns = found
    listed: dict[str, Listed] = {}
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        get = lambda column: row[columns[column]] if column in columns and columns[column] < len(row) else ""  # noqa: E731
        code = get("ma")
        if not re.match(PROCEDURE_CODE, code):
            continue  # group headings ("I. Lĩnh vực Hộ tịch"), totals, blank rows
        if code not in listed:
            listed[code] = Listed(code, get("ten"), get("linh_vuc"), get("co_quan_thuc_hien"), _levels(get("cap_thuc_hien")), number)
    return list(listed.values())


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def skeleton(item: Listed, source: str) -> str:
    """A draft record: what the list says, the rest left empty for the editor to complete."""
    levels = ", ".join(item.cap_thuc_hien) or "cap_xa"
    lines = [
        "# yaml-language-server: $schema=../../schemas/thu_tuc.schema.json",
        f"# Bản nháp tạo từ {source} (dòng {item.row}) ngày {date.today():%d/%m/%Y}.",
        "# Điền đủ các trường còn trống theo Cổng Dịch vụ công quốc gia, rồi chuyển tệp sang content/tthc/.",
        f"ma: \"{item.ma}\"",
        f"ten: {_quoted(item.ten or 'Tên thủ tục')}",
        f"linh_vuc: [{_quoted(item.linh_vuc)}]" if item.linh_vuc else "linh_vuc: []",
        f"cap_thuc_hien: [{levels}]          # cap_bo, cap_tinh, cap_xa, co_quan_khac",
        "doi_tuong: []                    # ví dụ: [Công dân Việt Nam]",
        f"co_quan_thuc_hien: {_quoted(item.co_quan_thuc_hien)}",
        "trinh_tu: []                     # - {ten: Nộp hồ sơ, mo_ta: ...}",
        "cach_thuc: []                    # - {kenh: truc_tiep, thoi_han: {so: 1, don_vi: ngay_lam_viec}}",
        "ho_so: []                        # - giay_to: [{ten: Tờ khai, ban_chinh: 1}]",
        "ket_qua: []",
        "can_cu_phap_ly: []               # - {van_ban: 123-2015-nd-cp}",
        "truc_tuyen: {muc_do: khong}      # toan_trinh, mot_phan, khong",
        "trang_thai: {tinh_trang: con_hieu_luc}",
        f"ngay_cap_nhat: \"{date.today():%d/%m/%Y}\"",
    ]
    return "\n".join(lines) + "\n"


def import_list(path: Path, content: Path) -> Coverage:
    listed = read_list(path)
    published_dir = content / KINDS["thu_tuc"].folder
    published = {p.stem for p in published_dir.glob("*.y*ml")} if published_dir.is_dir() else set()
    drafts_dir = content / DRAFTS
    drafts = {item.ma for item in listed if (drafts_dir / f"{item.ma}.yml").exists()}
    created = []
    for item in listed:
        if item.ma in published or item.ma in drafts:
            continue
        drafts_dir.mkdir(parents=True, exist_ok=True)
        target = drafts_dir / f"{item.ma}.yml"
        with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(skeleton(item, path.name))
        created.append(target)
    return Coverage(listed, published, created, drafts)


def report(coverage: Coverage) -> list[str]:
    lines = [
        f"Trong danh sách: {len(coverage.listed)} thủ tục",
        f"Đã đăng: {len(coverage.listed) - len(coverage.missing)}",
        f"Còn thiếu: {len(coverage.missing)}",
    ]
    for item in coverage.missing:
        lines.append(f"  {item.ma}  {item.ten}")
    lines.append(f"Đã đăng nhưng không có trong danh sách: {len(coverage.unlisted)}")
    lines += [f"  {code}" for code in coverage.unlisted]
    lines.append(f"Bản nháp mới tạo: {len(coverage.created)}" + (f" (trong {shown_path(coverage.created[0].parent)}/)" if coverage.created else ""))
    if coverage.drafts:
        lines.append(f"Đã có bản nháp, không ghi đè: {len(coverage.drafts)}")
    return lines
