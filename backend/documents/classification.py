"""The classification gate: documents stamped Mật, Tối mật or Tuyệt mật are state secrets and
must never enter this internet-facing system. :func:`find_marking` is the one rule, applied to
every text a document brings (its metadata, and every text its file carries).

A marking is recognised as a *stamp*, not as a word: the plan itself says "tài liệu mật, tối
mật của Đảng được số hóa" in running text, a regulation may be titled "QUY CHẾ BẢO VỆ BÍ MẬT NHÀ
NƯỚC", and "MẬT KHẨU", "MẬT MÃ", "MẬT ĐỘ DÂN SỐ", "QUAN HỆ MẬT THIẾT" are other words. Each line
is read as a person reads it (:func:`backend.documents.lookalikes.as_read`: full-width and
Cyrillic or Greek look-alike letters as the Latin ones, invisible characters such as a soft
hyphen dropped), letter-spaced words closed up (``T U Y Ệ T  M Ậ T``), and a marking written
in one piece or with a hyphen (``TUYỆTMẬT``, ``TUYỆT-MẬT``) is the marking. Diacritics are
never dropped: ``MẶT`` is not ``MẬT``.

A marking (``MẬT``, ``TỐI MẬT``, ``TUYỆT MẬT``) is a stamp when it is

1. the whole line, in any case (``Mật``, ``tuyệt mật``, ``[ TỐI MẬT ]``);
2. in brackets or quotes, in any case (``(Mật)``, ``«tối mật»``);
3. the value of a label ``Độ mật: …``;
4. at the start or the end of the line, set apart by a dash, full stop, colon, semicolon,
   bar or slash (``Báo cáo nhân sự - Tối mật``, ``Kế hoạch. Mật``);
5. written in capitals (``TỈNH ỦY BẮC NINH MẬT``, ``MẬT HỎA TỐC``, ``Số 15-BC/TU TỐI MẬT``),
   except a capital ``MẬT`` that is part of a word with its neighbour (``BÍ MẬT``, ``BẢO
   MẬT``, ``KHÔNG MẬT``, ``ĐỘ MẬT``, ``MẬT KHẨU``, ``MẬT MÃ``, ``MẬT ĐỘ``, ``MẬT THIẾT`` …);
6. a two-word marking ending the line with a capital first letter (``… nhân sự Tối mật``).

Without diacritics only the two-word markings count, and only as a whole stamp: the whole line,
in brackets, a label's value, at an edge set apart (rule 4), or ending the line in capitals or
title case (``TOI MAT``, ``Tuyet mat``) — never a bare ``MAT``, never mid-sentence (``TOI MAT
CHIA KHOA`` is "tôi mất chìa khóa" typed without diacritics).

Lower-case markings inside running text, or at the end of a line without a separator (a
paragraph wrapped after "tài liệu mật, tối mật"), are words, not stamps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from backend.core.problems import Problem
from backend.documents.lookalikes import as_read

MARKINGS = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")

# Words that make one word with a capital MẬT beside them (bí mật, mật khẩu …).
BEFORE_MAT = frozenset(
    {"BÍ", "BẢO", "CƠ", "THÂN", "GIẢI", "KHÔNG", "ĐỘ", "TÚI", "ONG", "RỈ", "KÍN", "GIỮ"}
)
AFTER_MAT = frozenset(
    {
        "KHẨU",
        "MÃ",
        "ĐỘ",
        "THIẾT",
        "ONG",
        "THÁM",
        "VỤ",
        "BÁO",
        "LỆNH",
        "THƯ",
        "ĐÀM",
        "KHU",
        "DANH",
        "ƯỚC",
        "PHÁI",
        "TẤU",
        "CHỈ",
        "MÍA",
        "GẤU",
        "THẤT",
        "NGỌT",
        "MƯU",
        "TẬP",
    }
)
_FIRST_WORDS = {"TUYỆT": "TUYỆT MẬT", "TỐI": "TỐI MẬT"}
_FIRST_WORDS_ASCII = {"TUYET": "TUYỆT MẬT", "TOI": "TỐI MẬT"}

_WORD = re.compile(r"[^\W\d_]+")
_HAS_WORD = re.compile(r"[^\W_]")
_SPACES = re.compile(r"[^\S\n]+")
# Three or more single letters separated by single spaces: a letter-spaced word.
_LETTER_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_] ){2,}[^\W\d_](?![^\W\d_])")
_IN_ONE_PIECE = re.compile(r"\b(tuyệt|tối|tuyet|toi)(mật|mat)\b", re.IGNORECASE)
_JOINS = re.compile(r"[\s\-‐‑‒–—_.·]*")  # what may stand between TUYỆT and MẬT
_SETS_APART = re.compile(r"[-‐‑‒–—.:;|/]")
_OPENERS = "([{«“‘\"'<"
_CLOSERS = ")]}»”’\"'>"


@dataclass(frozen=True)
class _Marking:
    first: int  # index of its first word in the line
    last: int  # index of its last word
    name: str  # "TUYỆT MẬT", "TỐI MẬT" or "MẬT"
    with_diacritics: bool


def _lines(text: str) -> list[str]:
    text = as_read(text)
    text = _SPACES.sub(" ", text)
    text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _IN_ONE_PIECE.sub(r"\1 \2", text)
    return text.splitlines()


def _markings(words: list[re.Match[str]], line: str) -> list[_Marking]:
    found: list[_Marking] = []
    keys = [w.group(0).upper() for w in words]
    skip_to = 0
    for i, key in enumerate(keys):
        if i < skip_to:
            continue
        follows = i + 1 < len(keys) and _JOINS.fullmatch(
            line[words[i].end() : words[i + 1].start()]
        )
        if key in _FIRST_WORDS and follows and keys[i + 1] == "MẬT":
            found.append(_Marking(i, i + 1, _FIRST_WORDS[key], True))
            skip_to = i + 2
        elif key in _FIRST_WORDS_ASCII and follows and keys[i + 1] == "MAT":
            found.append(_Marking(i, i + 1, _FIRST_WORDS_ASCII[key], False))
            skip_to = i + 2
        elif key == "MẬT":
            found.append(_Marking(i, i, "MẬT", True))
    return found


def _is_stamp(marking: _Marking, words: list[re.Match[str]], line: str) -> bool:
    first, last = words[marking.first], words[marking.last]
    before, after = line[: first.start()], line[last.end() :]
    gap_before = line[words[marking.first - 1].end() : first.start()] if marking.first else ""
    has_next = marking.last + 1 < len(words)
    gap_after = line[last.end() : words[marking.last + 1].start()] if has_next else after
    opens_line = not _HAS_WORD.search(before)
    closes_line = not _HAS_WORD.search(after)
    if opens_line and closes_line:
        return True  # 1. the whole line
    opener, closer = before.rstrip()[-1:], after.lstrip()[:1]
    if opener and closer and opener in _OPENERS and closer in _CLOSERS:
        return True  # 2. in brackets or quotes
    keys = [w.group(0).upper() for w in words]
    if (
        marking.first >= 2
        and keys[marking.first - 2] in ("ĐỘ", "DO")
        and keys[marking.first - 1] in ("MẬT", "MAT")
        and ":" in gap_before
    ):
        return True  # 3. a label's value
    if (closes_line and _SETS_APART.search(gap_before)) or (
        opens_line and _SETS_APART.search(gap_after)
    ):
        return True  # 4. at an edge, set apart
    in_capitals = all(w.group(0).isupper() for w in words[marking.first : marking.last + 1])
    two_words = marking.name != "MẬT"
    if not marking.with_diacritics:
        return closes_line and (in_capitals or words[marking.first].group(0).istitle())
    if in_capitals:
        if two_words:
            return True  # 5. in capitals
        joined_before = (
            marking.first > 0 and not gap_before.strip() and keys[marking.first - 1] in BEFORE_MAT
        )
        joined_after = has_next and not gap_after.strip() and keys[marking.last + 1] in AFTER_MAT
        return not (joined_before or joined_after)
    # 6. a two-word marking ending the line, with a capital first letter
    return two_words and closes_line and words[marking.first].group(0).istitle()


def find_marking(text: str) -> str | None:
    """The classification marking stamped in ``text`` (``"TUYỆT MẬT"``, ``"TỐI MẬT"`` or
    ``"MẬT"``), or None when it carries none. ``text`` may be many lines (a page, a file)."""
    if not text:
        return None
    for line in _lines(unicodedata.normalize("NFC", text)):
        words = list(_WORD.finditer(line))
        for marking in _markings(words, line):
            if _is_stamp(marking, words, line):
                return marking.name
    return None


def marking_in_file(carried: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """``(where, marking)`` of the first stamp among every text a file carries (its pages,
    annotations, metadata, parts: ``Inspected.carried``), or None."""
    for where, text in carried:
        marking = find_marking(text)
        if marking:
            return where, marking
    return None


def scan_question(image_only_pages: int) -> Problem:
    """The 422 that asks the explicit độ mật question for a file without a text layer."""
    return Problem(
        422,
        "Tệp không có lớp chữ (có thể là bản quét: "
        f"{image_only_pages} trang chỉ có hình ảnh), nên hệ thống không tự đọc được dấu độ mật. "
        "Hãy xem bản gốc và trả lời câu hỏi “Văn bản có độ mật không?” (trường do_mat: "
        "không, mật, tối mật hoặc tuyệt mật) rồi gửi lại. Văn bản mật sẽ không được lưu.",
        code="classification_question",
        extra={"question": "do_mat", "image_only_pages": image_only_pages},
    )
