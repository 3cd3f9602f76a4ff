"""`content/site.yml`: the agency that publishes the section, and its links."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from cchc.models.common import FILE, DuongDan, MaThuTuc, Model, field, many, optional
from cchc.models.thu_tuc import CAP_THUC_HIEN

# The site's own address, and the pages allowed to frame its widgets: written into every
# page (canonical link, a script), the feeds, and the server snippets (nginx `location`,
# Content-Security-Policy). Only characters that need no escaping in any of them: an ASCII
# host name, an optional port, a path of letters, digits and - . _ ~ / %XX.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
SITE_ADDRESS = rf"^https?://(?:{_LABEL}\.)*{_LABEL}(?::[0-9]{{1,5}})?(?:/(?:[A-Za-z0-9._~/-]|%[0-9A-Fa-f]{{2}})*)?$"
_SITE_ADDRESS = re.compile(SITE_ADDRESS)


def site_address_problem(value: str) -> str | None:
    """Why `value` cannot be the site's address, in Vietnamese; None when it can."""
    if _SITE_ADDRESS.match(value):
        return None
    if not re.match(r"^https?://", value):
        return "cần là địa chỉ đầy đủ bắt đầu bằng https:// hoặc http://, ví dụ https://example.gov.vn/cchc/"
    return (
        "địa chỉ có ký tự không dùng được: chỉ gồm tên miền, cổng (nếu có) và đường dẫn bằng chữ không dấu, số, "
        "“-”, “.”, “_”, “/”; không dấu cách, dấu ngoặc kép, “<”, “>”, “?”, “#”. Ví dụ https://example.gov.vn/cchc/"
    )


def _check_address(value: str) -> str:
    problem = site_address_problem(value)
    if problem:
        raise PydanticCustomError("site_address", problem)
    return value


DiaChiTrang = Annotated[str, AfterValidator(_check_address), WithJsonSchema({"type": "string", "pattern": SITE_ADDRESS})]


class CoQuan(Model):
    ten: str = field("Tên cơ quan", example="Ủy ban nhân dân xã Thạch Hà")
    ten_viet_tat: str | None = optional("Tên viết tắt", example="UBND xã Thạch Hà")
    co_quan_chu_quan: str = field("Cơ quan chủ quản", example="Ủy ban nhân dân tỉnh Hà Tĩnh")
    dia_chi: str = field("Địa chỉ", example="Khối 7, xã Thạch Hà, tỉnh Hà Tĩnh")
    dien_thoai: str = field("Điện thoại", example="0239 3845 123", pattern=r"^[0-9 .()+-]{6,}$")
    duong_day_nong: str | None = optional("Đường dây nóng", example="0239 3845 999", pattern=r"^[0-9 .()+-]{4,}$")
    email: str = field("Thư điện tử", example="ubnd.thachha@hatinh.gov.vn", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    logo: str | None = optional("Biểu trưng (tệp trong content/)", example="files/logo.svg", pattern=FILE)
    gio_lam_viec: str | None = optional("Giờ làm việc", example="Sáng 7h00–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu")
    nguoi_chiu_trach_nhiem: str | None = optional("Người chịu trách nhiệm nội dung (chức vụ, họ tên)", example="Chủ tịch UBND xã Nguyễn Văn A")


class LienKet(Model):
    """Links the section hands citizens to; `thu_tuc_quoc_gia` builds a procedure's
    link on the national portal from its code ({ma})."""

    cong_thong_tin: DuongDan = field("Cổng thông tin điện tử của cơ quan", example="https://thachha.hatinh.gov.vn")
    dich_vu_cong_quoc_gia: DuongDan = field("Cổng Dịch vụ công quốc gia", example="https://dichvucong.gov.vn")
    dich_vu_cong_tinh: DuongDan | None = optional("Cổng Dịch vụ công của tỉnh", example="https://dichvucong.hatinh.gov.vn")
    khao_sat_hai_long: DuongDan | None = optional("Khảo sát mức độ hài lòng", example="https://dichvucong.gov.vn/p/home/dvc-danh-gia-hai-long.html")
    phan_anh_kien_nghi: DuongDan = field("Hệ thống tiếp nhận phản ánh, kiến nghị", example="https://pakn.dichvucong.gov.vn")
    thu_tuc_quoc_gia: str = field(
        "Mẫu liên kết thủ tục trên Cổng DVC quốc gia ({ma} là mã thủ tục)",
        example="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={ma}",
        default="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={ma}",
        pattern=r"^https?://\S*\{ma\}\S*$",
    )


class Site(Model):
    ten_chuyen_trang: str = field("Tên chuyên trang", example="Chuyên trang Cải cách hành chính")
    mo_ta: str | None = optional("Mô tả ngắn", example="Thủ tục hành chính, hỏi đáp, văn bản và tin tức cải cách hành chính")
    co_quan: CoQuan = field("Cơ quan")
    lien_ket: LienKet = field("Liên kết")
    cap_cua_co_quan: list[Literal[tuple(CAP_THUC_HIEN)]] = many(  # type: ignore[valid-type]
        "Cấp của cơ quan: danh sách thủ tục mở sẵn theo các cấp này", example="cap_xa"
    )
    thu_tuc_noi_bat: list[MaThuTuc] = many("Thủ tục được dùng nhiều (hiện ở trang chủ)", example="1.001193")
    nguon_nhung: list[DiaChiTrang] = many("Trang được phép nhúng tiện ích", example="https://thachha.hatinh.gov.vn")
    dia_chi_trang: DiaChiTrang | None = optional(
        "Địa chỉ đầy đủ của chuyên trang (cho sitemap, nguồn tin, thẻ chia sẻ)", example="https://thachha.hatinh.gov.vn/cchc/"
    )
