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

import yaml

from cchc.base.errors import Abort
from cchc.base.formatting import vn_date
from cchc.base.text import fold, nfc
from cchc.models import KINDS
from cchc.models.common import PROCEDURE_CODE
from cchc.records.loader import shown_path
from cchc.tools import national

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
                values = [list(row) for row in sheet.iter_rows(values_only=True)] if sheet is not None else []
            finally:
                workbook.close()
        except OSError:
            raise  # the machine's problem (permission, disk): cli.main says so
        except Exception:  # openpyxl's own failures on a damaged file are of many kinds (zip, XML, KeyError…)
            raise Abort(
                message=(
                    f"{shown_path(path)}: tệp không phải bảng tính .xlsx đọc được (hỏng, hoặc là loại tệp khác đổi đuôi). "
                    "Hãy mở bằng Excel rồi Lưu thành… .xlsx, hoặc lưu thành .csv"
                )
            ) from None
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
        raise Abort(
            message=f"{shown_path(path)}: không tìm thấy dòng tiêu đề bảng trong {HEADER_SEARCH_ROWS} dòng đầu: cần cột “Mã số” và một trong các cột {names}"
        )
    header, columns = found
    listed: dict[str, Listed] = {}
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        get = lambda column: row[columns[column]] if column in columns and columns[column] < len(row) else ""  # noqa: E731, B023 - used in this iteration only
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
    levels = ", ".join(item.cap_thuc_hien)  # none invented: the editor fills what the list leaves out
    lines = [
        "# yaml-language-server: $schema=../../schemas/thu_tuc.schema.json",
        f"# Bản nháp tạo từ {source} (dòng {item.row}) ngày {vn_date(date.today())}.",
        "# Điền đủ các trường còn trống theo Cổng Dịch vụ công quốc gia, rồi chuyển tệp sang content/tthc/.",
        f'ma: "{item.ma}"',
        f"ten: {_quoted(item.ten) if item.ten else '«Tên thủ tục»'}",
        f"linh_vuc: [{_quoted(item.linh_vuc)}]" if item.linh_vuc else "linh_vuc: []",
        f"cap_thuc_hien: [{levels}]          # cap_bo, cap_tinh, cap_huyen, cap_xa, co_quan_khac",
        "doi_tuong: []                    # ví dụ: [Công dân Việt Nam]",
        f"co_quan_thuc_hien: {_quoted(item.co_quan_thuc_hien)}",
        "trinh_tu: []                     # - {ten: Nộp hồ sơ, mo_ta: ...}",
        "cach_thuc: []                    # - {kenh: truc_tiep, thoi_han: {so: 1, don_vi: ngay_lam_viec}}",
        "ho_so: []                        # - giay_to: [{ten: Tờ khai, ban_chinh: 1}]",
        "ket_qua: []",
        "can_cu_phap_ly: []               # - {van_ban: 123-2015-nd-cp}",
        "# truc_tuyen: {muc_do: toan_trinh, lien_ket: https://...}   # chỉ khi nguồn nêu",
        "trang_thai: {tinh_trang: con_hieu_luc}",
        f'ngay_cap_nhat: "{vn_date(date.today())}"',
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


# ---------------------------------------------------------------- national-portal records

NATIONAL_SUFFIXES = (".json", ".html", ".htm", ".txt")
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/thu_tuc.schema.json\n"
STATUS_NAMES = {"bai_bo": "đã bị bãi bỏ", "thay_the": "đã được thay thế", "sua_doi": "đã được sửa đổi, bổ sung"}


class _Dumper(yaml.SafeDumper):
    """Readable YAML: Vietnamese as is, multi-line text as a block, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def dump(record: dict) -> str:
    body = yaml.dump(national.ordered(record), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return SCHEMA_LINE + body


def van_ban_numbers(content: Path) -> dict[str, str]:
    """so_ky_hieu (compared loosely) → the `van_ban` record's id, for linking legal bases."""
    folder = content / KINDS["van_ban"].folder
    numbers: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        try:
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # `validate` reports it; a link is only a convenience here
        if isinstance(record, dict) and isinstance(record.get("so_ky_hieu"), str):
            numbers.setdefault(national.number_key(record["so_ky_hieu"]), path.stem)
    return numbers


@dataclass
class Imported:
    source: Path
    draft: national.Draft
    path: Path
    state: str = ""  # tao_moi | cap_nhat | khong_doi
    changes: list[str] = field(default_factory=list)
    status_change: str | None = None


def _short(value: object, limit: int = 110) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _merge(existing: dict, draft: dict) -> dict:
    """The existing record with the source's fields replaced by the new import's; what editors
    added (mo_ta, ghi_chu_noi_bo, review fields, FAQ links, any other key) stays. A field the
    source no longer states keeps the editor's value."""
    merged = dict(existing)
    for key in national.SOURCE_FIELDS:
        if key not in draft or draft[key] in ([], None, ""):
            continue
        if key in ("trang_thai", "nguon") and isinstance(existing.get(key), dict):
            merged[key] = {**existing[key], **draft[key]}
        else:
            merged[key] = draft[key]
    return merged


def _comparable(record: dict) -> dict:
    record = dict(record)
    record.pop("ngay_cap_nhat", None)
    if isinstance(record.get("nguon"), dict):
        record["nguon"] = {k: v for k, v in record["nguon"].items() if k != "ngay_lay"}
    return record


def read_national(path: Path, van_ban: dict[str, str], today: date) -> list[national.Draft]:
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise Abort(message=f"{shown_path(path)}: tệp không phải UTF-8") from None
    try:
        drafts = national.read(path.name, content, van_ban=van_ban, today=today)
    except json.JSONDecodeError as error:
        raise Abort(message=f"{shown_path(path)}:{error.lineno}: không đọc được JSON: {error.msg}") from None
    for draft in drafts:
        code = draft.data.get("ma")
        if not code or not re.match(PROCEDURE_CODE, code):
            raise Abort(
                message=f"{shown_path(path)}: ma: không tìm thấy mã thủ tục hợp lệ (dạng 1.001193) trên trang"
                + (f" (đọc được “{code}”)" if code else "")
            )
    return drafts


def import_national(paths: list[Path], content: Path, today: date | None = None) -> list[Imported]:
    """Write (or update) content/tthc/<ma>.yml for each national record; never rewrite an unchanged file."""
    today = today or date.today()
    numbers = van_ban_numbers(content)
    folder = content / KINDS["thu_tuc"].folder
    done: list[Imported] = []
    for source in paths:
        for draft in read_national(source, numbers, today):
            item = Imported(source, draft, folder / f"{draft.data['ma']}.yml")
            data = national.ordered(draft.data)
            if item.path.exists():
                existing = yaml.safe_load(item.path.read_text(encoding="utf-8")) or {}
                if not isinstance(existing, dict):
                    raise Abort(message=f"{shown_path(item.path)}: tệp hiện có không phải một bản ghi YAML: không ghi đè")
                merged = _merge(existing, data)
                if _comparable(merged) == _comparable(existing):
                    item.state = "khong_doi"
                else:
                    merged["ngay_cap_nhat"] = data["ngay_cap_nhat"]
                    for key in national.ORDER + [k for k in merged if k not in national.ORDER]:
                        old, new = existing.get(key), merged.get(key)
                        if key in ("ngay_cap_nhat",) or old == new:
                            continue
                        if key == "nguon" and _comparable({"nguon": old}) == _comparable({"nguon": new}):
                            continue
                        item.changes.append(f"  - {key}: {_short(old)}" if old is not None else f"  + {key}: {_short(new)}")
                        if old is not None:
                            item.changes.append(f"  + {key}: {_short(new)}")
                    old_state = (existing.get("trang_thai") or {}).get("tinh_trang") if isinstance(existing.get("trang_thai"), dict) else None
                    new_state = merged["trang_thai"].get("tinh_trang")
                    if new_state in STATUS_NAMES and new_state != old_state:
                        item.status_change = new_state
                    item.state = "cap_nhat"
                    item.path.write_text(dump(merged), encoding="utf-8")
            else:
                folder.mkdir(parents=True, exist_ok=True)
                with item.path.open("x", encoding="utf-8") as handle:
                    handle.write(dump(data))
                item.state = "tao_moi"
                if data["trang_thai"].get("tinh_trang") in STATUS_NAMES:
                    item.status_change = data["trang_thai"]["tinh_trang"]
            done.append(item)
    return done


MISSING_NAMES = {
    "linh_vuc": "lĩnh vực",
    "cap_thuc_hien": "cấp thực hiện",
    "loai_thu_tuc": "loại thủ tục",
    "doi_tuong": "đối tượng thực hiện",
    "co_quan_thuc_hien": "cơ quan thực hiện",
    "dia_chi_tiep_nhan": "địa chỉ tiếp nhận",
    "trinh_tu": "trình tự thực hiện",
    "cach_thuc": "cách thức thực hiện",
    "ho_so": "thành phần hồ sơ",
    "yeu_cau_dieu_kien": "yêu cầu, điều kiện",
    "ket_qua": "kết quả",
    "can_cu_phap_ly": "căn cứ pháp lý",
    "trang_thai.quyet_dinh": "quyết định công bố",
}


def _missing_name(key: str) -> str:
    match = re.match(r"cach_thuc\[(\w+)\]\.(.+)", key)
    if match:
        channel = national.KENH.get(match.group(1), match.group(1)).lower()
        what = {"thoi_han": "thời hạn", "thoi_han.don_vi": "đơn vị thời hạn", "phi": "phí, lệ phí"}.get(match.group(2), match.group(2))
        return f"{what} ({channel})"
    return MISSING_NAMES.get(key, key)


def national_report(items: list[Imported]) -> list[str]:
    lines = []
    for item in items:
        where = shown_path(item.path) if item.path else ""
        label = {"tao_moi": "tạo mới", "cap_nhat": "cập nhật", "khong_doi": "không đổi"}[item.state]
        lines.append(f"{where}: {label}")
        lines.extend(item.changes)
        if item.status_change:
            status = item.draft.data["trang_thai"]
            replaced = f" bởi {status['thay_the_boi']}" if status.get("thay_the_boi") else ""
            lines.append(f"  ! thủ tục {STATUS_NAMES[item.status_change]}{replaced} trên Cổng Dịch vụ công quốc gia")
        for note in item.draft.notes:
            lines.append(f"  ghi chú: {note}")
    lines.append("Độ phủ (những gì nguồn không nêu):")
    totals: dict[str, int] = {}
    for item in items:
        missing = [_missing_name(key) for key in item.draft.missing]
        for name in dict.fromkeys(missing):
            totals[name] = totals.get(name, 0) + 1
        lines.append(f"  {item.draft.data['ma']}: " + ("; ".join(dict.fromkeys(missing)) if missing else "đủ thông tin"))
    counts = {state: sum(item.state == state for item in items) for state in ("tao_moi", "cap_nhat", "khong_doi")}
    lines.append(f"Tổng: {len(items)} thủ tục; tạo mới {counts['tao_moi']}, cập nhật {counts['cap_nhat']}, không đổi {counts['khong_doi']}")
    complete = sum(not item.draft.missing for item in items)
    lines.append(f"Đủ thông tin: {complete}/{len(items)}")
    for name, count in sorted(totals.items(), key=lambda pair: (-pair[1], pair[0])):
        lines.append(f"  không nêu {name}: {count}")
    abolished = [item for item in items if item.status_change in ("bai_bo", "thay_the")]
    if abolished:
        lines.append(f"Bãi bỏ hoặc thay thế trên Cổng quốc gia: {len(abolished)}")
    return lines
