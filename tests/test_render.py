"""Rendering without a build: links that work under any sub-path, citations
that find their documents, text escaped for Markdown and HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc.pages import render, richtext
from cchc.records.validate import validate

DOCS = [
    ("63-2010-nd-cp", "63/2010/NĐ-CP", 2010),
    ("08-kh-ubnd-2024", "08/KH-UBND", 2024),
    ("08-kh-ubnd-2021", "08/KH-UBND", 2021),
    ("18-nq-tw-2017", "18-NQ/TW", 2017),
]
CITATIONS = richtext.Citations.build(DOCS, lambda doc_id: f"/van-ban/{doc_id}/")


@pytest.mark.parametrize(
    "source, target, expected",
    [
        ("", "thu-tuc/", "thu-tuc/"),
        ("thu-tuc/1.001193/", "van-ban/63-2010-nd-cp/", "../../van-ban/63-2010-nd-cp/"),
        ("thu-tuc/", "thu-tuc/1.001193/", "1.001193/"),
        ("tin-tuc/trang-2/", "tin-tuc/", "../"),
        ("thu-tuc/1.001193/", "files/to-khai.docx", "../../files/to-khai.docx"),
        ("hoi-dap/x/", "hoi-dap/#ho-tich", "../#ho-tich"),
        ("tin-tuc/", "tin-tuc/", "./"),
        ("", "", "./"),
        ("thu-tuc/1.001193/", "", "../.."),
        ("ke-hoach/ke-hoach-2026/tien-do/", "ke-hoach/ke-hoach-2026/", "../"),
        ("tin-tuc/chuyen-muc/cai-cach/", "tin-tuc/chuyen-muc/cai-cach-thu-tuc/", "../cai-cach-thu-tuc/"),
    ],
)
def test_relative_links(source: str, target: str, expected: str) -> None:
    assert render.relative(source, target) == expected


@pytest.mark.parametrize(
    "text, linked",
    [
        ("theo Nghị định 63/2010/NĐ-CP của Chính phủ", "63-2010-nd-cp"),
        ("Nghị định số 63 /2010/NĐ-CP", "63-2010-nd-cp"),
        ("Nghị định 63/2010/NĐCP", "63-2010-nd-cp"),
        ("Kế hoạch số 08/KH-UBND ngày 08/01/2024 của UBND tỉnh", "08-kh-ubnd-2024"),
        ("Kế hoạch số 08/KH-UBND ngày 06 tháng 01 năm 2021", "08-kh-ubnd-2021"),
        ("Nghị quyết số 18-NQ/TW, ngày 25/10/2017", "18-nq-tw-2017"),
    ],
)
def test_citation_links_to_the_right_document(text: str, linked: str) -> None:
    html = richtext.plain(text, CITATIONS)
    assert f'href="/van-ban/{linked}/"' in html and html.count("<a ") == 1


@pytest.mark.parametrize("text", ["Nghị định 64/2010/NĐ-CP", "Kế hoạch số 08/KH-UBND", "Nghị định 63/2011/NĐ-CP", "ngày 08/01/2024"])
def test_unknown_or_ambiguous_citation_stays_text(text: str) -> None:
    assert "<a " not in richtext.plain(text, CITATIONS)


def test_citation_in_editor_markdown_is_linked_but_not_inside_code() -> None:
    html = richtext.EditorMarkdown()("Theo **Nghị định 63/2010/NĐ-CP** và `63/2010/NĐ-CP`", CITATIONS)
    assert html.count('href="/van-ban/63-2010-nd-cp/"') == 1
    assert "<code>63/2010/NĐ-CP</code>" in html


def test_editor_markdown_cannot_emit_html_or_script_links() -> None:
    html = richtext.EditorMarkdown()('<b onclick="x()">hi</b> [a](javascript:alert(1)) [b](https://dichvucong.gov.vn) ![i](data:text/html,x)')
    assert "<b" not in html and "&lt;b onclick" in html
    assert '<a rel="nofollow noopener">a</a>' in html and 'href="https://dichvucong.gov.vn"' in html
    assert '<img alt="i">' in html and "javascript" not in html and "data:" not in html


def test_heading_text_is_escaped_for_markdown_and_html() -> None:
    assert richtext.heading("Thủ tục *mới* <b>[x](y)</b>") == r"Thủ tục \*mới\* &lt;b&gt;\[x\]\(y\)&lt;/b&gt;"


def test_pages_and_urls(tmp_path: Path) -> None:
    from conftest import FIXTURES

    content, errors = validate(FIXTURES / "site")
    assert errors == []
    pages = render.render(content, date(2026, 11, 21))
    assert {
        "index.md",
        "thu-tuc/index.md",
        "thu-tuc/1.001193.md",
        "hoi-dap/khai-sinh-le-phi.md",
        "tin-tuc/index.md",
        "tin-tuc/chuyen-muc/cai-cach-thu-tuc-hanh-chinh.md",
        "van-ban/60-2014-qh13.md",
        "ke-hoach/2024-mau.md",
    } <= set(pages)
    procedure = pages["thu-tuc/1.001193.md"]
    assert 'href="../../files/to-khai.docx"' in procedure
    assert 'href="../../van-ban/60-2014-qh13/"' in procedure
    assert "8.000 đồng" in procedure
    assert 'href="../../hoi-dap/khai-sinh-le-phi/"' in procedure


def test_replaced_procedure_shows_a_banner_linking_its_successor(site: Path) -> None:
    procedure = site / "tthc" / "1.000894.yml"
    procedure.write_text(
        procedure.read_text(encoding="utf-8").replace(
            "trang_thai: {tinh_trang: con_hieu_luc}",
            'trang_thai: {tinh_trang: thay_the, thay_the_boi: "1.001193", quyet_dinh: 1872/QĐ-BTP, ngay_quyet_dinh: "01/07/2026"}',
        ),
        encoding="utf-8",
    )
    content, errors = validate(site)
    assert errors == []
    page = render.render(content, date(2026, 11, 21))["thu-tuc/1.000894.md"]
    assert "Đã được thay thế</strong> theo Quyết định 1872/QĐ-BTP ngày 01/07/2026" in page
    assert 'Thủ tục thay thế: <a href="../1.001193/">Đăng ký khai sinh (1.001193)</a>' in page
    listing = render.render(content, date(2026, 11, 21))["thu-tuc/index.md"]
    assert "cchc-badge--canh-bao" in listing


def test_abolished_procedure_has_no_submit_button(site: Path) -> None:
    procedure = site / "tthc" / "1.001193.yml"
    procedure.write_text(procedure.read_text(encoding="utf-8").replace("tinh_trang: con_hieu_luc", "tinh_trang: bai_bo"), encoding="utf-8")
    page = render.render(validate(site)[0], date(2026, 11, 21))["thu-tuc/1.001193.md"]
    assert "Thủ tục này không còn được thực hiện" in page
    assert "Nộp hồ sơ trực tuyến" not in page


def _editor_texts() -> list[str]:
    """Every Markdown field of the sample content, and texts at the fast path's edges."""
    content, _ = validate(Path(__file__).resolve().parent.parent / "content")
    texts = [step.mo_ta for p in content.thu_tuc.values() for step in p.trinh_tu]
    texts += [faq.tra_loi for faq in content.hoi_dap.values()] + list(content.bodies.values())
    return texts + [
        "Nộp hồ sơ theo Nghị định 63/2010/NĐ-CP tại Bộ phận một cửa.",
        "1. Nộp hồ sơ",
        "- Nộp",
        "> trích",
        "    mã",
        "# Tiêu đề",
        "Trả kết quả (bản chính)",
        "a * b",
        "Tỷ lệ 100% “đúng hạn”; 'đúng'",
        "x <b>y</b>",
        "  ",
        "",
        "Một.\n\nHai.",
        "Một.\nHai.",
        "Một.\n\n\nHai.",
        "Một.\n\n- hai",
        "Một.\n\n  Hai.\n",
        "Một\tHai",
        "---",
        "Một.  \nHai.",
        "Một:\n- hai",
        "- một\n\n- hai",
        "- một\ntiếp",
        "- 1. một",
        "+ một\n- hai\n\nBa.",
    ]


@pytest.mark.parametrize("text", _editor_texts())
def test_plain_paragraphs_skip_markdown_with_the_same_result(text: str) -> None:
    """The fast path for plain paragraphs gives what Markdown gives (quotes may be escaped)."""
    import html

    md = richtext.EditorMarkdown()
    assert html.unescape(md(text, CITATIONS)) == html.unescape(md.full(text, CITATIONS))


def test_simple_paragraphs_and_lists_skip_markdown_with_the_same_result() -> None:
    """Random texts of paragraphs, lists and the lines that make Markdown read them otherwise
    (rules, hard breaks, indents, numbered items, loose lists): when the fast path answers, it
    answers what Markdown gives."""
    import html
    import random

    lines = [
        "Một.",
        "Hai ba",
        "- a",
        "+ b",
        "-  c",
        " - d",
        "1. e",
        "Theo Nghị định 63/2010/NĐ-CP.",
        "x  ",
        " y",
        "---",
        "- - -",
        "a > b",
        "",
        'Tỷ lệ “đúng” "x"',
        "- Nghị định 63/\n2010/NĐ-CP",
        "* f",
        "    g",
        "- 1. h",
        "-a",
        "+",
        "- ",
        "2025 là năm",
        "a: b",
        "Bước 1:\u00a0x",
        "- Nộp tại 08/KH-UBND ngày 08/01/2024",
    ]
    md, rng, answered = richtext.EditorMarkdown(), random.Random(8), 0
    for _ in range(3000):
        text = "".join(rng.choice(lines) + rng.choice(["\n", "\n\n", "\n\n\n"]) for _ in range(rng.randint(1, 5)))
        fast = richtext.simple_blocks(text, CITATIONS)
        if fast is not None:
            answered += 1
            assert html.unescape(fast) == html.unescape(md.full(text, CITATIONS)), text
    assert answered > 200  # the fast path is exercised, not always declined


def test_pages_rendered_on_every_core_are_the_pages_rendered_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """parallel.map_items divides big jobs among forked workers: same pages, same order."""
    from cchc.base import parallel

    content, _ = validate(Path(__file__).resolve().parent.parent / "content")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    serial = render.render(content, date(2026, 11, 21))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    forked = render.render(content, date(2026, 11, 21))
    assert list(forked.items()) == list(serial.items())
    assert len(serial) > 90


def test_workers_end_cleanly_when_the_process_turns_sigterm_into_ctrl_c(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture) -> None:
    """`serve` turns SIGTERM into Ctrl-C, and re-renders every page with workers after some
    edits: they end without a KeyboardInterrupt on the terminal, and the render returns
    (a worker waiting for the queue's lock once kept running, and the test suite hung)."""
    import signal

    from cchc.base import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        for _ in range(30):
            assert parallel.map_items(abs, range(-50, 50)) == [abs(n) for n in range(-50, 50)]
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert "KeyboardInterrupt" not in capfd.readouterr().err


def test_content_read_on_every_core_is_the_content_read_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers read the files: the same records and the same errors come back."""
    from cchc.base import parallel

    root = Path(__file__).resolve().parent.parent / "content"
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    serial, serial_errors = validate(root)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    forked, forked_errors = validate(root)
    assert forked_errors == serial_errors == []
    assert forked.site == serial.site and forked.thu_tuc == serial.thu_tuc and forked.tin_tuc == serial.tin_tuc


def test_work_started_beside_the_render_ends_without_waiting_to_be_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plans' reports are made in a forked process while the pages render: it ends as soon
    as it is done (a result larger than a pipe holds once kept it, and its copy of the
    records, alive until the render finished), and its result or error reaches the caller."""
    import multiprocessing
    import time

    from cchc.base import parallel

    monkeypatch.setattr(parallel, "workers", lambda: 2)
    result = parallel.started(lambda: b"docx" * 250_000)  # 1 MB: sixteen times a pipe's buffer
    deadline = time.monotonic() + 20
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()
    assert result() == b"docx" * 250_000

    def fails() -> None:
        raise ValueError("kế hoạch hỏng")

    with pytest.raises(ValueError, match="kế hoạch hỏng"):
        parallel.started(fails)()
