"""The citizen's answer first, on a phone (issue 21), in real Chromium at 360x740 and 1280:
the five answers near the top of procedure pages, no sideways scrolling, axe clean (no
serious or critical violation), stable layout (CLS) on the filtered listing, the keyword box,
the FAQ's folded questions and the 404 page."""
from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import WCAG_21_AA

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SIZES = {"360": PHONE, "1280": DESKTOP}
SAMPLE_PROCEDURES = ["1.001193", "1.000894", "1.000656", "2.000815", "1.004837"]
PAGES = {
    "trang chủ": "",
    "danh sách thủ tục": "thu-tuc/",
    "thủ tục": "thu-tuc/1.001193/",
    "kế hoạch": "ke-hoach/2024-so-tnmt-ha-tinh/",
    "tiến độ": "ke-hoach/2024-so-tnmt-ha-tinh/tien-do/",
    "hỏi đáp": "hoi-dap/",
    "tin tức": "tin-tuc/",
}
ANSWERS = ["Nộp ở đâu, bằng cách nào", "Thời hạn giải quyết", "Phí, lệ phí", "Giấy tờ cần nộp", "Kết quả nhận được"]


@pytest.fixture
def tab(browser, site_url: str, request):
    size = getattr(request, "param", "360")
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("code", SAMPLE_PROCEDURES)
def test_five_answers_start_within_two_screen_heights_on_a_phone(tab, site_url: str, code: str) -> None:
    tab.goto(site_url + f"thu-tuc/{code}/")
    for answer in ANSWERS:
        term = tab.locator(".cchc-summary dt", has_text=answer)
        box = term.bounding_box()
        assert box is not None and box["y"] < 2 * PHONE["height"], (code, answer)
        assert term.locator("xpath=following-sibling::dd[1]").inner_text().strip(), (code, answer)


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_violation_and_no_sideways_scroll(tab, site_url: str, name: str) -> None:
    tab.goto(site_url + PAGES[name])
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, name
    violations = Axe().run(tab, options=WCAG_21_AA).response["violations"]
    serious = [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def _layout_shift(tab) -> float:
    return tab.evaluate(
        """() => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value; })
              .observe({type: "layout-shift", buffered: true});
            setTimeout(() => resolve(total), 1000);
        })"""
    )


@pytest.mark.parametrize("path", ["thu-tuc/?linh-vuc=ho-tich", "thu-tuc/?cap=tat-ca&tu-khoa=khai+sinh", "thu-tuc/", "thu-tuc/1.001193/", "hoi-dap/"])
def test_layout_stays_put_while_loading(tab, site_url: str, path: str) -> None:
    tab.goto(site_url + path, wait_until="load")
    assert _layout_shift(tab) < 0.1


def test_listing_starts_at_the_agencys_level_and_finds_as_you_type(tab, site_url: str) -> None:
    tab.goto(site_url + "thu-tuc/")
    assert tab.locator("select[name=cap]").input_value() == "cap-xa"  # site.yml cap_cua_co_quan
    at_level = tab.locator(".cchc-proc:visible").count()
    for index in range(at_level):
        assert "Cấp Xã" in tab.locator(".cchc-proc:visible").nth(index).inner_text()
    tab.select_option("select[name=cap]", "tat-ca")
    assert tab.url.endswith("?cap=tat-ca")
    everything = tab.locator(".cchc-proc:visible").count()
    assert everything > at_level
    tab.fill("input[name=tu-khoa]", "dang ky khai sinh")  # toneless
    names = [tab.locator(".cchc-proc:visible a").nth(i).inner_text() for i in range(tab.locator(".cchc-proc:visible").count())]
    assert names and all("khai sinh" in name.lower() for name in names)
    assert "Đăng ký khai sinh" in names
    assert re.search(r"Hiển thị \d+/\d+ thủ tục", tab.locator(".cchc-count").inner_text())
    for target in ("select[name=cap]", "input[name=tu-khoa]", ".cchc-proc:visible a"):
        assert tab.locator(target).first.bounding_box()["height"] >= 44, target


def test_faq_is_folded_and_its_anchor_opens_the_answer(tab, site_url: str) -> None:
    tab.goto(site_url + "hoi-dap/")
    assert tab.locator("details.cchc-faq[open]").count() == 0
    folded_height = tab.evaluate("document.documentElement.scrollHeight")
    assert folded_height < 12 * PHONE["height"]
    tab.goto(site_url + "hoi-dap/#dang-ky-khai-sinh-mat-le-phi")
    assert tab.locator("#dang-ky-khai-sinh-mat-le-phi .cchc-answer").is_visible()


def test_procedure_tables_read_at_360_without_empty_columns(tab, site_url: str) -> None:
    tab.goto(site_url + "thu-tuc/1.001193/")
    cells = tab.locator("table.cchc-stack td")
    assert cells.count() > 0
    for index in range(cells.count()):
        assert cells.nth(index).bounding_box()["width"] > 250  # stacked: full width, not a 100 px column
    assert tab.locator("table.cchc-stack th", has_text="Mô tả").count() == 0


class _SubPathServer(http.server.SimpleHTTPRequestHandler):
    """The site under /cchc/, and its 404.html for any missing address, as a web server does."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "cchc" / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def sub_path_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("goc")
    (root / "cchc").symlink_to(built_site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPathServer, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cchc/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
def test_404_at_any_depth_under_a_sub_path_leads_back(tab, sub_path_url: str, built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in html and "//tin-tuc" not in html.replace("https://", "")
    response = tab.goto(sub_path_url + "khong/co/trang-nay/")
    assert response.status == 404
    assert tab.locator("h1").inner_text() == "Không tìm thấy trang"
    assert tab.get_by_role("searchbox", name="Tìm thủ tục, câu hỏi, tin tức").is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = Axe().run(tab, options=WCAG_21_AA).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")] == []
    tab.get_by_role("link", name="Thủ tục hành chính", exact=True).last.click()
    assert tab.url == sub_path_url + "thu-tuc/"
    assert tab.locator("h1").inner_text() == "Thủ tục hành chính"
    tab.goto(sub_path_url + "khong/co/")
    tab.fill("#cchc-404-q", "khai sinh")
    tab.locator(".cchc-404-search button").click()
    assert tab.url.startswith(sub_path_url + "tim-kiem/?q=khai")


def test_text_size_buttons_are_named_by_their_labels(tab, site_url: str) -> None:
    tab.goto(site_url)
    for label in ("A−", "A", "A+"):
        button = tab.locator("button[data-cchc-text]", has_text=re.compile(f"^{re.escape(label)}$"))
        assert button.get_attribute("aria-label").startswith(label)


def test_editors_guide_is_in_the_footer_not_the_tabs(tab, site_url: str) -> None:
    tab.set_viewport_size(DESKTOP)
    tab.goto(site_url)
    assert tab.locator(".md-tabs a", has_text="Hướng dẫn biên tập").count() == 0
    assert tab.locator(".cchc-footer a", has_text="Hướng dẫn biên tập").count() == 1
    assert "Chịu trách nhiệm nội dung:" in tab.locator(".cchc-footer").inner_text()
