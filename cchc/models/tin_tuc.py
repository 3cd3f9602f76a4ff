"""`content/news/<slug>.md`: a news post; these are its front-matter fields,
the Markdown body follows the closing `---`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cchc.models.common import FILE, URL, MaThuTuc, Ngay, RaSoat, field, many, optional

# A plan task is named by the plan's file name and the task's number: "ke-hoach-2024-stnmt/3".
NhiemVuRef = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*/[0-9]+$")]


class TinTuc(RaSoat):
    tieu_de: str = field("Tiêu đề", example="Đẩy mạnh truyền thông hỗ trợ kiểm soát TTHC năm 2024")
    ngay: Ngay = field("Ngày đăng", example="02/02/2024")
    chuyen_muc: str = field("Chuyên mục", example="Cải cách thủ tục hành chính")
    tom_tat: str = field("Tóm tắt", example="UBND tỉnh ban hành Kế hoạch truyền thông hỗ trợ kiểm soát TTHC năm 2024.")
    anh: str | None = optional("Ảnh minh họa (tệp trong content/ hoặc liên kết)", example="files/tin-tuc/niem-yet-tthc.jpg", pattern=f"{FILE}|{URL}")
    chu_thich_anh: str | None = optional("Chú thích ảnh", example="Niêm yết TTHC tại Bộ phận Một cửa")
    tac_gia: str | None = optional("Tác giả", example="Mỹ Luận")
    thu_tuc: list[MaThuTuc] = many("Thủ tục liên quan", example="1.001193")
    nhiem_vu: list[NhiemVuRef] = many("Nhiệm vụ kế hoạch liên quan (mã kế hoạch/số thứ tự)", example="ke-hoach-cchc-2024-stnmt/1")
