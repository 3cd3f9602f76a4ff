"""MkDocs hook used by `python build.py serve`: re-render content/ before each
rebuild, so a YAML edit shows on reload. Thin: the work is cchc.site.preview
(only what an edit touched is rendered again).

Each rebuild prints one line (what changed, how long); editor errors are printed as
`file:line: message` and shown over the open page (`_serve/loi.js`), and the previous
pages are kept, so the preview stays up while the editor fixes the file.
"""

import json
import logging
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from cchc.base import templates
from cchc.base.errors import Abort
from cchc.records.loader import shown_path
from cchc.site import preview, workspace

log = logging.getLogger("mkdocs.hooks.cchc")
# MkDocs warns on every dirty rebuild that automatic navigation may be stale; ours is explicit.
logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
_background = preview.Background()
_state: dict[str, Any] = {"started": 0.0, "errors": []}  # of the rebuild under way
OVERLAY = Path(__file__).resolve().parent / "serve_errors.js"
_theme_compiled = templates.InMemory()  # Material's templates and ours, compiled once per serve


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


def on_config(config, **kwargs):
    """Every served page loads the error overlay (never part of a build)."""
    config.extra_javascript.append("_serve/loi.js")
    return config


def on_env(env, config, files, **kwargs):
    """MkDocs makes a new template environment at every rebuild: its compiled templates are kept."""
    env.bytecode_cache = _theme_compiled
    return env


def on_pre_build(config, **kwargs):
    _background.stop()  # the last rebuild's index and data are stale now: ended, not finished
    _state["started"] = time.perf_counter()
    try:
        _preview(config).update(with_exports=False)  # reports follow in the background
    except Abort as abort:
        _state["errors"] = [str(error) for error in abort.errors] + ([abort.message] if abort.message else [])
        for error in _state["errors"]:
            print(error, file=sys.stderr, flush=True)
        print(f"{time.strftime('%H:%M:%S')} Có {len(_state['errors'])} lỗi: trang giữ bản trước, sửa tệp rồi lưu lại.", file=sys.stderr, flush=True)
        return
    _state["errors"] = []


def on_post_build(config, **kwargs):
    """The preview searches like the built site and has its data, feeds and widgets;
    they follow a few seconds after the page. The errors of this rebuild (or none) go where
    the overlay script reads them."""
    served = Path(config["site_dir"]) / "_serve"
    served.mkdir(parents=True, exist_ok=True)
    (served / "loi.js").write_bytes(OVERLAY.read_bytes())
    (served / "loi.json").write_text(json.dumps({"loi": _state["errors"]}, ensure_ascii=False), encoding="utf-8")
    site = _preview(config)
    if not _state["errors"]:
        edited = ", ".join(shown_path(path) for path in site.last_changed[:3]) + (" …" if len(site.last_changed) > 3 else "")
        seconds = time.perf_counter() - _state["started"]
        print(f"{time.strftime('%H:%M:%S')} Đã dựng{' lại sau khi sửa ' + edited if edited else ''} ({seconds:.1f} s)", flush=True)
    if site.content:
        _background.start(site, Path(config["site_dir"]))


def on_shutdown(**kwargs):
    """Stopping the preview (Ctrl-C, a signal) stops the search index begun in the background
    and waits for it to end, before MkDocs removes the folder it writes into: else Pagefind and
    its pages in the temporary folder outlived the preview. A second Ctrl-C stops at once."""
    if _background.running():
        log.info("Đang dừng việc dựng chỉ mục tìm kiếm…")
    _background.stop()
    with suppress(KeyboardInterrupt):
        _background.wait()
