"""Deployment: the sample built with a sub-path site URL and served under
/cchc/ with the headers of its own `_headers` file, as a static host would.
In Chromium: every internal link answers (no 404) and no page reports a
Content-Security-Policy violation; search works under that policy; the
widgets load in iframes of a page on another origin, resize themselves and
are refused to origins not in `nguon_nhung`. The CI templates: every command is in
docs/deployment.md, every Action pinned by commit, downloads cached on their lock
files (never the site), and update automation for pip, npm and the Actions."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from cchc.outputs import embed
from cchc.records.validate import validate
from cchc.site import pipeline
from conftest import REPO, found
from hosting import host

SITE_URL = "https://example.gov.vn/cchc/"
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  (window.__csp = window.__csp || []).push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory):
    """The main portal: a page on another origin (localhost vs 127.0.0.1) allowed to embed."""
    folder = tmp_path_factory.mktemp("portal")
    with host(folder, headers=False) as url:
        yield folder, url.replace("127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory, portal):
    """The sample content, allowing the test portal to embed, built for https://example.gov.vn/cchc/."""
    work = tmp_path_factory.mktemp("deploy")
    content = work / "content"
    shutil.copytree(REPO / "content", content)
    site_yml = content / "site.yml"
    site_yml.write_text(
        site_yml.read_text(encoding="utf-8").replace("nguon_nhung:\n", f"nguon_nhung:\n  - {portal[1].rstrip('/')}\n"), encoding="utf-8"
    )
    out = work / "site"
    pipeline.build(content, out, SITE_URL)
    with host(out, prefix="/cchc/") as url:
        yield out, url


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.csp_console = []
    page.on(
        "console",
        lambda message: ("Content Security Policy" in message.text or "Refused to" in message.text) and page.csp_console.append(message.text),
    )
    yield page
    context.close()


def _is_page(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith("/") or path.endswith(".html")


def test_every_internal_link_answers_with_no_csp_violation(hosted, tab) -> None:
    _, base = hosted
    origin = base[: base.index("/cchc/")]
    failures: list[str] = []
    tab.on(
        "response",
        lambda response: response.url.startswith(origin) and response.status >= 400 and failures.append(f"{response.status} {response.url}"),
    )
    seen, queue, pages = {base}, deque([base]), 0
    while queue:
        url = queue.popleft()
        if not _is_page(url):
            response = tab.request.get(url)
            if response.status != 200:
                failures.append(f"{response.status} {url}")
            continue
        response = tab.goto(url)
        pages += 1
        assert response is not None
        if response.status != 200:
            failures.append(f"{response.status} {url}")
            continue
        violations = tab.evaluate("window.__csp || []")
        assert violations == [] and tab.csp_console == [], (url, violations, tab.csp_console)
        for href in tab.eval_on_selector_all("a[href], link[href]", "nodes => nodes.map(n => n.href)"):
            target = urldefrag(href)[0]
            if target.startswith(base) and target not in seen:
                seen.add(target)
                queue.append(target)
    assert failures == [], "\n".join(sorted(set(failures))[:30])
    assert pages > 120  # records, lists, data and widget pages were all reached
    assert {base + "du-lieu/", base + "nhung/", base + "du-lieu/thu-tuc.csv", base + "tin-tuc/atom.xml"} <= seen


def test_sub_path_404_page_is_styled_under_the_policy(hosted, tab) -> None:
    _, base = hosted
    response = tab.goto(base + "khong-co-trang-nay/")
    assert response.status == 404
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
    tab.wait_for_load_state("load")
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    home = tab.locator("a.md-header__button.md-logo").get_attribute("href")
    assert tab.request.get(urljoin(tab.url, home)).status == 200
    assert tab.evaluate("window.__csp || []") == [] and tab.csp_console == []


def test_search_works_under_the_policy(hosted, tab) -> None:
    _, base = hosted
    response = tab.goto(base + "tim-kiem/?q=ho tich")
    assert "wasm-unsafe-eval" in response.headers["content-security-policy"]
    tab.wait_for_selector(".cchc-search-page-list a")
    assert tab.locator(".cchc-search-page-list a").count() > 0
    assert tab.evaluate("window.__csp || []") == [] and tab.csp_console == []


def test_video_plays_under_the_policy(hosted, tab) -> None:
    """The click-to-load video: its frame is allowed by the site's own frame-src."""
    _, base = hosted
    tab.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>video</title><p id=played>video</p>"),
    )
    tab.goto(base + "san-pham/")
    tab.locator(".cchc-video-facade a").first.click()
    tab.wait_for_selector("iframe.cchc-video-frame")
    frame = tab.frame_locator("iframe.cchc-video-frame")
    assert frame.locator("#played").inner_text(timeout=10000) == "video"
    assert tab.evaluate("window.__csp || []") == [] and tab.csp_console == []


def _listener(hosted_url: str, widget: embed.Widget) -> str:
    """The snippet's script as the portal pastes it, for the test host's origin (not the site URL
    the sample was built for)."""
    return embed.snippet(widget, hosted_url).split("\n")[1]


def _portal_page(hosted_url: str, widgets: list[embed.Widget], listener: bool = True) -> str:
    frames = "\n".join(
        f'<iframe id="w{i}" src="{hosted_url}{w.url}" height="{w.height}" data-cchc-nhung title="{w.kind}"></iframe>' for i, w in enumerate(widgets)
    )
    return f"<!doctype html><html><head>{MESSAGE_LOG}</head><body>{frames}{_listener(hosted_url, widgets[0]) if listener else ''}</body></html>"


# Every message the portal receives, with the frame it came from: what a failure reports.
MESSAGE_LOG = """<script>addEventListener("message", function (e) {
  var frames = Array.prototype.slice.call(document.querySelectorAll("iframe"));
  (window.__messages = window.__messages || []).push([frames.findIndex(function (f) { return f.contentWindow === e.source; }), e.data]);
});</script>"""


def _wait_for_height(tab, index: int, url: str) -> None:
    """Until the portal has set frame `index`'s height; on a timeout, says what each side saw."""
    try:
        tab.wait_for_function(f"document.getElementById('w{index}').style.height !== ''", timeout=15000)
    except PlaywrightTimeoutError:
        frame = tab.frame(url=url)
        inside = frame and frame.evaluate(
            "[document.readyState, Math.ceil(document.documentElement.getBoundingClientRect().height), innerWidth, innerHeight]"
        )
        received = [m for m in tab.evaluate("window.__messages || []") if m[0] == index]
        raise AssertionError(f"{url}: no height set; frame (state, height, width, viewport height) {inside}; its messages {received}") from None


def _shows_whole_widget(frame) -> int:
    """Until the frame is as tall as its widget (no scroll bar, no blank space below it), then
    that the widget's last line, its source, shows in full: what the portal's reader sees.
    The frame's viewport is the height the portal gave it. Returns the widget's height."""
    frame.wait_for_function("Math.abs(innerHeight - Math.ceil(document.documentElement.getBoundingClientRect().height)) <= 1", timeout=15000)
    height, inner, bottom = frame.evaluate(
        "[innerHeight, Math.ceil(document.documentElement.getBoundingClientRect().height), document.querySelector('.cchc-w__source').getBoundingClientRect().bottom]"
    )
    assert 0 < bottom <= height, (frame.url, bottom, height)
    return inner


def test_every_widget_loads_and_resizes_in_another_origins_iframe(hosted, portal, tab) -> None:
    out, base = hosted
    folder, portal_url = portal
    content = validate(REPO / "content")[0]
    widgets = embed.widgets(content)  # every widget, not one of each kind
    assert {w.kind for w in widgets} == set(embed.KINDS) and len(widgets) > 30
    (folder / "index.html").write_text(_portal_page(base, widgets), encoding="utf-8")
    tab.set_viewport_size({"width": 500, "height": 900})
    tab.goto(portal_url)
    for index, widget in enumerate(widgets):
        # As a reader scrolls to it: Chromium holds back layout callbacks in a cross-origin
        # frame out of view, so its last report waits until it shows (seen once in CI).
        tab.locator(f"#w{index}").scroll_into_view_if_needed()
        frame = tab.frame_locator(f"#w{index}")
        assert frame.locator(".cchc-w__source").is_visible()
        # The widget told the portal its height and the listener applied it.
        _wait_for_height(tab, index, base + widget.url)
        inner = _shows_whole_widget(tab.frame(url=base + widget.url))  # the last report wins once the widget's layout settles
        reported = int(tab.evaluate(f"parseInt(document.getElementById('w{index}').style.height)"))
        assert abs(reported - inner) <= 1 and reported != widget.height, (widget.url, reported, inner)
    assert tab.csp_console == []


def test_widgets_resize_when_the_portal_listens_after_they_loaded(hosted, portal, tab) -> None:
    """A portal whose CMS runs pasted scripts late: every widget has reported before anyone
    listened, and the snippet's script must still get each frame its height."""
    _, base = hosted
    folder, portal_url = portal
    widgets = [widget for _, widget in embed.examples(validate(REPO / "content")[0]) if widget]
    (folder / "late.html").write_text(_portal_page(base, widgets, listener=False), encoding="utf-8")
    tab.goto(portal_url + "late.html")  # waits for the load event, which waits for the frames
    for widget in widgets:
        tab.frame(url=base + widget.url).wait_for_function("document.readyState === 'complete'")
    script = _listener(base, widgets[0])
    tab.add_script_tag(content=script[len("<script>") : -len("</script>")])
    for index in range(len(widgets)):
        tab.locator(f"#w{index}").scroll_into_view_if_needed()
        _wait_for_height(tab, index, base + widgets[index].url)
        assert _shows_whole_widget(tab.frame(url=base + widgets[index].url)) != widgets[index].height


def test_widgets_refuse_an_origin_not_allowed(hosted, tmp_path: Path, tab) -> None:
    _, base = hosted
    (tmp_path / "index.html").write_text(f'<!doctype html><iframe id="w" src="{base}nhung/tin-moi/"></iframe>', encoding="utf-8")
    with host(tmp_path, headers=False) as other:
        # Chromium reports the refusal once the frame's response arrived.
        with tab.expect_console_message(lambda message: "frame-ancestors" in message.text, timeout=10_000):
            tab.goto(other)
        assert any("frame-ancestors" in message for message in tab.csp_console)
        assert tab.frame(url=base + "nhung/tin-moi/") is None or tab.frame(url=base + "nhung/tin-moi/").locator(".cchc-w__source").count() == 0


def test_oembed_describes_each_widget(hosted) -> None:
    import json

    out, _ = hosted
    for widget in embed.widgets(validate(REPO / "content")[0]):
        data = json.loads((out / widget.url / "oembed.json").read_text(encoding="utf-8"))
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert data["width"] > 0 and f'height="{data["height"]}"' in data["html"]
        assert f'src="{SITE_URL}{widget.url}"' in data["html"]


def test_headers_allow_the_configured_origins_only(hosted, portal) -> None:
    out, _ = hosted
    text = (out / "_headers").read_text(encoding="utf-8")
    policy = found(r"Content-Security-Policy: (.*)", text).group(1)
    ancestors = found(r"frame-ancestors ([^;]*)", policy).group(1).split()
    assert ancestors == ["'self'", portal[1].rstrip("/"), "https://thachha.hatinh.gov.vn"]
    assert "'unsafe-inline'" not in found(r"script-src ([^;]*)", policy).group(1)
    nginx = (out / "_nginx-headers.conf").read_text(encoding="utf-8")
    assert "location /cchc/ {" in nginx and policy in nginx and "error_page 404 /cchc/404.html;" in nginx


def test_build_with_a_broken_record_exits_1_and_keeps_the_site(site: Path) -> None:
    """Through the real command line: a record that fails its model."""
    command = [sys.executable, str(REPO / "build.py"), "build", "--content", "content", "--out", "site", "--site-url", SITE_URL]
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    before = {str(p.relative_to("site")): p.read_bytes() for p in sorted(Path("site").rglob("*")) if p.is_file()}
    procedure = site / "tthc" / "1.001193.yml"
    procedure.write_text(procedure.read_text(encoding="utf-8").replace("ten: Đăng ký khai sinh", "ten: [Đăng ký khai sinh]", 1), encoding="utf-8")
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1
    assert "content/tthc/1.001193.yml" in result.stderr and "Tên thủ tục" in result.stderr
    after = {str(p.relative_to("site")): p.read_bytes() for p in sorted(Path("site").rglob("*")) if p.is_file()}
    assert after == before


# --- Pipelines -----------------------------------------------------------------


def _deploy_guide() -> str:
    """The deployment guide the README links: every pipeline command must be written there."""
    return (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")


def _commands(script: list[str] | str) -> list[str]:
    lines = script if isinstance(script, list) else script.splitlines()
    return [line.strip() for line in lines if line.strip()]


def test_github_workflow_rebuilds_on_merge_and_daily() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"])
    runs = [command for job in workflow["jobs"].values() for step in job["steps"] if "run" in step for command in _commands(step["run"])]
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert any(use.startswith("actions/deploy-pages@") for use in uses)
    guide = _deploy_guide()
    for command in runs:
        assert command in guide, command
    assert any(command.startswith("make test") for command in runs) and any("make build SITE_URL=" in command for command in runs)


def test_gitlab_pipeline_rebuilds_on_merge_and_daily() -> None:
    pipeline_file = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    pages = pipeline_file["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    rules = " ".join(rule.get("if", "") for rule in pages["rules"])
    assert "$CI_DEFAULT_BRANCH" in rules and '"schedule"' in rules
    guide = _deploy_guide()
    commands = [command for job in pipeline_file.values() if isinstance(job, dict) and "script" in job for command in _commands(job["script"])]
    for command in commands:
        assert command in guide, command
    assert any("make build SITE_URL=" in command for command in commands)


def test_make_build_passes_the_site_url() -> None:
    result = subprocess.run(["make", "-n", "build", "SITE_URL=https://example.gov.vn/cchc/"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0
    assert "build.py build --site-url https://example.gov.vn/cchc/" in result.stdout


def test_site_url_must_be_a_full_address(site: Path, capsys: pytest.CaptureFixture) -> None:
    from cchc import cli

    assert cli.main(["build", "--content", "content", "--out", "site", "--site-url", "example.gov.vn/cchc"]) == 1
    assert (
        "--site-url “example.gov.vn/cchc”: cần là địa chỉ đầy đủ bắt đầu bằng https:// hoặc http://, ví dụ https://example.gov.vn/cchc/"
        in capsys.readouterr().err
    )
    assert not Path("site").exists()


def test_failure_while_publishing_leaves_the_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last stage (headers, after pages, data and widgets are written) fails: nothing is swapped in."""
    from cchc.site import headers

    out = Path("site")
    pipeline.build(site, out, SITE_URL)
    before = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(headers, "write", broken)
    faq = site / "faq" / "khai-sinh-le-phi.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("miễn lệ phí", "miễn lệ phí hoàn toàn"), encoding="utf-8")
    with pytest.raises(OSError):
        pipeline.build(site, out, SITE_URL)
    assert {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before
    assert sorted(path.name for path in Path(".").iterdir()) == ["content", "site"]


# --- Pinned actions, download caches and update automation -----------------------

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
SHA_PIN = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")


def test_every_action_is_pinned_by_commit_with_its_tag_beside_it() -> None:
    """A tag can be moved to other code; a commit cannot. The comment says which release it is."""
    assert WORKFLOWS
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        workflow = yaml.safe_load(text)
        uses = [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]
        uses += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]  # reusable workflows
        assert uses, path
        for use in uses:
            assert SHA_PIN.fullmatch(use), f"{path.name}: {use} is not pinned by a 40-hex commit"
            assert re.search(rf"uses: {re.escape(use)}\s+# v\d+(\.\d+)*\n", text), f"{path.name}: {use} has no “# vX.Y.Z” comment"


def _github_caches() -> dict[str, str]:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    return {step["with"]["path"]: step["with"]["key"] for step in steps if step.get("uses", "").startswith("actions/cache@")}


def test_github_caches_the_downloads_keyed_on_their_lock_files_and_never_the_site() -> None:
    caches = _github_caches()
    assert "hashFiles('requirements.lock')" in caches["~/.cache/pip"]
    assert "hashFiles('package-lock.json')" in caches["~/.npm"]
    assert "hashFiles('package-lock.json')" in caches["vendor/decap-cms"]
    assert ".cache/apt" in caches  # Chromium's Debian packages, with `make test APT_CACHE=.cache/apt`
    workflow = (REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "make test APT_CACHE=.cache/apt" in workflow
    assert not {path for path in caches if path.split("/")[0] in ("site", ".build", "public")}


def test_gitlab_caches_the_downloads_keyed_on_their_lock_files_and_never_the_site() -> None:
    pipeline_file = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    variables = pipeline_file["variables"]
    assert variables["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip" and variables["npm_config_cache"] == "$CI_PROJECT_DIR/.cache/npm"
    for job in ("test", "pages"):
        caches = {cache["paths"][0]: cache["key"] for cache in pipeline_file[job]["cache"]}
        assert caches[".cache/pip"]["files"] == ["requirements.lock"], job
        assert caches["vendor/decap-cms"]["files"] == ["package-lock.json"], job
        assert not {path for path in caches if path.split("/")[0] in ("site", ".build", "public")}, job
    test_caches = {cache["paths"][0]: cache["key"] for cache in pipeline_file["test"]["cache"]}
    assert test_caches[".cache/npm"]["files"] == ["package-lock.json"]
    assert ".cache/apt" in test_caches and "make test APT_CACHE=.cache/apt" in pipeline_file["test"]["script"]
    assert len(pipeline_file["test"]["cache"]) <= 4  # GitLab's limit per job


def test_update_automation_covers_python_npm_and_the_actions() -> None:
    dependabot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert dependabot["version"] == 2
    assert {update["package-ecosystem"] for update in dependabot["updates"]} >= {"pip", "npm", "github-actions"}
    assert all(update["directory"] == "/" and update["schedule"]["interval"] for update in dependabot["updates"])
    import json

    renovate = json.loads((REPO / "renovate.json").read_text(encoding="utf-8"))
    assert {"pep621", "pip_requirements", "npm", "github-actions"} <= set(renovate["enabledManagers"])
    patterns = [pattern.strip("/") for pattern in renovate["pip_requirements"]["managerFilePatterns"]]
    assert any(re.search(pattern, "requirements.lock") for pattern in patterns)  # the lock, not only pyproject.toml
    assert "helpers:pinGitHubActionDigests" in renovate["extends"]


def test_the_caches_stay_out_of_git() -> None:
    """CI keeps its downloads in .cache/ of the checkout: ignored, never committed."""
    ignored = subprocess.run(["git", "check-ignore", "-q", ".cache/pip/x"], cwd=REPO)
    assert ignored.returncode == 0
