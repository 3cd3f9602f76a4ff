"""National-portal records → drafts: nothing the page states is lost, nothing it does not state is added.

The 194 records in tests/national/dvc-sample/ are real scraped pages (their tables run
together in `raw_text`). What the tests expect is read from `raw_text` by the small,
separate extractors below, not by the parser under test.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from cchc import cli
from cchc.tools import importer, national

HERE = Path(__file__).resolve().parent / "national"
SAMPLES = sorted((HERE / "dvc-sample").glob("*.json"))
REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 3, 2)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def between(text: str, start: str, end: str) -> str:
    i = text.find(start)
    if i == -1:
        return ""
    j = text.find(end, i + len(start))
    return text[i + len(start) : j if j != -1 else len(text)]


# ---------------------------------------------------------------- the target shape (until the model lands)

LEVELS = {"cap_bo", "cap_tinh", "cap_huyen", "cap_xa", "co_quan_khac"}
UNITS = {"ngay_lam_viec", "ngay", "gio", "gio_lam_viec", "phut", "tuan", "thang", "nam"}
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def shape_errors(record: dict) -> list[str]:
    errors = []

    def need(condition: bool, where: str) -> None:
        if not condition:
            errors.append(where)

    def strings(value: object, where: str) -> None:
        need(isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value), where)

    allowed = set(national.ORDER) | {"ghi_chu_noi_bo"}
    need(set(record) <= allowed, f"khoá lạ {set(record) - allowed}")
    need(bool(re.match(r"^\d\.\d{6}", record.get("ma", ""))), "ma")
    need(isinstance(record.get("ten"), str) and bool(record["ten"]), "ten")
    nguon = record.get("nguon", {})
    need(nguon.get("he_thong") == "Cổng Dịch vụ công quốc gia" and DATE.match(nguon.get("ngay_lay", "")) is not None, "nguon")
    need(str(nguon.get("lien_ket", "https://")).startswith("https://"), "nguon.lien_ket")
    strings(record.get("linh_vuc"), "linh_vuc")
    need(bool(record.get("linh_vuc")), "linh_vuc rỗng")
    need(set(record.get("cap_thuc_hien", [])) <= LEVELS and bool(record.get("cap_thuc_hien")), "cap_thuc_hien")
    strings(record.get("doi_tuong", []), "doi_tuong")
    for key in ("loai_thu_tuc", "co_quan_thuc_hien", "co_quan_co_tham_quyen", "co_quan_duoc_uy_quyen", "co_quan_phoi_hop", "dia_chi_tiep_nhan"):
        need(key not in record or (isinstance(record[key], str) and record[key].strip() != ""), key)
    for step in record.get("trinh_tu", []):
        need(set(step) <= {"ten", "mo_ta"} and bool(step.get("mo_ta")), "trinh_tu")
    for channel in record.get("cach_thuc", []):
        need(set(channel) <= {"kenh", "thoi_han", "phi", "mien_phi", "mo_ta"}, "cach_thuc: khoá")
        need(channel.get("kenh") in {"truc_tiep", "truc_tuyen", "buu_chinh"}, "cach_thuc.kenh")
        limit = channel.get("thoi_han")
        if limit is not None:
            need(set(limit) <= {"so", "don_vi", "nguyen_van", "ghi_chu"} and bool(limit.get("nguyen_van")), "thoi_han")
            need("so" not in limit or isinstance(limit["so"], (int, float)), "thoi_han.so")
            need("don_vi" not in limit or limit["don_vi"] in UNITS, "thoi_han.don_vi")
        need(isinstance(channel.get("phi"), list), "phi")
        for fee in channel.get("phi", []):
            need(set(fee) <= {"loai", "so_tien", "tien_te", "mo_ta"} and bool(fee), "phi: khoá")
            need(fee.get("loai") in (None, "phi", "le_phi"), "phi.loai")
            need("so_tien" not in fee or (isinstance(fee["so_tien"], (int, float)) and fee["so_tien"] >= 0), "phi.so_tien")
            need("tien_te" not in fee or re.fullmatch(r"[A-Z]{3}", fee["tien_te"]) is not None, "phi.tien_te")
        need(channel.get("mien_phi") in (None, True), "mien_phi")
    for group in record.get("ho_so", []):
        need(set(group) <= {"truong_hop", "la_truong_hop_thuong_gap", "giay_to"} and bool(group.get("giay_to")), "ho_so")
        for paper in group.get("giay_to", []):
            need(set(paper) <= {"ten", "mau", "ban_chinh", "ban_sao", "ghi_chu"} and bool(paper.get("ten")), "giay_to")
            need(all(isinstance(form, dict) and form.get("ten") for form in paper.get("mau", [])), "giay_to.mau")
            need(all(isinstance(paper.get(k, 0), int) for k in ("ban_chinh", "ban_sao")), "giay_to: số bản")
    for key in ("luu_y", "yeu_cau_dieu_kien", "ket_qua"):
        strings(record.get(key, []), key)
    for item in record.get("thu_tuc_lien_quan", []):
        need(isinstance(item, str) or (isinstance(item, dict) and bool(item.get("ma") or item.get("ten"))), "thu_tuc_lien_quan")
    for basis in record.get("can_cu_phap_ly", []):
        need(set(basis) <= {"van_ban", "trich_dan", "so_ky_hieu"} and bool(basis.get("van_ban") or basis.get("trich_dan")), "can_cu_phap_ly")
    status = record.get("trang_thai", {})
    need(status.get("tinh_trang") in {"con_hieu_luc", "sua_doi", "thay_the", "bai_bo"}, "trang_thai")
    need(DATE.match(record.get("ngay_cap_nhat", "")) is not None, "ngay_cap_nhat")
    return errors


# ---------------------------------------------------------------- independent extraction from raw_text

CHANNEL_ROW = re.compile(
    r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)"
    r"(Không có thông tin|(\d+)( (Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần|Phút))?)"
    r"(?=Miễn phí|Không có thông tin|\d|Đồng)"
)
KENH = {"Trực tuyến": "truc_tuyen", "Trực tiếp": "truc_tiep", "Dịch vụ bưu chính": "buu_chinh"}
UNIT = {"Ngày làm việc": "ngay_lam_viec", "Ngày": "ngay", "Giờ": "gio", "Tháng": "thang", "Năm": "nam", "Tuần": "tuan", "Phút": "phut"}
AMOUNT_CELL = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+) (Việt Nam Đồng|VNĐ|USD|EUR)")
AMOUNT_IN_NOTE = re.compile(r"\d{1,3}(?:\.\d{3})+ ?(?:đồng|đ\b)|\d+ ?USD")
DOC_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
QUANTITY_CELL = re.compile(r"\d{1,2} bản chính(?:,\d{1,2} bản sao)?(?! )|\d{1,2} bản sao(?! )")
# A form file name ends the row or runs straight into the next one ("….docxMẫu…").
FORM_FILE = re.compile(r"\.(?i:docx?|xlsx?|pdf|rar|zip)(?=$|[A-ZÀ-Ỹ0-9(_-])")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"^[\s\-–•+]+", "", text))


def document_rows(raw: str) -> list[str]:
    section = between(raw, "Thành phần hồ sơ", "Căn cứ pháp lý")
    rows = []
    for part in section.split(DOC_HEADER)[1:]:
        pieces = QUANTITY_CELL.split(part)
        rows += [piece for piece in pieces[:-1] if piece.strip()]
    return rows


@pytest.fixture(scope="module")
def drafts() -> dict[str, national.Draft]:
    return {path.stem: national.from_json(load(path), today=TODAY) for path in SAMPLES}


def test_all_194_records_are_copied_into_the_repository() -> None:
    assert len(SAMPLES) == 194


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_import_keeps_every_fee_time_limit_document_and_form(path: Path, drafts: dict[str, national.Draft]) -> None:
    record = load(path)
    raw = national.clean(record["raw_text"])
    draft = drafts[path.stem].data
    assert shape_errors(draft) == []
    assert draft["ma"] == record["ma_thu_tuc"]

    # Channels in the page's order, each with its own time limit (number and unit as printed).
    channels_text = between(raw, "Cách Thức Thực Hiện", "Thành phần hồ sơ")
    expected = [(KENH[m.group(1)], int(m.group(3)) if m.group(3) else None, UNIT.get(m.group(5) or "")) for m in CHANNEL_ROW.finditer(channels_text)]
    got = [(c["kenh"], c.get("thoi_han", {}).get("so"), c.get("thoi_han", {}).get("don_vi")) for c in draft["cach_thuc"]]
    assert got == expected

    # Every amount: a number with its currency in a fee, or the words kept in a note.
    fees_dumped = json.dumps(draft["cach_thuc"], ensure_ascii=False)
    amounts = {(fee.get("so_tien"), fee.get("tien_te")) for c in draft["cach_thuc"] for fee in c["phi"]}
    for match in AMOUNT_CELL.finditer(channels_text):
        currency = "USD" if match.group(2) == "USD" else "EUR" if match.group(2) == "EUR" else "VND"
        assert (int(re.sub(r"[.,]", "", match.group(1))), currency) in amounts, match.group(0)
    for match in AMOUNT_IN_NOTE.finditer(channels_text):
        value = int(re.sub(r"\D", "", match.group(0)))
        assert match.group(0) in fees_dumped or any(v == value for v, _ in amounts), match.group(0)

    # Every document row (name and its form files) is a paper of the draft, or a note of a "Lưu ý" table.
    papers = {squash(p["ten"] + "".join(f["ten"] for f in p.get("mau", []))): p for g in draft["ho_so"] for p in g["giay_to"]}
    notes = {squash(note) for note in draft.get("luu_y", [])}
    for row in document_rows(raw):
        key = squash(row)
        assert key in papers or key in notes, row[:120]
        if key in papers:
            forms = papers[key].get("mau", [])
            assert len(forms) == len(FORM_FILE.findall(row.rstrip())), row[:120]
            assert all(FORM_FILE.search(form["ten"]) for form in forms)


def test_what_the_source_does_not_state_is_left_out_and_reported(drafts: dict[str, national.Draft]) -> None:
    draft = drafts["1.000894"]
    assert "dia_chi_tiep_nhan" not in draft.data and "dia_chi_tiep_nhan" in draft.missing
    assert "yeu_cau_dieu_kien" not in draft.data and "yeu_cau_dieu_kien" in draft.missing
    # "1" with no unit: the number and the source's words, no invented unit.
    assert draft.data["cach_thuc"][0]["thoi_han"] == {"so": 1, "nguyen_van": "1"}
    assert "cach_thuc[truc_tuyen].thoi_han.don_vi" in draft.missing
    # "Miễn phí" printed beside "the council sets the amount" is not free: the note is the fee.
    fee = drafts["1.000656"].data["cach_thuc"][0]
    assert "mien_phi" not in fee and fee["phi"][0]["mo_ta"].startswith("Mức lệ phí cụ thể do Hội đồng nhân dân")
    # A fee whose cell says nothing is absent, never free.
    for channel in drafts["1.014226"].data["cach_thuc"]:
        assert channel["phi"] == [] and "mien_phi" not in channel
    # Plain "Miễn phí" is free.
    assert all(c.get("mien_phi") is True and c["phi"] == [] for c in drafts["1.001651"].data["cach_thuc"])


def test_foreign_fees_keep_their_currency_and_fee_kinds_come_from_the_note(drafts: dict[str, national.Draft]) -> None:
    fees = [fee for c in drafts["2.000815"].data["cach_thuc"] for fee in c["phi"]]
    assert {"so_tien": 10, "tien_te": "USD", "mo_ta": "/bản"} in fees
    assert {"so_tien": 2000, "tien_te": "VND", "mo_ta": "/trang"} in fees
    fee = drafts["1.000017"].data["cach_thuc"][0]["phi"][0]
    assert fee == {"loai": "le_phi", "so_tien": 50000, "tien_te": "VND", "mo_ta": "Lệ phí cấp giấy chứng nhận"}


def test_several_forms_per_document_and_counts_of_originals_and_copies(drafts: dict[str, national.Draft]) -> None:
    papers = [p for g in drafts["1.000228"].data["ho_so"] for p in g["giay_to"]]
    assert [f["ten"] for f in papers[1]["mau"]] == ["PHỤ LỤC SỐ 01.docx", "PHỤ LỤC SỐ 02.docx"]
    copies = [p for g in drafts["1.001010"].data["ho_so"] for p in g["giay_to"] if p["ten"].startswith("Bản sao hộ chiếu")]
    assert copies[0]["ban_sao"] == 1 and copies[0]["ban_chinh"] == 0
    # Cases keep their titles; "--" is the portal's untitled group.
    groups = drafts["1.003829"].data["ho_so"]
    assert groups[0]["truong_hop"] == "Các giấy tờ gửi qua fax hoặc thư điện tử" and len(groups) == 3
    assert "truong_hop" not in drafts["1.000302"].data["ho_so"][0]


def test_legal_basis_splits_rows_run_together_and_links_van_ban_records(drafts: dict[str, national.Draft]) -> None:
    raw = load(HERE / "dvc-sample" / "1.000894.json")
    linked = national.from_json(raw, van_ban={national.number_key("60/2014/QH13"): "60-2014-qh13"}, today=TODAY).data["can_cu_phap_ly"]
    assert {"van_ban": "60-2014-qh13"} in linked
    assert {"trich_dan": "Luật 52/2014/QH13", "so_ky_hieu": "52/2014/QH13"} in linked
    assert {"trich_dan": "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp", "so_ky_hieu": "03/2023/TT-BTP"} in linked
    assert len(linked) == 16


def test_eth_is_normalised_to_d_with_stroke() -> None:
    text = "Tên thủ tụcThử\nMã thủ tục1.000001\nCăn cứ pháp lýTên văn bản pháp lýMã văn bảnNghị định 01/2020/N\u00d0-CP01/2020/N\u00d0-CP"
    draft = national.from_text(text, today=TODAY)
    assert draft.data["can_cu_phap_ly"] == [{"trich_dan": "Nghị định 01/2020/NĐ-CP", "so_ky_hieu": "01/2020/NĐ-CP"}]


# ---------------------------------------------------------------- the saved page (HTML) and its text


def test_saved_html_page_is_read_table_by_table() -> None:
    draft = national.from_html((HERE / "trang-luu.html").read_text(encoding="utf-8"), today=TODAY)
    data = draft.data
    assert shape_errors(data) == []
    assert data["ma"] == "9.000001" and data["ten"] == "Cấp thẻ thử nghiệm"
    assert data["nguon"]["lien_ket"] == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/0000-thu"
    assert data["cap_thuc_hien"] == ["cap_bo", "cap_huyen"]
    assert data["trinh_tu"][0] == {"ten": "Nộp hồ sơ", "mo_ta": "Người đề nghị nộp hồ sơ."}
    online, direct = data["cach_thuc"]
    assert online["thoi_han"] == {"so": 2, "don_vi": "nam", "nguyen_van": "2 Năm"}
    assert online["phi"] == [
        {"loai": "le_phi", "so_tien": 100, "tien_te": "USD", "mo_ta": "Lệ phí cấp thẻ"},
        {"loai": "phi", "so_tien": 1500000, "tien_te": "VND", "mo_ta": "Phí thẩm định"},
    ]
    assert online["mo_ta"] == "Nộp qua Cổng Dịch vụ công quốc gia"
    assert "thoi_han" not in direct and direct["mien_phi"] is True
    paper = data["ho_so"][0]["giay_to"][0]
    assert paper["ten"] == "Tờ khai đề nghị cấp thẻ" and paper["ban_chinh"] == 1 and paper["ban_sao"] == 2
    assert paper["mau"] == [
        {"ten": "Mẫu TK01.docx", "lien_ket": "https://dichvucong.gov.vn/files/tk01.docx"},
        {"ten": "Mẫu TK02.pdf", "lien_ket": "https://dichvucong.gov.vn/files/tk02.pdf"},
    ]
    assert data["ho_so"][1]["truong_hop"] == "Trường hợp người nước ngoài"
    assert data["can_cu_phap_ly"] == [
        {"trich_dan": "Luật Thử nghiệm", "so_ky_hieu": "99/2025/QH15"},
        {"trich_dan": "Nghị định hướng dẫn", "so_ky_hieu": "12/2026/NĐ-CP"},
    ]
    assert data["thu_tuc_lien_quan"] == [{"ma": "1.000894"}, {"ma": "2.000815"}]
    assert data["trang_thai"] == {"tinh_trang": "thay_the", "thay_the_boi": "9.000002", "quyet_dinh": "12/QĐ-BTP"}
    assert "co_quan_thuc_hien" not in data and "co_quan_thuc_hien" in draft.missing


def test_page_text_with_tab_separated_tables() -> None:
    text = (
        "Tên thủ tục\nĐăng ký thử\nMã thủ tục\n1.000002\nCấp thực hiện\nCấp xã\nLĩnh vực\nHộ tịch\n"
        "Cách thức thực hiện\nHình thức nộp\tThời gian\tPhí, lệ phí\tMô tả\nTrực tiếp\t3 Ngày làm việc\t8.000 Đồng (Lệ phí)\t\n"
        "Thành phần hồ sơ\nTên giấy tờ\tMẫu đơn, tờ khai\tSố lượng\nTờ khai\tTK.docx\t1 bản chính\n"
        "Kết quả xử lý\nGiấy xác nhận\n"
    )
    data = national.from_text(text, today=TODAY).data
    assert data["cach_thuc"] == [
        {
            "kenh": "truc_tiep",
            "thoi_han": {"so": 3, "don_vi": "ngay_lam_viec", "nguyen_van": "3 Ngày làm việc"},
            "phi": [{"loai": "le_phi", "so_tien": 8000, "tien_te": "VND", "mo_ta": "Lệ phí"}],
        }
    ]
    assert data["ho_so"] == [{"giay_to": [{"ten": "Tờ khai", "mau": [{"ten": "TK.docx"}], "ban_chinh": 1}]}]
    assert data["ket_qua"] == ["Giấy xác nhận"]


# ---------------------------------------------------------------- the hand-transcribed procedures


def test_hand_transcribed_procedures_match_their_imports_apart_from_listed_differences() -> None:
    listed = yaml.safe_load((HERE / "editorial-differences.yml").read_text(encoding="utf-8"))
    reasons, expected = listed["ly_do"], listed["khac_biet"]
    numbers = importer.van_ban_numbers(REPO / "content")
    compared = 0
    for path in sorted((REPO / "content" / "tthc").glob("*.yml")):
        sample = HERE / "dvc-sample" / f"{path.stem}.json"
        if not sample.exists():
            continue
        compared += 1
        hand = yaml.safe_load(path.read_text(encoding="utf-8"))
        imported = national.from_json(load(sample), van_ban=numbers, today=TODAY).data
        for key in sorted(national.SOURCE_FIELDS - {"nguon"}):
            if key not in hand and key not in imported:
                continue
            listed_here = key in expected.get(path.stem, [])
            assert listed_here == (hand.get(key) != imported.get(key)), f"{path.stem}: {key}"
            assert not listed_here or key in reasons, f"{key}: thiếu lý do"
    assert compared >= 30


# ---------------------------------------------------------------- the command


def test_import_writes_drafts_and_reimport_keeps_editor_fields(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "60-2014-qh13.yml").write_text("so_ky_hieu: 60/2014/QH13\n", encoding="utf-8")
    source = tmp_path / "1.000894.json"
    record = load(HERE / "dvc-sample" / "1.000894.json")
    source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    assert cli.main(["import", str(source), "--content", str(content)]) == 0
    out = capsys.readouterr().out
    target = content / "tthc" / "1.000894.yml"
    assert "1.000894.yml: tạo mới" in out and "không nêu địa chỉ tiếp nhận: 1" in out
    text = target.read_text(encoding="utf-8")
    assert "Đăng ký kết hôn" in text or "đăng ký kết hôn" in text  # readable Vietnamese, not \u escapes
    written = yaml.safe_load(text)
    assert list(written)[:4] == ["ma", "ten", "nguon", "linh_vuc"]
    assert {"van_ban": "60-2014-qh13"} in written["can_cu_phap_ly"]

    # An editor adds notes; the same record again changes nothing, and the file is not rewritten.
    written["ghi_chu_noi_bo"] = "Đã gọi Sở Tư pháp"
    written["mo_ta"] = "Giới thiệu do biên tập viên viết"
    target.write_text(importer.dump(written), encoding="utf-8")
    before = target.read_bytes(), target.stat().st_mtime_ns
    assert cli.main(["import", str(source), "--content", str(content)]) == 0
    assert "1.000894.yml: không đổi" in capsys.readouterr().out
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before

    # Upstream the online time limit changes and the procedure is abolished.
    record["raw_text"] = (
        record["raw_text"]
        .replace("Trực tuyến1Miễn phí", "Trực tuyến2 Ngày làm việcMiễn phí")
        .replace("Số quyết định163/QĐ-BTP", "Số quyết định163/QĐ-BTPTình trạng: Đã bãi bỏ\n")
    )
    source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["import", str(source), "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "1.000894.yml: cập nhật" in out and "cach_thuc" in out and "thủ tục đã bị bãi bỏ" in out
    updated = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert updated["ghi_chu_noi_bo"] == "Đã gọi Sở Tư pháp" and updated["mo_ta"] == "Giới thiệu do biên tập viên viết"
    assert updated["cach_thuc"][0]["thoi_han"]["don_vi"] == "ngay_lam_viec"
    assert updated["trang_thai"]["tinh_trang"] == "bai_bo"


def test_import_refuses_a_record_without_a_usable_code(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    page = tmp_path / "trang.txt"
    page.write_text("Tên thủ tục\nThử\nMã thủ tục\n../../etc/passwd\n", encoding="utf-8")
    assert cli.main(["import", str(page), "--content", str(tmp_path / "content")]) == 1
    err = capsys.readouterr().err
    assert "trang.txt: ma: không tìm thấy mã thủ tục hợp lệ" in err and "Traceback" not in err
    assert not (tmp_path / "content").exists()
    broken = tmp_path / "hong.json"
    broken.write_text("{", encoding="utf-8")
    assert cli.main(["import", str(broken), "--content", str(tmp_path / "content")]) == 1
    assert "hong.json:1: không đọc được JSON" in capsys.readouterr().err


def test_every_shared_record_imports_to_a_draft_that_validates_and_builds_truthfully(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The 194 national records, imported beside the fixture site: the procedure model holds
    every one of them (what they leave unstated is a warning, not an error), and no page says
    "Miễn phí" where its record does not."""
    import shutil

    from cchc.pages import render
    from cchc.records.validate import validate

    content = tmp_path / "content"
    shutil.copytree(HERE.parent / "fixtures" / "site", content)
    assert cli.main(["import", *map(str, SAMPLES), "--content", str(content)]) == 0
    validated, errors = validate(content)
    assert [str(error) for error in errors] == []
    assert len(validated.thu_tuc) >= 194
    assert all(": cảnh báo: " in str(warning) for warning in validated.warnings)
    pages = render.render(validated, TODAY)
    for code, procedure in validated.thu_tuc.items():
        page = pages[f"thu-tuc/{code}.md"]
        if not any(channel.mien_phi for channel in procedure.cach_thuc):
            assert "Miễn phí" not in page, code
        if not procedure.co_quan_thuc_hien and not procedure.dia_chi_tiep_nhan:
            assert "Bộ phận Một cửa Ủy ban nhân dân" not in page, code
