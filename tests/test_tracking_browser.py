"""Plan-tracking pages of the built sample site in real Chromium: axe (WCAG 2.1
AA), charts readable without JavaScript, and an external video that loads
nothing from its host before the click (the `page` fixture checks every other
request)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import WCAG_21_AA

PAGES = {
    "tiến độ": "ke-hoach/2026-xa-thach-ha-mau/tien-do/",
    "báo cáo": "ke-hoach/2026-xa-thach-ha-mau/bao-cao/",
    "kết quả": "ket-qua/",
    "sản phẩm": "san-pham/",
}


@pytest.mark.parametrize("name", PAGES)
def test_tracking_pages_pass_axe(name: str, page, site_url: str) -> None:
    assert page.goto(site_url + PAGES[name]).status == 200
    assert page.locator("h1").count() == 1
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations] == []


def test_progress_page_charts_have_titles_and_tables(page, site_url: str) -> None:
    page.goto(site_url + PAGES["tiến độ"])
    charts = page.locator("figure.cchc-chart")
    assert charts.count() >= 2
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.locator("svg[role=img] > title").count() == 1
        assert chart.locator("table caption").inner_text() == chart.locator("svg > title").text_content()
    # Task 4 of the sample plan (Quý I, not marked done) has its leaflet dated within Quý I: carried out, not overdue.
    assert page.locator("#nhiem-vu-4 [data-cchc-task-status]").first.get_attribute("data-cchc-task-status") == "dang_thuc_hien"


def test_report_prints_without_the_links(page, site_url: str) -> None:
    page.goto(site_url + PAGES["báo cáo"])
    assert page.locator(".cchc-noprint").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".cchc-noprint").is_visible()
    assert page.locator("table.cchc-tasks tbody tr").count() == 7


def test_downloads_are_served(page, site_url: str) -> None:
    for path in (
        "ke-hoach/2026-xa-thach-ha-mau/nhiem-vu.ics",
        "ke-hoach/2026-xa-thach-ha-mau/bao-cao.docx",
        "ket-qua/ket-qua.csv",
        "ket-qua/chi-so.json",
    ):
        response = page.request.get(site_url + path)
        assert response.status == 200 and len(response.body()) > 100


def test_external_video_loads_only_after_the_click(page, site_url: str) -> None:
    page.route("**/*youtube*/**", lambda route: route.fulfill(status=200, body="<title>video</title>"))
    page.goto(site_url + PAGES["sản phẩm"])
    page.wait_for_load_state("networkidle")
    assert page.outside_requests == [] and page.locator("iframe").count() == 0
    page.locator(".cchc-video-facade a").first.click()
    page.wait_for_selector("iframe.cchc-video-frame")
    assert page.locator("iframe.cchc-video-frame").get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert any("youtube-nocookie.com" in url for url in page.outside_requests)
    page.outside_requests.clear()  # the citizen asked for it


def test_home_page_links_the_current_plan_progress(page, site_url: str) -> None:
    page.goto(site_url)
    page.get_by_role("link", name="Xem tiến độ, chỉ tiêu và nhiệm vụ quá hạn").click()
    assert page.url.endswith("ke-hoach/2026-xa-thach-ha-mau/tien-do/")
