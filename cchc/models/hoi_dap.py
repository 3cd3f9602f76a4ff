"""`content/faq/<id>.yml`: one question and its answer."""

from __future__ import annotations

from cchc.models.common import MaThuTuc, Ngay, RaSoat, field, many, optional


class HoiDap(RaSoat):
    cau_hoi: str = field("Câu hỏi", example="Đăng ký khai sinh cho con có mất lệ phí không?")
    tra_loi: str = field("Trả lời (Markdown)", example="Đăng ký khai sinh đúng hạn được **miễn lệ phí**.")
    linh_vuc: str = field("Lĩnh vực", example="Hộ tịch")
    thu_tuc: list[MaThuTuc] = many("Thủ tục liên quan", example="1.001193")
    ngay: Ngay = field("Ngày trả lời", example="15/03/2026")
    nguoi_hoi: str | None = optional("Người hỏi", example="Ông Nguyễn Văn A, xã Thạch Hà")
