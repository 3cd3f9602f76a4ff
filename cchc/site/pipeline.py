"""The stages in order: load and validate → render → write → engine → publish.

Thin on purpose: each stage lives in its own module and knows nothing of the
others' internals. The first three run in `preview.Preview.update`: a build makes a
fresh one, always whole; `serve` keeps one and updates it per edit.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cchc.base import memory, timing
from cchc.base.errors import Abort
from cchc.models.content import Content
from cchc.site import admin, engine, fingerprint, output, preview, publish, workspace


def prepare(
    content_dir: Path, docs: Path, today: date | None = None, site_url: str | None = None, *, timings: dict[str, float] | None = None
) -> preview.Preview:
    """Validate everything, then render every page into `docs` (the run's own folder)."""
    state = preview.Preview(content_dir, docs, site_url)
    state.update(today or date.today(), timings=timings)  # the collector waits inside
    return state


def after_engine(content: Content, url: str | None) -> Callable[[Path], None]:
    def write(site_dir: Path) -> None:
        admin.install(site_dir)
        publish.write_headers(content, site_dir, url)

    return write


def build(
    content_dir: Path,
    out: Path,
    site_url: str | None = None,
    today: date | None = None,
    *,
    timings: dict[str, float] | None = None,
    force: bool = False,
) -> output.Built:
    """Validate, render, build and publish into `out`, in a workspace of this build's own beside
    it. The site is always built whole from the inputs; when `out` was already built from the
    same inputs (cchc/site/fingerprint.py) and is intact, nothing is done unless `force`."""
    today = today or date.today()
    content_dir = content_dir.resolve()
    out = output.checked(out, content_dir)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Abort(message=f"--out {out}: không tạo được thư mục chứa ({error.strerror})") from None
    with output.locked(out):
        out = output.checked(out, content_dir)  # again: another build may have made it meanwhile
        with timing.timed(timings, "fingerprint"):
            inputs = fingerprint.inputs(content_dir, site_url, today)
            done = None if force else output.unchanged(out, inputs)
        if done:
            return output.Built(done.get("so_thu_tuc", 0), done.get("so_tin_tuc", 0), unchanged=True)
        with workspace.Workspace(out.parent, out.name, {"content": str(content_dir)}) as work:
            content = prepare(content_dir, work.docs, today, site_url, timings=timings).content
            assert content is not None
            url = publish.site_url(content, site_url)
            beside = publish.beside_engine(content, url, today)

            def while_mkdocs_runs(folder: Path) -> None:
                content.sources.clear()  # the files' raw data and lines: needed no more (national: ~150 MB)
                memory.release_freed_memory()
                beside(folder)

            with memory.set_aside(), timing.timed(timings, "engine: MkDocs, and beside it search index, open data, widgets"):
                fresh = engine.build_atomically(content.site, work.path, url, alongside=while_mkdocs_runs, extras=after_engine(content, url))
            built = output.Built(len(content.thu_tuc), len(content.tin_tuc), warnings=list(content.warnings))
            output.write_marker(fresh, {"dau_vao": inputs, "so_thu_tuc": built.procedures, "so_tin_tuc": built.news})
            output.usual_permissions(fresh)
            output.publish(fresh, out)
    return built


def render_tree(content_dir: Path, out: Path, site_url: str | None = None, today: date | None = None, *, plain: bool = False) -> int:
    """`python build.py render --out DIR`: the rendered Markdown (DIR/docs) with a complete
    mkdocs.yml (and overrides/ unless `plain`), so plain MkDocs or ProperDocs builds it with
    `mkdocs build -f DIR/mkdocs.yml`. DIR is owned as a build's output is (cchc/site/output.py).
    Returns the number of pages."""
    today = today or date.today()
    content_dir = content_dir.resolve()
    out = output.checked(out, content_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    with output.locked(out):
        out = output.checked(out, content_dir)
        with workspace.Workspace(out.parent, out.name, {"content": str(content_dir)}) as work:
            content = prepare(content_dir, work.docs, today, site_url).content
            assert content is not None
            tree = work.path / "tree"
            tree.mkdir()
            work.docs.rename(tree / "docs")
            (tree / "mkdocs.yml").write_text(
                engine.standalone_config(content.site, publish.site_url(content, site_url), plain=plain), encoding="utf-8"
            )
            if not plain:
                shutil.copytree(engine.ROOT / "overrides", tree / "overrides")
            pages = sum(1 for _ in (tree / "docs").rglob("*.md"))
            output.write_marker(tree, {"ban_dung": "plain" if plain else "day_du", "so_trang": pages})
            output.usual_permissions(tree)
            output.publish(tree, out)
    return pages
