"""`content/plans/<id>.yml`: a communication plan (kế hoạch tuyên truyền CCHC),
faithful to the official document: header, căn cứ, sections, signature,
nơi nhận and the phụ lục task table."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cchc.base import limits
from cchc.models.common import DuongDan, Model, Ngay, RaSoat, TepDinhKem, field, many, optional

TRANG_THAI_NHIEM_VU = {
    "chua_bat_dau": "Chưa bắt đầu",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
    "tam_dung": "Tạm dừng",
}
TRANG_THAI_CHI_TIEU = {"dang_theo_doi": "Đang theo dõi", "dat": "Đạt", "chua_dat": "Chưa đạt"}
THAM_QUYEN_KY = {"KT.": "Ký thay", "TM.": "Thay mặt", "Q.": "Quyền", "TL.": "Thừa lệnh", "TUQ.": "Thừa ủy quyền"}


class MucLong(Model):
    """A numbered heading or paragraph with its own sub-items."""

    tieu_de: str | None = optional("Tiêu đề mục", example="Nội dung tuyên truyền")
    noi_dung: str | None = optional("Nội dung", example="Tuyên truyền về dịch vụ công trực tuyến.")
    muc_con: list[Muc] = many("Các ý con", example="Tuyên truyền trên Cổng thông tin điện tử")


# An item is plain text, or a heading/paragraph with nested items.
Muc = Annotated[str | MucLong, Field(union_mode="left_to_right")]
MucLong.model_rebuild()


class DoLuong(Model):
    """What the published content can measure for a target; the text stays as the plan says it."""

    tin_moi_thang: int | None = optional("Số tin bài tối thiểu mỗi tháng", example=1, ge=1)
    su_kien_moi_nam: int | None = optional("Số hội nghị, sự kiện tối thiểu trong năm", example=2, ge=1)
    loai_su_kien: list[str] = many("Loại sự kiện được tính (bỏ trống: mọi loại)", example="hoi_nghi")
    tthc_day_du: int | None = optional("Tỷ lệ TTHC công khai đủ nội dung (%)", example=100, ge=0, le=100)


class ChiTieuChiTiet(Model):
    noi_dung: str = field("Nội dung chỉ tiêu", example="100% TTHC được niêm yết, công khai")
    trang_thai: Literal[tuple(TRANG_THAI_CHI_TIEU)] = field("Trạng thái", example="dang_theo_doi", default="dang_theo_doi")  # type: ignore[valid-type]
    do_luong: DoLuong | None = optional("Đo tự động từ nội dung chuyên trang", example={"tin_moi_thang": 1})


ChiTieu = Annotated[str | ChiTieuChiTiet, Field(union_mode="left_to_right")]


class ChuKy(Model):
    tham_quyen: Literal[tuple(THAM_QUYEN_KY)] | None = optional("Thẩm quyền ký (KT., TM., Q.…)", example="KT.")  # type: ignore[valid-type]
    chuc_danh_thu_truong: str | None = optional("Chức danh người đứng đầu (sau KT./TM.)", example="GIÁM ĐỐC")
    chuc_vu: str = field("Chức vụ người ký", example="PHÓ GIÁM ĐỐC")
    nguoi_ky: str = field("Người ký", example="Phạm Văn Phước")


class NhiemVu(Model):
    tt: int = field("Số thứ tự", example=1, ge=1)
    noi_dung: str = field("Nội dung công việc", example="Tuyên truyền về dịch vụ công trực tuyến.")
    san_pham: list[str] = many("Sản phẩm", example="Báo cáo kết quả thực hiện")
    chu_tri: list[str] = many("Đơn vị chủ trì", example="Văn phòng")
    phoi_hop: list[str] = many("Đơn vị phối hợp", example="Các phòng, đơn vị trực thuộc")
    thoi_gian: str = field("Thời gian thực hiện", example="Thường xuyên trong năm")
    trang_thai: Literal[tuple(TRANG_THAI_NHIEM_VU)] = field("Trạng thái", example="dang_thuc_hien", default="chua_bat_dau")  # type: ignore[valid-type]
    ghi_chu: str | None = optional("Ghi chú tiến độ", example="Đã đăng 14 tin bài")
    bat_dau: Ngay | None = optional("Ngày bắt đầu (khi thời gian không ghi rõ)", example="01/03/2024")
    han: Ngay | None = optional("Hạn hoàn thành (khi thời gian không ghi rõ)", example="30/06/2024")


class PhuLuc(Model):
    tieu_de: str = field("Tiêu đề phụ lục", example="NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2024")
    ghi_chu: str | None = optional("Dòng kèm theo", example="Kèm theo Kế hoạch số 4658/KH-STNMT ngày 31/12/2020 của Sở Tài nguyên và Môi trường")
    nhiem_vu: list[NhiemVu] = field("Nhiệm vụ", example=[{"tt": 1, "noi_dung": "…", "thoi_gian": "Quý II, IV"}], min_length=1)


class KeHoach(RaSoat):
    co_quan_chu_quan: str | None = optional("Cơ quan cấp trên", example="UBND TỈNH HÀ TĨNH")
    co_quan_ban_hanh: str = field("Cơ quan ban hành", example="SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")
    so: str | None = optional("Số (bỏ trống nếu chưa vào số)", example="4658", pattern=r"^[0-9]+[a-zA-Z]?$")
    ky_hieu: str | None = optional("Ký hiệu", example="KH-STNMT")
    dia_danh: str = field("Địa danh", example="Hà Tĩnh")
    ngay_ban_hanh: Ngay | None = optional("Ngày ban hành", example="31/12/2020")
    nam: int = field("Năm kế hoạch", example=2021, ge=2000, le=2100)
    # The .docx report's title holds it (limits.py).
    ten: str = field("Tên kế hoạch (trích yếu)", example="Tuyên truyền cải cách hành chính năm 2021", max_length=limits.PLAN_TITLE_CHARS)
    can_cu: list[str] = many("Căn cứ", example="Kế hoạch số 493/KH-UBND ngày 21/12/2020 của UBND tỉnh về tuyên truyền cải cách hành chính năm 2021")
    mo_dau: str | None = optional("Đoạn mở đầu", example="Sở Tài nguyên và Môi trường xây dựng Kế hoạch như sau:")
    muc_dich: list[Muc] = field("Mục đích", example=["Nâng cao nhận thức về CCHC"], min_length=1)
    yeu_cau: list[Muc] = many("Yêu cầu", example="Tuyên truyền đầy đủ, kịp thời")
    chi_tieu: list[ChiTieu] = many("Chỉ tiêu cụ thể", example="Định kỳ hàng tháng có ít nhất một tin bài về CCHC")
    noi_dung: list[Muc] = field("Nội dung tuyên truyền", example=["Tuyên truyền về dịch vụ công trực tuyến"], min_length=1)
    hinh_thuc: list[Muc] = many("Hình thức tuyên truyền", example="Đăng tin bài trên Cổng thông tin điện tử")
    to_chuc_thuc_hien: list[Muc] = field("Tổ chức thực hiện", example=["Văn phòng Sở đôn đốc, theo dõi"], min_length=1)
    ket_luan: str | None = optional("Đoạn kết", example="Trên đây là Kế hoạch tuyên truyền CCHC năm 2024 của Sở./.")
    ky: ChuKy | None = optional(
        "Chữ ký", example={"tham_quyen": "KT.", "chuc_danh_thu_truong": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "nguoi_ky": "Phạm Văn Phước"}
    )
    noi_nhan: list[str] = many("Nơi nhận", example="Lưu: VT, VP.")
    phu_luc: PhuLuc | None = optional("Phụ lục nhiệm vụ")
    tep: TepDinhKem | None = optional("Tệp văn bản gốc", example={"tep": "files/ke-hoach-4658.pdf"})
    nguon: DuongDan | None = optional("Nguồn đăng tải", example="https://stnmt.hatinh.gov.vn/...")
