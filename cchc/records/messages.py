"""Pydantic errors → one Vietnamese line an editor can act on.

Keyed on pydantic's error `type` (stable), never on its English `msg`.
The field title and a valid example come from the model itself.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

TYPE_NAMES = {str: "chữ", int: "số", float: "số", bool: "đúng/sai", list: "danh sách", dict: "nhóm trường", type(None): "để trống"}

# Record checks of the plan-tracking kinds (models/theo_doi.py): their own message is the text.
TRACKING_CHECKS = {"results_exceed", "online_exceed", "period_order"}


def _type_name(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return "ngày"
    return TYPE_NAMES.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _type_name(value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def example_text(key: str, example: Any) -> str:
    """`key: value` in YAML flow style, the way an editor would write it."""
    rendered = yaml.safe_dump(example, allow_unicode=True, default_flow_style=True, width=10_000, sort_keys=False).strip()
    rendered = rendered.removesuffix("\n...").removesuffix("...").strip()
    return f"{key}: {rendered}"


def inner_models(annotation: Any) -> list[type[BaseModel]]:
    """The models inside list[...], X | None, Annotated[...] and unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return inner_models(typing.get_args(annotation)[0])
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found.extend(inner_models(arg))
    return found


def describe(model: type[BaseModel], loc: tuple) -> tuple[str | None, str, Any, list[str]]:
    """Walk `loc` through the model: (last key, its title, its example, the keys valid where `loc` ends)."""
    key, title, example = None, "", None
    parent_title = ""
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        owner = next((m for m in current if part in m.model_fields), None)
        if owner is None:
            # A union branch tag such as "str" or "MucLong": keep the branch that is a model.
            branch = [m for m in current if m.__name__ == part]
            if branch:
                current = branch
            continue
        info = owner.model_fields[part]
        parent_title = title
        key, title = part, info.title or part
        example = info.examples[0] if info.examples else None
        current = inner_models(info.annotation)
    # An unknown key belongs to the innermost model reached, not to the field above it.
    keys = list(current[0].model_fields) if current else []
    if parent_title and loc and loc[-1] == key:
        title = f"{parent_title} › {title}"  # "Thời hạn giải quyết › Số": the editor sees which group
    return key, title, example, keys


def message(error: ErrorDetails, model: type[BaseModel], kind_title: str) -> tuple[str, str]:
    """(field title, message) for one pydantic error."""
    loc = tuple(error["loc"])
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    key, title, example, keys = describe(model, loc)
    example_hint = f". Ví dụ: {example_text(key, example)}" if key and example is not None else ""

    if kind == "extra_forbidden":
        unknown = str(loc[-1])
        parent_title = title or kind_title
        close = difflib.get_close_matches(unknown, keys, n=1, cutoff=0.5)
        hint = f"; có phải ý bạn là “{close[0]}”?" if close else f"; các trường hợp lệ: {', '.join(keys)}"
        where = f"trong “{parent_title}”" if key else f"trong {kind_title}"
        return unknown, f"trường “{unknown}” không có {where}{hint}"
    if kind == "missing":
        return title, f"thiếu trường bắt buộc “{key}”{example_hint}"
    if kind in {"string_type"}:
        return title, f"cần một đoạn chữ, không phải {_type_name(value)}{example_hint}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return title, f"“{_show(value)}” không phải số nguyên{example_hint}"
    if kind in {"float_type", "float_parsing"}:
        return title, f"“{_show(value)}” không phải là số{example_hint}"
    if kind in {"bool_type", "bool_parsing"}:
        return title, f"“{_show(value)}” phải là true hoặc false{example_hint}"
    if kind == "list_type":
        return title, f"cần một danh sách (mỗi mục một dòng bắt đầu bằng “- ”), không phải {_type_name(value)}{example_hint}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return title, f"cần một nhóm trường con (thụt lề bên dưới), không phải {_type_name(value)}{example_hint}"
    if kind == "literal_error":
        allowed = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return title, f"“{_show(value)}” không phải giá trị cho phép; chọn một trong: {allowed}{example_hint}"
    if kind == "string_pattern_mismatch":
        return title, f"“{_show(value)}” không đúng dạng{example_hint}"
    if kind == "string_too_long":
        return title, f"dài {len(value)} ký tự, tối đa {ctx.get('max_length')} ký tự: hãy viết ngắn lại"
    if kind in {"too_short", "string_too_short"}:
        return title, f"cần ít nhất {ctx.get('min_length', 1)} mục{example_hint}"
    if kind in {"greater_than_equal", "greater_than"}:
        return title, f"“{_show(value)}” phải từ {ctx.get('ge', ctx.get('gt'))} trở lên{example_hint}"
    if kind in {"less_than_equal", "less_than"}:
        return title, f"“{_show(value)}” phải nhỏ hơn hoặc bằng {ctx.get('le', ctx.get('lt'))}{example_hint}"
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}:
        return title, f"“{_show(value)}” không phải ngày hợp lệ (ngày/tháng/năm){example_hint}"
    if kind == "value_error" and "date_not_exist" in str(ctx.get("error", "")):
        return title, f"ngày “{_show(value)}” không tồn tại{example_hint}"
    if kind == "site_address":
        return title, f"“{_show(value)}”: {error['msg']}"
    if kind in {"file_or_link", "reference_or_citation", "replacement_missing", "time_limit_missing", "time_unit_missing"} | TRACKING_CHECKS:
        return title or kind_title, f"{error['msg']}{example_hint}"
    return title, f"giá trị “{_show(value)}” không hợp lệ ({kind}){example_hint}"
