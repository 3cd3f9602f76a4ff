"""The web editor (Decap CMS at /admin/): its configuration is generated from the
models and kept current; in Chromium it loads from the site itself and, with the
local backend (decap-server on a copy of the content), lists the procedures."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Response

from browser import serve
from cchc import cli
from cchc.models import KINDS
from cchc.site import admin
from cchc.tools import decap
from conftest import REPO

DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"

POLLS = 300  # of 0.1 s: up to 30 s for the editor server to start (loaded CI)


def test_committed_config_is_current() -> None:
    assert decap.CONFIG.read_text(encoding="utf-8") == decap.render(), "run `python build.py schema`"


def test_every_kind_has_a_collection_with_its_folder_and_fields() -> None:
    config = yaml.safe_load(decap.render())
    assert config["locale"] == "vi"
    assert config["publish_mode"] == "editorial_workflow"
    assert config["slug"]["encoding"] == "ascii" and config["slug"]["clean_accents"] is True
    collections = {c["name"]: c for c in config["collections"]}
    assert set(collections) == set(KINDS)
    for name, kind in KINDS.items():
        entry = collections[name]
        fields = entry["files"][0]["fields"] if kind.single else entry["fields"]
        names = {f["name"] for f in fields}
        if kind.single:
            assert entry["files"][0]["file"] == f"content/{kind.single}.yml"
        else:
            assert entry["folder"] == f"content/{kind.folder}"
            assert {"ngay_ra_soat", "chu_ky_ra_soat", "don_vi_phu_trach"} <= names
        # Every field the model has is in the form, or named in the collection's note.
        for field_name, info in kind.model.model_fields.items():
            assert field_name in names or info.title in entry.get("description", ""), (name, field_name)
    procedure = {f["name"]: f for f in collections["thu_tuc"]["fields"]}
    assert {"label": "Cấp Xã", "value": "cap_xa"} in procedure["cap_thuc_hien"]["options"]
    assert procedure["ngay_cap_nhat"]["widget"] == "datetime" and procedure["ngay_cap_nhat"]["format"] == "DD/MM/YYYY"
    assert procedure["ma"]["pattern"][0] == r"^\d\.\d{6}(\.[0-9A-Za-z]+)*$"
    assert collections["tin_tuc"]["format"] == "frontmatter" and collections["tin_tuc"]["fields"][-1]["name"] == "body"


def test_build_puts_the_editor_at_admin(built_site: Path) -> None:
    admin = built_site / "admin"
    assert (admin / "index.html").is_file() and (admin / "decap-cms.js").is_file()
    assert (admin / "config.yml").read_text(encoding="utf-8") == decap.CONFIG.read_text(encoding="utf-8")
    assert not list(admin.glob("*.map"))


def test_build_without_the_bundle_warns_and_skips_admin(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert admin.install(tmp_path, bundle_dir=tmp_path / "missing") is False
    assert "make build" in capsys.readouterr().err
    assert not (tmp_path / "admin").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Biên tập viên",
    "GIT_AUTHOR_EMAIL": "bien-tap@example.invalid",
    "GIT_COMMITTER_NAME": "Biên tập viên",
    "GIT_COMMITTER_EMAIL": "bien-tap@example.invalid",
}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY}).stdout


@pytest.fixture(params=["fs"])
def local_backend(request, tmp_path: Path):
    """decap-server on a free port over a copy of the sample content, as an editor runs it:
    "fs" writes files directly; "git" keeps each unpublished change on its own branch."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "content", repo / "content")
    if request.param == "git":
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "Nội dung mẫu")
    port = _free_port()
    env = {**os.environ, **GIT_IDENTITY, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo), "MODE": request.param}
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(POLLS):
            try:
                request = urllib.request.Request(url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
                urllib.request.urlopen(request, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("decap-server did not start")
        yield url, repo / "content"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _saved(backend_url: str) -> Callable[[Response], bool]:
    """The local backend's answer to saving an entry: in "fs" mode the file is written by then."""
    return lambda response: response.url == backend_url and '"persistEntry"' in (response.request.post_data or "")


def _admin(built_site: Path, tmp_path: Path, backend_url: str) -> Path:
    """The built /admin/, with the local backend pointed at this test's decap-server port."""
    site = tmp_path / "site"
    shutil.copytree(built_site / "admin", site / "admin")
    config = (site / "admin" / "config.yml").read_text(encoding="utf-8")
    (site / "admin" / "config.yml").write_text(config.replace("local_backend: true", f"local_backend:\n  url: {backend_url}"), encoding="utf-8")
    return site


def test_admin_lists_the_procedures_with_the_local_backend(built_site: Path, tmp_path: Path, browser, local_backend) -> None:
    local_backend, _ = local_backend
    site = _admin(built_site, tmp_path, local_backend)
    with serve(site) as site_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        outside, errors = [], []
        tab.on("request", lambda r: r.url.startswith((site_url, local_backend, "data:", "blob:")) or outside.append(r.url))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(site_url + "admin/")
        login = tab.get_by_role("button", name="Đăng nhập")  # Vietnamese locale
        login.click(timeout=30_000)
        tab.goto(site_url + "admin/#/collections/thu_tuc")
        tab.get_by_text("Đăng ký khai sinh", exact=False).first.wait_for(timeout=30_000)
        listed = tab.locator("main").inner_text()
        for code in ("1.001193", "1.000894", "2.000815"):
            assert code in listed
        assert listed.count(" · ") == len(list((REPO / "content" / "tthc").glob("*.yml")))
        # An entry opens in a form filled from its YAML file.
        tab.goto(site_url + "admin/#/collections/thu_tuc/entries/1.001193")
        tab.locator("input[id^='ten-field']").first.wait_for(timeout=30_000)
        assert tab.locator("input[id^='ten-field']").first.input_value() == "Đăng ký khai sinh"
        # "21/11/2026" in the file is read as the date it is, in the date picker.
        assert tab.locator("input[id^='ngay_ra_soat-field']").input_value() == "2026-11-21"
        assert tab.locator("input[id^='don_vi_phu_trach-field']").input_value() == "Công chức Tư pháp - Hộ tịch"
        context.close()
    assert outside == [], "the editor must load nothing from a third party"
    assert errors == []


def test_saving_a_plan_keeps_the_sections_the_form_does_not_show(built_site: Path, tmp_path: Path, browser, local_backend) -> None:
    backend_url, content = local_backend
    plan = content / "plans" / "2021-so-noi-vu-dak-lak.yml"
    before = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert before.get("phu_luc") is None  # an optional nested object the form must not demand
    with serve(_admin(built_site, tmp_path, backend_url)) as site_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(site_url + "admin/")
        tab.get_by_role("button", name="Đăng nhập").click(timeout=30_000)
        tab.goto(site_url + "admin/#/collections/ke_hoach/entries/" + plan.stem)
        place = tab.locator("input[id^='dia_danh-field']")
        place.wait_for(timeout=30_000)
        place.fill("Buôn Ma Thuột")
        tab.get_by_role("button", name="Công bố").first.click()
        with tab.expect_response(_saved(backend_url), timeout=30_000) as saved:
            tab.get_by_role("menuitem", name="Công bố ngay").click()
        assert saved.value.ok
        context.close()
    after = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert after == {**before, "dia_danh": "Buôn Ma Thuột"}
    assert cli.main(["validate", "--content", str(content)]) == 0


def _fill_new_faq(tab, site_url: str) -> None:
    """Log in to the editor and fill a new FAQ entry's form (not yet saved)."""
    tab.goto(site_url + "admin/")
    tab.get_by_role("button", name="Đăng nhập").click(timeout=30_000)
    tab.goto(site_url + "admin/#/collections/hoi_dap/new")
    tab.locator("input[id^='cau_hoi-field']").fill("Đăng ký khai sinh ở đâu?", timeout=30_000)
    tab.locator("[contenteditable]").first.click()  # the Markdown answer
    tab.keyboard.type("Tại Bộ phận Một cửa của UBND xã.")
    tab.locator("input[id^='linh_vuc-field']").fill("Hộ tịch")
    tab.locator("input[id^='ngay-field']").fill("2026-03-15")


def test_new_entry_gets_an_ascii_vietnamese_file_name_and_validates(built_site: Path, tmp_path: Path, browser, local_backend) -> None:
    backend_url, content = local_backend
    with serve(_admin(built_site, tmp_path, backend_url)) as site_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        _fill_new_faq(tab, site_url)
        tab.get_by_role("button", name="Công bố").first.click()
        with tab.expect_response(_saved(backend_url), timeout=30_000) as saved:
            tab.get_by_role("menuitem", name="Công bố ngay").click()
        assert saved.value.ok
        context.close()
    created = content / "faq" / "dang-ky-khai-sinh-o-dau.yml"
    record = yaml.safe_load(created.read_text(encoding="utf-8"))
    assert record["cau_hoi"] == "Đăng ký khai sinh ở đâu?" and record["ngay"] == "15/03/2026"
    assert cli.main(["validate", "--content", str(content)]) == 0


@pytest.mark.parametrize("local_backend", ["git"], indirect=True)
def test_editorial_workflow_keeps_each_change_on_its_own_branch(built_site: Path, tmp_path: Path, browser, local_backend) -> None:
    backend_url, content = local_backend
    repo = content.parent
    with serve(_admin(built_site, tmp_path, backend_url)) as site_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        _fill_new_faq(tab, site_url)
        tab.get_by_role("button", name="Lưu").first.click()
        tab.get_by_role("button", name="Công bố", exact=True).wait_for(timeout=30_000)  # saved as a draft, not published
        context.close()
    # The change waits on its own branch (on GitLab: a merge request); main is untouched.
    assert "cms/hoi_dap/dang-ky-khai-sinh-o-dau" in _git(repo, "branch")
    assert _git(repo, "log", "--oneline", "main").count("\n") == 1
    assert not (content / "faq" / "dang-ky-khai-sinh-o-dau.yml").exists()
    assert "dang-ky-khai-sinh-o-dau.yml" in _git(repo, "diff", "--name-only", "main", "cms/hoi_dap/dang-ky-khai-sinh-o-dau")
