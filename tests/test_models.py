"""Every field an editor can write has a Vietnamese title; the committed
JSON Schemas are the ones the models generate."""

from __future__ import annotations

import json
from operator import attrgetter

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from cchc.models import KINDS, schema
from cchc.records.loader import discover
from cchc.records.messages import inner_models
from conftest import REPO


def _all_models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [kind.model for kind in KINDS.values()]
    while todo:
        model = todo.pop()
        if model not in seen:
            seen.add(model)
            todo += [inner for info in model.model_fields.values() for inner in inner_models(info.annotation)]
    return seen


@pytest.mark.parametrize("model", sorted(_all_models(), key=attrgetter("__name__")), ids=lambda m: m.__name__)
def test_every_field_has_a_vietnamese_title(model: type[BaseModel]) -> None:
    untitled = [name for name, info in model.model_fields.items() if not info.title or info.title == name]
    assert untitled == []
    assert model.model_config.get("extra") == "forbid"


@pytest.mark.parametrize("name", list(KINDS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema.render(name), "chạy “python build.py schema” rồi commit schemas/"


def test_sample_files_point_at_their_schema_and_pass_it() -> None:
    for source in discover(REPO / "content"):
        text = source.path.read_text(encoding="utf-8")
        if source.kind.suffix == ".md":
            data = yaml.safe_load(text.split("---")[1])
        else:
            first_line = text.splitlines()[0]
            target = (source.path.parent / first_line.split("$schema=")[1]).resolve()
            assert target == (REPO / "schemas" / f"{source.kind.name}.schema.json").resolve(), source.shown
            data = yaml.safe_load(text)
        data = json.loads(json.dumps(data, default=str))  # YAML dates → strings, as an editor's extension sees them
        jsonschema.validate(data, schema.schema_for(source.kind.name))


def test_schema_rejects_unknown_keys_like_the_model() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"cau_hoi": "?", "tra_loi": "!", "linh_vuc": "Hộ tịch", "ngay": "01/01/2026", "cau_hoii": "x"}, schema.schema_for("hoi_dap")
        )
