"""JSON Schemas of the record kinds, generated from the models.

Committed under schemas/ and referenced from each sample file's first line
(`# yaml-language-server: $schema=...`) so an editor's YAML extension
completes keys and checks values while typing.
"""

from __future__ import annotations

import json
from pathlib import Path

from cchc.models import KINDS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def schema_for(name: str) -> dict:
    kind = KINDS[name]
    schema = kind.model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema, "title": kind.title}


def render(name: str) -> str:
    return json.dumps(schema_for(name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_all(out: Path = SCHEMA_DIR) -> list[Path]:
    """Write one `<kind>.schema.json` per kind; rewrite only files whose text changed."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in KINDS:
        path = out / f"{name}.schema.json"
        text = render(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


SCAFFOLDS = Path(__file__).resolve().parent / "scaffolds"


def scaffold(name: str) -> str:
    """A new record's draft (`python build.py new`): the kind's own scaffold file, or, for a
    kind that has none, its required fields with «…» placeholders, which `validate` refuses
    until an editor fills them in."""
    kind = KINDS[name]
    own = SCAFFOLDS / f"{name}{kind.suffix}"
    if own.is_file():
        return own.read_text(encoding="utf-8")
    lines = [f"{key}: «{info.title or key}»" for key, info in kind.model.model_fields.items() if info.is_required()]
    return "\n".join(lines) + "\n"
