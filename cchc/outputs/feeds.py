"""Atom feeds and robots.txt, written into the built site.

Two feeds: news (/tin-tuc/atom.xml) and procedure changes
(/thu-tuc/thay-doi.xml): a procedure is an entry dated by its decision (or
its last update), titled by what happened to it: published, amended,
replaced, abolished. Feeds need absolute links, so they are written only when
the site's address is known (`--site-url` or `dia_chi_trang` in site.yml).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlparse
from xml.sax.saxutils import escape, quoteattr

from cchc.base.formatting import vn_date
from cchc.models import FEED, Kind, taking_part_in, thu_tuc
from cchc.models.content import Content

NEWS = "tin-tuc/atom.xml"
CHANGES = "thu-tuc/thay-doi.xml"
LIMIT = 50  # entries per feed, newest first

CHANGE_TITLES = {
    "con_hieu_luc": "Công bố",
    "sua_doi": "Sửa đổi, bổ sung",
    "thay_the": "Thay thế",
    "bai_bo": "Bãi bỏ",
}


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"  # records carry dates only; Vietnam's time zone


def _entry(url: str, title: str, day: date, summary: str, category: str) -> str:
    return (
        "<entry>"
        f"<id>{escape(url)}</id><title>{escape(title)}</title>"
        f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>'
        f"<updated>{_stamp(day)}</updated><published>{_stamp(day)}</published>"
        f"<category term={quoteattr(category)}/>"
        f"<summary>{escape(summary)}</summary>"
        "</entry>"
    )


def _feed(content: Content, site_url: str, path: str, title: str, page: str, entries: list[tuple[date, str]]) -> str:
    entries.sort(key=lambda item: item[0], reverse=True)
    updated = entries[0][0] if entries else date(2000, 1, 1)
    agency = content.site.co_quan.ten
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">'
        f"<id>{escape(site_url + path)}</id><title>{escape(title)}</title>"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(site_url + path)}/>'
        f'<link rel="alternate" type="text/html" href={quoteattr(site_url + page)}/>'
        f"<updated>{_stamp(updated)}</updated><author><name>{escape(agency)}</name></author>"
        + "".join(text for _, text in entries[:LIMIT])
        + "</feed>\n"
    )


def news_feed(content: Content, site_url: str) -> str:
    entries = [
        (post.ngay, _entry(f"{site_url}tin-tuc/{post_id}/", post.tieu_de, post.ngay, post.tom_tat, post.chuyen_muc))
        for post_id, post in sorted(content.tin_tuc.items())
    ]
    return _feed(content, site_url, NEWS, f"Tin tức: {content.site.ten_chuyen_trang}", "tin-tuc/", entries)


def declared_feed(content: Content, kind: Kind, site_url: str) -> str:
    """The feed of a kind declared to have one, from its declaration alone: /<section>/atom.xml."""
    entries = []
    for record_id, record in sorted(content.of(kind.name).items()):
        day = getattr(record, kind.date_field) if kind.date_field else None
        if day is None:  # an entry needs a date; a kind without one has no feed to speak of
            continue
        summary = str(getattr(record, kind.summary_field) or "") if kind.summary_field else ""
        entries.append((day, _entry(f"{site_url}{kind.section}/{record_id}/", kind.heading(record), day, summary, kind.label or kind.title)))
    return _feed(content, site_url, f"{kind.section}/atom.xml", f"{kind.title}: {content.site.ten_chuyen_trang}", f"{kind.section}/", entries)


def change_entry(code: str, procedure: thu_tuc.ThuTuc, site_url: str) -> tuple[date, str]:
    status = procedure.trang_thai
    day = status.ngay_quyet_dinh or procedure.ngay_cap_nhat
    summary = f"{thu_tuc.TINH_TRANG[status.tinh_trang]}"
    if status.quyet_dinh:
        summary += f" theo Quyết định {status.quyet_dinh}"
    if status.ngay_quyet_dinh:
        summary += f" ngày {vn_date(status.ngay_quyet_dinh)}"
    if status.thay_the_boi:
        summary += f"; thay thế bởi thủ tục {status.thay_the_boi}"
    title = f"{CHANGE_TITLES[status.tinh_trang]}: {procedure.ten} ({code})"
    return day, _entry(f"{site_url}thu-tuc/{code}/", title, day, summary + ".", CHANGE_TITLES[status.tinh_trang])


def changes_feed(content: Content, site_url: str) -> str:
    entries = [change_entry(code, procedure, site_url) for code, procedure in sorted(content.thu_tuc.items())]
    return _feed(content, site_url, CHANGES, f"Thủ tục mới công bố, sửa đổi, thay thế, bãi bỏ: {content.site.ten_chuyen_trang}", "thu-tuc/", entries)


def robots(site_url: str | None) -> str:
    """Crawlers read robots.txt at the host's root only: under a sub-path the
    operator merges these lines into the host's own file (README)."""
    root = urlparse(site_url).path if site_url else "/"
    # Widgets are not disallowed: link-preview and oEmbed fetchers honour robots.txt; they carry noindex instead.
    text = f"User-agent: *\nAllow: {root}\n"
    return text + (f"Sitemap: {site_url}sitemap.xml\n" if site_url else "")


def write(content: Content, site_dir: Path, site_url: str | None) -> None:
    (site_dir / "robots.txt").write_text(robots(site_url), encoding="utf-8")
    if not site_url:
        return
    feeds = [(NEWS, news_feed(content, site_url)), (CHANGES, changes_feed(content, site_url))]
    # News has its feed above (categories); any other kind declared with a feed gets its own.
    feeds += [(f"{kind.section}/atom.xml", declared_feed(content, kind, site_url)) for kind in taking_part_in(FEED) if kind.name != "tin_tuc"]
    for path, feed in feeds:
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_text(feed, encoding="utf-8")
