"""The speed piece that leans on how MkDocs and Python-Markdown work inside (issue 24,
"Machinery that pays, or goes"): HTML-block marking, measured to pay (docs/benchmarks.md,
"Machinery") and verified against the versions below. An upgrade outside them fails
here first, naming what to check, rather than in a page a citizen reads."""

from __future__ import annotations

import importlib.metadata

import markdown
import pytest
from mkdocs.structure.pages import _RawHTMLPreprocessor

from cchc.pages import mdext

# distribution → the release series the pieces were verified with (pyproject.toml pins one of each).
VERIFIED = {"markdown": "3.11.", "mkdocs": "1.6.", "mkdocs-material": "9.8."}


@pytest.mark.parametrize("distribution", sorted(VERIFIED))
def test_the_engine_is_a_version_the_speed_pieces_were_verified_with(distribution: str) -> None:
    version = importlib.metadata.version(distribution)
    assert version.startswith(VERIFIED[distribution]), (
        f"{distribution} {version}: check cchc/pages/mdext.py (preprocessor order), then update VERIFIED"
    )


def test_marked_html_blocks_are_stashed_before_mkdocs_and_markdown_parse_html() -> None:
    """html-marking saves the two HTML parses only if it runs before MkDocs' anchor scan of
    raw HTML and Markdown's html_block: their priorities are the engine's, not ours."""
    md = markdown.Markdown(extensions=["cchc.pages.mdext"])
    _RawHTMLPreprocessor()._register(md)
    order = [md.preprocessors.get_index_for_name(name) for name in ("cchc_marked_html", "mkdocs_raw_html", "html_block")]
    assert order == sorted(order)
    page = mdext.mark_html_blocks('<div class="x">\n<p>Giấy tờ</p>\n</div>\n\nĐoạn **văn**.\n')
    assert md.convert(page) == '<div class="x">\n<p>Giấy tờ</p>\n</div>\n<p>Đoạn <strong>văn</strong>.</p>'
