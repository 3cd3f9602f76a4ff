"""MkDocs hook used by `python build.py serve`: re-render content/ before each
rebuild, so a YAML edit shows on reload. Thin: the work is cchc.preview
(only what an edit touched is rendered again).

Editor errors are printed and the previous pages are kept, so the preview
stays up while the editor fixes the file.
"""
import logging
from pathlib import Path

from cchc import preview, workspace
from cchc.errors import Abort

log = logging.getLogger("mkdocs.hooks.cchc")
# MkDocs warns on every dirty rebuild that automatic navigation may be stale; ours is explicit.
logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
_background = preview.Background()


def _preview(config):
    """The serve's preview: its docs folder is in its workspace, which names the content folder."""
    docs = Path(config["docs_dir"])
    return preview.for_folder(Path(workspace.read_facts(docs.parent)["content"]), docs)


def on_serve(server, config, builder, **kwargs):
    """The preview writes the docs folder itself, before each rebuild: MkDocs watching it
    (by polling 3,600 files at province scale) rebuilt a second time after every edit.
    When the background thread rewrites a plan's report, it asks for the rebuild."""
    server.unwatch(config["docs_dir"])
    signal = Path(config["docs_dir"]).parent / preview.REBUILD_SIGNAL
    signal.mkdir(parents=True, exist_ok=True)
    server.watch(str(signal))
    return server


def on_pre_build(config, **kwargs):
    _background.stop()  # the last rebuild's index and data are stale now: ended, not finished
    try:
        report = _preview(config).update(with_exports=False)  # reports follow in the background
    except Abort as abort:
        for error in abort.errors:
            log.error(str(error))
        return
    if report.written or report.removed:
        log.info("Nội dung: %d tệp viết lại, %d tệp xóa", report.written, report.removed)


def on_post_build(config, **kwargs):
    """The preview searches like the built site and has its data, feeds and widgets;
    they follow a few seconds after the page."""
    site = _preview(config)
    if site.content:
        _background.start(site, Path(config["site_dir"]))


def on_shutdown(**kwargs):
    """Stopping the preview (Ctrl-C, a signal) stops the search index begun in the background
    and waits for it to end, before MkDocs removes the folder it writes into: else Pagefind and
    its pages in the temporary folder outlived the preview. A second Ctrl-C stops at once."""
    if _background.running():
        log.info("Đang dừng việc dựng chỉ mục tìm kiếm…")
    _background.stop()
    try:
        _background.wait()
    except KeyboardInterrupt:
        pass
