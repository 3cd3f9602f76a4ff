"""`content/tu-dong-nghia.yml`: words citizens use for the same thing
("CCCD" and "căn cước công dân"), so a search for one finds the other; and
one-way rewrites, a citizen's wording searched as the official one too
("bị mất" also searches "cấp lại"), never the reverse."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cchc.models.common import Model, field, many

NhomTu = Annotated[list[Annotated[str, Field(min_length=2)]], Field(min_length=2)]
CachGoi = Annotated[list[Annotated[str, Field(min_length=2)]], Field(min_length=1)]


class VietLai(Model):
    go: CachGoi = field("Cách người dân gõ", example=["bị mất", "mất thẻ"])
    tim: CachGoi = field("Cũng tìm theo cách gọi chính thức", example=["cấp lại"])


class TuDongNghia(Model):
    nhom: list[NhomTu] = field(
        "Nhóm từ đồng nghĩa (mỗi nhóm là các cách gọi của cùng một điều)",
        example=[["CCCD", "căn cước công dân"]],
        min_length=1,
    )
    viet_lai: list[VietLai] = many(
        "Viết lại một chiều: cách gõ thường ngày cũng tìm theo cách gọi chính thức, không theo chiều ngược lại",
        example={"go": ["bị mất", "mất thẻ"], "tim": ["cấp lại"]},
    )
