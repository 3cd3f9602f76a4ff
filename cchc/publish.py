"""Stage 7, publish: what the main portal and other sites take from the built
site besides its pages: open data, feeds and robots.txt, embeddable widgets,
and the security headers (last, since they hash the inline scripts of every
page written before them)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from . import embed, feeds, headers, opendata
from .validate import Content


def site_url(content: Content, given: str | None) -> str | None:
    """The site's public address: `--site-url`, else `dia_chi_trang` in site.yml; with a trailing slash."""
    url = given or (content.site.dia_chi_trang if content.site else None)
    return url.rstrip("/") + "/" if url else None


def write(content: Content, site_dir: Path, url: str | None, today: date) -> None:
    opendata.write(content, site_dir, url, today)
    feeds.write(content, site_dir, url)
    embed.write(content, site_dir, url, today)
    headers.write(content, site_dir, url)
