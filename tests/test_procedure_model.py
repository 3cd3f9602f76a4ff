"""Procedure records as national records are (issue 20): what they leave out is held as
"not stated", warned, and shown as such; pages, open data, widgets, search and feeds
never print a default (free, online, the site's own office) the record does not give."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from cchc import cli
from cchc.models.thu_tuc import GiayTo
from cchc.outputs import feeds, opendata
from cchc.pages import render, structured
from cchc.records.validate import validate
from cchc.site import search
from cchc.tools import fix
from conftest import FIXTURES, found, overlay

TODAY = date(2026, 12, 10)
SECRET = "NOI-BO-KHONG-CONG-KHAI"


@pytest.fixture
def procedures(site: Path) -> Path:
    overlay(FIXTURES / "procedures", site)
    return site


@pytest.fixture
def loaded(procedures: Path):
    content, errors = validate(procedures)
    assert errors == []
    return content


@pytest.fixture
def pages(loaded) -> dict[str, str]:
    return render.render(loaded, TODAY, "https://example.gov.vn/cchc/")


def _json_ld(page: str) -> dict:
    return json.loads(found(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))


def test_every_row_of_the_table_validates_with_warnings_not_errors(procedures: Path, capsys: pytest.CaptureFixture) -> None:
    status = cli.main(["validate", "--content", "content"])
    err = capsys.readouterr().err
    assert status == 0
    warnings = [line for line in err.splitlines() if ": cảnh báo: " in line]
    assert all(re.match(r"^content/tthc/[\d.]+\.yml:\d+: [^:]+: cảnh báo: ", line) for line in warnings)
    lines = "\n".join(warnings)
    for field in ("Cơ quan thực hiện", "Thành phần hồ sơ", "Kết quả thực hiện", "Căn cứ pháp lý", "Trình tự thực hiện", "Đối tượng thực hiện"):
        assert "content/tthc/9.000003.yml:" in lines and f": {field}: cảnh báo: chưa nêu" in lines, field
    assert "cấp huyện không còn từ 01/07/2025" in lines
    assert re.search(r"9\.000002\.yml:\d+: Thời hạn giải quyết › Số: cảnh báo: thời hạn “1” không ghi đơn vị", lines)
    assert re.search(r"9\.000001\.yml:38: Căn cứ pháp lý › Trích dẫn: cảnh báo: chữ “Ð”", lines)
    assert "TCVN3" not in err


def test_unknown_fee_says_so_and_links_the_national_record(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/9.000001.md"]
    rows = re.findall(r"<tr>\n<th scope=\"row\">(.*?)</th>\n<td[^>]*>.*?</td>\n<td[^>]*>(.*?)</td>", page, re.S)
    fees = [fee for _, fee in rows]
    assert fees[0] == "Phí, lệ phí: Theo quy định tại Nghị quyết của Hội đồng nhân dân tỉnh"  # kind and amount unknown
    assert fees[1] == "Lệ phí: 0 đồng"  # 0 as stated
    assert fees[2].startswith(
        'Chưa có thông tin về phí, lệ phí. Xem <a href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/0190aaaa-bbbb-7ccc-8ddd-eeeeffff0001"'
    )
    assert "hoặc hỏi Ủy ban nhân dân cấp xã (Trung tâm Phục vụ hành chính công cấp xã)" in fees[2]
    assert fees[3] == "Miễn phí"  # only where the record says so
    assert "không thu" not in page
    # Neither the JSON-LD nor the CSV turns the unknown fee into a price.
    offers = _json_ld(page)["offers"]
    assert {"@type": "Offer", "name": "Lệ phí", "price": 0, "priceCurrency": "VND"} in offers
    assert all("price" not in offer for offer in offers if offer.get("description", "").startswith("Theo quy định"))


def test_no_fee_stated_is_never_free_anywhere(procedures: Path) -> None:
    (procedures / "tthc" / "9.000004.yml").unlink()
    content, errors = validate(procedures)
    assert errors == []
    page = render.render(content, TODAY)["thu-tuc/9.000002.md"]  # no channel states a fee
    assert "Miễn phí" not in page and page.count("Chưa có thông tin về phí, lệ phí") == 4 + 1  # each channel, and once in the summary
    assert "offers" not in _json_ld(page)
    row = next(r for r in csv.DictReader(io.StringIO(opendata.procedures_csv(content, None).decode("utf-8-sig"))) if r["Mã thủ tục"] == "9.000002")
    assert row["Phí, lệ phí"] == "Chưa có thông tin"
    from cchc.outputs import embed

    widget = next(w for w in embed.widgets(content) if w.url == "nhung/thu-tuc/9.000002/")
    html = embed._environment().get_template("widget.html").render(widget=widget, info=content.site, link=lambda t: t, today=TODAY, **widget.values)
    assert "chưa có thông tin về phí, lệ phí" in html and "không mất phí" not in html and "miễn phí" not in html


def test_foreign_fee_in_its_currency_and_unpriced_in_json_ld(loaded, pages: dict[str, str]) -> None:
    page = pages["thu-tuc/9.000004.md"]
    assert "Lệ phí: 10 USD (/bản)" in page and "Lệ phí: 2,50 EUR" in page
    assert "10 đồng" not in page
    offers = _json_ld(page)["offers"]
    assert all("price" not in offer and "priceCurrency" not in offer for offer in offers)
    assert {offer["description"] for offer in offers} == {"10 USD; /bản", "2.5 EUR"}
    row = next(r for r in csv.DictReader(io.StringIO(opendata.procedures_csv(loaded, None).decode("utf-8-sig"))) if r["Mã thủ tục"] == "9.000004")
    assert row["Phí, lệ phí"] == "Lệ phí 10 USD; Lệ phí 2,50 EUR"  # as the page writes it


def test_online_button_only_with_an_online_channel_and_its_link(pages: dict[str, str]) -> None:
    # 9.000003 has an online channel but no link; 9.000002 states no online level.
    assert "Nộp hồ sơ trực tuyến" not in pages["thu-tuc/9.000003.md"]
    assert "serviceUrl" not in json.dumps(_json_ld(pages["thu-tuc/9.000003.md"]))
    ministry = pages["thu-tuc/9.000004.md"]
    assert (
        '<a class="md-button md-button--primary" href="https://dichvucong.mofa.gov.vn/hop-phap-hoa" rel="noopener">Nộp hồ sơ trực tuyến</a>'
        in ministry
    )
    # The online level is shown only where stated.
    meta = found(r'<p class="cchc-meta">Mã thủ tục.*?</p>', ministry).group(0)
    assert meta.endswith("Cấp Bộ</p>") and "cchc-badge" not in meta
    assert "Toàn trình" in pages["thu-tuc/1.001193.md"]


def test_ministry_procedure_never_sends_citizens_to_the_sites_office(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/9.000004.md"]
    where = page[page.index("## Nơi nộp hồ sơ") : page.index("## Kết quả")]
    assert "Cơ quan thực hiện: Cục Lãnh sự - Bộ Ngoại giao" in where
    for office in ("Ủy ban nhân dân xã Thạch Hà", "Xã Thạch Hà, tỉnh Hà Tĩnh", "0239 3845 000", "Một cửa"):
        assert office not in where


def test_unknown_agency_says_so_and_links_the_national_record(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/9.000003.md"]
    national = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=9.000003"
    assert f'Chưa có thông tin về cơ quan thực hiện. Xem <a href="{national}"' in page
    where = page[page.index("## Nơi nộp hồ sơ") : page.index("## Kết quả")]
    assert "Chưa có thông tin về địa chỉ tiếp nhận hồ sơ" in where and national in where
    assert "Thạch Hà" not in where
    for part in ("thành phần hồ sơ", "trình tự thực hiện", "kết quả thực hiện", "căn cứ pháp lý", "đối tượng thực hiện"):
        assert f"Chưa có thông tin về {part}" in page
    data = _json_ld(page)
    assert "provider" not in data and "audience" not in data
    assert "Cấp Huyện" in page


def test_time_limits_as_the_source_gives_them(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/9.000002.md"]
    for shown in (">1 (nguồn không ghi đơn vị)</td>", ">2 tuần</td>", ">1 năm</td>", ">30 phút</td>"):
        assert shown in page
    durations = [channel.get("processingTime") for channel in _json_ld(page)["availableChannel"]]
    assert durations == [None, "P2W", "P1Y", "PT30M"]
    assert '<td data-label="Thời hạn">Trong ngày</td>' in pages["thu-tuc/9.000003.md"]


def test_several_forms_and_only_the_counts_stated(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/9.000004.md"]
    assert page.count('class="cchc-form"') == 2
    assert "Tải mẫu: Mẫu LS/HPH-2012/TK (bản tiếng Anh)" in page
    assert '<span class="cchc-qty">1 bản chính</span>' in page and "bản sao" not in page
    assert "bản chính" not in pages["thu-tuc/9.000002.md"]  # no count stated


def test_a_single_form_mapping_is_still_a_list_of_one() -> None:
    paper = GiayTo.model_validate({"ten": "Tờ khai", "mau": {"ten": "Mẫu", "tep": "files/to-khai.docx"}})
    assert [form.tep for form in paper.mau] == ["files/to-khai.docx"]
    assert GiayTo.model_validate({"ten": "Tờ khai"}).ban_chinh is None


def test_related_procedures_by_name(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/9.000003.md"]
    related = page[page.index("## Thủ tục liên quan") :]
    assert '<li class="cchc-proc">Đăng ký biến động đất đai</li>' in related
    assert 'Cấp đổi Giấy chứng nhận <span class="cchc-meta"><span class="cchc-code">9.999998</span>' in related
    assert "Đăng ký lại khai sinh" in pages["thu-tuc/1.001193.md"]


def test_every_procedure_page_states_its_source_and_update(pages: dict[str, str], loaded) -> None:
    for code in loaded.thu_tuc:
        page = pages[f"thu-tuc/{code}.md"]
        assert '<p class="cchc-source">Nguồn dữ liệu: ' in page and '<p class="cchc-updated">Cập nhật ngày ' in page
        assert "Bản ghi thủ tục trên Cổng Dịch vụ công quốc gia</a>" in page
    assert (
        'Nguồn dữ liệu: Cổng Dịch vụ công quốc gia, lấy ngày 04/12/2026 · <a href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/0190aaaa'
        in pages["thu-tuc/9.000001.md"]
    )
    assert _json_ld(pages["thu-tuc/9.000001.md"])["isBasedOn"].startswith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")


def test_eth_is_read_as_d_and_fix_does_not_corrupt_it(pages: dict[str, str], procedures: Path) -> None:
    page = pages["thu-tuc/9.000001.md"]
    assert "63/2010/NĐ-CP" in page and "\u00d0" not in page
    found = fix.find(procedures / "tthc" / "9.000001.yml")
    assert len(found) == 1 and "63/2010/NĐ-CP" in found[0].after and "Né" not in found[0].after
    assert fix.clean("phÐp") == "phép"  # Ð inside TCVN3 text is still TCVN3's é


def test_internal_note_is_never_published(loaded, pages: dict[str, str], tmp_path: Path) -> None:
    published = list(pages.values())
    published += [data.decode("utf-8-sig") for data in opendata.files(loaded, "https://example.gov.vn/cchc/", TODAY).values()]
    published += [search.search_page(entry, []) for entry in search.records(loaded)]
    published.append(feeds.changes_feed(loaded, "https://example.gov.vn/cchc/"))
    from cchc.outputs import embed

    out = tmp_path / "out"
    embed.write(loaded, out, None, TODAY)
    published += [path.read_text(encoding="utf-8") for path in out.rglob("*") if path.is_file()]
    assert loaded.thu_tuc["9.000001"].ghi_chu_noi_bo.startswith(SECRET)
    assert not [text for text in published if SECRET in text]
    data = opendata.files(loaded, None, TODAY)
    assert b"ghi_chu_noi_bo" not in data["thu-tuc.json"] and b"ghi_chu_noi_bo" not in data["thu-tuc.schema.json"]


def test_search_snippet_names_the_online_level_only_when_stated(loaded) -> None:
    summaries = {entry.url: entry.summary for entry in search.records(loaded)}
    assert summaries["thu-tuc/9.000003/"] == "9.000003 · Đất đai · Cấp Huyện"
    assert summaries["thu-tuc/1.001193/"].endswith("· Toàn trình")


def test_json_ld_free_only_when_stated(loaded) -> None:
    data = structured.procedure("9.000003", loaded.thu_tuc["9.000003"], loaded.site, None, None)
    assert "offers" not in data
