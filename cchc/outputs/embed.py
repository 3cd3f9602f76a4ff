"""Widgets for the main portal under /nhung/: small standalone pages (one CSS,
one script, no Material) that load fast in an iframe and work under a
sub-path (every link relative). Each reports its height to the embedding page
by postMessage ({type: "cchc-nhung", height}) and has an oEmbed JSON beside it.

Which sites may frame them is `nguon_nhung` in site.yml; it reaches the
Content-Security-Policy's frame-ancestors (cchc/site/headers.py).
"""
from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from cchc.base import formatting, urls
from cchc.base.errors import stop_if
from cchc.base.text import slugify
from cchc.domain import tracking
from cchc.domain.labels import LABELS
from cchc.models import thu_tuc
from cchc.models.content import Content

FOLDER = "nhung"
NEWS_COUNT = 5
ASSETS = Path(__file__).resolve().parents[1] / "pages" / "templates"
MESSAGE = "cchc-nhung"


@dataclass
class Widget:
    url: str  # relative to the site root, "nhung/tin-moi/"
    kind: str  # tin_moi, tim_thu_tuc, thu_tuc, hoi_dap, ke_hoach
    title: str
    height: int  # initial iframe height before the widget reports its own
    values: dict[str, Any] = field(default_factory=dict)


KINDS = {
    "tin_moi": "Tin mới",
    "tim_thu_tuc": "Ô tra cứu thủ tục",
    "thu_tuc": "Thẻ thủ tục theo mã",
    "hoi_dap": "Hỏi đáp theo lĩnh vực",
    "ke_hoach": "Tiến độ kế hoạch",
}


def faq_fields(content: Content) -> dict[str, list]:
    """lĩnh vực → its questions, newest first."""
    fields: dict[str, list] = {}
    for faq_id, faq in sorted(content.hoi_dap.items(), key=lambda item: (item[1].ngay, item[0]), reverse=True):
        fields.setdefault(faq.linh_vuc, []).append((faq_id, faq))
    return dict(sorted(fields.items()))


def widgets(content: Content) -> list[Widget]:
    site = content.site
    news = sorted(content.tin_tuc.items(), key=lambda item: (item[1].ngay, item[0]), reverse=True)[:NEWS_COUNT]
    out = [
        Widget("nhung/tin-moi/", "tin_moi", f"Tin mới: {site.ten_chuyen_trang}", 360, {"posts": news}),
        Widget("nhung/tim-thu-tuc/", "tim_thu_tuc", "Tra cứu thủ tục hành chính", 140),
    ]
    for code, procedure in sorted(content.thu_tuc.items()):
        out.append(Widget(f"nhung/thu-tuc/{code}/", "thu_tuc", f"Thủ tục {procedure.ten}", 320, {"code": code, "p": procedure}))
    for name, questions in faq_fields(content).items():
        out.append(Widget(f"nhung/hoi-dap/{slugify(name)}/", "hoi_dap", f"Hỏi đáp lĩnh vực {name}", 360, {"field": name, "questions": questions}))
    for plan_id, plan in sorted(content.ke_hoach.items()):
        out.append(Widget(f"nhung/ke-hoach/{plan_id}/", "ke_hoach", f"Tiến độ kế hoạch {plan.ten}", 220, {"plan_id": plan_id, "plan": plan, "progress": tracking.progress(plan)}))
    return out


def examples(content: Content) -> list[Widget]:
    """One widget of each kind, for the /nhung/ page."""
    seen: dict[str, Widget] = {}
    featured = set(content.site.thu_tuc_noi_bat[:1])
    for widget in widgets(content):
        if widget.kind not in seen or (widget.kind == "thu_tuc" and widget.values["code"] in featured):
            seen[widget.kind] = widget
    return list(seen.values())


def snippet(widget: Widget, site_url: str | None) -> str:
    """What the main portal pastes: the frame, and a listener that sets its height."""
    src = (site_url or "/") + widget.url
    origin = "/".join(site_url.split("/")[:3]) if site_url else ""
    check = f'e.origin!=={json.dumps(origin)}||' if origin else ""
    frame = (
        f'<iframe src="{html.escape(src)}" title="{html.escape(widget.title)}" width="100%" height="{widget.height}" '
        'style="border:0;max-width:100%" loading="lazy" data-cchc-nhung></iframe>'
    )
    # A widget reports as soon as it loads: if the portal runs this script later (pasted in
    # a footer, deferred by its CMS), that report is lost, so the script asks once more.
    # The ask carries no data; "*" because a frame not loaded yet is still about:blank.
    listener = (
        '<script>addEventListener("message",function(e){if(' + check + f'!e.data||e.data.type!=="{MESSAGE}")return;'
        'document.querySelectorAll("iframe[data-cchc-nhung]").forEach(function(f){'
        'if(f.contentWindow===e.source)f.style.height=e.data.height+"px"})});'
        'document.querySelectorAll("iframe[data-cchc-nhung]").forEach(function(f){'
        f'f.contentWindow&&f.contentWindow.postMessage({{type:"{MESSAGE}-ask"}},"*")}});</script>'
    )
    return frame + "\n" + listener


def oembed(widget: Widget, content: Content, site_url: str | None) -> dict:
    return {
        "version": "1.0",
        "type": "rich",
        "title": widget.title,
        "provider_name": content.site.co_quan.ten,
        "provider_url": site_url or "/",
        "html": snippet(widget, site_url),
        "width": 480,
        "height": widget.height,
        "cache_age": 86400,
    }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS), autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(date=formatting.vn_date, money=formatting.money, number=formatting.number)
    env.globals.update(labels=LABELS, duration_units=thu_tuc.DON_VI_THOI_HAN, kinds=KINDS, message=MESSAGE)
    return env


def write(content: Content, site_dir: Path, site_url: str | None, today: date, stop: threading.Event | None = None) -> None:
    """Every widget's page and oEmbed answer; errors.Stopped once `stop` is set (serve)."""
    env = _environment()
    template = env.get_template("widget.html")
    for name in ("nhung.css", "nhung.js"):
        (site_dir / FOLDER).mkdir(parents=True, exist_ok=True)
        (site_dir / FOLDER / name).write_text((ASSETS / name).read_text(encoding="utf-8"), encoding="utf-8")
    for widget in widgets(content):
        stop_if(stop)
        folder = site_dir / widget.url
        folder.mkdir(parents=True, exist_ok=True)

        def link(target: str, _from: str = widget.url) -> str:
            return urls.relative(_from, target) + ("/" if target == "" else "")  # the home page, as a folder

        page = template.render(widget=widget, info=content.site, link=link, today=today, **widget.values)
        (folder / "index.html").write_text(page, encoding="utf-8")
        (folder / "oembed.json").write_text(json.dumps(oembed(widget, content, site_url), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
