"""Material for MkDocs reaches end of life on 5 May 2027 (docs/engines.md): the rendered tree
(`python build.py render --out DIR`) builds under ProperDocs, the maintained fork of MkDocs 1.x,
into the site MkDocs builds: the same pages, titles and text a citizen reads."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import found

REPO = Path(__file__).resolve().parent.parent

# Pages a citizen opens, with what their title says (the site's name follows it).
CITIZEN_PAGES = {
    "index.html": "Chuyên trang Cải cách hành chính",
    "thu-tuc/index.html": "Thủ tục hành chính",
    "thu-tuc/1.001193/index.html": "Đăng ký khai sinh",
    "hoi-dap/index.html": "Hỏi đáp",
    "hoi-dap/dang-ky-khai-sinh-truc-tuyen/index.html": "Tôi đi làm xa, có thể đăng ký khai sinh cho con qua mạng không?",
    "tin-tuc/index.html": "Tin tức",
    "tin-tuc/2024-02-02-day-manh-truyen-thong-kiem-soat-tthc/index.html": "Đẩy mạnh truyền thông hỗ trợ công tác kiểm soát thủ tục hành chính",
    "van-ban/index.html": "Văn bản",
    "van-ban/123-2015-nd-cp/index.html": "Nghị định 123/2015/NĐ-CP",
    "ke-hoach/index.html": "Kế hoạch tuyên truyền",
    "ket-qua/index.html": "Kết quả giải quyết thủ tục hành chính",
    "san-pham/index.html": "Sản phẩm truyền thông",
    "tim-kiem/index.html": "Tìm kiếm",
    "du-lieu/index.html": "Dữ liệu mở",
    "404.html": "Chuyên trang Cải cách hành chính",
}
# The one line that names the engine: <meta name="generator" content="mkdocs-1.6.1, …">.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(engine: str, config: Path, site_dir: Path) -> None:
    """`python -m mkdocs|properdocs build` of a rendered tree, strict (its mkdocs.yml says so)."""
    # Run as `python -m mkdocs`, Material prints its end-of-life banner unless
    # NO_MKDOCS_2_WARNING is set (build.py runs MkDocs in-process, where it never prints).
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", "-q", "-f", str(config), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr


@pytest.fixture(scope="module", params=["plain", "overrides"])
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """content/ rendered once (`render --out DIR`, with `--plain` or with our overrides), then
    built by MkDocs and by ProperDocs: (MkDocs' site, ProperDocs' site)."""
    root = tmp_path_factory.mktemp(f"engines-{request.param}")
    tree = root / "tree"
    plain = ["--plain"] if request.param == "plain" else []
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "render", "--content", str(REPO / "content"), "--out", str(tree), *plain],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    _build("mkdocs", tree / "mkdocs.yml", root / "mkdocs-site")
    _build("properdocs", tree / "mkdocs.yml", root / "properdocs-site")
    return root / "mkdocs-site", root / "properdocs-site"


def _title(page: str) -> str:
    return html.unescape(found(r"<title>(.*?)</title>", page, re.S).group(1))


def _article_text(page: str) -> str:
    """What the page says: its article's text, tags removed, spaces collapsed."""
    article = re.search(r"<article[^>]*>(.*?)</article>", page, re.S)
    assert article, "the page has its content"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article.group(1)))).strip()


def test_properdocs_is_the_engine_that_built_it(sites: tuple[Path, Path]) -> None:
    mkdocs_site, properdocs_site = sites
    by_properdocs = GENERATOR.search((properdocs_site / "index.html").read_bytes())
    by_mkdocs = GENERATOR.search((mkdocs_site / "index.html").read_bytes())
    assert by_properdocs and by_mkdocs, "each page names its generator"
    assert b"ProperDocs" in by_properdocs.group(0)
    assert b"ProperDocs" not in by_mkdocs.group(0)


@pytest.mark.parametrize(("path", "title"), CITIZEN_PAGES.items(), ids=list(CITIZEN_PAGES))
def test_citizen_page_reads_the_same_under_properdocs(sites: tuple[Path, Path], path: str, title: str) -> None:
    mkdocs_site, properdocs_site = sites
    assert (properdocs_site / path).is_file(), f"ProperDocs made no {path}"
    ours = (properdocs_site / path).read_text(encoding="utf-8")
    reference = (mkdocs_site / path).read_text(encoding="utf-8")
    assert _title(ours).startswith(title)
    assert _title(ours) == _title(reference)
    text = _article_text(ours)
    assert text and text == _article_text(reference)


def test_every_file_is_the_same_but_the_generator_line(sites: tuple[Path, Path]) -> None:
    """The whole site, byte for byte, except the <meta name="generator"> that names the engine:
    pages, sitemap, assets."""
    mkdocs_site, properdocs_site = sites
    files = sorted(path.relative_to(mkdocs_site) for path in mkdocs_site.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(properdocs_site) for path in properdocs_site.rglob("*") if path.is_file())
    assert len([f for f in files if f.suffix == ".html"]) > 100
    differing = [
        str(name)
        for name in files
        if GENERATOR.sub(b"", (mkdocs_site / name).read_bytes()) != GENERATOR.sub(b"", (properdocs_site / name).read_bytes())
    ]
    assert differing == []


# What Jinja2 (Material, MkDocs, ProperDocs) accepts and minijinja (Zensical's templates) does
# not: Python methods called on values ("x".rstrip("/"), dict.update(…)). Only the once-per-folder
# cache of overrides/main.html (cchc_once, cchc_folder) still calls them: docs/engines.md lists it
# as Material-specific; anywhere else, slices and filters do (base_url[:-1], select, length).
MATERIAL_ONLY = ("cchc_once", "cchc_folder")


def test_overrides_call_no_python_method_outside_the_listed_cache() -> None:
    called: dict[str, set[str]] = {}
    for template in sorted((REPO / "overrides").rglob("*.html")):
        for tag in re.findall(r"{[{%](.*?)[}%]}", template.read_text(encoding="utf-8"), re.S):
            if any(name in tag for name in MATERIAL_ONLY):
                continue
            for method in re.findall(r"\.([A-Za-z_]\w*)\(", re.sub(r"([\"']).*?\1", "", tag)):
                called.setdefault(method, set()).add(str(template.relative_to(REPO)))
    assert called == {}
