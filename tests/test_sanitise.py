"""Editor Markdown cannot put a script on a page, even with the loader's entity check off.

The loader rejects text holding HTML entities ("&#58;" is ":"), which until nh3 was the only
thing that stopped `[x](javascript&#58;alert(1))`. Here that check is switched off, every
variant goes into a question's answer, the site is built, and the page a citizen opens holds
no script, event handler or script address of the editor's, read by an HTML parser and by
Chromium. Legitimate Markdown (links, lists, tables, bold, headings) renders as before.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from cchc.base import text
from cchc.pages import richtext
from cchc.records.validate import validate

REPO = Path(__file__).resolve().parent.parent

# Markdown an editor might type (or paste) to run a script: (name, text).
VARIANTS = [
    ("entity colon", "[x](javascript&#58;alert(1))"),
    ("hex entity colon", "[x](javascript&#x3A;alert(1))"),
    ("named entity colon", "[x](javascript&colon;alert(1))"),
    ("entity first letter", "[x](&#106;avascript:alert(1))"),
    ("hex entities", "[x](&#x6a;&#x61;&#x76;&#x61;script:alert(1))"),
    ("zero-padded entity, no semicolon", "[x](&#0000106avascript&#0000058alert(1))"),
    ("mixed case", "[x](JaVaScRiPt:alert(1))"),
    ("mixed case and entity", "[x](JAVASCRIPT&#58;alert(1))"),
    ("tab entity inside", "[x](java&#9;script:alert(1))"),
    ("hex tab entity inside", "[x](jav&#x09;ascript:alert(1))"),
    ("newline entity inside", "[x](java&#10;script:alert(1))"),
    ("carriage return entity inside", "[x](java&#13;script:alert(1))"),
    ("literal tab inside", "[x](java\tscript:alert(1))"),
    ("newline inside", "[x](java\nscript:alert(1))"),
    ("leading space entity", "[x](&#32;javascript:alert(1))"),
    ("leading control entity", "[x](&#1;javascript:alert(1))"),
    ("leading spaces", "[x](   javascript:alert(1))"),
    ("angle brackets", "[x](<javascript:alert(1)>)"),
    ("with title", '[x](javascript:alert(1) "tiêu đề")'),
    ("reference link", "[x][r]\n\n[r]: javascript:alert(1)"),
    ("reference link, entity", "[x][r]\n\n[r]: javascript&#58;alert(1)"),
    ("autolink", "<javascript:alert(1)>"),
    ("inside bold, in a list", "- **[x](javascript:alert(1))**"),
    ("inside a table", "| a |\n|---|\n| [x](javascript&#58;alert(1)) |"),
    ("image with script address", "![x](javascript:alert(1))"),
    ("data: link", "[x](data:text/html,<script>alert(1)</script>)"),
    ("data: base64 image", "![i](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("data: entity colon", "[x](data&#58;text/html,alert(1))"),
    ("vbscript:", "[x](vbscript:msgbox(1))"),
    ("vbscript: mixed case, entity", "[x](VBScript&#58;msgbox(1))"),
    ("raw script", "<script>alert(1)</script>"),
    ("raw script block", "<script>\nalert(1)\n</script>\n\nVăn bản."),
    ("img onerror", "<img src=x onerror=alert(1)>"),
    ("a href javascript", '<a href="javascript:alert(1)">x</a>'),
    ("a href entity tab", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
    ("svg onload", "<svg onload=alert(1)>"),
    ("svg script", "<svg><script>alert(1)</script></svg>"),
    ("iframe", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("object", '<object data="javascript:alert(1)"></object>'),
    ("embed", '<embed src="javascript:alert(1)">'),
    ("math xlink", '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'),
    ("form action", '<form action="javascript:alert(1)"><button>Gửi</button></form>'),
    ("button formaction", '<button formaction="javascript:alert(1)">x</button>'),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base href", '<base href="javascript:alert(1)//">'),
    ("div onclick", '<div onclick="alert(1)">x</div>'),
    ("style expression", '<p style="width: expression(alert(1))">x</p>'),
    ("style url javascript", '<p style="background:url(javascript:alert(1))">x</p>'),
    ("style element", "<style>body{background:url(javascript:alert(1))}</style>"),
    ("html comment trick", "<!-- --><script>alert(1)</script>"),
    ("markdown around html", "**đậm** <b onmouseover=alert(1)>x</b> [ok](https://dichvucong.gov.vn)"),
]

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "meta", "form", "button", "style", "link", "frame", "frameset"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcdoc"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _scheme(url: str) -> str | None:
    """The scheme a browser reads in an attribute value (entities already decoded): leading
    and trailing C0 controls and spaces stripped, tabs and newlines anywhere removed (WHATWG URL)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21))))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


class _Elements(HTMLParser):
    """Each start tag with its attributes (values decoded as a browser decodes them), and the
    text of each <script>."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._in_script: dict[str, str] | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self._in_script = attributes
            self.scripts.append((attributes, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attributes, code = self.scripts[-1]
            self.scripts[-1] = (attributes, code + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def assert_inert(fragment: str) -> None:
    """No element of the fragment can run a script: no active tag, no event handler, no style
    beyond a column's alignment, every address http(s), mailto, tel or relative."""
    for tag, attributes in _Elements(fragment).elements:
        assert tag not in ACTIVE_TAGS, (tag, fragment)
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name, fragment)
            if name == "style":
                assert re.fullmatch(r"text-align:\s*(left|right|center);?", value), (tag, value, fragment)
            if name in URL_ATTRIBUTES:
                scheme = _scheme(value)
                assert scheme is None or scheme in SAFE_SCHEMES, (tag, name, value, fragment)


def _answers(page: str) -> list[str]:
    """The answer blocks of a built question page (the editor's text)."""
    return re.findall(r'<div class="cchc-answer">(.*?)</div>', page, re.S)


# -- The whole path: loader (entity check off), render, MkDocs build --------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with one question per variant, built with the entity check off."""
    from cchc.site import pipeline
    from conftest import FIXTURES

    root = tmp_path_factory.mktemp("sanitise")
    content = root / "content"
    shutil.copytree(FIXTURES / "site", content)
    question = yaml.safe_load((content / "faq" / "khai-sinh-le-phi.yml").read_text(encoding="utf-8"))
    for number, (name, source) in enumerate(VARIANTS):
        data = {**question, "cau_hoi": f"Biến thể {number}: {name}?", "tra_loi": source}
        (content / "faq" / f"bien-the-{number}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text, "html_entity", lambda value: None)  # the loader's entity check, off
        content_read, errors = validate(content)
        assert errors == [], errors
        pipeline.build(content, root / "site")
    return root / "site"


def test_the_loader_entity_check_is_what_is_switched_off(site: Path) -> None:
    """With the check on, the loader rejects an entity in an answer: the test above really
    runs without the guard that used to be the only one."""
    path = site / "faq" / "khai-sinh-le-phi.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("**miễn lệ phí**", "[x](javascript&#58;alert(1))"), encoding="utf-8")
    _, errors = validate(site)
    assert any("&#58;" in error.message for error in errors), errors


@pytest.mark.parametrize(
    ("number", "name", "source"), [(n, name, source) for n, (name, source) in enumerate(VARIANTS)], ids=[name for name, _ in VARIANTS]
)
def test_variant_renders_inert_on_its_page(built: Path, number: int, name: str, source: str) -> None:
    page = (built / "hoi-dap" / f"bien-the-{number}" / "index.html").read_text(encoding="utf-8")
    baseline = (built / "hoi-dap" / "khai-sinh-le-phi" / "index.html").read_text(encoding="utf-8")
    answers = _answers(page)
    assert answers, "the answer is on the page"
    for answer in answers:
        assert_inert(answer)
    # The page as a whole: the same scripts as any question page, the editor's text only as
    # JSON data inside them; no event handler and no script address anywhere.
    scripts, expected = _Elements(page).scripts, _Elements(baseline).scripts
    assert [attributes for attributes, _ in scripts] == [attributes for attributes, _ in expected]
    for (attributes, code), (_, expected_code) in zip(scripts, expected, strict=True):
        if "json" in attributes.get("type", ""):
            json.loads(code)
        elif "src" not in attributes:
            assert code == expected_code
    for tag, attributes in _Elements(page).elements:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        for name in URL_ATTRIBUTES & set(attributes):
            assert _scheme(attributes[name]) in (None, *SAFE_SCHEMES), (tag, name, attributes[name])


def test_listing_of_all_variants_is_inert(built: Path) -> None:
    listing = (built / "hoi-dap" / "index.html").read_text(encoding="utf-8")
    answers = _answers(listing)
    assert len(answers) >= len(VARIANTS)
    for answer in answers:
        assert_inert(answer)


def test_the_editor_sees_what_was_typed_as_text(built: Path) -> None:
    """Raw HTML shows as the characters typed, not as an element and not silently dropped."""
    number = [name for name, _ in VARIANTS].index("img onerror")
    page = (built / "hoi-dap" / f"bien-the-{number}" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in _answers(page)[0]


# What Chromium makes of an answer: its elements' names, event-handler attributes, and the
# protocol of every address as the browser resolves it.
_IN_BROWSER = """answers => answers.flatMap(answer => [...answer.querySelectorAll("*")].map(element => ({
    tag: element.localName,
    handlers: [...element.attributes].map(a => a.name).filter(name => name.startsWith("on")),
    protocols: ["href", "src", "action", "formaction", "data"].filter(name => element.hasAttribute(name))
        .map(name => new URL(element.getAttribute(name), document.baseURI).protocol),
})))"""


def test_variants_run_nothing_in_chromium(built: Path, browser) -> None:
    """Every variant's page in Chromium: no dialog opens, and no element of the answer is
    active or has an address other than http(s), mailto or tel, as the browser reads it."""
    from browser import serve

    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(built) as url:
        for number, (name, _) in enumerate(VARIANTS):
            page.goto(f"{url}hoi-dap/bien-the-{number}/")
            answers = page.locator(".cchc-answer")
            assert answers.count() >= 1, name
            for element in answers.evaluate_all(_IN_BROWSER):
                assert element["tag"] not in ACTIVE_TAGS, (name, element)
                assert element["handlers"] == [], (name, element)
                assert all(protocol[:-1] in SAFE_SCHEMES for protocol in element["protocols"]), (name, element)
    assert dialogs == []
    context.close()


# -- The sanitiser alone: what it does if Markdown ever let HTML through ----------------------


@pytest.mark.parametrize("source", [source for _, source in VARIANTS], ids=[name for name, _ in VARIANTS])
def test_sanitiser_alone_makes_raw_html_inert(source: str) -> None:
    """Markdown with raw HTML on (the first guard gone), then sanitise(): still inert."""
    raw = markdown.markdown(source, extensions=["sane_lists", "tables"], output_format="html")
    assert_inert(richtext.sanitise(raw))


@pytest.mark.parametrize("source", [source for _, source in VARIANTS], ids=[name for name, _ in VARIANTS])
def test_editor_markdown_renders_variant_inert(source: str) -> None:
    assert_inert(richtext.EditorMarkdown()(source))


# -- Legitimate Markdown renders as before -----------------------------------------------------

LEGITIMATE = [
    ("**miễn lệ phí**", "<p><strong>miễn lệ phí</strong></p>"),
    ("*nghiêng*", "<p><em>nghiêng</em></p>"),
    ("[Cổng Dịch vụ công](https://dichvucong.gov.vn)", '<p><a href="https://dichvucong.gov.vn" rel="nofollow noopener">Cổng Dịch vụ công</a></p>'),
    (
        '[Cổng](http://example.gov.vn/a?b=1&c=2 "Tiêu đề")',
        '<p><a href="http://example.gov.vn/a?b=1&amp;c=2" rel="nofollow noopener" title="Tiêu đề">Cổng</a></p>',
    ),
    ("[Thư](mailto:cchc@example.gov.vn)", '<p><a href="mailto:cchc@example.gov.vn" rel="nofollow noopener">Thư</a></p>'),
    ("[Gọi](tel:02363123456)", '<p><a href="tel:02363123456" rel="nofollow noopener">Gọi</a></p>'),
    ("[Thủ tục](../thu-tuc/1.001193/)", '<p><a href="../thu-tuc/1.001193/" rel="nofollow noopener">Thủ tục</a></p>'),
    ("[Mục](#buoc-2)", '<p><a href="#buoc-2" rel="nofollow noopener">Mục</a></p>'),
    ("![Sơ đồ](../files/so-do.png)", '<p><img alt="Sơ đồ" src="../files/so-do.png"></p>'),
    ("## Hồ sơ\n\n### Thành phần", "<h2>Hồ sơ</h2>\n<h3>Thành phần</h3>"),
    ("- Tờ khai;\n- Giấy chứng sinh.", "<ul>\n<li>Tờ khai;</li>\n<li>Giấy chứng sinh.</li>\n</ul>"),
    ("1. Nộp\n2. Nhận", "<ol>\n<li>Nộp</li>\n<li>Nhận</li>\n</ol>"),
    ("3. Ba\n4. Bốn", '<ol start="3">\n<li>Ba</li>\n<li>Bốn</li>\n</ol>'),
    ("- Nộp:\n    + bản chính;\n    + bản sao.", "<ul>\n<li>Nộp:<ul>\n<li>bản chính;</li>\n<li>bản sao.</li>\n</ul>\n</li>\n</ul>"),
    ("> Trích dẫn", "<blockquote>\n<p>Trích dẫn</p>\n</blockquote>"),
    ("`mã`\n\n    khối mã", "<p><code>mã</code></p>\n<pre><code>khối mã\n</code></pre>"),
    ("Một  \nHai\n\n---", "<p>Một<br>\nHai</p>\n<hr>"),
    (
        "| Lệ phí | Mức |\n|:--|--:|\n| Khai sinh | 8.000 đồng |",
        '<table>\n<thead>\n<tr>\n<th style="text-align:left">Lệ phí</th>\n<th style="text-align:right">Mức</th>\n</tr>\n</thead>\n'
        '<tbody>\n<tr>\n<td style="text-align:left">Khai sinh</td>\n<td style="text-align:right">8.000 đồng</td>\n</tr>\n</tbody>\n</table>',
    ),
    ("Tỷ lệ 100% “đúng hạn” & 'đủ' <b>", "<p>Tỷ lệ 100% “đúng hạn” &amp; 'đủ' &lt;b&gt;</p>"),
]


@pytest.mark.parametrize(("source", "expected"), LEGITIMATE)
def test_legitimate_markdown_renders(source: str, expected: str) -> None:
    assert richtext.EditorMarkdown().full(source) == expected


def test_citation_link_keeps_its_class() -> None:
    citations = richtext.Citations.build([("63-2010-nd-cp", "63/2010/NĐ-CP", 2010)], lambda doc_id: f"../van-ban/{doc_id}/")
    html_text = richtext.EditorMarkdown().full("Theo **Nghị định 63/2010/NĐ-CP**.", citations)
    assert html_text == '<p>Theo <strong>Nghị định <a class="trich-dan" href="../van-ban/63-2010-nd-cp/">63/2010/NĐ-CP</a></strong>.</p>'


class _Tree(HTMLParser):
    """A fragment as (event, tag, sorted attributes, text): equal for equal DOMs whatever the
    serialiser's choices (attribute order, entities, spaces in a style)."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        normal = sorted((name, re.sub(r"\s|;$", "", value or "") if name == "style" else value or "") for name, value in attrs)
        self.events.append(("start", tag, tuple(normal)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data))


def _content_texts() -> list[str]:
    texts: list[str] = []
    for folder in (REPO / "content", REPO / "tests" / "fixtures" / "site"):
        content, _ = validate(folder)
        texts += [step.mo_ta for p in content.thu_tuc.values() for step in p.trinh_tu]
        texts += [faq.tra_loi for faq in content.hoi_dap.values()] + list(content.bodies.values())
    return texts


def test_content_markdown_is_unchanged_by_the_sanitiser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Markdown text of content/ (and the fixtures) gives the same HTML with and without
    the sanitiser: it removes nothing an editor legitimately writes."""
    texts = [value for value in _content_texts() if richtext.simple_blocks(value) is None]
    assert len(texts) > 20  # lists, bold, nested lists: the texts Markdown converts
    md = richtext.EditorMarkdown()
    sanitised = [md.full(value) for value in texts]
    monkeypatch.setattr(richtext, "sanitise", lambda value: value)
    for value, clean in zip(texts, sanitised, strict=True):
        assert _Tree(clean).events == _Tree(md.full(value)).events, value
        assert html.unescape(clean) == html.unescape(md.full(value)), value
