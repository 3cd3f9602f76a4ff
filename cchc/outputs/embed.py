"""Widgets for the main portal under /nhung/: small standalone pages (one CSS,
one script, no Material) that load fast in an iframe and work under a
sub-path (every link relative). Each reports its height to the embedding page
by postMessage ({type: "cchc-nhung", height}) and has an oEmbed JSON beside it;
the record's own page (procedure, FAQ, plan, news) points to that JSON with an
oEmbed discovery link (`discovery`).

Which sites may frame them is `nguon_nhung` in site.yml; it reaches the
Content-Security-Policy's frame-ancestors (cchc/site/headers.py). A portal not
listed gets the browser's refusal in the frame: the snippet's script notices
that the frame never answered and shows a Vietnamese explanation instead.

When the portal's editor strips the snippet's script, the frame keeps the
height written in the snippet: `fallback_height` estimates, at build time, the
height of the widget's content in a phone's column (FALLBACK_WIDTH), with the
metrics of a wide sans-serif font, so nothing is cut there or wider.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
import threading
import unicodedata
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
OEMBED = "oembed.json"  # beside each widget's page
REFUSAL_WAIT_MS = 4000  # after the frame loaded, how long the snippet waits for the widget's first word


@dataclass
class Widget:
    url: str  # relative to the site root, "nhung/tin-moi/"
    kind: str  # tin_moi, tim_thu_tuc, thu_tuc, hoi_dap, ke_hoach
    title: str
    height: int  # the frame's height until the widget reports its own: `fallback_height` once sized
    values: dict[str, Any] = field(default_factory=dict)


KINDS = {
    "tin_moi": "Tin mới",
    "tim_thu_tuc": "Ô tra cứu thủ tục",
    "thu_tuc": "Thẻ thủ tục theo mã",
    "hoi_dap": "Hỏi đáp theo lĩnh vực",
    "ke_hoach": "Tiến độ kế hoạch",
}

# /nhung/ shows one live example of each kind, taken from a record with something to show;
# when the site has none, this line instead of an empty widget.
NO_EXAMPLE = {
    "tin_moi": "Chưa có ví dụ: chuyên trang chưa đăng tin nào.",
    "tim_thu_tuc": "Chưa có ví dụ: chuyên trang chưa có thủ tục nào.",
    "thu_tuc": "Chưa có ví dụ: chưa có thủ tục nào ghi thành phần hồ sơ.",
    "hoi_dap": "Chưa có ví dụ: chưa có câu hỏi nào được trả lời.",
    "ke_hoach": "Chưa có ví dụ: chưa có kế hoạch nào có phụ lục nhiệm vụ.",
}


def faq_fields(content: Content) -> dict[str, list]:
    """lĩnh vực → its questions, newest first."""
    fields: dict[str, list] = {}
    for faq_id, faq in sorted(content.hoi_dap.items(), key=lambda item: (item[1].ngay, item[0]), reverse=True):
        fields.setdefault(faq.linh_vuc, []).append((faq_id, faq))
    return dict(sorted(fields.items()))


def faq_widget_url(field_name: str) -> str:
    return f"nhung/hoi-dap/{slugify(field_name)}/"


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
        out.append(Widget(faq_widget_url(name), "hoi_dap", f"Hỏi đáp lĩnh vực {name}", 360, {"field": name, "questions": questions}))
    for plan_id, plan in sorted(content.ke_hoach.items()):
        out.append(
            Widget(
                f"nhung/ke-hoach/{plan_id}/",
                "ke_hoach",
                f"Tiến độ kế hoạch {plan.ten}",
                220,
                {"plan_id": plan_id, "plan": plan, "progress": tracking.progress(plan)},
            )
        )
    return out


def _example_keys(content: Content, today: date) -> dict[str, str | None]:
    """Which widget URL shows each kind on /nhung/: featured records first (the home page's
    procedures, the current plan), and only one with content (papers, tasks, answers)."""
    site = content.site
    with_papers = [code for code, p in sorted(content.thu_tuc.items()) if any(group.giay_to for group in p.ho_so)]
    featured_papers = [code for code in site.thu_tuc_noi_bat if code in with_papers] or with_papers
    # Of those, the card that states most (time limits with their unit, fees): featured order breaks ties.
    procedure = max(featured_papers, key=lambda code: _stated(content.thu_tuc[code]), default=None)
    with_tasks = [(plan_id, plan) for plan_id, plan in content.ke_hoach.items() if tracking.progress(plan)["total"]]
    # The home page's plan: the newest not for a future year; else the newest.
    with_tasks.sort(key=lambda item: (item[1].nam <= today.year, item[1].nam, item[0]), reverse=True)
    answered = {name: [q for q in questions if q[1].tra_loi.strip()] for name, questions in faq_fields(content).items()}
    featured = set(site.thu_tuc_noi_bat)
    ranked = sorted(
        (name for name, questions in answered.items() if questions),
        key=lambda name: (-sum(bool(featured & set(q[1].thu_tuc)) for q in answered[name]), -len(answered[name]), name),
    )
    return {
        "tin_moi": "nhung/tin-moi/" if content.tin_tuc else None,
        "tim_thu_tuc": "nhung/tim-thu-tuc/" if content.thu_tuc else None,
        "thu_tuc": f"nhung/thu-tuc/{procedure}/" if procedure else None,
        "hoi_dap": faq_widget_url(ranked[0]) if ranked else None,
        "ke_hoach": f"nhung/ke-hoach/{with_tasks[0][0]}/" if with_tasks else None,
    }


def _stated(procedure: Any) -> int:
    """How much a procedure's card shows: its channels with a time limit in a unit, with fees stated."""
    return sum(
        bool(way.thoi_han and way.thoi_han.so is not None and way.thoi_han.don_vi) + bool(way.mien_phi or way.phi) for way in procedure.cach_thuc
    )


def examples(content: Content, today: date | None = None) -> list[tuple[str, Widget | None]]:
    """(kind, widget) for each kind, the widget sized (`fallback_height`); None: NO_EXAMPLE[kind]."""
    today = today or date.today()
    keys = _example_keys(content, today)
    by_url = {widget.url: widget for widget in widgets(content)}
    out: list[tuple[str, Widget | None]] = []
    for kind in KINDS:
        widget = by_url.get(keys[kind] or "")
        out.append((kind, sized(widget, content, today) if widget else None))
    return out


def discovery(content: Content) -> dict[str, Widget]:
    """Page URL → the widget its oEmbed discovery link names: a procedure's, a plan's, a FAQ's
    (its field), a news item's and the news list (latest news), the procedure list (search box)."""
    out: dict[str, Widget] = {}
    every = widgets(content)
    by_url = {widget.url: widget for widget in every}
    for widget in every:
        if widget.kind == "thu_tuc":
            out[f"thu-tuc/{widget.values['code']}/"] = widget
        elif widget.kind == "ke_hoach":
            out[f"ke-hoach/{widget.values['plan_id']}/"] = widget
        elif widget.kind == "hoi_dap":
            for faq_id, _ in widget.values["questions"]:
                out[f"hoi-dap/{faq_id}/"] = widget
    news = by_url["nhung/tin-moi/"]
    out["tin-tuc/"] = news
    for post_id in content.tin_tuc:
        out[f"tin-tuc/{post_id}/"] = news
    out["thu-tuc/"] = by_url["nhung/tim-thu-tuc/"]
    return out


def oembed_url(widget: Widget, site_url: str) -> str:
    return site_url + widget.url + OEMBED


def _origin(site_url: str | None) -> str:
    return "/".join(site_url.split("/")[:3]) if site_url else ""


def snippet(widget: Widget, site_url: str | None) -> str:
    """What the main portal pastes: the frame (with a height that fits its content in a phone's
    column, for a portal whose editor strips scripts), and a script that sets the frame's height
    as the widget reports it and explains a refusal (a portal not in `nguon_nhung`)."""
    src = (site_url or "/") + widget.url
    frame = (
        f'<iframe src="{html.escape(src)}" title="{html.escape(widget.title)}" width="100%" height="{widget.height}" '
        'style="border:0;max-width:100%" loading="lazy" data-cchc-nhung></iframe>'
    )
    return frame + "\n" + "<script>" + listener(site_url) + "</script>"


# Strings of the refusal note, written \u-escaped into the script: a portal's page in any encoding
# keeps them. {o}: the portal's origin, {t}: the frame's title.
_NOTE = (
    "Chưa hiển thị được tiện ích “{t}”. ",
    "Có thể địa chỉ {o} chưa được chuyên trang cho phép nhúng tiện ích. Người quản trị trang này: "
    "đề nghị bộ phận biên tập chuyên trang thêm địa chỉ {o} vào danh sách trang được phép nhúng. ",
    "Xem nội dung tiện ích",
)


def listener(site_url: str | None) -> str:
    """The snippet's script (without its tags). Widgets report as soon as they load: if the portal
    runs this later (pasted in a footer, deferred by its CMS), it asks each frame once more. A frame
    that loaded and said nothing within REFUSAL_WAIT_MS was refused (or failed): it is hidden and a
    note in the portal's page says why and what to ask, with a link to the widget itself."""
    origin = _origin(site_url)
    values = json.dumps({"s": origin, "m": MESSAGE, "w": REFUSAL_WAIT_MS, "n": _NOTE}, ensure_ascii=True)
    return (
        "(function(c){"
        'function ours(f){return !c.s||f.src.indexOf(c.s+"/")===0}'
        'function all(){return [].filter.call(document.querySelectorAll("iframe[data-cchc-nhung]"),ours)}'
        'function ask(f){f.contentWindow&&f.contentWindow.postMessage({type:c.m+"-ask"},"*")}'
        'addEventListener("message",function(e){if(c.s&&e.origin!==c.s||!e.data||e.data.type!==c.m)return;'
        'all().forEach(function(f){if(f.contentWindow!==e.source)return;f.style.height=e.data.height+"px";f.cchcOk=1;'
        'if(f.cchcNote){f.cchcNote.parentNode.removeChild(f.cchcNote);f.cchcNote=null;f.style.display=""}})});'
        'function note(f){if(f.cchcOk||f.cchcNote)return;var o=location.origin,d=document.createElement("div"),'
        'b=document.createElement("strong"),a=document.createElement("a");'
        'b.textContent=c.n[0].replace("{t}",f.title);d.appendChild(b);'
        'd.appendChild(document.createTextNode(c.n[1].split("{o}").join(o)));'
        'a.href=f.src;a.target="_blank";a.rel="noopener";a.textContent=c.n[2];d.appendChild(a);'
        'd.className="cchc-nhung-loi";d.setAttribute("role","note");'
        'd.style.cssText="border:1px solid #b3261e;border-radius:4px;padding:12px 14px;background:#fff8f6;color:#1b1b1b;line-height:1.5";'
        'f.style.display="none";f.parentNode.insertBefore(d,f);f.cchcNote=d}'
        "function wait(){var f=this;ask(f);setTimeout(function(){note(f)},c.w)}"
        'all().forEach(function(f){if(f.cchcSeen)return;f.cchcSeen=1;f.addEventListener("load",wait);var done;'
        'try{done=f.contentWindow.location.href!=="about:blank"}catch(x){done=true}if(done)wait.call(f)})'
        "})(" + values + ");"
    )


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


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=formatting.vn_date, money=formatting.money, number=formatting.number)
    env.globals.update(labels=LABELS, duration_units=thu_tuc.DON_VI_THOI_HAN, kinds=KINDS, message=MESSAGE)
    return env


def page(widget: Widget, content: Content, today: date, site_url: str | None = None) -> str:
    """The widget's HTML page, every link relative to its own address."""

    def link(target: str, _from: str = widget.url) -> str:
        return urls.relative(_from, target) + ("/" if target == "" else "")  # the home page, as a folder

    oembed_href = oembed_url(widget, site_url) if site_url else OEMBED
    return (
        _environment()
        .get_template("widget.html")
        .render(widget=widget, info=content.site, link=link, today=today, oembed_href=oembed_href, **widget.values)
    )


def sized(widget: Widget, content: Content, today: date) -> Widget:
    widget.height = fallback_height(page(widget, content, today))
    return widget


def write(content: Content, site_dir: Path, site_url: str | None, today: date, stop: threading.Event | None = None) -> None:
    """Every widget's page and oEmbed answer; errors.Stopped once `stop` is set (serve)."""
    for name in ("nhung.css", "nhung.js"):
        (site_dir / FOLDER).mkdir(parents=True, exist_ok=True)
        (site_dir / FOLDER / name).write_text((ASSETS / name).read_text(encoding="utf-8"), encoding="utf-8")
    for widget in widgets(content):
        stop_if(stop)
        folder = site_dir / widget.url
        folder.mkdir(parents=True, exist_ok=True)
        text = page(widget, content, today, site_url)
        widget.height = fallback_height(text)
        (folder / "index.html").write_text(text, encoding="utf-8")
        (folder / OEMBED).write_text(json.dumps(oembed(widget, content, site_url), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- Fallback height ---------------------------------------------------------------
# What nhung.css lays out, in px (keep the two in step; tests/test_embed_browser.py measures
# every example in Chromium against this estimate, at 360 and 1280 px, without the script).

FALLBACK_WIDTH = 320  # the frame's width: a 360 px phone less the portal's margins
PADDING_X, PADDING_Y = 14, 12  # body
ROOT_PX, LINE = 15, 1.45  # html font size, line height
SAFETY = 8  # px: rounding of every line box, a font wider than the estimate's


@dataclass(frozen=True)
class _Style:
    size: float = ROOT_PX
    bold: bool = False
    top: float = 0
    bottom: float = 0
    indent: float = 0  # the list's padding
    height: float | None = None  # a row of fixed height (form controls)
    line: float | None = None  # a line's height when it holds a taller inline box


_META = _Style(size=12.75, top=4.5, bottom=4.5)
# (tag, class) or (tag, "") → style; blocks not named here are containers without margins.
_BLOCKS = {
    ("h1", "cchc-w__title"): _Style(size=16.5, bold=True, bottom=7.5),
    ("p", "cchc-w__meta"): _META,
    ("p", "cchc-w__source"): _META,
    ("p", "cchc-w__status"): _Style(bold=True, top=15, bottom=15),
    ("p", "cchc-w__progress"): _Style(top=15, bottom=15, line=24),
    ("p", "cchc-w__action"): _Style(top=15, bottom=15, line=40),
    ("p", ""): _Style(top=15, bottom=15),
    ("li", ""): _Style(top=4.5, bottom=4.5),
    ("dl", ""): _Style(top=6, bottom=6),
    ("dt", ""): _Style(bold=True),
    ("dd", ""): _Style(bottom=4.5),
    ("label", ""): _Style(bold=True, bottom=6),
    ("div", "cchc-w__row"): _Style(height=40),
}
_CONTAINERS = {("ul", "cchc-w__list"): 16.5, ("dl", ""): 0.0, ("form", "cchc-w__search"): 0.0}
_VOID = {"br", "img", "input", "meta", "link", "hr", "wbr"}


@functools.cache
def _em(char: str) -> float:
    """A character's advance in em, from DejaVu Sans (wider than Arial, Roboto or Segoe UI)."""
    base = unicodedata.normalize("NFD", char)[0] if char.strip() else " "
    base = {"đ": "d", "Đ": "D"}.get(base, base)
    if base == " ":
        return 0.318
    if base in "ijl.,:;'!|I":
        return 0.28
    if base in "ftr()[]/-":
        return 0.41
    if base in "mwMW":
        return 1.0
    if base.isdigit():
        return 0.64
    if base.isupper():
        return 0.78
    return 0.62


@functools.lru_cache(maxsize=1 << 16)
def _word_em(word: str) -> float:  # syllables repeat: a province's widgets measure each once
    return sum(_em(char) for char in word)


_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--.*?-->|([^<]+)", re.S)
_CLASS = re.compile(r'class="([^"]*)"')


def _blocks(page_html: str) -> list[tuple[_Style, float, list]]:
    """The body's blocks in order: (style, indent, text runs as (text, size, bold, nowrap))."""
    body = page_html.split("<body", 1)[-1]
    stack: list[tuple[str, _Style | None, float, bool, bool]] = []  # tag, block style, indent, bold, nowrap
    blocks: list[tuple[_Style, float, list]] = []
    for match in _TOKEN.finditer(body[body.find(">") + 1 :]):
        closing, tag, attrs, data = match.groups()
        if data is not None:
            if not blocks or not data.strip():
                continue
            owner = next((entry[1] for entry in reversed(stack) if entry[1] is not None), None)
            if owner is not None:
                top = stack[-1]
                size = 12.75 if any(entry[0] == "time" for entry in stack) else owner.size
                blocks[-1][2].append((html.unescape(data), size, owner.bold or top[3], top[4]))
            continue
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        if closing:
            while stack:
                if stack.pop()[0] == tag:
                    break
            continue
        if tag in _VOID:
            continue
        found = _CLASS.search(attrs)
        classes = found.group(1).split() if found else []
        key = next(((tag, c) for c in classes if (tag, c) in _BLOCKS or (tag, c) in _CONTAINERS), (tag, ""))
        indent = stack[-1][2] if stack else 0.0
        bold = bool(stack and stack[-1][3]) or tag in ("strong", "b")
        nowrap = bool(stack and stack[-1][4]) or tag == "time"
        style = None
        if key in _CONTAINERS:
            indent += _CONTAINERS[key]
        if key in _BLOCKS:
            style = _BLOCKS[key]
            blocks.append((style, indent, []))
        stack.append((tag, style, indent, bold, nowrap))
    return blocks


def _lines(runs: list, width: float) -> int:
    words: list[tuple[float, float]] = []  # (width, space before)
    for text, size, bold, nowrap in runs:
        factor = size * (1.12 if bold else 1.0)
        parts = [" ".join(text.split())] if nowrap else text.split()
        leading = text[:1].isspace()
        for index, word in enumerate(parts):
            space = _em(" ") * factor if (index or leading) and words else 0.0
            words.append((_word_em(word) * factor, space))
    lines, used = 1, 0.0
    for word, space in words:
        if used and used + space + word > width:
            lines, used = lines + 1, 0.0
            space = 0.0
        if word > width:  # overflow-wrap: anywhere
            lines += math.ceil(word / width) - 1
            used = word % width
        else:
            used += space + word
    return lines


def fallback_height(page_html: str, width: int = FALLBACK_WIDTH) -> int:
    """The widget's height in px in a frame `width` px wide, estimated from its HTML."""
    total, margin = 2.0 * PADDING_Y, 0.0
    first = True
    for style, indent, runs in _blocks(page_html):
        margin = style.top if first else max(margin, style.top)
        first = False
        if style.height is not None:
            block = float(style.height)
        elif runs:
            block = _lines(runs, width - 2 * PADDING_X - indent) * (style.line or style.size * LINE)
        else:
            block = 0.0
        total += margin + block
        margin = style.bottom
    return math.ceil(total + margin + SAFETY)


def note(title: str, portal: str) -> tuple[str, str, str]:
    """The refusal note's text as the snippet's script writes it: (strong, text, link text)."""
    return (_NOTE[0].replace("{t}", title), _NOTE[1].replace("{o}", portal), _NOTE[2])


def refused_example(content: Content) -> str:
    """A portal address the section does not allow, to show the note: the `www.` twin of the first
    allowed address (the usual slip), or an example."""
    allowed = [_origin(url) for url in content.site.nguon_nhung]
    for origin in allowed:
        scheme, _, host = origin.partition("://")
        twin = f"{scheme}://{host[4:] if host.startswith('www.') else 'www.' + host}"
        if twin not in allowed:
            return twin
    return "https://www.example.gov.vn"
