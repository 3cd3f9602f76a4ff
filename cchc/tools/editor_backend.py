"""Where the web editor (/admin/, Decap CMS) saves changes and how editors log in: the
one hand-edited file `admin/backend.yml`, read and checked here, turned into the
`backend` section of the generated `admin/config.yml` (cchc/tools/decap.py).

Four hosts, told apart by `name` and, for GitLab, by whether `api_root` is given:

- GitHub (`name: github`): GitHub has no login a static page can do alone, so an OAuth
  proxy (decap-proxy or sveltia-cms-auth on Cloudflare Workers, or a self-hosted one)
  does it: `base_url` is its address, `auth_endpoint` its path (default `auth`).
- GitLab.com (`name: gitlab`): PKCE login with the OAuth application's `app_id`, no server.
- Self-hosted GitLab CE (`name: gitlab` with `api_root`): the same, on the agency's
  server: `base_url`, `api_root` (…/api/v4), `auth_endpoint` (default `oauth/authorize`).
- Gitea (`name: gitea`): PKCE login with `app_id` on `base_url`, API at `api_root` (…/api/v1).
  Decap has no editorial workflow for Gitea: each save is a commit to `branch`.

Every mistake is reported as `admin/backend.yml:LINE: FIELD: message`, in Vietnamese.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cchc.base.errors import Abort, ContentError
from cchc.records import yamlsource
from cchc.records.loader import shown_path

HOSTS = ("github", "gitlab", "gitea")
# The keys each host takes, in the order they are written into the generated configuration.
KEYS = {
    "github": ("name", "repo", "branch", "base_url", "auth_endpoint"),
    "gitlab": ("name", "repo", "branch", "auth_type", "app_id"),
    "gitlab-self-hosted": ("name", "repo", "branch", "auth_type", "app_id", "api_root", "base_url", "auth_endpoint"),
    "gitea": ("name", "repo", "branch", "app_id", "api_root", "base_url"),
}
ALL_KEYS = ("name", "repo", "branch", "auth_type", "app_id", "api_root", "base_url", "auth_endpoint")
TITLES = {
    "github": "GitHub (qua máy chủ trung gian OAuth)",
    "gitlab": "GitLab.com",
    "gitlab-self-hosted": "GitLab tự cài đặt (GitLab CE)",
    "gitea": "Gitea",
}
REPO = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+")
BRANCH = re.compile(r"[A-Za-z0-9_./-]+")
ENDPOINT = re.compile(r"[A-Za-z0-9_./-]+")
EXAMPLE = {
    "repo": "ubnd-thach-ha/chuyen-trang-cchc",
    "branch": "main",
    "base_url": {
        "github": "https://cchc-auth.ten-cua-ban.workers.dev",
        "gitlab-self-hosted": "https://git.hatinh.gov.vn",
        "gitea": "https://gitea.hatinh.gov.vn",
    },
    "api_root": {"gitlab-self-hosted": "https://git.hatinh.gov.vn/api/v4", "gitea": "https://gitea.hatinh.gov.vn/api/v1"},
    "auth_endpoint": {"github": "auth", "gitlab-self-hosted": "oauth/authorize"},
}


def has_editorial_workflow(backend: dict) -> bool:
    """Whether Decap's editorial workflow (each change a pull/merge request) works with this
    host: GitHub and GitLab; Decap's Gitea backend refuses to start with it, so there each
    save is a commit to `branch` (docs/deployment-hosts.md: a draft branch, merged to publish)."""
    return backend.get("name") in ("github", "gitlab")


def kind(backend: dict) -> str:
    """github, gitlab, gitlab-self-hosted or gitea: which of the four a (checked) section is."""
    if backend.get("name") == "gitlab" and ("api_root" in backend or "base_url" in backend):
        return "gitlab-self-hosted"
    return str(backend.get("name"))


def _example(key: str, host: str) -> str:
    value = EXAMPLE.get(key)
    if isinstance(value, dict):
        value = value.get(host)
    return f" Ví dụ: {key}: {value}" if value else ""


def check(data: Any, positions: dict, path: str) -> list[ContentError]:
    """The problems of backend.yml's data (as yamlsource.parse read it), each on its line."""
    top = positions.get((), 1)
    if not isinstance(data, dict):
        return [ContentError(path, top, "", "cần các dòng “tên_trường: giá_trị” (name, repo, branch…), không phải danh sách hay một giá trị")]
    errors: list[ContentError] = []

    def line(key: str) -> int:
        return positions.get((key,), top)

    def error(key: str, message: str) -> None:
        errors.append(ContentError(path, line(key), key, message))

    name = data.get("name")
    if "name" not in data:
        return [ContentError(path, top, "name", "thiếu trường “name”: nơi lưu nội dung, một trong: github, gitlab, gitea")]
    if name not in HOSTS:
        return [ContentError(path, line("name"), "name", f"“{name}” không phải máy chủ git được hỗ trợ: chọn một trong github, gitlab, gitea")]
    host = kind(data)
    allowed = KEYS[host]
    for key in data:
        if key not in allowed:
            if key in ALL_KEYS:
                error(key, f"{TITLES[host]} không dùng trường “{key}”: hãy xoá dòng này (các trường dùng được: {', '.join(allowed)})")
            else:
                error(key, f"không có trường “{key}” (gõ nhầm?): các trường dùng được cho {TITLES[host]}: {', '.join(allowed)}")
    for key, value in data.items():
        if key in allowed and not isinstance(value, str):
            error(key, f"cần một chuỗi chữ, không phải “{value}”.{_example(key, host)}")
    required = {"repo"} | {
        "github": {"base_url"},
        "gitlab": {"app_id"},
        "gitlab-self-hosted": {"app_id", "api_root", "base_url"},
        "gitea": {"app_id", "api_root", "base_url"},
    }[host]
    why = {
        "base_url": "địa chỉ máy chủ trung gian OAuth (decap-proxy, sveltia-cms-auth…), vì GitHub không cho trang tĩnh tự đăng nhập"
        if host == "github"
        else "địa chỉ máy chủ git của cơ quan",
        "app_id": "mã ứng dụng OAuth (Application ID hoặc Client ID) tạo trên máy chủ git, với địa chỉ chuyển hướng là trang /admin/",
        "api_root": "địa chỉ API của máy chủ git",
        "repo": "kho chứa nội dung, dạng “nhóm/tên-kho”",
    }
    for key in sorted(required - set(data), key=allowed.index):
        errors.append(ContentError(path, top, key, f"thiếu trường “{key}” cho {TITLES[host]}: {why[key]}.{_example(key, host)}"))
    text = {key: value for key, value in data.items() if key in allowed and isinstance(value, str)}
    if "repo" in text and not REPO.fullmatch(text["repo"]):
        error("repo", f"“{text['repo']}” không đúng dạng “nhóm/tên-kho” (không có địa chỉ https://, không có .git ở cuối).{_example('repo', host)}")
    if "branch" in text and not BRANCH.fullmatch(text["branch"]):
        error("branch", f"“{text['branch']}” không phải tên nhánh.{_example('branch', host)}")
    if "app_id" in text and not text["app_id"].strip():
        error("app_id", "đang để trống: dán mã ứng dụng OAuth (Application ID / Client ID) vào đây")
    if "auth_type" in text and text["auth_type"] != "pkce":
        error(
            "auth_type",
            f"“{text['auth_type']}”: trang tĩnh chỉ đăng nhập GitLab được bằng “pkce” (không cần máy chủ): ghi auth_type: pkce hoặc xoá dòng này",
        )
    if "auth_endpoint" in text and (not ENDPOINT.fullmatch(text["auth_endpoint"]) or "://" in text["auth_endpoint"]):
        error(
            "auth_endpoint", f"“{text['auth_endpoint']}”: chỉ ghi đường dẫn sau base_url, không ghi địa chỉ đầy đủ.{_example('auth_endpoint', host)}"
        )
    for key in ("base_url", "api_root"):
        if key not in text:
            continue
        parts = urlsplit(text[key])
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
            error(key, f"“{text[key]}” không phải địa chỉ đầy đủ bắt đầu bằng https://.{_example(key, host)}")
        elif parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1"):
            error(key, f"“{text[key]}”: cần https:// (mật khẩu và mã đăng nhập không được gửi qua http://).{_example(key, host)}")
    suffix = {"gitlab-self-hosted": "/api/v4", "gitea": "/api/v1"}.get(host)
    if suffix and "api_root" in text and not text["api_root"].rstrip("/").endswith(suffix):
        error("api_root", f"“{text['api_root']}”: API của {TITLES[host]} kết thúc bằng “{suffix}”.{_example('api_root', host)}")
    if host in ("gitlab-self-hosted", "gitea") and "api_root" in text and "base_url" in text:
        api, base = urlsplit(text["api_root"]).netloc, urlsplit(text["base_url"]).netloc
        if api and base and api != base:
            error("api_root", f"máy chủ “{api}” khác máy chủ của base_url (“{base}”): hai địa chỉ phải cùng một máy chủ git")
    if host == "gitlab-self-hosted" and "base_url" in text and urlsplit(text["base_url"]).hostname == "gitlab.com":
        error("base_url", "GitLab.com không cần base_url và api_root: xoá hai dòng này (chúng chỉ dành cho GitLab tự cài đặt)")
    return errors


def section(data: dict) -> dict:
    """The Decap `backend` section of a checked file: its keys in a fixed order, with the
    defaults each host needs written out (branch, PKCE, the OAuth paths)."""
    host = kind(data)
    out: dict[str, Any] = {"name": data["name"], "repo": data["repo"], "branch": data.get("branch", "main")}
    if host in ("gitlab", "gitlab-self-hosted"):
        out["auth_type"] = "pkce"
    if host == "github":
        out["base_url"] = data["base_url"].rstrip("/")
        out["auth_endpoint"] = data.get("auth_endpoint", "auth").strip("/")
    else:
        out["app_id"] = data["app_id"]
    if host in ("gitlab-self-hosted", "gitea"):
        out["api_root"] = data["api_root"].rstrip("/")
        out["base_url"] = data["base_url"].rstrip("/")
    if host == "gitlab-self-hosted":
        out["auth_endpoint"] = data.get("auth_endpoint", "oauth/authorize").strip("/")
    return out


def load(path: Path) -> dict:
    """admin/backend.yml's Decap `backend` section; Abort with every problem otherwise."""
    shown = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Abort(message=f"{shown}: không có tệp này (nơi trình biên tập web lưu nội dung: xem docs/deployment-hosts.md)") from None
    except UnicodeDecodeError:
        raise Abort([ContentError(shown, 1, "", "tệp không phải UTF-8: hãy lưu lại với bảng mã UTF-8")]) from None
    data, positions, errors = yamlsource.parse(text, shown)
    if data is None and len(errors) == 1 and errors[0].message.startswith("tệp rỗng"):
        errors = [ContentError(shown, 1, "name", "tệp chưa có trường nào: cần ít nhất name, repo và cách đăng nhập (xem docs/deployment-hosts.md)")]
    if errors:
        raise Abort(errors)
    errors = check(data, positions, shown)
    if errors:
        raise Abort(errors)
    return section(data)
