"""Attachments: the files under content/files/ that the site publishes as they are.

A record names one relative to content/ ("files/to-khai.docx"); it must stay
inside content/files/ once symbolic links are followed, so a record cannot
publish or link to anything else (`../../x`, /etc/passwd). Every file of the
folder is checked too, named or not, since all are copied: a symbolic link
leading outside is an error, and an SVG (a picture that can hold a program)
must hold no script, event handler, foreignObject or javascript: address.
"""

from __future__ import annotations

import os
import posixpath
import re
import xml.etree.ElementTree as etree
from pathlib import Path

from cchc.base.errors import ContentError
from cchc.records.loader import shown_path

FOLDER = "files"
# Elements that run code or embed a document; attributes whose value is an address.
_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_CONTROL = re.compile(r"[\x00-\x20]+")
# (path, mtime, size) → problem: serve checks the folder after every edit.
_svg_checked: dict[tuple[str, int, int], str | None] = {}


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, symbolic links followed, is in `folder` (itself resolved)."""
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False
    return True


def allowed_root(content: Path) -> Path:
    """content/files as it really is (through links), when that is inside content/."""
    real = (content / FOLDER).resolve()
    return real if inside(real, content.resolve()) else content.resolve() / FOLDER


def reference_problem(content: Path, relative: str) -> str | None:
    """Why a record may not name `relative` as its file, in Vietnamese; None when it may."""
    parts = relative.replace("\\", "/").split("/")
    example = f"ví dụ “{FOLDER}/to-khai.docx”"
    if relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return f"“{relative}” là đường dẫn tuyệt đối: cần đường dẫn trong thư mục content/{FOLDER}/, {example}"
    if ".." in parts:
        return f"“{relative}” có “..” (ra ngoài thư mục): tệp phải nằm trong content/{FOLDER}/, {example}"
    if parts[0] != FOLDER or len(parts) < 2:
        return f"“{relative}” không nằm trong thư mục {FOLDER}/: chỉ tệp trong content/{FOLDER}/ được đăng, {example}"
    path = content / posixpath.normpath(relative)
    if not path.is_file():
        return f"không tìm thấy tệp “{relative}” trong thư mục {shown_path(content)}/"
    if not inside(path, allowed_root(content)):
        return f"“{relative}” là liên kết tượng trưng (symlink) trỏ ra ngoài content/{FOLDER}/: hãy chép chính tệp vào đó"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG may not be published (it could run code on the site's pages), or None."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return "ảnh SVG có khai báo DOCTYPE/ENTITY (có thể giấu mã): hãy xuất lại ảnh không có phần này"
    try:
        root = etree.fromstring(data)
    except etree.ParseError as exc:
        return f"ảnh SVG không đọc được (XML lỗi: {exc})"
    for element in root.iter():
        name = str(element.tag).rpartition("}")[2].lower()
        if name in _ACTIVE_ELEMENTS:
            return f"ảnh SVG chứa thẻ <{name}> (chạy mã hoặc nhúng trang khác): không được đăng. Hãy xuất lại ảnh (ví dụ PNG)"
        for attribute, value in element.attrib.items():
            attribute_name = attribute.rpartition("}")[2].lower()
            if attribute_name.startswith("on"):
                return f"ảnh SVG có thuộc tính sự kiện “{attribute_name}” (chạy mã khi xem): không được đăng. Hãy xuất lại ảnh"
            flat = _CONTROL.sub("", value).lower()
            if flat.startswith(("javascript:", "vbscript:", "data:text/html")) or (attribute_name == "attributename" and flat.startswith("on")):
                return f"ảnh SVG có địa chỉ chạy mã (“{value[:40]}”): không được đăng. Hãy xuất lại ảnh"
    return None


def folder_errors(content: Path) -> list[ContentError]:
    """Problems of the files the site would publish from content/files/."""
    folder = content / FOLDER
    if not folder.is_dir():
        return []
    root = allowed_root(content)
    if not inside(folder, content.resolve()):
        return [
            ContentError(
                shown_path(folder),
                0,
                "",
                f"thư mục {FOLDER}/ là liên kết tượng trưng trỏ ra ngoài content/: hãy đặt tệp đính kèm ngay trong content/{FOLDER}/",
            )
        ]
    errors: list[ContentError] = []
    for directory, folders, files in os.walk(folder):  # links to folders are listed, not entered
        for name in folders + files:
            path = Path(directory) / name
            if path.is_symlink() and not inside(path, root):
                errors.append(
                    ContentError(
                        shown_path(path),
                        0,
                        "",
                        f"liên kết tượng trưng (symlink) trỏ ra ngoài content/{FOLDER}/: không được đăng. Hãy chép chính tệp vào đây",
                    )
                )
            elif name.lower().endswith(".svg") and path.is_file():
                stat = path.stat()
                key = (str(path), stat.st_mtime_ns, stat.st_size)
                if key not in _svg_checked:
                    _svg_checked[key] = svg_problem(path.read_bytes())
                if problem := _svg_checked[key]:
                    errors.append(ContentError(shown_path(path), 1, "", problem))
    return errors


def published(content: Path) -> list[tuple[Path, Path]]:
    """(file, path under content/files) of every file to copy: regular files, and links that
    stay inside the folder; never a link leading out (validation reported it)."""
    folder = content / FOLDER
    if not folder.is_dir() or not inside(folder, content.resolve()):
        return []
    root = allowed_root(content)
    found = []
    for directory, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not (Path(directory) / name).is_symlink()]
        for name in files:
            path = Path(directory) / name
            if path.is_file() and (not path.is_symlink() or inside(path, root)):
                found.append((path, path.relative_to(folder)))
    return sorted(found)
