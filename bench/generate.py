"""Generate realistic content at scale from the sample records.

Procedures keep the structure of the 30 transcribed samples (documents, steps,
channels, legal basis) under new codes and new names: the names are the 114
real names of the national records kept in tests/national/dvc-sample,
each varied with qualifiers the national list really uses ("có yếu tố nước
ngoài", "cấp tỉnh", "đối với tổ chức"…), so that many names are near twins, as
in a province's real list. News, FAQ, documents and plans are copies of the
samples under new names and dates.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from cchc.base.text import fold

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "content"
DVC_SAMPLE = REPO / "tests" / "national" / "dvc-sample"  # the 194 national records, copied into the repository

QUALIFIERS = [
    "",
    "có yếu tố nước ngoài",
    "tại khu vực biên giới",
    "lưu động",
    "đối với tổ chức",
    "đối với cá nhân",
    "(cấp tỉnh)",
    "(cấp xã)",
    "cho người đã có hồ sơ, giấy tờ cá nhân",
    "trong trường hợp bị mất",
    "trực tuyến",
    "liên thông",
    "đối với doanh nghiệp",
    "do thay đổi thông tin",
    "lần đầu",
    "điều chỉnh",
]


@dataclass(frozen=True)
class Scale:
    procedures: int
    news: int
    faq: int
    documents: int
    plans: int
    imported: bool = False  # procedures made by the importer from real national records


# The national records the tests keep (tests/national/dvc-sample/): the "imported" scale's
# procedures are their drafts, as `build.py import` writes them, under new codes past the 194.
NATIONAL_RECORDS = REPO / "tests" / "national" / "dvc-sample"


SCALES = {
    "small": Scale(procedures=120, news=40, faq=20, documents=30, plans=2),
    "province": Scale(procedures=2000, news=1000, faq=300, documents=200, plans=5),
    "national": Scale(procedures=6500, news=1000, faq=300, documents=200, plans=5),
    "imported": Scale(procedures=2600, news=1000, faq=300, documents=200, plans=5, imported=True),
}


def imported_procedures(out: Path, count: int) -> list[str]:
    """`count` procedure files in `out/tthc` drafted by the importer from the national records:
    the records once under their own codes, then again under new codes and varied names.
    Related procedures are left out (they name codes that are not all here)."""
    from datetime import date as day

    from cchc.tools import importer, national

    records = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(NATIONAL_RECORDS.glob("*.json"))]
    drafts = [national.from_json(record, today=day(2026, 11, 21)).data for record in records]
    codes = []
    for index in range(count):
        draft = dict(drafts[index % len(drafts)])
        draft.pop("thu_tuc_lien_quan", None)
        draft["can_cu_phap_ly"] = [basis for basis in draft.get("can_cu_phap_ly", []) if "van_ban" not in basis]
        if index >= len(drafts):
            round_ = index // len(drafts)
            draft["ma"] = f"8.{100000 + index:06d}"
            draft["ten"] = f"{draft['ten']} {QUALIFIERS[1 + round_ % (len(QUALIFIERS) - 1)]}".strip() + (
                f" (bản {round_})" if round_ >= len(QUALIFIERS) - 1 else ""
            )
        codes.append(draft["ma"])
        (out / "tthc" / f"{draft['ma']}.yml").write_text(importer.dump(draft), encoding="utf-8")
    return codes


def _load(folder: str, suffix: str = ".yml") -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for path in sorted((SAMPLES / folder).glob(f"*{suffix}"))]


def _clean(name: str) -> str:
    name = name.removeprefix("Thủ tục ").split(" (1.")[0].split(" ( 1.")[0].strip().rstrip(".")
    return name[:1].upper() + name[1:]


def _bases() -> dict[str, str]:
    """Real procedure name → its lĩnh vực (the samples', then the national portal's)."""
    bases = {record["ten"]: record["linh_vuc"][0] for record in (yaml.safe_load(text) for _, text in _load("tthc"))}
    if DVC_SAMPLE.is_dir():
        for path in sorted(DVC_SAMPLE.glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            bases.setdefault(_clean(record["ten_thu_tuc"]), record["linh_vuc"])
    return bases


def procedure_names(count: int) -> list[str]:
    """`count` distinct names: the real names first, then with one, then two qualifiers."""
    return [name for name, _ in procedure_bases(count)]


def procedure_bases(count: int) -> list[tuple[str, str]]:
    """(name, the real name it varies) for `count` procedures."""
    bases = sorted(_bases())
    combos = [q for q in QUALIFIERS if q] + [f"{a} {b}" for a, b in itertools.permutations([q for q in QUALIFIERS if q], 2)]
    names: list[tuple[str, str]] = []
    seen: set[str] = set()  # folded: a real list has no two names that differ only in case or tones
    for qualifier in [""] + combos:
        for base in bases:
            name = f"{base} {qualifier}".strip()
            if fold(name) not in seen:
                seen.add(fold(name))
                names.append((name, base))
    if len(names) < count:
        raise ValueError(f"only {len(names)} distinct names for {count} procedures")
    return names[:count]


def generate(out: Path, scale: Scale, seed: int = 2026) -> Path:
    """Write a content tree at `out` (replaced if present) and return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    # Events and products name sample plan tasks and procedures the generated tree renames: left out.
    shutil.copytree(SAMPLES, out, ignore=shutil.ignore_patterns("tthc", "news", "faq", "documents", "plans", "events", "products"))
    for folder in ("tthc", "news", "faq", "documents", "plans"):
        (out / folder).mkdir()

    procedures = [yaml.safe_load(text) for _, text in _load("tthc")]
    by_name = {record["ten"]: record for record in procedures}
    by_field: dict[str, list[dict]] = {}
    for record in procedures:
        by_field.setdefault(record["linh_vuc"][0], []).append(record)
    fields = _bases()
    codes = imported_procedures(out, scale.procedures) if scale.imported else []
    for index, (name, base) in enumerate([] if scale.imported else procedure_bases(scale.procedures)):
        # The body of the procedure it is named after, or of one in the same lĩnh vực.
        same_field = by_field.get(fields[base]) or procedures
        record = dict(by_name.get(base) or same_field[sum(map(ord, base)) % len(same_field)])
        code = f"9.{100000 + index:06d}"
        record.update(ma=code, ten=name, thu_tuc_lien_quan=[])
        codes.append(code)
        (out / "tthc" / f"{code}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")

    documents = [(path.stem, yaml.safe_load(text)) for path, text in _load("documents")]
    for index in range(scale.documents):
        doc_id, record = documents[index % len(documents)]
        if index >= len(documents):
            number = 1000 + index
            record = dict(record, so_ky_hieu=f"{number}/QĐ-UBND", loai="quyet_dinh", trich_yeu=f"{record['trich_yeu']} (văn bản số {number})")
            doc_id = f"{number}-qd-ubnd-{record['ngay_ban_hanh'].year if hasattr(record['ngay_ban_hanh'], 'year') else 2026}"
        (out / "documents" / f"{doc_id}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Procedures cite the samples' documents, which are all kept (scale.documents ≥ their number).
    assert scale.documents >= len(documents)

    faqs = [yaml.safe_load(text) for _, text in _load("faq")]
    for index in range(scale.faq):
        record = dict(faqs[index % len(faqs)])
        record["cau_hoi"] = f"{record['cau_hoi']} (câu hỏi {index + 1})"
        record["thu_tuc"] = [rng.choice(codes)]
        (out / "faq" / f"hoi-dap-{index + 1:04d}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")

    posts = []
    for _, text in _load("news", ".md"):
        _, header, body = text.split("---", 2)
        posts.append((yaml.safe_load(header), body))
    start = date(2026, 11, 20)
    for index in range(scale.news):
        front, body = posts[index % len(posts)]
        day = start - timedelta(days=index // 3)
        front = dict(front, ngay=day.strftime("%d/%m/%Y"), tieu_de=f"{front['tieu_de']} (số {index + 1})", thu_tuc=[rng.choice(codes)], nhiem_vu=[])
        name = f"{day.isoformat()}-tin-{index + 1:04d}.md"
        (out / "news" / name).write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---" + body, encoding="utf-8")

    site_file = out / "site.yml"
    site = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    site["thu_tuc_noi_bat"] = codes[:6]
    site_file.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")

    plans = _load("plans")
    for index in range(scale.plans):
        path, text = plans[index % len(plans)]
        (out / "plans" / f"{path.stem}-{index + 1}.yml").write_text(text, encoding="utf-8")
    return out
