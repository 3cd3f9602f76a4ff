"""`serve`: after an edit, read, validate and render only what it touched, so the
change shows in about a second at province scale (the benchmark measures it).

Unchanged files are neither read nor validated again (validate.Memo). An edited
record re-renders its own page, the pages that link to it or that it links to
(before or after the edit), its section's first page, the news listing when a
post changed, and the few pages outside the four big sections (home, plans and
their tracking, results, search), which count or sum records. A change that can reach any page (site data,
synonyms, a document's number, a file added or removed) renders everything.
Pages are written only when their text changed, so MkDocs' dirty build
rebuilds just those.
"""

from __future__ import annotations

import gc
import os
import posixpath
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path

from cchc.base import memory, parallel, timing
from cchc.base.errors import Abort, Stopped, stop_if
from cchc.models import KINDS
from cchc.models.content import Content
from cchc.outputs import exports
from cchc.pages import render, write
from cchc.records import validate
from cchc.site import engine, publish, search

# The big sections: a page there is re-rendered only when it links to the edited record,
# or is linked from it (record pages, listings), or is the section's first page.
_BIG_SECTIONS = ("thu-tuc", "hoi-dap", "van-ban", "tin-tuc")
_IN_BIG_SECTION = re.compile(rf"^(?:{'|'.join(_BIG_SECTIONS)})/")
# The news listing's pages and categories (a hundred at province scale): all re-rendered when a post changes.
_NEWS_LIST = re.compile(r"^tin-tuc/(?:trang-\d+|chuyen-muc/[^/]+)\.md$")
_EVERYTHING_KINDS = {"site", "tu_dong_nghia", "van_ban"}  # documents: citations in any page's text
# Serve watches this folder of its workspace, not the docs folder the preview writes: a file
# written here asks for one more rebuild (when the background thread changed a plan's report).
REBUILD_SIGNAL = "rebuild"
BACKGROUND_NICENESS = 10  # added to the niceness of the thread that builds the index in the background


class Preview:
    """The content folder as last read, validated and rendered; `update` brings it and the
    docs folder up to date. `serve` keeps one in memory; a build makes a fresh one."""

    def __init__(self, content_dir: Path, docs: Path, site_url: str | None = None):
        self.content_dir = content_dir
        self.docs = docs  # in the run's own workspace
        self.site_url = site_url  # as given to `build --site-url`; serve has none
        self.memo = validate.Memo()
        self.content: Content | None = None
        self.pages: dict[str, str] = {}
        self.today: date | None = None  # of the last render
        self.changed: set[Path] = set()  # files edited since the last good render
        self.last_changed: list[Path] = []  # the files the last good render followed (serve prints them)
        self.written: dict[str, str | bytes] = {}  # what is in the docs folder, so it is not read back
        self.exported: dict[str, str | bytes] = {}  # the plans' .docx and .ics
        self._writing = threading.Lock()  # the background thread writes exports too
        self._frozen = False
        self.items = render.ProcedureItems()  # kept across edits (serve)

    def update(self, today: date | None = None, *, with_exports: bool = True, timings: dict[str, float] | None = None) -> write.WriteReport:
        """Bring the docs folder up to date with the content folder; Abort on editor errors
        (the previous pages stay). Without exports, the plans' .docx and .ics keep their last
        version until `refresh_exports` (serve calls it once the page shows). `timings`
        receives the seconds of each stage (the benchmark)."""
        with memory.collector_paused():  # a full collection of this heap is 0.3 s, at province scale
            report = self._update(today or date.today(), with_exports, timings)
        if not self._frozen:
            # The first render's records and pages live on, mostly unchanged: set aside, the
            # collections after each edit walk only what the edits made.
            gc.freeze()
            self._frozen = True
        return report

    def _update(self, today: date, with_exports: bool, timings: dict[str, float] | None) -> write.WriteReport:
        with timing.timed(timings, "load + validate"):
            content, errors = validate.validate(self.content_dir, self.memo)
        self.changed |= self.memo.changed  # edits made while another file had errors count too
        if errors:
            raise Abort(errors)
        with timing.timed(timings, "render"):
            renderer = render.Renderer(content, today, publish.site_url(content, self.site_url), self.items)
            only = self._touched(renderer, content, today) if self.pages else None  # pages: a previous render
            self.last_changed = sorted(self.changed) if self.pages else []  # the first render follows no edit
            self.changed = set()
            exported = parallel.started(lambda: exports.files(content, today)) if with_exports or not self.exported else None
            fresh = renderer.pages(only)
            if only:  # pages no longer made (a news category emptied, a record removed) go too
                kept = {job[1] for job in renderer.jobs()}
                self.pages = {path: text for path, text in {**self.pages, **fresh}.items() if path in kept}
            else:
                self.pages = fresh
            self.content, self.today = content, today
            if exported:
                self.exported = exported()
        with self._writing, timing.timed(timings, "write"):
            return write.write_tree({**self.pages, **self.exported}, self.content_dir, self.docs, self.written)

    def refresh_exports(self, today: date | None = None) -> write.WriteReport:
        """The plans' reports and calendars (0.6 s at province scale); a changed file reaches
        the site with the next rebuild, which its writing triggers."""
        assert self.content is not None  # called after the first render
        self.exported = exports.files(self.content, today or date.today())
        with self._writing:
            return write.write_tree({**self.pages, **self.exported}, self.content_dir, self.docs, self.written)

    def _touched(self, renderer: render.Renderer, after: Content, today: date) -> Callable[[str], bool] | None:
        """Which pages an edit (or a new day) can have changed; None for all of them."""
        records = {source.path: (kind, record_id) for (kind, record_id), source in after.sources.items()}
        edited = [records.get(path) for path in self.changed]
        if not edited:  # no record changed (an attachment, a template, a first rebuild)
            # The pages outside the big sections count overdue tasks and print the date.
            return (lambda path: not _IN_BIG_SECTION.match(path)) if today != self.today else (lambda path: False)
        if any(record is None or record[0] in _EVERYTHING_KINDS for record in edited):
            return None  # a file removed, or data any page may show
        edited_ids = [record for record in edited if record is not None]  # all of them, after the check above
        own = {f"{KINDS[kind].section}/{record_id}.md" for kind, record_id in edited_ids if KINDS[kind].section}
        targets = set(own)
        for path in own:  # pages that link to it, and pages it links to (before the edit)
            segment = path.removesuffix(".md").split("/")[-1]
            targets |= {page for page, text in self.pages.items() if f"/{segment}/" in text or f'"{segment}/' in text}
            targets |= _linked_pages(path, self.pages.get(path, ""))
        for path, text in renderer.pages(own.__contains__).items():  # and after the edit
            targets |= _linked_pages(path, text)
        targets |= {f"{KINDS[kind].section}/index.md" for kind, _ in edited_ids if KINDS[kind].section}
        if any(kind == "tin_tuc" for kind, _ in edited_ids):  # order and pages of the news lists
            targets |= {path for path in self.pages if _NEWS_LIST.match(path)}
        # Home, plans and their tracking, results, search: few pages that count or sum records.
        return lambda path: path in targets or not _IN_BIG_SECTION.match(path)


_previews: dict[tuple[Path, Path], Preview] = {}


def for_folder(content_dir: Path, docs: Path) -> Preview:
    """One preview per content and docs folder in this process: `build.py serve` renders it
    once before the server starts, and the hook goes on."""
    key = (content_dir.resolve(), docs.resolve())
    if key not in _previews:
        _previews[key] = Preview(*key)
    return _previews[key]


class Background:
    """Rebuilds the preview's plan reports, search index, open data, feeds and widgets in a
    background thread, so a page shows before they are done (Pagefind alone takes 4 s at
    province scale). A newer rebuild stops the run under way (`stop`): its work would be
    overwritten, and runs queued behind one another left the index of the last of eight
    quick edits 79 s behind it (province; 5.8 s once stopped)."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()  # of the run under way

    def start(self, site: Preview, site_dir: Path) -> threading.Thread:
        self.stop()
        self._stop = threading.Event()
        thread = threading.Thread(target=self._run, args=(site, site_dir, self._thread, self._stop), daemon=True)
        self._thread = thread
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop the run under way at its next step (Pagefind is ended); `wait` for it to end."""
        self._stop.set()

    def wait(self) -> None:
        if self._thread:
            self._thread.join()

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self, site: Preview, site_dir: Path, previous: threading.Thread | None, stop: threading.Event) -> None:
        if previous:
            previous.join()  # stopped: it ends at its next step
        # Lower priority for this thread and what it starts (Pagefind inherits it): on two cores
        # the next edit's rebuild comes first. Linux sets niceness per thread.
        with suppress(OSError):
            os.nice(BACKGROUND_NICENESS)
        try:
            stop_if(stop)
            # The reports and the signal go together: a rebuild the signal asks for shows them.
            if site.refresh_exports().written:
                signal = site.docs.parent / REBUILD_SIGNAL
                signal.mkdir(parents=True, exist_ok=True)
                (signal / "exports").write_text(str(time.time_ns()), encoding="utf-8")
            stop_if(stop)
            with tempfile.TemporaryDirectory(prefix=".beside-", dir=site_dir) as folder:
                # What a build writes beside MkDocs, written the same way, then swapped in.
                assert site.content is not None  # refresh_exports above needed it too
                publish.beside_engine(site.content, publish.site_url(site.content, None), date.today(), stop)(Path(folder))
                shutil.rmtree(site_dir / search.OUTPUT, ignore_errors=True)  # no stale index chunks
                engine.move_into(Path(folder), site_dir)
        except Stopped:
            pass  # the site keeps the last finished run's index and data


def _linked_pages(path: str, text: str) -> set[str]:
    """Docs paths of the pages a rendered page links to."""
    page_url = render.url_of(path)
    found = set()
    for href in re.findall(r'href="([^"#:?]+)/', text):
        target = posixpath.normpath(posixpath.join("/" + page_url, href + "/")).strip("/")
        found |= {f"{target}.md", f"{target}/index.md"}
    return found
