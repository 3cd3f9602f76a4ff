"""`content/documents/<id>.yml`: a legal or guidance document (văn bản)."""

from __future__ import annotations

from typing import Literal

from cchc.models.common import Ngay, RaSoat, TepDinhKem, field, many, optional
from cchc.models.theo_doi import NhiemVuRef

LOAI_VAN_BAN = {
    "luat": "Luật",
    "nghi_dinh": "Nghị định",
    "nghi_quyet": "Nghị quyết",
    "thong_tu": "Thông tư",
    "quyet_dinh": "Quyết định",
    "chi_thi": "Chỉ thị",
    "ke_hoach": "Kế hoạch",
    "chuong_trinh": "Chương trình",
    "huong_dan": "Hướng dẫn",
    "thong_bao": "Thông báo",
    "cong_van": "Công văn",
    "bao_cao": "Báo cáo",
    "khac": "Văn bản khác",
}
TINH_TRANG_VAN_BAN = {
    "con_hieu_luc": "Còn hiệu lực",
    "het_hieu_luc_mot_phan": "Hết hiệu lực một phần",
    "het_hieu_luc": "Hết hiệu lực",
}


class VanBan(RaSoat):
    so_ky_hieu: str = field("Số, ký hiệu", example="123/2015/NĐ-CP")
    loai: Literal[tuple(LOAI_VAN_BAN)] = field("Loại văn bản", example="nghi_dinh")  # type: ignore[valid-type]
    trich_yeu: str = field("Trích yếu", example="Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch")
    ngay_ban_hanh: Ngay = field("Ngày ban hành", example="15/11/2015")
    ngay_hieu_luc: Ngay | None = optional("Ngày có hiệu lực", example="01/01/2016")
    co_quan_ban_hanh: str = field("Cơ quan ban hành", example="Chính phủ")
    nguoi_ky: str | None = optional("Người ký", example="Nguyễn Tấn Dũng")
    linh_vuc: list[str] = many("Lĩnh vực", example="Hộ tịch")
    tep: TepDinhKem | None = optional("Tệp hoặc liên kết toàn văn", example={"lien_ket": "https://vbpl.vn/..."})
    tinh_trang: Literal[tuple(TINH_TRANG_VAN_BAN)] = field("Tình trạng hiệu lực", example="con_hieu_luc")  # type: ignore[valid-type]
    nhiem_vu: list[NhiemVuRef] = many("Nhiệm vụ kế hoạch liên quan (mã kế hoạch/số thứ tự)", example="2024-so-tnmt-ha-tinh/1")
