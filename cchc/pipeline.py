"""The stages in order: load and validate → render → write → engine.

Thin on purpose: each stage lives in its own module and knows nothing of the
others' internals; the CLI and the serve hook both call `prepare`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from . import engine, publish, render, search, validate, write
from .errors import Abort
from .validate import Content


def prepare(content_dir: Path, today: date | None = None, site_url: str | None = None) -> tuple[Content, write.WriteReport]:
    """Validate everything, then render every page into the docs folder the engine reads."""
    content, errors = validate.validate(content_dir)
    if errors:
        raise Abort(errors)
    pages = render.render(content, today, publish.site_url(content, site_url))
    report = write.write_tree(pages, content_dir, engine.DOCS_DIR)
    return content, report


def build(content_dir: Path, out: Path, site_url: str | None = None, today: date | None = None) -> Content:
    content, _ = prepare(content_dir, today, site_url)
    url = publish.site_url(content, site_url)

    def extras(site_dir: Path) -> None:
        search.write_index(content, site_dir)
        publish.write(content, site_dir, url, today or date.today())

    engine.build_atomically(content.site, out, url, extras=extras)
    return content
