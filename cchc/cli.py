"""`python build.py COMMAND`: the command line behind the Makefile.

Editor mistakes end with their list and exit status 1, never a traceback;
an unexpected exception is our bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import sys
import traceback
from datetime import date
from pathlib import Path

from cchc.base import parallel
from cchc.base.errors import Abort
from cchc.base.formatting import vn_date
from cchc.base.text import slugify
from cchc.models import KINDS, schema
from cchc.models.common import PROCEDURE_CODE, SLUG
from cchc.records import validate
from cchc.site import workspace

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = ROOT / "content"


def print_warnings(warnings: list) -> None:
    """`path:line: field: cảnh báo: …` on stderr: what records leave unstated; the exit status stays 0."""
    for warning in warnings:
        print(warning, file=sys.stderr)
    if warnings:
        print(f"Có {len(warnings)} cảnh báo (không chặn việc dựng trang).", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    content, errors = validate.validate(Path(args.content))
    if errors:
        raise Abort(errors)  # errors alone: the warnings follow once they are fixed
    print_warnings(content.warnings)
    counts = ", ".join(f"{len(content.of(kind))} {KINDS[kind].title.lower()}" for kind in ("thu_tuc", "ke_hoach", "hoi_dap", "van_ban", "tin_tuc"))
    print(f"Hợp lệ: {counts}.")
    return 0


def _free_id(kind: str, folder: Path, suffix: str) -> str:
    today = date.today().isoformat()
    if kind == "thu_tuc":
        candidates = (f"0.{n:06d}" for n in range(1, 1_000_000))
    elif kind == "tin_tuc":
        candidates = (f"{today}-tin-moi" + (f"-{n}" if n > 1 else "") for n in range(1, 10_000))
    else:
        candidates = (f"{kind.replace('_', '-')}-moi" + (f"-{n}" if n > 1 else "") for n in range(1, 10_000))
    return next(candidate for candidate in candidates if not (folder / f"{candidate}{suffix}").exists())


def cmd_new(args: argparse.Namespace) -> int:
    kind = KINDS[args.kind]
    content = Path(args.content)
    folder = content / kind.folder
    if kind.single:
        path = content / f"{kind.single}.yml"
        record_id = kind.single
    else:
        record_id = args.id or _free_id(kind.name, folder, kind.suffix)
        pattern = PROCEDURE_CODE if kind.name == "thu_tuc" else SLUG
        if not re.match(pattern, record_id):
            hint = "mã thủ tục như 1.001193" if kind.name == "thu_tuc" else f"chữ thường không dấu như “{slugify(record_id)}”"
            raise Abort(message=f"--id “{record_id}” không dùng được làm tên tệp: cần {hint}")
        path = folder / f"{record_id}{kind.suffix}"
    if path.exists():
        raise Abort(message=f"{validate.loader.shown_path(path)}: tệp đã có, không ghi đè. Hãy chọn mã khác với --id")
    today = date.today()
    text = schema.scaffold(kind.name)
    text = text.replace("{id}", record_id).replace("{today}", vn_date(today)).replace("{year}", str(today.year))
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    print(validate.loader.shown_path(path))
    print(f"Bản nháp: thay {text.count('«')} chỗ «…» bằng nội dung thật; còn chỗ nào, “validate” và “build” báo lỗi ở dòng đó.", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from cchc.tools import decap

    out = Path(args.out)
    for path in schema.write_all(out):
        print(validate.loader.shown_path(path))
    # The web editor's configuration goes with the schemas: into admin/ for the
    # repository's own schemas/, into the folder asked for otherwise (never elsewhere).
    config = decap.CONFIG if out.resolve() == schema.SCHEMA_DIR.resolve() else out / decap.CONFIG.name
    print(validate.loader.shown_path(decap.write(config)))
    return 0


def _nothing_to_build(content_dir: Path, out: Path, site_url: str | None):
    """The site in `out` when it was built from the same inputs and is intact (no lock taken:
    the build itself checks again under its lock)."""
    from cchc.site import fingerprint, output

    target = output.checked(out, content_dir.resolve())
    marker = output.unchanged(target, fingerprint.inputs(content_dir.resolve(), site_url, date.today())) if target.is_dir() else None
    return output.Built(marker.get("so_thu_tuc", 0), marker.get("so_tin_tuc", 0), unchanged=True) if marker else None


def cmd_build(args: argparse.Namespace) -> int:
    from cchc.models.site import site_address_problem

    problem = args.site_url and site_address_problem(args.site_url)
    if problem:
        raise Abort(message=f"--site-url “{args.site_url}”: {problem}")
    force = args.force or args.no_cache
    built = None if force else _nothing_to_build(Path(args.content), Path(args.out), args.site_url)
    if built is None:
        from cchc.site import pipeline  # imported only now: a build with nothing to do ends sooner

        built = pipeline.build(Path(args.content), Path(args.out), args.site_url, force=force)
    shown = validate.loader.shown_path(Path(args.out))
    if built.unchanged:
        print(f"Không có gì thay đổi kể từ lần dựng trước: {shown}/ giữ nguyên ({built.procedures} thủ tục, {built.news} tin tức).")
    else:
        print_warnings(built.warnings)
        print(f"Đã dựng {shown}/: {built.procedures} thủ tục, {built.news} tin tức.")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from cchc.models.site import site_address_problem
    from cchc.site import pipeline

    problem = args.site_url and site_address_problem(args.site_url)
    if problem:
        raise Abort(message=f"--site-url “{args.site_url}”: {problem}")
    pages = pipeline.render_tree(Path(args.content), Path(args.out), args.site_url, plain=args.plain)
    out = validate.loader.shown_path(Path(args.out))
    print(f"Đã kết xuất {pages} trang vào {out}/docs. Dựng: mkdocs build -f {out}/mkdocs.yml")
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from cchc.tools import fix

    path = Path(args.path)
    if not path.exists():
        raise Abort(message=f"{args.path}: không có tệp hoặc thư mục này")
    fixes = fix.find(path)
    for found in fixes:
        sys.stdout.write(found.diff())
        if found.legacy_bytes:
            print(f"{validate.loader.shown_path(found.path)}: tệp không phải UTF-8, đọc theo bảng mã cũ và sẽ lưu lại bằng UTF-8")
        if args.write:
            fix.write(found)
    if not fixes:
        print("Không có gì cần sửa: văn bản đã là Unicode chuẩn.")
    elif args.write:
        print(f"Đã sửa {len(fixes)} tệp.")
    else:
        print(f"{len(fixes)} tệp cần sửa. Chưa ghi gì: chạy lại với --write để ghi.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from cchc.tools import importer

    paths = [Path(name) for name in args.file]
    for path, name in zip(paths, args.file, strict=True):
        if not path.is_file():
            raise Abort(message=f"{name}: không có tệp này")
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv") + importer.NATIONAL_SUFFIXES:
            raise Abort(message=f"{name}: chỉ đọc được danh mục (.xlsx, .csv) hoặc bản ghi Cổng Dịch vụ công quốc gia (.json, .html, .htm, .txt)")
    for path in paths:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
            for line in importer.report(importer.import_list(path, Path(args.content))):
                print(line)
    national = [path for path in paths if path.suffix.lower() in importer.NATIONAL_SUFFIXES]
    if national:
        for line in importer.national_report(importer.import_national(national, Path(args.content))):
            print(line)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from cchc.domain import review

    content, errors = validate.validate(Path(args.content))
    if errors:
        raise Abort(errors)
    try:
        today = day(args.ngay) if args.ngay else date.today()
    except ValueError as problem:
        raise Abort(message=f"--ngay: {problem}") from None
    for line in review.report(content, today):
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import signal
    import socket
    import tempfile

    from mkdocs.commands.serve import serve

    from cchc.site import engine, preview

    host, _, port = args.dev_addr.rpartition(":")
    port = str(args.port) if args.port is not None else port
    with socket.socket() as probe:  # before rendering: a port in use is said at once
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except (OSError, ValueError):
            raise Abort(
                message=f"Cổng {port} trên {host} đang có chương trình khác dùng (hoặc không dùng được). "
                f"Chạy lại với cổng khác, ví dụ: python build.py serve --port {int(port) + 1 if port.isdigit() else 8001}"
            ) from None
    content_dir = Path(args.content).resolve()
    # Its own workspace (rendered pages, configuration, MkDocs' copy of the site): a build or
    # another serve beside it never shares a file with it.
    with workspace.Workspace(Path(tempfile.gettempdir()), "serve", {"content": str(content_dir)}) as work:
        site = preview.for_folder(content_dir, work.docs)
        site.update()  # errors stop here, before the server starts
        assert site.content is not None
        config = engine.write_config(site.content.site, work.docs, work.path / "serve-site", serve_content=content_dir)
        # Stopped by a signal (a closed terminal, a service manager, `kill`) as by Ctrl-C: MkDocs
        # then removes the copy of the site it keeps (hundreds of MB at province scale).
        previous = {number: signal.signal(number, signal.default_int_handler) for number in parallel.STOP_SIGNALS}
        print(
            f"Xem trước tại http://{host}:{port}/ — sửa tệp trong {validate.loader.shown_path(content_dir) or '.'}/, trang tự tải lại. Dừng: Ctrl-C.",
            flush=True,
        )
        try:
            # Dirty builds: MkDocs rebuilds only the pages our preview rewrote.
            serve(config_file=str(config), dev_addr=f"{host}:{port}", livereload=True, build_type="dirty")
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
    return 0


# argparse's own messages (Python 3.11-3.13 msgids), as gettext would translate them.
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không có: %(value)r (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn không rõ: %(option)s có thể là %(matches)s",
    "ignored explicit argument %r": "tham số %r bị bỏ qua",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
}


@contextlib.contextmanager
def _vietnamese():
    """argparse looks its messages up through its module's `_` and `ngettext` when it
    builds, parses and prints: swapped for the table above for that time only."""
    # argparse's private names, not in its stubs: hence the ignores.
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, count: ARGPARSE_VI.get(singular if count == 1 else plural, singular if count == 1 else plural)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese (its subcommands' parsers too: argparse
    makes them of the parent's class)."""

    def __init__(self, *args, **kwargs) -> None:
        with _vietnamese():
            super().__init__(*args, **kwargs)

    def parse_args(self, *args, **kwargs):
        with _vietnamese():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args, **kwargs):
        with _vietnamese():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _vietnamese():
            return super().format_usage()

    def format_help(self) -> str:
        with _vietnamese():
            return super().format_help()

    def error(self, message: str):
        with _vietnamese():
            super().error(message)


def day(text: str) -> date:
    """A date as editors write it, 31/01/2026, or as ISO, 2026-01-31."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"ngày “{text}” không đúng hoặc không tồn tại: viết dạng ngày/tháng/năm, ví dụ 31/01/2026 (hoặc 2026-01-31)") from None


def parser() -> argparse.ArgumentParser:
    root = Parser(prog="build.py", description="Chuyên trang CCHC: kiểm tra nội dung và dựng trang.")
    commands = root.add_subparsers(dest="command", required=True, metavar="LỆNH")

    check = commands.add_parser("validate", help="kiểm tra toàn bộ nội dung, liệt kê mọi lỗi")
    check.add_argument("--content", default=str(DEFAULT_CONTENT), metavar="THƯ_MỤC", help="thư mục nội dung (mặc định: content/)")
    check.set_defaults(run=cmd_validate)

    new = commands.add_parser("new", help="tạo tệp mẫu (bản nháp) cho một bản ghi: điền các chỗ «…» rồi chạy validate")
    new.add_argument("kind", choices=list(KINDS), metavar="KIND", help="một trong: " + ", ".join(KINDS))
    new.add_argument("--id", help="mã thủ tục hoặc tên tệp (không dấu)")
    new.add_argument("--content", default=str(DEFAULT_CONTENT), metavar="THƯ_MỤC", help="thư mục nội dung (mặc định: content/)")
    new.set_defaults(run=cmd_new)

    build = commands.add_parser("build", help="kiểm tra nội dung rồi dựng trang vào site/")
    build.add_argument("--content", default=str(DEFAULT_CONTENT))
    build.add_argument("--out", default=str(ROOT / "site"), help="thư mục kết quả (mặc định: site/)")
    build.add_argument("--site-url", help="địa chỉ đầy đủ khi đặt dưới thư mục con, ví dụ https://example.gov.vn/cchc/")
    build.add_argument("--force", action="store_true", help="dựng lại cả khi nội dung, mã nguồn và ngày không đổi kể từ lần dựng trước")
    # Kept for scripts written for earlier versions: every build is now whole.
    build.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    build.set_defaults(run=cmd_build)

    tree = commands.add_parser("render", help="chỉ kết xuất các trang Markdown và mkdocs.yml (dựng được bằng MkDocs hoặc ProperDocs)")
    tree.add_argument("--content", default=str(DEFAULT_CONTENT))
    tree.add_argument("--out", required=True, metavar="THƯ_MỤC", help="thư mục kết quả: THƯ_MỤC/docs và THƯ_MỤC/mkdocs.yml")
    tree.add_argument("--site-url", help="địa chỉ đầy đủ của chuyên trang")
    tree.add_argument("--plain", action="store_true", help="cấu hình mặc định của MkDocs + Material (không overrides, không hook): để so sánh")
    tree.set_defaults(run=cmd_render)

    preview = commands.add_parser("serve", help="xem trước tại http://127.0.0.1:8000, tự dựng lại khi sửa nội dung")
    preview.add_argument("--content", default=str(DEFAULT_CONTENT))
    preview.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="ĐỊA_CHỈ:CỔNG", help="địa chỉ và cổng (mặc định: 127.0.0.1:8000)")
    preview.add_argument("--port", type=int, metavar="CỔNG", help="cổng, khi 8000 đang bận (ví dụ 8001)")
    preview.set_defaults(run=cmd_serve)

    clean = commands.add_parser("fix", help="chuyển chữ TCVN3, VNI và mã HTML sang Unicode chuẩn; chỉ ghi khi có --write")
    clean.add_argument("path", nargs="?", default=str(DEFAULT_CONTENT), help="tệp hoặc thư mục (mặc định: content/)")
    clean.add_argument("--write", action="store_true", help="ghi các thay đổi vào tệp (mặc định: chỉ hiện khác biệt)")
    clean.set_defaults(run=cmd_fix)

    listing = commands.add_parser(
        "import", help="đọc danh mục TTHC (.xlsx, .csv) và bản ghi Cổng DVC quốc gia (.json, .html, .txt), tạo bản nháp, báo cáo độ phủ"
    )
    listing.add_argument(
        "file",
        metavar="FILE",
        nargs="+",
        help="tệp .xlsx/.csv có các cột Mã số, Tên thủ tục…; hoặc trang thủ tục lưu từ Cổng DVC quốc gia (.html, .txt) hay bản ghi .json",
    )
    listing.add_argument("--content", default=str(DEFAULT_CONTENT), metavar="THƯ_MỤC", help="thư mục nội dung (mặc định: content/)")
    listing.set_defaults(run=cmd_import)

    overdue = commands.add_parser("review", help="liệt kê bản ghi quá hạn rà soát theo đơn vị phụ trách, thủ tục viện dẫn văn bản hết hiệu lực")
    overdue.add_argument("--content", default=str(DEFAULT_CONTENT), metavar="THƯ_MỤC", help="thư mục nội dung (mặc định: content/)")
    overdue.add_argument("--ngay", metavar="NGÀY", help="tính quá hạn so với ngày này (31/01/2026 hoặc 2026-01-31; mặc định: hôm nay)")
    overdue.set_defaults(run=cmd_review)

    schemas = commands.add_parser("schema", help="ghi JSON Schema cho từng loại bản ghi và cấu hình trình biên tập web (config.yml)")
    schemas.add_argument(
        "--out", default=str(schema.SCHEMA_DIR), metavar="THƯ_MỤC", help="thư mục ghi (mặc định: schemas/, cấu hình vào admin/config.yml)"
    )
    schemas.set_defaults(run=cmd_schema)
    return root


def environment_problem(exc: OSError) -> str:
    """One Vietnamese line for a failure of the machine, not of the content or of our code."""
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return f"Lỗi: hết chỗ trên ổ đĩa{where}. Hãy giải phóng dung lượng rồi chạy lại."
    if exc.errno == errno.EROFS:
        return f"Lỗi: ổ đĩa chỉ cho đọc, không ghi được{where}. Hãy chọn thư mục khác."
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"Lỗi: không có tệp hoặc thư mục{where}."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Lỗi: không có quyền đọc hoặc ghi{where}. Hãy kiểm tra quyền của thư mục."
    return f"Lỗi hệ thống: {exc.strerror or exc}{where}."


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not after main, where no handler is
        return status
    except Abort as abort:
        for error in abort.errors:
            print(error, file=sys.stderr)
        if abort.message:
            print(abort.message, file=sys.stderr)
        if abort.errors:
            print(f"Có {len(abort.errors)} lỗi: hãy sửa rồi chạy lại.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng (Ctrl-C).", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (`| head`) left. Python would complain again while flushing stdout at
        # exit, so stdout goes to /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("Đầu ra đã bị đóng (ví dụ “| head”): dừng.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(environment_problem(exc), file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print("Lỗi ngoài dự kiến của chương trình (không phải lỗi nội dung): hãy báo lại kèm toàn bộ thông báo trên.", file=sys.stderr)
        return 1
