"""The editor's guide (`/huong-dan/`), in Vietnamese: how to add each kind of
record, its fields and an example, generated from the models and the scaffolds
so it never drifts; then each family of errors `validate` reports, with what
it means and how to fix it (hand-written; a test checks every family of
tests/fixtures/invalid/ is explained here)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cchc.models import KINDS
from cchc.models.common import RaSoat
from cchc.models.schema import scaffold, schema_for

SAMPLE_ID = {
    "thu_tuc": "1.001193",
    "ke_hoach": "2026-ke-hoach-tuyen-truyen",
    "hoi_dap": "dang-ky-khai-sinh-mat-le-phi",
    "van_ban": "123-2015-nd-cp",
    "tin_tuc": "2026-03-01-tin-moi",
}
WHAT = {
    "site": "Thông tin cơ quan, đường dây nóng, địa chỉ và các liên kết ở đầu trang, chân trang.",
    "tu_dong_nghia": "Các nhóm từ cùng nghĩa để ô tìm kiếm hiểu cách gọi khác nhau (CCCD và căn cước công dân).",
    "thu_tuc": (
        "Một thủ tục hành chính, tên tệp là mã thủ tục trên Cổng Dịch vụ công quốc gia. Chỉ ghi điều nguồn nêu: phần nguồn "
        "không nêu thì bỏ trống, trang sẽ ghi “chưa có thông tin” và dẫn đến bản ghi quốc gia (không tự ghi miễn phí, "
        "trực tuyến hay nơi nộp). “ghi_chu_noi_bo” không bao giờ được công khai. Xem docs/procedure-model.md."
    ),
    "ke_hoach": "Một kế hoạch tuyên truyền, chép đầy đủ như văn bản gốc, kèm phụ lục nhiệm vụ.",
    "hoi_dap": "Một câu hỏi của người dân và câu trả lời.",
    "van_ban": "Một văn bản pháp luật hoặc hướng dẫn mà thủ tục, tin bài viện dẫn.",
    "tin_tuc": "Một tin bài: phần đầu là các trường, sau dòng “---” là nội dung viết bằng Markdown.",
}


@dataclass(frozen=True)
class Field:
    key: str
    title: str
    required: bool
    example: str


@dataclass(frozen=True)
class KindGuide:
    name: str
    title: str
    what: str
    where: str
    command: str
    fields: list[Field]
    example: str


@dataclass(frozen=True)
class ErrorFamily:
    family: str  # the folder under tests/fixtures/invalid/
    title: str
    example: str
    fix: str


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_shown(item)}" for key, item in value.items()) + "}"
    return str(value)


def kinds() -> list[KindGuide]:
    out = []
    for name, kind in KINDS.items():
        schema = schema_for(name)
        required = set(schema.get("required", ()))
        review = set(RaSoat.model_fields)
        keys = [key for key in schema["properties"] if key not in review] + [key for key in schema["properties"] if key in review]
        fields = [
            Field(key, schema["properties"][key].get("title", key), key in required, _shown((schema["properties"][key].get("examples") or [None])[0]))
            for key in keys
        ]
        example = scaffold(name)
        example = example.replace("{id}", SAMPLE_ID.get(name, name)).replace("{today}", "15/03/2026").replace("{year}", "2026")
        where = f"content/{kind.single}.yml" if kind.single else f"content/{kind.folder}/<tên tệp>{kind.suffix}"
        command = "" if kind.single and kind.required else f"python build.py new {name}"
        out.append(KindGuide(name, kind.title, WHAT.get(name, ""), where, command, fields, example))
    return out


ERRORS = [
    ErrorFamily(
        "yaml-syntax",
        "YAML không hợp lệ",
        "YAML không hợp lệ: giá trị mở ngoặc kép ở dòng này chưa có dấu ngoặc kép đóng…",
        'Thêm dấu ngoặc kép đóng ở cuối giá trị trên dòng được báo: cau_hoi: "Đăng ký ở đâu?". '
        "Khi thông báo là “cấu trúc không khớp”, xem dòng được báo và dòng ngay trên: các trường cùng cấp phải thẳng cột.",
    ),
    ErrorFamily(
        "yaml-colon",
        "Dấu hai chấm trong giá trị",
        "YAML không hợp lệ: dấu “:” đặt sai chỗ (giá trị có dấu “:” cần đặt trong ngoặc kép)",
        'Đặt cả giá trị trong ngoặc kép: cau_hoi: "Hỏi: làm thế nào?".',
    ),
    ErrorFamily(
        "tab",
        "Thụt lề bằng phím Tab",
        "thụt lề bằng phím Tab: YAML chỉ chấp nhận dấu cách",
        "Thay mỗi Tab bằng hai dấu cách (VS Code với cấu hình của dự án tự làm việc này).",
    ),
    ErrorFamily(
        "duplicate-key",
        "Trường bị lặp lại",
        "Câu hỏi: trường “cau_hoi” bị lặp lại (đã có ở dòng 1)",
        "Mỗi trường chỉ viết một lần: gộp nội dung vào một chỗ rồi xoá dòng thừa.",
    ),
    ErrorFamily(
        "alias-bomb",
        "Bí danh YAML",
        "dùng bí danh YAML (“&tên” / “*tên”): không được phép",
        "Viết đầy đủ giá trị ở mỗi chỗ cần dùng, không dùng “&” và “*”.",
    ),
    ErrorFamily("empty", "Tệp rỗng", "tệp rỗng: chưa có trường nào", "Tạo tệp mẫu bằng “python build.py new KIND” rồi điền, hoặc xoá tệp rỗng."),
    ErrorFamily(
        "empty-comments",
        "Tệp chỉ có chú thích",
        "tệp rỗng: chưa có trường nào",
        "Các dòng bắt đầu bằng “#” là chú thích, không phải nội dung: thêm các trường hoặc xoá tệp.",
    ),
    ErrorFamily(
        "not-a-mapping",
        "Tệp không phải các dòng “trường: giá trị”",
        "tệp phải gồm các dòng “tên_trường: giá trị”, không phải một danh sách hay một dòng chữ",
        "Mỗi dòng đầu cấp phải là “tên_trường: giá trị”; xem ví dụ của từng loại ở trên.",
    ),
    ErrorFamily(
        "placeholder",
        "Chưa điền chỗ trống của tệp mẫu",
        "Câu hỏi: chưa điền “«Câu hỏi của người dân?»”: thay bằng nội dung thật",
        "Tệp tạo bằng “python build.py new” là bản nháp: thay mỗi chỗ «…» bằng nội dung thật, bỏ cả hai dấu « ». "
        "Bản ghi còn chỗ «…» không được đăng.",
    ),
    ErrorFamily(
        "non-utf8",
        "Tệp không phải UTF-8",
        "tệp không phải UTF-8 (byte 0xFD): hãy lưu lại tệp với bảng mã UTF-8",
        "Mở tệp, chọn Lưu thành… → Mã hóa: UTF-8; nếu chữ đã bị lỗi phông, chạy “python build.py fix --write”.",
    ),
    ErrorFamily(
        "legacy-tcvn3",
        "Chữ ở bảng mã TCVN3 (ABC, .VnTime)",
        "chữ “§¨ng” đang ở bảng mã cũ TCVN3 (ABC, phông .VnTime), cần chuyển sang Unicode (“Đăng”)",
        "Chạy “python build.py fix” để xem các thay đổi, rồi “python build.py fix --write” để ghi; hoặc chuyển mã bằng Unikey.",
    ),
    ErrorFamily(
        "legacy-vni",
        "Chữ ở bảng mã VNI (VNI-Times)",
        "chữ “Taïi” đang ở bảng mã cũ VNI (phông VNI-Times), cần chuyển sang Unicode (“Tại”)",
        "Như trên: “python build.py fix --write” chuyển cả TCVN3 lẫn VNI sang Unicode.",
    ),
    ErrorFamily(
        "html-entity",
        "Mã HTML trong chữ",
        "có mã HTML “&#7841;” (nghĩa là “ạ”): hãy gõ trực tiếp ký tự “ạ”",
        "Văn bản dán từ trang web hay Word có thể mang mã như “&amp;#7841;”, “&amp;nbsp;”: chạy “python build.py fix --write”.",
    ),
    ErrorFamily(
        "news-no-front-matter",
        "Tin tức thiếu phần đầu",
        "thiếu phần đầu (front matter): tệp tin tức phải bắt đầu bằng dòng “---”",
        "Dòng đầu tiên của tệp tin là “---”, tiếp theo các trường (tieu_de, ngay…), rồi một dòng “---”, sau đó là nội dung.",
    ),
    ErrorFamily(
        "bad-file-name",
        "Tên tệp không dùng được làm địa chỉ",
        "tên tệp “Hỏi Đáp.yml” phải viết thường, không dấu, nối bằng gạch ngang, ví dụ “hoi-dap.yml”",
        "Đổi tên tệp như gợi ý: chữ thường, không dấu, nối bằng “-”.",
    ),
    ErrorFamily(
        "stray-file",
        "Tệp bị bỏ qua vì sai đuôi",
        "tệp bị bỏ qua vì không có đuôi .yml hoặc .yaml",
        "Tệp trong thư mục bản ghi phải có đuôi .yml (tin tức: .md): đổi tên tệp, hoặc chuyển ảnh, tệp đính kèm sang content/files/.",
    ),
    ErrorFamily(
        "code-mismatch",
        "Mã thủ tục khác tên tệp",
        "Mã thủ tục: mã “1.000418” khác tên tệp “1.000419.yml”",
        "Tên tệp thủ tục phải đúng bằng mã: sửa tên tệp hoặc sửa trường “ma”.",
    ),
    ErrorFamily(
        "duplicate-code",
        "Trùng mã thủ tục",
        "trùng mã/địa chỉ /thu-tuc/1.001193/ với tệp content/tthc/1.001193.yaml",
        "Hai tệp cho cùng một thủ tục: giữ một tệp, xoá tệp kia.",
    ),
    ErrorFamily(
        "same-url",
        "Hai bản ghi cùng một địa chỉ",
        "trùng mã/địa chỉ /tin-tuc/2026-03-01-niem-yet-tthc/ với tệp …",
        "Hai tệp cùng tên (dù ở thư mục con khác nhau) cho ra cùng một trang: đổi tên một tệp.",
    ),
    ErrorFamily(
        "unknown-key",
        "Trường không có",
        "trường “linh_vuc_khac” không có trong Thủ tục hành chính; có phải ý bạn là “linh_vuc”?",
        "Thường là gõ sai tên trường: dùng tên được gợi ý; danh sách trường của từng loại ở trên.",
    ),
    ErrorFamily(
        "missing-key",
        "Thiếu trường bắt buộc",
        "Chữ ký › Người ký: thiếu trường bắt buộc “nguoi_ky”. Ví dụ: nguoi_ky: Phạm Văn Phước",
        "Thêm trường còn thiếu theo ví dụ trong thông báo, đúng vị trí (dòng được báo là mục cha).",
    ),
    ErrorFamily(
        "wrong-type",
        "Sai kiểu giá trị",
        "Thời hạn giải quyết › Số: “3 tuần” không phải là số. Ví dụ: so: 5",
        "Viết giá trị đúng kiểu: số thì chỉ ghi số, danh sách thì mỗi mục một dòng “- ”, giá trị chọn trong danh sách cho phép.",
    ),
    ErrorFamily(
        "bad-date",
        "Ngày không tồn tại",
        "Ngày có hiệu lực: ngày “2016-13-01” không tồn tại. Ví dụ: 08/01/2024",
        "Viết ngày theo dạng ngày/tháng/năm (08/01/2024) và kiểm tra lại ngày, tháng (tháng 11 chỉ có 30 ngày).",
    ),
    ErrorFamily(
        "bad-date-iso",
        "Ngày không tồn tại (dạng năm-tháng-ngày)",
        "Ngày ban hành: ngày “2014-02-30” không tồn tại. Ví dụ: 08/01/2024",
        "Dạng 2014-02-28 là năm-tháng-ngày; để tránh nhầm, nên viết 28/02/2014.",
    ),
    ErrorFamily(
        "unknown-references",
        "Tham chiếu tới bản ghi hoặc tệp không có",
        "Văn bản: không có văn bản “123-2015-nd-cp” trong content/documents/",
        "Kiểm tra mã thủ tục, tên tệp văn bản, kế hoạch hoặc tệp đính kèm; thêm bản ghi, tệp còn thiếu (tệp đính kèm đặt trong content/files/).",
    ),
    ErrorFamily(
        "tracking-records",
        "Số liệu, sự kiện, sản phẩm không khớp",
        "Kết quả theo lĩnh vực: tổng đúng hạn, quá hạn và đang giải quyết lớn hơn số hồ sơ tiếp nhận",
        "Đối chiếu lại số liệu với báo cáo gốc (đúng hạn + quá hạn + đang giải quyết không vượt số tiếp nhận; tỷ lệ không quá 100); "
        "nhiệm vụ ghi dạng “mã-kế-hoạch/số thứ tự” phải có trong phụ lục của kế hoạch.",
    ),
]


@functools.cache  # from the models and scaffolds alone: once per process (serve renders after every edit)
def sections() -> dict:
    return {"kinds": kinds(), "errors": ERRORS}
