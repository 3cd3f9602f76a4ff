"""Security headers for the built site: a `_headers` file (Netlify, Cloudflare
Pages and the test server read it) and an nginx snippet with the same policy.

The Content-Security-Policy allows scripts from the site itself and the few
small inline scripts the theme and our overrides write into every page
(__md_scope, the tab restore), by the SHA-256 hash of their text as it stands
in those templates: never a script found in the output, so a script that
content managed to slip into a page is not allowed. No 'unsafe-inline' for
scripts. Pagefind needs 'wasm-unsafe-eval'. Styles keep 'unsafe-inline'
(Material sets style attributes). frame-src adds YouTube's privacy-enhanced
host when a product embeds a video (click to load, overrides/assets/cchc-video.js).
frame-ancestors lists the origins of `nguon_nhung` (site.yml), the pages
allowed to frame the widgets.

Every value written into the `_headers` file and the nginx snippet is checked
for that syntax first (UnsafeValue): site.yml's addresses are validated, this
is the last guard.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse

import material

from cchc.base.errors import Abort
from cchc.models.content import Content
from cchc.pages import render

HEADERS_FILE = "_headers"
NGINX_FILE = "_nginx-headers.conf"
OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
THEME = Path(material.__file__).resolve().parent / "templates"
# The templates whose inline scripts our pages run, with mkdocs.yml's theme settings (no
# consent, version banner or dismissable announcement: those scripts are not emitted).
INLINE_SCRIPT_TEMPLATES = (
    OVERRIDES / "partials/javascripts/base.html",
    THEME / "partials/javascripts/content.html",
    THEME / "partials/javascripts/palette.html",
)
VIDEO_FRAMES = "https://www.youtube-nocookie.com"  # render.video_embed's host
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)


@functools.cache
def inline_script_hashes() -> tuple[str, ...]:
    """'sha256-…' of each inline script of INLINE_SCRIPT_TEMPLATES. A script holding a template
    expression would differ from page to page: an error of ours, caught here."""
    hashes = []
    for template in INLINE_SCRIPT_TEMPLATES:
        for body in _SCRIPT.findall(template.read_text(encoding="utf-8")):
            if "{{" in body or "{%" in body:
                raise RuntimeError(f"{template}: an inline script varies with the page; move the value into an attribute")
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            hashes.append(f"'sha256-{digest}'")
    return tuple(sorted(set(hashes)))


def origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def embeds_video(content: Content) -> bool:
    return any(p.video and p.video.lien_ket and render.video_embed(p.video.lien_ket) for p in content.san_pham.values())


def policy(content: Content) -> str:
    ancestors = " ".join(["'self'", *dict.fromkeys(origin(url) for url in content.site.nguon_nhung)])
    frames = "'self'" + (f" {VIDEO_FRAMES}" if embeds_video(content) else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' " + " ".join(inline_script_hashes()),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            f"frame-src {frames}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


def headers(content: Content) -> dict[str, str]:
    return {
        "Content-Security-Policy": policy(content),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }


# Open data and oEmbed are meant to be fetched by other sites' scripts.
SHARED = {"du-lieu/*": {"Access-Control-Allow-Origin": "*"}, "nhung/*": {"Access-Control-Allow-Origin": "*"}}

# The web editor (Decap CMS) evaluates code, talks to the git host's API (or to decap-server
# on localhost) and shows images from it: its own policy, never framed.
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline' blob:",
        "img-src 'self' data: blob: https:",
        "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
        "frame-src 'self' https:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)


class UnsafeValue(ValueError):
    """A value that would change the meaning of the file it is written into."""


# A header value: printable ASCII on one line. In nginx, inside double quotes: no quote,
# backslash or "$" (nginx expands variables in add_header). A path: what SITE_ADDRESS allows.
_HEADER_VALUE = re.compile(r"[\x20-\x7e]*")
_NGINX_UNSAFE = re.compile(r'["\\$]')
_PATH = re.compile(r"/(?:[A-Za-z0-9._~/-]|%[0-9A-Fa-f]{2})*")


def checked_path(base: str) -> str:
    if not _PATH.fullmatch(base):
        raise UnsafeValue(base)
    return base


def checked_value(value: str, nginx: bool = False) -> str:
    if not _HEADER_VALUE.fullmatch(value) or (nginx and _NGINX_UNSAFE.search(value)):
        raise UnsafeValue(value)
    return value


def headers_file(base: str, common: dict[str, str]) -> str:
    base = checked_path(base)
    common = {name: checked_value(value) for name, value in common.items()}
    lines = ["# Security headers (generated by build.py): Netlify, Cloudflare Pages and compatible hosts."]
    lines += [f"{base}*"] + [f"  {name}: {value}" for name, value in common.items()]
    for path, extra in SHARED.items():
        lines += [f"{base}{path}"] + [f"  {name}: {value}" for name, value in extra.items()]
    # "! Name" drops the site-wide value first (Cloudflare Pages); Netlify would send both
    # policies, and the editor needs the nginx snippet or its own host there (README).
    lines += [f"{base}admin/*", "  ! Content-Security-Policy", f"  Content-Security-Policy: {ADMIN_POLICY}"]
    return "\n".join(lines) + "\n"


def nginx_snippet(base: str, common: dict[str, str]) -> str:
    def add(values: dict[str, str]) -> list[str]:
        return [f'    add_header {name} "{checked_value(value, nginx=True)}" always;' for name, value in values.items()]

    base = checked_path(base)
    lines = [
        "# Security headers for the CCHC section (generated by build.py).",
        "# In the server block: include /path/to/site/_nginx-headers.conf;  (see README, Deployment)",
        f"location {base} {{",
        *add(common),
        f"    error_page 404 {base}404.html;",
    ]
    for path, extra in SHARED.items():  # nginx drops outer add_header lines in a location that has its own
        lines += [f"    location {base}{path.removesuffix('*')} {{", *["    " + line for line in add({**common, **extra})], "    }"]
    admin = {**common, "Content-Security-Policy": ADMIN_POLICY}
    lines += [f"    location {base}admin/ {{", *["    " + line for line in add(admin)], "    }"]
    return "\n".join(lines + ["}"]) + "\n"


def write(content: Content, site_dir: Path, site_url: str | None) -> None:
    base = urlparse(site_url).path or "/" if site_url else "/"
    common = headers(content)
    try:
        files = {HEADERS_FILE: headers_file(base, common), NGINX_FILE: nginx_snippet(base, common)}
    except UnsafeValue as exc:
        raise Abort(
            message=f"Không ghi được cấu hình máy chủ ({HEADERS_FILE}, {NGINX_FILE}): giá trị “{exc}” có ký tự không hợp lệ "
            "(dấu ngoặc kép, “$”, “\\”, dấu cách hay ký tự điều khiển). Hãy sửa dia_chi_trang, nguon_nhung trong site.yml hoặc --site-url"
        ) from None
    for name, text in files.items():
        (site_dir / name).write_text(text, encoding="utf-8")
