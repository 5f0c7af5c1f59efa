"""The classification gate: documents stamped Mật, Tối mật or Tuyệt mật are state secrets and
must never enter this internet-facing system.

The stamp is recognised as a *stamp*, not as a word: the plan itself says "tài liệu mật, tối
mật của Đảng được số hóa" in running text, and a regulation may be titled "QUY CHẾ BẢO VỆ BÍ MẬT
NHÀ NƯỚC". What counts:

- a line that is only the marking: ``MẬT``, ``TỐI MẬT``, ``TUYỆT MẬT`` (upper case, possibly in
  brackets, quotes or a frame of punctuation), also without diacritics (``TOI MAT``);
- the marking in upper case standing apart from upper-case prose (``Số 15-BC/TU TỐI MẬT``),
  which catches a stamp that text extraction put on the same line as the header;
- the marking in brackets in any case: ``(Mật)``, ``[tối mật]``;
- a label ``Độ mật: Tối mật`` (any case, with or without diacritics).
"""

from __future__ import annotations

import re
import unicodedata

from backend.core.text import fold

MARKINGS = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")
_FOLDED = {"TUYET MAT": "TUYỆT MẬT", "TOI MAT": "TỐI MẬT", "MAT": "MẬT"}
_FRAME = " \t*\"'“”‘’«»()[]{}<>-–—=_:.|#"
_BRACKETED = re.compile(r"[(\[]\s*(tuyệt\s+mật|tối\s+mật|mật)\s*[)\]]", re.IGNORECASE)
_LABEL = re.compile(
    r"(?:độ|do)\s+(?:mật|mat)\s*[:：]\s*(tuyệt\s+mật|tối\s+mật|mật|tuyet\s+mat|toi\s+mat|mat)\b",
    re.IGNORECASE,
)
_UPPER_WORD = re.compile(r"^[^\W\d_]{2,}$")


def _canonical(marking: str) -> str:
    squeezed = " ".join(marking.split()).upper()
    if squeezed in MARKINGS:
        return squeezed
    return _FOLDED.get(fold(squeezed).upper(), squeezed)


def _is_upper_word(chunk: str) -> bool:
    word = chunk.strip(_FRAME + ",;!?")
    return bool(_UPPER_WORD.match(word)) and word.isupper()


def _standalone_line(line: str) -> str | None:
    core = " ".join(line.strip(_FRAME).split())
    if core in MARKINGS:
        return core
    if core in _FOLDED:  # a stamp typed without diacritics
        return _FOLDED[core]
    return None


def _apart_in_line(line: str) -> str | None:
    chunks = line.split()
    stripped = [c.strip(_FRAME + ",;") for c in chunks]
    for i in range(len(chunks)):
        for marking in MARKINGS:
            parts = marking.split()
            if stripped[i : i + len(parts)] != parts:
                continue
            before = chunks[i - 1] if i > 0 else ""
            after = chunks[i + len(parts)] if i + len(parts) < len(chunks) else ""
            if not _is_upper_word(before) and not _is_upper_word(after):
                return marking
            break
    return None


def find_marking(text: str) -> str | None:
    """The classification marking stamped in ``text`` (``"TỐI MẬT"`` …), or None."""
    if not text:
        return None
    text = unicodedata.normalize("NFC", text)
    match = _LABEL.search(text) or _BRACKETED.search(text)
    if match:
        return _canonical(match.group(1))
    for line in text.splitlines():
        found = _standalone_line(line) or _apart_in_line(line)
        if found:
            return found
    return None
