"""Numbers and dates as Vietnamese readers write them: one place, so a fee, a time limit,
a chart tick and a report say "2,5" and "05/03/2025" alike."""

from __future__ import annotations

from datetime import date


def whole(value: float) -> int | float:
    """8.0 → 8: a whole amount without its ".0" (JSON-LD, time limits)."""
    return int(value) if float(value).is_integer() else value


def number(value: float, decimals: int | None = None) -> str:
    """8 → "8"; 2.5 → "2,5" (decimal comma); `decimals` rounds a fraction first ("33,3")."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.{decimals}f}" if decimals is not None else str(value)
    return text.replace(".", ",")


def money(amount: float, currency: str = "VND") -> str:
    """8000 → "8.000 đồng"; a foreign amount in its own currency: "10 USD", never turned into đồng."""
    if float(amount).is_integer():
        text = f"{int(amount):,}".replace(",", ".")
    else:
        text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} đồng" if currency == "VND" else f"{text} {currency}"


def percent(value: float | None) -> str:
    """33.333 → "33,3%"; no value (nothing to divide by) → "—"."""
    return "—" if value is None else number(value, decimals=1) + "%"


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnam; "" for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def long_date(value: date) -> str:
    """The date line of an administrative document: "ngày 05 tháng 03 năm 2025"."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
