"""Hostile inputs (tests/hostile/, one folder per case, README there): each is laid over the
fixture site and run through the real command line; it must end as its expected.txt says,
never with a traceback. Then the environment's failures: a read-only or full disk, a closed
pipe, Ctrl-C: one Vietnamese line and exit 1; our own bug: a traceback and a request to report it."""

from __future__ import annotations

import errno
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(path.name for path in HOSTILE.iterdir() if (path / "expected.txt").is_file())
DEFAULT_ARGS = "build --content content --out site"


def lay_over(case: Path, content: Path) -> None:
    """conftest.overlay, keeping symbolic links as links (the symlink cases)."""
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if relative.name in ("expected.txt",) or (path.is_dir() and not path.is_symlink()):
            continue
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.is_file():
            target.unlink()
        if path.is_symlink():
            target.symlink_to(path.readlink())
        else:
            shutil.copyfile(path, target)


def rules(case: Path) -> list[tuple[str, str]]:
    found = []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition(": ")
            found.append((key.strip(), value))
    return found


@pytest.mark.parametrize("name", CASES)
def test_hostile_input(name: str, tmp_path: Path) -> None:
    case = HOSTILE / name
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    lay_over(case, content)
    if name == "ban-ghi-qua-lon":
        (content / "faq" / "lon.yml").write_text("cau_hoi: x\ntra_loi: |\n" + "  Nội dung rất dài.\n" * 60_000, encoding="utf-8")
    expected = rules(case)
    args = next((value for key, value in expected if key == "args"), DEFAULT_ARGS)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), *shlex.split(args)], cwd=tmp_path, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == int(next((value for key, value in expected if key == "exit"), "1")), output
    built = [path for path in (tmp_path / "site").rglob("*") if path.is_file()] if (tmp_path / "site").is_dir() else []
    for key, value in expected:
        if key == "stderr":
            assert value in result.stderr, result.stderr
        elif key.startswith("output "):
            assert value in (tmp_path / "site" / key.removeprefix("output ")).read_text(encoding="utf-8-sig")
        elif key == "nowhere":
            assert built and not [path for path in built if value.encode() in path.read_bytes()]
        else:
            assert key in ("args", "exit"), f"{name}/expected.txt: unknown rule “{key}”"


# --- The environment ------------------------------------------------------------


def _fail_with(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    from cchc.site import pipeline

    def build(*args, **kwargs):
        raise error

    monkeypatch.setattr(pipeline, "build", build)


@pytest.mark.parametrize(
    "error, message",
    [
        (OSError(errno.EROFS, "Read-only file system", "site"), "Lỗi: ổ đĩa chỉ cho đọc, không ghi được (site). Hãy chọn thư mục khác."),
        (
            OSError(errno.ENOSPC, "No space left on device", "site/index.html"),
            "Lỗi: hết chỗ trên ổ đĩa (site/index.html). Hãy giải phóng dung lượng rồi chạy lại.",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "site"), "Lỗi: không có quyền đọc hoặc ghi (site). Hãy kiểm tra quyền của thư mục."),
        (KeyboardInterrupt(), "Đã dừng (Ctrl-C)."),
    ],
)
def test_environment_failure_is_one_line(
    error: BaseException, message: str, site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from cchc import cli

    _fail_with(monkeypatch, error)
    assert cli.main(["build", "--content", "content", "--out", "site"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == message and "Traceback" not in err


def test_our_bug_keeps_its_traceback_and_asks_for_a_report(site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from cchc import cli

    _fail_with(monkeypatch, ZeroDivisionError("division by zero"))
    assert cli.main(["build", "--content", "content", "--out", "site"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err
    assert err.strip().endswith("hãy báo lại kèm toàn bộ thông báo trên.")


def test_closed_pipe_ends_quietly(site: Path, tmp_path: Path) -> None:
    """`import … | head -1`: the reader leaves after one line."""
    listing = tmp_path / "danh-muc.csv"
    listing.write_text("Mã số,Tên thủ tục\n" + "".join(f"1.{n:06d},Thủ tục số {n}\n" for n in range(2000)), encoding="utf-8")
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(REPO / 'build.py'))} import {listing} --content content | head -1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=tmp_path)
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr
    assert result.stderr.strip() == "Đầu ra đã bị đóng (ví dụ “| head”): dừng."


# --- The policy -------------------------------------------------------------------


def test_a_script_in_the_output_is_never_allowed_by_the_policy(tmp_path: Path) -> None:
    """The policy comes from the theme's and our templates: a script that reached a page
    (through content or anything else) is not hashed into it."""
    import base64
    import hashlib

    from cchc.records.validate import validate
    from cchc.site import headers

    content = validate(FIXTURES / "site")[0]
    injected = 'alert("injected")'
    (tmp_path / "index.html").write_text(f"<html><body><script>{injected}</script></body></html>", encoding="utf-8")
    headers.write(content, tmp_path, "https://example.gov.vn/cchc/")
    digest = base64.b64encode(hashlib.sha256(injected.encode()).digest()).decode()
    policy = (tmp_path / "_headers").read_text(encoding="utf-8")
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy and digest not in policy


def test_server_snippets_refuse_a_value_that_breaks_their_syntax() -> None:
    from cchc.site import headers

    with pytest.raises(headers.UnsafeValue):
        headers.nginx_snippet("/cchc/", {"Content-Security-Policy": "default-src 'self'\"; return 302 https://evil.example; #"})
    with pytest.raises(headers.UnsafeValue):
        headers.nginx_snippet("/cchc/ { return 302 https://evil.example; } location /", {})
    with pytest.raises(headers.UnsafeValue):
        headers.headers_file("/", {"X-Test": "a\n/*\n  Access-Control-Allow-Origin: *"})
