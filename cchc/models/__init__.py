"""The record kinds editors write, and where each lives under content/."""
from __future__ import annotations

from dataclasses import dataclass

from .common import Model
from .hoi_dap import HoiDap
from .ke_hoach import KeHoach
from .site import Site
from .theo_doi import ChiSo, DanhMucTTHC, KetQua, SanPham, SuKien
from .thu_tuc import ThuTuc
from .tin_tuc import TinTuc
from .tu_dong_nghia import TuDongNghia
from .van_ban import VanBan


@dataclass(frozen=True)
class Kind:
    name: str  # the word editors use: `python build.py new thu_tuc`
    title: str
    model: type[Model]
    folder: str  # relative to content/; "" for a single file
    suffix: str  # ".yml", or ".md" for Markdown with front matter
    single: str | None = None  # a kind held in one file: content/<single>.yml
    required: bool = True  # for single files: must exist

    def __reduce__(self) -> tuple:
        # Sent between processes (parallel loading) by name: the same object comes back.
        return (kind_named, (self.name,))


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("site", "Thông tin chuyên trang", Site, "", ".yml", single="site"),
        Kind("tu_dong_nghia", "Từ đồng nghĩa cho tìm kiếm", TuDongNghia, "", ".yml", single="tu-dong-nghia", required=False),
        Kind("thu_tuc", "Thủ tục hành chính", ThuTuc, "tthc", ".yml"),
        Kind("ke_hoach", "Kế hoạch tuyên truyền", KeHoach, "plans", ".yml"),
        Kind("hoi_dap", "Hỏi đáp", HoiDap, "faq", ".yml"),
        Kind("van_ban", "Văn bản", VanBan, "documents", ".yml"),
        Kind("tin_tuc", "Tin tức", TinTuc, "news", ".md"),
        Kind("su_kien", "Sự kiện, hội nghị", SuKien, "events", ".yml"),
        Kind("ket_qua", "Kết quả giải quyết TTHC theo kỳ", KetQua, "results", ".yml"),
        Kind("san_pham", "Sản phẩm truyền thông", SanPham, "products", ".yml"),
        Kind("chi_so", "Chỉ số cải cách hành chính theo năm", ChiSo, "", ".yml", single="chi-so", required=False),
        Kind("danh_muc_tthc", "Danh mục TTHC được công bố", DanhMucTTHC, "", ".yml", single="danh-muc-tthc", required=False),
    )
}

def kind_named(name: str) -> Kind:
    return KINDS[name]


__all__ = ["KINDS", "Kind", "Model", "ChiSo", "DanhMucTTHC", "HoiDap", "KeHoach", "KetQua", "SanPham", "Site", "SuKien", "ThuTuc", "TinTuc", "TuDongNghia", "VanBan"]
