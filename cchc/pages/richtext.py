"""Editor text → safe HTML for the rendered pages.

Editor text is data: plain fields are HTML-escaped; Markdown fields (answers,
news, step descriptions) are converted by a Markdown instance that shows raw
HTML as text, and the HTML it produces goes through nh3 (the ammonia sanitiser):
only the tags and attributes below, links only to http(s), mailto, tel and
relative addresses. In both, a citation of a legal document that the site
publishes ("Nghị định 63/2010/NĐ-CP", "Kế hoạch số 08/KH-UBND ngày 08/01/2024")
becomes a link to its page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import markdown
import nh3
from markupsafe import Markup, escape

# "63/2010/NĐ-CP", "08/KH-UBND", "66.13/2026/NQ-CP", "01 /2018/TT-BTP", "NQ- HĐND", "18-NQ/TW"
_SYMBOL = r"[A-ZĐ][A-ZĐ0-9&]*(?:\s?-\s?[A-ZĐ0-9&]+)*"
CITATION = re.compile(
    rf"(?<![\w/.])(?P<number>\d+(?:\.\d+)?)\s?/\s?(?:(?P<year>(?:19|20)\d\d)\s?/\s?)?(?P<symbol>{_SYMBOL})"
    rf"|(?<![\w/.])(?P<pnumber>\d+)-(?P<psymbol>[A-Z]+/[A-Z]+)"
)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ngày\s*)?\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*(?P<year>(?:19|20)\d\d)|^\s*,?\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?P<year2>(?:19|20)\d\d)"
)
_MAY_CITE = re.compile(r"\d\s?[/-]")  # in every CITATION match: a digit, then "/" or "-"

# What editor Markdown (with "sane_lists" and "tables") produces, and nothing else: a tag or
# attribute outside these lists is dropped by nh3, a link or image to any other scheme
# (javascript:, data:, vbscript:, ... however encoded or spaced) loses its address.
TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},  # a column's alignment, "text-align" only (STYLE_PROPERTIES)
    "td": {"style"},
}
STYLE_PROPERTIES = {"text-align"}
CLASSES = {"a": {"trich-dan"}}  # a citation's link
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and relative addresses (nh3 keeps them)
_SANITISER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    allowed_classes=CLASSES,
    filter_style_properties=STYLE_PROPERTIES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
)


def sanitise(html: str) -> str:
    """HTML made of editor Markdown, keeping only what TAGS, ATTRIBUTES and URL_SCHEMES allow."""
    return _SANITISER.clean(html)


def citation_key(number: str, symbol: str, year: int | None) -> tuple[str, str, int | None]:
    """Same key for "01 /2018/NĐCP" and "01/2018/NĐ-CP": number without leading zeros, symbol without separators."""
    number = number.lstrip("0") or "0"
    symbol = re.sub(r"[\s\-/]", "", symbol.upper())
    return number, symbol, year


def key_of(so_ky_hieu: str, year: int) -> tuple[str, str, int | None] | None:
    """The key of a document's own number; the year comes from the number or the issue date."""
    match = CITATION.search(so_ky_hieu)
    if not match:
        return None
    if match.group("pnumber"):
        return citation_key(match.group("pnumber"), match.group("psymbol"), year)
    return citation_key(match.group("number"), match.group("symbol"), int(match.group("year") or year))


@dataclass
class Citations:
    """Known documents by key, and how to link to one from the page being rendered."""

    by_key: dict[tuple, str]  # key → document id
    link: Callable[[str], str]  # document id → href relative to the current page

    @classmethod
    def build(cls, documents: Iterable[tuple[str, str, int]], link: Callable[[str], str]) -> Citations:
        by_key: dict[tuple, str | None] = {}
        for doc_id, so_ky_hieu, year in documents:
            key = key_of(so_ky_hieu, year)
            if key:
                by_key[key] = doc_id
                # Cited without a year: only when one document has this number and symbol.
                yearless = key[:2] + (None,)
                by_key[yearless] = None if yearless in by_key else doc_id
        return cls({key: doc_id for key, doc_id in by_key.items() if doc_id}, link)

    def may_cite(self, text: str) -> bool:
        """Whether the text can hold a citation of a known document: most texts cannot, and
        this test is far cheaper than CITATION's search."""
        return bool(self.by_key) and _MAY_CITE.search(text) is not None

    def find(self, text: str) -> Iterable[tuple[int, int, str]]:
        """(start, end, document id) of each citation of a known document."""
        if not self.may_cite(text):
            return
        for match in CITATION.finditer(text):
            if match.group("pnumber"):
                number, symbol, year = match.group("pnumber"), match.group("psymbol"), None
            else:
                number, symbol = match.group("number"), match.group("symbol")
                year = match.group("year")
                if not year:  # "08/KH-UBND ngày 08/01/2024": the year follows
                    after = _DATE_AFTER.match(text[match.end() :])
                    year = after and (after.group("year") or after.group("year2"))
            key = citation_key(number, symbol, int(year) if year else None)
            doc_id = self.by_key.get(key) or (self.by_key.get(key[:2] + (None,)) if not year else None)
            if doc_id:
                yield match.start(), match.end(), doc_id


NO_CITATIONS = Citations({}, lambda doc_id: "")


def plain(text: str, citations: Citations = NO_CITATIONS) -> Markup:
    """Escaped inline HTML; line breaks kept; known citations linked."""
    html = _inline(text, citations)
    return html.replace("\n", Markup("<br>\n")) if "\n" in text else html


def _inline(text: str, citations: Citations) -> Markup:
    """Escaped text with known citations linked, newlines as they are."""
    if not citations.may_cite(text):  # most texts: fifty a procedure page
        return escape(text)
    parts: list[str] = []
    last = 0
    for start, end, doc_id in citations.find(text):
        parts.append(escape(text[last:start]))
        parts.append(Markup('<a class="trich-dan" href="{}">{}</a>').format(citations.link(doc_id), text[start:end]))
        last = end
    parts.append(escape(text[last:]))
    return Markup("".join(parts))


class _Links(markdown.treeprocessors.Treeprocessor):
    """Editor links open without handing over the page (rel); citations in text nodes become
    links. Which addresses are allowed is sanitise()'s decision, on the produced HTML."""

    def __init__(self, md: markdown.Markdown, citations_ref: list[Citations]):
        super().__init__(md)
        self.citations_ref = citations_ref

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            element.set("rel", "nofollow noopener")
        citations = self.citations_ref[0]
        if citations.by_key:
            self._link(root, citations)

    def _link(self, parent: etree.Element, citations: Citations) -> None:
        if parent.tag in ("a", "code", "pre"):
            return
        for child in list(parent):
            self._link(child, citations)
        self._split(parent, "text", citations)
        for child in list(parent):
            self._split(child, "tail", citations, parent)

    def _split(self, element: etree.Element, slot: str, citations: Citations, parent: etree.Element | None = None) -> None:
        text = getattr(element, slot)
        found = list(citations.find(text)) if text else []
        if not found:
            return
        container = parent if slot == "tail" else element
        assert container is not None  # a tail is split within its parent, which the caller gives
        index = list(container).index(element) + 1 if slot == "tail" else 0
        setattr(element, slot, text[: found[0][0]])
        for number, (start, end, doc_id) in enumerate(found):
            link = etree.Element("a", {"class": "trich-dan", "href": citations.link(doc_id)})
            link.text = text[start:end]
            following = found[number + 1][0] if number + 1 < len(found) else len(text)
            link.tail = text[end:following]
            container.insert(index + number, link)


# A line Markdown would leave plain: no inline syntax, no entity or autolink, and no block
# marker (list, quote, heading, code indent) at the start.
_PLAIN_PARAGRAPH = re.compile(r"[^\t\r\n\\`*_\[\]<>&!|#~=]*")
_BLOCK_START = re.compile(r"\s*$|\s*(?:\d+[.)]|[-+>])(?:\s|$)| {4}")
_BULLET = re.compile(r"[-+] (?! )")


def _plain_line(line: str) -> bool:
    """A line of a paragraph or a list item that Markdown keeps as text: also no leading or
    trailing space (indent, hard break), nothing a list, rule or heading underline starts with."""
    return (
        bool(line) and line == line.strip() and _PLAIN_PARAGRAPH.fullmatch(line) is not None and not _BLOCK_START.match(line) and line[0] not in "-+"
    )


def simple_blocks(text: str, citations: Citations = NO_CITATIONS) -> Markup | None:
    """The HTML Markdown makes of plain paragraphs and one-level bullet lists of plain lines
    (nine in ten step descriptions), without its cost (a third of a procedure page's render
    time); None for any other text."""
    html: list[Markup] = []
    after_list = False
    for chunk in text.strip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if all(_BULLET.match(line) and _plain_line(line[2:]) for line in lines):
            if after_list:  # two lists a blank line apart: one loose list, items in <p>
                return None
            items = Markup("").join(Markup("<li>") + _inline(line[2:], citations) + Markup("</li>\n") for line in lines)
            html.append(Markup("<ul>\n") + items + Markup("</ul>"))
            after_list = True
        elif all(_plain_line(line) for line in lines):
            html.append(Markup("<p>") + _inline(chunk, citations) + Markup("</p>"))
            after_list = False
        else:
            return None
    return Markup("\n").join(html)


class EditorMarkdown:
    """One reusable Markdown converter for editor text: raw HTML shown as text, the result
    sanitised. The fast path (simple_blocks) makes no tag of editor text: it escapes it."""

    def __init__(self) -> None:
        self._citations: list[Citations] = [NO_CITATIONS]
        self._md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        # Raw HTML is shown as text, never passed through.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_Links(self._md, self._citations), "cchc_links", 1)

    def __call__(self, text: str, citations: Citations = NO_CITATIONS) -> Markup:
        html = simple_blocks(text, citations)
        return html if html is not None else self.full(text, citations)

    def full(self, text: str, citations: Citations = NO_CITATIONS) -> Markup:
        """Always through Markdown (the fast path's reference)."""
        self._citations[0] = citations
        self._md.reset()
        return Markup(sanitise(self._md.convert(text)))


def heading(text: str) -> Markup:
    """Text for a Markdown heading or front-matter-free Markdown line: escaped for both."""
    escaped = str(escape(text.replace("\n", " ")))
    return Markup(re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>])", r"\\\1", escaped))
