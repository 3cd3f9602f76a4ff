"""MkDocs hook used by `python build.py serve`: re-render content/ before each
rebuild, so a YAML edit shows on reload. Thin: the work is cchc.pipeline.

Editor errors are printed and the previous pages are kept, so the preview
stays up while the editor fixes the file.
"""
import logging
import os
from pathlib import Path

from datetime import date

from cchc import pipeline, publish, search
from cchc.errors import Abort

log = logging.getLogger("mkdocs.hooks.cchc")
_last_content = []  # the records of the last good render, for the search index


def on_pre_build(config, **kwargs):
    content = Path(os.environ.get("CCHC_CONTENT", Path(__file__).resolve().parent.parent / "content"))
    try:
        records, report = pipeline.prepare(content)
    except Abort as abort:
        for error in abort.errors:
            log.error(str(error))
        return
    _last_content[:] = [records]
    if report.written or report.removed:
        log.info("Nội dung: %d tệp viết lại, %d tệp xóa", report.written, report.removed)


def on_post_build(config, **kwargs):
    """The preview searches like the built site and has its data, feeds and widgets."""
    if _last_content:
        records = _last_content[0]
        search.write_index(records, Path(config["site_dir"]))
        publish.write(records, Path(config["site_dir"]), publish.site_url(records, None), date.today())
