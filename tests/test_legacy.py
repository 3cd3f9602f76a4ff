"""Tests for cchc.base.legacy: Vietnamese typed in TCVN3 (ABC) or VNI-Windows, pasted into UTF-8 files."""

import unicodedata

import pytest

from cchc.base.legacy import TCVN3_TABLE, VNI_TABLE, detect, find_legacy_words, to_unicode


def nfc(text):
    return unicodedata.normalize("NFC", text)


def nfd(text):
    return unicodedata.normalize("NFD", text)


TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
LOWER = {nfc(v + t) for v in "aăâeêioôơuưy" for t in ("", *TONES)} - set("aeiouy") | {"đ"}
UPPER = {c.upper() for c in LOWER}

# Hand-typed samples as they appear when legacy bytes are read as cp1252: NOT produced by the
# module's tables, so a wrong table fails here. The first four of each come from the brief.
TCVN3_REAL = [
    ("Ninh B×nh", "Ninh Bình"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("Hµ TÜnh", "Hà Tĩnh"),
    ("Thñ tôc hµnh chÝnh", "Thủ tục hành chính"),
    ("Uû ban nh©n d©n tØnh Hµ TÜnh", "Uỷ ban nhân dân tỉnh Hà Tĩnh"),
    ("§¨ng ký khai sinh", "Đăng ký khai sinh"),
    ("GiÊy chøng nhËn quyÒn sö dông ®Êt", "Giấy chứng nhận quyền sử dụng đất"),
    ("C¶i c¸ch hµnh chÝnh", "Cải cách hành chính"),
    ("NghÞ ®Þnh", "Nghị định"),
    ("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),  # ư is 0xAD, an invisible soft hyphen
]
VNI_REAL = [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("ñaêng kyù", "đăng ký"),
    ("Vieät Nam", "Việt Nam"),
    ("Thuû tuïc haønh chính", "Thủ tục hành chính"),
    ("UÛy ban nhaân daân tænh Haø Tónh", "Ủy ban nhân dân tỉnh Hà Tĩnh"),
    ("Ñaêng kyù khai sinh", "Đăng ký khai sinh"),
    ("Giaáy chöùng nhaän quyeàn söû duïng ñaát", "Giấy chứng nhận quyền sử dụng đất"),
    ("Caûi caùch haønh chính", "Cải cách hành chính"),
    ("Nghò ñònh", "Nghị định"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Ngöôøi daân ñöôïc hoã trôï", "Người dân được hỗ trợ"),
]

# Unicode phrases that go through our own tables in reverse (guarded by the real samples above).
# TCVN3 has no codes for toned capitals, so phrases avoid them except in all-caps lines.
PHRASES = [
    "Thủ tục hành chính",
    "Uỷ ban nhân dân tỉnh Hà Tĩnh",
    "Đăng ký khai sinh",
    "Giấy chứng nhận quyền sử dụng đất",
    "Cải cách hành chính",
    "Nghị định",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính",
    "Người dân nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia",
    "Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính",
    "Thời hạn giải quyết: 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "Quyết định công bố danh mục thủ tục hành chính được sửa đổi, bổ sung",
    "Chủ tịch nước, Quốc hội, Thủ tướng Chính phủ, Sở Tư pháp, tỉnh Đắk Lắk",
]

PARAGRAPH = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Theo đề nghị của Giám đốc Sở Tư pháp, Chủ tịch Ủy ban nhân dân tỉnh quyết định:
Điều 1. Công bố kèm theo Quyết định này 12 thủ tục hành chính mới ban hành trong lĩnh vực hộ tịch.
Người dân có thể nộp hồ sơ trực tuyến, nhận kết quả tại nhà qua dịch vụ bưu chính công ích.
Hoà giải ở cơ sở, xoá bỏ, hoãn lại, thuở nhỏ, khoẻ mạnh, quý khách, tuỳ ý, thuý.
Tôi có cá và gà ở quê."""

NEGATIVES = [
    "25°C",
    "«Cải cách»",
    "© 2026",
    "2×3",
    "½",
    "§ 3",
    "Đắk Lắk",
    "Nguyễn Thị Ánh",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "",
    "The quick brown fox jumps over the lazy dog.",
    "123 456,78 - 2026-11-21 10:30",
    "Nhiệt độ 25°C, độ ẩm 80% — © 2026 UBND tỉnh, Điều 5 § 3, tỷ lệ 2×3 hoặc ½.",
    "Café, naïve, Müller, São Paulo, Straße, 5 µm, 3 m², «Hội nghị»",
    "Tôi có cá và gà.",
    PARAGRAPH,
]


def encode(text, encoding):
    """Unicode → legacy through the module's tables in reverse (capitals by lowercase code in TCVN3)."""
    table = TCVN3_TABLE if encoding == "TCVN3" else VNI_TABLE
    codes = {letter: code for code, letter in table.items()}
    return "".join(codes.get(c) or codes.get(c.lower(), c) for c in nfc(text))


# --- tables ---------------------------------------------------------------------------------


def test_there_are_134_vietnamese_letters():
    assert len(LOWER) == len(UPPER) == 67


def test_vni_table_covers_all_134_letters_once():
    assert sorted(VNI_TABLE.values()) == sorted(LOWER | UPPER)
    assert all(len(code) in (1, 2) and all("\xa1" <= c <= "\xff" or c.isascii() for c in code) for code in VNI_TABLE)


def test_tcvn3_table_covers_lowercase_and_the_seven_capital_bases():
    assert sorted(TCVN3_TABLE.values()) == sorted(LOWER | set("ĂÂÊÔƠƯĐ"))
    assert all("\xa1" <= code <= "\xfe" for code in TCVN3_TABLE)
    assert "".join(TCVN3_TABLE[chr(code)] for code in range(0xA1, 0xA8)) == "ĂÂÊÔƠƯĐ"


@pytest.mark.parametrize(
    "code, letter",
    [
        (0xA8, "ă"),
        (0xA9, "â"),
        (0xAA, "ê"),
        (0xAB, "ô"),
        (0xAC, "ơ"),
        (0xAD, "ư"),
        (0xAE, "đ"),
        (0xB5, "à"),
        (0xB8, "á"),
        (0xB9, "ạ"),
        (0xBE, "ắ"),
        (0xC6, "ặ"),
        (0xCA, "ấ"),
        (0xD0, "é"),
        (0xD5, "ế"),
        (0xD7, "ì"),
        (0xDD, "í"),
        (0xDE, "ị"),
        (0xE3, "ó"),
        (0xE8, "ố"),
        (0xED, "ớ"),
        (0xF3, "ú"),
        (0xF8, "ứ"),
        (0xFD, "ý"),
        (0xFE, "ỵ"),
    ],
)
def test_tcvn3_byte_values(code, letter):
    assert TCVN3_TABLE[bytes([code]).decode("cp1252")] == letter


def test_vni_codes_from_the_reference_list():
    expected = {
        "aù": "á",
        "aø": "à",
        "aû": "ả",
        "aõ": "ã",
        "aï": "ạ",
        "aâ": "â",
        "aá": "ấ",
        "aà": "ầ",
        "aå": "ẩ",
        "aã": "ẫ",
        "aä": "ậ",
        "aê": "ă",
        "aé": "ắ",
        "aè": "ằ",
        "aú": "ẳ",
        "aü": "ẵ",
        "aë": "ặ",
        "ô": "ơ",
        "ö": "ư",
        "ñ": "đ",
        "Ñ": "Đ",
        "í": "í",
        "ì": "ì",
        "æ": "ỉ",
        "ó": "ĩ",
        "ò": "ị",
        "î": "ỵ",
        "AÙ": "Á",
        "AÄ": "Ậ",
        "OÂ": "Ô",
        "ÔÙ": "Ớ",
        "öï": "ự",
        "ÖÕ": "Ữ",
        "yõ": "ỹ",
    }
    assert {code: VNI_TABLE[code] for code in expected} == expected


# --- real samples, both ways --------------------------------------------------------------------


@pytest.mark.parametrize(
    "legacy, unicode, encoding",
    [(legacy, uni, "TCVN3") for legacy, uni in TCVN3_REAL] + [(legacy, uni, "VNI") for legacy, uni in VNI_REAL],
)
def test_real_samples(legacy, unicode, encoding):
    assert detect(legacy) == encoding
    assert to_unicode(legacy) == unicode
    assert to_unicode(legacy, encoding) == unicode
    assert detect(unicode) is None
    assert to_unicode(unicode) == unicode
    assert encode(unicode, encoding) == legacy  # the tables agree with the hand-typed text


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("phrase", PHRASES)
def test_round_trip(phrase, encoding):
    legacy = encode(phrase, encoding)
    assert legacy != phrase
    assert detect(legacy) == encoding
    assert to_unicode(legacy) == phrase
    assert to_unicode(phrase) == phrase


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_whole_document(encoding):
    document = "\n".join(PHRASES[1:])  # without "Ủy": TCVN3 cannot spell a toned capital in a Title word
    legacy = encode(document, encoding)
    assert detect(legacy) == encoding
    assert to_unicode(legacy) == document


def test_vni_title_case_toned_capital():
    assert to_unicode(encode("Ủy ban nhân dân", "VNI")) == "Ủy ban nhân dân"


# --- nothing to do ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", NEGATIVES)
def test_unicode_and_symbols_are_not_legacy(text):
    assert detect(text) is None
    assert find_legacy_words(text) == []
    assert to_unicode(text) == nfc(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_nfd_unicode_is_not_legacy_and_comes_back_nfc(text):
    assert detect(nfd(text)) is None
    assert find_legacy_words(nfd(text)) == []
    assert to_unicode(nfd(text)) == nfc(text)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_explicit_encoding_leaves_unicode_alone(encoding):
    assert to_unicode(PARAGRAPH, encoding) == PARAGRAPH
    assert to_unicode(nfd(PARAGRAPH), encoding) == PARAGRAPH


def test_unknown_encoding():
    with pytest.raises(ValueError):
        to_unicode("Hµ TÜnh", "UTF-8")
    assert to_unicode("Haø Tónh", "vni") == "Hà Tĩnh"


def test_explicit_encoding_picks_the_table():
    assert to_unicode("Xin chaøo caùc baïn", "TCVN3") == "Xin chaøo caùc baïn"  # not TCVN3 at all
    assert to_unicode("Thñ tôc hµnh chÝnh", "VNI") == "Thñ tôc hµnh chÝnh"


# --- mixed text ---------------------------------------------------------------------------------

MIXED = [
    (
        "Theo Nghị định số 63, Thñ tôc hµnh chÝnh được công bố.",
        "Theo Nghị định số 63, Thủ tục hành chính được công bố.",
    ),
    (
        "Hồ sơ gồm: Giaáy chöùng nhaän quyeàn söû duïng ñaát và bản sao.",
        "Hồ sơ gồm: Giấy chứng nhận quyền sử dụng đất và bản sao.",
    ),
    # Unicode "Tôi" and "hôm" stay: VNI would read them as "Tơi", "hơm".
    ("Tôi đã nộp hồ sơ Ñaêng kyù khai sinh hôm nay", "Tôi đã nộp hồ sơ Đăng ký khai sinh hôm nay"),
    ("Căn cứ Nghò ñònh 63/2010/NÑ-CP về cải cách", "Căn cứ Nghị định 63/2010/NĐ-CP về cải cách"),
    ("Uỷ ban nhân dân tØnh Hµ TÜnh", "Uỷ ban nhân dân tỉnh Hà Tĩnh"),
    (
        "Dòng mới: Thủ tục hành chính\nDòng cũ: Thñ tôc hµnh chÝnh\nDòng VNI: Thuû tuïc haønh chính",
        "Dòng mới: Thủ tục hành chính\nDòng cũ: Thủ tục hành chính\nDòng VNI: Thủ tục hành chính",
    ),
    ("«Thñ tôc hµnh chÝnh» ®· ®\xadîc c«ng bè", "«Thủ tục hành chính» đã được công bố"),
]


@pytest.mark.parametrize("text, expected", MIXED)
def test_mixed_text_converts_only_the_legacy_words(text, expected):
    assert detect(text) in ("TCVN3", "VNI")
    assert to_unicode(text) == expected
    assert to_unicode(to_unicode(text)) == expected  # nothing left to convert


def test_find_legacy_words_offsets_and_encodings():
    text = "Theo Nghị định số 63, Thñ tôc hµnh chÝnh được công bố."
    assert find_legacy_words(text) == [(22, "Thñ", "TCVN3"), (26, "tôc", "TCVN3"), (30, "hµnh", "TCVN3"), (35, "chÝnh", "TCVN3")]
    text = "Tôi đã nộp hồ sơ Ñaêng kyù khai sinh"
    assert find_legacy_words(text) == [(17, "Ñaêng", "VNI"), (23, "kyù", "VNI")]


@pytest.mark.parametrize("text, _", MIXED + TCVN3_REAL + VNI_REAL)
def test_found_words_convert_on_their_own(text, _):
    """cchc.base.text shows each found word converted alone, so to_unicode(word, encoding) must agree."""
    converted = to_unicode(text)
    words = find_legacy_words(text)
    assert words
    for offset, word, encoding in words:
        assert text[offset : offset + len(word)] == word
        assert to_unicode(word, encoding).lower() in converted.lower()


def test_find_legacy_words_indexes_nfd_text_as_given():
    text = nfd("Thủ tục: ") + "Thñ tôc hµnh chÝnh"
    for offset, word, encoding in find_legacy_words(text):
        assert text[offset : offset + len(word)] == word
        assert encoding == "TCVN3"
    assert to_unicode(text) == "Thủ tục: Thủ tục hành chính"
