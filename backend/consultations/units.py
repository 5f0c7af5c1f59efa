"""A draft's text into the units a citizen comments on (no database).

The library's structure parser (:mod:`backend.library.structure`) reads the phần, mục and
numbered points; each of its nodes is a unit, and so is each paragraph (or bullet, khoản,
lettered point) inside one, so that a comment can attach to a single paragraph. A numbered
point whose line is text rather than a title carries that text itself.

Each unit has an ``anchor`` in its version (the node's path of labels, ``/p2`` for its second
paragraph) and a content hash; stable keys are given by :mod:`backend.consultations.matching`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from backend.core.problems import Problem
from backend.library.structure import Node, parse
from shared.consultations import UnitKind
from shared.library import Block, BlockKind, NodeKind

MAX_UNITS = 5_000

_BLOCK_KIND = {
    BlockKind.PARAGRAPH: UnitKind.DOAN,
    BlockKind.NUMBERED: UnitKind.KHOAN,
    BlockKind.LETTERED: UnitKind.DIEM_CHU,
    BlockKind.BULLET: UnitKind.GACH,
}


@dataclass
class Unit:
    anchor: str
    kind: UnitKind
    label: str
    title: str
    text: str
    level: int
    parent_anchor: str | None
    position: int
    key: str = ""  # set by the matching

    @property
    def content_hash(self) -> str:
        canonical = json.dumps(
            [self.kind.value, self.label, self.title, self.text],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def words(self) -> str:
        """What a reader reads of it: the title, then the text."""
        return " ".join(part for part in (self.title, self.text) if part)


def _carries_text(node: Node) -> bool:
    """A numbered point written as a sentence: the parser made its title a preview of the
    text and put the text in the first block."""
    if node.kind is not NodeKind.DIEM or not node.blocks:
        return False
    first = node.blocks[0]
    if first.kind is not BlockKind.PARAGRAPH:
        return False
    title = node.title
    return title == first.text or (title.endswith("…") and first.text.startswith(title[:-1]))


def _block_unit(node_unit: Unit, block: Block, number: int, position: int) -> Unit:
    return Unit(
        anchor=f"{node_unit.anchor}/p{number}",
        kind=_BLOCK_KIND[block.kind],
        label=block.label,
        title="",
        text=block.text,
        level=node_unit.level + 1,
        parent_anchor=node_unit.anchor,
        position=position,
    )


def read_units(text: str) -> list[Unit]:
    """The units of ``text`` in reading order: 422 when it holds nothing or too much."""
    nodes = parse(text)
    units: list[Unit] = []
    for node in nodes:
        blocks = list(node.blocks)
        own_text = ""
        title = node.title
        if _carries_text(node):
            own_text, title = blocks.pop(0).text, ""
        unit = Unit(
            anchor=node.anchor,
            kind=UnitKind(node.kind.value),
            label=node.label,
            title=title,
            text=own_text,
            level=node.level,
            parent_anchor=node.parent,
            position=len(units),
        )
        units.append(unit)
        for number, block in enumerate(blocks, start=1):
            units.append(_block_unit(unit, block, number, len(units)))
    if not units:
        raise Problem(422, "Dự thảo trống: không có nội dung nào để đăng.", code="empty_text")
    if len(units) > MAX_UNITS:
        raise Problem(
            422, f"Dự thảo có hơn {MAX_UNITS:,} đoạn, mục.".replace(",", "."), code="too_many_units"
        )
    return units


def unit_heading(kind: UnitKind, label: str, title: str, text: str) -> str:
    """How a unit is named in a list ("II. NỘI DUNG", "1. Đối với hạ tầng số", "Đoạn: …")."""
    if title:
        return f"{label} {title}".strip()
    words = text.split()
    preview = " ".join(words[:10]) + ("…" if len(words) > 10 else "")
    return f"{label} {preview}".strip()
