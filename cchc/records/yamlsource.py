"""Parse editor YAML into plain data plus the line of every key and item.

PyYAML's own loader forgets positions, silently keeps the last of two
duplicate keys and expands aliases (the "billion laughs" bomb). We turn the
composed node tree into data ourselves so each of those becomes a clear error
with a line number; an alias is a node reached twice, reported, not expanded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import yaml

from cchc.base import limits
from cchc.base.errors import ContentError
from cchc.base.text import ETH, eth_to_d

Path = tuple[str | int, ...]

# PyYAML's English problems, as an editor would understand them.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "dấu “:” đặt sai chỗ (giá trị có dấu “:” cần đặt trong ngoặc kép)",
    "could not find expected ':'": "thiếu dấu “:” sau tên trường",
    "found character '\\t' that cannot start any token": "có ký tự Tab",
    "did not find expected key": "cấu trúc không khớp: thụt lề không thẳng hàng, hoặc dòng trên thiếu dấu ngoặc kép đóng",
    "did not find expected '-' indicator": "thụt lề của danh sách không thẳng hàng",
    "found undefined alias": "bí danh (*) không tồn tại",
    "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép đóng?)",
    "found unexpected ':'": "dấu “:” đặt sai chỗ",
    "expected a single document in the stream": "tệp chỉ được có một tài liệu YAML (bỏ dòng “---” thừa)",
    "expected <block end>, but found": "cấu trúc không khớp: thụt lề không thẳng hàng, hoặc dòng trên thiếu dấu ngoặc kép đóng",
    "expected the node content, but found '<stream end>'": "tệp kết thúc khi giá trị còn dang dở (thiếu dấu “]” hoặc “}” đóng?)",
    "did not find expected node content": "tệp kết thúc khi giá trị còn dang dở (thiếu dấu “]” hoặc “}” đóng?)",
    "found character that cannot start any token": "giá trị bắt đầu bằng ký tự đặc biệt (@, `, %…): hãy đặt giá trị trong ngoặc kép",
    "expected ',' or ']'": "danh sách trong ngoặc vuông thiếu dấu “,” hoặc “]”",
    "expected ',' or '}'": "nhóm trong ngoặc nhọn thiếu dấu “,” hoặc “}”",
    "found unknown escape character": "ký tự thoát “\\” không hợp lệ trong chuỗi ngoặc kép",
}

_TAB_INDENT = re.compile(r"^[ \t]*\t", re.M)

ALIAS_MESSAGE = (
    "dùng bí danh YAML (“&tên” / “*tên”): không được phép, vì bí danh lồng nhau nhân dữ liệu lên hàng tỷ lần (bom alias). Hãy viết đầy đủ giá trị"
)


# libyaml's parser when PyYAML was built with it (the wheels are): 5× faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader without path resolvers (we register none): libyaml calls these
    three for every node, and the generic versions were a tenth of the load's profile."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1] if value else "", ()):  # type: ignore[index]
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


_STR = "tag:yaml.org,2002:str"

# Deep nesting needs deep indentation, many brackets or indicators in a row ("- - - x"):
# only then are the events counted (a fraction of a record's parse time otherwise).
_DEEP_INDENT = "\n" + " " * 40
_COMPACT = re.compile(r"\n[ \t]*[-?][ \t]+[-?][ \t]")  # a line starting "- - ", "? - "…
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def too_deep(text: str) -> int | None:
    """The 0-based line where nesting first exceeds limits.YAML_NESTING, or None. Counted on
    the parser's events (libyaml keeps its own stack): composing such a file would recurse
    once per level, and crash the process at 100,000."""
    if text.count("[") + text.count("{") <= 40 and _DEEP_INDENT not in text and not _COMPACT.search("\n" + text):
        return None
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, _OPEN):
                depth += 1
                if depth > limits.YAML_NESTING:
                    assert event.start_mark is not None  # the parser's events carry their marks
                    return event.start_mark.line
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports the syntax error with its line
    finally:
        loader.dispose()
    return None


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "").strip()
    for english, vietnamese in _YAML_PROBLEMS.items():
        if english in problem:
            return vietnamese
    return f"cú pháp không hợp lệ ({problem})"


UNCLOSED_QUOTE = "giá trị mở ngoặc kép ở dòng này chưa có dấu ngoặc kép đóng: thêm dấu ngoặc kép ở cuối giá trị"


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError) -> int | None:
    """The line (0-based) where an unclosed quoted value starts, when that is the error's
    cause. YAML lets a quoted value run across lines, so it ends at the next quote of
    the file, maybe a hundred lines below, and the error shows up there."""
    if "quoted scalar" in (exc.context or "") and exc.context_mark:  # ran to the end of the file
        return exc.context_mark.line
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    last = None  # the last quoted value running across lines before the error
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):  # the pure-Python scanner: its tokens keep marks
            if token.start_mark.line > mark.line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                last = token
    except yaml.YAMLError:
        pass  # the tokens up to the error are what we look at
    # It ends where the error is, or just above: the quote that closed it was meant to open another.
    if last is not None and mark.line - 1 <= last.end_mark.line <= mark.line:
        return last.start_mark.line
    return None


def parse(
    text: str,
    path: str,
    first_line: int = 1,
    title_for: Callable[[Path], str] = lambda where: "",
    strings: list[tuple[Path, str]] | None = None,
    eth_fixed: list[Path] | None = None,
) -> tuple[Any, dict[Path, int], list[ContentError]]:
    """Return (data, positions, errors), every key and text NFC-normalised. `first_line`
    offsets lines for front matter; `title_for` names the field at a path in the editor's
    words; `strings`, when given, receives (path, text) of every text value, in order;
    `eth_fixed` the path of every value whose Ð (U+00D0) was read as Đ (text.eth_to_d)."""
    found = strings if strings is not None else []
    errors: list[ContentError] = []
    offset = first_line - 1

    for match in _TAB_INDENT.finditer(text):
        number = text.count("\n", 0, match.start()) + first_line
        errors.append(ContentError(path, number, "", "thụt lề bằng phím Tab: YAML chỉ chấp nhận dấu cách. Ví dụ: hai dấu cách trước “- ten: ...”"))
    if errors:
        return None, {}, errors

    deep = too_deep(text)
    if deep is not None:
        message = f"dữ liệu lồng nhau quá {limits.YAML_NESTING} tầng (danh sách trong danh sách, nhóm trong nhóm): hãy viết phẳng hơn"
        return None, {}, [ContentError(path, deep + 1 + offset, "", message)]

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        opened = _unclosed_quote(text, exc)
        if opened is not None:
            read_to = "cuối tệp" if "quoted scalar" in (exc.context or "") or mark is None else f"dòng {mark.line + 1 + offset}"
            return (
                None,
                {},
                [ContentError(path, opened + 1 + offset, "", f"YAML không hợp lệ: {UNCLOSED_QUOTE} (YAML đọc giá trị này tới {read_to})")],
            )
        line = (mark.line + 1 + offset) if mark else first_line
        return None, {}, [ContentError(path, line, "", f"YAML không hợp lệ: {_yaml_problem(exc)}")]
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return None, {}, [ContentError(path, first_line, "", f"YAML không hợp lệ: {exc}")]
    finally:
        loader.dispose()

    if node is None:
        return None, {}, [ContentError(path, first_line, "", "tệp rỗng: chưa có trường nào. Dùng “python build.py new KIND” để tạo mẫu")]

    positions: dict[Path, int] = {}
    constructor = yaml.SafeLoader("")
    seen: set[int] = set()  # an alias is a node met twice: stop there, never expand it

    def build(node: yaml.Node, where: Path) -> Any:
        line = node.start_mark.line + 1 + offset
        positions.setdefault(where, line)
        if id(node) in seen:  # the line that names the alias: its key, or its list's key
            raise _Alias(positions[where] if isinstance(where[-1], str) else positions[where[:-1]])
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1 + offset
                if not isinstance(key_node, yaml.ScalarNode):
                    errors.append(ContentError(path, key_line, "", "tên trường phải là một chữ, không phải danh sách hay nhóm"))
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    errors.append(ContentError(path, key_line, "", ALIAS_MESSAGE))
                    continue
                key = unicodedata.normalize("NFC", str(key_node.value))
                if key in result:
                    first = positions[where + (key,)]
                    errors.append(
                        ContentError(
                            path,
                            key_line,
                            title_for(where + (key,)) or key,
                            f"trường “{key}” bị lặp lại (đã có ở dòng {first}); mỗi trường chỉ được viết một lần",
                        )
                    )
                    continue
                positions[where + (key,)] = key_line
                result[key] = build(value_node, where + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                positions[where + (index,)] = item.start_mark.line + 1 + offset
                items.append(build(item, where + (index,)))
            return items
        if node.tag == _STR:  # most values: no constructor needed (a third of the load time)
            value = unicodedata.normalize("NFC", node.value)
            if ETH in value:
                fixed = eth_to_d(value)
                if fixed != value and eth_fixed is not None:
                    eth_fixed.append(where)
                value = fixed
            found.append((where, value))
            return value
        try:
            return constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                errors.append(ContentError(path, line, title_for(where), f"ngày “{node.value}” không tồn tại. Ví dụ: 08/01/2024"))
            else:
                errors.append(ContentError(path, line, title_for(where), f"giá trị “{node.value}” không đọc được ({exc})"))
            return node.value

    try:
        data = build(node, ())
    except _Alias as alias:
        return None, {}, [ContentError(path, alias.line, "", ALIAS_MESSAGE)]
    finally:
        constructor.dispose()
    return data, positions, errors


class _Alias(Exception):
    def __init__(self, line: int):
        self.line = line
