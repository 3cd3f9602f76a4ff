"""The build: render → write → engine. Strict MkDocs and ProperDocs on the same
rendered tree, unchanged files left alone, a failed build leaves the previous
site byte for byte, and the serve hook re-renders edits."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc import cli
from cchc.base.errors import Abort
from cchc.pages import render, write
from cchc.records.validate import validate
from cchc.site import engine, pipeline, preview, workspace
from conftest import REPO, found


def _digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def work(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A serve's workspace for the sample fixture site, as `build.py serve` makes it."""
    monkeypatch.setattr(preview, "_previews", {})
    with workspace.Workspace(tmp_path, "serve", {"content": str(site)}) as folder:
        yield folder


def _config(work: workspace.Workspace, site_dir: Path | None = None) -> dict:
    """What the hook reads of MkDocs' configuration under serve."""
    return {"docs_dir": str(work.docs), "site_dir": str(site_dir or work.path / "served")}


@pytest.mark.parametrize("engine_module", ["mkdocs", "properdocs"])
def test_rendered_tree_builds_strict_with_both_engines(engine_module: str, site: Path, tmp_path: Path) -> None:
    content = pipeline.prepare(site, tmp_path / "docs").content
    assert content is not None
    config = engine.write_config(content.site, tmp_path / "docs", tmp_path / "out")
    # The engines' own banners off: run as `python -m mkdocs`, Material prints its end-of-life
    # notice unless NO_MKDOCS_2_WARNING is set, and a plugin may print ProperDocs' notice unless
    # DISABLE_MKDOCS_2_WARNING is (build.py runs MkDocs in its own process: neither prints there).
    result = subprocess.run(
        [sys.executable, "-m", engine_module, "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    page = (tmp_path / "out" / "thu-tuc" / "1.001193" / "index.html").read_text(encoding="utf-8")
    assert "Đăng ký khai sinh" in page and "Tờ khai đăng ký khai sinh" in page


def test_marked_html_blocks_convert_the_same_without_the_extension() -> None:
    """cchc.pages.mdext only saves parsing: an engine without it makes the same HTML of every page."""
    import re

    import markdown

    def lines(html: str) -> list[str]:
        """The HTML without the markers, whitespace between tags ignored (it shows nothing)."""
        return re.sub(r">\s+<", "><", re.sub(r"<!--/?cchc:html-->", "", html)).replace("><", ">\n<").splitlines()

    pages = render.render(validate(REPO / "content")[0], date(2026, 11, 21))
    marked = 0
    for path, text in pages.items():
        body = text.split("\n---\n", 1)[1]  # after the front matter
        marked += body.count("<!--cchc:html-->")
        faster = markdown.Markdown(extensions=["cchc.pages.mdext", "attr_list", "tables", "toc"])
        plain = markdown.Markdown(extensions=["attr_list", "tables", "toc"])
        html = faster.convert(body)
        assert "cchc:html" not in html
        assert lines(html) == lines(plain.convert(body)), path
        assert faster.toc_tokens == plain.toc_tokens, path  # type: ignore[attr-defined]  # set by the toc extension  # the page's table of contents
    assert marked > len(pages)


@pytest.mark.parametrize(
    ("chunk", "marked"),
    [
        (
            '<noscript><style>ul.cchc-long > li { display: list-item; }</style></noscript>\n<ul class="cchc-long">\n<li><a href="a/">A</a></li>\n</ul>',
            True,
        ),
        ('<figure class="cchc-chart"><svg viewBox="0 0 4 4"><line x1="0" x2="4"/><text x="1">0</text></svg></figure>', True),
        ('<div class="cchc-checklist">\n<p>Bản chính\nhoặc bản sao</p>\n</div>', True),  # text inside an element
        ('<div class="cchc-doc-body"><p>Mục đích</p></div>\n### Quý I', False),  # Markdown reads on after the element
        ("<div>\n<p>never closed\n", False),
        ('<div><img src="a.png" alt=""><br/><p>Ảnh</p></div>', True),  # void and self-closing tags open nothing
        ("<p>Đoạn</p></div>", False),  # closes an element opened earlier
    ],
)
def test_the_blocks_markdown_passes_through_are_marked(chunk: str, marked: bool) -> None:
    """Finished HTML (long lists, charts, checklists) skips MkDocs' HTML parser; anything
    Markdown would read differently is left to it. Either way the page converts the same."""
    import markdown

    from cchc.pages import mdext

    page = f"# Trang\n\n{chunk}\n\nĐoạn cuối.\n"
    assert (mdext.OPEN in mdext.mark_html_blocks(page)) is marked
    faster = markdown.Markdown(extensions=["cchc.pages.mdext"]).convert(mdext.mark_html_blocks(page))
    plain = markdown.Markdown().convert(page)
    assert re.sub(r">\s+<", "><", faster) == re.sub(r">\s+<", "><", plain)


def test_navigation_lists_sections_only(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert home.count('class="md-tabs__link"') == 8  # six content sections, Kết quả giải quyết, Sản phẩm truyền thông
    tabs = home.split('class="md-tabs"')[1].split("</nav>")[0]
    assert "Hướng dẫn biên tập" not in tabs and re.search(
        r'href="(./)?huong-dan/">Hướng dẫn biên tập</a>', home
    )  # the footer, not the citizens' tabs
    procedure = (built_site / "thu-tuc" / "1.001193" / "index.html").read_text(encoding="utf-8")
    assert 'href="../1.000894/"' not in procedure.split('<div class="md-content"')[0]


def test_tabs_navigation_and_script_settings_lead_to_the_same_pages_from_every_page(built_site: Path) -> None:
    """They are rendered once per folder (overrides/main.html): their relative links must
    still resolve, from every page, to the sections the home page links to."""
    import json
    import posixpath
    import re

    def targets(page: Path, part: str, end: str) -> set[str]:
        here = "/" + page.parent.relative_to(built_site).as_posix() + "/" if page.name == "index.html" else "/"
        html = page.read_text(encoding="utf-8")
        start = html.index(part)
        block = html[start : html.index(end, start)]
        return {posixpath.normpath(posixpath.join(here, href)) for href in re.findall(r'href="([^"#]+)"', block)}

    for part, end in (('<nav class="md-tabs"', "</nav>"), ('data-md-type="navigation"', 'data-md-type="toc"')):
        expected = targets(built_site / "index.html", part, end)
        assert len(expected) >= 8  # the eight sections (the editors' guide is in the footer)
        pages = [p for p in built_site.rglob("index.html") if "admin" not in p.parts and "nhung" not in p.parts]
        assert len(pages) > 100
        for page in pages:
            assert targets(page, part, end) == expected, (part, page)
    for page in pages:  # Material's script settings, kept once per folder too: "base" is the site root
        here = "/" + page.parent.relative_to(built_site).as_posix() + "/"
        settings = json.loads(found(r'<script id="__config" type="application/json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S).group(1))
        assert posixpath.normpath(posixpath.join(here, settings["base"])) == "/", page


def test_build_makes_no_third_party_reference(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        assert "cdn." not in text, page


def test_unchanged_pages_are_not_rewritten(site: Path, tmp_path: Path) -> None:
    content, _ = validate(site)
    pages = render.render(content, date(2026, 11, 21))
    docs = tmp_path / "docs"
    first = write.write_tree(pages, site, docs)
    assert first.written == len(pages) + 1  # pages and the one attachment
    stamps = {path: path.stat().st_mtime_ns for path in docs.rglob("*.md")}

    faq = site / "faq" / "khai-sinh-le-phi.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("miễn lệ phí", "miễn lệ phí hoàn toàn"), encoding="utf-8")
    content, _ = validate(site)
    second = write.write_tree(render.render(content, date(2026, 11, 21)), site, docs)
    changed = {path for path, stamp in stamps.items() if path.stat().st_mtime_ns != stamp}
    assert changed == {docs / "hoi-dap" / "index.md", docs / "hoi-dap" / "khai-sinh-le-phi.md"}
    assert second.written == 2 and second.removed == 0


def test_removed_record_removes_its_page(site: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write.write_tree(render.render(validate(site)[0]), site, docs)
    (site / "faq" / "khai-sinh-le-phi.yml").unlink()
    report = write.write_tree(render.render(validate(site)[0]), site, docs)
    assert not (docs / "hoi-dap" / "khai-sinh-le-phi.md").exists()
    assert report.removed == 1


def test_failed_build_leaves_previous_site_byte_for_byte(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["build", "--content", "content", "--out", "site"]) == 0
    before = _digest(Path("site"))
    (site / "tthc" / "1.001193.yml").write_text("ma: [\n", encoding="utf-8")
    assert cli.main(["build", "--content", "content", "--out", "site"]) == 1
    assert "content/tthc/1.001193.yml:2: YAML không hợp lệ: tệp kết thúc khi giá trị còn dang dở" in capsys.readouterr().err
    assert _digest(Path("site")) == before
    assert sorted(path.name for path in Path(".").iterdir()) == ["content", "site"]  # no half-built folder, no lock file left


def test_serve_hook_rerenders_an_edited_record(site: Path, work: workspace.Workspace) -> None:
    sys.path.insert(0, str(REPO / "hooks"))
    import rerender

    rerender.on_pre_build(config=_config(work))
    page = work.docs / "thu-tuc" / "1.000894.md"
    procedure = site / "tthc" / "1.000894.yml"
    procedure.write_text(procedure.read_text(encoding="utf-8").replace("Đăng ký kết hôn", "Đăng ký kết hôn (sửa)"), encoding="utf-8")
    rerender.on_pre_build(config=_config(work))
    assert "Đăng ký kết hôn (sửa)" in page.read_text(encoding="utf-8")

    procedure.write_text("ma: [\n", encoding="utf-8")  # a broken edit keeps the last good page
    rerender.on_pre_build(config=_config(work))
    assert "Đăng ký kết hôn (sửa)" in page.read_text(encoding="utf-8")


def test_serve_hook_indexes_the_preview_for_search(site: Path, tmp_path: Path, work: workspace.Workspace) -> None:
    sys.path.insert(0, str(REPO / "hooks"))
    import rerender

    rerender.on_pre_build(config=_config(work))
    rerender.on_post_build(config=_config(work, tmp_path))
    rerender._background.wait()  # the index follows the page in a background thread
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert (tmp_path / "du-lieu" / "thu-tuc.json").is_file() and (tmp_path / "nhung" / "tim-thu-tuc" / "index.html").is_file()


def _full_render(content_dir: Path, today: date) -> dict[str, str]:
    from cchc.site import publish

    content = validate(content_dir)[0]
    return render.render(content, today, publish.site_url(content, None))


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_serve_stopped_by_a_signal_removes_its_copy_of_the_site(stop: str, site: Path, tmp_path: Path) -> None:
    """MkDocs serves from a copy of the site in the temporary folder and removes it on Ctrl-C;
    stopped by `kill` or a closed terminal it must too (province scale: ~200 MB each time)."""
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--content", str(site), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/thu-tuc/1.001193/", timeout=5) as response:
                    if "Đăng ký khai sinh" in response.read().decode("utf-8"):
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.3)
        assert [path.name for path in temporary.rglob("mkdocs_*")]  # the copy MkDocs serves from, in serve's workspace
        server.send_signal(getattr(signal, stop))
        assert server.wait(60) == 0
    finally:
        if server.poll() is None:
            server.kill()
    assert list(temporary.iterdir()) == []  # its workspace, and in it that copy and the search pages


def _stuck_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pagefind replaced by a program that never ends; it writes its process number to the
    returned file. Only stopping the run that started it ends it."""
    import pagefind_bin

    pid_file = tmp_path / "pagefind.pid"
    program = tmp_path / "pagefind"
    program.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 600\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: program)
    return pid_file


def _started(pid_file: Path) -> int:
    import time

    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, "Pagefind never started"
        time.sleep(0.05)
    return int(pid_file.read_text())


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_stopping_serve_stops_the_search_index_it_began(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, work: workspace.Workspace
) -> None:
    """The index follows each rebuild in a background thread; stopped meanwhile, the preview
    ends it and waits (else Pagefind and its pages outlived the preview, in the temporary
    folder), rather than finishing an index MkDocs is about to delete (national: ~20 s)."""
    import threading

    sys.path.insert(0, str(REPO / "hooks"))
    import rerender

    rerender.on_pre_build(config=_config(work))
    (tmp_path / "site").mkdir()
    stuck = _stuck_pagefind(tmp_path, monkeypatch)
    rerender.on_post_build(config=_config(work, tmp_path / "site"))
    pagefind = _started(stuck)
    shutdown = threading.Thread(target=rerender.on_shutdown, daemon=True)
    shutdown.start()
    shutdown.join(60)
    assert not shutdown.is_alive() and not rerender._background.running()
    assert _ended(pagefind)
    assert list(work.tmp.iterdir()) == [] and [path.name for path in (tmp_path / "site").iterdir()] == ["_serve"]  # the search pages are gone


def test_a_rebuild_stops_the_index_the_last_one_began(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, work: workspace.Workspace) -> None:
    """An edit saved while the last edit's search index is still being built: that run is
    stopped (its index would be overwritten, and it slowed the rebuild), the site keeps the
    index it had, and the run after the new rebuild finishes."""
    import pagefind_bin

    sys.path.insert(0, str(REPO / "hooks"))
    import rerender

    site_dir = tmp_path / "site"
    (site_dir / "pagefind").mkdir(parents=True)
    (site_dir / "pagefind" / "pagefind.js").write_text("// the index of an earlier run", encoding="utf-8")
    real_pagefind = pagefind_bin.get_executable
    stuck = _stuck_pagefind(tmp_path, monkeypatch)
    rerender.on_pre_build(config=_config(work))
    rerender.on_post_build(config=_config(work, site_dir))
    pagefind = _started(stuck)
    # It runs behind the rebuilds: on two cores an edit's rebuild gets the processor first.
    assert os.getpriority(os.PRIO_PROCESS, pagefind) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + preview.BACKGROUND_NICENESS)

    rerender.on_pre_build(config=_config(work))  # the next edit's rebuild
    thread = rerender._background._thread
    assert thread is not None
    thread.join(60)
    assert not thread.is_alive() and _ended(pagefind)
    assert (site_dir / "pagefind" / "pagefind.js").read_text(encoding="utf-8") == "// the index of an earlier run"
    # No half-written folder beside it (`_serve` holds the error overlay the hook writes).
    assert sorted(path.name for path in site_dir.iterdir()) == ["_serve", "pagefind"]

    monkeypatch.setattr(pagefind_bin, "get_executable", real_pagefind)
    rerender.on_post_build(config=_config(work, site_dir))
    rerender._background.wait()
    assert "earlier run" not in (site_dir / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    assert (site_dir / "du-lieu" / "thu-tuc.json").is_file()


def test_serve_rebuilds_once_per_edit_and_again_when_a_report_changes(site: Path, tmp_path: Path, work: workspace.Workspace) -> None:
    """The preview writes the docs folder before each rebuild; were MkDocs watching it, every
    edit would rebuild twice. A plan's report, rewritten after the page shows, asks for one more."""
    from mkdocs.livereload import LiveReloadServer

    sys.path.insert(0, str(REPO / "hooks"))
    import rerender

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    server.watch(str(work.docs))  # as mkdocs serve does, before the hook
    rerender.on_serve(server, config=_config(work), builder=lambda: None)
    watched = {Path(emitter.watch.path) for emitter in server.observer.emitters}
    assert work.docs not in watched and work.path / preview.REBUILD_SIGNAL in watched

    signal = work.path / preview.REBUILD_SIGNAL / "exports"
    signal.unlink(missing_ok=True)
    rerender.on_pre_build(config=_config(work))
    rerender.on_post_build(config=_config(work, tmp_path))
    rerender._background.wait()
    assert not signal.exists()  # the first rebuild had the reports already
    plan = next((site / "plans").glob("*.yml"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("ten:", "ten: (sửa)", 1), encoding="utf-8")
    rerender.on_pre_build(config=_config(work))
    rerender.on_post_build(config=_config(work, tmp_path))
    rerender._background.wait()
    assert signal.exists()  # the report changed after the page showed: one more rebuild


def test_preview_renders_what_an_edit_touched_and_matches_a_full_render(site: Path) -> None:
    """serve re-renders an edited record, the pages around it and the listings, and leaves
    the other pages' files untouched; the result is what a full render gives."""
    from cchc.site import preview

    today = date(2026, 11, 21)
    site_preview = preview.Preview(site, site.parent / "docs")
    site_preview.update(today)
    unrelated = site.parent / "docs" / "thu-tuc" / "1.000894.md"  # neither names nor links to 1.001193
    stamp = unrelated.stat().st_mtime_ns

    def edit(relative: str, old: str, new: str) -> write.WriteReport:
        path = site / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        report = site_preview.update(today)
        assert site_preview.pages == _full_render(site, today), relative
        return report

    report = edit("tthc/1.001193.yml", "Đăng ký khai sinh", "Đăng ký khai sinh (sửa)")
    assert "Đăng ký khai sinh (sửa)" in (site.parent / "docs" / "thu-tuc" / "1.001193.md").read_text(encoding="utf-8")
    assert 0 < report.written < report.unchanged
    assert unrelated.stat().st_mtime_ns == stamp
    edit("faq/khai-sinh-le-phi.yml", "1.001193", "1.000894")  # the FAQ moves from one procedure's page to another's
    assert "khai-sinh-le-phi" in unrelated.read_text(encoding="utf-8")
    post = next((site / "news").glob("*.md"))
    edit(f"news/{post.name}", "---\n", "---\n")
    edit("site.yml", "ten", "ten")  # touched, unchanged: still correct


def test_preview_matches_a_full_render_after_edits_of_every_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the whole sample (many links between records): procedure, FAQ, news, plan edits."""
    import shutil

    from cchc.site import preview

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    monkeypatch.chdir(tmp_path)
    today = date(2026, 11, 21)
    site_preview = preview.Preview(content, tmp_path / "docs")
    site_preview.update(today)
    faq = next(path for path in sorted((content / "faq").glob("*.yml")) if "thu_tuc:" in path.read_text(encoding="utf-8"))
    post = sorted((content / "news").glob("*.md"))[-1]
    plan = sorted((content / "plans").glob("*.yml"))[0]
    for path, pattern, replacement in [
        (content / "tthc" / "1.000894.yml", r"\nten: ", "\nten: Sửa tên "),
        (faq, r"\ncau_hoi: ", "\ncau_hoi: Sửa câu hỏi "),
        (post, r"\ntieu_de: ", "\ntieu_de: Sửa tiêu đề "),
        (post, r"\nngay: [^\n]+", "\nngay: 01/01/2020"),  # to the end of the listing: every news page shifts
        (plan, r"\nten: ", "\nten: Sửa kế hoạch "),
    ]:
        text = path.read_text(encoding="utf-8")
        assert re.search(pattern, text), (path, pattern)
        path.write_text(re.sub(pattern, replacement, text, count=1), encoding="utf-8")
        site_preview.update(today)
        assert site_preview.pages == _full_render(content, today), (path.name, replacement)


def test_an_engine_failure_stops_the_build_with_mkdocs_message_and_keeps_the_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs runs in its own process: its warnings (strict) still fail the build, with its
    words in the message, and the previous site stays as it was."""
    out = tmp_path / "site"
    pipeline.build(site, out)
    before = _digest(out)
    real_write = write.write_tree

    def with_broken_link(pages: dict, *args, **kwargs):
        page = pages["huong-dan/index.md"] + "\n[liên kết hỏng](khong-co-trang-nay.md)\n"
        return real_write({**pages, "huong-dan/index.md": page}, *args, **kwargs)

    monkeypatch.setattr(write, "write_tree", with_broken_link)
    with pytest.raises(Abort) as stopped:
        pipeline.build(site, out, force=True)
    assert "khong-co-trang-nay.md" in stopped.value.message and stopped.value.message.startswith("Lỗi khi dựng trang (MkDocs)")
    assert _digest(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site"]  # the build's workspace went too


def test_pages_of_the_big_sections_do_not_depend_on_the_date() -> None:
    """A build from the cache re-renders, on a new day, only the pages outside the four big
    sections (home, plans, results…): were a procedure page to print the date, it would go stale."""
    validated, _ = validate(REPO / "content")
    before, after = render.render(validated, date(2026, 1, 2)), render.render(validated, date(2029, 12, 30))
    big = [path for path in before if preview._IN_BIG_SECTION.match(path)]
    assert len(big) > 50
    assert [path for path in big if before[path] != after[path]] == []
    assert any(before[path] != after[path] for path in before)  # the date does show elsewhere


@pytest.mark.parametrize("module", ["site.preview", "site.pipeline", "site.engine", "pages.render", "site.output", "site.workspace"])
def test_each_module_of_the_build_imports_first(module: str) -> None:
    """The serve hook imports cchc.site.preview before anything else; preview and pipeline refer
    to each other, which must not need one import order."""
    result = subprocess.run([sys.executable, "-c", f"import cchc.{module}"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_serve_compiles_each_template_once_and_again_when_it_is_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve makes new template environments at every rebuild (ours and MkDocs'): they share
    the compiled templates in memory, never a stale one, and write nothing to disk."""
    import jinja2

    from cchc.base import templates

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("Trang {{ ten }}", encoding="utf-8")
    compiled = templates.InMemory()

    def environment() -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=compiled)

    assert environment().get_template("page.html").render(ten="A") == "Trang A"
    again = environment()
    monkeypatch.setattr(again, "compile", lambda *args, **kwargs: pytest.fail("compiled a second time"))
    assert again.get_template("page.html").render(ten="B") == "Trang B"

    (folder / "page.html").write_text("Trang mới {{ ten }}", encoding="utf-8")  # an override edited during serve
    assert environment().get_template("page.html").render(ten="C") == "Trang mới C"
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["page.html", "templates"]
