"""Detect and repair Vietnamese text typed in the legacy 8-bit encodings TCVN3 and VNI.

Editors paste text typed decades ago with TCVN3 (ABC, fonts .VnTime) or VNI-Windows
(fonts VNI-Times). In our UTF-8 files every legacy byte shows up as the cp1252/Latin-1
character with the same value: TCVN3 "Hµ TÜnh" and VNI "Haø Tónh" both mean "Hà Tĩnh".

The work is done word by word. A word is read through each table and is a candidate only
when the reading is a well-formed Vietnamese syllable. A candidate is *sure* when it holds a
character or VNI pair that Unicode Vietnamese never contains ("Hµ", "baïn"). The others
("tôc" = tục in TCVN3, "Nghò" = Nghị in VNI) use only letters that Unicode Vietnamese uses
too, so they are converted only when the neighbouring words show that the line is legacy.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

__all__ = ["ENCODINGS", "TCVN3_TABLE", "VNI_TABLE", "detect", "find_legacy_words", "to_unicode"]

ENCODINGS = ("TCVN3", "VNI")

# TCVN3: one byte per letter; each run gives the letters at consecutive codes. Toned capitals
# have no codes: the uppercase fonts (.VnTimeH) draw capitals at the lowercase codes.
_TCVN3_RUNS = {
    0xA1: "ĂÂÊÔƠƯĐăâêôơưđ",
    0xB5: "àảãáạ",
    0xBB: "ằẳẵắ",
    0xC6: "ặầẩẫấậè",
    0xCE: "ẻẽéẹềểễếệìỉ",
    0xDC: "ĩíịò",
    0xE1: "ỏõóọồổỗốộờởỡớợù",
    0xF1: "ủũúụừửữứựỳỷỹýỵ",
}
TCVN3_TABLE = {chr(start + i): letter for start, run in _TCVN3_RUNS.items() for i, letter in enumerate(run)}

_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc, huyền, hỏi, ngã, nặng


def _vni_table() -> dict[str, str]:
    """VNI-Windows code (a letter, or a base letter plus a mark character) → Unicode letter."""
    table = dict(zip("ôöñíìæóòî", "ơưđíìỉĩịỵ", strict=True))  # one-character letters
    for base in "aeouyôö":
        for code, tone in zip("ùøûõï", _TONES, strict=True):
            if base + code != "yï":  # ỵ has its own code, î
                table[base + code] = table.get(base, base) + tone
    for base in "aeo":  # circumflex alone, then with each tone
        for code, tone in zip("âáàåãä", ("", *_TONES), strict=True):
            table[base + code] = base + "\u0302" + tone
    for code, tone in zip("êéèúüë", ("", *_TONES), strict=True):  # breve, only on a
        table["a" + code] = "a\u0306" + tone
    table |= {code.upper(): letter.upper() for code, letter in table.items()}
    return {code: unicodedata.normalize("NFC", letter) for code, letter in table.items()}


VNI_TABLE = _vni_table()

# Latin-1 letters that ordinary Unicode Vietnamese uses; any other U+00A1–U+00FF character is a sign.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# VNI pairs that are also real Unicode spellings with the old tone placement (hoà, hoá, hoãn).
_UNICODE_PAIRS = {"oà", "oá", "oã", "OÀ", "OÁ", "OÃ"}

_NUCLEI = sorted(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ "
    "uy ưa ưi ưu ươ yê iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu".split(),
    key=len,
    reverse=True,  # longest first, so the regex tries "ươi" before "ư"
)
# Nuclei that end in a glide take no final consonant and never carry the tone on their last letter.
_OPEN = set("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu oai oay oeo uây uôi uya uyu ươi ươu yêu".split())
_CLOSED = set("ă â iê yê uô ươ uyê oo oă uâ".split())  # these need a final consonant
# The k ending is not Vietnamese proper but appears in place names (Đắk Lắk).
_SYLLABLE = re.compile(rf"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx]?)({'|'.join(_NUCLEI)})(ch|ng|nh|[cmnptk]?)")
_ABBREVIATION = re.compile("[A-ZĐ]*Đ[A-ZĐ]*")  # NĐ-CP, QĐ-UBND: the Đ was typed in the legacy font
# Runs of letters, including Latin-1 symbols (TCVN3 uses ¸ µ × § … as letters) and combining marks (NFD).
_WORD = re.compile(r"[A-Za-z\u00A1-\u00FF\u0100-\u024F\u0300-\u036F\u1E00-\u1EFF]+")


def _is_vietnamese(word: str) -> bool:
    """True for one well-formed Vietnamese syllable in any case, or an abbreviation like "NĐ"."""
    if _ABBREVIATION.fullmatch(word):
        return True
    bare, toned = "", []  # the word without tone marks; (position, tone) of each tone mark
    for i, letter in enumerate(unicodedata.normalize("NFC", word.lower())):
        parts = unicodedata.normalize("NFD", letter)
        toned += [(i, c) for c in parts if c in _TONES]
        bare += unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    match = _SYLLABLE.fullmatch(bare)
    if not match or len(toned) > 1:
        return False
    onset, nucleus, coda = match.groups()
    if toned:
        at, tone = toned[0]
        if not match.start(2) <= at < match.end(2) - (nucleus in _OPEN):
            return False  # tone outside the vowels, or on a final glide ("leọ", "haỉ")
    if coda in ("c", "ch", "p", "t", "k") and (not toned or tone not in "\u0301\u0323"):
        return False  # syllables ending in a stop take only sắc or nặng
    if coda and nucleus in _OPEN or not coda and nucleus in _CLOSED:
        return False  # "haum", "hoo"
    if coda in ("ch", "nh") and nucleus[-1] not in "aêiy" or coda in ("c", "ng") and nucleus[-1] in "iy":
        return False  # ch, nh follow only a, ê, i, y; c, ng never follow i, y ("ănh", "ing")
    if nucleus == "y" and coda and onset != "qu" or nucleus == "oo" and coda not in ("c", "ng"):
        return False  # "hỵp", "noọp" (only quýt, quỳnh; xoong, soóc)
    if nucleus == "uya" and toned:
        return False  # only "khuya"
    # Spelling rules: k, gh, ngh only before front vowels; c, ng (and g before e/ê) never.
    if onset in ("k", "gh", "ngh"):
        return nucleus[0] in "ieêy"
    return not (onset in ("c", "ng") and nucleus[0] in "ieêy" or onset == "g" and nucleus[0] in "eê")


def _read_tcvn3(word: str) -> str | None:
    """The word read as TCVN3, or None when it has a character TCVN3 does not use."""
    if not all(c.isascii() or c in TCVN3_TABLE for c in word):
        return None
    return "".join(TCVN3_TABLE.get(c, c) for c in word)


def _read_vni(word: str) -> str | None:
    """The word read as VNI (pairs first, so "ôù" is ớ), or None when a character is left over."""
    out, i = [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if len(pair) == 2 and pair in VNI_TABLE:
            out.append(VNI_TABLE[pair])
            i += 2
        elif word[i] in VNI_TABLE or word[i].isascii():
            out.append(VNI_TABLE.get(word[i], word[i]))
            i += 1
        else:
            return None  # e.g. a mark without its base letter, as in Unicode "là"
    reading = "".join(out)
    # VNI keeps letter case, so a reading is lower, Title or UPPER case ("lÖ" is not "lƯ").
    return reading if reading in (reading.lower(), reading.capitalize(), reading.upper()) else None


_READERS = {"TCVN3": _read_tcvn3, "VNI": _read_vni}


def _is_sure(word: str, encoding: str) -> bool:
    """True when the word holds something ordinary Unicode Vietnamese never contains."""
    if any(not c.isascii() and c not in _VIET_LATIN1 for c in word):
        return True
    if encoding == "TCVN3" and any(c.islower() for c in word) and any("À" <= c <= "Þ" for c in word[1:]):
        return True  # a capital inside a lowercase word: TCVN3 í ể ề ẫ… ("chÝnh", "vÒ", "MÉu")
    pairs = (word[i : i + 2] for i in range(len(word) - 1))
    return encoding == "VNI" and any(p in VNI_TABLE and p not in _UNICODE_PAIRS for p in pairs)


class _Word(NamedTuple):
    """A word of the text that tells something about its encoding."""

    start: int
    end: int
    text: str  # NFC
    kind: str | None  # "sure", "maybe" (legacy candidates), "unicode" (cannot be legacy), None (tells nothing)
    readings: dict[str, str]  # encoding → Unicode, for candidates
    readable: frozenset[str]  # encodings that read the word as Vietnamese, unchanged or not


@functools.lru_cache(maxsize=1 << 16)  # syllables repeat: a page has a few hundred distinct ones
def _classify(word: str, encodings: tuple[str, ...]) -> tuple[str | None, dict[str, str], frozenset[str]]:
    """Kind, candidate readings and readable encodings of an NFC word (see _Word)."""
    if word.isascii() or len(word) == 1 and not word.isalpha():
        return None, {}, frozenset()  # a lone "×", "©", "½" or "§" is a symbol, not a word
    if len(word) == 2 and word[0] == "µ" and word[1].lower() not in "aeiouy":
        return None, {}, frozenset()  # µm, µg: micro sign, not TCVN3 "à"
    if any(ord(c) > 0xFF for c in word):
        return "unicode", {}, frozenset()
    readings = {}
    for encoding in encodings:
        reading = _READERS[encoding](word)
        if reading is not None and _is_vietnamese(reading):
            readings[encoding] = reading
    changed = {enc: r for enc, r in readings.items() if r != word}
    if any(_ABBREVIATION.fullmatch(r) for r in changed.values()):  # VNI "NÑ" is NĐ, not TCVN3 "Nẹ"
        changed = {enc: r for enc, r in changed.items() if _ABBREVIATION.fullmatch(r)}
    # A lone letter ("ë" = ở in TCVN3) is never enough on its own: it needs legacy neighbours.
    sure = {enc: r for enc, r in changed.items() if _is_sure(word, enc) and len(word) > 1}
    kind = "sure" if sure else "maybe" if changed else None if readings else "unicode"
    return kind, sure or changed, frozenset(readings)


def _encodings(encoding: str | None) -> tuple[str, ...]:
    """The encodings to try; raises ValueError for an unknown name."""
    if encoding is None:
        return ENCODINGS
    if encoding.upper() not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")
    return (encoding.upper(),)


def _tokens(text: str, encodings: tuple[str, ...]) -> list[tuple[str, list[_Word]]]:
    """The telling words of each line, as (line, words)."""
    lines = []
    for line in re.finditer(r"[^\n]+", text):
        words = []
        for match in _WORD.finditer(line.group()):
            start, end = match.start() + line.start(), match.end() + line.start()
            # Guillemets are quotes: TCVN3 » (ằ) never ends a syllable, « (ô) never precedes a capital.
            while end > start and text[end - 1] == "»":
                end -= 1
            if end - start > 1 and text[start] == "«" and not text[start + 1].islower():
                start += 1
            word = unicodedata.normalize("NFC", text[start:end])
            kind, readings, readable = _classify(word, encodings)
            if kind or readable:
                words.append(_Word(start, end, word, kind, readings, readable))
        lines.append((line.group(), words))
    return lines


def _score(words: list[_Word], encodings: tuple[str, ...]) -> dict[str, tuple[int, int, int]]:
    """Per encoding, compared in order: sure words only it reads, words it reads, sure words it reads."""
    sure = [w.readings for w in words if w.kind == "sure"]
    return {enc: (sum(r.keys() == {enc} for r in sure), sum(enc in w.readable for w in words), sum(enc in r for r in sure)) for enc in encodings}


def _context(i: int, words: list[_Word], chosen: dict[int, str], line_unicode: bool) -> str | None:
    """Encoding for an ambiguous word, judged by the nearest telling word on each side."""
    votes = []
    for side in (range(i - 1, -1, -1), range(i + 1, len(words))):
        j = next((j for j in side if words[j].kind in ("sure", "unicode")), None)
        if j in chosen and chosen[j] in words[i].readings:
            votes.append(chosen[j])
    # A legacy neighbour is enough unless the line also has Unicode words and this word is
    # good Unicode Vietnamese too (like "hôm", which VNI would read as "hơm"): then it needs two.
    if votes and (len(votes) == 2 or not line_unicode or not _is_vietnamese(words[i].text)):
        return votes[0]
    return None


def _fix_case(reading: str, word: str, line: str) -> str:
    """Restore TCVN3 capitals: toned capitals were typed with the lowercase codes ("CéNG" = CỘNG)."""
    if any(c.isascii() and c.islower() for c in word):
        return reading
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    caps_line = len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters)
    return reading.upper() if caps_line or sum(c.isupper() for c in reading) >= 2 else reading


# The only words _classify can call sure: Latin-1 letters and symbols with at least one
# non-ASCII character and nothing beyond U+00FF, bounded like a _WORD. Finding these
# alone skips the ASCII and Unicode-Vietnamese words that make up most of a text.
_LETTERS = r"A-Za-z\u00A1-\u00FF\u0100-\u024F\u0300-\u036F\u1E00-\u1EFF"
# The lookahead asks for the non-ASCII character first, and the possessive run never backtracks
# (same words as "[…]*[\u00A1-\u00FF][…]*", a sixth less CPU at province scale).
_LATIN1_WORD = re.compile(rf"(?<![{_LETTERS}])(?=[A-Za-z]*+[\u00A1-\u00FF])[A-Za-z\u00A1-\u00FF]++(?![{_LETTERS}])")


def may_hold_legacy(text: str) -> bool:
    """Whether any word is a sure legacy word. Without one, _scan finds nothing when the
    encoding is not given (ambiguous words need a sure neighbour or a trusted text), so
    this cheap test over the distinct candidate words (classification is cached) skips the scan."""
    return any(len(word) > 1 and _classify(word, ENCODINGS)[0] == "sure" for word in {match.strip("«»") for match in set(_LATIN1_WORD.findall(text))})


def _scan(text: str, encoding: str | None) -> list[tuple[int, int, str, str]]:
    """(start, end, encoding, Unicode) for every word of the text that should be converted."""
    if encoding is None and not may_hold_legacy(unicodedata.normalize("NFC", text)):
        return []
    encodings = _encodings(encoding)
    lines = _tokens(text, encodings)
    everything = [w for _, words in lines for w in words]
    score = _score(everything, encodings)
    in_text = max(score, key=score.__getitem__)
    # Ambiguous words with no telling neighbour are converted only when nothing in the text is
    # Unicode-only and the text is known to be legacy (explicit encoding, or sure words found).
    trusted = bool(encoding or score[in_text][2]) and not any(w.kind == "unicode" for w in everything)
    found = []
    for line, words in lines:
        # A sure word that both tables read follows the encoding its line favours ("Hoä tòch"
        # is VNI Hộ tịch, not TCVN3 "Hoọ"), or the whole text's when the line is undecided.
        score = _score(words, encodings)
        preferred = max(score, key=score.__getitem__) if len(set(score.values())) > 1 else in_text
        chosen = {i: preferred if preferred in w.readings else next(iter(w.readings)) for i, w in enumerate(words) if w.kind == "sure"}
        line_unicode = any(w.kind == "unicode" for w in words)
        for i, w in enumerate(words):
            if w.kind == "maybe":
                enc = _context(i, words, chosen, line_unicode)
                if enc is None and trusted and in_text in w.readings:
                    enc = in_text
            else:
                enc = chosen.get(i)
            if enc:
                reading = _fix_case(w.readings[enc], w.text, line) if enc == "TCVN3" else w.readings[enc]
                found.append((w.start, w.end, enc, reading))
    return found


def detect(text: str) -> str | None:
    """'TCVN3' or 'VNI' when the text contains legacy-encoded Vietnamese, else None.

    Only sure words count: a character or VNI pair impossible in Unicode Vietnamese, whose
    legacy reading is a well-formed syllable. The encoding that more words can only be read
    in wins. Unicode Vietnamese (NFC or NFD), English, numbers and symbols such as "25°C",
    "«Cải cách»", "© 2026", "2×3", "½" or "§ 3" give None.
    """
    words = [w for _, line in _tokens(unicodedata.normalize("NFC", text), ENCODINGS) for w in line]
    score = _score(words, ENCODINGS)
    best = max(score, key=score.__getitem__)
    return best if score[best][2] else None


def to_unicode(text: str, encoding: str | None = None) -> str:
    """Convert legacy text (encoding 'TCVN3' or 'VNI', or detected when None) to NFC Unicode.

    Text that is already Unicode passes through unchanged (NFC). Mixed lines convert only the
    legacy words; an ambiguous word ("tôc", "Nghò") is converted when its neighbours are legacy,
    or, with an explicit encoding, when nothing in the text is Unicode-only (e.g. a single word).
    """
    text = unicodedata.normalize("NFC", text)
    out, last = [], 0
    for start, end, _, reading in _scan(text, encoding):
        out += [text[last:start], reading]
        last = end
    return unicodedata.normalize("NFC", "".join(out) + text[last:])


def find_legacy_words(text: str) -> list[tuple[int, str, str]]:
    """(offset, word, encoding) for each word that looks legacy-encoded, for error messages.

    These are exactly the words to_unicode(text) converts; offsets index the text as given.
    """
    return [(start, text[start:end], enc) for start, end, enc, _ in _scan(text, None)]
