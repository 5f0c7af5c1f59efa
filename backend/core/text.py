"""Vietnamese text helpers."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case and drop every diacritic, including đ/Đ → d (NFD does not split đ)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
