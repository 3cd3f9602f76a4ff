"""Benchmark: build generated content at scale and measure it.

    .venv/bin/python -m bench.run --scale province   # or small, national

Prints a Markdown table: time of each stage (load + validate, render, write,
engine with the search index built alongside), pages, site size, peak memory,
seconds from a YAML edit to the served page showing it under `build.py serve`
(median and slowest of five edits), and, in Chromium against
the site served with gzip like a real host: bytes a first search transfers,
bytes a procedure page transfers on a first visit, search latency after the
last keystroke, and search recall (share of procedures found in the top 3 by
their name typed without tone marks). As the reference, plain `mkdocs build`
of the same rendered Markdown runs in the same process tree, and beside it the
floor of our stages: what the fixed libraries alone cost for this content (bench/floor.py).
No figure is asserted: docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bench import floor
from bench.generate import SCALES, generate
from cchc.base.text import fold
from cchc.site import engine, pipeline, publish

# Generated content and sites; CCHC_BENCH_WORK moves them (the tests keep the checkout clean).
WORK = Path(os.environ.get("CCHC_BENCH_WORK") or Path(__file__).resolve().parent / ".work")
COMMON_QUERY = "dang ky"  # words on most procedure pages: the heaviest first query
# Further first queries of the commonest words, typed as citizens do (each in a fresh browser).
COMMON_QUERIES = ("cap giay chung nhan", "lam giay khai sinh cho con", "so do")
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve like a static host: text compressed when the browser accepts gzip."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - http.server's signature
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file():
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve(folder: Path):
    handler = lambda *args, **kwargs: GzipHandler(*args, directory=str(folder), **kwargs)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def timed(stages: dict[str, float], name: str, action):
    start = time.perf_counter()
    result = action()
    stages[name] = time.perf_counter() - start
    return result


class MemorySampler:
    """Peak memory of this process and its children together (MkDocs runs here while the
    search index is built in a forked process): the sum of their proportional set sizes,
    so pages a fork shares with its parent count once. Linux; elsewhere the largest
    single process (getrusage)."""

    def __init__(self, interval: float = 1.0) -> None:  # a sample costs ~20 ms of CPU per GB: rarely
        self.interval, self.peak_kib = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        pids = [pid]
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                children = task.read_text().split()
            except OSError:  # the thread or the process ended between listing and reading
                continue
            for child in children:
                pids += MemorySampler._tree(int(child))
        return pids

    def sample(self) -> int:
        total = 0
        for pid in self._tree(os.getpid()):
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:  # the process ended meanwhile
                continue
            total += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_kib = max(self.peak_kib, self.sample())

    def __enter__(self) -> MemorySampler:
        if Path("/proc/self/smaps_rollup").is_file():
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        else:
            usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            self.peak_kib = usage if sys.platform != "darwin" else usage // 1024


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def browser_figures(site: Path, names: dict[str, str], recall_sample: int | None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        def transferred(action) -> int:
            """Bytes over the wire (compressed bodies and headers), the page's workers included."""
            context = browser.new_context()
            page = context.new_page()
            sizes: dict[str, int] = {}

            def finished(request) -> None:
                size = request.sizes()
                sizes[f"{request.url} {id(request)}"] = size["responseBodySize"] + size["responseHeadersSize"]

            page.on("requestfinished", finished)
            action(page, sizes)
            context.close()
            return sum(sizes.values())

        first_code = sorted(names)[0]

        def procedure_page(page, sizes) -> None:
            page.goto(f"{url}thu-tuc/{first_code}/", wait_until="networkidle")

        def first_query(query: str):
            def action(page, sizes) -> None:
                page.goto(url + "thu-tuc/", wait_until="networkidle")
                sizes.clear()  # only what the search costs
                page.click("form[name=cchc-search] input")
                page.keyboard.type(query)
                page.wait_for_selector(".cchc-search-list a")
                page.wait_for_load_state("networkidle")

            return action

        figures["procedure page KB"] = transferred(procedure_page) / 1024
        figures["first search KB"] = transferred(first_query(COMMON_QUERY)) / 1024
        for query in COMMON_QUERIES:
            figures[f"first search KB ({query})"] = transferred(first_query(query)) / 1024

        page = browser.new_page()
        page.goto(url + "thu-tuc/")
        # Latency: from the last keystroke's input event to the results in the list.
        page.click("form[name=cchc-search] input")
        page.keyboard.type("ket hon")
        page.wait_for_selector(".cchc-search-list a")
        latencies = []
        for query in ["dang ky khai sinh", "cap lai giay chung nhan", "chung thuc ban sao", "giay phep moi truong", "hoa giai tranh chap dat dai"]:
            page.fill("form[name=cchc-search] input", "")
            latencies.append(
                page.evaluate(
                    """async (query) => {
                  const input = document.querySelector('form[name=cchc-search] input');
                  const list = document.querySelector('.cchc-search-list');
                  list.textContent = '';
                  const done = new Promise(resolve => new MutationObserver((_, observer) => {
                    if (list.children.length) { observer.disconnect(); resolve(performance.now()); }
                  }).observe(list, {childList: true}));
                  input.value = query;
                  const start = performance.now();
                  input.dispatchEvent(new Event('input'));
                  return (await done) - start;
                }""",
                    query,
                )
            )
        figures["search latency ms (median)"] = sorted(latencies)[len(latencies) // 2]
        figures["search latency ms (max)"] = max(latencies)

        codes = sorted(names)
        if recall_sample and recall_sample < len(codes):
            codes = codes[:: max(1, len(codes) // recall_sample)][:recall_sample]
        page.goto(url + "tim-kiem/")
        found = page.evaluate(
            """async (queries) => {
              const hits = [];
              for (const [code, query] of queries) {
                const result = await window.cchcSearch(query, {}, 3);
                hits.push(result.items.some(item => item.url.endsWith('/thu-tuc/' + code + '/')));
              }
              return hits;
            }""",
            [[code, fold(names[code])] for code in codes],
        )
        figures["search recall (top 3)"] = sum(found) / len(found)
        figures["recall queries"] = len(found)
        browser.close()
    return figures


SERVE_EDITS = 5  # one edit's time varies by a third on this VM: the median of five, and the slowest


def serve_edit_seconds(content_dir: Path, codes: list[str]) -> list[float]:
    """`build.py serve` on the content; each procedure renamed in turn, 3 s after the last edit
    showed (its search index may still be building, as when an editor works); for each, seconds
    until the served page shows it."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    records = {code: content_dir / "tthc" / f"{code}.yml" for code in codes}
    originals = {code: record.read_text(encoding="utf-8") for code, record in records.items()}
    server = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--content", str(content_dir), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def page(code: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/thu-tuc/{code}/", timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    seconds = []
    try:
        deadline = time.monotonic() + 300
        while "</html>" not in page(codes[0]):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("serve did not start")
            time.sleep(0.5)
        time.sleep(8)  # let the first search index finish: it is not part of an edit
        for number, code in enumerate(codes, 1):
            original = originals[code]
            name = original.split("\nten: ", 1)[1].split("\n", 1)[0]
            start = time.monotonic()
            records[code].write_text(original.replace(f"\nten: {name}\n", f"\nten: {name} (sửa lần {number})\n", 1), encoding="utf-8")
            while f"(sửa lần {number})" not in page(code):
                if time.monotonic() - start > 120:
                    raise SystemExit("the edit never showed")
                time.sleep(0.05)
            seconds.append(time.monotonic() - start)
            time.sleep(3)
        return seconds
    finally:
        for code, record in records.items():
            record.write_text(originals[code], encoding="utf-8")
        server.terminate()  # serve stops its background search index, then ends
        server.wait(120)


def rebuild_figures(content_dir: Path, out: Path, today: date, code: str) -> dict[str, float]:
    """`build.py build` again: with nothing changed (the site digest matches: nothing to do),
    then after one procedure was renamed (every build is whole: as long as the first)."""
    figures: dict[str, float] = {}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parent.parent / "build.py"), "build", "--content", str(content_dir), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    figures["rebuild, nothing changed (build.py build, whole command) s"] = time.perf_counter() - started
    record = content_dir / "tthc" / f"{code}.yml"
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("\nten: ", "\nten: (sửa) ", 1), encoding="utf-8")
    try:
        started = time.perf_counter()
        pipeline.build(content_dir, out, today=today)
        figures["rebuild, one procedure edited: total s"] = time.perf_counter() - started
    finally:
        record.write_text(original, encoding="utf-8")
    return figures


def run(scale_name: str, recall_sample: int | None, with_browser: bool, with_serve: bool = True) -> dict[str, float]:
    scale = SCALES[scale_name]
    content_dir = generate(WORK / scale_name / "content", scale)
    os.sync()  # the generator's writes reach the disk now, not during the timed stages
    out = WORK / scale_name / "site"
    stages: dict[str, float] = {}
    today = date.today()  # as `build.py build` takes it: the no-change rebuild below is the real command
    # A build from a fresh checkout: no previous site (not timed).
    shutil.rmtree(out, ignore_errors=True)
    memory = MemorySampler()
    with memory:
        started = time.perf_counter()
        pipeline.build(content_dir, out, today=today, timings=stages)  # build.py build
        stages["total"] = time.perf_counter() - started
    del stages["fingerprint"]  # part of the total; its own figure is the no-change rebuild's
    reference = Path(tempfile.mkdtemp(prefix="cchc-bench-reference-"))
    # The same rendered pages, for the plain engine and the stages' own costs (not timed).
    content = pipeline.prepare(content_dir, reference / "docs", today).content
    assert content is not None  # prepare rendered it
    url = publish.site_url(content, None)
    page_count = sum(1 for _ in (reference / "docs").rglob("*.md"))
    with tempfile.TemporaryDirectory() as folder:  # their own cost, had they not run beside MkDocs
        timed(stages, "(search index, open data, widgets alone)", lambda: publish.beside_engine(content, url, today)(Path(folder)))

    try:
        # Plain MkDocs + Material on the same pages, nav and standard extensions, with
        # Material's defaults: no overrides, no hooks, no cchc extension (`render --plain`).
        reference_config = reference / "mkdocs.yml"
        reference_config.write_text(engine.standalone_config(content.site, url, plain=True), encoding="utf-8")
        start = time.perf_counter()
        # NO_MKDOCS_2_WARNING: run as `python -m mkdocs`, Material prints its end-of-life banner
        # on stderr unless this is set (material/templates/__init__.py checks sys.argv[0]);
        # our own build runs MkDocs inside build.py, where Material never prints it.
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(reference_config)],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL,
        )
        stages["reference: plain mkdocs build"] = time.perf_counter() - start
    finally:
        shutil.rmtree(reference, ignore_errors=True)

    figures = {f"{name} s": seconds for name, seconds in stages.items()}
    figures["total / reference"] = stages["total"] / stages["reference: plain mkdocs build"]
    figures["our stages % of total"] = 100 * sum(stages[s] for s in ("load + validate", "render", "write")) / stages["total"]
    # The least those stages could take with the fixed libraries, beside the plain engine.
    figures.update(floor.figures(content_dir, today, stages["reference: plain mkdocs build"]))
    figures["pages"] = page_count
    figures["ms per page (total)"] = 1000 * stages["total"] / page_count
    figures["site MB"] = folder_size(out) / 1e6
    figures["peak memory MiB (all processes of the build)"] = memory.peak_kib / 1024
    figures.update(rebuild_figures(content_dir, out, today, sorted(content.thu_tuc)[len(content.thu_tuc) // 3]))
    if with_serve:
        codes = sorted(content.thu_tuc)
        seconds = serve_edit_seconds(content_dir, [codes[len(codes) * (2 + number) // 10] for number in range(SERVE_EDITS)])
        figures[f"serve: edit visible s (median of {SERVE_EDITS})"] = statistics.median(seconds)
        figures[f"serve: edit visible s (slowest of {SERVE_EDITS})"] = max(seconds)
    if with_browser:
        figures.update(browser_figures(out, {code: p.ten for code, p in content.thu_tuc.items()}, recall_sample))
    return figures


def search_only(scale_name: str, recall_sample: int | None) -> dict[str, float]:
    """The search figures alone (bytes of first queries, latency, recall) on a fresh build."""
    content_dir = generate(WORK / scale_name / "content", SCALES[scale_name])
    out = WORK / scale_name / "site"
    shutil.rmtree(out, ignore_errors=True)
    pipeline.build(content_dir, out)
    from cchc.records.validate import validate

    content, _ = validate(content_dir)
    figures: dict[str, float] = {"procedures": len(content.thu_tuc)}
    figures.update(browser_figures(out, {code: p.ten for code, p in content.thu_tuc.items()}, recall_sample))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="province")
    parser.add_argument("--recall-sample", type=int, help="query only this many procedures (default: all)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve edit measurement")
    parser.add_argument("--search-only", action="store_true", help="only build and measure search (bytes, latency, recall)")
    args = parser.parse_args(argv)
    if args.search_only:
        figures = search_only(args.scale, args.recall_sample)
    else:
        figures = run(args.scale, args.recall_sample, not args.no_browser, not args.no_serve)
    print(f"| {args.scale} | value |\n|---|---|")
    for name, value in figures.items():
        shown = f"{value:.1%}" if "recall (" in name else (f"{value:.2f}" if isinstance(value, float) else str(value))
        print(f"| {name} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
