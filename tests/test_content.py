"""The sample content under content/: valid, and loaded without loss."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from pydantic import BaseModel

from cchc.records import loader, validate
from conftest import REPO

CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def loaded() -> tuple[validate.Content, list]:
    return validate.validate(CONTENT)


def test_sample_content_is_valid(loaded) -> None:
    _, errors = loaded
    assert [str(error) for error in errors] == []


def test_sample_content_has_what_the_portal_needs(loaded) -> None:
    content, _ = loaded
    fields = {field for procedure in content.thu_tuc.values() for field in procedure.linh_vuc}
    assert len(content.thu_tuc) >= 30
    assert {"Hộ tịch", "Chứng thực", "Đất đai", "Môi trường"} <= fields
    assert len(content.ke_hoach) >= 4
    assert len(content.hoi_dap) >= 15
    assert len(content.van_ban) >= 10
    months = {(post.ngay.year, post.ngay.month) for post in content.tin_tuc.values()}
    assert {(2025, 12), (2026, 1), (2026, 6), (2026, 11)} <= months and len(months) >= 12


def _same(value: Any, model_value: Any) -> bool:
    if isinstance(model_value, datetime.date) and isinstance(value, str):
        return model_value.strftime("%d/%m/%Y") == value.strip() or model_value.isoformat() == value.strip()
    if isinstance(model_value, float) and isinstance(value, int):
        return model_value == value
    if isinstance(model_value, str) and isinstance(value, str):
        return model_value == value.strip()
    return model_value == value


def _lost(data: Any, record: Any, where: str) -> list[str]:
    """Every key and value of the file that does not arrive in the model."""
    if isinstance(record, BaseModel):
        lost = []
        for key, value in data.items():
            if key not in record.model_fields_set:
                lost.append(f"{where}.{key}")
            else:
                lost += _lost(value, getattr(record, key), f"{where}.{key}")
        return lost
    if isinstance(record, list):
        if len(record) != len(data):
            return [f"{where}: {len(data)} mục → {len(record)}"]
        return [item for index, value in enumerate(data) for item in _lost(value, record[index], f"{where}[{index}]")]
    return [] if _same(data, record) else [f"{where}: {data!r} → {record!r}"]


def test_every_key_of_every_sample_file_reaches_the_model(loaded) -> None:
    content, _ = loaded
    checked = 0
    for source in loader.load(CONTENT):
        kind = source.kind.name
        assert source.data is not None
        record = (
            getattr(content, kind)
            if source.kind.single
            else getattr(content, kind)[source.data.get("ma", source.id) if kind == "thu_tuc" else source.id]
        )
        assert _lost(source.data, record, source.shown) == []
        checked += 1
    assert checked == len(list(loader.discover(CONTENT)))


def test_news_body_is_kept(loaded) -> None:
    content, _ = loaded
    for post_id, body in content.bodies.items():
        assert len(body.strip()) > 100, post_id
