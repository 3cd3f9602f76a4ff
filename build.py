#!/usr/bin/env python3
"""Command line of the chuyên trang CCHC: validate, new, schema, build, serve.

Run `python build.py --help`. The work happens in the `cchc` package.
"""

import importlib.util
import shlex
import sys

# What `make build` installs into .venv/ (pyproject.toml): run from outside it, say
# how to run it rather than fail on an import deep inside cchc.
NEEDED = ("yaml", "pydantic", "jinja2", "markdown", "nh3", "mkdocs")


def _missing() -> str:
    if sys.version_info < (3, 11):  # noqa: UP036 - any python3 may run this file: say what it needs
        return "cần Python 3.11 trở lên"
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    return "thiếu gói Python " + ", ".join(missing) if missing else ""


if __name__ == "__main__" and _missing():
    command = " ".join(shlex.quote(arg) for arg in sys.argv[1:]) or "--help"
    sys.stderr.write(
        "build.py: " + _missing() + ": lệnh này chạy trong môi trường ảo .venv/ của dự án.\n"
        "  Lần đầu, cài đặt (và dựng trang):  make build\n"
        "  Sau đó chạy:                       .venv/bin/python build.py " + command + "\n"
        "  hoặc kích hoạt môi trường ảo:      source .venv/bin/activate, rồi python build.py " + command + "\n"
    )
    sys.exit(1)

from cchc.cli import main  # noqa: E402  (after the check above)

if __name__ == "__main__":
    sys.exit(main())
