"""The web editor's git host, chosen in admin/backend.yml: the configuration `schema`
generates for each of the four hosts a province may use (GitHub through an OAuth
proxy, GitLab.com, self-hosted GitLab CE, Gitea), and Vietnamese errors naming the
file, line and field for a file that cannot work."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from cchc import cli
from cchc.base.errors import Abort
from cchc.tools import decap, editor_backend
from conftest import REPO

GITHUB = """\
name: github
repo: ubnd-thach-ha/chuyen-trang-cchc
branch: main
base_url: https://cchc-auth.example.workers.dev/
"""
GITLAB = """\
name: gitlab
repo: ubnd-thach-ha/chuyen-trang-cchc
app_id: 0123456789abcdef
"""
GITLAB_CE = """\
name: gitlab
repo: cchc/chuyen-trang
branch: xuat-ban
app_id: 0123456789abcdef
base_url: https://git.hatinh.gov.vn
api_root: https://git.hatinh.gov.vn/api/v4/
"""
GITEA = """\
name: gitea
repo: cchc/chuyen-trang
branch: main
app_id: 4f1c2f1e-0000-4000-8000-000000000001
base_url: https://gitea.hatinh.gov.vn/
api_root: https://gitea.hatinh.gov.vn/api/v1
"""


def _generated(tmp_path: Path, text: str) -> dict:
    """admin/config.yml as `python build.py schema` writes it for this backend.yml."""
    backend = tmp_path / "backend.yml"
    backend.write_text(text, encoding="utf-8")
    return yaml.safe_load(decap.render(backend))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GITHUB,
            {
                "name": "github",
                "repo": "ubnd-thach-ha/chuyen-trang-cchc",
                "branch": "main",
                "base_url": "https://cchc-auth.example.workers.dev",
                "auth_endpoint": "auth",
            },
        ),
        (GITLAB, {"name": "gitlab", "repo": "ubnd-thach-ha/chuyen-trang-cchc", "branch": "main", "auth_type": "pkce", "app_id": "0123456789abcdef"}),
        (
            GITLAB_CE,
            {
                "name": "gitlab",
                "repo": "cchc/chuyen-trang",
                "branch": "xuat-ban",
                "auth_type": "pkce",
                "app_id": "0123456789abcdef",
                "api_root": "https://git.hatinh.gov.vn/api/v4",
                "base_url": "https://git.hatinh.gov.vn",
                "auth_endpoint": "oauth/authorize",
            },
        ),
        (
            GITEA,
            {
                "name": "gitea",
                "repo": "cchc/chuyen-trang",
                "branch": "main",
                "app_id": "4f1c2f1e-0000-4000-8000-000000000001",
                "api_root": "https://gitea.hatinh.gov.vn/api/v1",
                "base_url": "https://gitea.hatinh.gov.vn",
            },
        ),
    ],
    ids=["github", "gitlab.com", "gitlab-ce", "gitea"],
)
def test_each_host_gets_the_editor_configuration_it_needs(tmp_path: Path, text: str, expected: dict) -> None:
    config = _generated(tmp_path, text)
    assert config["backend"] == expected
    # Everything else is the same whichever host: the forms, the review workflow, the local backend.
    usual = yaml.safe_load(decap.CONFIG.read_text(encoding="utf-8"))
    assert {k: v for k, v in config.items() if k not in ("backend", "publish_mode")} == {
        k: v for k, v in usual.items() if k not in ("backend", "publish_mode")
    }
    assert config["local_backend"] is True
    if expected["name"] == "gitea":
        # Decap's Gitea backend throws "does not support editorial workflow" at start: each
        # save is a commit to the branch named (docs/deployment-hosts.md: a draft branch).
        assert "publish_mode" not in config
    else:
        assert config["publish_mode"] == "editorial_workflow"  # each change a pull/merge request


def test_github_logs_in_through_the_proxy_named(tmp_path: Path) -> None:
    """Decap opens base_url/auth_endpoint?provider=github: a proxy's own path is kept."""
    config = _generated(tmp_path, GITHUB.replace("workers.dev/", "workers.dev") + "auth_endpoint: /oauth/auth/\n")
    assert config["backend"]["base_url"] + "/" + config["backend"]["auth_endpoint"] == "https://cchc-auth.example.workers.dev/oauth/auth"


def test_every_block_of_the_committed_file_is_a_working_choice(tmp_path: Path) -> None:
    """admin/backend.yml shows the four hosts: each commented block, uncommented alone, is valid."""
    text = (REPO / "admin" / "backend.yml").read_text(encoding="utf-8")
    blocks = [block for block in text.split("\n\n") if "name:" in block]
    assert len(blocks) == 4
    hosts = set()
    for block in blocks:
        lines = [line.removeprefix("# ") for line in block.splitlines() if line.removeprefix("# ").split(":")[0] in editor_backend.ALL_KEYS]
        config = _generated(tmp_path, "\n".join(lines) + "\n")
        hosts.add(editor_backend.kind(config["backend"]))
    assert hosts == {"github", "gitlab", "gitlab-self-hosted", "gitea"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # GitHub without its proxy: Decap would send editors to Netlify's, which is not theirs.
        (
            "name: github\nrepo: a/b\n",
            "backend.yml:1: base_url: thiếu trường “base_url” cho GitHub (qua máy chủ trung gian OAuth): địa chỉ máy chủ trung gian OAuth",
        ),
        ("name: bitbucket\nrepo: a/b\n", "backend.yml:1: name: “bitbucket” không phải máy chủ git được hỗ trợ: chọn một trong github, gitlab, gitea"),
        ("repo: a/b\n", "backend.yml:1: name: thiếu trường “name”"),
        ("name: gitlab\nrepo: a/b\napp-id: 123\n", "backend.yml:3: app-id: không có trường “app-id” (gõ nhầm?)"),
        (
            "name: gitlab\nrepo: a/b\napp_id: 1\nauth_type: implicit\n",
            "backend.yml:4: auth_type: “implicit”: trang tĩnh chỉ đăng nhập GitLab được bằng “pkce”",
        ),
        (
            "name: gitlab\nrepo: https://gitlab.com/a/b.git\napp_id: 1\n",
            "backend.yml:2: repo: “https://gitlab.com/a/b.git” không đúng dạng “nhóm/tên-kho”",
        ),
        (
            "name: gitea\nrepo: a/b\napp_id: x\nbase_url: https://gitea.example.vn\napi_root: https://gitea.example.vn/api/v4\n",
            "backend.yml:5: api_root: “https://gitea.example.vn/api/v4”: API của Gitea kết thúc bằng “/api/v1”",
        ),
        (
            "name: gitea\nrepo: a/b\nbase_url: gitea.example.vn\napi_root: https://gitea.example.vn/api/v1\napp_id: x\n",
            "backend.yml:3: base_url: “gitea.example.vn” không phải địa chỉ đầy đủ bắt đầu bằng https://",
        ),
        (
            "name: gitlab\nrepo: a/b\napp_id: x\nbase_url: http://git.example.vn\napi_root: http://git.example.vn/api/v4\n",
            "backend.yml:4: base_url: “http://git.example.vn”: cần https://",
        ),
        (
            "name: github\nrepo: a/b\nbase_url: https://proxy.example.vn\napp_id: 1\n",
            "backend.yml:4: app_id: GitHub (qua máy chủ trung gian OAuth) không dùng trường “app_id”",
        ),
        ("name: gitlab\nrepo: a/b\napp_id: 1\nrepo: c/d\n", "backend.yml:4: repo: trường “repo” bị lặp lại (đã có ở dòng 2)"),
        ("name: gitlab\nrepo: 'a/b\napp_id: 1\n", "backend.yml:2: YAML không hợp lệ"),
        ("# chỉ có ghi chú\n", "backend.yml:1: name: tệp chưa có trường nào"),
    ],
    ids=[
        "github-no-proxy",
        "unknown-host",
        "no-name",
        "typo",
        "implicit",
        "repo-url",
        "gitea-api",
        "not-url",
        "plain-http",
        "github-app-id",
        "twice",
        "syntax",
        "empty",
    ],
)
def test_a_backend_that_cannot_work_is_refused_with_its_line_and_field(tmp_path: Path, text: str, expected: str) -> None:
    backend = tmp_path / "backend.yml"
    backend.write_text(text, encoding="utf-8")
    with pytest.raises(Abort) as refused:
        decap.render(backend)
    shown = [str(error) for error in refused.value.errors] + [refused.value.message]
    assert any(expected in line for line in shown), shown


def test_schema_reports_a_bad_backend_in_vietnamese_and_writes_no_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    backend = tmp_path / "admin" / "backend.yml"
    backend.parent.mkdir()
    backend.write_text("name: gitea\nrepo: a/b\nbranch: main\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(decap, "BACKEND", backend)
    monkeypatch.setattr(decap.render, "__defaults__", (backend,))
    out = tmp_path / "out"
    assert cli.main(["schema", "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("admin/backend.yml:1: app_id: thiếu trường “app_id” cho Gitea: mã ứng dụng OAuth") for line in err)
    assert any(line.startswith("admin/backend.yml:1: api_root: thiếu trường") for line in err)
    assert err[-1] == "Có 3 lỗi: hãy sửa rồi chạy lại."
    assert not (out / "config.yml").exists()


@pytest.mark.parametrize(
    ("text", "button", "expected"),
    [
        # GitHub: a popup to the proxy, which hands over to GitHub.
        (GITHUB, "Đăng nhập bằng GitHub", "https://cchc-auth.example.workers.dev/auth?provider=github"),
        # GitLab and Gitea: the page itself goes to the host's authorize page with its PKCE challenge.
        (GITLAB, "Đăng nhập bằng GitLab", "https://gitlab.com/oauth/authorize?client_id=0123456789abcdef"),
        (GITLAB_CE, "Đăng nhập bằng GitLab", "https://git.hatinh.gov.vn/oauth/authorize?client_id=0123456789abcdef"),
        (GITEA, "Đăng nhập bằng Gitea", "https://gitea.hatinh.gov.vn/login/oauth/authorize?client_id=4f1c2f1e-0000-4000-8000-000000000001"),
    ],
    ids=["github", "gitlab.com", "gitlab-ce", "gitea"],
)
def test_the_editor_logs_in_where_the_backend_says(built_site: Path, tmp_path: Path, browser, text: str, button: str, expected: str) -> None:
    """In Chromium: /admin/ with each generated configuration starts with no error, shows the
    host's login button in Vietnamese, and the button leads to the proxy or host named."""
    from browser import serve

    site = tmp_path / "site"
    shutil.copytree(built_site / "admin", site / "admin")
    config = _generated(tmp_path, text)
    del config["local_backend"]  # as on the agency's own address, not localhost
    (site / "admin" / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with serve(site) as site_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        leaving: list[str] = []

        def outside(route) -> None:  # the login pages of the host: recorded, never reached
            leaving.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<title>đăng nhập</title>")

        context.route(lambda url: not url.startswith(site_url), outside)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(site_url + "admin/")
        login = tab.get_by_role("button", name=button)
        login.wait_for(timeout=30_000)
        assert leaving == [], "nothing leaves the site before the editor asks to log in"
        with context.expect_event("request", predicate=lambda request: request.url.startswith(expected), timeout=30_000) as went:
            login.click()
        url = went.value.url
        if expected.startswith("https://cchc-auth"):
            assert "site_id=" in url
        else:
            assert f"redirect_uri={quote(site_url + 'admin/', safe='')}" in url and "code_challenge=" in url and "response_type=code" in url
        context.close()
    assert errors == []


def test_the_guide_shows_the_errors_schema_really_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/deployment-hosts.md: the example file and the lines `schema` prints for it."""
    guide = (REPO / "docs" / "deployment-hosts.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Chọn máy chủ git") :]
    example = section.split("với tệp:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    shown = section.split("lệnh báo (rồi", 1)[1].split("```\n", 1)[1].split("```", 1)[0].strip().splitlines()
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "backend.yml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Abort) as refused:
        editor_backend.load(Path("admin/backend.yml"))
    assert [str(error) for error in refused.value.errors] == shown
    for name in ("GitHub", "GitLab.com", "GitLab tự cài đặt", "Gitea", "Máy chủ tĩnh bất kỳ"):
        assert f"## {name}" in guide, name
