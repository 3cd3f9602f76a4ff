"""A build from the cache (cchc/cache.py) publishes what a build from scratch publishes."""
from __future__ import annotations

import os
import re
import shutil
import signal
from datetime import date
from pathlib import Path

import pytest

from cchc import cache, engine, exports, loader, pipeline, preview, publish, render, write
from cchc.errors import Abort
from cchc.validate import validate

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 21)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The whole sample, copied; the cache file starts empty."""
    folder = tmp_path / "content"
    shutil.copytree(REPO / "content", folder)
    monkeypatch.chdir(tmp_path)
    cache.clear()
    return folder


@pytest.fixture
def files_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files each build read (the rest came from the cache)."""
    counts: list[int] = []
    read_all = loader.read_all

    def counting(sources: list[loader.Source]) -> list[loader.Source]:
        counts.append(len(sources))
        return read_all(sources)

    monkeypatch.setattr(loader, "read_all", counting)
    return counts


def _docs_tree() -> dict[str, bytes]:
    return {str(path.relative_to(engine.DOCS_DIR)): path.read_bytes() for path in engine.DOCS_DIR.rglob("*") if path.is_file()}


def _from_scratch(content: Path, today: date, tmp_path: Path) -> dict[str, bytes]:
    """The docs folder a build without the cache writes (into a folder of its own)."""
    folder = tmp_path / "scratch-docs"
    shutil.rmtree(folder, ignore_errors=True)
    validated, errors = validate(content)
    assert errors == []
    pages = render.render(validated, today, publish.site_url(validated, None))
    write.write_tree({**pages, **exports.files(validated, today)}, content, folder)
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_build_from_the_cache_publishes_what_a_build_from_scratch_does(content: Path, tmp_path: Path, files_read: list[int]) -> None:
    out = tmp_path / "site"
    pipeline.build(content, out, today=TODAY)
    assert files_read[-1] > 100 and cache.CACHE_FILE.is_file()  # from scratch, then kept

    pipeline.build(content, out, today=TODAY)
    assert files_read[-1] == 0  # nothing changed: nothing read again
    assert _docs_tree() == _from_scratch(content, TODAY, tmp_path)

    for path in content.rglob("*"):  # a fresh checkout: new times, same bytes
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    pipeline.build(content, out, today=TODAY)
    assert files_read[-1] == 0

    procedure = content / "tthc" / "1.000894.yml"
    procedure.write_text(re.sub(r"\nten: ", "\nten: Tên đã sửa ", procedure.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    pipeline.build(content, out, today=TODAY)
    assert files_read[-1] == 1
    assert _docs_tree() == _from_scratch(content, TODAY, tmp_path)
    assert "Tên đã sửa" in (out / "thu-tuc" / "1.000894" / "index.html").read_text(encoding="utf-8")
    assert "Tên đã sửa" in (out / "thu-tuc" / "index.html").read_text(encoding="utf-8")  # the listing too

    post = sorted((content / "news").glob("*.md"))[0]
    post.unlink()
    pipeline.build(content, out, today=TODAY)
    assert _docs_tree() == _from_scratch(content, TODAY, tmp_path)
    assert not (out / "tin-tuc" / post.stem).exists()

    later = date(2027, 6, 1)  # a new day: dates printed and tasks overdue change, no file did
    pipeline.build(content, out, today=later)
    assert _docs_tree() == _from_scratch(content, later, tmp_path)
    assert "01/06/2027" in (out / "index.html").read_text(encoding="utf-8")


def test_a_cache_from_other_code_or_cut_short_is_not_used(content: Path, tmp_path: Path, files_read: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    pipeline.build(content, out, today=TODAY)
    everything = files_read[-1]

    real_key = cache.key
    monkeypatch.setattr(cache, "key", lambda *args: b"\1" * 16)  # as if a template or module changed
    pipeline.build(content, out, today=TODAY)
    assert files_read[-1] == everything
    monkeypatch.setattr(cache, "key", real_key)

    cache.CACHE_FILE.write_bytes(cache.CACHE_FILE.read_bytes()[:5000])  # a build killed while writing it
    pipeline.build(content, out, today=TODAY)
    assert files_read[-1] == everything
    assert _docs_tree() == _from_scratch(content, TODAY, tmp_path)

    from cchc import cli

    assert cli.main(["build", "--content", str(content), "--out", str(out), "--no-cache"]) == 0
    assert files_read[-1] == everything
    assert cli.main(["build", "--content", str(content), "--out", str(out)]) == 0
    assert files_read[-1] == 0  # --no-cache left a cache of its own build


def test_editor_errors_stop_a_build_from_the_cache_and_leave_the_cache_as_it_was(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    pipeline.build(content, out, today=TODAY)
    kept = cache.CACHE_FILE.read_bytes()
    procedure = content / "tthc" / "1.000894.yml"
    procedure.write_text(procedure.read_text(encoding="utf-8").replace("\nten: ", "\nten:\n  - ", 1), encoding="utf-8")
    with pytest.raises(Abort) as stopped:
        pipeline.build(content, out, today=TODAY)
    assert [error.path for error in stopped.value.errors] == ["content/tthc/1.000894.yml"]
    assert cache.CACHE_FILE.read_bytes() == kept


def test_records_from_the_cache_are_reported_as_from_scratch_when_another_file_breaks_them(content: Path, tmp_path: Path, files_read: list[int]) -> None:
    """The cache keeps no data of a valid file, only its record and lines: a document removed
    under procedures that did not change is still reported in each of them, at the right line."""
    out = tmp_path / "site"
    validated = pipeline.build(content, out, today=TODAY)
    cited = sorted({basis.van_ban for p in validated.thu_tuc.values() for basis in p.can_cu_phap_ly if basis.van_ban})[0]
    (content / "documents" / f"{cited}.yml").unlink()
    with pytest.raises(Abort) as stopped:
        pipeline.build(content, out, today=TODAY)
    assert files_read[-1] == 0  # the procedures came from the cache
    from_scratch = validate(content)[1]
    assert stopped.value.errors == from_scratch
    assert len(from_scratch) >= 1 and all(error.line > 1 and "content/documents/" in error.message for error in from_scratch)


def test_pages_of_the_big_sections_do_not_depend_on_the_date() -> None:
    """A build from the cache re-renders, on a new day, only the pages outside the four big
    sections (home, plans, results…): were a procedure page to print the date, it would go stale."""
    validated, _ = validate(REPO / "content")
    before, after = render.render(validated, date(2026, 1, 2)), render.render(validated, date(2029, 12, 30))
    big = [path for path in before if preview._IN_BIG_SECTION.match(path)]
    assert len(big) > 50
    assert [path for path in big if before[path] != after[path]] == []
    assert any(before[path] != after[path] for path in before)  # the date does show elsewhere


def test_serve_starts_from_the_last_build(content: Path, tmp_path: Path, files_read: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """`build.py serve` after `build.py build`: the first preview reads and renders only what
    changed since the build (one file here), and writes the docs folder MkDocs serves."""
    from cchc import cli

    started: list[str] = []
    monkeypatch.setattr("mkdocs.commands.serve.serve", lambda config_file, **options: started.append(config_file))
    monkeypatch.setattr(preview, "_previews", {})
    assert cli.main(["build", "--content", str(content.resolve()), "--out", str(tmp_path / "site")]) == 0
    faq = sorted((content / "faq").glob("*.yml"))[0]
    faq.write_text(re.sub(r"\ncau_hoi: ", "\ncau_hoi: Hỏi lại ", faq.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    assert cli.main(["serve", "--content", str(content)]) == 0
    assert started and files_read[-1] == 1
    # Once serve returns, SIGTERM and SIGHUP do again what they did (here: the test run's).
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == handlers
    assert "Hỏi lại" in (engine.DOCS_DIR / "hoi-dap" / f"{faq.stem}.md").read_text(encoding="utf-8")
    assert _docs_tree() == _from_scratch(content, date.today(), tmp_path)


@pytest.mark.parametrize("module", ["preview", "cache", "pipeline", "engine", "render"])
def test_each_module_of_the_build_imports_first(module: str) -> None:
    """The serve hook imports cchc.preview before anything else; preview, pipeline and cache
    refer to each other, which must not need one import order."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", f"import cchc.{module}"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_compiled_templates_are_reused_until_their_source_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Templates come compiled from an earlier process (a file) or rebuild (memory); an edited
    template (a theme override, say) shows at once either way."""
    import jinja2

    from cchc.compiled import CompiledTemplates

    compiles: list[str] = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda env, source, name=None, filename=None, **kw: compiles.append(name) or compile_template(env, source, name, filename, **kw))
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "main.html"
    template.write_text("<p>{{ ten }}</p>", encoding="utf-8")

    def render(compiled: CompiledTemplates) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path / "templates"), bytecode_cache=compiled, autoescape=True)
        return env.get_template("main.html").render(ten="Thủ tục <1>")

    serving = CompiledTemplates(tmp_path / "cache")
    assert render(serving) == "<p>Thủ tục &lt;1&gt;</p>" and compiles == ["main.html"]
    assert render(serving) == render(CompiledTemplates(tmp_path / "cache")) and compiles == ["main.html"]  # rebuild; next process
    template.write_text("<h1>{{ ten }}</h1>", encoding="utf-8")
    assert render(serving) == "<h1>Thủ tục &lt;1&gt;</h1>"
    assert render(CompiledTemplates(tmp_path / "cache")) == "<h1>Thủ tục &lt;1&gt;</h1>"
    assert compiles == ["main.html", "main.html"]


def test_the_engine_keeps_the_theme_compiled_for_the_next_build(content: Path, tmp_path: Path) -> None:
    """MkDocs, in its own process, compiles Material's templates into the cache folder."""
    assert not (engine.CACHE_DIR / "theme").exists()
    pipeline.build(content, tmp_path / "site", today=TODAY)
    assert len(list((engine.CACHE_DIR / "theme").glob("*.cache"))) >= 10
