"""The editor's guide at /huong-dan/: every kind with its fields and a valid example,
every error family explained, one entry in the navigation."""

from __future__ import annotations

import html
import re
from pathlib import Path

from cchc.models import KINDS
from cchc.pages import guide
from conftest import FIXTURES, found


def test_every_error_family_is_explained() -> None:
    families = {path.name for path in (FIXTURES / "invalid").iterdir() if path.is_dir()}
    assert {error.family for error in guide.ERRORS} == families
    # The message quoted for each family is what `validate` prints for its fixture.
    for error in guide.ERRORS:
        expected = (FIXTURES / "invalid" / error.family / "expected.txt").read_text(encoding="utf-8")
        assert error.example.split("…")[0].strip() in expected, error.family


def test_guide_page_lists_every_kind_field_and_error(built_site: Path) -> None:
    page = (built_site / "huong-dan" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(page)
    for name, kind in KINDS.items():
        assert f'id="{name.replace("_", "-")}"' in page, name
        for field in kind.model.model_fields:
            assert f"<code>{field}</code>" in page, (name, field)
    for error in guide.ERRORS:
        assert f'id="loi-{error.family}"' in page and error.fix in text
    # The examples are the scaffolds `new` writes (drafts, tested to validate once filled), shown as text.
    assert 'ngay: "15/03/2026"' in text and "{today}" not in text


def test_guide_is_linked_from_the_footer(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('<footer class="md-footer cchc-footer">') :]
    assert re.search(r'href="(\./)?huong-dan/">Hướng dẫn biên tập</a>', footer)


def test_guide_shows_a_synonym_group_an_editor_can_copy(built_site: Path, tmp_path: Path) -> None:
    import yaml

    from cchc.models.tu_dong_nghia import TuDongNghia

    page = html.unescape((built_site / "huong-dan" / "index.html").read_text(encoding="utf-8"))
    section = page[page.index('id="tim-kiem-tu-dong-nghia"') :]
    example = found(r"<pre><code>(nhom:.*?)</code></pre>", section, re.S).group(1)
    # What the guide shows is a valid synonym file, as the editor would paste it.
    assert TuDongNghia.model_validate(yaml.safe_load(example)).nhom[0][0] == "GPLX"
    # The one-way rewrites' example too, pasted under a group.
    rewrites = found(r"<pre><code>(viet_lai:.*?)</code></pre>", section, re.S).group(1)
    pasted = TuDongNghia.model_validate(yaml.safe_load(example + "\n" + rewrites))
    assert pasted.viet_lai[0].tim == ["cấp lại", "đăng ký lại"]
