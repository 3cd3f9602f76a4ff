"""Vietnamese search (Pagefind, folded index) in real Chromium, on the sample site."""

from __future__ import annotations

import urllib.parse

import pytest

from cchc.base.text import fold
from cchc.site import search
from conftest import REPO


def results(page, site_url: str, query: str, **filters: str) -> list[tuple[str, str]]:
    """(url, title) of the results /tim-kiem/ shows for a query."""
    params = urllib.parse.urlencode({"q": query, **filters})
    page.goto(f"{site_url}tim-kiem/?{params}")
    page.wait_for_function("/^(Tìm thấy|Không)/.test(document.querySelector('.cchc-search-page-meta').textContent)")
    return page.locator(".cchc-search-page-list a").evaluate_all(
        "links => links.map(a => [new URL(a.href).pathname, a.querySelector('h2').textContent])"
    )


def test_folded_text_keeps_codes_and_adds_synonyms() -> None:
    text = search.folded_text(
        ["Đăng ký khai sinh", *search.code_words("1.001193"), "Giấy chứng nhận."], [["sổ đỏ", "giấy chứng nhận"], ["CCCD", "căn cước công dân"]]
    )
    assert text.split()[:6] == ["dang", "ky", "khai", "sinh", "1.001193", "1001193"]
    assert "so do giay chung nhan" in text and "cccd" not in text
    # A number loses its leading zeros, as the query does in the browser: "cmnd 9 so" finds "CMND 09 số";
    # a code's zeros after its dot stay.
    assert search.fold_words("Xác nhận số CMND 09 số, mã 2.000986, 0 đồng") == "xac nhan so cmnd 9 so ma 2.000986 0 dong"


def test_a_group_is_marked_for_whole_words_in_a_row_nested_or_overlapping() -> None:
    groups = [["giấy phép lái xe", "GPLX", "bằng lái"], ["giấy phép", "GP"], ["lái xe an toàn"], ["CCCD"]]
    marks = search.title_marks("Đổi giấy phép lái xe an toàn; CCCDX, giấy lái xe", groups)
    # Groups 0, 1 (inside group 0's wording) and 2 (overlapping it), in the file's order;
    # "CCCDX" is no "CCCD" and "giấy lái xe" no "giấy phép lái xe".
    assert marks == [search.group_mark(0), search.group_mark(1), search.group_mark(2)]
    assert search.title_marks("Đổi GPLX", groups) == [search.group_mark(0)]
    assert search.title_marks("", groups) == []


def test_every_sample_procedure_is_found_by_its_toneless_name(page, site_url: str) -> None:
    from cchc.records.validate import validate

    content, _ = validate(REPO / "content")
    missed = []
    for code, procedure in sorted(content.thu_tuc.items()):
        top = [url for url, _ in results(page, site_url, fold(procedure.ten))[:3]]
        if not any(url.endswith(f"/thu-tuc/{code}/") for url in top):
            missed.append((code, procedure.ten, top))
    assert missed == []


def test_exact_tones_rank_first(page, site_url: str) -> None:
    found = results(page, site_url, "đính chính")
    assert found[0][0].endswith("/thu-tuc/1.012796/")  # "Đính chính Giấy chứng nhận…"
    found = results(page, site_url, "định")
    assert "định" in found[0][1].lower() and not found[0][1].startswith("Đính")
    found = results(page, site_url, "sổ")
    assert all("sổ" in title.lower() for _, title in found[:4])  # before "chuyển đổi số", "hồ sơ"


def test_typed_without_tone_marks_and_without_d_stroke(page, site_url: str) -> None:
    toned = results(page, site_url, "đăng ký kết hôn")
    toneless = results(page, site_url, "dang ky ket hon")
    assert toneless and {url for url, _ in toneless} == {url for url, _ in toned}
    assert toneless[0][0].endswith("/thu-tuc/1.000894/")


def test_procedure_code_finds_its_procedure(page, site_url: str) -> None:
    assert results(page, site_url, "1.001193")[0] == ["/thu-tuc/1.001193/", "Đăng ký khai sinh"]
    assert results(page, site_url, "2.000815")[0][0] == "/thu-tuc/2.000815/"


def test_synonyms_from_the_editors_file(page, site_url: str) -> None:
    # 1.012786 never says "sổ đỏ"; its title says "Giấy chứng nhận", grouped with it.
    assert "sổ đỏ" not in (REPO / "content" / "tthc" / "1.012786.yml").read_text(encoding="utf-8")
    assert "/thu-tuc/1.012786/" in [url for url, _ in results(page, site_url, "so do")]
    cccd = [title for _, title in results(page, site_url, "căn cước công dân")]
    assert any("CCCD" in title and "căn cước" not in title for title in cccd[:3])


def test_results_show_their_kind_and_narrow_by_filters(page, site_url: str) -> None:
    page_results = results(page, site_url, "khai sinh")
    kinds = set(page.locator(".cchc-search-page-list .cchc-result__kind").evaluate_all("nodes => nodes.map(n => n.textContent)"))
    assert {"Thủ tục", "Hỏi đáp", "Tin tức"} <= kinds and page_results
    only_faq = results(page, site_url, "khai sinh", loai="Hỏi đáp")
    assert only_faq and all(url.startswith("/hoi-dap/") for url, _ in only_faq)
    land = results(page, site_url, "giay chung nhan", **{"linh-vuc": "Đất đai", "cap": "Cấp Xã"})
    assert land and all(url.startswith("/thu-tuc/1.01") for url, _ in land)
    assert page.locator("select[name=cap]").input_value() == "Cấp Xã"


def test_deep_link_from_the_main_portal(page, site_url: str) -> None:
    page.goto(site_url + "tim-kiem/?q=" + urllib.parse.quote("cap ban sao trich luc"))
    page.wait_for_selector(".cchc-search-page-list a")
    assert page.locator(".cchc-search-page input[name=q]").input_value() == "cap ban sao trich luc"
    assert page.locator(".cchc-search-page-list a").first.get_attribute("href").endswith("thu-tuc/2.000635/")


def test_header_box_keyboard_only(page, site_url: str) -> None:
    page.goto(site_url + "van-ban/")
    page.keyboard.press("/")
    page.keyboard.type("dang ky khai tu")
    page.wait_for_selector(".cchc-search-list a")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/1.000656/")
    page.keyboard.press("/")
    page.keyboard.type("khai sinh")
    page.keyboard.press("Enter")  # the whole list, on the search page
    page.wait_for_url("**/tim-kiem/?q=khai+sinh")


def test_no_search_download_before_the_citizen_types(page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "thu-tuc/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    page.click("form[name=cchc-search] input")
    page.keyboard.type("ket hon")
    page.wait_for_selector(".cchc-search-list a")
    assert [url for url in requested if "/pagefind/" in url]


def test_search_is_usable_on_a_phone(page, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url)
    page.click("label.md-header__button[for=__search]")
    page.keyboard.type("chung thuc")
    page.wait_for_selector(".cchc-search-list a")
    box = page.locator(".md-search__inner").bounding_box()
    assert box["width"] <= 360 and page.locator(".cchc-search-list a").first.is_visible()


def test_open_header_search_passes_axe(page, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from browser import WCAG_21_AA

    page.goto(site_url + "hoi-dap/")
    page.click("form[name=cchc-search] input")
    page.keyboard.type("ket hon")
    page.wait_for_selector(".cchc-search-list a")
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations] == []


def test_every_result_is_reachable_with_more(page, site_url: str) -> None:
    first = results(page, site_url, "dang ky")
    meta = page.locator(".cchc-search-page-meta").text_content()
    total = int(meta.split()[2])
    assert len(first) == 20 < total
    button = page.locator(".cchc-search-page-more")
    while button.is_visible():
        button.click()
        page.wait_for_function("n => document.querySelectorAll('.cchc-search-page-list a').length > n", arg=len(first))
        first = page.locator(".cchc-search-page-list a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert len(first) == total == len(set(first))


def test_query_and_filters_live_in_the_url(page, site_url: str) -> None:
    results(page, site_url, "khai sinh")
    page.select_option("select[name=loai]", "Thủ tục")
    page.wait_for_function("location.search.includes('loai=')")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query == {"q": ["khai sinh"], "loai": ["Thủ tục"]}
    page.reload()
    page.wait_for_selector(".cchc-search-page-list a")
    assert page.locator("select[name=loai]").input_value() == "Thủ tục"
    kinds = page.locator(".cchc-search-page-list .cchc-result__kind").evaluate_all("nodes => nodes.map(n => n.textContent)")
    assert kinds and set(kinds) == {"Thủ tục"}


def test_nothing_found_suggests_and_links_the_national_portal(page, site_url: str) -> None:
    assert results(page, site_url, "xyzzy <qwerty>") == []
    empty = page.locator(".cchc-search-empty")
    assert empty.is_visible() and "Gợi ý" in empty.text_content()
    # The portal's procedure catalogue, with the query to type there, shown as text (never as markup).
    link = empty.get_by_role("link", name="danh mục thủ tục hành chính của Cổng Dịch vụ công quốc gia")
    assert link.get_attribute("href") == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh"
    assert "tra cứu “xyzzy <qwerty>” trong" in empty.text_content()
    assert empty.locator("qwerty").count() == 0


def test_citizens_words_find_the_procedure(page, site_url: str) -> None:
    # Fillers ("làm", "cho con", "ở đâu") no longer leave only FAQ entries; a Telex slip and a typo are mended.
    for query, code in (("lam giay khai sinh cho con o dau", "1.001193"), ("ddawng kys ket hoon", "1.000894"), ("dang ky khia tu", "1.000656")):
        top = [url for url, _ in results(page, site_url, query)[:3]]
        assert f"/thu-tuc/{code}/" in top, (query, top)


def test_texting_shorthand_is_read_as_fillers(page, site_url: str) -> None:
    # "ntn" (như thế nào), "ko" (không), "mất phí" (a question about the fee): without them read as fillers,
    # "mat" was read as "bị mất" and the FAQ entry on a death in the family came first.
    assert results(page, site_url, "khai tu ntn ko mat phi")[0][0] == "/thu-tuc/1.000656/"


def test_vocabulary_and_details_in_the_index() -> None:
    entry = search.SearchRecord(
        url="thu-tuc/1.001193/",
        title="Đăng ký khai sinh",
        kind="Thủ tục",
        summary="",
        words=["1.001193"],
        details=["Tờ khai đăng ký khai sinh"],
        status="Đã bãi bỏ",
    )
    words = search.vocabulary([entry], [["khai sinh", "giấy khai sinh"]])
    assert words["khai"] == 1 and words["to"] == 1 and words["giay"] == 1 and "1.001193" not in words
    page = search.search_page(entry, [])
    # Documents are searched below the name; a procedure no longer in force carries its status for the ranking and the mark.
    assert '<p data-pagefind-weight="0.3">to khai dang ky khai sinh</p>' in page
    assert 'data-pagefind-meta="status:Đã bãi bỏ"' in page


def test_synonym_groups_are_one_word_in_the_index_and_shipped_to_the_browser() -> None:
    groups = [["sổ đỏ", "giấy chứng nhận"], ["CCCD", "căn cước công dân"]]
    text = search.folded_text(["Cấp lại Giấy chứng nhận"], groups)
    assert search.group_mark(0) in text.split() and search.group_mark(1) not in text.split()
    entries = [search.SearchRecord(url="thu-tuc/1/", title="Cấp lại Giấy chứng nhận", kind="Thủ tục", summary="", words=[])]
    counts = search.vocabulary(entries, groups)
    shipped = search.group_file(entries, groups, counts)
    # Only groups some page uses are shipped, folded, with their mark and page count.
    assert shipped == {"trang": 1, "nhom": [{"dau": search.group_mark(0), "tu": ["so do", "giay chung nhan"], "trang": 1}], "viet_lai": []}
    # A mark is no prefix of another: Pagefind matches prefixes, so "zdn1" alone would also find group 12's pages.
    assert not search.group_mark(12).startswith(search.group_mark(1))


def test_one_way_rewrites_ship_folded_and_add_nothing_to_the_index() -> None:
    entries = [search.SearchRecord(url="thu-tuc/1/", title="Cấp lại Giấy chứng nhận do bị mất", kind="Thủ tục", summary="", words=[])]
    shipped = search.group_file(entries, [], search.vocabulary(entries, []), [(["Bị mất", "mất thẻ"], ["cấp lại"])])
    assert shipped["viet_lai"] == [{"go": ["bi mat", "mat the"], "tim": ["cap lai"]}]
    # One way: the index text is the page's own (no wording of the rewrite is added to it).
    assert search.folded_text(["Trình báo mất thẻ"], []) == "trinh bao mat the"


def test_a_citizens_wording_finds_the_official_one(page, site_url: str) -> None:
    # content/tu-dong-nghia.yml `viet_lai`: "từ trần" is searched as typed or as "khai tử"; no page of
    # the sample content says "từ trần" (without the rewrite, land disputes come first: "tranh" begins with "tran").
    assert not [
        path for path in (REPO / "content").rglob("*.yml") if "từ trần" in path.read_text(encoding="utf-8") and path.name != "tu-dong-nghia.yml"
    ]
    assert results(page, site_url, "tu tran")[0][0] == "/thu-tuc/1.000656/"


def test_one_letter_wrong_added_or_missing_still_finds_the_procedure(page, site_url: str) -> None:
    # In words of five letters or more ("chung", "tranh"): a letter wrong, added or missing.
    for query, code in (("chyng thuc di chuc", "2.001019"), ("chungg thuc di chuc", "2.001019"), ("hoa giai tanh chap dat dai", "1.012812")):
        top = [url for url, _ in results(page, site_url, query)[:10]]
        assert any(url.endswith(f"/thu-tuc/{code}/") for url in top), (query, top)


def reindexed(built_site, content, site):
    """A copy of the built sample site at `site` whose search index is written from `content`."""
    import shutil

    shutil.copytree(built_site, site)
    shutil.rmtree(site / search.OUTPUT)
    search.write_index(content, site)
    return site


@pytest.mark.parametrize("levels, first", [(["cap_bo"], "(cấp Bộ)"), (["cap_tinh"], "(cấp Tỉnh)")])
def test_own_level_ranks_above_the_same_procedure_elsewhere(browser, built_site, tmp_path, levels, first) -> None:
    """site.yml cap_cua_co_quan: the same procedure at the agency's own level comes first."""
    from browser import serve
    from cchc.records.validate import validate

    content, _ = validate(REPO / "content")
    content.singles["site"] = content.site.model_copy(update={"cap_cua_co_quan": levels})
    site = reindexed(built_site, content, tmp_path / "site")
    tab = browser.new_page()
    try:
        with serve(site) as url:
            titles = [title for _, title in results(tab, url, "cap giay phep moi truong")]
    finally:
        tab.close()
    permits = [title for title in titles if title.startswith("Cấp giấy phép môi trường")]
    assert len(permits) == 2 and permits[0].endswith(first), titles


@pytest.fixture(scope="module")
def variants(browser, built_site, tmp_path_factory):
    """The sample site with two special cases beside the general procedure they copy, as the national
    catalogue has them: a death with a foreign element, a translator's signature."""
    from browser import serve
    from cchc.records.validate import validate

    content, _ = validate(REPO / "content")
    content.thu_tuc["9.000656"] = content.thu_tuc["1.000656"].model_copy(update={"ten": "Đăng ký khai tử có yếu tố nước ngoài"})
    content.thu_tuc["2.000884"] = content.thu_tuc["2.000884"].model_copy(update={"ten": "Chứng thực chữ ký trong các giấy tờ, văn bản"})
    content.thu_tuc["9.000884"] = content.thu_tuc["2.000884"].model_copy(update={"ten": "Chứng thực chữ ký người dịch"})
    site = reindexed(built_site, content, tmp_path_factory.mktemp("variants") / "site")
    tab = browser.new_page()
    try:
        with serve(site) as url:
            yield lambda query: [path for path, _ in results(tab, url, query)]
    finally:
        tab.close()


def test_a_named_country_finds_the_case_with_a_foreign_element(variants) -> None:
    # content/tu-dong-nghia.yml: "người Hàn" is searched as typed or as "nước ngoài".
    assert variants("chong nguoi han mat o viet nam lam khai tu")[0] == "/thu-tuc/9.000656/"
    assert variants("lam khai tu")[0] == "/thu-tuc/1.000656/"


def test_when_something_happened_is_a_filler(variants) -> None:
    # "năm ngoái" (last year): its "ngoai" would otherwise find "nước ngoài".
    assert variants("dang ky khai tu cho bo nam ngoai")[0] == "/thu-tuc/1.000656/"


def test_the_general_case_before_the_special_one(variants) -> None:
    # "chứng thực chữ ký | trong các giấy tờ": the query's words end a phrase; "chữ ký người dịch" only begins one.
    found = variants("chung thuc chu ky")
    assert found.index("/thu-tuc/2.000884/") < found.index("/thu-tuc/9.000884/"), found[:3]
