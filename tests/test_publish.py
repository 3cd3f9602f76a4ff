"""What the build publishes besides pages: open data with its schemas, Atom
feeds (parsed with feedparser), sitemap and robots.txt, schema.org JSON-LD
and Open Graph tags."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import feedparser
import jsonschema
import pytest
from playwright.sync_api import Route

from cchc.models import thu_tuc
from cchc.outputs import feeds, opendata
from cchc.pages import render, structured
from cchc.records.validate import validate
from conftest import REPO, found

SITE_URL = "https://thachha.hatinh.gov.vn/cchc/"  # dia_chi_trang of content/site.yml: the default build uses it


@pytest.fixture(scope="module")
def sample():
    return validate(REPO / "content")[0]


@pytest.mark.parametrize("dataset", opendata.datasets(), ids=lambda d: d.name)
def test_each_dataset_matches_the_schema_beside_it(built_site: Path, sample, dataset) -> None:
    data = json.loads((built_site / "du-lieu" / f"{dataset.name}.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "du-lieu" / f"{dataset.name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert sorted(data) == sorted(getattr(sample, dataset.kind))
    broken = {**data, "x": {**next(iter(data.values())), "khong_co": 1}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)  # the schema is strict: it would catch a renamed field


def test_plans_carry_their_tasks(built_site: Path) -> None:
    plans = json.loads((built_site / "du-lieu" / "ke-hoach.json").read_text(encoding="utf-8"))
    tasks = plans["2024-so-tnmt-ha-tinh"]["phu_luc"]["nhiem_vu"]
    assert tasks and {"tt", "noi_dung", "trang_thai"} <= set(tasks[0])


def test_procedures_csv_opens_in_excel_with_vietnamese_intact(built_site: Path, sample) -> None:
    raw = (built_site / "du-lieu" / "thu-tuc.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(sample.thu_tuc)
    row = next(row for row in rows if row["Mã thủ tục"] == "1.001193")
    assert row["Tên thủ tục"] == "Đăng ký khai sinh"
    assert "Hộ tịch" in row["Lĩnh vực"] and row["Trang"] == SITE_URL + "thu-tuc/1.001193/"
    assert list(rows[0]) == list(opendata.CSV_COLUMNS)


def test_data_page_describes_fields_and_licence(built_site: Path) -> None:
    page = (built_site / "du-lieu" / "index.html").read_text(encoding="utf-8")
    for dataset in opendata.datasets():
        assert f'href="{dataset.name}.schema.json"' in page and f'href="{dataset.name}.json"' in page
    assert "<code>thoi_han</code>" not in page  # nested fields are in the schema, not the table
    assert "<code>cach_thuc</code>" in page and "Cách thức thực hiện" in page
    assert "CC BY 4.0" in page and 'href="thu-tuc.csv"' in page
    catalogue = json.loads((built_site / "du-lieu" / "danh-muc.json").read_text(encoding="utf-8"))
    assert catalogue["giay_phep"]["ten"] == opendata.LICENCE


def test_news_feed_parses_newest_first(built_site: Path, sample) -> None:
    feed = feedparser.parse((built_site / "tin-tuc" / "atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title.startswith("Tin tức")
    assert len(feed.entries) == len(sample.tin_tuc)
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    newest_id, newest = max(sample.tin_tuc.items(), key=lambda item: item[1].ngay)
    assert feed.entries[0].title == newest.tieu_de
    assert feed.entries[0].link == f"{SITE_URL}tin-tuc/{newest_id}/"


def test_procedure_changes_feed_names_each_change(site: Path) -> None:
    (site / "tthc" / "1.000894.yml").write_text(
        (site / "tthc" / "1.000894.yml")
        .read_text(encoding="utf-8")
        .replace(
            "trang_thai: {tinh_trang: con_hieu_luc}",
            'trang_thai: {tinh_trang: thay_the, quyet_dinh: 163/QĐ-BTP, ngay_quyet_dinh: 01/07/2026, thay_the_boi: "1.001193"}',
        ),
        encoding="utf-8",
    )
    content, errors = validate(site)
    assert errors == []
    feed = feedparser.parse(feeds.changes_feed(content, "https://example.gov.vn/cchc/").encode("utf-8"))
    assert feed.bozo == 0
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Thay thế: Đăng ký kết hôn (1.000894)"  # dated by its decision, the newest
    assert "thay thế bởi thủ tục 1.001193" in feed.entries[0].summary
    assert titles[1].startswith("Công bố: Đăng ký khai sinh")
    assert [entry.tags[0].term for entry in feed.entries] == ["Thay thế", "Công bố"]


def test_sitemap_and_robots_use_the_site_address(built_site: Path, sample) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{SITE_URL}thu-tuc/1.001193/" in locations and f"{SITE_URL}du-lieu/" in locations
    assert len([url for url in locations if "/thu-tuc/" in url]) == len(sample.thu_tuc) + 1
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots and "Allow: /cchc/" in robots


def _json_ld(page: Path) -> list[dict]:
    text = page.read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


REQUIRED = {
    # No "offers": a procedure whose record states no fee has none (issue 20), never a made-up free one.
    "GovernmentService": {"name", "identifier", "provider", "serviceType", "availableChannel", "url"},
    "FAQPage": {"mainEntity", "url"},
    "NewsArticle": {"headline", "datePublished", "author", "publisher", "url"},
    "Legislation": {"name", "legislationIdentifier", "legislationType", "legislationDate", "legislationPassedBy", "legislationLegalForce", "url"},
    "GovernmentOrganization": {"name", "address", "telephone", "url"},
}


@pytest.mark.parametrize(
    "path, kind",
    [
        ("thu-tuc/1.001193/index.html", "GovernmentService"),
        ("hoi-dap/dang-ky-khai-sinh-mat-le-phi/index.html", "FAQPage"),
        ("tin-tuc/2024-02-02-day-manh-truyen-thong-kiem-soat-tthc/index.html", "NewsArticle"),
        ("van-ban/123-2015-nd-cp/index.html", "Legislation"),
        ("index.html", "GovernmentOrganization"),
    ],
)
def test_json_ld_type_and_required_properties(built_site: Path, path: str, kind: str) -> None:
    blocks = _json_ld(built_site / path)
    assert len(blocks) == 1
    data = blocks[0]
    assert data["@context"] == "https://schema.org" and data["@type"] == kind
    assert REQUIRED[kind] <= set(data), REQUIRED[kind] - set(data)
    assert data["url"] == SITE_URL + path.removesuffix("index.html")


def test_every_record_page_has_its_json_ld(built_site: Path, sample) -> None:
    for folder, records, kind in (
        ("thu-tuc", sample.thu_tuc, "GovernmentService"),
        ("hoi-dap", sample.hoi_dap, "FAQPage"),
        ("tin-tuc", sample.tin_tuc, "NewsArticle"),
        ("van-ban", sample.van_ban, "Legislation"),
    ):
        for record_id in records:
            assert [block["@type"] for block in _json_ld(built_site / folder / record_id / "index.html")] == [kind]


def test_procedure_json_ld_has_channels_time_and_fees(built_site: Path, sample) -> None:
    data = _json_ld(built_site / "thu-tuc" / "1.001193" / "index.html")[0]
    procedure = sample.thu_tuc["1.001193"]
    assert data["provider"] == {"@type": "GovernmentOrganization", "name": procedure.co_quan_thuc_hien}
    channels = {channel["name"]: channel for channel in data["availableChannel"]}
    assert set(channels) == {thu_tuc.KENH[way.kenh] for way in procedure.cach_thuc}
    for way in procedure.cach_thuc:
        channel = channels[thu_tuc.KENH[way.kenh]]
        if way.thoi_han and way.thoi_han.so is not None and way.thoi_han.don_vi:
            assert re.fullmatch(r"P(T)?\d+(\.\d+)?[DHMWY]", channel["processingTime"])
        else:  # a number without its unit ("1") is not turned into a duration
            assert "processingTime" not in channel
    stated = [fee for way in procedure.cach_thuc for fee in way.phi]
    assert bool(data.get("offers")) == bool(stated or any(way.mien_phi for way in procedure.cach_thuc))
    assert all(offer["priceCurrency"] == "VND" and isinstance(offer["price"], int) for offer in data.get("offers", []) if "price" in offer)
    online = channels.get("Trực tuyến")
    if online:  # only the record's own link, never a guessed one
        assert online.get("serviceUrl") == procedure.kenh_truc_tuyen()


def test_json_ld_cannot_be_closed_by_editor_text(sample) -> None:
    procedure = sample.thu_tuc["1.001193"].model_copy(update={"ten": "</script><script>alert(1)</script> & <b>"})
    block = structured.script(structured.procedure("1.001193", procedure, sample.site, None, "https://x"))
    assert block.count("</script>") == 1 and "<b>" not in block and "&" not in block.removeprefix('<script type="application/ld+json">')[:-9]
    assert json.loads(block[len('<script type="application/ld+json">') : -len("</script>")])["name"] == procedure.ten


def test_open_graph_card_on_a_news_page(built_site: Path, sample) -> None:
    post_id = "2024-02-02-day-manh-truyen-thong-kiem-soat-tthc"
    head = (built_site / "tin-tuc" / post_id / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    tags = {name: html.unescape(value) for name, value in re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', head)}
    post = sample.tin_tuc[post_id]
    assert tags["og:type"] == "article" and tags["og:locale"] == "vi_VN"
    assert tags["og:title"] == post.tieu_de and tags["og:description"] == post.tom_tat
    assert tags["og:url"] == f"{SITE_URL}tin-tuc/{post_id}/"
    assert tags["og:image"] == SITE_URL + "assets/chia-se.png" and (built_site / "assets" / "chia-se.png").read_bytes()[:4] == b"\x89PNG"


def test_open_graph_escapes_editor_text_once(site: Path) -> None:
    faq = site / "faq" / "khai-sinh-le-phi.yml"
    faq.write_text(
        re.sub(r"cau_hoi: .*", 'cau_hoi: "Lệ phí <b>khai sinh</b> & \\"trích lục\\"?"', faq.read_text(encoding="utf-8"), count=1), encoding="utf-8"
    )
    from cchc.site import pipeline

    pipeline.build(site, site.parent / "site", "https://example.gov.vn/cchc/", today=date(2026, 11, 21))
    head = (site.parent / "site" / "hoi-dap" / "khai-sinh-le-phi" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    title = found(r'<meta property="og:title" content="([^"]*)"', head).group(1)
    assert html.unescape(title) == 'Lệ phí <b>khai sinh</b> & "trích lục"?'
    assert "<b>" not in title and "&amp;amp;" not in title


def test_rendered_pages_unchanged_without_a_site_address(sample) -> None:
    """No address known: JSON-LD leaves `url` out rather than inventing one."""
    pages = render.render(sample, date(2026, 11, 21), None)
    assert '"url"' not in pages["thu-tuc/1.001193.md"].split("application/ld+json")[1]


@pytest.mark.parametrize("path", ["du-lieu/", "nhung/", "nhung/thu-tuc/1.001193/", "nhung/tim-thu-tuc/", "nhung/ke-hoach/2024-so-tnmt-ha-tinh/"])
def test_data_and_widget_pages_pass_axe(path: str, page, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from browser import WCAG_21_AA

    assert page.goto(site_url + path).status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations] == []


def _preview_shows_whole_widget(page, timeout: float) -> None:
    """The first preview on /nhung/ is as tall as its widget: the frame's height (border included)
    follows what the widget reports until they agree, and the widget's last line, its source,
    shows in full inside the frame, with no scroll bar."""
    page.wait_for_function(
        """() => {
      const frame = document.querySelector("iframe.cchc-embed__preview"), inner = frame.contentDocument;
      return frame.style.height !== "" && inner && inner.readyState === "complete"
        && Math.abs(frame.getBoundingClientRect().height - 2 - Math.ceil(inner.documentElement.getBoundingClientRect().height)) <= 1;
    }""",
        timeout=timeout,
    )
    frame = page.locator("iframe.cchc-embed__preview").first.element_handle().content_frame()
    height, scrolled, bottom = frame.evaluate(
        "[innerHeight, document.documentElement.scrollHeight, document.querySelector('.cchc-w__source').getBoundingClientRect().bottom]"
    )
    assert scrolled <= height + 1 and 0 < bottom <= height, (scrolled, bottom, height)


def test_widget_preview_on_the_embed_page_fits_its_content(page, site_url: str) -> None:
    page.goto(site_url + "nhung/")
    page.locator("iframe.cchc-embed__preview").first.scroll_into_view_if_needed()
    _preview_shows_whole_widget(page, timeout=5000)


def test_widget_preview_fits_even_when_it_reports_before_the_page_listens(page, site_url: str) -> None:
    """The previews' listener is in cchc.js: when the widget loads first, its report is lost
    unless the page asks again (a full test run on a loaded machine hit this). cchc.js is held
    back until the widget has loaded and reported to no one."""
    held: list[Route] = []
    page.route("**/assets/cchc.js", lambda route: held.append(route))
    page.goto(site_url + "nhung/", wait_until="commit")
    page.wait_for_function(
        """() => {
      const frame = document.querySelector("iframe.cchc-embed__preview");
      return frame && frame.contentDocument && frame.contentDocument.readyState === "complete";
    }""",
        polling=100,
        timeout=10000,
    )
    assert len(held) == 1 and page.locator("iframe.cchc-embed__preview").first.get_attribute("style") is None
    widget = page.locator("iframe.cchc-embed__preview").first.element_handle().content_frame()
    widget.evaluate("addEventListener('message', (event) => { if (event.data && event.data.type === 'cchc-nhung-ask') window.asked = true; })")
    held[0].continue_()
    _preview_shows_whole_widget(page, timeout=10000)
    assert widget.evaluate("window.asked === true")  # the page asked again: the fit does not hang on a later report


def test_feeds_keep_editor_markup_as_text(site: Path) -> None:
    payload = "<b>Đăng ký</b> & <script>alert(1)</script> ]]>"
    post = site / "news" / "2026-03-01-niem-yet-tthc.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(re.sub(r"tieu_de: .*", "tieu_de: " + json.dumps(payload, ensure_ascii=False), text, count=1), encoding="utf-8")
    content, errors = validate(site)
    assert errors == []
    feed = feedparser.parse(feeds.news_feed(content, "https://example.gov.vn/cchc/").encode("utf-8"), sanitize_html=False)
    assert feed.bozo == 0
    assert feed.entries[0].title == payload
