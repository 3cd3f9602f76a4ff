#!/usr/bin/env python3
"""Command line of the chuyên trang CCHC: validate, new, schema, build, serve.

Run `python build.py --help`. The work happens in the `cchc` package.
"""
import sys

from cchc.cli import main

if __name__ == "__main__":
    sys.exit(main())
