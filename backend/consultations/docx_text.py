"""A DOCX draft as structured text, for the one structure parser (python-docx).

Paragraphs are read in order. Word's automatic numbering is not in a paragraph's text, so it is
written back: a numbered paragraph gets its label from its list's format (``I.``, ``1.``,
``1.1.``, ``a)``, ``-``), counted per list and level. A paragraph in a heading style with no
label of its own starts a new block, as a heading does in the text. Tables are read row by row,
their cells as paragraphs.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from backend.core.problems import Problem

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip
BAD_DOCX = "Tệp không phải tài liệu Word (DOCX) đọc được."
MAX_UNPACKED = 200 * 1024 * 1024  # a DOCX that unpacks to more than this is refused unread


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _formats(document) -> dict[tuple[str, int], str]:
    """(numId, level) → numFmt, from the numbering part (decimal when unknown)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in numbering.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in node.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                fmt.get(qn("w:val")) if fmt is not None else "decimal"
            )
        abstract[node.get(qn("w:abstractNumId"))] = levels
    found: dict[tuple[str, int], str] = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for level, fmt in abstract.get(ref.get(qn("w:val")), {}).items():
            found[(num.get(qn("w:numId")), level)] = fmt
    return found


def _num_pr(paragraph: Paragraph):
    """The paragraph's numbering: its own, or its style's (``List Number``), or a base
    style's."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return ppr.numPr
    style = paragraph.style
    for _ in range(10):  # a style's base chain is short; stop on a loop
        if style is None:
            return None
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None:
            return spr.numPr
        style = style.base_style
    return None


def _numbering(paragraph: Paragraph) -> tuple[str, int] | None:
    num_pr = _num_pr(paragraph)
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    return (num_id, level) if num_id != "0" else None


def _label(fmt: str, counts: list[int], level: int) -> str:
    n = counts[level]
    if fmt == "bullet":
        return "-"
    if fmt in ("upperRoman", "lowerRoman"):
        return f"{_roman(n)}."
    if fmt in ("lowerLetter", "upperLetter"):
        return f"{'abcdefghiklmnopqrstuvxy'[(n - 1) % 23]})"
    # Decimal: nested levels write the whole path ("3.1.").
    path = [str(c) for c in counts[: level + 1] if c > 0]
    return ".".join(path) + "."


def _check_size(data: bytes) -> None:
    """Refuse a package that would unpack to more than ``MAX_UNPACKED`` (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(item.file_size for item in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Problem(422, BAD_DOCX, code="bad_docx") from error
    if unpacked > MAX_UNPACKED:
        raise Problem(422, "Tài liệu Word quá lớn khi giải nén.", code="docx_too_large")


def docx_to_text(data: bytes) -> str:
    _check_size(data)
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise Problem(422, BAD_DOCX, code="bad_docx") from error
    formats = _formats(document)
    counters: dict[str, list[int]] = {}
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraphs = [Paragraph(child, document)]
        elif child.tag == qn("w:tbl"):
            paragraphs = [Paragraph(p, document) for p in child.iter(qn("w:p"))]
        else:
            continue
        for paragraph in paragraphs:
            text = " ".join(paragraph.text.split())
            if not text:
                continue
            numbered = _numbering(paragraph)
            if numbered is not None:
                num_id, level = numbered
                counts = counters.setdefault(num_id, [0] * 9)
                level = min(level, 8)
                counts[level] += 1
                for deeper in range(level + 1, 9):
                    counts[deeper] = 0
                text = f"{_label(formats.get(numbered, 'decimal'), counts, level)} {text}"
            lines.append(text)
    if not lines:
        raise Problem(422, "Tài liệu Word không có nội dung.", code="empty_text")
    return "\n\n".join(lines)
