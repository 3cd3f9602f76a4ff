"""Stage 6, search: a Pagefind index built from the records, not from the HTML.

Citizens type without tone marks and Pagefind keeps "đ" apart from "d", so the
indexed text is folded (đ→d, marks stripped) and the browser folds the query
the same way (overrides/assets/cchc-search.js); exact tones are ranked first
there, from the unfolded titles kept in each result's metadata.

Each record contributes its name (weight 10), the fields people search by (code,
lĩnh vực, result) and, weighed at 0.3, what a citizen remembers of it (documents
to bring, who it is for, steps' names, conditions), not the legal text of every
step. A vocabulary of the index's folded words lets the browser mend typos.
Synonyms from content/tu-dong-nghia.yml are added to the records that use any
word of their group, so "CCCD" finds pages saying "căn cước công dân".
"""

from __future__ import annotations

import functools
import html
import json
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cchc.base.errors import Stopped, stop_if
from cchc.base.formatting import vn_date
from cchc.base.text import fold
from cchc.models import SEARCH, Kind, taking_part_in, thu_tuc, van_ban
from cchc.models.content import Content

OUTPUT = "pagefind"
VOCABULARY = "cchc-tu-vung.json"
GROUPS = "cchc-dong-nghia.json"  # the synonym groups, folded, with their marks: the browser rewrites queries with them
UNUSED_UI = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
KIND_LABELS = {kind.name: kind.label or kind.title for kind in taking_part_in(SEARCH)}  # as declared (cchc/models/__init__.py)
# The kinds `records` indexes field by field; any other kind taking part in search gets `declared_entries`.
OWN_ENTRIES = {"thu_tuc", "hoi_dap", "tin_tuc", "van_ban", "ke_hoach"}
_MARKDOWN = re.compile(r"[*_`#>\[\]()|]+")


@dataclass
class SearchRecord:
    url: str  # relative to the site root: "thu-tuc/1.001193/"
    title: str
    kind: str
    summary: str
    words: list[str]  # what is searched, unfolded
    filters: dict[str, list[str]] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)  # searched, weighed below the name and `words`
    answers: list[str] = field(default_factory=list)  # a FAQ entry's procedures: they inherit part of its score
    status: str = ""  # set when a procedure is no longer in force: ranked last and marked
    own: bool = False  # a procedure done at one of the agency's own levels (site.yml cap_cua_co_quan): ranked above the others


def code_words(code: str) -> list[str]:
    """ "1.001193" is searchable as typed: the tokenizer splits on ".", so also index "1001193"."""
    return [code, code.replace(".", "")]


def records(content: Content) -> list[SearchRecord]:
    out: list[SearchRecord] = []
    own_levels = set(content.site.cap_cua_co_quan) if content.site else set()
    for code, p in sorted(content.thu_tuc.items()):
        levels = [thu_tuc.CAP_THUC_HIEN[level] for level in p.cap_thuc_hien]
        out.append(
            SearchRecord(
                url=f"thu-tuc/{code}/",
                title=p.ten,
                kind=KIND_LABELS["thu_tuc"],
                # The online level only when the record states it.
                summary=" · ".join(
                    [code, ", ".join(p.linh_vuc), ", ".join(levels)]
                    + ([thu_tuc.MUC_DO_TRUC_TUYEN[p.truc_tuyen.muc_do]] if p.truc_tuyen and p.truc_tuyen.muc_do else [])
                ),
                # Name, code, lĩnh vực and result at full weight; the rest in `details`, weighed below,
                # so twin names ("… có yếu tố nước ngoài") do not outrank the exact one.
                words=[p.ten, *code_words(code), *p.linh_vuc, *p.ket_qua],
                filters={"loai": [KIND_LABELS["thu_tuc"]], "linh_vuc": list(p.linh_vuc), "cap": levels},
                details=answer_words(p),
                status="" if p.trang_thai.tinh_trang == "con_hieu_luc" else thu_tuc.TINH_TRANG[p.trang_thai.tinh_trang],
                own=bool(own_levels & set(p.cap_thuc_hien)),
            )
        )
    for faq_id, faq in sorted(content.hoi_dap.items()):
        out.append(
            SearchRecord(
                url=f"hoi-dap/{faq_id}/",
                title=faq.cau_hoi,
                kind=KIND_LABELS["hoi_dap"],
                summary=f"{faq.linh_vuc} · {vn_date(faq.ngay)}",
                words=[faq.cau_hoi, _MARKDOWN.sub(" ", faq.tra_loi), faq.linh_vuc, *faq.thu_tuc],
                filters={"loai": [KIND_LABELS["hoi_dap"]], "linh_vuc": [faq.linh_vuc]},
                answers=[f"thu-tuc/{code}/" for code in faq.thu_tuc],
            )
        )
    for post_id, post in sorted(content.tin_tuc.items()):
        out.append(
            SearchRecord(
                url=f"tin-tuc/{post_id}/",
                title=post.tieu_de,
                kind=KIND_LABELS["tin_tuc"],
                summary=f"{vn_date(post.ngay)} · {post.chuyen_muc}",
                words=[post.tieu_de, post.tom_tat, post.chuyen_muc],
                filters={"loai": [KIND_LABELS["tin_tuc"]]},
            )
        )
    for doc_id, doc in sorted(content.van_ban.items()):
        kind_name = van_ban.LOAI_VAN_BAN[doc.loai]
        out.append(
            SearchRecord(
                url=f"van-ban/{doc_id}/",
                title=f"{kind_name} {doc.so_ky_hieu}",
                kind=KIND_LABELS["van_ban"],
                summary=doc.trich_yeu,
                words=[kind_name, doc.so_ky_hieu, doc.trich_yeu, doc.co_quan_ban_hanh, *doc.linh_vuc],
                filters={"loai": [KIND_LABELS["van_ban"]], "linh_vuc": list(doc.linh_vuc)},
            )
        )
    for plan_id, plan in sorted(content.ke_hoach.items()):
        out.append(
            SearchRecord(
                url=f"ke-hoach/{plan_id}/",
                title=f"Kế hoạch {plan.ten}",
                kind=KIND_LABELS["ke_hoach"],
                summary=f"{plan.co_quan_ban_hanh} · năm {plan.nam}",
                words=["Kế hoạch", plan.ten, plan.co_quan_ban_hanh, str(plan.nam)],
                filters={"loai": [KIND_LABELS["ke_hoach"]]},
            )
        )
    for kind in taking_part_in(SEARCH):
        if kind.name not in OWN_ENTRIES:
            out += declared_entries(content, kind)
    return out


def declared_entries(content: Content, kind: Kind) -> list[SearchRecord]:
    """A kind's entries from its declaration alone: its name, date and summary fields."""
    out = []
    for record_id, record in sorted(content.of(kind.name).items()):
        day = getattr(record, kind.date_field) if kind.date_field else None
        summary = str(getattr(record, kind.summary_field) or "") if kind.summary_field else ""
        out.append(
            SearchRecord(
                url=f"{kind.section}/{record_id}/",
                title=kind.heading(record),
                kind=kind.label or kind.title,
                summary=" · ".join(part for part in (vn_date(day), summary) if part),
                words=[kind.heading(record), summary],
                filters={"loai": [kind.label or kind.title]},
            )
        )
    return out


def answer_words(p: thu_tuc.ThuTuc) -> list[str]:
    """What a citizen may remember of a procedure besides its name: who it is for,
    the documents to bring, the steps' names, conditions."""
    documents = [paper.ten for group in p.ho_so for paper in group.giay_to]
    cases = [group.truong_hop for group in p.ho_so if group.truong_hop]
    steps = [step.ten for step in p.trinh_tu if step.ten]
    return [p.mo_ta or "", *p.doi_tuong, *cases, *documents, *steps, *p.yeu_cau_dieu_kien]


def group_mark(number: int) -> str:
    """The word the index holds for synonym group `number` on every page using one of its wordings:
    a query holding any wording searches it, so all wordings count as one word, found on the same pages."""
    return f"zdn{number}x"  # ended by a letter: Pagefind matches prefixes, and "zdn1" would find "zdn12"


_MARK = re.compile(r"zdn\d+x")


@functools.lru_cache(maxsize=65536)  # names, fields and documents repeat across thousands of records
def fold_words(text: str) -> str:
    """Folded words, spaces between: the dots of codes kept, any other mark a space, a number
    without its leading zeros ("CMND 09 số" is found as typed, "cmnd 9 so")."""
    spaced = re.sub(r"[^a-z0-9.]+|(?<!\d)\.|\.(?!\d)", " ", fold(text))
    return " ".join(re.sub(r"(?<![\d.])0+(?=\d)", "", spaced).split())


@functools.lru_cache(maxsize=64)
def folded_groups(synonyms: tuple[tuple[str, ...], ...]) -> list[tuple[str, list[str]]]:
    """Each group's mark and folded wordings."""
    return [(group_mark(number), [fold_words(word) for word in group]) for number, group in enumerate(synonyms)]


def _frozen(synonyms: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """The synonym file's groups as the key of the caches below."""
    return tuple(tuple(group) for group in synonyms)


def _groups(synonyms: list[list[str]]) -> list[tuple[str, list[str]]]:
    return folded_groups(_frozen(synonyms))


@functools.lru_cache(maxsize=64)
def _wordings_by_first_word(synonyms: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[list[str], int]]]:
    """Each folded wording's first word → (the wording's words, its group's number)."""
    index: dict[str, list[tuple[list[str], int]]] = {}
    for number, (_mark, wordings) in enumerate(folded_groups(synonyms)):
        for words in (wording.split() for wording in wordings):
            if words:
                index.setdefault(words[0], []).append((words, number))
    return index


def groups_in(text: str, synonyms: list[list[str]]) -> list[tuple[str, list[str]]]:
    """The groups (mark, folded wordings) with a wording among `text`'s folded words, whole words
    in a row, in the file's order. One lookup per word, not a scan of the text per wording: at national
    scale the scans took 12 s of CPU in a 52 s build."""
    key = _frozen(synonyms)
    index = _wordings_by_first_word(key)
    words = text.split()
    found: set[int] = set()
    for start, word in enumerate(words):
        for wording, number in index.get(word, ()):
            if number not in found and words[start : start + len(wording)] == wording:
                found.add(number)
    groups = folded_groups(key)
    return [groups[number] for number in sorted(found)]


def folded_text(words: list[str], synonyms: list[list[str]]) -> str:
    """The text Pagefind indexes: folded, with the synonyms and the mark of every group it mentions."""
    text = " ".join(folded for folded in map(fold_words, filter(None, words)) if folded)
    extra = [" ".join([*wordings, mark]) for mark, wordings in groups_in(text, synonyms)]
    return " ".join([text, *extra])


def title_marks(title: str, synonyms: list[list[str]]) -> list[str]:
    return [mark for mark, _wordings in groups_in(fold_words(title), synonyms)]


def search_page(entry: SearchRecord, synonyms: list[list[str]]) -> str:
    """The small HTML page Pagefind reads for one record: folded text to match,
    the unfolded title and summary to show, and the filters."""
    meta = "".join(
        f'<span data-pagefind-meta="{name}:{html.escape(value)}"></span>'
        for name, value in (
            ("title", entry.title),
            ("kind", entry.kind),
            ("summary", entry.summary),
            ("status", entry.status),
            ("answers", " ".join(entry.answers)),
            ("own", "1" if entry.own else ""),
            # The folded title with its synonyms, clause by clause (a national name lists its cases
            # between semicolons): the browser weighs results by the query words their title holds.
            ("match", " | ".join(folded_text([clause], synonyms) for clause in entry.title.split(";"))),
        )
        if value
    )
    filters = "".join(
        f'<span data-pagefind-filter="{name}:{html.escape(value)}"></span>' for name, values in entry.filters.items() for value in values
    )
    # The title in a heading: Pagefind weighs heading words above body words; the marks of the
    # synonym groups it uses too, so "CCCD" weighs on "Cấp lại thẻ căn cước" as its own words do.
    title = " ".join([fold_words(entry.title), *title_marks(entry.title, synonyms)])
    # Key words once: the title is the heading, not repeated in the body (a smaller index).
    body = folded_text([word for word in entry.words if word != entry.title], synonyms)
    details = f'<p data-pagefind-weight="0.3">{folded_text(entry.details, synonyms)}</p>' if entry.details else ""
    return f'<!doctype html><html lang="vi"><body>{meta}{filters}<main data-pagefind-body><h1 data-pagefind-weight="10">{title}</h1><p>{body}</p>{details}</main></body></html>'


def vocabulary(entries: list[SearchRecord], synonyms: list[list[str]]) -> dict[str, int]:
    """Every folded word of the index with the number of pages holding it (group marks included):
    the browser corrects a word it does not hold (typo, Telex slip) to the nearest one, the commonest
    first, and weighs a query's words by how rare they are."""
    counts: dict[str, int] = {}
    for entry in entries:
        text = folded_text([entry.title, *entry.words, *entry.details], synonyms)
        for word in set(text.split()):
            if not re.fullmatch(r"[0-9.]+", word):
                counts[word] = counts.get(word, 0) + 1
    return dict(sorted(counts.items()))


def group_file(
    entries: list[SearchRecord], synonyms: list[list[str]], counts: dict[str, int], rewrites: list[tuple[list[str], list[str]]] | None = None
) -> dict:
    """What the browser needs to rewrite a query: each group's folded wordings, its mark and the
    pages holding it, the one-way rewrites (a citizen's wordings, the official wordings also
    searched), folded, and the number of pages (to weigh words by rarity)."""
    return {
        "trang": len(entries),
        "nhom": [{"dau": mark, "tu": wordings, "trang": counts.get(mark, 0)} for mark, wordings in _groups(synonyms) if counts.get(mark)],
        "viet_lai": [
            {"go": [fold_words(word) for word in typed], "tim": [fold_words(word) for word in official]} for typed, official in rewrites or []
        ],
    }


def write_index(content: Content, site_dir: Path, stop: threading.Event | None = None) -> None:
    """Write the Pagefind bundle into `site_dir/pagefind/`; once `stop` is set (serve: a newer
    rebuild), Pagefind is ended and errors.Stopped raised.

    Pagefind's CLI indexes a folder of pages in one run; its Python service
    answers one record per 0.1 s, too slow for thousands of procedures.
    """
    from pagefind_bin import get_executable

    synonyms = content.tu_dong_nghia.nhom if content.tu_dong_nghia else []
    rewrites = [(entry.go, entry.tim) for entry in content.tu_dong_nghia.viet_lai] if content.tu_dong_nghia else []
    entries = records(content)
    with tempfile.TemporaryDirectory(prefix="cchc-search-") as pages:
        for number, entry in enumerate(entries):
            if number % 50 == 0:
                stop_if(stop)
            page = Path(pages) / entry.url / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(search_page(entry, synonyms), encoding="utf-8")
        command = [str(get_executable()), "--site", pages, "--output-path", str(site_dir / OUTPUT)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as pagefind:
            while True:
                try:
                    stdout, stderr = pagefind.communicate(timeout=None if stop is None else 0.1)
                    break
                except subprocess.TimeoutExpired:  # only with `stop`
                    if stop is not None and stop.is_set():
                        pagefind.kill()  # and the `with` waits for it: nothing outlives the call
                        raise Stopped from None
    if pagefind.returncode != 0:
        raise RuntimeError(f"Pagefind failed:\n{stdout}\n{stderr}")
    for unused in UNUSED_UI:  # Pagefind's own UIs: the site has its own in Material's box
        (site_dir / OUTPUT / unused).unlink(missing_ok=True)
    counts = vocabulary(entries, synonyms)
    words = {word: count for word, count in counts.items() if not _MARK.fullmatch(word)}
    for name, data in ((VOCABULARY, words), (GROUPS, group_file(entries, synonyms, counts, rewrites))):
        (site_dir / OUTPUT / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
