"""The citizen's answer first, on a phone (issue 21), in real Chromium at 360x740 and 1280x800:
the five answers near the top of procedure pages, no sideways scrolling, axe clean (no
serious or critical violation) on every kind of page a citizen meets, accessible names that
hold the visible labels, stable layout (CLS) on the filtered listing and while search results
arrive, the keyword box, the FAQ's folded questions and the 404 page."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browser import WCAG_21_AA

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
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
    "tin": "tin-tuc/2024-02-02-day-manh-truyen-thong-kiem-soat-tthc/",
    "tìm kiếm": "tim-kiem/?q=khai+sinh",
}
# What a citizen waits for before the page is what they read: the listing's filter applied
# (its rows are invisible until then), search results shown. Other pages are ready when loaded.
READY = {
    "danh sách thủ tục": "form.cchc-filters:not([data-cchc-pending])",
    "tìm kiếm": ".cchc-search-page-list a >> nth=0",
}
# WCAG 2.1 AA, and "label-content-name-mismatch" (WCAG 2.5.3, Label in Name), which axe marks
# experimental and leaves off unless asked: a button reading "A+" must be named "A+ …".
AXE = dict(WCAG_21_AA, rules={"label-content-name-mismatch": {"enabled": True}})


def serious_violations(tab) -> list:
    violations = Axe().run(tab, options=AXE).response["violations"]
    return [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]


# Every visible control whose name is set apart from its text (aria-label, aria-labelledby), with
# the text a sighted user reads on it and the name a screen reader or voice control uses.
NAMES_AND_LABELS = """() => {
    const squash = text => text.normalize("NFC").replace(/\\s+/g, " ").trim().toLowerCase();
    const controls = document.querySelectorAll("a, button, summary, input[type=submit], input[type=button], [role=button], [role=link], [role=tab], [role=menuitem]");
    return [...controls].filter(node => node.checkVisibility() && (node.hasAttribute("aria-label") || node.hasAttribute("aria-labelledby")))
      .map(node => {
        const labelledBy = (node.getAttribute("aria-labelledby") || "").split(" ").map(id => document.getElementById(id)).filter(Boolean);
        const name = labelledBy.length ? labelledBy.map(label => label.textContent).join(" ") : node.getAttribute("aria-label");
        return [squash(node.innerText || node.value || ""), squash(name)];
      })
      .filter(([label]) => label);
}"""
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
    if name in READY:
        expect(tab.locator(READY[name])).to_be_visible()
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, name
    assert serious_violations(tab) == []


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
def test_what_opens_on_tap_passes_axe_too(tab, site_url: str) -> None:
    """axe checks what is shown: the header's search with its results, and the folded
    questions, cases and steps once opened, are checked open."""
    tab.goto(site_url + "thu-tuc/")
    if tab.viewport_size["width"] < 960:
        tab.locator("label.md-header__button[for=__search]").click()  # the phone's magnifier
    tab.locator(".md-search__input").fill("khai sinh")
    expect(tab.locator(".cchc-search-list a").first).to_be_visible()
    assert serious_violations(tab) == []
    for path in ("hoi-dap/", "thu-tuc/1.001193/", "ke-hoach/2024-so-tnmt-ha-tinh/"):
        tab.goto(site_url + path)
        tab.evaluate("document.querySelectorAll('details').forEach(part => { part.open = true; })")
        expect(tab.locator("details:not([open])")).to_have_count(0)
        assert serious_violations(tab) == [], path


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_accessible_names_hold_the_visible_labels(tab, site_url: str, name: str) -> None:
    tab.goto(site_url + PAGES[name])
    if name in READY:
        expect(tab.locator(READY[name])).to_be_visible()
    pairs = tab.evaluate(NAMES_AND_LABELS)
    assert [(label, name) for label, name in pairs if label not in name] == []


# Layout shifts from the page's first script on (buffered), without those right after the
# user's own input (hadRecentInput), as Core Web Vitals count them.
WATCH_SHIFTS = """(() => {
    window.cchcShifts = 0;
    const add = entries => { for (const entry of entries) if (!entry.hadRecentInput) window.cchcShifts += entry.value; };
    const observer = new PerformanceObserver(list => add(list.getEntries()));
    observer.observe({type: "layout-shift", buffered: true});
    window.cchcShiftsSoFar = () => { add(observer.takeRecords()); return window.cchcShifts; };
})()"""


def _layout_shift(tab) -> float:
    """The page's cumulative layout shift once two more frames are painted (a shift is scored
    when its frame is painted): what has been drawn so far, with no guess at a delay."""
    return tab.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(window.cchcShiftsSoFar()))))")


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
@pytest.mark.parametrize(
    "path", ["thu-tuc/?linh-vuc=ho-tich", "thu-tuc/?cap=tat-ca&tu-khoa=khai+sinh", "thu-tuc/", "thu-tuc/1.001193/", "hoi-dap/", ""]
)
def test_layout_stays_put_while_loading(tab, site_url: str, path: str) -> None:
    tab.add_init_script(WATCH_SHIFTS)
    tab.goto(site_url + path, wait_until="load")
    if path.startswith("thu-tuc/?") or path == "thu-tuc/":
        expect(tab.locator(READY["danh sách thủ tục"])).to_be_visible()
        expect(tab.locator(".cchc-count")).to_contain_text("Hiển thị")
    assert _layout_shift(tab) < 0.1


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
def test_listing_stays_put_while_a_citizen_filters(tab, site_url: str) -> None:
    tab.add_init_script(WATCH_SHIFTS)
    tab.goto(site_url + "thu-tuc/?cap=tat-ca")
    expect(tab.locator(READY["danh sách thủ tục"])).to_be_visible()
    tab.locator("select[name=linh-vuc]").focus()
    tab.keyboard.press("ArrowDown")  # the first field, chosen with the keyboard as on a phone's picker
    expect(tab).to_have_url(re.compile(r"linh-vuc="))
    tab.locator("input[name=tu-khoa]").press_sequentially("khai sinh")
    expect(tab.locator(".cchc-count")).to_contain_text("Hiển thị")
    assert _layout_shift(tab) < 0.1


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
def test_search_page_stays_put_while_results_arrive(tab, site_url: str) -> None:
    """The results come after the index loads, long after the page: the footer and the meta
    line must not jump when they arrive (they did: 0.1 at 360 px)."""
    tab.add_init_script(WATCH_SHIFTS)
    tab.goto(site_url + "tim-kiem/?q=khai+sinh")
    expect(tab.locator(".cchc-search-page-list a").first).to_be_visible()
    expect(tab.locator(".cchc-search-page-meta")).to_contain_text("Tìm thấy")
    assert _layout_shift(tab) < 0.1
    footer = tab.locator(".cchc-footer").bounding_box()
    assert footer["y"] >= tab.viewport_size["height"]  # below the first screen, where it was


@pytest.mark.parametrize("tab", ["360", "1280"], indirect=True)
def test_search_page_stays_put_while_a_query_is_typed(tab, site_url: str) -> None:
    tab.add_init_script(WATCH_SHIFTS)
    tab.goto(site_url + "tim-kiem/")
    box = tab.locator(".cchc-search-page input[name=q]")
    expect(box).to_be_visible()
    # fill() sends no key events: every shift counts, even those right after the typing.
    box.fill("khai sinh")
    expect(tab.locator(".cchc-search-page-list a").first).to_be_visible()
    expect(tab.locator(".cchc-search-page-meta")).to_contain_text("Tìm thấy")
    box.fill("ket hon")
    expect(tab.locator(".cchc-search-page-meta")).to_contain_text("ket hon")
    assert _layout_shift(tab) < 0.1


def test_search_page_without_javascript_points_to_the_lists(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    tab.goto(site_url + "tim-kiem/?q=khai+sinh")
    expect(tab.locator(".cchc-search-page")).to_be_hidden()  # no form that cannot work
    meta = tab.locator(".cchc-search-page-meta")
    expect(meta).to_contain_text("Tìm kiếm cần JavaScript")
    expect(meta.get_by_role("link", name="danh sách thủ tục hành chính")).to_be_visible()
    context.close()


def test_listing_starts_at_the_agencys_level_and_finds_as_you_type(tab, site_url: str) -> None:
    tab.goto(site_url + "thu-tuc/")
    expect(tab.locator(READY["danh sách thủ tục"])).to_be_visible()
    expect(tab.locator("select[name=cap]")).to_have_value("cap-xa")  # site.yml cap_cua_co_quan
    at_level = tab.locator(".cchc-proc:visible").count()
    for index in range(at_level):
        assert "Cấp Xã" in tab.locator(".cchc-proc:visible").nth(index).inner_text()
    tab.select_option("select[name=cap]", "tat-ca")
    expect(tab).to_have_url(re.compile(r"\?cap=tat-ca$"))
    everything = tab.locator(".cchc-proc:visible").count()
    assert everything > at_level
    tab.fill("input[name=tu-khoa]", "dang ky khai sinh")  # toneless
    expect(tab.locator(".cchc-count")).to_have_text(re.compile(r"Hiển thị \d+/\d+ thủ tục"))
    expect(tab.locator(".cchc-proc:visible a", has_text="Đăng ký khai sinh").first).to_be_visible()
    names = tab.locator(".cchc-proc:visible a").all_inner_texts()
    assert names and all("khai sinh" in name.lower() for name in names)
    assert "Đăng ký khai sinh" in names
    for target in ("select[name=cap]", "input[name=tu-khoa]", ".cchc-proc:visible a"):
        assert tab.locator(target).first.bounding_box()["height"] >= 44, target


def test_faq_is_folded_and_its_anchor_opens_the_answer(tab, site_url: str) -> None:
    tab.goto(site_url + "hoi-dap/")
    assert tab.locator("details.cchc-faq[open]").count() == 0
    folded_height = tab.evaluate("document.documentElement.scrollHeight")
    assert folded_height < 12 * PHONE["height"]
    tab.goto(site_url + "hoi-dap/#dang-ky-khai-sinh-mat-le-phi")
    expect(tab.locator("#dang-ky-khai-sinh-mat-le-phi .cchc-answer")).to_be_visible()


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
    expect(tab.get_by_role("searchbox", name="Tìm thủ tục, câu hỏi, tin tức")).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert serious_violations(tab) == []
    assert [(label, name) for label, name in tab.evaluate(NAMES_AND_LABELS) if label not in name] == []
    tab.get_by_role("link", name="Thủ tục hành chính", exact=True).last.click()
    expect(tab).to_have_url(sub_path_url + "thu-tuc/")
    expect(tab.locator("h1")).to_have_text("Thủ tục hành chính")
    tab.goto(sub_path_url + "khong/co/")
    tab.fill("#cchc-404-q", "khai sinh")
    tab.locator(".cchc-404-search button").click()
    expect(tab).to_have_url(re.compile("^" + re.escape(sub_path_url + "tim-kiem/?q=khai")))
    expect(tab.locator(".cchc-search-page-list a").first).to_be_visible()  # and the results are there


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
