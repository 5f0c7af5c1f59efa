"""Text as a reader sees it: characters that only look like Latin letters are read as those
letters, so that a stamp typed with look-alikes ("МẬТ" with a Cyrillic М and Т, "ＭẬＴ" in
full-width forms) reads "MẬT" to the classification gate.

Only characters that are not Vietnamese letters are changed, and no diacritic is ever dropped:
"MẶT" stays "MẶT", never "MẬT", never "MAT".

- NFKC first: full-width and other compatibility forms become the plain letters.
- Invisible format characters (soft hyphen, zero-width space and joiners, word joiner, byte
  order mark, direction marks) are dropped: a soft hyphen inside "TUYỆT MẬT" hides nothing.
- Then, letter by letter in NFD (a letter and its combining marks apart), a letter of another
  script that Unicode's confusables table (UTS #39, through the ``confusable_homoglyphs``
  package) gives as a look-alike of one Latin letter becomes that letter; its marks stay on it.
  Latin small capitals (ᴍ, ᴛ) become small letters; the eth (Ð, ð), which old Vietnamese fonts
  put where Đ belongs, becomes Đ.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from confusable_homoglyphs import categories, confusables

# Unicode's own table maps these through letters that are not plain Latin (Cyrillic м to the
# turned w ʍ; eth to a D with a stroke overlay); what a reader takes them for:
_READ_AS = {"м": "m", "Ð": "Đ", "ð": "đ", "ĸ": "k"}
_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")


def _plain(char: str) -> str | None:
    """``char`` as one ASCII letter, when it is one or a Latin small capital."""
    if len(char) != 1:
        return None
    if char.isascii() and char.isalpha():
        return char
    match = _SMALL_CAPITAL.fullmatch(unicodedata.name(char, ""))
    return match.group(1).lower() if match else None


def _latin_of(char: str, depth: int = 2) -> str | None:
    """The ASCII letter ``char`` is a look-alike of (following the table a step or two)."""
    if char in _READ_AS:
        return _READ_AS[char]
    plain = _plain(char)
    if plain is not None or depth == 0:
        return plain
    for entry in confusables.confusables_data.get(char, []):
        found = _latin_of(entry["c"], depth - 1) if len(entry["c"]) == 1 else None
        if found is not None:
            return found
    return None


@cache
def _table() -> dict[int, str]:
    table = {ord(char): letter for char, letter in _READ_AS.items()}
    for char in confusables.confusables_data:
        if (
            len(char) != 1
            or char.isascii()
            or not unicodedata.category(char).startswith("L")
            or categories.alias(char) == "COMMON"
            or char in "đĐ"
        ):
            continue
        letter = _latin_of(char)
        if letter is not None:
            table[ord(char)] = letter
    return table


@cache
def _invisible() -> dict[int, None]:
    return {code: None for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"}


def as_read(text: str) -> str:
    """``text`` with look-alike characters read as the Latin letters they imitate (NFC)."""
    text = unicodedata.normalize("NFKC", text).translate(_invisible())
    decomposed = unicodedata.normalize("NFD", text).translate(_table())
    return unicodedata.normalize("NFC", decomposed)
