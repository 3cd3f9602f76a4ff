"""`content/tthc/<mã thủ tục>.yml`: one administrative procedure (TTHC).

Structured after the national database record (domain.md): every table of the
portal becomes a list of typed items, never a flattened string. A record holds
what its source says and nothing more: a part the source leaves out is absent
(warned by cchc/records/validate.py, shown as "chưa có thông tin" on the page), never
filled with a default such as "free", "online" or the site's own office.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import FILE, SLUG, DuongDan, MaThuTuc, Model, Ngay, RaSoat, field, many, one_of, optional

# cap_huyen: abolished on 01/07/2025, still named by national records; kept as the source says, warned.
CAP_THUC_HIEN = {"cap_bo": "Cấp Bộ", "cap_tinh": "Cấp Tỉnh", "cap_huyen": "Cấp Huyện", "cap_xa": "Cấp Xã", "co_quan_khac": "Cơ quan khác"}
KENH = {"truc_tiep": "Trực tiếp", "truc_tuyen": "Trực tuyến", "buu_chinh": "Dịch vụ bưu chính"}
DON_VI_THOI_HAN = {
    "ngay_lam_viec": "ngày làm việc",
    "ngay": "ngày",
    "gio": "giờ",
    "gio_lam_viec": "giờ làm việc",
    "phut": "phút",
    "tuan": "tuần",
    "thang": "tháng",
    "nam": "năm",
}
MUC_DO_TRUC_TUYEN = {"toan_trinh": "Toàn trình", "mot_phan": "Một phần", "khong": "Không hỗ trợ trực tuyến"}
TINH_TRANG = {"con_hieu_luc": "Đang áp dụng", "sua_doi": "Đã sửa đổi, bổ sung", "thay_the": "Đã được thay thế", "bai_bo": "Đã bãi bỏ"}
LOAI_PHI = {"phi": "Phí", "le_phi": "Lệ phí"}


class Buoc(Model):
    ten: str | None = optional("Tên bước", example="Nộp hồ sơ")
    mo_ta: str = field("Nội dung bước", example="Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa của UBND cấp xã.")


class ThoiHan(Model):
    so: float | None = optional("Số", example=5, ge=0)
    don_vi: Literal[tuple(DON_VI_THOI_HAN)] | None = optional("Đơn vị", example="ngay_lam_viec")  # type: ignore[valid-type]
    nguyen_van: str | None = optional("Thời hạn như nguồn ghi", example="03 ngày làm việc kể từ ngày nhận đủ hồ sơ")
    ghi_chu: str | None = optional("Ghi chú thời hạn", example="Kể từ ngày nhận đủ hồ sơ hợp lệ")

    @model_validator(mode="after")
    def _says_something(self) -> ThoiHan:
        # A number without its unit is kept (national records give "1"); a limit that says nothing is a mistake.
        if self.so is None and not self.nguyen_van and not self.ghi_chu:
            raise PydanticCustomError(
                "time_limit_missing",
                "cần “so” và “don_vi”, hoặc “nguyen_van”/“ghi_chu” khi nguồn không ghi số; bỏ hẳn “thoi_han” nếu nguồn không nêu thời hạn",
            )
        if self.don_vi is not None and self.so is None:
            raise PydanticCustomError("time_number_missing", "có “don_vi” nhưng thiếu “so” của thời hạn")
        return self


class PhiLePhi(Model):
    """One fee as the source states it: kind, amount and currency may each be unknown."""

    loai: Literal[tuple(LOAI_PHI)] | None = optional("Loại (bỏ trống nếu nguồn không nói là phí hay lệ phí)", example="le_phi")  # type: ignore[valid-type]
    # Absent: the amount is not stated (or only as text in mo_ta); 0: the source says 0.
    so_tien: Annotated[int, Field(ge=0)] | Annotated[float, Field(ge=0)] | None = optional("Số tiền (bỏ trống nếu nguồn không ghi số)", example=8000)
    tien_te: str = field("Tiền tệ (mã ISO 4217)", example="VND", default="VND", pattern=r"^[A-Z]{3}$")
    mo_ta: str | None = optional("Mô tả", example="Miễn lệ phí đối với trẻ em sinh ra tại hộ nghèo")

    @model_validator(mode="after")
    def _says_something(self) -> PhiLePhi:
        if self.loai is None and self.so_tien is None and not self.mo_ta:
            raise PydanticCustomError("fee_empty", "khoản phí không nêu gì: cần “loai”, “so_tien” hoặc “mo_ta”")
        return self


class CachThuc(Model):
    kenh: Literal[tuple(KENH)] = field("Hình thức nộp", example="truc_tiep")  # type: ignore[valid-type]
    thoi_han: ThoiHan | None = optional("Thời hạn giải quyết", example={"so": 5, "don_vi": "ngay_lam_viec"})
    # An empty list says nothing: never read it as "free".
    phi: list[PhiLePhi] = many("Phí, lệ phí (bỏ trống nếu nguồn không nêu)", example={"loai": "le_phi", "so_tien": 8000})
    mien_phi: bool | None = optional("Miễn phí (chỉ ghi true khi nguồn nói rõ “Miễn phí”/“Không thu”)", example=True)
    mo_ta: str | None = optional("Mô tả", example="Nộp tại Bộ phận Một cửa, trả kết quả trong ngày")


class MauDon(Model):
    """A form named by the record: its file when the source gives one. The national portal's
    text names forms without their files; the page then names the form and says where to get it."""

    ten: str | None = optional("Tên mẫu", example="Tờ khai đăng ký khai sinh")
    tep: str | None = optional("Tệp trong thư mục content/", example="files/to-khai-dang-ky-khai-sinh.docx", pattern=FILE)
    lien_ket: DuongDan | None = optional("Liên kết tải về", example="https://csdl.dichvucong.gov.vn/web/jsp/download_file.jsp?ma=3fd6")

    @model_validator(mode="after")
    def _named_or_linked(self) -> MauDon:
        return one_of(self, ("ten", "tep", "lien_ket"), "form_empty", "cần “ten”, “tep” hoặc “lien_ket” của mẫu")


def _one_or_many(value: Any) -> Any:
    """Files written before several forms per document: a single `mau:` mapping is a list of one."""
    return [value] if isinstance(value, dict) else value


DanhSachMau = Annotated[
    list[MauDon],
    BeforeValidator(_one_or_many),
    # Editors' tools (yaml-language-server, the web editor) accept both spellings.
    WithJsonSchema({"anyOf": [{"type": "array", "items": MauDon.model_json_schema()}, MauDon.model_json_schema()]}),
]


class GiayTo(Model):
    ten: str = field("Tên giấy tờ", example="Tờ khai đăng ký khai sinh theo mẫu")
    mau: DanhSachMau = Field(
        default_factory=list,
        title="Mẫu đơn, tờ khai",
        examples=[[{"ten": "Tờ khai đăng ký khai sinh", "lien_ket": "https://csdl.dichvucong.gov.vn/web/jsp/download_file.jsp?ma=3fd6"}]],
    )
    # Absent: not stated; the page then prints no count.
    ban_chinh: int | None = optional("Số bản chính", example=1, ge=0)
    ban_sao: int | None = optional("Số bản sao", example=0, ge=0)
    ghi_chu: str | None = optional("Ghi chú", example="Xuất trình bản chính để đối chiếu")


class NhomHoSo(Model):
    truong_hop: str | None = optional("Trường hợp", example="Trường hợp trẻ em bị bỏ rơi")
    la_truong_hop_thuong_gap: bool | None = optional("Trường hợp thường gặp", example=True)
    giay_to: list[GiayTo] = field("Giấy tờ phải nộp", example=[{"ten": "Tờ khai", "ban_chinh": 1}], min_length=1)


class CanCu(Model):
    """Legal basis: a reference to a `van_ban` record, or a free citation."""

    van_ban: str | None = optional("Văn bản (tên tệp trong content/documents/)", example="123-2015-nd-cp", pattern=SLUG)
    trich_dan: str | None = optional("Trích dẫn", example="Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ")
    so_ky_hieu: str | None = optional("Số, ký hiệu", example="123/2015/NĐ-CP")

    @model_validator(mode="after")
    def _reference_or_citation(self) -> CanCu:
        return one_of(self, ("van_ban", "trich_dan"), "reference_or_citation", "cần “van_ban” hoặc “trich_dan”")


class TrucTuyen(Model):
    muc_do: Literal[tuple(MUC_DO_TRUC_TUYEN)] | None = optional("Mức độ dịch vụ công trực tuyến (chỉ ghi khi nguồn nêu)", example="toan_trinh")  # type: ignore[valid-type]
    lien_ket: DuongDan | None = optional(
        "Liên kết nộp hồ sơ trực tuyến", example="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"
    )


class ThuTucLienQuan(Model):
    """A related procedure named by the source: by its code, or only by its name."""

    ma: MaThuTuc | None = optional("Mã thủ tục", example="1.000894")
    ten: str | None = optional("Tên thủ tục", example="Đăng ký kết hôn")

    @model_validator(mode="after")
    def _code_or_name(self) -> ThuTucLienQuan:
        return one_of(self, ("ma", "ten"), "related_empty", "cần “ma” hoặc “ten” của thủ tục liên quan")


class Nguon(Model):
    """Where the record's data came from."""

    he_thong: str | None = optional("Hệ thống nguồn", example="Cổng Dịch vụ công quốc gia")
    lien_ket: DuongDan | None = optional("Liên kết đến bản ghi gốc", example="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/2f4c…")
    ngay_lay: Ngay | None = optional("Ngày lấy dữ liệu", example="04/12/2026")


class TrangThai(Model):
    tinh_trang: Literal[tuple(TINH_TRANG)] = field("Tình trạng", example="con_hieu_luc")  # type: ignore[valid-type]
    quyet_dinh: str | None = optional("Quyết định công bố", example="163/QĐ-BTP")
    ngay_quyet_dinh: Ngay | None = optional("Ngày quyết định", example="20/06/2025")
    thay_the_boi: MaThuTuc | None = optional("Thay thế bởi thủ tục", example="1.013823")

    @model_validator(mode="after")
    def _replacement_named(self) -> TrangThai:
        if self.tinh_trang == "thay_the" and not self.thay_the_boi:
            raise PydanticCustomError("replacement_missing", "thủ tục đã được thay thế cần “thay_the_boi”")
        return self


class ThuTuc(RaSoat):
    ma: MaThuTuc = field("Mã thủ tục", example="1.001193")
    ten: str = field("Tên thủ tục", example="Đăng ký khai sinh")
    mo_ta: str | None = optional("Giới thiệu ngắn", example="Đăng ký việc sinh cho trẻ em để được cấp Giấy khai sinh.")
    linh_vuc: list[str] = field("Lĩnh vực", example=["Hộ tịch"], min_length=1)
    cap_thuc_hien: list[Literal[tuple(CAP_THUC_HIEN)]] = field("Cấp thực hiện", example=["cap_xa"], min_length=1)  # type: ignore[valid-type]
    loai_thu_tuc: str | None = optional("Loại thủ tục", example="TTHC được luật giao quy định chi tiết")
    nguon: Nguon | None = optional("Nguồn dữ liệu", example={"he_thong": "Cổng Dịch vụ công quốc gia", "ngay_lay": "04/12/2026"})
    doi_tuong: list[str] = many("Đối tượng thực hiện", example="Công dân Việt Nam")
    co_quan_thuc_hien: str | None = optional("Cơ quan thực hiện", example="Ủy ban nhân dân cấp xã")
    co_quan_co_tham_quyen: str | None = optional("Cơ quan có thẩm quyền", example="Ủy ban nhân dân cấp xã")
    co_quan_duoc_uy_quyen: str | None = optional("Cơ quan được ủy quyền", example="Không có")
    co_quan_phoi_hop: str | None = optional("Cơ quan phối hợp", example="Công an cấp xã")
    dia_chi_tiep_nhan: str | None = optional("Địa chỉ tiếp nhận hồ sơ", example="Bộ phận Một cửa, UBND xã Thạch Hà")
    trinh_tu: list[Buoc] = many("Trình tự thực hiện", example={"mo_ta": "Nộp hồ sơ tại Bộ phận Một cửa"})
    cach_thuc: list[CachThuc] = many("Cách thức thực hiện", example={"kenh": "truc_tiep", "thoi_han": {"so": 1, "don_vi": "ngay_lam_viec"}})
    ho_so: list[NhomHoSo] = many("Thành phần hồ sơ", example={"giay_to": [{"ten": "Tờ khai", "ban_chinh": 1}]})
    so_bo_ho_so: int | None = optional("Số bộ hồ sơ", example=1, ge=1)
    luu_y: list[str] = many("Lưu ý về hồ sơ", example="Bản chụp giấy tờ nộp trực tuyến phải rõ nét, đầy đủ")
    yeu_cau_dieu_kien: list[str] = many("Yêu cầu, điều kiện thực hiện", example="Người yêu cầu phải có mặt khi nhận kết quả")
    ket_qua: list[str] = many("Kết quả thực hiện", example="Giấy khai sinh")
    thu_tuc_lien_quan: list[MaThuTuc | ThuTucLienQuan] = many("Thủ tục liên quan", example="1.000894")
    can_cu_phap_ly: list[CanCu] = many("Căn cứ pháp lý", example={"van_ban": "luat-60-2014-qh13"})
    truc_tuyen: TrucTuyen | None = optional("Dịch vụ công trực tuyến", example={"muc_do": "toan_trinh", "lien_ket": "https://dichvucong.gov.vn/…"})
    trang_thai: TrangThai = field("Trạng thái", example={"tinh_trang": "con_hieu_luc", "quyet_dinh": "163/QĐ-BTP"})
    ngay_cap_nhat: Ngay = field("Ngày cập nhật", example="20/06/2025")
    # Never published: no page, open data, search entry, feed or widget shows it.
    ghi_chu_noi_bo: str | None = optional("Ghi chú nội bộ (không công khai)", example="Đã gọi Sở Tư pháp xác nhận mức lệ phí ngày 05/12/2026")

    def lien_quan(self) -> list[tuple[str | None, str | None]]:
        """Each related procedure as (code, name), either of which may be unknown."""
        return [(item, None) if isinstance(item, str) else (item.ma, item.ten) for item in self.thu_tuc_lien_quan]

    def kenh_truc_tuyen(self) -> str | None:
        """The online link, only when the record has an online channel and states the link."""
        if self.truc_tuyen and self.truc_tuyen.lien_ket and any(way.kenh == "truc_tuyen" for way in self.cach_thuc):
            return self.truc_tuyen.lien_ket
        return None
