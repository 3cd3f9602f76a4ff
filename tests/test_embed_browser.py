"""Embedding as the main portal's webmaster does it, in Chromium: the sample built for
its own address (http://127.0.0.1:P/cchc/, served with its `_headers`), and a portal
page on ANOTHER origin (http://localhost:Q/, listed in `nguon_nhung`) into which every
snippet of /nhung/ is pasted as it stands there, with its script and without it (a CMS
that strips scripts). Each widget shows its content, fits at 360 and 1280 px, opens
its links outside the frame; no console error, no third-party request. oEmbed is found
from a procedure's own address. The `www.` twin of the portal (http://www.localhost:Q/,
not listed) gets a Vietnamese note instead of a blank frame."""

from __future__ import annotations

import html
import re
import shutil
import socket
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cchc.outputs import embed
from cchc.records.validate import validate
from cchc.site import pipeline
from conftest import REPO
from hosting import host

WIDTHS = (360, 1280)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def ports() -> tuple[int, int]:
    return _free_port(), _free_port()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, ports):
    """The portal's folder and its two addresses: allowed (localhost) and its www. twin (not)."""
    folder = tmp_path_factory.mktemp("portal")
    with host(folder, headers=False, port=ports[1]):
        yield folder, f"http://localhost:{ports[1]}/", f"http://www.localhost:{ports[1]}/"


@pytest.fixture(scope="module")
def section(tmp_path_factory: pytest.TempPathFactory, ports, portal):
    """The sample content built for http://127.0.0.1:P/cchc/, the portal allowed to embed."""
    work = tmp_path_factory.mktemp("embed")
    content = work / "content"
    shutil.copytree(REPO / "content", content)
    site_yml = content / "site.yml"
    site_yml.write_text(
        site_yml.read_text(encoding="utf-8").replace("nguon_nhung:\n", f"nguon_nhung:\n  - {portal[1].rstrip('/')}\n"), encoding="utf-8"
    )
    url = f"http://127.0.0.1:{ports[0]}/cchc/"
    out = work / "site"
    pipeline.build(content, out, url)
    with host(out, prefix="/cchc/", port=ports[0]) as served:
        assert served == url
        yield out, url


@pytest.fixture(scope="module")
def snippets(section) -> list[str]:
    """Every snippet on /nhung/, as a webmaster copies it from the page."""
    out, _ = section
    page = (out / "nhung" / "index.html").read_text(encoding="utf-8")
    found = [html.unescape(code) for code in re.findall(r'<pre class="cchc-embed__code"><code>(.*?)</code></pre>', page, re.S)]
    assert len(found) == len(embed.KINDS)  # one live example of each kind: the sample has content for each
    return found


def _without_script(snippet: str) -> str:
    return re.sub(r"<script>.*?</script>", "", snippet, flags=re.S)


def _portal_page(snippets: list[str]) -> str:
    blocks = "\n".join(f'<section id="s{i}"><h2>Tiện ích {i}</h2>\n{snippet}\n</section>' for i, snippet in enumerate(snippets))
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="icon" href="data:,"><title>Cổng thông tin</title></head><body><main>{blocks}</main></body></html>'
    )


@pytest.fixture
def tab(browser, section, portal):
    """A page that records console errors and requests to any origin but the section's and the portal's."""
    _, url = section
    origins = (url.split("/cchc/")[0] + "/", portal[1], portal[2])
    context = browser.new_context()
    page = context.new_page()
    page.errors, page.outside = [], []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    context.on("request", lambda request: request.url.startswith(origins) or request.url.startswith("data:") or page.outside.append(request.url))
    yield page
    context.close()


def _frames(tab, section_url: str) -> list:
    return [frame for frame in tab.frames if frame.url.startswith(section_url + "nhung/")]


def _show_all(tab, count: int) -> None:
    """As a reader scrolls: lazy frames load once near the view."""
    for index in range(count):
        tab.locator(f"#s{index} iframe").scroll_into_view_if_needed()
        tab.frame_locator(f"#s{index} iframe").locator(".cchc-w__source").wait_for()


CONTENT = {  # what each kind must show, read inside its frame
    "tin_moi": "document.querySelectorAll('.cchc-w__list li a').length >= 1",
    "tim_thu_tuc": "!!document.querySelector('input[type=search]')",
    "thu_tuc": "document.querySelectorAll('dt').length >= 1 && document.querySelector('h1').textContent.trim().length > 3",
    "hoi_dap": "document.querySelectorAll('.cchc-w__list li a').length >= 1",
    "ke_hoach": "!!document.querySelector('progress') && /Hoàn thành \\d+\\/[1-9]\\d* nhiệm vụ/.test(document.body.textContent)",
}
FITS = """() => { const d = document.documentElement;
  return d.scrollHeight <= innerHeight && d.scrollWidth <= innerWidth; }"""
HEIGHT = "Math.ceil(document.documentElement.getBoundingClientRect().height)"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("script", [True, False], ids=["with-script", "script-stripped"])
def test_every_snippet_shows_its_content_and_fits(tab, section, portal, snippets, width: int, script: bool) -> None:
    _, url = section
    folder, allowed, _ = portal
    name = f"page-{width}-{int(script)}.html"
    (folder / name).write_text(_portal_page(snippets if script else [_without_script(s) for s in snippets]), encoding="utf-8")
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(allowed + name)
    _show_all(tab, len(snippets))
    kinds = set()
    for index in range(len(snippets)):
        frame_element = tab.locator(f"#s{index} iframe")
        frame = frame_element.element_handle().content_frame()
        frame.wait_for_function("document.readyState === 'complete' && document.fonts.status === 'loaded'")
        kind = frame.evaluate("document.body.className.match(/cchc-w--(\\w+)/)[1]")
        kinds.add(kind)
        assert frame.evaluate(CONTENT[kind]), (kind, frame.url)
        if script:  # the frame takes the widget's height
            tab.wait_for_function(
                "([i, h]) => { const f = document.querySelector('#s' + i + ' iframe'); return f.cchcOk === 1 && Math.abs(f.getBoundingClientRect().height - h) <= 1; }",
                arg=[index, frame.evaluate(HEIGHT)],
            )
        # Nothing cut, no scroll bar inside the frame.
        assert frame.evaluate(FITS), (
            kind,
            width,
            frame.evaluate("[document.documentElement.scrollHeight, innerHeight, document.documentElement.scrollWidth, innerWidth]"),
        )
        if not script and width == 360:  # the estimate is not a blank half-screen either
            assert frame.evaluate(f"innerHeight - {HEIGHT}") < 120, (kind, frame.evaluate(f"[innerHeight, {HEIGHT}]"))
    assert kinds == set(embed.KINDS)
    assert tab.locator(".cchc-nhung-loi").count() == 0  # no refusal note where embedding is allowed
    assert tab.errors == [] and tab.outside == []


def test_links_open_outside_the_frame(tab, section, portal, snippets) -> None:
    _, url = section
    folder, allowed, _ = portal
    (folder / "links.html").write_text(_portal_page(snippets), encoding="utf-8")
    tab.goto(allowed + "links.html")
    _show_all(tab, len(snippets))
    for frame in _frames(tab, url):
        targets = frame.evaluate("[...document.querySelectorAll('a[href], form')].map(n => n.target)")
        assert targets and all(target in ("_blank", "_top") for target in targets), (frame.url, targets)
    news = tab.frame_locator("#s0 iframe").locator(".cchc-w__list a").first
    with tab.context.expect_page() as opened:
        news.click()
    assert opened.value.url.startswith(url + "tin-tuc/")
    assert tab.url == allowed + "links.html"  # the portal's page stays
    assert tab.errors == [] and tab.outside == []


def test_oembed_is_found_from_a_procedures_own_address(tab, section, portal) -> None:
    out, url = section
    code = next(
        w.values["code"] for kind, w in embed.examples(validate(out.parent / "content")[0], date.today()) if kind == "thu_tuc" and w is not None
    )
    page = tab.request.get(f"{url}thu-tuc/{code}/").text()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert link, "no oEmbed discovery link on the procedure's page"
    href = html.unescape(link.group(1))
    assert href == f"{url}nhung/thu-tuc/{code}/oembed.json"  # absolute
    response = tab.request.get(href)
    assert response.status == 200 and response.headers["access-control-allow-origin"] == "*"
    data = response.json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert f'<iframe src="{url}nhung/thu-tuc/{code}/"' in data["html"]
    # The HTML the CMS gets, pasted into the portal: the procedure's card.
    folder, allowed, _ = portal
    (folder / "oembed.html").write_text(_portal_page([data["html"]]), encoding="utf-8")
    tab.goto(allowed + "oembed.html")
    name = validate(out.parent / "content")[0].thu_tuc[code].ten
    assert tab.frame_locator("#s0 iframe").locator("h1").inner_text() == name
    # Every embeddable kind's page names its widget; in the browser, Material fetches nothing beside it.
    for path in (
        "hoi-dap/dang-ky-khai-sinh-mat-le-phi/",
        "ke-hoach/2026-xa-thach-ha-mau/",
        "tin-tuc/2024-02-02-day-manh-truyen-thong-kiem-soat-tthc/",
    ):
        found = re.search(r'type="application/json\+oembed" href="([^"]+)"', tab.request.get(url + path).text())
        assert found and found.group(1).startswith(url + "nhung/") and tab.request.get(html.unescape(found.group(1))).status == 200, path
    failed: list[str] = []
    tab.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    tab.goto(f"{url}thu-tuc/{code}/")
    tab.wait_for_load_state("networkidle")
    assert failed == [] and tab.errors == [] and tab.outside == []


def test_a_portal_not_allowed_gets_a_note_not_a_blank(tab, section, portal, snippets) -> None:
    _, url = section
    folder, _, refused = portal
    (folder / "refused.html").write_text(_portal_page(snippets), encoding="utf-8")
    tab.goto(refused + "refused.html")
    notes = tab.locator(".cchc-nhung-loi")
    for index in range(len(snippets)):
        tab.locator(f"#s{index}").scroll_into_view_if_needed()
        note = tab.locator(f"#s{index} .cchc-nhung-loi")
        note.wait_for()
        text = note.inner_text()
        assert "Chưa hiển thị được tiện ích" in text and refused.rstrip("/") in text and "đề nghị bộ phận biên tập chuyên trang" in text
        assert note.locator("a").get_attribute("target") == "_blank" and note.locator("a").get_attribute("href").startswith(url + "nhung/")
        assert not tab.locator(f"#s{index} iframe").is_visible()
    assert notes.count() == len(snippets)
    # The refusal is the browser's (frame-ancestors): the widget never ran in the frame.
    assert all(frame.url.startswith("chrome-error:") or frame.url == "about:blank" for frame in tab.frames[1:]), [f.url for f in tab.frames]
    assert tab.outside == []


def test_embed_page_speaks_to_the_webmaster(section, portal) -> None:
    out, url = section
    page = (out / "nhung" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.split("<article", 1)[1]))
    text = " ".join(text.split())
    assert "đề nghị bộ phận biên tập chuyên trang thêm địa chỉ cổng của bạn" in text
    assert portal[1].rstrip("/") in text and "https://thachha.hatinh.gov.vn" in text  # who may embed now
    assert "nguon_nhung" not in text and "site.yml" not in text  # no editor's jargon
    assert "Khi Cổng chưa được phép nhúng" in text and "Khi trình soạn thảo của Cổng xóa thẻ <script>" in text
    strong, body, link = embed.note("Tin mới", "http://www.localhost")
    assert strong.strip() in text and "đề nghị bộ phận biên tập chuyên trang thêm địa chỉ" in body


def test_examples_have_content_or_say_there_is_none(site: Path) -> None:
    """A site whose plans have no task appendix, no news: /nhung/ says so instead of an empty widget."""
    from cchc.pages import render

    content, errors = validate(site)
    assert errors == []
    examples = dict(embed.examples(content, date(2026, 12, 5)))
    for kind, widget in examples.items():
        if kind == "ke_hoach" and widget:
            assert widget.values["progress"]["total"] > 0
        if kind == "thu_tuc" and widget:
            assert any(group.giay_to for group in widget.values["p"].ho_so)
    for plan in site.glob("plans/*.yml"):
        text = plan.read_text(encoding="utf-8")
        plan.write_text(text.split("\nphu_luc:")[0] + "\n", encoding="utf-8")
    for post in site.glob("news/*.md"):
        post.unlink()
    content, errors = validate(site)
    assert errors == []
    examples = dict(embed.examples(content, date(2026, 12, 5)))
    assert examples["ke_hoach"] is None and examples["tin_moi"] is None
    page = render.render(content, date(2026, 12, 5))["nhung/index.md"]
    assert embed.NO_EXAMPLE["ke_hoach"] in page and embed.NO_EXAMPLE["tin_moi"] in page


def test_fallback_height_grows_with_the_content() -> None:
    short = '<body><h1 class="cchc-w__title">Ngắn</h1><p class="cchc-w__source">Nguồn</p></body>'
    long = '<body><h1 class="cchc-w__title">' + "Đăng ký khai sinh có yếu tố nước ngoài " * 6 + '</h1><p class="cchc-w__source">Nguồn</p></body>'
    assert embed.fallback_height(long) > embed.fallback_height(short) + 5 * 20
    assert embed.fallback_height(long, width=1200) < embed.fallback_height(long)


def test_copy_button_copies_the_snippet_as_shown(browser, section, snippets) -> None:
    _, url = section
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.split("/cchc/")[0])
    tab = context.new_page()
    tab.goto(url + "nhung/")
    button = tab.locator(".cchc-embed[data-kind=thu_tuc] [data-cchc-copy]")
    button.click()
    expect(button).to_have_text("Đã sao chép")
    assert tab.evaluate("navigator.clipboard.readText()") == snippets[2]
    context.close()
