"""Does each piece of speed machinery pay? A full build at a scale, end to end, with
everything on, then with one piece off at a time, and plain MkDocs + Material on the same
pages (`render --plain`) as the reference. Issue 24's rule: a piece stays only if it saves
at least 10% of the total at province scale (docs/benchmarks.md, "Machinery").

    python -m bench.machinery --scale province [--runs 2]

Pieces (switched off by replacing them in this process, as a build would run without them):
- html-marking: HTML blocks marked so Markdown skips them (cchc/pages/mdext.py)
- memory: the cycle collector paused / frozen and malloc_trim (cchc/base/memory.py)
- workers: forked worker processes for loading and rendering (cchc/base/parallel.py)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from bench.generate import SCALES, generate
from cchc.base import memory, parallel
from cchc.pages import mdext
from cchc.site import engine, pipeline, publish

WORK = Path(os.environ.get("CCHC_BENCH_WORK", Path(tempfile.gettempdir()) / "cchc-bench"))


@contextlib.contextmanager
def without(piece: str) -> Iterator[None]:
    saved: list[tuple[object, str, object]] = []

    def replace(owner: object, name: str, value: object) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    if piece == "html-marking":
        replace(mdext, "mark_html_blocks", lambda text: text)
    elif piece == "memory":
        replace(memory, "collector_paused", contextlib.nullcontext)
        replace(memory, "set_aside", contextlib.nullcontext)
        replace(memory, "release_freed_memory", lambda: None)
    elif piece == "workers":
        replace(parallel, "workers", lambda: 1)
    try:
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


def build_seconds(content_dir: Path, out: Path, piece: str | None) -> float:
    shutil.rmtree(out, ignore_errors=True)
    with without(piece) if piece else contextlib.nullcontext():
        started = time.perf_counter()
        pipeline.build(content_dir, out, force=True)
        return time.perf_counter() - started


def reference_seconds(content_dir: Path, folder: Path) -> float:
    shutil.rmtree(folder, ignore_errors=True)
    content = pipeline.prepare(content_dir, folder / "docs", date.today()).content
    assert content is not None  # prepare rendered it
    (folder / "mkdocs.yml").write_text(engine.standalone_config(content.site, publish.site_url(content, None), plain=True), encoding="utf-8")
    started = time.perf_counter()
    # NO_MKDOCS_2_WARNING: run as `python -m mkdocs`, Material prints its end-of-life banner (bench/run.py).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")], check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="province")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--pieces", default="html-marking,memory,workers")
    args = parser.parse_args(argv)
    content_dir = generate(WORK / args.scale / "content", SCALES[args.scale])
    out = WORK / args.scale / "machinery-site"
    rows: dict[str, list[float]] = {}
    for _ in range(args.runs):  # interleaved, so a slow spell of the machine touches every row
        rows.setdefault("reference: plain MkDocs + Material", []).append(reference_seconds(content_dir, WORK / args.scale / "reference"))
        rows.setdefault("everything on", []).append(build_seconds(content_dir, out, None))
        for piece in args.pieces.split(","):
            rows.setdefault(f"without {piece}", []).append(build_seconds(content_dir, out, piece))
    on = min(rows["everything on"])
    reference = min(rows["reference: plain MkDocs + Material"])
    print(f"| {args.scale} | best of {args.runs} (s) | × reference | piece saves |")
    print("|---|---|---|---|")
    for name, seconds in rows.items():
        best = min(seconds)
        saves = f"{100 * (best - on) / best:.0f}%" if name.startswith("without") else ""
        print(f"| {name} | {best:.1f} | {best / reference:.2f} | {saves} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
