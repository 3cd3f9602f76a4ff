"""The web editor's configuration (Decap CMS, `/admin/`), generated from the same
models as the JSON Schemas, so the forms never drift from what `validate` accepts.

`python build.py schema` writes `admin/config.yml` (committed; a test keeps it
current) from the record kinds and from `admin/backend.yml`, the one hand-edited
part: where the git host is and how editors log in (GitHub through an OAuth proxy,
GitLab.com, self-hosted GitLab or Gitea: checked by cchc/tools/editor_backend.py). The build copies `admin/`
and Decap's bundle (npm package `decap-cms`, unpacked into vendor/decap-cms/ by
`make build`: cchc/site/bundle.py) to the site's `/admin/`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cchc.models import KINDS
from cchc.models.common import RaSoat
from cchc.models.schema import schema_for
from cchc.pages.render import LABELS
from cchc.tools import editor_backend

ROOT = Path(__file__).resolve().parents[2]
ADMIN_DIR = ROOT / "admin"
CONFIG = ADMIN_DIR / "config.yml"
BACKEND = ADMIN_DIR / "backend.yml"

# What each folder collection is listed and named by.
IDENTIFIER = {
    "thu_tuc": "ma",
    "ke_hoach": "ten",
    "hoi_dap": "cau_hoi",
    "van_ban": "so_ky_hieu",
    "tin_tuc": "tieu_de",
    "su_kien": "ten",
    "ket_qua": "ky",
    "san_pham": "ten",
}
SLUG = {
    "thu_tuc": "{{ma}}",
    "ke_hoach": "{{nam}}-{{slug}}",
    "hoi_dap": "{{slug}}",
    "van_ban": "{{slug}}",  # the identifier (số, ký hiệu) as a slug: 123-2015-nd-cp
    "tin_tuc": "{{year}}-{{month}}-{{day}}-{{slug}}",
    "su_kien": "{{year}}-{{month}}-{{day}}-{{slug}}",
    "ket_qua": "{{slug}}",  # the period: quy-i-2026
    "san_pham": "{{slug}}",
}
SUMMARY = {"thu_tuc": "{{ma}} · {{ten}}", "van_ban": "{{so_ky_hieu}} · {{trich_yeu}}", "tin_tuc": "{{ngay}} · {{tieu_de}}"}
# Free text that runs to paragraphs gets a multi-line box.
LONG_TEXT = {"mo_ta", "noi_dung", "tom_tat", "trich_yeu", "tra_loi", "mo_dau", "ket_luan", "ghi_chu", "trich_dan"}
REVIEW_FIELDS = tuple(RaSoat.model_fields)
DATE_FORMAT = "DD/MM/YYYY"  # how editors write dates; the loader reads it


def _label_options(values: list[str]) -> list[dict[str, str]] | list[str]:
    """Select options with the Vietnamese labels the site shows, when a label table matches."""
    for table in LABELS.values():
        if set(values) <= set(table):
            return [{"label": table[value], "value": value} for value in values]
    return values


def _example(node: dict) -> Any:
    examples = node.get("examples")
    return examples[0] if examples else None


def _hint(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        shown = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    else:
        shown = str(value)
    return f"Ví dụ: {shown}"


def _relax(fields: list[dict]) -> None:
    for field in fields:
        field["required"] = False
        if field.get("widget") == "object":
            _relax(field["fields"])


class _Fields:
    """JSON Schema (with $defs) → Decap field definitions."""

    def __init__(self, schema: dict):
        self.defs = schema.get("$defs", {})
        self.skipped: list[str] = []  # titles of fields the form cannot show

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = {**self.defs[node["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def fields(self, node: dict, order_last: tuple[str, ...] = ()) -> list[dict]:
        node = self.resolve(node)
        required = set(node.get("required", ()))
        names = [n for n in node["properties"] if n not in order_last] + [n for n in order_last if n in node["properties"]]
        out = []
        for name in names:
            widget = self.field(name, node["properties"][name], name in required)
            if widget is not None:
                out.append(widget)
        return out

    def field(self, name: str, node: dict, required: bool) -> dict | None:
        title = node.get("title", name)
        spec = self.widget(name, node)
        if spec is None:
            self.skipped.append(title)
            return None
        out: dict[str, Any] = {"name": name, "label": title, **spec}
        if not required:
            out["required"] = False
            if out["widget"] == "object":
                # Decap checks an absent optional object's required parts anyway (and
                # refuses to save); `validate` checks them when the object is there.
                _relax(out["fields"])
        hint = _hint(_example(node))
        if hint and out["widget"] not in ("select", "boolean"):
            out["hint"] = hint
        if "pattern" in out:
            out["pattern"] = [out["pattern"], "Không đúng dạng." + (f" {hint}" if hint else "")]
        return out

    def widget(self, name: str, node: dict) -> dict | None:
        node = self.resolve(node)
        if "anyOf" in node:
            choices = [self.resolve(choice) for choice in node["anyOf"] if choice.get("type") != "null"]
            if any(choice.get("format") == "date" for choice in choices):
                return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False, "picker_utc": True}
            strings = [choice for choice in choices if choice.get("type") == "string"]
            if strings and all(choice.get("type") in ("string", "number") for choice in choices):
                return self.widget(name, strings[0])  # a procedure code YAML may read as a number
            if len(choices) == 1:
                return self.widget(name, {**choices[0], "title": node.get("title")})
            if all(choice.get("type") in ("integer", "number") for choice in choices):
                return self.widget(
                    name, {"type": "number", **{k: v for c in choices for k, v in c.items() if k in ("minimum", "maximum")}}
                )  # 8000 or 2.5
            lists = [choice for choice in choices if choice.get("type") == "array"]
            if len(lists) == 1 and all(choice is lists[0] or choice == lists[0].get("items") for choice in choices):
                return self.widget(name, {**lists[0], "title": node.get("title")})  # one item or a list of them: the list
            return None  # text or a nested item (plans' sections): edited in the YAML file
        if "enum" in node:
            return {"widget": "select", "options": _label_options(node["enum"])}
        kind = node.get("type")
        if kind == "object":
            return {"widget": "object", "collapsed": False, "fields": self.fields(node)}
        if kind == "array":
            return self.array(name, node)
        if kind == "string":
            out: dict[str, Any] = {"widget": "markdown" if "Markdown" in node.get("title", "") else "text" if name in LONG_TEXT else "string"}
            if "pattern" in node:
                out["pattern"] = node["pattern"]  # field() adds the message with the example
            return out
        if kind in ("integer", "number"):
            out = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            for key, decap in (("minimum", "min"), ("maximum", "max")):
                if key in node:
                    out[decap] = node[key]
            return out
        if kind == "boolean":
            return {"widget": "boolean"}
        return None

    def array(self, name: str, node: dict) -> dict | None:
        items = self.resolve(node.get("items", {}))
        out: dict[str, Any] = {"widget": "list"}
        if "enum" in items:
            out = {"widget": "select", "multiple": True, "options": _label_options(items["enum"])}
        elif items.get("type") == "object":
            out["fields"] = self.fields(items)
            out["collapsed"] = False
        elif items.get("type") == "array":
            pass  # a list of word groups: each group typed as comma-separated words
        else:
            inner = self.widget(name, items)
            if inner is None:
                return None
            if "pattern" in inner:
                hint = _hint(_example(node)[0] if _example(node) else None)
                inner["pattern"] = [inner["pattern"], "Không đúng dạng." + (f" {hint}" if hint else "")]
            out["field"] = {"name": name, "label": node.get("title", name), **inner}
        if node.get("minItems"):
            out["min"] = node["minItems"]
        return out


def collection(name: str) -> dict:
    kind = KINDS[name]
    maker = _Fields(schema_for(name))
    fields = maker.fields(schema_for(name), order_last=REVIEW_FIELDS)
    out: dict[str, Any] = {"name": name, "label": kind.title}
    if kind.single:
        return {
            **out,
            "files": [{"name": name, "label": kind.title, "file": f"content/{kind.single}.yml", "fields": fields}],
            "skipped": maker.skipped,
        }
    out.update(folder=f"content/{kind.folder}", extension=kind.suffix.lstrip("."), create=True)
    out["format"] = "frontmatter" if kind.suffix == ".md" else "yml"
    out.update(identifier_field=IDENTIFIER[name], slug=SLUG[name], summary=SUMMARY.get(name, "{{" + IDENTIFIER[name] + "}}"))
    if kind.suffix == ".md":
        fields.append({"name": "body", "label": "Nội dung bài viết", "widget": "markdown"})
    out["fields"] = fields
    out["skipped"] = maker.skipped
    return out


def config(backend: dict) -> dict:
    collections = []
    for name in (
        "thu_tuc",
        "hoi_dap",
        "tin_tuc",
        "van_ban",
        "ke_hoach",
        "su_kien",
        "san_pham",
        "ket_qua",
        "site",
        "tu_dong_nghia",
        "chi_so",
        "danh_muc_tthc",
    ):
        entry = collection(name)
        skipped = entry.pop("skipped")
        if skipped:
            entry["description"] = "Sửa trực tiếp trong tệp YAML các phần có mục lồng nhau: " + ", ".join(skipped) + "."
        collections.append(entry)
    out = {
        "backend": backend,
        "local_backend": True,  # only on localhost, with `npx decap-server` running (README)
        "publish_mode": "editorial_workflow",  # each change a merge request; merging publishes it
        "locale": "vi",
        "media_folder": "content/files",
        "public_folder": "files",  # attachments are named relative to content/
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    if not editor_backend.has_editorial_workflow(backend):
        del out["publish_mode"]  # Decap refuses to start with it: each save is a commit to `branch`
    return out


def render(backend_file: Path = BACKEND) -> str:
    """The configuration, its `backend` from admin/backend.yml once checked (Abort otherwise)."""
    backend = editor_backend.load(backend_file)
    text = "# Generated by `python build.py schema` from cchc/models and admin/backend.yml: do not edit.\n"
    return text + yaml.safe_dump(config(backend), allow_unicode=True, sort_keys=False, width=120)


def write(out: Path = CONFIG) -> Path:
    text = render()
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out
