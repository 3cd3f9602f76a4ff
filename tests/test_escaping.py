"""Editor text is data: markup, template syntax and script links typed into
every text field of every record kind show as text on the built site and run
nothing (checked in Chromium)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from browser import serve
from cchc.models import KINDS
from cchc.records.messages import inner_models
from cchc.site import pipeline

PAYLOAD = "<script>alert(1)</script> | {{ 7*7 }} {% raw %} [x](javascript:alert(1)) <img src=x onerror=alert(1)> <b>đậm</b>"


def _is_free_text(info) -> bool:
    """A plain `str` field (or list of them) with no pattern: free editor text."""
    annotation = info.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    if typing.get_origin(annotation) is list:
        args = list(typing.get_args(annotation))
    has_pattern = any(getattr(meta, "pattern", None) for meta in info.metadata)
    return args == [str] and not has_pattern


def poison(model: type[BaseModel], data: dict) -> dict:
    """Put the payload into every free-text field, present or optional; recurse into groups."""
    for name, info in model.model_fields.items():
        if _is_free_text(info):
            if typing.get_origin(info.annotation) is list:
                data[name] = [PAYLOAD]
            else:
                data[name] = PAYLOAD
        elif name in data:
            inner = inner_models(info.annotation)
            if inner and isinstance(data[name], dict):
                poison(inner[0], data[name])
            elif inner and isinstance(data[name], list):
                # A text item only where the list takes plain text (not a procedure code).
                takes_text = str in typing.get_args(typing.get_args(info.annotation)[0])
                data[name] = [poison(inner[0], item) if isinstance(item, dict) else PAYLOAD if takes_text else item for item in data[name]]
    return data


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from conftest import FIXTURES, overlay

    root = tmp_path_factory.mktemp("xss")
    content = root / "content"
    shutil.copytree(FIXTURES / "site", content)
    overlay(FIXTURES / "tracking", content)  # the plan-tracking kinds too
    for kind in KINDS.values():
        folder = content / kind.folder
        paths = [content / f"{kind.single}.yml"] if kind.single else sorted(folder.glob(f"*{kind.suffix}"))
        for path in (path for path in paths if path.exists()):
            text = path.read_text(encoding="utf-8")
            if kind.suffix == ".md":
                _, front, _ = text.split("---", 2)
                data = poison(kind.model, yaml.safe_load(front))
                path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\n" + PAYLOAD + "\n\n" + PAYLOAD + "\n", encoding="utf-8")
            else:
                path.write_text(yaml.safe_dump(poison(kind.model, yaml.safe_load(text)), allow_unicode=True), encoding="utf-8")
    out = root / "site"
    pipeline.build(content, out)
    return out


PAGES = [
    "",
    "thu-tuc/",
    "thu-tuc/1.001193/",
    "hoi-dap/",
    "hoi-dap/khai-sinh-le-phi/",
    "tin-tuc/",
    "tin-tuc/2026-03-01-niem-yet-tthc/",
    "van-ban/",
    "van-ban/60-2014-qh13/",
    "ke-hoach/",
    "ke-hoach/2024-mau/",
    "ke-hoach/2024-theo-doi/tien-do/",
    "ke-hoach/2024-theo-doi/bao-cao/",
    "ket-qua/",
    "san-pham/",
    "du-lieu/",
    "nhung/",
    "nhung/tin-moi/",
    "nhung/thu-tuc/1.001193/",
    "nhung/ke-hoach/2024-mau/",
]


def test_payload_shows_as_text_and_runs_nothing(poisoned_site: Path, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(poisoned_site) as url:
        for path in PAGES:
            page.goto(url + path)
            body = page.locator("body").inner_text()
            assert "<script>alert(1)</script>" in body, path
            assert "{{ 7*7 }}" in body and "{% raw %}" in body, path
            assert (
                page.locator("script:not([src]):not([type='application/ld+json'])").evaluate_all(
                    "nodes => nodes.filter(n => n.textContent.includes('alert(1)')).length"
                )
                == 0
            )
            # JSON-LD holds the payload as data: each block still parses as one JSON value
            assert page.locator("script[type='application/ld+json']").evaluate_all(
                "nodes => nodes.every(n => { try { JSON.parse(n.textContent); return true } catch (e) { return false } })"
            ), path
            assert page.locator("[onerror]").count() == 0, path
            assert page.locator("a[href^='javascript:' i]").count() == 0, path
            assert page.locator("main b", has_text="đậm").count() == 0, path
            assert "<script>alert(1)</script>" in page.title(), path  # the site name, shown as text
    assert dialogs == []
    context.close()


def test_every_kind_had_text_fields_to_poison() -> None:
    for kind in KINDS.values():
        if kind.name != "tu_dong_nghia":  # search words, never shown as page text
            assert any(_is_free_text(info) for info in kind.model.model_fields.values()), kind.name
