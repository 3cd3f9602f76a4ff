"""What the fixed libraries cost on their own for this content: the least our stages can take.

    .venv/bin/python -m bench.floor --content bench/.work/province/content

The project fixed PyYAML, pydantic, Jinja and Python-Markdown, and decided that pages are
written to real files before the engine runs. Each is timed here alone, in CPU seconds on
one core, with none of our work around it:

- PyYAML: libyaml parsing every file into events, which carry the line numbers error
  messages need (at province scale composing the node tree, as cchc.records.yamlsource does,
  costs a fifth more; `yaml.load` with CSafeLoader, which keeps no lines, half more);
- pydantic: validating every record with its model;
- Jinja: every page's template, with every helper and filter of ours reduced to escaping
  (no citation links, no Markdown, no relative links, no slugs, no HTML-block marks, no
  JSON-LD); procedure list items are reused as the build reuses them (less Jinja work);
- Python-Markdown: the editor texts a page converts with full Markdown (the others take
  our plain-paragraph path), with the same extensions and raw HTML off;
- writing: the pages Jinja made, into an empty folder.

Divided by the cores, as if all of it parallelised perfectly, this is a floor for
"our stages" (load, validate, render, write); bench.run sets it against plain `mkdocs build`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import markdown
from markupsafe import Markup, escape

from cchc.base import memory, parallel
from cchc.pages import mdext, render, richtext
from cchc.records import loader, validate, yamlsource

LIBRARIES = ("PyYAML", "pydantic", "Jinja", "Python-Markdown", "writing")


def cpu_seconds(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    result = action()
    return time.process_time() - started, result


def _yaml_text(source: loader.Source) -> str:
    text = source.path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    if source.kind.suffix == ".md":
        match = loader._FRONT_MATTER.match(text)
        text = match.group(1) if match else ""
    return text


def _parse(text: str) -> None:
    parser = yamlsource._Loader(text)  # libyaml, with our lean resolver
    try:
        while parser.check_event():
            parser.get_event()
    finally:
        parser.dispose()


class _NoData:
    """schema_org.anything(...) → None: the JSON-LD is ours, not Jinja's."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


@contextmanager
def _escape_only(renderer: render.Renderer, markdown_texts: list[str]) -> Iterator[None]:
    """The renderer's helpers reduced to escaping; the texts given to markdown() are kept."""
    saved = (richtext.plain, render.relative, mdext.mark_html_blocks, renderer.site.markdown, dict(renderer.env.globals), dict(renderer.env.filters))
    richtext.plain = lambda text, citations=None: escape(text)
    render.relative = lambda from_url, to_url: to_url
    mdext.mark_html_blocks = lambda page: page
    renderer.site.markdown = lambda value, citations=None: markdown_texts.append(value) or escape(value)  # type: ignore[assignment]  # a stand-in
    renderer.env.globals.update(json_ld=lambda data: Markup(""), schema_org=_NoData())
    renderer.env.filters.update(heading=escape, slug=escape, meta=escape)
    try:
        yield
    finally:
        richtext.plain, render.relative, mdext.mark_html_blocks, renderer.site.markdown = saved[:4]
        renderer.env.globals.clear()
        renderer.env.globals.update(saved[4])
        renderer.env.filters.clear()
        renderer.env.filters.update(saved[5])


def _plain_markdown() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def _write(pages: dict[str, str], folder: Path) -> None:
    for parent in {(folder / path).parent for path in pages}:
        parent.mkdir(parents=True, exist_ok=True)
    for path, text in pages.items():
        (folder / path).write_bytes(text.encode("utf-8"))


def floor(content_dir: Path, today: date) -> dict[str, float]:
    """CPU seconds of each library alone on this content; the cycle collector waits, as in
    a build."""
    with memory.collector_paused():
        return _floor(content_dir, today)


def _floor(content_dir: Path, today: date) -> dict[str, float]:
    sources = loader.read_all(loader.discover(content_dir))  # untimed: read our way, for the data
    content = validate.build_content(sources, content_dir)
    seconds: dict[str, float] = {}
    yaml_texts = [_yaml_text(source) for source in sources]
    seconds["PyYAML"], _ = cpu_seconds(lambda: [_parse(text) for text in yaml_texts])
    records = [(source.kind.model, source.data) for source in sources if source.data is not None]
    seconds["pydantic"], _ = cpu_seconds(lambda: [model.model_validate(data) for model, data in records])

    renderer = render.Renderer(content, today)
    jobs = renderer.jobs()
    for name in {job[0] for job in jobs}:
        renderer.env.get_template(name)  # compiled before the clock starts, as a build does
    markdown_texts: list[str] = []
    with _escape_only(renderer, markdown_texts):
        seconds["Jinja"], pages = cpu_seconds(lambda: dict(renderer.page(name, path, **values) for name, path, values in jobs))
    converter = _plain_markdown()
    full = [text for text in markdown_texts if richtext.simple_blocks(text) is None]

    def convert() -> None:
        for text in full:
            converter.reset()
            converter.convert(text)

    seconds["Python-Markdown"], _ = cpu_seconds(convert)
    with tempfile.TemporaryDirectory() as folder:  # removed after the clock stops
        seconds["writing"], _ = cpu_seconds(lambda: _write(pages, Path(folder)))
    return seconds


def figures(content_dir: Path, today: date, engine_seconds: float | None) -> dict[str, float]:
    """The floor, and with the engine's seconds the share of a build it is at the least."""
    seconds = floor(content_dir, today)
    wall = sum(seconds.values()) / parallel.workers()
    result = {f"floor: {library} alone, CPU s": seconds[library] for library in LIBRARIES}
    result["floor: all of it, divided among the cores s"] = wall
    if engine_seconds:
        result["floor: our stages at least % of total"] = 100 * wall / (wall + engine_seconds)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--engine-seconds", type=float, help="plain `mkdocs build` of this content, for the share")
    args = parser.parse_args(argv)
    print("| floor | value |\n|---|---|")
    for name, value in figures(args.content, date.today(), args.engine_seconds).items():
        print(f"| {name} | {value:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
