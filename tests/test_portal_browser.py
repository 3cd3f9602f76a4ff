"""The built portal in real Chromium: one page of each kind, filters and their
URL, legal-basis links, print, accessibility (axe-core, WCAG 2.1 AA), and no
request to any third party (checked after every test by the `page` fixture)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browser import WCAG_21_AA

PAGES = {
    "trang chủ": "",
    "danh sách thủ tục": "thu-tuc/",
    "thủ tục": "thu-tuc/1.001193/",
    "hỏi đáp": "hoi-dap/",
    "câu hỏi": "hoi-dap/dang-ky-khai-sinh-mat-le-phi/",
    "tin tức": "tin-tuc/",
    "tin": "tin-tuc/2024-02-02-day-manh-truyen-thong-kiem-soat-tthc/",
    "chuyên mục": "tin-tuc/chuyen-muc/hoat-dong/",
    "văn bản": "van-ban/",
    "một văn bản": "van-ban/123-2015-nd-cp/",
    "kế hoạch": "ke-hoach/",
    "một kế hoạch": "ke-hoach/2024-so-tnmt-ha-tinh/",
    "tìm kiếm": "tim-kiem/?q=khai+sinh",
    "hướng dẫn biên tập": "huong-dan/",
}


@pytest.mark.parametrize("name", PAGES)
def test_each_page_kind_opens_and_passes_axe(name: str, page, site_url: str) -> None:
    response = page.goto(site_url + PAGES[name])
    assert response.status == 200
    if name == "tìm kiếm":  # the results, as the citizen sees them
        expect(page.locator(".cchc-search-page-list a").first).to_be_visible()
    if name == "danh sách thủ tục":  # rows are invisible until the filter is applied
        expect(page.locator("form.cchc-filters:not([data-cchc-pending])")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").count() == 1
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations] == []


def test_procedure_listing_filters_and_links_its_state(page, site_url: str) -> None:
    page.goto(site_url + "thu-tuc/?cap=tat-ca")  # every level, not only the agency's own
    expect(page.locator("form.cchc-filters:not([data-cchc-pending])")).to_be_visible()
    every = page.locator(".cchc-proc:visible").count()
    assert every >= 30
    page.select_option("select[name=linh-vuc]", "chung-thuc")
    page.select_option("select[name=cap]", "cap-xa")
    expect(page).to_have_url(re.compile(r"\?linh-vuc=chung-thuc$"))  # cấp xã is the agency's level: the default, not in the URL
    shown = page.locator(".cchc-proc:visible")
    assert 0 < shown.count() < every
    for index in range(shown.count()):
        assert "Cấp Xã" in shown.nth(index).inner_text()
    expect(page.locator("h2#dat-dai")).to_be_hidden()
    assert page.locator(".cchc-count").inner_text().startswith(f"Hiển thị {shown.count()}/")

    count = shown.count()
    page.goto(page.url)  # the same filtered list from a shared link
    expect(page.locator("select[name=linh-vuc]")).to_have_value("chung-thuc")
    expect(page.locator(".cchc-proc:visible")).to_have_count(count)

    page.select_option("select[name=truc-tuyen]", "khong")
    expect(page).to_have_url(re.compile("truc-tuyen=khong"))


def test_listing_is_complete_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "thu-tuc/")
    assert tab.locator(".cchc-proc").count() >= 30
    assert tab.locator("form.cchc-filters").bounding_box() is None  # no empty space where the filters would be
    context.close()


def test_legal_basis_links_to_the_document_page(page, site_url: str) -> None:
    page.goto(site_url + "thu-tuc/1.001193/")
    page.locator("#can-cu + ul a", has_text="123/2015/NĐ-CP").first.click()
    expect(page).to_have_url(site_url + "van-ban/123-2015-nd-cp/")
    expect(page.locator("article")).to_contain_text("Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch")
    assert page.locator("a", has_text="Đăng ký khai sinh").count() >= 1  # procedures citing it


def test_citation_in_plan_text_links_to_the_document(page, site_url: str) -> None:
    page.goto(site_url + "ke-hoach/2024-so-tnmt-ha-tinh/")
    page.locator("a.trich-dan", has_text="08/KH-UBND").first.click()
    expect(page).to_have_url(site_url + "van-ban/08-kh-ubnd-2024/")


def test_procedure_page_prints_as_a_short_checklist(page, site_url: str) -> None:
    page.goto(site_url + "thu-tuc/1.000894/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".cchc-actions").is_visible()
    assert page.locator(".cchc-docs li").first.is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2


def test_text_size_control_enlarges_text_and_remembers(page, site_url: str) -> None:
    page.goto(site_url + "thu-tuc/1.001193/")
    size = "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    before = page.evaluate(size)
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.wait_for_function(f"before => {size} > before", arg=before)
    after = page.evaluate(size)
    page.goto(site_url + "hoi-dap/")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)") == after


def test_usable_at_320_pixels(page, site_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("", "thu-tuc/1.001193/", "ke-hoach/2024-so-tnmt-ha-tinh/", "van-ban/"):
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


def test_news_is_newest_first_with_pages(page, site_url: str) -> None:
    page.goto(site_url + "tin-tuc/")
    dates = page.locator(".cchc-post time").evaluate_all("nodes => nodes.map(n => n.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True) and len(dates) == 10
    page.get_by_role("link", name="Tin cũ hơn →").click()
    expect(page).to_have_url(site_url + "tin-tuc/trang-2/")
    older = page.locator(".cchc-post time").first.get_attribute("datetime")
    assert older < dates[-1] or older == dates[-1]


def test_faq_question_is_linkable_and_listed_on_its_procedure(page, site_url: str) -> None:
    page.goto(site_url + "thu-tuc/1.001193/")
    page.locator("#hoi-dap + ul a").first.click()
    expect(page).to_have_url(re.compile("/hoi-dap/"))
    page.goto(site_url + "hoi-dap/#dang-ky-khai-sinh-mat-le-phi")
    expect(page.locator("#dang-ky-khai-sinh-mat-le-phi")).to_be_visible()


def test_document_listing_filters_by_type_and_year(page, site_url: str) -> None:
    page.goto(site_url + "van-ban/?loai=nghi-dinh")
    rows = page.locator(".cchc-doc:visible")
    assert rows.count() >= 5
    for index in range(rows.count()):
        assert "Nghị định" in rows.nth(index).inner_text()
    page.select_option("select[name=nam]", "2015")
    expect(page).to_have_url(re.compile("loai=nghi-dinh&nam=2015"))
    expect(page.locator(".cchc-doc:visible")).to_have_count(2)  # 123/2015 and 23/2015


@pytest.fixture(scope="module")
def long_listing_url(tmp_path_factory: pytest.TempPathFactory):
    """A site with more procedures per lĩnh vực than a screenful: the benchmark's small content."""
    from bench.generate import SCALES, generate
    from browser import serve
    from cchc.site import pipeline

    folder = tmp_path_factory.mktemp("long")
    pipeline.build(generate(folder / "content", SCALES["small"]), folder / "site")
    with serve(folder / "site") as url:
        yield url


def test_long_listing_shows_a_screenful_per_field_and_the_rest_on_request(browser, long_listing_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(long_listing_url + "thu-tuc/?cap=tat-ca")  # every level, not only the agency's own
    expect(tab.locator("form.cchc-filters:not([data-cchc-pending])")).to_be_visible()
    groups = tab.locator("ul.cchc-long")
    sizes = [groups.nth(index).locator("li").count() for index in range(groups.count())]
    biggest = max(range(len(sizes)), key=sizes.__getitem__)
    assert sizes[biggest] > 20
    group, more = groups.nth(biggest), groups.nth(biggest).locator("xpath=following-sibling::button[1]")
    assert group.locator("li:visible").count() == 20
    assert more.inner_text() == f"Xem thêm {sizes[biggest] - 20} thủ tục"
    more.click()
    expect(group.locator("li:visible")).to_have_count(sizes[biggest])
    expect(more).to_be_hidden()

    field = group.get_attribute("id") or tab.locator("h2.cchc-group").nth(biggest).get_attribute("id")
    tab.goto(long_listing_url + f"thu-tuc/?cap=tat-ca&linh-vuc={field}")  # a filtered link counts every match
    expect(tab.locator("form.cchc-filters:not([data-cchc-pending])")).to_be_visible()
    matches = tab.locator(f".cchc-proc[data-linh-vuc~='{field}']").count()
    assert tab.locator(".cchc-count").inner_text().startswith(f"Hiển thị {matches}/")
    assert tab.locator(".cchc-proc:visible").count() == min(20, matches)

    # A filter chosen on the page: each list shows its first 20 matches, wherever they stand.
    tab.goto(long_listing_url + "thu-tuc/?cap=tat-ca")  # every level, not only the agency's own
    expect(tab.locator("form.cchc-filters:not([data-cchc-pending])")).to_be_visible()
    tab.select_option("select[name=cap]", "cap-tinh")
    late = tab.evaluate("""() => [...document.querySelectorAll('ul.cchc-long')].some(list =>
        [...list.children].slice(20).some(row => row.dataset.cap.split(' ').includes('cap-tinh')))""")
    assert late  # some match stands after the 20th row: the style sheet's first rows would hide it
    for index in range(groups.count()):
        matching = groups.nth(index).locator(".cchc-proc[data-cap~='cap-tinh']").count()
        assert groups.nth(index).locator("li:visible").count() == min(20, matching)
    violations = Axe().run(tab, options=WCAG_21_AA).response["violations"]
    assert [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations] == []
    context.close()

    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(long_listing_url + "thu-tuc/?cap=tat-ca")  # every level, not only the agency's own
    assert tab.locator(".cchc-proc:visible").count() == sum(sizes)  # without JavaScript: every row
    context.close()
