"""Markdown extension `cchc.pages.mdext`: HTML blocks the renderer marks as finished go
to the page as they are.

Rendered pages are mostly HTML blocks, which Python-Markdown's html_block
preprocessor and MkDocs' anchor scan each parse again with Python's HTMLParser:
half of the engine's time at province scale (profiled). The renderer wraps such
blocks between two comment lines (`mark_html_blocks`); this extension stores
each one in Markdown's HTML stash before either parser runs. Another engine
without the extension sees two HTML comments around ordinary HTML blocks and
builds the same page (a test compares both builds).
"""

from __future__ import annotations

import re
from collections import Counter

import markdown

OPEN = "<!--cchc:html-->"
CLOSE = "<!--/cchc:html-->"

# A chunk (text between blank lines) that Markdown passes through as a raw HTML block
# starts with a block-level tag (inline tags such as <a> start a paragraph instead).
# (<noscript> opens the long lists: unmarked, they and the charts were 96,000 tags MkDocs parsed at province.)
_BLOCK_TAG = re.compile(
    r"<(?:div|p|ul|ol|dl|table|section|nav|form|details|figure|aside|header|footer|h[1-6]|hr|pre|blockquote|article|script|noscript)[\s>]"
)


def mark_html_blocks(page: str) -> str:
    """Wrap each run of raw HTML chunks of a rendered page between OPEN and CLOSE lines."""
    body = page.rstrip("\n")
    out: list[str] = []
    run: list[str] = []
    for chunk in body.split("\n\n"):
        if _BLOCK_TAG.match(chunk) and _raw_html(chunk):
            run.append(chunk)
            continue
        if run:
            out.append(f"{OPEN}\n" + "\n\n".join(run) + f"\n{CLOSE}")
            run = []
        out.append(chunk)
    if run:
        out.append(f"{OPEN}\n" + "\n\n".join(run) + f"\n{CLOSE}")
    return "\n\n".join(out) + page[len(body) :]


# A self-closing tag (the charts' <line/>) opens nothing; attribute values never hold ">" (escaped).
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_TAG_START = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b")
_SELF_CLOSED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*/>")
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _raw_html(chunk: str) -> bool:
    """Whether html_block would pass the whole chunk through: it closes every element it opens
    and no other (else the raw block runs on into the next chunk, or closes an earlier one),
    and each line outside every element starts with a tag (after a closed element Markdown
    reads on: "### Quý I"). Text inside an element stays raw: a checklist's multi-line notes."""
    depth: dict[str, int] = {}
    if all(line.lstrip().startswith("<") for line in chunk.split("\n")):
        # Most chunks (97% at province): every line starts with a tag, so only the balance
        # counts, and counting tag names in C is a fraction of walking the tags one by one.
        counted = Counter(_TAG_START.findall(chunk))
        if "/>" in chunk:
            counted.subtract(("", name) for name in _SELF_CLOSED.findall(chunk))
        for (closing, name), count in counted.items():
            _add(depth, closing, name, count)
        return not any(depth.values())
    tags = _TAG.finditer(chunk)
    tag = next(tags, None)
    line_start = 0
    for line in chunk.split("\n"):
        while tag is not None and tag.start() < line_start:  # the tags before this line
            _count(depth, tag)
            tag = next(tags, None)
        if not any(depth.values()) and not line.lstrip().startswith("<"):
            return False
        line_start += len(line) + 1
    while tag is not None:
        _count(depth, tag)
        tag = next(tags, None)
    return not any(depth.values())


def _count(depth: dict[str, int], tag: re.Match[str]) -> None:
    closing, name, self_closing = tag.groups()
    if not self_closing:
        _add(depth, closing, name, 1)


def _add(depth: dict[str, int], closing: str, name: str, count: int) -> None:
    """`count` tags of one name, opening or closing (void elements open nothing)."""
    name = name.lower()
    if name not in _VOID:
        depth[name] = depth.get(name, 0) + (-count if closing else count)


class _StashMarkedBlocks(markdown.preprocessors.Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == OPEN:
                    block = []
                else:
                    out.append(line)
            elif line == CLOSE:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        return out if block is None else out + [OPEN] + block  # unclosed: leave it to Markdown


class CchcExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Before MkDocs' anchor scan (priority 21) and html_block (20).
        md.preprocessors.register(_StashMarkedBlocks(md), "cchc_marked_html", 25)


def makeExtension(**kwargs) -> CchcExtension:  # noqa: N802 - Markdown's entry point name
    return CchcExtension(**kwargs)
