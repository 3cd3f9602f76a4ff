"""Building blocks shared by every record kind.

Every field carries a Vietnamese `title` (used in error messages, the JSON
Schemas and, later, the web editor) and, where useful, an example of a valid
value (quoted in error messages).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

PROCEDURE_CODE = r"^\d\.\d{6}(\.[0-9A-Za-z]+)*$"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL = r"^https?://[^\s]+$"
FILE = r"^[^/\\:][^\\:]*\.[A-Za-z0-9]+$"  # relative to content/, e.g. files/to-khai.docx


class Model(BaseModel):
    """Strict base: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=False)


def _parse_date(value: Any) -> Any:
    """Accept YAML dates (2024-01-08) and the Vietnamese way of writing them (08/01/2024)."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError("date_not_exist") from None
    return value


Ngay = Annotated[
    date,
    BeforeValidator(_parse_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{1,2}/\d{1,2}/\d{4}$"},
            ]
        }
    ),
]


def field(title: str, *, example: Any = None, default: Any = ..., **kwargs: Any) -> Any:
    """A model field with its Vietnamese title and an example for error messages."""
    extra: dict[str, Any] = {"examples": [example]} if example is not None else {}
    return Field(default, title=title, **extra, **kwargs)


def optional(title: str, *, example: Any = None, **kwargs: Any) -> Any:
    return field(title, example=example, default=None, **kwargs)


def many(title: str, *, example: Any = None, **kwargs: Any) -> Any:
    """A list field that may be left out; `example` is one item."""
    extra: dict[str, Any] = {"examples": [[example]]} if example is not None else {}
    return Field(default_factory=list, title=title, **extra, **kwargs)


def _code_from_number(value: Any) -> Any:
    """YAML reads an unquoted 1.000080 as the number 1.00008; national codes have six
    decimals, so the code the editor typed can be rebuilt."""
    if isinstance(value, float):
        return f"{value:.6f}"
    return value


MaThuTuc = Annotated[
    str,
    BeforeValidator(_code_from_number),
    Field(pattern=PROCEDURE_CODE),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": PROCEDURE_CODE}, {"type": "number"}]}),
]
DuongDan = Annotated[str, Field(pattern=URL)]


def one_of(record: Any, names: tuple[str, ...], error_type: str, message: str) -> Any:
    """`record` when at least one of the fields `names` is given; else the editor's error."""
    if not any(getattr(record, name) for name in names):
        raise PydanticCustomError(error_type, message)
    return record


class TepDinhKem(Model):
    """A downloadable file: either stored under content/ or hosted elsewhere."""

    ten: str | None = optional("Tên tệp hiển thị", example="Tờ khai đăng ký khai sinh")
    tep: str | None = optional("Tệp trong thư mục content/", example="files/to-khai-dang-ky-khai-sinh.docx", pattern=FILE)
    lien_ket: DuongDan | None = optional("Liên kết tải về", example="https://vbpl.vn/tw/Pages/vbpq-toanvan.aspx?ItemID=96431")

    @model_validator(mode="after")
    def _one_source(self) -> TepDinhKem:
        return one_of(self, ("tep", "lien_ket"), "file_or_link", "cần “tep” hoặc “lien_ket”")


class RaSoat(Model):
    """Review fields any record may carry: when it was last checked, how often it must be,
    and who answers for it. The page shows "cần rà soát" once the due date has passed
    (decided in the browser); `python build.py review` lists what is overdue."""

    ngay_ra_soat: Ngay | None = optional("Ngày rà soát gần nhất", example="15/01/2026")
    chu_ky_ra_soat: int | None = optional("Chu kỳ rà soát (tháng)", example=12, ge=1, le=120)
    don_vi_phu_trach: str | None = optional("Đơn vị phụ trách", example="Công chức Tư pháp - Hộ tịch")

    def han_ra_soat(self) -> date | None:
        """The date the record is due for review; None when it has never been reviewed."""
        if self.ngay_ra_soat is None:
            return None
        months = self.chu_ky_ra_soat or DEFAULT_REVIEW_MONTHS
        month_index = self.ngay_ra_soat.month - 1 + months
        year, month = self.ngay_ra_soat.year + month_index // 12, month_index % 12 + 1
        day = min(self.ngay_ra_soat.day, calendar.monthrange(year, month)[1])
        return date(year, month, day)


DEFAULT_REVIEW_MONTHS = 12
