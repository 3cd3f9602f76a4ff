"""The stages in order: load and validate → render → write → engine.

Thin on purpose: each stage lives in its own module and knows nothing of the
others' internals; the CLI and the serve hook both call `prepare`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from . import decap, engine, exports, publish, render, search, validate, write
from .errors import Abort
from .validate import Content


def prepare(content_dir: Path, today: date | None = None, site_url: str | None = None) -> tuple[Content, write.WriteReport]:
    """Validate everything, then render every page into the docs folder the engine reads."""
    content, errors = validate.validate(content_dir)
    if errors:
        raise Abort(errors)
    today = today or date.today()
    pages: dict[str, str | bytes] = {**render.render(content, today, publish.site_url(content, site_url)), **exports.files(content, today)}
    report = write.write_tree(pages, content_dir, engine.DOCS_DIR)
    return content, report


def build(content_dir: Path, out: Path, site_url: str | None = None, today: date | None = None) -> Content:
    content, _ = prepare(content_dir, today, site_url)
    url = publish.site_url(content, site_url)
    today = today or date.today()

    def alongside(folder: Path) -> None:  # needs no page MkDocs writes: runs beside it
        search.write_index(content, folder)
        publish.write_data(content, folder, url, today)

    def extras(site_dir: Path) -> None:  # after MkDocs
        decap.install(site_dir)
        publish.write_headers(content, site_dir, url)  # last: hashes every page's inline scripts

    engine.build_atomically(content.site, out, url, alongside=alongside, extras=extras)
    return content
