"""Every valid record of a content folder, by kind and id: what the stages above read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.models import KINDS, ChiSo, DanhMucTTHC, HoiDap, KeHoach, KetQua, SanPham, Site, SuKien, ThuTuc, TinTuc, TuDongNghia, VanBan

if TYPE_CHECKING:
    from cchc.base.errors import ContentError
    from cchc.records.loader import Source


@dataclass
class Content:
    """Records of the kinds in KINDS: `records[kind][id]` for kinds of many files,
    `singles[kind]` for kinds of one file (None when absent). The properties below name
    the kinds the code handles one by one; a kind of its own declaration is read by `of`."""

    root: Path
    records: dict[str, dict[str, Any]] = field(default_factory=lambda: {kind.name: {} for kind in KINDS.values() if not kind.single})
    singles: dict[str, Any] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)  # Markdown body of a kind written as .md, by id
    # What a record leaves unstated or states oddly: printed (`path:line: field: cảnh báo: …`), never stops a build.
    warnings: list[ContentError] = field(default_factory=list)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)  # (kind, id) → file
    # Ids of every file found, valid or not: a reference to a record that exists but has
    # its own errors is not reported again as a reference to nothing.
    present: dict[str, set[str]] = field(default_factory=dict)

    def of(self, kind: str) -> dict[str, Any]:
        return self.records.setdefault(kind, {})

    @property
    def site(self) -> Site:
        """site.yml's record: always there above the records stage (validation requires it;
        the checks inside it read `singles.get("site")`)."""
        site = self.singles.get("site")
        if site is None:
            raise LookupError("content/site.yml has not been validated")
        return site

    @site.setter
    def site(self, value: Site) -> None:
        self.singles["site"] = value

    @property
    def tu_dong_nghia(self) -> TuDongNghia | None:
        return self.singles.get("tu_dong_nghia")

    @property
    def chi_so(self) -> ChiSo | None:
        return self.singles.get("chi_so")

    @property
    def danh_muc_tthc(self) -> DanhMucTTHC | None:
        return self.singles.get("danh_muc_tthc")

    @property
    def thu_tuc(self) -> dict[str, ThuTuc]:
        return self.of("thu_tuc")

    @property
    def ke_hoach(self) -> dict[str, KeHoach]:
        return self.of("ke_hoach")

    @property
    def hoi_dap(self) -> dict[str, HoiDap]:
        return self.of("hoi_dap")

    @property
    def van_ban(self) -> dict[str, VanBan]:
        return self.of("van_ban")

    @property
    def tin_tuc(self) -> dict[str, TinTuc]:
        return self.of("tin_tuc")

    @property
    def su_kien(self) -> dict[str, SuKien]:
        return self.of("su_kien")

    @property
    def ket_qua(self) -> dict[str, KetQua]:
        return self.of("ket_qua")

    @property
    def san_pham(self) -> dict[str, SanPham]:
        return self.of("san_pham")
