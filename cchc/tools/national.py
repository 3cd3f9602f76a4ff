"""A procedure record of the national public-service portal → a draft `thu_tuc` dict.

Pure: reads strings, returns data; no files, no MkDocs. Three inputs reach the same
parser: the saved page (HTML, tables intact), its plain text, and JSON records whose
`raw_text` is the page text with every table run together ("Trực tuyến1Miễn phí").
The HTML reader renders the page to text in which table cells and rows keep explicit
separators (CELL, ROW); the section parsers split on those when present and fall back
to the shapes the portal prints (a channel row is "channel, time, fee…", a document
row ends in "1 bản chính", a legal row ends in its number) when a table was flattened.

A draft holds what the page says and nothing else. "Không có thông tin" is the
portal's "not stated": the field is left out and named in `Draft.missing`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

from cchc.base.formatting import vn_date

SOURCE_SYSTEM = "Cổng Dịch vụ công quốc gia"
PORTAL = "https://dichvucong.gov.vn"

CELL, ROW = "\x1f", "\x1e"
LINK_OPEN, LINK_HREF, LINK_CLOSE = "\x0e", "\x0f", "\x10"  # around a link inside a cell: OPEN text HREF url CLOSE
NOT_STATED = re.compile(r"^\W*(không có thông tin|chưa có thông tin)\W*$", re.I)

# Labels in the order the portal prints them; a label is searched for after the previous one.
LABELS = [
    ("ten", "Tên thủ tục"),
    ("ma", "Mã thủ tục"),
    ("so_quyet_dinh", "Số quyết định"),
    ("cap_thuc_hien", "Cấp thực hiện"),
    ("loai_thu_tuc", "Loại thủ tục"),
    ("linh_vuc", "Lĩnh vực"),
    ("doi_tuong", "Đối tượng thực hiện"),
    ("co_quan_co_tham_quyen", "Cơ quan có thẩm quyền"),
    ("dia_chi_tiep_nhan", "Địa chỉ tiếp nhận HS"),
    ("co_quan_duoc_uy_quyen", "Cơ quan được ủy quyền"),
    ("co_quan_phoi_hop", "Cơ quan phối hợp"),
    ("thu_tuc_lien_quan", "Thủ tục hành chính liên quan"),
    ("trinh_tu", "Trình tự thực hiện"),
    ("cach_thuc", "Cách thức thực hiện"),
    ("ho_so", "Thành phần hồ sơ"),
    ("can_cu_phap_ly", "Căn cứ pháp lý"),
    ("co_quan_thuc_hien", "Cơ quan thực hiện"),
    ("yeu_cau_dieu_kien", "Yêu cầu, điều kiện thực hiện"),
    ("ket_qua", "Kết quả xử lý"),
]
# Where the procedure ends: the result's keyword box, the agency picker, the site footer.
END_MARKERS = ("Từ khóa", "Chọn cơ quan thực hiện", "Tìm kiếm nhiều nhất", "Cơ quan chủ quản")

KENH = {"truc_tuyen": "Trực tuyến", "truc_tiep": "Trực tiếp", "buu_chinh": "Dịch vụ bưu chính"}
_KENH_RE = r"(?:Trực tuyến|Trực tiếp|(?:Qua )?[Dd]ịch vụ bưu chính(?: công ích)?|Bưu chính(?: công ích)?)"
UNITS = [  # longest first: "ngày làm việc" before "ngày"
    ("ngày làm việc", "ngay_lam_viec"),
    ("giờ làm việc", "gio_lam_viec"),
    ("ngày", "ngay"),
    ("giờ", "gio"),
    ("phút", "phut"),
    ("tuần", "tuan"),
    ("tháng", "thang"),
    ("năm", "nam"),
]
_UNIT_RE = "|".join(re.escape(name) for name, _ in UNITS)
_TIME_RE = rf"(?:Không có thông tin|\d+?(?:[.,]\d+)?(?:\s*(?:{_UNIT_RE}))?)"
CURRENCIES = [  # text → ISO code; longest first
    ("việt nam đồng", "VND"),
    ("vnđ", "VND"),
    ("vnd", "VND"),
    ("đồng", "VND"),
    ("đ", "VND"),
    ("đô la mỹ", "USD"),
    ("usd", "USD"),
    ("euro", "EUR"),
    ("eur", "EUR"),
]
_CURRENCY_RE = r"(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|Đô la Mỹ|EUR|Euro|[A-Z]{3}(?![A-Za-zÀ-ỹ]))"
_AMOUNT_RE = rf"\d[\d.,]*\s*{_CURRENCY_RE}"
_FEE_START = rf"(?:Miễn phí|Không thu|Không có thông tin|{_AMOUNT_RE}|Đồng\s*\()"
_CHANNEL_ROW = re.compile(rf"({_KENH_RE})({_TIME_RE})(?={_FEE_START})", re.I)
# Words in a fee note that mean money is charged after all, whatever the amount cell says.
_CHARGE_HINT = re.compile(
    r"mức (?:thu|lệ phí|phí)|theo mức thu|thu phí|\bthu lệ phí|nộp (?:phí|lệ phí)|theo quy định|"
    r"\d[\d.,]*\s*(?:đồng|đ\b|VNĐ|VND|USD|EUR)",
    re.I,
)
_DOC_HEADER = re.compile(r"Tên giấy tờ\s*(?:" + CELL + r"|\s)*Mẫu đơn,?\s*tờ khai\s*(?:" + CELL + r"|\s)*Số lượng", re.I)
_QUANTITY = re.compile(r"(\d{1,2}) bản chính(?:\s*,\s*(\d{1,2}) bản sao)?|(\d{1,2}) bản sao", re.I)
_FORM_EXT = re.compile(r"\.(?i:docx?|xlsx?|pdf|odt|ods|rtf|zip|rar|jpe?g|png)(?![a-z])")
_LEGAL_HEADER = re.compile(r"Tên văn bản pháp lý\s*(?:" + CELL + r"|\s)*Mã văn bản", re.I)
# A document number: 123/2015/NĐ-CP, 66.7/2025/NQ-CP, 08/KH-UBND, 18-NQ/TW.
_PROCEDURE_CODE = re.compile(r"\b\d\.\d{6}(?:\.[0-9A-Z.]+)?\b")
_RESULT_CODE = re.compile(r"Mã\s*:\s*KQ\.[A-Z]+\d*\.\d+")
_STEP_MARK = re.compile(r"^\s*Bước\s*\d+\s*[.:)-]?\s*", re.I)


@dataclass
class Draft:
    """A draft record, what the source leaves unsaid (field names), and remarks for the editor."""

    data: dict[str, Any]
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- text helpers


def clean(text: str | None) -> str:
    """NFC, Ð (U+00D0, Icelandic Eth, typed for Đ in "NÐ-CP") → Đ, no-break spaces → spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\r\n", "\n").replace("\r", "\n")
    return text


def _plain(text: str) -> str:
    """A cell's text without link markers and separators, trimmed; lines kept."""
    text = re.sub(LINK_HREF + r"[^" + LINK_CLOSE + r"]*" + LINK_CLOSE, "", text)
    text = text.replace(LINK_OPEN, "").replace(CELL, "\n").replace(ROW, "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _stated(text: str | None) -> str | None:
    text = _plain(text or "")
    if not text or NOT_STATED.match(text) or re.fullmatch(r"[-–\s*]*", text):
        return None
    return text


def _split_list(text: str) -> list[str]:
    """ "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX)" → two items: commas
    inside brackets and commas followed by a lower-case word ("Cán bộ, công chức") stay."""
    items: list[str] = []
    for line in text.split("\n"):
        depth, start = 0, 0
        for index, char in enumerate(line):
            depth += char in "([" and 1 or 0
            depth -= char in ")]" and 1 or 0
            if char in ",;" and depth <= 0:
                rest = line[index + 1 :].lstrip()
                if rest[:1].isupper():
                    items.append(line[start:index])
                    start = index + 1
        items.append(line[start:])
    return [item.strip(" .;,") for item in items if item.strip(" .;,")]


def _number(text: str) -> float | int | None:
    """ "50,000" and "50.000" → 50000 (thousands), "0,5" and "2.5" → 0.5, 2.5."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return int(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+[.,]\d+", text):
        value = float(text.replace(",", "."))
        return int(value) if value.is_integer() else value
    return None


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def number_key(number: str) -> str:
    """A document number compared loosely: case, spaces and Ð/Đ ignored."""
    return re.sub(r"\s+", "", clean(number)).upper()


# ---------------------------------------------------------------- HTML → text with table separators

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "tbody",
    "thead",
    "dt",
    "dd",
    "dl",
    "label",
    "span_block",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "select", "option", "button", "nav"}


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.cells = 0  # depth of open table cells
        self.link: str | None = None
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and (attributes.get("rel") or "").lower() == "canonical":
            self.canonical = attributes.get("href")
        if tag == "meta" and attributes.get("property") == "og:url":
            self.canonical = self.canonical or attributes.get("content")
        if tag in _SKIP:
            self.skip += 1
        elif tag in ("td", "th"):
            self.cells += 1
        elif tag == "a" and self.cells and attributes.get("href"):
            self.link = attributes["href"]
            self.out.append(LINK_OPEN)
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.cells = max(0, self.cells - 1)
            self.out.append(CELL)
        elif tag == "tr":
            self.out.append(ROW)
        elif tag == "a" and self.link is not None:
            self.out.append(LINK_HREF + self.link + LINK_CLOSE)
            self.link = None
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data) if self.cells or not data.strip() else data.replace("\n", " "))


def html_text(page: str) -> tuple[str, str | None]:
    """The page's text with CELL/ROW separators in its tables, and its canonical URL."""
    reader = _PageText()
    reader.feed(page)
    reader.close()
    text = "".join(reader.out)
    text = re.sub(r"[ \t]*\n[ \t\n]*", "\n", text)
    return clean(text), reader.canonical


# ---------------------------------------------------------------- sections


def _find_label(text: str, label: str, start: int) -> re.Match[str] | None:
    pattern = r"\s*".join(re.escape(word) for word in label.split())
    return re.compile(pattern, re.I).search(text, start)


def sections(text: str) -> dict[str, str]:
    """Each label's value: the text between it and the next label found after it."""
    found: list[tuple[str, int, int]] = []
    position = 0
    first = _find_label(text, "Tên thủ tục", 0)
    if first:
        position = first.start()
    for key, label in LABELS:
        match = _find_label(text, label, position)
        if match:
            found.append((key, match.start(), match.end()))
            position = match.end()
    values: dict[str, str] = {}
    for index, (key, _, value_start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        if index + 1 == len(found):
            for marker in END_MARKERS:
                cut = text.find(marker, value_start)
                if cut != -1:
                    end = min(end, cut)
        values[key] = text[value_start:end].strip(" \t\n:" + CELL + ROW)
    return values


def _table_rows(text: str) -> list[list[str]] | None:
    """Rows of cells when the text kept the table's separators (HTML), else None."""
    if ROW not in text and CELL not in text:
        return None
    rows = []
    for row in text.split(ROW):
        cells = [cell.strip() for cell in row.split(CELL)]
        if cells and cells[-1] == "":
            cells.pop()
        if any(_plain(cell) for cell in cells):
            rows.append(cells)
    return rows


# ---------------------------------------------------------------- steps


def _marker(line: str) -> str | None:
    if _STEP_MARK.match(line):
        return "buoc"
    if re.match(r"^\s*[-–•]\s*", line):
        return "-"
    if re.match(r"^\s*\+\s*", line):
        return "+"
    if re.match(r"^\s*\d{1,2}\s*[.)]\s+\D", line):
        return "1."
    if re.match(r"^\s*[a-zđ]\)\s+", line):
        return "a)"
    return None


def steps(text: str) -> list[dict[str, str]]:
    """Steps split on the source's own top-level marker: "Bước N", then "- ", "+ ", "1.",
    "a)"; lines without it continue the step before. With no marker, each line is a step."""
    lines = [line.strip() for line in _plain(text).split("\n") if line.strip()]
    if not lines:
        return []
    markers = [_marker(line) for line in lines]
    top = next((kind for kind in ("buoc", "-", "+", "1.", "a)") if markers.count(kind) >= (1 if kind == "buoc" else 2)), None)
    if top is None and len(lines) > 1 and not any(markers):
        return [{"mo_ta": line} for line in lines]
    groups: list[list[str]] = []
    for line, kind in zip(lines, markers, strict=True):
        if top is None or kind == top or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    result = []
    for group in groups:
        head = group[0]
        step: dict[str, str] = {}
        if top == "buoc" and _STEP_MARK.match(head):
            body = _STEP_MARK.sub("", head)
            title, _, rest = body.partition(":")
            if rest.strip() and len(title) <= 120:
                step["ten"], head = title.strip(" .:"), rest.strip()
            elif not rest.strip() and len(group) > 1 and len(title) <= 120:
                step["ten"], head = title.strip(" .:"), ""
            else:
                head = body
        elif top in ("-", "+"):
            head = re.sub(r"^\s*[-–•+]\s*", "", head)
        paragraphs = [head] if head else []
        for line in group[1:]:
            joiner = "\n" if paragraphs and line[:1] in "+-" and paragraphs[-1].lstrip()[:1] in "+-" else "\n\n"
            if paragraphs:
                paragraphs[-1] = paragraphs[-1] + joiner + line
            else:
                paragraphs.append(line)
        description = "\n\n".join(paragraphs).strip()
        if description:
            step["mo_ta"] = description
            result.append(step)
    return result


# ---------------------------------------------------------------- channels, time limits, fees


def _kenh(name: str) -> str:
    folded = _fold(name)
    if "truc tuyen" in folded:
        return "truc_tuyen"
    if "buu chinh" in folded:
        return "buu_chinh"
    return "truc_tiep"


def time_limit(text: str) -> dict[str, Any] | None:
    """ "10 Ngày làm việc" → {so: 10, don_vi: ngay_lam_viec, nguyen_van}; "1" → {so: 1, nguyen_van}."""
    source = _stated(text)
    if source is None:
        return None
    limit: dict[str, Any] = {}
    match = re.match(rf"^\s*(\d+(?:[.,]\d+)?)\s*({_UNIT_RE})?\b", source, re.I)
    if match:
        limit["so"] = _number(match.group(1))
        if match.group(2):
            limit["don_vi"] = dict(UNITS)[match.group(2).lower()]
    limit["nguyen_van"] = source
    return limit


def _currency(text: str) -> str:
    folded = text.strip().lower()
    for name, code in CURRENCIES:
        if folded == name:
            return code
    return text.strip().upper()


def _fee_kind(note: str) -> str | None:
    """phi / le_phi when the note names only one of them."""
    folded = _fold(note)
    le_phi = bool(re.search(r"\ble phi\b", folded))
    phi = bool(re.search(r"(?<!le )\bphi\b", folded))
    if le_phi and not phi:
        return "le_phi"
    if phi and not le_phi:
        return "phi"
    return None


def _balanced(text: str, start: int) -> int:
    """Index after the bracket group opening at `start` (or the text's end if never closed)."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _unwrap(note: str) -> str:
    note = note.strip()
    while note.startswith("(") and _balanced(note, 0) == len(note):
        note = note[1:-1].strip()
    # The portal prints an amount-less item as "Đồng (…)" inside the note.
    note = re.sub(r"^Đồng\s*(?=\()", "", note)
    while note.startswith("(") and _balanced(note, 0) == len(note):
        note = note[1:-1].strip()
    return note


_TRIVIAL_NOTE = re.compile(r"^\W*(không có|không|không quy định|chưa quy định|không có thông tin)\W*$", re.I)


def fees(text: str) -> tuple[list[tuple[str, str | None]], str]:
    """The fee cell's items as (amount text, note) and what follows them (the channel's note)."""
    items: list[tuple[str, str | None]] = []
    position = 0
    amount_re = re.compile(rf"\s*(Miễn phí|Không thu|Không có thông tin|{_AMOUNT_RE}|Đồng(?=\s*\())", re.I)
    while True:
        match = amount_re.match(text, position)
        if not match:
            break
        position = match.end()
        note = None
        rest = text[position:]
        if rest.lstrip().startswith("("):
            open_at = position + len(rest) - len(rest.lstrip())
            close_at = _balanced(text, open_at)
            note = _unwrap(text[open_at:close_at]) or None
            position = close_at
        items.append((match.group(1).strip(), note))
    return items, text[position:].strip()


def channel(kenh_text: str, time_text: str, fee_text: str, note_text: str, draft: Draft) -> dict[str, Any]:
    kenh = _kenh(kenh_text)
    item: dict[str, Any] = {"kenh": kenh}
    limit = time_limit(time_text)
    if limit:
        item["thoi_han"] = limit
        if "so" in limit and "don_vi" not in limit:
            draft.missing.append(f"cach_thuc[{kenh}].thoi_han.don_vi")
    else:
        draft.missing.append(f"cach_thuc[{kenh}].thoi_han")
    fee_items, after = fees(_plain(fee_text))
    extra_note = after if after else ""
    phi: list[dict[str, Any]] = []
    free = False
    for amount, note in fee_items:
        note = note if note and not _TRIVIAL_NOTE.match(note) else None
        if NOT_STATED.match(amount):
            continue
        entry: dict[str, Any] = {}
        kind = _fee_kind(note) if note else None
        if kind:
            entry["loai"] = kind
        if re.match(r"(Miễn phí|Không thu)$", amount, re.I):
            if note and _CHARGE_HINT.search(note):
                # "Miễn phí" is what the portal prints for an empty amount; the note says a fee is set elsewhere.
                entry["mo_ta"] = note
                draft.notes.append(f"cach_thuc[{kenh}].phi: nguồn ghi “{amount}” nhưng ghi chú nêu mức thu: không ghi là miễn phí")
            else:
                free = True
                if note:
                    entry.update(so_tien=0, mo_ta=note)
        else:
            number = re.match(r"\d[\d.,]*", amount)
            value = _number(number.group(0)) if number else None
            if number and value is not None:
                entry["so_tien"] = value
                entry["tien_te"] = _currency(amount[number.end() :])
            if note:
                entry["mo_ta"] = note
        if entry:
            phi.append(entry)
    item["phi"] = phi
    if free:
        item["mien_phi"] = True
    if not phi and not free:
        draft.missing.append(f"cach_thuc[{kenh}].phi")
    description = "\n".join(part for part in (extra_note, _stated(note_text) or "") if part).strip()
    if description:
        item["mo_ta"] = description
    return item


def channels(text: str, draft: Draft) -> list[dict[str, Any]]:
    rows = _table_rows(text)
    result = []
    if rows is not None:
        for cells in rows:
            if not cells or not re.match(_KENH_RE, _plain(cells[0]), re.I):
                continue  # the header row
            cells = cells + [""] * (4 - len(cells))
            result.append(channel(_plain(cells[0]), cells[1], cells[2], "\n".join(cells[3:]), draft))
        return result
    flat = _plain(text)
    starts = list(_CHANNEL_ROW.finditer(flat))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(flat)
        result.append(channel(match.group(1), match.group(2), flat[match.end() : end], "", draft))
    return result


# ---------------------------------------------------------------- documents


def _quantity(match: re.Match[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    if match.group(1) is not None:
        counts["ban_chinh"] = int(match.group(1))
        if match.group(2) is not None:
            counts["ban_sao"] = int(match.group(2))
    else:
        counts["ban_sao"] = int(match.group(3))
    if not any(counts.values()):
        return {}  # "0 bản chính" is the portal's empty quantity, not a count
    return counts


def _forms_flat(cell: str) -> tuple[str, list[dict[str, str]]]:
    """Split "Đơn đề nghị theo mẫuMẫu số 01.docxMẫu số 02.docx" into the name and its form files.
    A flattened row has no boundary between name and first file: it is taken where a word
    runs into another without a space ("mẫuMẫu", ";Phụ lục", "ngoài1.004418")."""
    cell = cell.rstrip()
    # Form files run up to the quantity cell: the last one ends the row, and each earlier
    # one is glued to the next ("….docxMẫu…"); ".doc" inside prose ("đuôi “.doc”") is not one.
    ends = [m.end() for m in _FORM_EXT.finditer(cell)]
    if not ends or ends[-1] != len(cell):
        return cell.strip(), []
    chain = [ends[-1]]
    for end in reversed(ends[:-1]):
        if cell[end : end + 1].isalnum() or cell[end : end + 1] in "(_-":
            chain.insert(0, end)
        else:
            break
    ends = chain
    first_end = ends[0]
    head = cell[:first_end]
    limit = max(m.start() for m in _FORM_EXT.finditer(head))
    sentence = max(head.rfind(". ", 0, limit), head.rfind("; ", 0, limit), head.rfind(": ", 0, limit))
    boundary = None
    for index in range(max(sentence + 2, 1), limit):
        before, char = head[index - 1], head[index]
        if before.isspace() or char.isspace():
            continue
        if (before in ';:)”"' and char.isalnum()) or (before == "." and char.isalpha() and not head[index - 2 : index - 1].isupper()):
            boundary = index
            break
        if (before.islower() and (char.isupper() or char.isdigit())) or (
            before.isupper()
            and char.isupper()
            and head[index + 1 : index + 2].islower()
            and head[max(0, index - 3) : index].isupper()
            and len(head[:index].split()[-1]) >= 3
        ):
            boundary = index
            break
    if boundary is None:
        boundary = head.rfind(" ", 0, limit) + 1 if " " in head[:limit] else 0
        # no visible boundary: the file name is the last word before its extension
    forms = []
    start = boundary
    for end in ends:
        if end <= start:
            continue
        forms.append({"ten": cell[start:end].strip()})
        start = end
    name = cell[:boundary].strip()
    trailing = cell[start:].strip()
    if trailing:
        name = (name + " " + trailing).strip()
    return name, forms


def _forms_cell(cell: str) -> list[dict[str, str]]:
    forms = []
    for match in re.finditer(LINK_OPEN + r"([^" + LINK_HREF + r"]*)" + LINK_HREF + r"([^" + LINK_CLOSE + r"]*)" + LINK_CLOSE, cell):
        form: dict[str, str] = {"ten": _plain(match.group(1)) or match.group(2)}
        href = match.group(2).strip()
        if href.startswith("/"):
            href = PORTAL + href
        if re.match(r"^https?://[^\s]+$", href):
            form["lien_ket"] = href
        forms.append(form)
    if not forms:
        forms = [{"ten": line} for line in _plain(cell).split("\n") if line]
    return forms


def _document(name: str, forms: list[dict[str, str]], counts: dict[str, int]) -> dict[str, Any]:
    item: dict[str, Any] = {"ten": re.sub(r"^[-–•+]\s*", "", name).strip()}
    if forms:
        item["mau"] = forms
    item.update(counts)
    return item


def _case_title(text: str) -> str | None:
    title = _plain(text).strip()
    title = re.sub(r"^[*\-–\s]+", "", title).rstrip(" :")
    return title or None


def documents(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Document groups (one per case) and the rows of a "Lưu ý" group (notes, not papers)."""
    groups: list[dict[str, Any]] = []
    notes: list[str] = []
    headers = list(_DOC_HEADER.finditer(text))
    for index, header in enumerate(headers):
        title_start = headers[index - 1].end() if index else 0
        body_end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        papers: list[dict[str, Any]] = []
        body = text[header.end() : body_end]
        rows = _table_rows(body)
        trailing_title = ""
        if rows is not None:
            for cells in rows:
                if len(cells) >= 3:
                    quantity = _QUANTITY.search(_plain(cells[2]))
                    papers.append(_document(_plain(cells[0]), _forms_cell(cells[1]), _quantity(quantity) if quantity else {}))
                elif index + 1 < len(headers):
                    trailing_title += _plain(" ".join(cells))  # the next case's title sits in its own row
        else:
            flat = _plain(body)
            position = 0
            for quantity in _QUANTITY.finditer(flat):
                after = flat[quantity.end() : quantity.end() + 1]
                if after == " " or (quantity.start() < position):
                    continue  # "01 bản sao Báo cáo…" inside a name, not the quantity cell
                row = flat[position : quantity.start()]
                position = quantity.end()
                if not row.strip():
                    continue
                name, forms = _forms_flat(row)
                papers.append(_document(name, forms, _quantity(quantity)))
            trailing_title = flat[position:]
        if index + 1 < len(headers):
            headers_title = trailing_title
        else:
            headers_title = ""
        title_text = text[title_start : header.start()] if index == 0 else groups[-1].pop("_next_title", "") if groups else ""
        title = _case_title(title_text)
        group: dict[str, Any] = {}
        if title and title != "--":
            group["truong_hop"] = title
        group["giay_to"] = papers
        group["_next_title"] = headers_title
        if title and re.match(r"^lưu ý\b", title, re.I):
            notes.extend(paper["ten"] for paper in papers)  # marker already stripped
            group["_notes"] = True
        groups.append(group)
    result = []
    for group in groups:
        group.pop("_next_title", None)
        if group.pop("_notes", False) or not group["giay_to"]:
            continue
        result.append(group)
    if not headers and _stated(text):
        # No table at all: one line a paper.
        papers = [{"ten": re.sub(r"^[-–•+]\s*", "", line)} for line in _plain(text).split("\n") if line.strip()]
        if papers:
            result.append({"giay_to": papers})
    return result, notes


# ---------------------------------------------------------------- legal basis


_LOWER = "".join(chr(c) for c in range(0x61, 0x1EFA) if chr(c).islower() and chr(c).isalpha())
# A symbol letter is not one that starts a lower-case word ("QH13Nghị": the N is the next row's).
_SYMBOL = rf"(?:[A-ZĐ0-9](?![{_LOWER}]))"
_NUMBER_BODY = rf"\d+[\d.]*(?:/\d{{4}})?/[A-ZĐ](?:{_SYMBOL})*+(?:-(?:TTg(?![{_LOWER}])|(?:{_SYMBOL})++))*+"
# Issuer symbols whose last letter may start the next row's first word ("NĐ-CP" + "Phân…" reads "NĐ-CPhân").
_SYMBOL_ENDINGS = {
    "CP",
    "BTP",
    "BTC",
    "BCA",
    "BXD",
    "BCT",
    "BYT",
    "BNV",
    "BQP",
    "NHNN",
    "BNNMT",
    "BTNMT",
    "UBND",
    "HĐND",
    "BGTVT",
    "BKHĐT",
    "BGDĐT",
    "BLĐTBXH",
    "BTTTT",
    "VPCP",
    "BNNPTNT",
    "BVHTTDL",
    "BKHCN",
    "TANDTC",
    "VKSNDTC",
}
_DOC_NUMBER = re.compile(_NUMBER_BODY + r"|\d+-[A-Z]+/[A-Z]+")
_ROW_END_NUMBER = re.compile(_NUMBER_BODY + r"(?=$|\n|[A-ZĐ]| [A-ZĐ])")


def _legal_rows_flat(flat: str) -> list[tuple[str, str]]:
    """ "Luật 60/2014/QH1360/2014/QH13Nghị định…" → rows (name, number): a row ends at a number
    followed by the next row (an upper-case letter, a space and one, or the end)."""
    rows = []
    position = 0
    for match in _ROW_END_NUMBER.finditer(flat):
        name, number = flat[position : match.start()], match.group(0)
        end = match.end()
        following = flat[end : end + 1]
        if following.isupper() and number.rsplit("-", 1)[-1] + following in _SYMBOL_ENDINGS and number.rsplit("-", 1)[-1] not in _SYMBOL_ENDINGS:
            number, end = number + following, end + 1
        # A name ending in its own number glues its digits to the number cell's
        # ("…QH13" + "60/2014/QH13" is found as "1360/2014/QH13"): give them back.
        for extra in range(1, 5):
            rest = number[extra:]
            if re.fullmatch(_NUMBER_BODY, rest) and (name + number[:extra]).endswith(rest):
                name, number = name + number[:extra], rest
                break
        rows.append((name.strip(), number.strip()))
        position = end
    return rows


def legal_basis(text: str, van_ban: Mapping[str, str] | None) -> list[dict[str, str]]:
    header = _LEGAL_HEADER.search(text)
    body = text[header.end() :] if header else text
    rows = _table_rows(body)
    pairs: list[tuple[str, str]] = []
    if rows is not None:
        for cells in rows:
            name, number = _plain(cells[0]), _plain(cells[1]) if len(cells) > 1 else ""
            if name or number:
                pairs.append((name, number))
    else:
        pairs = _legal_rows_flat(_plain(body))
    result = []
    for name, number in pairs:
        found = _DOC_NUMBER.search(number)
        so_ky_hieu = found.group(0) if found else number
        if not name:
            name = number
        # "…Bộ Tư phápThông tư số" + "03/2023/TT-BTP": the number cell's own words ran into the name.
        if found and so_ky_hieu in name:
            name = re.sub(r"\s*(Luật|Nghị định|Nghị quyết|Thông tư(?: liên tịch)?|Quyết định|Pháp lệnh|Chỉ thị)\s*(số)?\s*$", "", name)
        item: dict[str, str] = {}
        record = (van_ban or {}).get(number_key(so_ky_hieu)) if so_ky_hieu else None
        if record:
            item["van_ban"] = record  # the record holds the title and number; the page shows them from it
        else:
            if name:
                item["trich_dan"] = name.strip()
            if so_ky_hieu:
                item["so_ky_hieu"] = so_ky_hieu
        if item:
            result.append(item)
    return result


# ---------------------------------------------------------------- results, related, status


def results(text: str) -> list[str]:
    plain = _plain(text)
    if _RESULT_CODE.search(plain):
        names = [part.strip(" \n;,/") for part in _RESULT_CODE.split(plain)]
        names = [re.sub(r"^[-–•+]\s*", "", re.sub(r"\s+", " ", name)) for name in names]
        return [name for name in names if name and not NOT_STATED.match(name)]
    return [line.strip(" ;") for line in plain.split("\n") if line.strip(" ;") and not NOT_STATED.match(line)]


def related(text: str) -> list[Any]:
    # Mappings, not bare codes: the model reads a bare code as a link that must exist in content/tthc/.
    codes = _PROCEDURE_CODE.findall(text)
    if codes:
        return [{"ma": code} for code in dict.fromkeys(codes)]
    return [{"ten": name} for name in _split_list(_plain(text))]


_STATUS_WORDS = [
    (r"bãi bỏ", "bai_bo"),
    (r"(?:bị|được|đã) thay thế", "thay_the"),
    (r"sửa đổi", "sua_doi"),
    (r"còn hiệu lực|đang (?:áp dụng|có hiệu lực)|có hiệu lực", "con_hieu_luc"),
]


def status(text: str, decision: str | None) -> dict[str, Any]:
    """The status when the page states one ("Tình trạng: …"); a published record with its
    announcing decision is in force (the portal lists abolished procedures with a status)."""
    state: dict[str, Any] = {}
    label = re.search(r"(?:Tình trạng(?: hiệu lực)?|Trạng thái(?: hiệu lực)?)\s*:?\s*([^\n" + CELL + ROW + r"]{3,120})", text, re.I)
    if label:
        for pattern, value in _STATUS_WORDS:
            if re.search(pattern, label.group(1), re.I):
                state["tinh_trang"] = value
                break
        replaced = _PROCEDURE_CODE.search(text[label.start() : label.end() + 200]) if state.get("tinh_trang") == "thay_the" else None
        if replaced:
            state["thay_the_boi"] = replaced.group(0)
    state.setdefault("tinh_trang", "con_hieu_luc")
    if decision:
        number = _DOC_NUMBER.search(decision)
        state["quyet_dinh"] = number.group(0) if number else decision
        day = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", decision)
        if day:
            state["ngay_quyet_dinh"] = f"{int(day.group(1)):02d}/{int(day.group(2)):02d}/{day.group(3)}"
    date_label = re.search(r"Ngày (?:ban hành|quyết định|công bố)\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})", text, re.I)
    if date_label and "ngay_quyet_dinh" not in state:
        state["ngay_quyet_dinh"] = f"{int(date_label.group(1)):02d}/{int(date_label.group(2)):02d}/{date_label.group(3)}"
    return state


# ---------------------------------------------------------------- levels


def levels(text: str) -> list[str]:
    result = []
    for part in _split_list(text):
        words = _fold(part).split()
        if "bo" in words or "trung uong" in " ".join(words):
            level = "cap_bo"
        elif "tinh" in words:
            level = "cap_tinh"
        elif "huyen" in words:
            level = "cap_huyen"
        elif "xa" in words:
            level = "cap_xa"
        else:
            level = "co_quan_khac"
        if level not in result:
            result.append(level)
    return result


# ---------------------------------------------------------------- the record

# Every field a draft may hold, in the model's order (the YAML is written in it).
ORDER = [
    "ma",
    "ten",
    "mo_ta",
    "nguon",
    "linh_vuc",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "doi_tuong",
    "co_quan_thuc_hien",
    "co_quan_co_tham_quyen",
    "co_quan_duoc_uy_quyen",
    "co_quan_phoi_hop",
    "dia_chi_tiep_nhan",
    "trinh_tu",
    "cach_thuc",
    "ho_so",
    "so_bo_ho_so",
    "luu_y",
    "yeu_cau_dieu_kien",
    "ket_qua",
    "thu_tuc_lien_quan",
    "can_cu_phap_ly",
    "truc_tuyen",
    "trang_thai",
    "ngay_cap_nhat",
]
# The fields an import fills from the source (the rest belong to editors).
SOURCE_FIELDS = {
    "ma",
    "ten",
    "nguon",
    "linh_vuc",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "doi_tuong",
    "co_quan_thuc_hien",
    "co_quan_co_tham_quyen",
    "co_quan_duoc_uy_quyen",
    "co_quan_phoi_hop",
    "dia_chi_tiep_nhan",
    "trinh_tu",
    "cach_thuc",
    "ho_so",
    "luu_y",
    "yeu_cau_dieu_kien",
    "ket_qua",
    "thu_tuc_lien_quan",
    "can_cu_phap_ly",
    "trang_thai",
}
# Missing fields worth an editor's attention, in the coverage report.
REPORTED = [
    "linh_vuc",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "doi_tuong",
    "co_quan_thuc_hien",
    "dia_chi_tiep_nhan",
    "trinh_tu",
    "cach_thuc",
    "ho_so",
    "yeu_cau_dieu_kien",
    "ket_qua",
    "can_cu_phap_ly",
]


def parse(
    text: str, *, url: str | None = None, code: str | None = None, van_ban: Mapping[str, str] | None = None, today: date | None = None
) -> Draft:
    """The draft for one procedure page's text (HTML rendered by html_text, or plain)."""
    text = clean(text)
    today = today or date.today()
    values = sections(text)
    draft = Draft(data={})
    data = draft.data

    def value(key: str) -> str | None:
        return _stated(values.get(key))

    ma = value("ma") or code
    if ma:
        found = _PROCEDURE_CODE.search(ma)
        ma = found.group(0) if found else ma.strip()
    data["ma"] = ma
    data["ten"] = re.sub(r"\s+", " ", value("ten") or "").strip()
    nguon: dict[str, str] = {"he_thong": SOURCE_SYSTEM}
    if url and re.match(r"^https?://[^\s]+$", url):
        nguon["lien_ket"] = url
    nguon["ngay_lay"] = vn_date(today)
    data["nguon"] = nguon
    data["linh_vuc"] = _split_list(value("linh_vuc") or "")
    data["cap_thuc_hien"] = levels(value("cap_thuc_hien") or "")
    if value("loai_thu_tuc"):
        data["loai_thu_tuc"] = value("loai_thu_tuc")
    data["doi_tuong"] = _split_list(value("doi_tuong") or "")
    for key in ("co_quan_thuc_hien", "co_quan_co_tham_quyen", "co_quan_duoc_uy_quyen", "co_quan_phoi_hop", "dia_chi_tiep_nhan"):
        stated = value(key)
        if stated:
            data[key] = re.sub(r"[ \t]+", " ", stated).rstrip(".") if "\n" not in stated else stated
    data["trinh_tu"] = steps(values.get("trinh_tu", "")) if value("trinh_tu") else []
    data["cach_thuc"] = channels(values["cach_thuc"], draft) if value("cach_thuc") else []
    if value("ho_so"):
        groups, notes = documents(values["ho_so"])
    else:
        groups, notes = [], []
    data["ho_so"] = groups
    if notes:
        data["luu_y"] = notes
    conditions = value("yeu_cau_dieu_kien")
    if conditions:
        data["yeu_cau_dieu_kien"] = [re.sub(r"^[-–•+]\s*", "", line) for line in conditions.split("\n") if line.strip(" -+")]
    data["ket_qua"] = results(values.get("ket_qua", "")) if value("ket_qua") else []
    if value("thu_tuc_lien_quan"):
        data["thu_tuc_lien_quan"] = related(values["thu_tuc_lien_quan"])
    data["can_cu_phap_ly"] = legal_basis(values["can_cu_phap_ly"], van_ban) if value("can_cu_phap_ly") else []
    data["trang_thai"] = status(text, value("so_quyet_dinh"))
    data["ngay_cap_nhat"] = vn_date(today)
    for key in REPORTED:
        if not data.get(key):
            draft.missing.append(key)
    if not value("so_quyet_dinh"):
        draft.missing.append("trang_thai.quyet_dinh")
    if not ma:
        draft.notes.append("không tìm thấy “Mã thủ tục” trên trang")
    draft.missing = list(dict.fromkeys(draft.missing))
    return draft


# ---------------------------------------------------------------- inputs


def from_json(record: Mapping[str, Any], **options: Any) -> Draft:
    """A scraped record: its `raw_text` is the page; `detail_url` the record's address."""
    text = record.get("raw_text")
    if not isinstance(text, str) or not text.strip():
        # Without the page text, rebuild it from the flattened fields in the page's order.
        keys = {
            "ten": "ten_thu_tuc",
            "ma": "ma_thu_tuc",
            "so_quyet_dinh": "so_quyet_dinh",
            "cap_thuc_hien": "cap_thuc_hien",
            "loai_thu_tuc": "loai_thu_tuc",
            "linh_vuc": "linh_vuc",
            "doi_tuong": "doi_tuong_thuc_hien",
            "co_quan_co_tham_quyen": "co_quan_co_tham_quyen",
            "dia_chi_tiep_nhan": "dia_chi_tiep_nhan",
            "co_quan_duoc_uy_quyen": "co_quan_duoc_uy_quyen",
            "co_quan_phoi_hop": "co_quan_phoi_hop",
            "thu_tuc_lien_quan": "thu_tuc_lien_quan",
            "trinh_tu": "trinh_tu_thuc_hien",
            "cach_thuc": "cach_thuc_thuc_hien",
            "ho_so": "thanh_phan_ho_so",
            "can_cu_phap_ly": "can_cu_phap_ly",
            "co_quan_thuc_hien": "co_quan_thuc_hien",
            "yeu_cau_dieu_kien": "yeu_cau_dieu_kien",
            "ket_qua": "ket_qua_xu_ly",
        }
        text = "".join(f"{label}\n{record.get(keys[key]) or ''}\n" for key, label in LABELS)
    url = record.get("detail_url") if isinstance(record.get("detail_url"), str) else None
    code = record.get("ma_thu_tuc") if isinstance(record.get("ma_thu_tuc"), str) else None
    return parse(text, url=url or None, code=code, **options)


def from_html(page: str, **options: Any) -> Draft:
    text, canonical = html_text(page)
    return parse(text, url=options.pop("url", None) or canonical, **options)


def from_text(text: str, **options: Any) -> Draft:
    # A page saved as text or copied: tabs separate a table's cells, lines its rows.
    if "\t" in text:
        text = "\n".join(ROW.join([line.replace("\t", CELL)]) + (ROW if "\t" in line else "") for line in text.split("\n"))
    return parse(text, **options)


def read(name: str, content: str, **options: Any) -> list[Draft]:
    """Drafts from one file's content, chosen by its extension (.json, .html/.htm, .txt)."""
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix == "json":
        loaded = json.loads(content)
        records = loaded if isinstance(loaded, list) else [loaded]
        return [from_json(record, **options) for record in records if isinstance(record, Mapping)]
    if suffix in ("html", "htm"):
        return [from_html(content, **options)]
    return [from_text(content, **options)]


def ordered(data: Mapping[str, Any], order: Iterable[str] = ORDER) -> dict[str, Any]:
    """The record's keys in model order; keys the order does not know keep their place at the end."""
    keys = list(order)
    result = {key: data[key] for key in keys if key in data}
    result.update({key: value for key, value in data.items() if key not in result})
    return result


TransformFn = Callable[[str], str]
