"""Vietnamese text helpers: NFC normalisation, slugs, and the checks that catch
text pasted from Word or an old CMS (legacy encodings, HTML entities)."""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from cchc.base import legacy

# Named (&ocirc;), decimal (&#7897;) and hex (&#x1EA1;) entities that html.unescape knows.
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


ETH = "\u00d0"  # Ð, Icelandic Eth: looks like Đ (U+0110) and is typed for it, as in "NÐ-CP"
_ETH_WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0300-\u036F]*\u00d0[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0300-\u036F]*")


def _eth_means_d(match: re.Match) -> str:
    word, text, start, end = match.group(0), match.string, match.start(), match.end()
    if any(ord(c) > 0xFF for c in word):
        return word.replace(ETH, "Đ")  # beside Unicode letters ("Ðiều"): not a TCVN3 word
    if re.fullmatch(r"[A-Z\u00d0]+", word):
        # Capitals: an abbreviation ("HÐND"), or part of a document number ("123/2015/NÐ-CP", "QÐ-UBND").
        # In TCVN3, Ð is "é"; "NÐ" standing alone reads as the syllable "Né" and is left to the legacy check.
        in_number = (start > 0 and text[start - 1] in "/-") or (end < len(text) and text[end] in "/-")
        if in_number or not legacy._is_vietnamese(legacy.to_unicode(word, "TCVN3")):
            return word.replace(ETH, "Đ")
    return word  # inside lower-case text it is TCVN3's "é" ("phÐp" = phép): the legacy check reports it


def eth_to_d(text: str) -> str:
    """Ð (U+00D0) typed for Đ (U+0110) → Đ; a TCVN3 "é" (also shown as Ð) is left alone."""
    return _ETH_WORD.sub(_eth_means_d, text) if ETH in text else text


def fold(text: str) -> str:
    """Lower-case ASCII form: đ→d before the marks are stripped ("Đăng ký" → "dang ky")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.lower()


@functools.lru_cache(maxsize=4096)  # templates slug the same few lĩnh vực and levels on every row
def slugify(text: str, separator: str = "-") -> str:
    """ASCII Vietnamese slug: "Đăng ký hộ kinh doanh" → "dang-ky-ho-kinh-doanh"."""
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


def html_entity(text: str) -> str | None:
    """The first HTML entity in the text that would decode to something, if any."""
    for match in _ENTITY.finditer(text):
        if html.unescape(match.group(0)) != match.group(0):
            return match.group(0)
    return None


def text_problem(text: str) -> str | None:
    """A Vietnamese explanation of why this editor text must be fixed, or None."""
    words = legacy.find_legacy_words(text)
    if words:
        _, word, encoding = words[0]
        name = "TCVN3 (ABC, phông .VnTime)" if encoding == "TCVN3" else "VNI (phông VNI-Times)"
        fixed = legacy.to_unicode(word, encoding)
        return (
            f"chữ “{word}” đang ở bảng mã cũ {name}, cần chuyển sang Unicode (“{fixed}”). "
            "Hãy chạy “python build.py fix --write” (hoặc chuyển mã bằng Unikey: từ TCVN3 hoặc VNI sang Unicode)"
        )
    entity = html_entity(text)
    if entity:
        return f"có mã HTML “{entity}” (nghĩa là “{html.unescape(entity)}”): hãy gõ trực tiếp ký tự “{html.unescape(entity)}” hoặc chạy “python build.py fix --write”"
    return None


def text_problems(texts: list[str]) -> list[str | None]:
    """text_problem() of each text; one cheap legacy test for the lot when none is legacy
    (a record has dozens of strings: testing each separately was a third of the load)."""
    legacy_possible = legacy.may_hold_legacy("\n".join(texts))
    return [text_problem(value) if legacy_possible or "&" in value else None for value in texts]


# Images another site would serve: the reader's browser would ask that site (the site makes
# no third-party request). Markdown images, inline or by reference, and HTML <img>.
_MAY_HAVE_IMAGE = re.compile(r"!\[|<img", re.I)
_OFFSITE = r"<?\s*((?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^\s)>\"']+)"
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*" + _OFFSITE)
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\](?:\s?\[([^\]]*)\])?")
_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]]+)\]:\s*" + _OFFSITE, re.M)
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?\s*((?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^\s>\"']+)", re.I)


def may_have_image(text: str) -> bool:
    return _MAY_HAVE_IMAGE.search(text) is not None


def offsite_image(text: str) -> tuple[int, str] | None:
    """(0-based line, address) of the first image in the text served by another site."""
    found = [(match.start(), match.group(1)) for pattern in (_MARKDOWN_IMAGE, _HTML_IMAGE) for match in pattern.finditer(text)]
    definitions = {match.group(1).strip().lower(): match.group(2) for match in _DEFINITION.finditer(text)}
    if definitions:
        for match in _REFERENCE_IMAGE.finditer(text):
            label = (match.group(2) or match.group(1)).strip().lower()
            if label in definitions:
                found.append((match.start(), definitions[label]))
    if not found:
        return None
    start, address = min(found)
    return text.count("\n", 0, start), address


def offsite_image_message(address: str) -> str:
    return (
        f"ảnh “{address[:80]}” đặt trên trang khác: trang không tải gì từ trang khác. "
        "Hãy tải ảnh về, đặt vào content/files/ rồi dẫn bằng đường dẫn tương đối, ví dụ ![Mô tả](../../files/anh.jpg)"
    )
