"""MkDocs hook used by `python build.py serve`: re-render content/ before each
rebuild, so a YAML edit shows on reload. Thin: the work is cchc.pipeline.

Editor errors are printed and the previous pages are kept, so the preview
stays up while the editor fixes the file.
"""
import logging
import os
from pathlib import Path

from cchc import pipeline
from cchc.errors import Abort

log = logging.getLogger("mkdocs.hooks.cchc")


def on_pre_build(config, **kwargs):
    content = Path(os.environ.get("CCHC_CONTENT", Path(__file__).resolve().parent.parent / "content"))
    try:
        _, report = pipeline.prepare(content)
    except Abort as abort:
        for error in abort.errors:
            log.error(str(error))
        return
    if report.written or report.removed:
        log.info("Nội dung: %d tệp viết lại, %d tệp xóa", report.written, report.removed)
