"""Stage 7, publish: what the main portal and other sites take from the built
site besides its pages: open data, feeds and robots.txt, embeddable widgets,
and the security headers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cchc.base.errors import Abort, stop_if
from cchc.models.content import Content
from cchc.models.site import site_address_problem
from cchc.outputs import embed, feeds, opendata
from cchc.site import headers, search


def site_url(content: Content, given: str | None) -> str | None:
    """The site's public address: `--site-url`, else `dia_chi_trang` in site.yml; with a trailing slash."""
    if given and site_address_problem(given):  # dia_chi_trang was checked with site.yml
        raise Abort(message=f"--site-url “{given}”: {site_address_problem(given)}")
    url = given or (content.site.dia_chi_trang if content.singles.get("site") else None)
    return url.rstrip("/") + "/" if url else None


def write_data(content: Content, folder: Path, url: str | None, today: date, stop: threading.Event | None = None) -> None:
    """Open data, feeds and robots.txt, widgets: from the records alone, so the build
    writes them beside MkDocs (engine.build_atomically's `alongside`). Once `stop` is set
    (serve: a newer rebuild), errors.Stopped ends the work at its next step."""
    opendata.write(content, folder, url, today)
    stop_if(stop)
    feeds.write(content, folder, url)
    embed.write(content, folder, url, today, stop)


def write_headers(content: Content, site_dir: Path, url: str | None) -> None:
    """The security headers (from the records and the theme's templates, not from the pages)."""
    headers.write(content, site_dir, url)


def write(content: Content, site_dir: Path, url: str | None, today: date) -> None:
    write_data(content, site_dir, url, today)
    write_headers(content, site_dir, url)


def beside_engine(content: Content, url: str | None, today: date, stop: threading.Event | None = None) -> Callable[[Path], None]:
    """What needs no page MkDocs writes: built in this process while MkDocs runs in its own.
    Serve's background passes `stop`: once set, errors.Stopped ends the work at its next step."""

    def write(folder: Path) -> None:
        search.write_index(content, folder, stop)
        stop_if(stop)
        write_data(content, folder, url, today, stop)

    return write
