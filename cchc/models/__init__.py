"""The record kinds editors write, and where each lives under content/."""

from __future__ import annotations

from dataclasses import dataclass

from cchc.models.common import Model
from cchc.models.hoi_dap import HoiDap
from cchc.models.ke_hoach import KeHoach
from cchc.models.site import Site
from cchc.models.theo_doi import ChiSo, DanhMucTTHC, KetQua, SanPham, SuKien
from cchc.models.thu_tuc import ThuTuc
from cchc.models.tin_tuc import TinTuc
from cchc.models.tu_dong_nghia import TuDongNghia
from cchc.models.van_ban import VanBan

# What a kind's records may take part in besides their own pages.
FEED, OPEN_DATA, SEARCH, EMBED = "feed", "open_data", "search", "embed"


@dataclass(frozen=True)
class Kind:
    """Everything the stages need to know of one record kind: adding a kind is one of
    these, its model, its page template (and a test). What is not declared here is
    derived: URLs, listing, feed, open data, search entry, sitemap (every page is in it)."""

    name: str  # the word editors use: `python build.py new thu_tuc`
    title: str
    model: type[Model]
    folder: str  # relative to content/; "" for a single file
    suffix: str  # ".yml", or ".md" for Markdown with front matter
    single: str | None = None  # a kind held in one file: content/<single>.yml
    required: bool = True  # for single files: must exist
    # Publishing: a kind with a section has a page per record at /<section>/<id>/.
    section: str | None = None
    label: str | None = None  # its short name on search results, feeds and filters
    page: str | None = None  # the template of a record's page, in `templates`
    templates: str | None = None  # the folder of its page template; None: cchc/pages/templates/
    listing: str | None = "danh_sach.md"  # the template of /<section>/, the list of its records
    title_field: str = "ten"  # the field that names a record
    date_field: str | None = None  # the field that dates it: lists and feeds, newest first
    summary_field: str | None = None  # a line about it: lists, feeds, search results
    key: str = "mã (tên tệp)"  # what its ids are, for open data's readers
    outputs: frozenset[str] = frozenset()  # FEED, OPEN_DATA, SEARCH, EMBED

    def __reduce__(self) -> tuple:
        # Sent between processes (parallel loading) by name: the same object comes back.
        return (kind_named, (self.name,))

    def takes_part_in(self, output: str) -> bool:
        return output in self.outputs

    def heading(self, record: Model) -> str:
        return str(getattr(record, self.title_field))


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("site", "Thông tin chuyên trang", Site, "", ".yml", single="site"),
        Kind("tu_dong_nghia", "Từ đồng nghĩa cho tìm kiếm", TuDongNghia, "", ".yml", single="tu-dong-nghia", required=False),
        Kind(
            "thu_tuc",
            "Thủ tục hành chính",
            ThuTuc,
            "tthc",
            ".yml",
            section="thu-tuc",
            label="Thủ tục",
            page="thu_tuc.md",
            listing="thu_tuc_list.md",
            date_field="ngay_cap_nhat",
            key="mã thủ tục",
            outputs=frozenset({OPEN_DATA, SEARCH, EMBED}),
        ),
        Kind(
            "ke_hoach",
            "Kế hoạch tuyên truyền",
            KeHoach,
            "plans",
            ".yml",
            section="ke-hoach",
            label="Kế hoạch",
            listing="ke_hoach_list.md",
            key="mã kế hoạch (tên tệp)",
            outputs=frozenset({OPEN_DATA, SEARCH, EMBED}),
        ),  # its pages come with its tracking (cchc/pages/render.py: _tracking_pages)
        Kind(
            "hoi_dap",
            "Hỏi đáp",
            HoiDap,
            "faq",
            ".yml",
            section="hoi-dap",
            label="Hỏi đáp",
            page="hoi_dap.md",
            listing="hoi_dap_list.md",
            title_field="cau_hoi",
            date_field="ngay",
            key="mã câu hỏi (tên tệp)",
            outputs=frozenset({OPEN_DATA, SEARCH, EMBED}),
        ),
        Kind(
            "van_ban",
            "Văn bản",
            VanBan,
            "documents",
            ".yml",
            section="van-ban",
            label="Văn bản",
            page="van_ban.md",
            listing="van_ban_list.md",
            title_field="trich_yeu",
            date_field="ngay_ban_hanh",
            key="mã văn bản (tên tệp)",
            outputs=frozenset({OPEN_DATA, SEARCH}),
        ),
        Kind(
            "tin_tuc",
            "Tin tức",
            TinTuc,
            "news",
            ".md",
            section="tin-tuc",
            label="Tin tức",
            page="tin_tuc.md",
            listing=None,  # paged, and one page per category (render._news_lists)
            title_field="tieu_de",
            date_field="ngay",
            summary_field="tom_tat",
            key="mã tin (tên tệp)",
            outputs=frozenset({FEED, OPEN_DATA, SEARCH, EMBED}),
        ),
        Kind("su_kien", "Sự kiện, hội nghị", SuKien, "events", ".yml", section="su-kien", listing=None),
        Kind("ket_qua", "Kết quả giải quyết TTHC theo kỳ", KetQua, "results", ".yml", section="ket-qua", listing=None),
        Kind("san_pham", "Sản phẩm truyền thông", SanPham, "products", ".yml", section="san-pham", listing=None),
        Kind("chi_so", "Chỉ số cải cách hành chính theo năm", ChiSo, "", ".yml", single="chi-so", required=False),
        Kind("danh_muc_tthc", "Danh mục TTHC được công bố", DanhMucTTHC, "", ".yml", single="danh-muc-tthc", required=False),
    )
}


def taking_part_in(output: str) -> list[Kind]:
    """The kinds declared to take part in `output`, in KINDS' order (read at call time: a
    kind declared later, as in the tests, takes part too)."""
    return [kind for kind in KINDS.values() if output in kind.outputs]


def kind_named(name: str) -> Kind:
    return KINDS[name]


__all__ = [
    "EMBED",
    "FEED",
    "KINDS",
    "OPEN_DATA",
    "SEARCH",
    "Kind",
    "taking_part_in",
    "Model",
    "ChiSo",
    "DanhMucTTHC",
    "HoiDap",
    "KeHoach",
    "KetQua",
    "SanPham",
    "Site",
    "SuKien",
    "ThuTuc",
    "TinTuc",
    "TuDongNghia",
    "VanBan",
]
