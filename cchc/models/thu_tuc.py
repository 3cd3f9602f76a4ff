"""`content/tthc/<mã thủ tục>.yml`: one administrative procedure (TTHC).

Structured after the national database record (domain.md): every table of the
portal becomes a list of typed items, never a flattened string.
"""
from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from .common import SLUG, DuongDan, MaThuTuc, Model, Ngay, RaSoat, TepDinhKem, field, many, optional

CAP_THUC_HIEN = {"cap_bo": "Cấp Bộ", "cap_tinh": "Cấp Tỉnh", "cap_xa": "Cấp Xã", "co_quan_khac": "Cơ quan khác"}
KENH = {"truc_tiep": "Trực tiếp", "truc_tuyen": "Trực tuyến", "buu_chinh": "Dịch vụ bưu chính"}
DON_VI_THOI_HAN = {
    "ngay_lam_viec": "ngày làm việc",
    "ngay": "ngày",
    "gio": "giờ",
    "gio_lam_viec": "giờ làm việc",
    "thang": "tháng",
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
    ghi_chu: str | None = optional("Ghi chú thời hạn", example="Kể từ ngày nhận đủ hồ sơ hợp lệ")

    @model_validator(mode="after")
    def _number_with_unit(self) -> "ThoiHan":
        # A published record may have no time limit yet; then the note must say so.
        if self.so is None and not self.ghi_chu:
            raise PydanticCustomError("time_limit_missing", "cần “so” và “don_vi”, hoặc “ghi_chu” khi chưa công bố thời hạn")
        if self.so is not None and self.don_vi is None:
            raise PydanticCustomError("time_unit_missing", "thiếu “don_vi” của thời hạn")
        return self


class PhiLePhi(Model):
    loai: Literal[tuple(LOAI_PHI)] = field("Loại", example="le_phi")  # type: ignore[valid-type]
    so_tien: int = field("Số tiền (đồng)", example=8000, ge=0)
    mo_ta: str | None = optional("Mô tả", example="Miễn lệ phí đối với trẻ em sinh ra tại hộ nghèo")


class CachThuc(Model):
    kenh: Literal[tuple(KENH)] = field("Hình thức nộp", example="truc_tiep")  # type: ignore[valid-type]
    thoi_han: ThoiHan = field("Thời hạn giải quyết", example={"so": 5, "don_vi": "ngay_lam_viec"})
    phi: list[PhiLePhi] = many("Phí, lệ phí (bỏ trống nếu miễn phí)", example={"loai": "le_phi", "so_tien": 8000})
    mien_phi: bool = field("Không thu phí, lệ phí (ghi rõ để công khai đủ theo Nghị định 63/2010)", example=True, default=False)
    mo_ta: str | None = optional("Mô tả", example="Nộp tại Bộ phận Một cửa, trả kết quả trong ngày")


class GiayTo(Model):
    ten: str = field("Tên giấy tờ", example="Tờ khai đăng ký khai sinh theo mẫu")
    mau: TepDinhKem | None = optional("Mẫu đơn, tờ khai", example={"ten": "Tờ khai đăng ký khai sinh", "lien_ket": "https://csdl.dichvucong.gov.vn/web/jsp/download_file.jsp?ma=3fd6"})
    ban_chinh: int = field("Số bản chính", example=1, default=0, ge=0)
    ban_sao: int = field("Số bản sao", example=0, default=0, ge=0)
    ghi_chu: str | None = optional("Ghi chú", example="Xuất trình bản chính để đối chiếu")


class NhomHoSo(Model):
    truong_hop: str | None = optional("Trường hợp", example="Trường hợp trẻ em bị bỏ rơi")
    giay_to: list[GiayTo] = field("Giấy tờ phải nộp", example=[{"ten": "Tờ khai", "ban_chinh": 1}], min_length=1)


class CanCu(Model):
    """Legal basis: a reference to a `van_ban` record, or a free citation."""

    van_ban: str | None = optional("Văn bản (tên tệp trong content/documents/)", example="123-2015-nd-cp", pattern=SLUG)
    trich_dan: str | None = optional("Trích dẫn", example="Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ")
    so_ky_hieu: str | None = optional("Số, ký hiệu", example="123/2015/NĐ-CP")

    @model_validator(mode="after")
    def _reference_or_citation(self) -> "CanCu":
        if not self.van_ban and not self.trich_dan:
            raise PydanticCustomError("reference_or_citation", "cần “van_ban” hoặc “trich_dan”")
        return self


class TrucTuyen(Model):
    muc_do: Literal[tuple(MUC_DO_TRUC_TUYEN)] = field("Mức độ dịch vụ công trực tuyến", example="toan_trinh")  # type: ignore[valid-type]
    lien_ket: DuongDan | None = optional("Liên kết nộp hồ sơ trực tuyến", example="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193")


class TrangThai(Model):
    tinh_trang: Literal[tuple(TINH_TRANG)] = field("Tình trạng", example="con_hieu_luc")  # type: ignore[valid-type]
    quyet_dinh: str | None = optional("Quyết định công bố", example="163/QĐ-BTP")
    ngay_quyet_dinh: Ngay | None = optional("Ngày quyết định", example="20/06/2025")
    thay_the_boi: MaThuTuc | None = optional("Thay thế bởi thủ tục", example="1.013823")

    @model_validator(mode="after")
    def _replacement_named(self) -> "TrangThai":
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
    doi_tuong: list[str] = field("Đối tượng thực hiện", example=["Công dân Việt Nam"], min_length=1)
    co_quan_thuc_hien: str = field("Cơ quan thực hiện", example="Ủy ban nhân dân cấp xã")
    co_quan_co_tham_quyen: str | None = optional("Cơ quan có thẩm quyền", example="Ủy ban nhân dân cấp xã")
    co_quan_duoc_uy_quyen: str | None = optional("Cơ quan được ủy quyền", example="Không có")
    co_quan_phoi_hop: str | None = optional("Cơ quan phối hợp", example="Công an cấp xã")
    dia_chi_tiep_nhan: str | None = optional("Địa chỉ tiếp nhận hồ sơ", example="Bộ phận Một cửa, UBND xã Thạch Hà")
    trinh_tu: list[Buoc] = field("Trình tự thực hiện", example=[{"mo_ta": "Nộp hồ sơ tại Bộ phận Một cửa"}], min_length=1)
    cach_thuc: list[CachThuc] = field("Cách thức thực hiện", example=[{"kenh": "truc_tiep", "thoi_han": {"so": 1, "don_vi": "ngay_lam_viec"}}], min_length=1)
    ho_so: list[NhomHoSo] = field("Thành phần hồ sơ", example=[{"giay_to": [{"ten": "Tờ khai", "ban_chinh": 1}]}], min_length=1)
    so_bo_ho_so: int | None = optional("Số bộ hồ sơ", example=1, ge=1)
    luu_y: list[str] = many("Lưu ý về hồ sơ", example="Bản chụp giấy tờ nộp trực tuyến phải rõ nét, đầy đủ")
    yeu_cau_dieu_kien: list[str] = many("Yêu cầu, điều kiện thực hiện", example="Người yêu cầu phải có mặt khi nhận kết quả")
    ket_qua: list[str] = field("Kết quả thực hiện", example=["Giấy khai sinh"], min_length=1)
    thu_tuc_lien_quan: list[MaThuTuc] = many("Thủ tục liên quan", example="1.000894")
    can_cu_phap_ly: list[CanCu] = field("Căn cứ pháp lý", example=[{"van_ban": "luat-60-2014-qh13"}], min_length=1)
    truc_tuyen: TrucTuyen = field("Dịch vụ công trực tuyến", example={"muc_do": "toan_trinh"})
    trang_thai: TrangThai = field("Trạng thái", example={"tinh_trang": "con_hieu_luc", "quyet_dinh": "163/QĐ-BTP"})
    ngay_cap_nhat: Ngay = field("Ngày cập nhật", example="20/06/2025")
