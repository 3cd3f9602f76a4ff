"""Builds that never destroy, leak or publish the wrong site (issue: safe builds).

A build replaces only a folder it made; it is a pure function of its inputs (every page the
same as a clean build, whatever was built before); builds run isolated from each other and
from `serve`; a killed build leaves nothing running and its leftovers go at the next run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc import cli
from cchc.pages import render
from cchc.records.validate import validate
from cchc.site import output, preview, workspace
from conftest import FIXTURES, REPO

TODAY = date(2026, 11, 21)


def _build(content: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--content", str(content), "--out", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _tree(folder: Path) -> dict[str, str]:
    """Every published file by digest; Pagefind's own files are compared by what they index
    (its file names hash an unordered map: two clean builds differ there), the marker not at all."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != output.MARKER and "pagefind" not in path.relative_to(folder).parts
    }


# --- Own the output folder -------------------------------------------------------------------


@pytest.mark.parametrize("target", ["user-folder", "dot", "content", "inside-content", "file", "above-checkout", "symlink"])
def test_a_build_refuses_a_folder_it_does_not_own_and_touches_nothing(target: str, site: Path, tmp_path: Path) -> None:
    user = tmp_path / "tai-lieu-cua-toi"
    user.mkdir()
    (user / "bao-cao.docx").write_bytes(b"cua nguoi dung")
    (tmp_path / "ghi-chu.txt").write_text("mot tep", encoding="utf-8")
    (tmp_path / "lien-ket").symlink_to(user)
    out = {
        "user-folder": user,
        "dot": Path("."),
        "content": site,
        "inside-content": site / "tthc",
        "file": tmp_path / "ghi-chu.txt",
        "above-checkout": REPO.parent,
        "symlink": tmp_path / "lien-ket",
    }[target]
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    result = _build(site, out)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("--out ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]  # no work folder, no lock file


def test_a_build_replaces_an_empty_folder_and_its_own_site(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "web"
    out.mkdir()
    assert _build(site, out).returncode == 0
    assert (out / output.MARKER).is_file() and (out / "thu-tuc" / "1.001193" / "index.html").is_file()
    (site / "faq" / "khai-sinh-le-phi.yml").unlink()
    result = _build(site, out)
    assert result.returncode == 0, result.stderr
    assert not (out / "hoi-dap" / "khai-sinh-le-phi").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "web"]


def test_the_published_site_has_the_usual_permissions(site: Path, tmp_path: Path) -> None:
    """Temporary folders are 0700: a web server running as another user answered 403."""
    previous = os.umask(0o022)
    try:
        assert _build(site, tmp_path / "site").returncode == 0
    finally:
        os.umask(previous)
    modes = {path: path.stat().st_mode & 0o777 for path in [tmp_path / "site", *(tmp_path / "site").rglob("*")]}
    assert {mode for path, mode in modes.items() if path.is_dir()} == {0o755}
    assert {mode for path, mode in modes.items() if path.is_file()} == {0o644}


# --- A build is a pure function of its inputs -------------------------------------------------


def test_a_news_post_moved_to_another_category_leaves_no_stale_category_page(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert _build(site, out).returncode == 0
    old = out / "tin-tuc" / "chuyen-muc" / "cai-cach-thu-tuc-hanh-chinh"
    assert (old / "index.html").is_file()
    post = site / "news" / "2026-03-01-niem-yet-tthc.md"
    post.write_text(post.read_text(encoding="utf-8").replace("chuyen_muc: Cải cách thủ tục hành chính", "chuyen_muc: Chỉ số CCHC"), encoding="utf-8")
    assert _build(site, out).returncode == 0
    assert not old.exists()
    assert (out / "tin-tuc" / "chuyen-muc" / "chi-so-cchc" / "index.html").is_file()
    assert _build(site, tmp_path / "clean").returncode == 0
    assert _tree(out) == _tree(tmp_path / "clean")


def test_a_rebuild_with_nothing_changed_keeps_the_site_and_an_altered_site_is_rebuilt(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert _build(site, out).returncode == 0
    page = out / "thu-tuc" / "1.001193" / "index.html"
    stamp = page.stat().st_mtime_ns
    again = _build(site, out)
    assert again.returncode == 0 and "Không có gì thay đổi" in again.stdout
    assert page.stat().st_mtime_ns == stamp
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Đăng ký khai sinh", "Trang bị sửa tay"), encoding="utf-8")
    repaired = _build(site, out)
    assert repaired.returncode == 0 and "Đã dựng" in repaired.stdout
    assert page.read_text(encoding="utf-8") == text


# Edits an editor makes between two merges: each is a function of the content folder.
def _add_faq(content: Path, number: int) -> None:
    (content / "faq" / f"cau-hoi-them-{number}.yml").write_text(
        f'cau_hoi: "Câu hỏi thêm số {number} về khai sinh?"\ntra_loi: "Trả lời {number}."\nlinh_vuc: Hộ tịch\n'
        f'ngay: "0{number % 9 + 1}/02/2026"\nthu_tuc: ["1.001193"]\n',
        encoding="utf-8",
    )


def _add_news(content: Path, number: int) -> None:
    (content / "news" / f"2026-04-0{number % 9 + 1}-tin-them-{number}.md").write_text(
        f'---\ntieu_de: Tin thêm số {number}\nngay: "0{number % 9 + 1}/04/2026"\nchuyen_muc: Chuyên mục {number % 3}\n'
        f"tom_tat: Tóm tắt {number}.\n---\n\nNội dung {number}.\n",
        encoding="utf-8",
    )


def _delete_one(content: Path, number: int) -> None:
    candidates = sorted([*(content / "faq").glob("*.yml"), *(content / "news").glob("*.md")])
    if candidates:
        candidates[number % len(candidates)].unlink()


def _rename_one(content: Path, number: int) -> None:
    candidates = sorted((content / "faq").glob("*.yml"))
    if candidates:
        path = candidates[number % len(candidates)]
        path.rename(path.with_name(f"doi-ten-{number}-{path.name}"))


def _move_category(content: Path, number: int) -> None:
    for path in sorted((content / "news").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = [f"chuyen_muc: Chuyên mục mới {number}" if line.startswith("chuyen_muc:") else line for line in text.split("\n")]
        path.write_text("\n".join(lines), encoding="utf-8")
        return


def _retag_procedure(content: Path, number: int) -> None:
    path = content / "tthc" / "1.000894.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- Hộ tịch", f"- Lĩnh vực {number % 2}", 1)
        if "- Hộ tịch" in text
        else text.replace("- Lĩnh vực 0", "- Hộ tịch").replace("- Lĩnh vực 1", "- Hộ tịch"),
        encoding="utf-8",
    )


EDITS = [_add_faq, _add_news, _delete_one, _rename_one, _move_category, _retag_procedure]
edit_sequences = st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 8)), min_size=1, max_size=4)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edit_sequences)
def test_serve_after_any_edits_shows_the_pages_a_clean_render_gives(edits: list, tmp_path: Path) -> None:
    """The preview re-renders only what an edit touched; after any sequence of edits its pages
    are those a render from scratch gives."""
    run = tmp_path / f"run-{time.monotonic_ns()}"
    content = run / "content"
    shutil.copytree(FIXTURES / "site", content)
    site_preview = preview.Preview(content, run / "docs")
    site_preview.update(TODAY)
    for edit, number in edits:
        edit(content, number)
        site_preview.update(TODAY)
        validated, errors = validate(content)
        assert errors == []
        assert site_preview.pages == render.render(validated, TODAY), (edit.__name__, number)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edit_sequences)
def test_a_build_after_any_edits_publishes_what_a_clean_build_does(edits: list, tmp_path: Path) -> None:
    run = tmp_path / f"run-{time.monotonic_ns()}"
    content = run / "content"
    shutil.copytree(FIXTURES / "site", content)
    out = run / "site"
    assert _build(content, out).returncode == 0
    for edit, number in edits:
        edit(content, number)
        result = _build(content, out)
        assert result.returncode == 0, result.stderr
    assert _build(content, run / "clean").returncode == 0
    assert _tree(out) == _tree(run / "clean")


# --- Builds are isolated ---------------------------------------------------------------------


def test_two_builds_at_once_each_publish_their_own_content(tmp_path: Path) -> None:
    first, second = tmp_path / "xa" / "content", tmp_path / "tinh" / "content"
    shutil.copytree(FIXTURES / "site", first)
    shutil.copytree(REPO / "content", second)
    runs = [
        subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "build", "--content", str(content), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for content, out in ((first, tmp_path / "xa" / "site"), (second, tmp_path / "tinh" / "site"), (first, tmp_path / "chung"))
    ]
    assert [run.wait(timeout=300) for run in runs] == [0, 0, 0], [run.stderr.read() for run in runs if run.stderr]
    for content, out in ((first, tmp_path / "xa" / "site"), (second, tmp_path / "tinh" / "site"), (first, tmp_path / "chung")):
        published = {path.name for path in (out / "thu-tuc").iterdir() if path.is_dir()}
        assert published == {path.stem for path in (content / "tthc").glob("*.yml")}, out
        assert all((out / "thu-tuc" / code / "index.html").is_file() for code in published)
    assert not (REPO / ".build").exists() or not any((REPO / ".build").glob("docs*"))  # nothing shared in the checkout


def test_a_killed_build_leaves_no_process_and_its_leftovers_go_at_the_next_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    out = tmp_path / "site"
    run = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "build", "--content", str(content), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    engine_started = False
    while time.monotonic() < deadline and not engine_started:  # wait for MkDocs to run
        works = [path for path in tmp_path.iterdir() if path.name.startswith(workspace.PREFIX)]
        engine_started = bool(works) and (works[0] / "mkdocs.yml").is_file()
        time.sleep(0.05)
    assert engine_started
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _processes_using(tmp_path):
        time.sleep(0.1)
    assert _processes_using(tmp_path) == []
    assert [path for path in tmp_path.iterdir() if path.name.startswith(workspace.PREFIX)]  # left by the kill
    assert not out.exists()
    assert _build(content, out).returncode == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site"]


def _processes_using(folder: Path) -> list[str]:
    """Command lines of running processes that name `folder` (MkDocs gets its config's path)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(folder) in command and "pytest" not in command:
                found.append(command)
    return found


def test_serve_works_in_a_folder_of_its_own_outside_the_checkout(site: Path, tmp_path: Path) -> None:
    """`serve` renders into its own workspace, named in MkDocs' configuration: the hook finds
    the content there, and a build of other content beside it shares nothing."""
    sys.path.insert(0, str(REPO / "hooks"))
    import rerender

    with workspace.Workspace(tmp_path, "serve", {"content": str(site)}) as work:
        config = {"docs_dir": str(work.docs), "site_dir": str(tmp_path / "served")}
        rerender.on_pre_build(config=config)
        assert (work.docs / "thu-tuc" / "1.001193.md").is_file()
        assert REPO not in work.docs.parents
        other = tmp_path / "other"
        shutil.copytree(FIXTURES / "site", other)
        record = other / "tthc" / "1.001193.yml"
        record.write_text(record.read_text(encoding="utf-8").replace("Đăng ký khai sinh", "Tên của nội dung khác"), encoding="utf-8")
        assert cli.main(["build", "--content", str(other), "--out", str(tmp_path / "built")]) == 0
        assert "Tên của nội dung khác" in (tmp_path / "built" / "thu-tuc" / "1.001193" / "index.html").read_text(encoding="utf-8")
        assert "Tên của nội dung khác" not in (work.docs / "thu-tuc" / "1.001193.md").read_text(encoding="utf-8")
    assert not work.path.exists()
