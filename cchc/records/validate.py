"""Stage 2, validate: sources → typed records, then checks across records.

Every error of every file is collected; the caller decides to stop. A record
that fails its model is left out of the cross-record checks (its own errors
already explain it) so one mistake is not reported twice.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cchc.base.errors import ContentError
from cchc.models import KINDS, ThuTuc
from cchc.models.common import PROCEDURE_CODE, SLUG
from cchc.models.content import Content
from cchc.records import attachments, loader, messages
from cchc.records.loader import Source


def _drop_union_noise(errors: list[ErrorDetails], data: Any) -> list[ErrorDetails]:
    """A value that fails `str | Model` reports both branches; keep the one the editor meant."""
    kept = []
    for error in errors:
        loc = tuple(error["loc"])
        if "str" in loc:
            value = _lookup(data, loc[: loc.index("str")])
            if isinstance(value, dict):
                continue  # written as a group of fields: the model branch explains it
        if any(isinstance(part, str) and part[:1].isupper() for part in loc) and error["type"] == "model_type":
            continue  # written as text or a number: the str branch explains it
        kept.append(error)
    return kept


def _step(data: Any, part: str | int) -> tuple[bool, Any]:
    """One step of a pydantic location into the editor's data: (found, value)."""
    if isinstance(data, dict) and part in data:
        return True, data[part]
    if isinstance(data, list) and isinstance(part, int) and part < len(data):
        return True, data[part]
    return False, data


def _lookup(data: Any, loc: tuple) -> Any:
    """The value at `loc`, skipping parts that are not in the file (union tags)."""
    for part in loc:
        _, data = _step(data, part)
    return data


def _data_path(data: Any, loc: tuple) -> tuple:
    """The part of a pydantic location that exists in the file (union tags dropped)."""
    path: list = []
    for part in loc:
        found, value = _step(data, part)
        if found:
            data = value
            path.append(part)
        elif isinstance(data, dict) and isinstance(part, str) and not part[:1].isupper() and part != "str":
            path.append(part)  # a missing or unknown key: Source.line falls back to the parent
            break
    return tuple(path)


def check_model(source: Source) -> BaseModel | None:
    model = source.kind.model
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in _drop_union_noise(exc.errors(), source.data):
            title, text = messages.message(error, model, source.kind.title)
            where = _data_path(source.data, tuple(error["loc"]))
            source.errors.append(source.error(where, title, text))
        return None


def _check_file_name(source: Source) -> None:
    kind = source.kind.name
    if source.kind.single:
        return
    if kind == "thu_tuc":
        code = source.data.get("ma") if source.data else None
        if not re.match(PROCEDURE_CODE, source.id):
            source.errors.append(
                source.error((), "tên tệp", f"tên tệp thủ tục phải là mã thủ tục, ví dụ “1.001193.yml”, không phải “{source.path.name}”")
            )
        elif isinstance(code, str) and code != source.id:
            source.errors.append(
                source.error(("ma",), "Mã thủ tục", f"mã “{code}” khác tên tệp “{source.path.name}”: hãy đặt tên tệp là “{code}.yml”")
            )
        return
    if not re.match(SLUG, source.id):
        from cchc.base.text import slugify

        source.errors.append(
            source.error(
                (),
                "tên tệp",
                f"tên tệp “{source.path.name}” phải viết thường, không dấu, nối bằng gạch ngang, ví dụ “{slugify(source.id) or 'ten-tep'}{source.path.suffix}”",
            )
        )


def build_content(sources: list[Source], root: Path, check: Callable[[Source], BaseModel | None] = check_model) -> Content:
    content = Content(root=root)
    for source in sources:
        code = source.data.get("ma") if source.kind.name == "thu_tuc" and source.data else None
        content.present.setdefault(source.kind.name, set()).add(code if isinstance(code, str) else source.id)
    urls: dict[str, Source] = {}
    for source in sources:
        if source.data is None or source.errors:
            continue
        _check_file_name(source)
        record = check(source)
        if record is None:
            continue
        kind = source.kind.name
        record_id = record.ma if isinstance(record, ThuTuc) else source.id
        if source.kind.single:
            content.singles[kind] = record
            content.sources[(kind, kind)] = source
            continue
        url = f"/{source.kind.section}/{record_id}/"  # two records on one URL is an error
        if url in urls:
            other = urls[url]
            source.errors.append(source.error(("ma",) if kind == "thu_tuc" else (), "trùng địa chỉ", f"trùng mã/địa chỉ {url} với tệp {other.shown}"))
            continue
        urls[url] = source
        content.of(kind)[record_id] = record
        content.sources[(kind, record_id)] = source
        if source.kind.suffix == ".md":
            content.bodies[record_id] = source.body
    return content


def cross_check(content: Content) -> list[ContentError]:
    """References between records, and files named by records."""
    errors: list[ContentError] = []
    procedures, documents, plans = (content.present.get(kind, set()) for kind in ("thu_tuc", "van_ban", "ke_hoach"))

    def err(kind: str, record_id: str, where: tuple, title: str, text: str) -> None:
        errors.append(content.sources[(kind, record_id)].error(where, title, text))

    def known_procedures(kind: str, record_id: str, key: str, title: str, codes: list[str]) -> None:
        for index, code in enumerate(codes):
            if code not in procedures:
                err(kind, record_id, (key, index), title, f"không có thủ tục mã “{code}” trong content/tthc/")

    def known_file(kind: str, record_id: str, where: tuple, title: str, relative: str | None, image: bool = False) -> None:
        if not relative:
            return
        if re.match(r"^https?://", relative):
            if image:  # the site makes no request to another site
                err(
                    kind,
                    record_id,
                    where,
                    title,
                    f"ảnh “{relative}” đặt trên trang khác: hãy tải ảnh về, đặt vào content/files/ và ghi đường dẫn, ví dụ “files/tin-tuc/anh.jpg”",
                )
            return
        problem = attachments.reference_problem(content.root, relative)
        if problem:
            err(kind, record_id, where, title, problem)

    for code, procedure in content.thu_tuc.items():
        for index, item in enumerate(procedure.thu_tuc_lien_quan):
            # A bare code is the editor's: unknown is a typo. {ma, ten} is the source's: shown by name (a warning).
            if isinstance(item, str) and item not in procedures:
                err("thu_tuc", code, ("thu_tuc_lien_quan", index), "Thủ tục liên quan", f"không có thủ tục mã “{item}” trong content/tthc/")
        successor = procedure.trang_thai.thay_the_boi
        if successor and successor not in procedures:
            err(
                "thu_tuc",
                code,
                ("trang_thai", "thay_the_boi"),
                "Thay thế bởi thủ tục",
                f"thủ tục thay thế “{successor}” không có trong content/tthc/: hãy thêm tệp content/tthc/{successor}.yml",
            )
        for index, basis in enumerate(procedure.can_cu_phap_ly):
            if basis.van_ban and basis.van_ban not in documents:
                err("thu_tuc", code, ("can_cu_phap_ly", index, "van_ban"), "Văn bản", f"không có văn bản “{basis.van_ban}” trong content/documents/")
        for g, group in enumerate(procedure.ho_so):
            for p, paper in enumerate(group.giay_to):
                for f, form in enumerate(paper.mau):
                    known_file("thu_tuc", code, ("ho_so", g, "giay_to", p, "mau", f, "tep"), "Mẫu đơn, tờ khai", form.tep)

    for plan_id, plan in content.ke_hoach.items():
        seen: dict[int, int] = {}
        for index, task in enumerate(plan.phu_luc.nhiem_vu if plan.phu_luc else []):
            if task.tt in seen:
                err(
                    "ke_hoach",
                    plan_id,
                    ("phu_luc", "nhiem_vu", index, "tt"),
                    "Số thứ tự",
                    f"số thứ tự {task.tt} trùng với nhiệm vụ thứ {seen[task.tt] + 1}",
                )
            seen[task.tt] = index
        if plan.tep:
            known_file("ke_hoach", plan_id, ("tep", "tep"), "Tệp văn bản gốc", plan.tep.tep)

    for faq_id, faq in content.hoi_dap.items():
        known_procedures("hoi_dap", faq_id, "thu_tuc", "Thủ tục liên quan", faq.thu_tuc)

    for doc_id, document in content.van_ban.items():
        if document.tep:
            known_file("van_ban", doc_id, ("tep", "tep"), "Tệp hoặc liên kết toàn văn", document.tep.tep)

    def known_tasks(kind: str, record_id: str, refs: list[str]) -> None:
        for index, ref in enumerate(refs):
            plan_id, _, number = ref.partition("/")
            plan = content.ke_hoach.get(plan_id)
            if plan_id not in plans:
                err(kind, record_id, ("nhiem_vu", index), "Nhiệm vụ kế hoạch liên quan", f"không có kế hoạch “{plan_id}” trong content/plans/")
            elif plan is not None and int(number) not in {task.tt for task in (plan.phu_luc.nhiem_vu if plan.phu_luc else [])}:
                err(kind, record_id, ("nhiem_vu", index), "Nhiệm vụ kế hoạch liên quan", f"kế hoạch “{plan_id}” không có nhiệm vụ số {number}")

    for post_id, post in content.tin_tuc.items():
        known_procedures("tin_tuc", post_id, "thu_tuc", "Thủ tục liên quan", post.thu_tuc)
        known_tasks("tin_tuc", post_id, post.nhiem_vu)
        known_file("tin_tuc", post_id, ("anh",), "Ảnh minh họa", post.anh, image=True)

    for doc_id, document in content.van_ban.items():
        known_tasks("van_ban", doc_id, document.nhiem_vu)
    for event_id, event in content.su_kien.items():
        known_tasks("su_kien", event_id, event.nhiem_vu)
    for product_id, product in content.san_pham.items():
        known_tasks("san_pham", product_id, product.nhiem_vu)
        known_procedures("san_pham", product_id, "thu_tuc", "Thủ tục liên quan", product.thu_tuc)
        known_file("san_pham", product_id, ("anh",), "Ảnh xem trước", product.anh, image=True)
        known_file("san_pham", product_id, ("tep",), "Tệp tải về", product.tep)
        if product.video:
            known_file("san_pham", product_id, ("video", "tep"), "Tệp video", product.video.tep)

    if content.singles.get("site"):
        known_file("site", "site", ("co_quan", "logo"), "Biểu trưng", content.site.co_quan.logo)
        known_procedures("site", "site", "thu_tuc_noi_bat", "Thủ tục được dùng nhiều", content.site.thu_tuc_noi_bat)
    return errors


# Parts of a procedure a national record may leave out: kept absent, and said so.
UNSTATED = {
    "doi_tuong": "chưa nêu đối tượng thực hiện",
    "co_quan_thuc_hien": "chưa nêu cơ quan thực hiện: trang sẽ ghi “chưa có thông tin” và dẫn đến bản ghi trên Cổng Dịch vụ công quốc gia",
    "trinh_tu": "chưa nêu trình tự thực hiện",
    "cach_thuc": "chưa nêu cách thức thực hiện (hình thức nộp, thời hạn, phí)",
    "ho_so": "chưa nêu thành phần hồ sơ",
    "ket_qua": "chưa nêu kết quả thực hiện",
    "can_cu_phap_ly": "chưa nêu căn cứ pháp lý",
}


def procedure_warnings(content: Content) -> list[ContentError]:
    """What each procedure does not state, or states as the source did though it is out of date."""
    warnings: list[ContentError] = []
    known = content.present.get("thu_tuc", set())
    for code, procedure in content.thu_tuc.items():
        source = content.sources[("thu_tuc", code)]

        def warn(where: tuple, text: str) -> None:
            warnings.append(source.warning(where, source.title_for(where), text))  # noqa: B023 - called in this iteration only

        for key, text in UNSTATED.items():
            if not getattr(procedure, key):
                warn((key,), text)
        if "cap_huyen" in procedure.cap_thuc_hien:
            warn(
                ("cap_thuc_hien", procedure.cap_thuc_hien.index("cap_huyen")),
                "cấp huyện không còn từ 01/07/2025; giữ như nguồn ghi, hãy rà soát cơ quan thực hiện hiện nay",
            )
        for index, way in enumerate(procedure.cach_thuc):
            limit = way.thoi_han
            if limit is not None and limit.so is not None and limit.don_vi is None:
                warn(
                    ("cach_thuc", index, "thoi_han", "so"),
                    f"thời hạn “{limit.nguyen_van or limit.so}” không ghi đơn vị: trang ghi số như nguồn và “không rõ đơn vị”",
                )
            if way.mien_phi and any(fee.so_tien for fee in way.phi):
                warn(("cach_thuc", index, "mien_phi"), "ghi “mien_phi: true” nhưng có khoản phí với số tiền lớn hơn 0")
        for index, (related, _) in enumerate(procedure.lien_quan()):
            if related and not isinstance(procedure.thu_tuc_lien_quan[index], str) and related not in known:
                warn(
                    ("thu_tuc_lien_quan", index, "ma"), f"thủ tục mã “{related}” không có trong content/tthc/: trang ghi tên và mã, không có liên kết"
                )
    return warnings


def _copy(source: Source) -> Source:
    """A copy whose error list can grow (the checks across records add to it) without
    touching the memo's (dataclasses.replace was a fifth of an edit's validation)."""
    fresh = copy.copy(source)
    fresh.errors = list(source.errors)
    return fresh


@dataclass
class Memo:
    """What `serve` keeps between two validations of the same folder: each
    file's reading and record while its bytes stay the same, and what changed."""

    # path → ((mtime, size), pristine source, record or None until checked)
    files: dict[Path, tuple[tuple[int, int], Source, BaseModel | None]] = field(default_factory=dict)
    changed: set[Path] = field(default_factory=set)  # added, edited or removed by the last call

    def load(self, root: Path) -> list[Source]:
        sources: list[Source] = []
        stale: list[int] = []
        known_files: dict[Path, tuple[tuple[int, int], Source, BaseModel | None]] = {}
        stamps: dict[Path, tuple[int, int]] = {}  # before reading: an edit while it reads is seen next time
        for source in loader.discover(root):
            stat = source.path.stat()
            stamp = stamps[source.path] = (stat.st_mtime_ns, stat.st_size)
            known = self.files.get(source.path)
            if known and known[0] != stamp and known[1].digest == loader.digest(source.path.read_bytes()):
                known = (stamp, *known[1:])  # touched, not changed (a checkout sets every file's time)
            if known and known[0] == stamp:
                sources.append(_copy(known[1]))
                known_files[source.path] = known
            else:
                stale.append(len(sources))
                sources.append(source)
        for index, source in zip(stale, loader.read_all([sources[i] for i in stale]), strict=True):
            sources[index] = source
            known_files[source.path] = (stamps[source.path], _copy(source), None)
        self.changed = {sources[index].path for index in stale} | (set(self.files) - set(known_files))
        self.files = known_files
        return sources

    def check_model(self, source: Source) -> BaseModel | None:
        """The record, validated again only when its file changed."""
        stamp, pristine, record = self.files[source.path]
        if record is None:
            record = check_model(source)
            if record is not None:
                self.files[source.path] = (stamp, pristine, record)
        return record


def validate(root: Path, memo: Memo | None = None) -> tuple[Content, list[ContentError]]:
    """Load and check everything under `root`; return the valid records and every error.
    With a memo (serve), unchanged files are neither read nor validated again."""
    sources = memo.load(root) if memo else loader.load(root)
    content = build_content(sources, root, memo.check_model if memo else check_model)
    errors = [error for source in sources for error in source.errors] + loader.stray_files(root) + attachments.folder_errors(root)
    for kind in KINDS.values():
        if kind.single and kind.required and not any(source.kind is kind for source in sources):
            errors.append(
                ContentError(
                    loader.shown_path(root / f"{kind.single}.yml"),
                    0,
                    "",
                    f"thiếu tệp {kind.single}.yml ({kind.title.lower()}). Dùng “python build.py new {kind.name}” để tạo",
                )
            )
    errors.extend(cross_check(content))
    content.warnings = sorted(set([warning for source in sources for warning in source.warnings] + procedure_warnings(content)))
    return content, sorted(set(errors))
