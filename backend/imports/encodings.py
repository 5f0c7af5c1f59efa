"""Which encoding a text file is in, and a clear refusal for the legacy Vietnamese ones.

Read: UTF-8 (with or without BOM) and UTF-16 (with its BOM, as Excel's "Unicode text" saves).
Refused, by name: Windows-1258, TCVN3 (ABC, the .Vn fonts) and VNI. Decoding those as if they
were Unicode shows broken letters ("§¶ng", "Ñaûng") that would then be stored for good, so the
file is refused with how to convert it instead.

The legacy encodings are told apart by decoding the bytes with each and counting the words
that read as Vietnamese: at most one tone mark per syllable, letters of the Vietnamese
alphabet, no capital in the middle of a word. The right decoding reads; the others give
symbols and impossible syllables. The same test catches a file saved as Unicode whose text
was typed with a legacy font (valid UTF-8 full of "§¶ng"), which Excel produces often.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable

from backend.core.problems import Problem

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MARKS = {"\u0302": "^", "\u0306": "(", "\u031b": "+"}  # circumflex, breve, horn


def _vietnamese_letters() -> frozenset[str]:
    bases = "aăâeêioôơuưy"
    letters = set("đĐ")
    for base in bases:
        for tone in ["", *_TONES]:
            for ch in (base, base.upper()):
                letters.add(unicodedata.normalize("NFC", ch + tone))
    return frozenset(c for c in letters if len(c) == 1 and not c.isascii())


VIETNAMESE = _vietnamese_letters()

# ---- TCVN3 (TCVN 5712:1993, VN3; the .VnTime fonts): one byte per precomposed lower-case
# letter; capitals were drawn by separate "H" fonts from the same codes.
_TCVN3_LETTERS = (
    "ăâêôơưđ",
    [0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE],
    "ĂÂÊÔƠƯĐ",
    [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7],
)
_TCVN3_TONED = {
    # vowel: bytes for huyền, hỏi, ngã, sắc, nặng
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TONE_ORDER = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng


def _tcvn3_table() -> dict[int, str]:
    table: dict[int, str] = {}
    lower, lower_bytes, upper, upper_bytes = _TCVN3_LETTERS
    table.update(zip(lower_bytes, lower, strict=True))
    table.update(zip(upper_bytes, upper, strict=True))
    for vowel, codes in _TCVN3_TONED.items():
        for tone, byte in zip(_TONE_ORDER, codes, strict=True):
            table[byte] = unicodedata.normalize("NFC", vowel + tone)
    return table


TCVN3 = _tcvn3_table()

# ---- VNI Windows: an ASCII letter followed by a byte that adds its marks.
_VNI_LOWER = {
    0xF8: "\u0300",
    0xF9: "\u0301",
    0xFB: "\u0309",
    0xF5: "\u0303",
    0xEF: "\u0323",
    0xE2: "\u0302",
    0xE0: "\u0302\u0300",
    0xE1: "\u0302\u0301",
    0xE5: "\u0302\u0309",
    0xE3: "\u0302\u0303",
    0xE4: "\u0302\u0323",
    0xEA: "\u0306",
    0xE8: "\u0306\u0300",
    0xE9: "\u0306\u0301",
    0xFA: "\u0306\u0309",
    0xFC: "\u0306\u0303",
    0xEB: "\u0306\u0323",
}
_VNI_MODIFIERS = {**_VNI_LOWER, **{byte - 0x20: marks for byte, marks in _VNI_LOWER.items()}}
_VNI_LETTERS = {
    0xF4: "ơ",
    0xD4: "Ơ",
    0xF6: "ư",
    0xD6: "Ư",
    0xF1: "đ",
    0xD1: "Đ",
    0xEC: "ì",
    0xCC: "Ì",
    0xED: "í",
    0xCD: "Í",
    0xE6: "ỉ",
    0xC6: "Ỉ",
    0xF3: "ĩ",
    0xD3: "Ĩ",
    0xF2: "ị",
    0xD2: "Ị",
}
_VNI_BASES = set("aeiouyAEIOUYơưƠƯ")


def decode_tcvn3(data: bytes) -> str:
    return "".join(TCVN3.get(b, chr(b)) for b in data)


def decode_vni(data: bytes) -> str:
    out: list[str] = []
    for b in data:
        if b in _VNI_MODIFIERS and out and out[-1][:1] in _VNI_BASES:
            out[-1] += _VNI_MODIFIERS[b]
        elif b in _VNI_LETTERS:
            out.append(_VNI_LETTERS[b])
        else:
            out.append(chr(b))
    return unicodedata.normalize("NFC", "".join(out))


def decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


LEGACY: dict[str, Callable[[bytes], str]] = {
    "Windows-1258": decode_cp1258,
    "TCVN3 (ABC)": decode_tcvn3,
    "VNI Windows": decode_vni,
}

# ---- reading as Vietnamese ------------------------------------------------------------------

_WORD = re.compile(r"[^\s\d\"'“”‘’.,;:!?()\[\]{}<>/\\|@#$&*=+_~^`-]+")


def _reads_as_vietnamese(word: str) -> bool:
    tones = 0
    for i, ch in enumerate(word):
        if ch.isascii():
            if not ch.isalpha():
                return False
        elif ch not in VIETNAMESE:
            return False
        if ch.isupper() and i > 0 and word[i - 1].islower():
            return False  # "NguyÔn": a capital inside a lower-case word
        tones += any(m in _TONES for m in unicodedata.normalize("NFD", ch))
    return tones <= 1


def vietnamese_score(text: str) -> tuple[int, int]:
    """(words with non-ASCII letters that read as Vietnamese, those that do not)."""
    good = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if _reads_as_vietnamese(word):
            good += 1
        else:
            bad += 1
    return good, bad


def best_legacy(data: bytes) -> tuple[str, int] | None:
    """The legacy encoding the bytes read best in, with its margin of good over bad words."""
    best: tuple[str, int] | None = None
    for name, decode in LEGACY.items():
        good, bad = vietnamese_score(decode(data))
        margin = good - 3 * bad
        if good and (best is None or margin > best[1]):
            best = (name, margin)
    return best


def legacy_refusal(name: str, in_unicode: bool = False) -> Problem:
    where = (
        "Tệp được lưu dạng Unicode nhưng chữ trong tệp được gõ bằng phông"
        if in_unicode
        else "Tệp dùng bảng mã cũ"
    )
    return Problem(
        422,
        f"{where} {name}, không phải Unicode, nên chữ tiếng Việt sẽ bị lỗi. Chưa nhập gì. Hãy "
        "chuyển mã sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey), rồi trong Excel "
        "chọn Lưu thành “CSV UTF-8” hoặc lưu tệp .xlsx, rồi nhập lại.",
        code="legacy_encoding",
        extra={"encoding": name},
    )


def _latin_bytes(text: str) -> bytes:
    """Text shown by a legacy font, back to the bytes the font drew (Windows-1252 view)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += ch.encode("latin-1", errors="replace")
    return bytes(out)


def refuse_legacy_text(text: str) -> None:
    """Refuse Unicode text that is really a legacy encoding shown through its font."""
    good, bad = vietnamese_score(text)
    if bad < 2 or bad < good:  # a foreign name or two is not a legacy font
        return
    legacy = best_legacy(_latin_bytes(text))
    if legacy is not None and legacy[1] >= 2 and legacy[1] > good - 3 * bad:
        raise legacy_refusal(legacy[0], in_unicode=True)


def decode_text(data: bytes) -> str:
    """The text of a CSV file, or a 422 naming what is wrong with its encoding."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise Problem(
                    422,
                    f"Tệp bắt đầu như {codec.upper()} nhưng có đoạn không đọc được. Chưa nhập "
                    "gì. Hãy lưu lại tệp từ Excel (“CSV UTF-8”) rồi nhập lại.",
                    code="bad_encoding",
                ) from None
            break
    else:
        if b"\x00" in data[:4096]:
            raise Problem(
                422,
                "Tệp có vẻ là UTF-16 nhưng thiếu dấu BOM ở đầu. Chưa nhập gì. Hãy lưu lại "
                "thành “CSV UTF-8” rồi nhập lại.",
                code="bad_encoding",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            legacy = best_legacy(data)
            if legacy is not None and legacy[1] > 0:
                raise legacy_refusal(legacy[0]) from None
            raise Problem(
                422,
                "Tệp không phải văn bản UTF-8 hoặc UTF-16, cũng không nhận ra bảng mã tiếng "
                "Việt cũ nào. Chưa nhập gì. Hãy lưu lại thành “CSV UTF-8” rồi nhập lại.",
                code="bad_encoding",
            ) from None
    text = unicodedata.normalize("NFC", text)
    refuse_legacy_text(text)
    return text
