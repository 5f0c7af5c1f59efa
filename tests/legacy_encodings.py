"""Vietnamese text written in the legacy encodings (TCVN3, VNI, Windows-1258), to test that
imports refuse such files by name. The encoders invert the tables of
``backend.imports.encodings``; Windows-1258 is Python's own codec with the tone marks split off
as that encoding stores them."""

from __future__ import annotations

import unicodedata

from backend.imports.encodings import _VNI_LETTERS, _VNI_MODIFIERS, TCVN3

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SHAPES = "\u0302\u0306\u031b"


def to_tcvn3(text: str) -> bytes:
    reverse = {ch: byte for byte, ch in TCVN3.items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse:  # capitals with tones do not exist in TCVN3
            out.append(reverse[ch.lower()])
        else:
            out += ch.encode("latin-1")
    return bytes(out)


def to_vni(text: str) -> bytes:
    letters = {ch: byte for byte, ch in _VNI_LETTERS.items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in letters:
            out.append(letters[ch])
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if base in "oOuU" and "\u031b" in marks:  # ơ, ư are letters of their own
            out.append(letters[unicodedata.normalize("NFC", base + "\u031b")])
            marks = marks.replace("\u031b", "")
            base = ""
        else:
            out += base.encode("latin-1")
        if marks:
            upper = base.isupper() or (not base and ch.isupper())
            wanted = "".join(sorted(marks, key=lambda m: m not in _SHAPES))
            candidates = [b for b, m in _VNI_MODIFIERS.items() if m == wanted]
            byte = min(candidates) if upper else max(candidates)
            out.append(byte)
    return bytes(out)


def to_cp1258(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in parts[1:] if m in _SHAPES)
        tones = "".join(m for m in parts[1:] if m in _TONES)
        out += unicodedata.normalize("NFC", parts[0] + shape).encode("cp1258")
        out += tones.encode("cp1258")
    return bytes(out)
