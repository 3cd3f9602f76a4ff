"""`content/tu-dong-nghia.yml`: words citizens use for the same thing
("CCCD" and "căn cước công dân"), so a search for one finds the other."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cchc.models.common import Model, field

NhomTu = Annotated[list[Annotated[str, Field(min_length=2)]], Field(min_length=2)]


class TuDongNghia(Model):
    nhom: list[NhomTu] = field(
        "Nhóm từ đồng nghĩa (mỗi nhóm là các cách gọi của cùng một điều)",
        example=[["CCCD", "căn cước công dân"]],
        min_length=1,
    )
