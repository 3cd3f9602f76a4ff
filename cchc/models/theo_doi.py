"""Records that let a plan track itself: events held (`content/events/`),
results of procedure handling per period (`content/results/`), the reform
indices by year (`content/chi-so.yml`), communication products
(`content/products/`) and the official list of procedures (`content/danh-muc-tthc.yml`).

Events, documents, news and products name the plan tasks they serve in
`nhiem_vu` ("plan-id/tt"); the plan's progress page gathers them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from cchc.models.common import FILE, URL, DuongDan, MaThuTuc, Model, Ngay, RaSoat, field, many, optional

# A plan task is named by the plan's file name and the task's number: "2024-so-tnmt-ha-tinh/3".
NhiemVuRef = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*/[0-9]+$")]

LOAI_SU_KIEN = {
    "hoi_nghi": "Hội nghị, hội thảo",
    "doi_thoai": "Đối thoại",
    "tap_huan": "Tập huấn",
    "cuoc_thi": "Cuộc thi",
    "khac": "Sự kiện khác",
}
LOAI_SAN_PHAM = {
    "to_roi": "Tờ rơi, tờ gấp",
    "ap_phich": "Áp phích, pa nô",
    "infographic": "Infographic",
    "video": "Video hướng dẫn",
    "khac": "Ấn phẩm khác",
}
CHI_SO = {
    "par_index": "Chỉ số cải cách hành chính (PAR Index)",
    "sipas": "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    "pci": "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "ddci": "Chỉ số năng lực cạnh tranh các sở, ban, ngành và địa phương (DDCI)",
}


class SuKien(RaSoat):
    ten: str = field("Tên sự kiện", example="Hội nghị tuyên truyền cải cách hành chính năm 2026")
    loai: Literal[tuple(LOAI_SU_KIEN)] = field("Loại sự kiện", example="hoi_nghi")  # type: ignore[valid-type]
    ngay: Ngay = field("Ngày tổ chức", example="15/03/2026")
    dia_diem: str | None = optional("Địa điểm", example="Hội trường UBND xã")
    so_nguoi: int | None = optional("Số người tham dự", example=80, ge=0)
    mo_ta: str | None = optional("Mô tả ngắn", example="Phổ biến Kế hoạch CCHC năm 2026 tới cán bộ, công chức và nhân dân.")
    nhiem_vu: list[NhiemVuRef] = many("Nhiệm vụ kế hoạch liên quan (mã kế hoạch/số thứ tự)", example="2026-xa-thach-ha/2")


class KetQuaLinhVuc(Model):
    """One lĩnh vực's figures for the period (Thông tư 01/2018/TT-VPCP style)."""

    linh_vuc: str = field("Lĩnh vực", example="Hộ tịch")
    tiep_nhan: int = field("Số hồ sơ tiếp nhận", example=120, ge=0)
    dung_han: int = field("Số hồ sơ giải quyết đúng hạn", example=110, ge=0)
    qua_han: int = field("Số hồ sơ giải quyết quá hạn", example=2, ge=0)
    dang_giai_quyet: int = field("Số hồ sơ đang giải quyết", example=8, ge=0)
    truc_tuyen: int | None = optional("Số hồ sơ nộp trực tuyến", example=70, ge=0)
    hai_long: float | None = optional("Tỷ lệ hài lòng (%)", example=98.5, ge=0, le=100)

    @model_validator(mode="after")
    def _parts_fit(self) -> KetQuaLinhVuc:
        if self.dung_han + self.qua_han + self.dang_giai_quyet > self.tiep_nhan:
            raise PydanticCustomError("results_exceed", "tổng đúng hạn, quá hạn và đang giải quyết lớn hơn số hồ sơ tiếp nhận")
        if self.truc_tuyen is not None and self.truc_tuyen > self.tiep_nhan:
            raise PydanticCustomError("online_exceed", "số hồ sơ nộp trực tuyến lớn hơn số hồ sơ tiếp nhận")
        return self


class KetQua(RaSoat):
    ky: str = field("Kỳ báo cáo", example="Quý I/2026")
    tu_ngay: Ngay = field("Từ ngày", example="01/01/2026")
    den_ngay: Ngay = field("Đến ngày", example="31/03/2026")
    du_lieu_mau: bool = field("Số liệu mẫu (không phải số liệu chính thức)", example=True, default=False)
    nguon: str | None = optional("Nguồn số liệu", example="Hệ thống thông tin giải quyết TTHC của tỉnh")
    linh_vuc: list[KetQuaLinhVuc] = many(
        "Kết quả theo lĩnh vực", example={"linh_vuc": "Hộ tịch", "tiep_nhan": 120, "dung_han": 110, "qua_han": 2, "dang_giai_quyet": 8}
    )

    @field_validator("den_ngay")
    @classmethod
    def _after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("tu_ngay")
        if start and value < start:
            raise PydanticCustomError("period_order", "ngày kết thúc kỳ phải sau “tu_ngay”")
        return value


class DiemChiSo(Model):
    chi_so: Literal[tuple(CHI_SO)] = field("Chỉ số", example="par_index")  # type: ignore[valid-type]
    nam: int = field("Năm đánh giá", example=2025, ge=2000, le=2100)
    diem: float = field("Điểm hoặc tỷ lệ (%)", example=86.4, ge=0)
    xep_hang: int | None = optional("Xếp hạng", example=12, ge=1)
    tren: int | None = optional("Trên tổng số", example=63, ge=1)
    nguon: str | None = optional("Nguồn công bố", example="Quyết định công bố Chỉ số CCHC năm 2025")


class ChiSo(Model):
    du_lieu_mau: bool = field("Số liệu mẫu (không phải số liệu chính thức)", example=True, default=False)
    ghi_chu: str | None = optional("Ghi chú", example="Điểm của tỉnh theo công bố hằng năm.")
    diem: list[DiemChiSo] = many("Điểm các chỉ số theo năm", example={"chi_so": "par_index", "nam": 2025, "diem": 86.4})


class Video(Model):
    """A video: the site's own file, or a link to a host that loads only after a click."""

    tep: str | None = optional("Tệp video trong content/", example="files/san-pham/huong-dan.mp4", pattern=FILE)
    lien_ket: DuongDan | None = optional("Liên kết video (YouTube…)", example="https://www.youtube.com/watch?v=abc")
    thoi_luong: str | None = optional("Thời lượng", example="3 phút 20 giây")

    @model_validator(mode="after")
    def _one_source(self) -> Video:
        if not self.tep and not self.lien_ket:
            raise PydanticCustomError("file_or_link", "cần “tep” hoặc “lien_ket”")
        return self


class SanPham(RaSoat):
    ten: str = field("Tên sản phẩm", example="Tờ rơi hướng dẫn nộp hồ sơ trực tuyến")
    loai: Literal[tuple(LOAI_SAN_PHAM)] = field("Loại sản phẩm", example="to_roi")  # type: ignore[valid-type]
    ngay: Ngay = field("Ngày phát hành", example="10/02/2026")
    mo_ta: str | None = optional("Mô tả", example="Các bước nộp hồ sơ trên Cổng Dịch vụ công quốc gia.")
    anh: str | None = optional("Ảnh xem trước (tệp trong content/)", example="files/san-pham/to-roi.svg", pattern=FILE)
    mo_ta_anh: str | None = optional("Mô tả ảnh cho người khiếm thị", example="Tờ rơi gồm 4 bước nộp hồ sơ trực tuyến")
    tep: str | None = optional("Tệp tải về (PDF…)", example="files/san-pham/to-roi.pdf", pattern=f"{FILE}|{URL}")
    video: Video | None = optional("Video", example={"lien_ket": "https://www.youtube.com/watch?v=abc"})
    thu_tuc: list[MaThuTuc] = many("Thủ tục liên quan", example="1.001193")
    nhiem_vu: list[NhiemVuRef] = many("Nhiệm vụ kế hoạch liên quan (mã kế hoạch/số thứ tự)", example="2026-xa-thach-ha/4")


class ThuTucDanhMuc(Model):
    ma: MaThuTuc = field("Mã thủ tục", example="1.001193")
    ten: str = field("Tên thủ tục", example="Thủ tục đăng ký khai sinh")


class DanhMucTTHC(Model):
    """The official list of procedures the agency must publish (quyết định công bố)."""

    quyet_dinh: str | None = optional("Quyết định công bố danh mục", example="Quyết định số 123/QĐ-UBND ngày 10/01/2026")
    thu_tuc: list[ThuTucDanhMuc] = field("Thủ tục trong danh mục", example=[{"ma": "1.001193", "ten": "Thủ tục đăng ký khai sinh"}], min_length=1)
