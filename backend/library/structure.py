"""The structure of a Party text written as plain text: parts, chapters, articles, points.

Reads what Vietnamese Party and state documents use (Hướng dẫn 36-HD/VPTW's layout):

- parts in Roman numerals (``I. MỤC ĐÍCH, YÊU CẦU``) or ``Phần thứ nhất``;
- ``Chương II``, ``Mục 1`` (the title on the same line or the next);
- ``Điều 5.`` articles; inside them numbered clauses (``1.``) and lettered points (``a)``);
- in a text without Điều (a plan, a resolution), numbered points are the units themselves,
  nested by their numbering (``3.`` holds ``3.1.`` and ``3.2.``);
- bullets (``-``, ``–``, ``•``, ``+``), the text before the first heading (``mo_dau``) and the
  closing ``Nơi nhận:`` with the signature (``ket``).

Text copied from a PDF or a word processor is mended first: lines broken inside a paragraph
are joined, a paragraph cut by a page break (the next one starting in lower case after no
final punctuation) is joined to the one before, and ``**bold**``/``*italic*`` marks are
dropped.

Each unit gets an ``anchor``: its path of labels (``III/3/3.1``, or ``dieu-12`` for an Điều,
whose number is unique in the document). Anchors are what keep an article's identity from one
version of a document to the next. Nothing here touches the database: the library publishes
what this returns, and the comments area reads draft documents with it too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from shared.library import Block, BlockKind, NodeKind

_ROMAN = r"(?=[IVXLC])(?:C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_PART = re.compile(r"^(?:PHẦN|Phần)\s+(THỨ\s+\S+|thứ\s+\S+|" + _ROMAN + r"|\d+)\s*[.:]?\s*(.*)$")
_ROMAN_HEADING = re.compile(r"^(" + _ROMAN + r")\.\s+(\S.*)$")
_CHAPTER = re.compile(r"^(?:CHƯƠNG|Chương)\s+(" + _ROMAN + r"|\d+)\s*[.:]?\s*(.*)$")
_SECTION = re.compile(r"^(?:MỤC|Mục)\s+(" + _ROMAN + r"|\d+)(?:\s*[.:]\s*(.*))?$")
_ARTICLE = re.compile(r"^(?:ĐIỀU|Điều)\s+(\d+[a-z]?)\s*[.:]?\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})\.\s+(\S.*)$")
_NUMBERED_BARE = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,3})\s+(\S.*)$")  # "2.1 Tiêu đề"
_LETTERED = re.compile(r"^([a-zđ])\)\s+(\S.*)$")
_BULLET = re.compile(r"^[-–—•+]\s+(\S.*)$")
_CLOSING = re.compile(r"^Nơi nhận\s*:?\s*(.*)$", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_FINAL = ".!?:…"

# How deep each kind sits; numbered points go below Điều by their depth.
_RANK = {NodeKind.PHAN: 1, NodeKind.CHUONG: 2, NodeKind.MUC: 3, NodeKind.DIEU: 4}
HEADING_MAX = 160  # a numbered line longer than this (or ending in ".") is text, not a title
PREVIEW_WORDS = 12


@dataclass
class Node:
    anchor: str
    kind: NodeKind
    label: str
    title: str
    level: int  # 1 at the top of the tree
    parent: str | None  # the parent's anchor
    blocks: list[Block] = field(default_factory=list)
    rank: int = 0


# ---- text into paragraphs ----------------------------------------------------------------------


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    text = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", text)


def _starts_unit(line: str) -> bool:
    return any(
        p.match(line)
        for p in (_PART, _ROMAN_HEADING, _CHAPTER, _SECTION, _ARTICLE, _NUMBERED,
                  _NUMBERED_BARE, _LETTERED, _BULLET, _CLOSING)
    )  # fmt: skip


def _is_heading(line: str) -> bool:
    return any(p.match(line) for p in (_PART, _ROMAN_HEADING, _CHAPTER, _SECTION, _ARTICLE))


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, mended: lines of one paragraph joined, a paragraph split by a
    page break joined again."""
    found: list[str] = []
    for group in re.split(r"\n\s*\n", _normalise(text)):
        lines = [" ".join(line.split()) for line in group.split("\n")]
        current: str | None = None
        for line in (line for line in lines if line):
            if current is None:
                continuing = (
                    found
                    and line[0].islower()
                    and not found[-1].endswith(tuple(_FINAL))
                    and not _starts_unit(line)
                )
                if continuing:
                    current = found.pop() + " " + line
                else:
                    current = line
            elif _starts_unit(line) or (_is_heading(current) and line[0].isupper()):
                # A heading's line ends it, unless the next line goes on in lower case.
                found.append(current)
                current = line
            else:
                current += " " + line
        if current is not None:
            found.append(current)
    return found


# ---- paragraphs into units ---------------------------------------------------------------------


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _preview(text: str) -> str:
    words = text.split()
    return text if len(words) <= PREVIEW_WORDS else " ".join(words[:PREVIEW_WORDS]) + "…"


def _heading_like(text: str) -> bool:
    return len(text) <= HEADING_MAX and not text.rstrip().endswith(".")


@dataclass
class _Unit:
    kind: NodeKind
    label: str
    key: str  # the label as the anchor writes it
    title: str
    rank: int
    text_block: str = ""  # a numbered line that is text, not a title


def _structural(paragraph: str, has_dieu: bool) -> _Unit | None:
    if m := _PART.match(paragraph):
        label = m.group(1)
        shown = f"Phần {label.lower()}" if label.lower().startswith("thứ") else f"Phần {label}"
        return _Unit(NodeKind.PHAN, shown, "phan-" + "-".join(label.lower().split()),
                     m.group(2).strip(), 1)  # fmt: skip
    if (m := _ROMAN_HEADING.match(paragraph)) and (
        _mostly_upper(m.group(2)) or _heading_like(m.group(2))
    ):
        return _Unit(NodeKind.PHAN, f"{m.group(1)}.", m.group(1), m.group(2).strip(), 1)
    if m := _CHAPTER.match(paragraph):
        return _Unit(NodeKind.CHUONG, f"Chương {m.group(1)}", f"chuong-{m.group(1)}",
                     m.group(2).strip(), 2)  # fmt: skip
    if m := _SECTION.match(paragraph):
        number = m.group(1)
        return _Unit(NodeKind.MUC, f"Mục {number}", f"muc-{number}", (m.group(2) or "").strip(), 3)
    if m := _ARTICLE.match(paragraph):
        return _Unit(NodeKind.DIEU, f"Điều {m.group(1)}.", f"dieu-{m.group(1)}",
                     m.group(2).strip(), 4)  # fmt: skip
    if has_dieu:
        return None  # numbered lines are clauses of the Điều
    m = _NUMBERED.match(paragraph) or _NUMBERED_BARE.match(paragraph)
    if m:
        number, text = m.group(1), m.group(2).strip()
        depth = number.count(".") + 1
        unit = _Unit(NodeKind.DIEM, f"{number}.", number, text, 4 + depth)
        if not _heading_like(text):
            unit.title, unit.text_block = _preview(text), text
        return unit
    return None


def _block(paragraph: str, has_dieu: bool) -> Block:
    if has_dieu and (m := _NUMBERED.match(paragraph)):
        return Block(kind=BlockKind.NUMBERED, label=f"{m.group(1)}.", text=m.group(2))
    if m := _LETTERED.match(paragraph):
        return Block(kind=BlockKind.LETTERED, label=f"{m.group(1)})", text=m.group(2))
    if m := _BULLET.match(paragraph):
        return Block(kind=BlockKind.BULLET, label="-", text=m.group(1))
    return Block(kind=BlockKind.PARAGRAPH, text=paragraph)


def parse(text: str) -> list[Node]:
    """The units of ``text`` in reading order, each with its anchor, parent and blocks."""
    found = paragraphs(text)
    has_dieu = any(_ARTICLE.match(p) for p in found)
    nodes: list[Node] = []
    stack: list[Node] = []
    anchors: dict[str, int] = {}
    current: Node | None = None
    waiting_title: Node | None = None  # "Chương I" whose title is the next paragraph

    def add(kind: NodeKind, label: str, key: str, title: str, rank: int) -> Node:
        while stack and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        if kind is NodeKind.DIEU or parent is None:
            anchor = key
        else:
            anchor = f"{parent.anchor}/{key}"
        anchors[anchor] = anchors.get(anchor, 0) + 1
        if anchors[anchor] > 1:
            anchor = f"{anchor}~{anchors[anchor]}"
        node = Node(
            anchor=anchor,
            kind=kind,
            label=label,
            title=title,
            level=len(stack) + 1,
            parent=parent.anchor if parent else None,
            rank=rank,
        )
        nodes.append(node)
        stack.append(node)
        return node

    for paragraph in found:
        if waiting_title is not None:
            waiting_title = None
            if (
                not _starts_unit(paragraph)
                and (_heading_like(paragraph) or _mostly_upper(paragraph))
                and current is not None
                and not current.title
            ):
                current.title = paragraph
                continue
        if m := _CLOSING.match(paragraph):
            stack.clear()
            current = add(NodeKind.KET, "", "ket", "Nơi nhận", 1)
            if m.group(1):
                current.blocks.append(Block(kind=BlockKind.PARAGRAPH, text=m.group(1)))
            continue
        closing = current is not None and current.kind is NodeKind.KET
        unit = None if closing else _structural(paragraph, has_dieu)
        if unit is not None:
            current = add(unit.kind, unit.label, unit.key, unit.title, unit.rank)
            if unit.text_block:
                current.blocks.append(Block(kind=BlockKind.PARAGRAPH, text=unit.text_block))
            if not unit.title and unit.kind in _RANK:
                waiting_title = current
            continue
        if current is None:
            current = add(NodeKind.MO_DAU, "", "mo-dau", "Mở đầu", 0)
            stack.clear()  # the opening holds no units
        current.blocks.append(_block(paragraph, has_dieu))
    return nodes
