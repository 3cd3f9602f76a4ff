"""The output folder a build publishes into: which folders it may replace, and how.

A build replaces only a folder that is absent, empty, or holds the marker an earlier build
wrote (`MARKER`); it never touches the checkout or a folder above it, the content folder or
anything inside or above it, the home folder, `/`, a file, a symbolic link or a mount point.
The new site is built beside the old one and swapped in by renames, so a failure at any
moment leaves the previous site as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cchc.base.errors import Abort

# Written into every site a build publishes: the proof that the folder is ours to replace.
MARKER = ".cchc-site.json"
TOOL = "cchc-portal"
ROOT = Path(__file__).resolve().parents[2]  # the checkout


@dataclass
class Built:
    """What a build tells the command line."""

    procedures: int
    news: int
    unchanged: bool = False  # nothing to do: the output was already built from these inputs
    warnings: list = field(default_factory=list)  # what the records leave unstated (printed, exit 0)


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def checked(out: Path, content_dir: Path) -> Path:
    """`out` as an absolute path, once it is known that a build may replace it; else Abort
    with a Vietnamese message naming the reason. Nothing is touched."""
    given = Path(os.path.abspath(out))
    if given.is_symlink():
        raise Abort(message=f"--out {given}: là liên kết tượng trưng; hãy chỉ thẳng tới thư mục thật")
    target = given.resolve()
    content = content_dir.resolve()
    protected = {
        Path("/"): "thư mục gốc của máy",
        Path.home().resolve(): "thư mục nhà của người dùng",
    }
    if target in protected:
        raise Abort(message=f"--out {given}: là {protected[target]}; không dựng trang vào đây")
    if target.exists() and not target.is_dir():
        raise Abort(message=f"--out {given}: là một tệp, không phải thư mục; không ghi đè")
    for folder, name in ((ROOT, "mã nguồn của dự án"), (Path.cwd().resolve(), "thư mục đang làm việc")):
        if _is_within(folder, target):
            raise Abort(
                message=f"--out {given}: chứa {name} ({folder}); lần dựng sẽ thay thế cả thư mục này. Hãy chọn một thư mục riêng, ví dụ site/"
            )
    if _is_within(target, content) or _is_within(content, target):
        raise Abort(message=f"--out {given}: trùng, nằm trong hoặc chứa thư mục nội dung ({content}). Hãy chọn một thư mục riêng, ví dụ site/")
    if target.exists():  # a folder: a file was refused above
        if os.path.ismount(target):
            raise Abort(message=f"--out {given}: là điểm gắn kết (mount point), không thay thế trọn vẹn được. Hãy dựng vào một thư mục con của nó")
        if not owned(target):
            raise Abort(
                message=f"--out {given}: thư mục đã có nội dung không do lệnh dựng tạo ra (thiếu tệp {MARKER}); "
                "không xóa. Hãy chọn thư mục trống hoặc chưa có"
            )
    return target


def owned(folder: Path) -> bool:
    """An empty folder, or one holding our marker."""
    try:
        if not any(folder.iterdir()):
            return True
        return read_marker(folder).get("cong_cu") == TOOL
    except OSError:
        return False


def read_marker(folder: Path) -> dict:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_marker(folder: Path, facts: dict) -> None:
    """The marker, with the digest of every file beside it (`listing`), so a later build can tell
    the published site is exactly what it wrote."""
    data = {"cong_cu": TOOL, **facts, "dau_ra": listing(folder)}
    (folder / MARKER).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def listing(folder: Path) -> str:
    """A digest of the folder's files by path, size and modification time (not contents: cheap
    enough to check on every build, and any copy or edit of a file changes it)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_files(folder)):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _files(folder: Path) -> Iterator[Path]:
    for parent, _folders, names in os.walk(folder):
        for name in names:
            path = Path(parent) / name
            if path.parent != folder or name != MARKER:
                yield path


def unchanged(out: Path, inputs: str) -> dict | None:
    """The marker of `out` when it was built from these inputs and no file of it changed since."""
    marker = read_marker(out)
    if marker.get("cong_cu") == TOOL and marker.get("dau_vao") == inputs and marker.get("dau_ra") == listing(out):
        return marker
    return None


def usual_permissions(folder: Path) -> None:
    """Folders and files as the umask gives them (0755 and 0644 under 022): temporary folders
    are made 0700, and a web server running as another user answered 403."""
    umask = os.umask(0)
    os.umask(umask)
    for parent, _folders, names in os.walk(folder):
        os.chmod(parent, 0o777 & ~umask)
        for name in names:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o666 & ~umask)


def publish(fresh: Path, out: Path) -> None:
    """Put `fresh` in the place of `out` by renames (same file system), the old site removed
    after; were the process stopped between the two renames, the old site stays beside, named
    `.<out>-old`, and the next build puts it back or removes it."""
    old = out.parent / f".{out.name}-old"
    if old.exists() and not out.exists():
        old.rename(out)  # a build stopped mid-swap: the previous site comes back first
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One build at a time publishes into a folder's parent (the second waits): the lock is
    on the parent folder itself, so no lock file is left beside the site."""
    lock = os.open(out.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Đang chờ lần dựng khác vào {out.parent} kết thúc…", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)
