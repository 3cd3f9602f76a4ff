"""Stage 3, render: validated records → Markdown pages (pure: text in, text out).

Templates live in cchc/pages/templates/ and are Markdown with HTML blocks. Jinja
autoescapes every value; editor text reaches a page only through `text()`
(escaped, citations linked) or `markdown()` (safe editor Markdown), and a
Markdown heading only through the `heading` filter. Editor text is data: it is
never compiled as a template.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from cchc.base import formatting, parallel, templates
from cchc.base.formatting import long_date, money, number, vn_date
from cchc.base.text import slugify
from cchc.base.urls import relative, url_of
from cchc.domain import review, tracking
from cchc.domain.labels import LABELS
from cchc.domain.tracking import progress
from cchc.models import KINDS, SEARCH, Kind, taking_part_in, theo_doi
from cchc.models.content import Content
from cchc.outputs import embed, opendata
from cchc.pages import charts, guide, mdext, richtext, structured

TEMPLATES = Path(__file__).resolve().parent / "templates"
NEWS_PER_PAGE = 10
# The names the first kinds' page templates give their record (id, record); a kind declared
# since gets `record_id` and `record`, as these do too.
PAGE_NAMES = {"thu_tuc": ("code", "p"), "hoi_dap": ("faq_id", "faq"), "van_ban": ("doc_id", "doc"), "tin_tuc": ("post_id", "post")}

# What each online level means for the citizen (Nghị định 42/2022/NĐ-CP, Điều 11), in plain words.
ONLINE_LEVEL_MEANING = {
    "toan_trinh": "Dịch vụ công trực tuyến toàn trình: làm toàn bộ trên mạng, từ nộp hồ sơ đến nhận kết quả, không phải đến cơ quan.",
    "mot_phan": "Dịch vụ công trực tuyến một phần: nộp hồ sơ trên mạng được, nhưng còn bước phải làm trực tiếp (như xuất trình bản chính, nộp phí hoặc nhận kết quả).",
    "khong": "Thủ tục này chưa nộp hồ sơ trên mạng được.",
}
# Every Renderer (one per render; serve makes one per edit) shares the compiled templates.
_COMPILED = templates.InMemory()
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def file_info(root: Path, relative: str | None) -> str:
    """“DOCX, 25 KB” for a file under content/, or "" when it is not there (a link, or outside content/)."""
    if not relative or "://" in relative:
        return ""
    base = Path(root).resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return ""
    size = path.stat().st_size
    shown = f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{path.suffix.lstrip('.').upper()}, {shown}"


def front_matter_value(value: str) -> Markup:
    """A front-matter string: Material prints page.meta values unescaped into HTML,
    so they are HTML-escaped here, then quoted as YAML (JSON is valid YAML)."""
    return Markup(json.dumps(html.escape(" ".join(value.split())), ensure_ascii=False))


@dataclass
class Site:
    """What every template may use: the records, labels, and helpers."""

    content: Content
    today: date
    site_url: str | None = None  # absolute address with a trailing slash, when known (JSON-LD, snippets)

    def __post_init__(self) -> None:
        content = self.content
        self.faq_by_code: dict[str, list] = defaultdict(list)
        for faq_id, faq in sorted(content.hoi_dap.items(), key=lambda item: item[1].ngay, reverse=True):
            for code in faq.thu_tuc:
                self.faq_by_code[code].append((faq_id, faq))
        self.cited_by: dict[str, list[str]] = defaultdict(list)
        for code, procedure in sorted(content.thu_tuc.items()):
            for basis in procedure.can_cu_phap_ly:
                if basis.van_ban:
                    self.cited_by[basis.van_ban].append(code)
        self.news = sorted(content.tin_tuc.items(), key=lambda item: (item[1].ngay, item[0]), reverse=True)
        self.categories = sorted({post.chuyen_muc for _, post in self.news})
        self.plans = sorted(content.ke_hoach.items(), key=lambda item: (item[1].nam, item[0]), reverse=True)
        documents = [(doc_id, doc.so_ky_hieu, doc.ngay_ban_hanh.year) for doc_id, doc in content.van_ban.items()]
        self.citations = richtext.Citations.build(documents, lambda doc_id: f"van-ban/{doc_id}/")  # once: keys are costly
        self.markdown = richtext.EditorMarkdown()

    def newest_first(self, kind: Kind) -> list[tuple[str, Any]]:
        """A kind's records for its listing: newest first when it declares a date, else by id."""
        records = sorted(self.content.of(kind.name).items())
        if date_field := kind.date_field:
            records.sort(key=lambda item: getattr(item[1], date_field) or date.min, reverse=True)
        return records

    def current_plan(self) -> tuple[str, Any] | None:
        """The newest plan not for a future year."""
        return next(((plan_id, plan) for plan_id, plan in self.plans if plan.nam <= self.today.year), self.plans[0] if self.plans else None)

    def procedure_link(self, code: str) -> str | None:
        """Where a citizen submits online: only the record's own link, with an online channel; never a guess."""
        return self.content.thu_tuc[code].kenh_truc_tuyen()

    def national_link(self, code: str) -> str:
        """The procedure's record on the national portal: the source's own link, else the portal's page by code."""
        procedure = self.content.thu_tuc.get(code)
        if procedure is not None and procedure.nguon and procedure.nguon.lien_ket:
            return procedure.nguon.lien_ket
        return self.content.site.lien_ket.thu_tuc_quoc_gia.replace("{ma}", code)


class ProcedureItems:
    """Each procedure's list item as rendered, by the link it has from the page: its only
    part that depends on the page. The listing and document pages list every procedure;
    serve keeps one across edits, so after an edit the listing renders one item, not 2,000."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], tuple[Any, str]] = {}

    def get(self, macro: jinja2.runtime.Macro, code: str, procedure: Any, link: str) -> str:
        key = (macro.name, code, link)
        known = self._items.get(key)
        if known is not None and known[0] is procedure:  # the same record, not an edited one
            return known[1]
        item = macro(code, procedure)
        self._items[key] = (procedure, item)
        return item


class Renderer:
    def __init__(self, content: Content, today: date, site_url: str | None = None, items: ProcedureItems | None = None):
        self.site = Site(content, today, site_url)
        self.items = items if items is not None else ProcedureItems()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([TEMPLATES, *(kind.templates for kind in KINDS.values() if kind.templates)]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
        )
        self.env.filters.update(
            heading=richtext.heading,
            date=vn_date,
            long_date=long_date,
            money=money,
            number=number,
            slug=slugify,
            roman=lambda index: ROMAN[index],
            meta=front_matter_value,
        )
        self.env.globals.update(labels=LABELS, progress=progress, json_ld=structured.script, schema_org=structured)
        self.env.globals.update(  # plan tracking
            percent=formatting.percent,
            video_embed=video_embed,
            video_host=video_host,
            overdue=lambda plan_id: sum(t.overdue for t in tracking.tasks(content, plan_id, today)),
        )
        self.env.globals.update(review_due=review.due_date, expired_citations=lambda p: review.expired_citations(p, content))
        self.env.globals.update(file_info=lambda relative: file_info(content.root, relative), ONLINE_LEVEL_MEANING=ONLINE_LEVEL_MEANING)

    def page(self, template: str, path: str, **values: Any) -> tuple[str, str]:
        """Render one page; `text`, `markdown` and `link` are bound to this page's URL."""
        page_url = url_of(path)
        site = self.site

        def link(target_url: str) -> str:
            return relative(page_url, target_url)

        citations = dataclasses.replace(site.citations, link=lambda doc_id: link(f"van-ban/{doc_id}/"))
        items = self.items
        rendered = self.env.get_template(template).render(
            site=site,
            info=site.content.site,
            page_url=page_url,
            link=link,
            reuse=lambda macro, code, procedure: items.get(macro, code, procedure, link(f"thu-tuc/{code}/")),
            text=lambda value: richtext.plain(value, citations),
            markdown=lambda value: site.markdown(value, citations),
            **values,
        )
        return path, mdext.mark_html_blocks(rendered)

    def pages(self, only: Callable[[str], bool] | None = None) -> dict[str, str]:
        """Every page, or those whose path `only` accepts (serve re-renders what an edit touched)."""
        jobs = self.jobs()
        if only is not None:
            jobs = [job for job in jobs if only(job[1])]
        for name in {job[0] for job in jobs}:  # compiled here once, not in every worker
            self.env.get_template(name)
        # Workers get job numbers, not records: nothing large is pickled on the way in.
        return dict(parallel.map_items(lambda number: self.page(jobs[number][0], jobs[number][1], **jobs[number][2]), range(len(jobs))))

    @functools.cache  # noqa: B019 - one Renderer per render: the jobs (and the tracking figures in them) once
    def jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(template, docs path, values) of every page."""
        content = self.site.content
        examples = embed.examples(content, self.site.today)
        procedure_example = next((w.values["code"] for kind, w in examples if kind == "thu_tuc" and w), None)
        jobs: list[tuple[str, str, dict[str, Any]]] = [
            ("home.md", "index.md", {}),
            ("tim_kiem.md", "tim-kiem/index.md", {"kinds": [kind.label for kind in taking_part_in(SEARCH)], "fields": self._fields()}),
            ("huong_dan.md", "huong-dan/index.md", guide.sections()),
            (
                "du_lieu.md",
                "du-lieu/index.md",
                {
                    "datasets": opendata.datasets(),
                    "licence": (opendata.LICENCE, opendata.LICENCE_URL),
                    "fields": opendata.fields,
                    "csv_columns": opendata.CSV_COLUMNS,
                },
            ),
            (
                "nhung.md",
                "nhung/index.md",
                {
                    "examples": examples,
                    "procedure_example": procedure_example,
                    "all_widgets": embed.widgets(content),
                    "snippet": embed.snippet,
                    "kinds": embed.KINDS,
                    "no_example": embed.NO_EXAMPLE,
                    "fallback_width": embed.FALLBACK_WIDTH,
                    "news_count": embed.NEWS_COUNT,
                    "note": embed.note,
                    "refused_example": embed.refused_example(content),
                },
            ),
        ]
        for kind in KINDS.values():  # each kind's section, as declared
            if kind.section and kind.listing:
                jobs.append((kind.listing, f"{kind.section}/index.md", {"kind": kind, "records": self.site.newest_first(kind)}))
            if kind.section and kind.page:
                aliases = PAGE_NAMES.get(kind.name, ())
                for record_id, record in content.of(kind.name).items():
                    values = {"kind": kind, "record_id": record_id, "record": record, **dict(zip(aliases, (record_id, record), strict=False))}
                    if kind.suffix == ".md":
                        values["body"] = content.bodies[record_id]
                    jobs.append((kind.page, f"{kind.section}/{record_id}.md", values))
        jobs += self._news_lists()
        jobs += self._tracking_pages()
        self._oembed_links(jobs)
        return jobs

    def _oembed_links(self, jobs: list[tuple[str, str, dict[str, Any]]]) -> None:
        """An embeddable page (procedure, FAQ, plan, news) names its widget's oEmbed answer by
        its absolute address (front matter `oembed`, written into the head by overrides/main.html)."""
        site_url = self.site.site_url
        if not site_url:
            return
        widgets = embed.discovery(self.site.content)
        for _, path, values in jobs:
            widget = widgets.get(url_of(path))
            if widget is not None:
                values["oembed"] = (embed.oembed_url(widget, site_url), widget.title)

    def _tracking_pages(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Plan progress and report pages, handling results and indices, communication products."""
        content, today = self.site.content, self.site.today
        jobs = []
        evidence = tracking.evidence_by_task(content)
        for plan_id, plan in content.ke_hoach.items():
            plan_tasks = tracking.tasks(content, plan_id, today, evidence)
            values: dict[str, Any] = dict(plan_id=plan_id, plan=plan, tasks=plan_tasks, measures=tracking.measures(content, plan_id, today))
            # The plan page shows the same statuses as its progress page, report and calendar.
            jobs.append(("ke_hoach.md", f"ke-hoach/{plan_id}.md", dict(task_by_tt={t.tt: t for t in plan_tasks}, **values)))
            jobs.append(
                (
                    "ke_hoach_tien_do.md",
                    f"ke-hoach/{plan_id}/tien-do.md",
                    dict(
                        units=tracking.by_unit(plan_tasks),
                        quarters=tracking.by_quarter(plan_tasks),
                        charts=_plan_charts(plan, plan_tasks, values["measures"]),
                        **values,
                    ),
                )
            )
            jobs.append(("ke_hoach_bao_cao.md", f"ke-hoach/{plan_id}/bao-cao.md", values))
        # Section pages (in the nav): rendered even before the first record.
        periods = tracking.period_totals(content)
        indices = tracking.index_series(content)
        jobs.append(("ket_qua.md", "ket-qua/index.md", dict(periods=periods, indices=indices, charts=_result_charts(periods, indices))))
        products = sorted(content.san_pham.items(), key=lambda item: (item[1].ngay, item[0]), reverse=True)
        jobs.append(("san_pham.md", "san-pham/index.md", dict(products=products)))
        return jobs

    def _fields(self) -> list[str]:
        """Every lĩnh vực named by a procedure, FAQ or document: the search page's filter."""
        content = self.site.content
        names = {name for p in content.thu_tuc.values() for name in p.linh_vuc}
        names |= {faq.linh_vuc for faq in content.hoi_dap.values()}
        names |= {name for doc in content.van_ban.values() for name in doc.linh_vuc}
        return sorted(names)

    def _news_lists(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Newest first, NEWS_PER_PAGE a page: /tin-tuc/, /tin-tuc/trang-2/…; one page per category."""
        jobs: list[tuple[str, str, dict[str, Any]]] = []
        news = self.site.news
        count = max(1, math.ceil(len(news) / NEWS_PER_PAGE))
        for number in range(1, count + 1):  # noqa: F402 - the page number; formatting.number is not used here
            path = "tin-tuc/index.md" if number == 1 else f"tin-tuc/trang-{number}.md"
            chunk = news[(number - 1) * NEWS_PER_PAGE : number * NEWS_PER_PAGE]
            pager = {
                "number": number,
                "count": count,
                "previous": None if number == 1 else ("tin-tuc/" if number == 2 else f"tin-tuc/trang-{number - 1}/"),
                "next": None if number == count else f"tin-tuc/trang-{number + 1}/",
            }
            jobs.append(("tin_tuc_list.md", path, {"posts": chunk, "pager": pager, "category": None}))
        for category in self.site.categories:
            posts = [(post_id, post) for post_id, post in news if post.chuyen_muc == category]
            jobs.append(("tin_tuc_list.md", f"tin-tuc/chuyen-muc/{slugify(category)}.md", {"posts": posts, "pager": None, "category": category}))
        return jobs


def video_embed(url: str) -> str | None:
    """The privacy-enhanced embed address of a YouTube video, loaded only after a click."""
    match = re.match(r"^https?://(?:www\.|m\.)?(?:youtube\.com/watch\?(?:.*&)?v=|youtu\.be/|youtube\.com/embed/)([A-Za-z0-9_-]{6,})", url)
    return f"https://www.youtube-nocookie.com/embed/{match.group(1)}?autoplay=1" if match else None


def video_host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _plan_charts(plan: Any, plan_tasks: list, measures: list) -> dict[str, Markup]:
    out = {}
    for index, item in enumerate(measures):
        if item.kind == "tin_moi_thang":
            minimum = plan.chi_tieu[index].do_luong.tin_moi_thang
            out[f"chi-tieu-{index}"] = charts.bar_chart(
                f"bieu-do-tin-bai-{index}",
                f"Số tin bài mỗi tháng năm {plan.nam}",
                [f"T{m.month}" for m in item.months],
                [("Tin bài", [m.count if m.state != "chua_den" or m.count else None for m in item.months])],
                target=minimum,
                target_label=f"Tối thiểu {minimum}/tháng",
                table_head="Tháng",
            )
    if plan_tasks:
        keys = list(LABELS["trang_thai_thuc_te"])
        out["trang-thai"] = charts.bar_chart(
            "bieu-do-trang-thai",
            "Số nhiệm vụ theo trạng thái",
            [LABELS["trang_thai_thuc_te"][key] for key in keys],
            [("Nhiệm vụ", [sum(t.status == key for t in plan_tasks) for key in keys])],
            table_head="Trạng thái",
        )
    return out


def _result_charts(periods: list, indices: dict) -> dict[str, Markup]:
    out = {}
    if periods:
        labels = [p.record.ky for p in periods]
        out["ho-so"] = charts.bar_chart(
            "bieu-do-ho-so",
            "Hồ sơ TTHC theo kỳ",
            labels,
            [
                (name, [getattr(p, key) if p.has_data else None for p in periods])
                for name, key in (("Tiếp nhận", "received"), ("Đúng hạn", "on_time"), ("Quá hạn", "late"), ("Đang giải quyết", "pending"))
            ],
            table_head="Kỳ",
        )
        out["ty-le"] = charts.bar_chart(
            "bieu-do-ty-le",
            "Tỷ lệ đúng hạn, nộp trực tuyến và hài lòng theo kỳ (%)",
            labels,
            [
                ("Đúng hạn", [p.on_time_share for p in periods]),
                ("Nộp trực tuyến", [p.online_share for p in periods]),
                ("Hài lòng", [p.satisfaction for p in periods]),
            ],
            unit="%",
            table_head="Kỳ",
        )
    for key, points in indices.items():
        out[f"chi-so-{key}"] = charts.bar_chart(
            f"bieu-do-{key.replace('_', '-')}",
            theo_doi.CHI_SO[key] + " theo năm",
            [str(p.nam) for p in points],
            [("Điểm", [p.diem for p in points])],
            table_head="Năm",
        )
    return out


def render(content: Content, today: date | None = None, site_url: str | None = None, only: Callable[[str], bool] | None = None) -> dict[str, str]:
    """Every page of the site (or those `only` accepts): docs-relative path → Markdown text."""
    return Renderer(content, today or date.today(), site_url).pages(only)
