"""`python build.py COMMAND`: the command line behind the Makefile.

Editor mistakes end with their list and exit status 1, never a traceback;
an unexpected exception is our bug and keeps its traceback.
"""
from __future__ import annotations

import argparse
import errno
import os
import re
import sys
import traceback
from datetime import date
from pathlib import Path

from . import cache, engine, parallel, pipeline, preview, schema, validate
from .errors import Abort
from .models import KINDS
from .models.common import PROCEDURE_CODE, SLUG
from .text import slugify

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = ROOT / "content"
SCAFFOLDS = Path(__file__).resolve().parent / "scaffolds"


def cmd_validate(args: argparse.Namespace) -> int:
    content, errors = validate.validate(Path(args.content))
    if errors:
        raise Abort(errors)
    counts = ", ".join(
        f"{len(getattr(content, kind))} {KINDS[kind].title.lower()}" for kind in ("thu_tuc", "ke_hoach", "hoi_dap", "van_ban", "tin_tuc")
    )
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
    text = (SCAFFOLDS / f"{kind.name}{kind.suffix}").read_text(encoding="utf-8")
    text = text.replace("{id}", record_id).replace("{today}", today.strftime("%d/%m/%Y")).replace("{year}", str(today.year))
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    print(validate.loader.shown_path(path))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from . import decap

    for path in schema.write_all(Path(args.out)):
        print(validate.loader.shown_path(path))
    print(validate.loader.shown_path(decap.write()))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    if args.site_url and not re.match(r"^https?://[^\s/]+(/\S*)?$", args.site_url):
        raise Abort(message=f"--site-url “{args.site_url}” cần là địa chỉ đầy đủ, ví dụ https://example.gov.vn/cchc/")
    content = pipeline.build(Path(args.content), Path(args.out), args.site_url, use_cache=not args.no_cache)
    print(f"Đã dựng {validate.loader.shown_path(Path(args.out))}/: {len(content.thu_tuc)} thủ tục, {len(content.tin_tuc)} tin tức.")
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from . import fix

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
    from . import importer

    path = Path(args.file)
    if not path.is_file():
        raise Abort(message=f"{args.file}: không có tệp này")
    for line in importer.report(importer.import_list(path, Path(args.content))):
        print(line)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from . import review

    content, errors = validate.validate(Path(args.content))
    if errors:
        raise Abort(errors)
    try:
        today = date.fromisoformat(args.ngay) if args.ngay else date.today()
    except ValueError:
        raise Abort(message=f"--ngay “{args.ngay}”: cần ngày dạng 2026-01-31") from None
    for line in review.report(content, today):
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os
    import signal

    from mkdocs.commands.serve import serve

    content_dir = Path(args.content).resolve()
    # The last `build` of this folder (without --site-url): only what changed since is rendered.
    site = preview.for_folder(content_dir, restored=cache.restore(content_dir, None))
    site.update()  # errors stop here, before the server starts
    os.environ["CCHC_CONTENT"] = str(content_dir)
    config = engine.write_config(site.content.site, engine.BUILD_DIR / "serve-site", serve_content=content_dir)
    # Stopped by a signal (a closed terminal, a service manager, `kill`) as by Ctrl-C: MkDocs
    # then removes the copy of the site it keeps in /tmp (hundreds of MB at province scale).
    previous = {number: signal.signal(number, signal.default_int_handler) for number in parallel.STOP_SIGNALS}
    try:
        # Dirty builds: MkDocs rebuilds only the pages our preview rewrote.
        serve(config_file=str(config), dev_addr=args.dev_addr, livereload=True, build_type="dirty")
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="build.py", description="Chuyên trang CCHC: kiểm tra nội dung và dựng trang.")
    commands = root.add_subparsers(dest="command", required=True, metavar="LỆNH")

    check = commands.add_parser("validate", help="kiểm tra toàn bộ nội dung, liệt kê mọi lỗi")
    check.add_argument("--content", default=str(DEFAULT_CONTENT), help="thư mục nội dung (mặc định: content/)")
    check.set_defaults(run=cmd_validate)

    new = commands.add_parser("new", help="tạo một bản ghi mẫu hợp lệ")
    new.add_argument("kind", choices=list(KINDS), metavar="KIND", help="một trong: " + ", ".join(KINDS))
    new.add_argument("--id", help="mã thủ tục hoặc tên tệp (không dấu)")
    new.add_argument("--content", default=str(DEFAULT_CONTENT))
    new.set_defaults(run=cmd_new)

    build = commands.add_parser("build", help="kiểm tra nội dung rồi dựng trang vào site/")
    build.add_argument("--content", default=str(DEFAULT_CONTENT))
    build.add_argument("--out", default=str(ROOT / "site"), help="thư mục kết quả (mặc định: site/)")
    build.add_argument("--site-url", help="địa chỉ đầy đủ khi đặt dưới thư mục con, ví dụ https://example.gov.vn/cchc/")
    build.add_argument("--no-cache", action="store_true", help="đọc và dựng lại mọi tệp từ đầu, không dùng bộ nhớ đệm của lần dựng trước")
    build.set_defaults(run=cmd_build)

    preview = commands.add_parser("serve", help="xem trước tại http://127.0.0.1:8000, tự dựng lại khi sửa nội dung")
    preview.add_argument("--content", default=str(DEFAULT_CONTENT))
    preview.add_argument("--dev-addr", default="127.0.0.1:8000")
    preview.set_defaults(run=cmd_serve)

    clean = commands.add_parser("fix", help="chuyển chữ TCVN3, VNI và mã HTML sang Unicode chuẩn; chỉ ghi khi có --write")
    clean.add_argument("path", nargs="?", default=str(DEFAULT_CONTENT), help="tệp hoặc thư mục (mặc định: content/)")
    clean.add_argument("--write", action="store_true", help="ghi các thay đổi vào tệp (mặc định: chỉ hiện khác biệt)")
    clean.set_defaults(run=cmd_fix)

    listing = commands.add_parser("import", help="đọc danh mục TTHC (.xlsx, .csv), tạo bản nháp cho mã chưa có, báo cáo độ phủ")
    listing.add_argument("file", metavar="FILE", help="tệp .xlsx hoặc .csv có các cột Mã số, Tên thủ tục, Lĩnh vực…")
    listing.add_argument("--content", default=str(DEFAULT_CONTENT))
    listing.set_defaults(run=cmd_import)

    overdue = commands.add_parser("review", help="liệt kê bản ghi quá hạn rà soát theo đơn vị phụ trách, thủ tục viện dẫn văn bản hết hiệu lực")
    overdue.add_argument("--content", default=str(DEFAULT_CONTENT))
    overdue.add_argument("--ngay", help="tính quá hạn so với ngày này (YYYY-MM-DD; mặc định: hôm nay)")
    overdue.set_defaults(run=cmd_review)

    schemas = commands.add_parser("schema", help="ghi JSON Schema cho từng loại bản ghi")
    schemas.add_argument("--out", default=str(schema.SCHEMA_DIR))
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
