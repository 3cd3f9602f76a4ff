"""`python build.py serve` talks: its address, one line per rebuild, every error as
`file:line: message` in the terminal and over the open page (until fixed), a clear message
when the port is taken."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serve:
    """A running `serve` whose output lines are collected as they come."""

    def __init__(self, content: Path, port: int) -> None:
        self.port = port
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--content", str(content), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=content.parent,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, after: int = 0, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines[after:] if text in line]
            if found:
                return found[0]
            assert self.process.poll() is None, "\n".join(self.lines)
            time.sleep(0.1)
        raise AssertionError(f"no line with “{text}” in:\n" + "\n".join(self.lines))


@pytest.fixture
def running(site: Path) -> Iterator[Serve]:
    server = Serve(site, _free_port())
    try:
        yield server
    finally:
        server.process.terminate()
        server.process.wait(60)


def test_serve_prints_its_address_and_one_line_per_rebuild(site: Path, running: Serve) -> None:
    address = running.wait_for("Xem trước tại")
    assert f"http://127.0.0.1:{running.port}/" in address
    running.wait_for("Đã dựng (")
    seen = len(running.lines)
    record = site / "tthc" / "1.001193.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("Đăng ký khai sinh", "Đăng ký khai sinh (sửa)", 1), encoding="utf-8")
    line = running.wait_for("Đã dựng lại sau khi sửa", after=seen)
    assert "content/tthc/1.001193.yml" in line and line.rstrip().endswith(" s)")


def test_errors_show_over_the_open_page_until_fixed(site: Path, running: Serve, browser) -> None:
    running.wait_for("Đã dựng (")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    try:
        tab.goto(f"http://127.0.0.1:{running.port}/thu-tuc/1.001193/")
        assert tab.locator("#cchc-loi").count() == 0
        faq = site / "faq" / "khai-sinh-le-phi.yml"
        good = faq.read_text(encoding="utf-8")
        seen = len(running.lines)
        faq.write_text(good + "ma: [\n", encoding="utf-8")
        error = running.wait_for("content/faq/khai-sinh-le-phi.yml:", after=seen)
        assert "YAML không hợp lệ" in error
        overlay = tab.locator("#cchc-loi")
        overlay.wait_for(timeout=60_000)  # the page reloads after the rebuild, then shows it
        assert "content/faq/khai-sinh-le-phi.yml:" in overlay.inner_text() and "lỗi" in overlay.inner_text()
        assert "Đăng ký khai sinh" in tab.locator("h1").inner_text()  # the last good page stays under it
        seen = len(running.lines)
        faq.write_text(good, encoding="utf-8")
        running.wait_for("Đã dựng lại sau khi sửa", after=seen)
        overlay.wait_for(state="detached", timeout=60_000)
    finally:
        context.close()


def test_a_port_in_use_is_said_in_vietnamese(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "serve", "--content", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert f"Cổng {port}" in result.stderr and "--port" in result.stderr and "Traceback" not in result.stderr
