"""Stable unit keys across versions, and the diff between two versions (no database).

A revised version's units are matched to the previous version's, each old key used once, in
this order:

1. same anchor, same content: unchanged (``same``);
2. same content elsewhere: moved (``text``, similarity 1);
3. same anchor and kind, similar text (difflib ratio ≥ ``ANCHOR_RATIO``): edited in place
   (``anchor``);
4. same kind, similar text elsewhere (ratio ≥ ``TEXT_RATIO``): moved and perhaps edited
   (``text``), the most similar first;
5. anything else is a new unit with a new key (``new``).

So a comment, which stores the unit's key, stays on its clause when the clause is edited, moved
or renumbered. :func:`diff` says what changed between two versions, with a word diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backend.consultations.units import Unit
from shared.consultations import ChangeKind, UnitChange, UnitKind, WordOp, WordPiece

ANCHOR_RATIO = 0.5
TEXT_RATIO = 0.7
MAX_TEXT_PAIRS = 400_000  # past this many candidate pairs, text matching stays within a parent


@dataclass(frozen=True)
class OldUnit:
    key: str
    anchor: str
    kind: UnitKind
    label: str
    title: str
    text: str
    content_hash: str
    parent_key: str | None
    position: int

    @property
    def words(self) -> str:
        return " ".join(part for part in (self.title, self.text) if part)


@dataclass(frozen=True)
class Match:
    key: str
    how: str  # same, anchor, text, new
    similarity: float


def _ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < TEXT_RATIO * 0.8 or matcher.quick_ratio() < TEXT_RATIO * 0.8:
        return matcher.quick_ratio() * 0.5  # clearly apart: not worth the full ratio
    return matcher.ratio()


def match_units(
    new: Sequence[Unit], old: Sequence[OldUnit], new_key: Callable[[], str]
) -> list[Match]:
    """A match for each unit of ``new``, in its order."""
    found: list[Match | None] = [None] * len(new)
    free = {u.key: u for u in old}
    by_anchor = {u.anchor: u for u in old}
    by_hash: dict[str, list[OldUnit]] = {}
    for u in old:
        by_hash.setdefault(u.content_hash, []).append(u)

    def take(i: int, unit: OldUnit, how: str, similarity: float) -> None:
        found[i] = Match(unit.key, how, similarity)
        del free[unit.key]

    # 1. Unchanged in place.
    for i, unit in enumerate(new):
        was = by_anchor.get(unit.anchor)
        if was is not None and was.key in free and was.content_hash == unit.content_hash:
            take(i, was, "same", 1.0)
    # 2. Unchanged, moved.
    for i, unit in enumerate(new):
        if found[i] is None:
            for was in by_hash.get(unit.content_hash, []):
                if was.key in free:
                    take(i, was, "text", 1.0)
                    break
    # 3. Edited in place.
    for i, unit in enumerate(new):
        was = by_anchor.get(unit.anchor)
        if found[i] is None and was is not None and was.key in free and was.kind == unit.kind:
            similarity = _ratio(was.words, unit.words)
            if similarity >= ANCHOR_RATIO:
                take(i, was, "anchor", similarity)
    # 4. Edited and moved: the most similar pairs first.
    waiting = [i for i in range(len(new)) if found[i] is None]
    pairs: list[tuple[float, int, str]] = []
    wide = len(waiting) * len(free) <= MAX_TEXT_PAIRS
    for i in waiting:
        unit = new[i]
        for was in free.values():
            if was.kind != unit.kind:
                continue
            if not wide and was.anchor.rsplit("/", 1)[0] != unit.anchor.rsplit("/", 1)[0]:
                continue
            similarity = _ratio(was.words, unit.words)
            if similarity >= TEXT_RATIO:
                pairs.append((similarity, i, was.key))
    pairs.sort(key=lambda p: (-p[0], p[1]))
    for similarity, i, key in pairs:
        if found[i] is None and key in free:
            take(i, free[key], "text", similarity)
    # 5. New units.
    return [m if m is not None else Match(new_key(), "new", 0.0) for m in found]


# ---- the diff between two versions --------------------------------------------------------------


def word_diff(old: str, new: str) -> list[WordPiece]:
    a, b = old.split(), new.split()
    pieces: list[WordPiece] = []

    def add(op: WordOp, words: list[str]) -> None:
        if not words:
            return
        if pieces and pieces[-1].op is op:
            pieces[-1] = WordPiece(op=op, text=pieces[-1].text + " " + " ".join(words))
        else:
            pieces.append(WordPiece(op=op, text=" ".join(words)))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(WordOp.SAME, a[i1:i2])
        else:
            add(WordOp.DELETED, a[i1:i2])
            add(WordOp.INSERTED, b[j1:j2])
    return pieces


def _kept_in_order(old_order: list[str], new_order: list[str]) -> set[str]:
    """The keys of the longest run common to both orders: the others moved."""
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept: set[str] = set()
    for block in matcher.get_matching_blocks():
        kept.update(old_order[block.a : block.a + block.size])
    return kept


def diff(old: Sequence[OldUnit], new: Sequence[OldUnit]) -> tuple[int, list[UnitChange]]:
    """How many units stayed as they were, and the changes, in the new version's order (the
    removed ones after, in the old order)."""
    old_by_key = {u.key: u for u in old}
    new_keys = {u.key for u in new}
    common_old = [u.key for u in old if u.key in new_keys]
    common_new = [u.key for u in new if u.key in old_by_key]
    in_place = _kept_in_order(common_old, common_new)
    unchanged = 0
    changes: list[UnitChange] = []
    for unit in new:
        was = old_by_key.get(unit.key)
        if was is None:
            changes.append(
                UnitChange(
                    key=unit.key, change=ChangeKind.ADDED, kind=unit.kind, old_anchor=None,
                    new_anchor=unit.anchor, old_position=None, new_position=unit.position,
                    words=[WordPiece(op=WordOp.INSERTED, text=unit.words)],
                )
            )  # fmt: skip
            continue
        moved = unit.key not in in_place or was.parent_key != unit.parent_key
        edited = was.content_hash != unit.content_hash
        if not moved and not edited:
            unchanged += 1
            continue
        change = (
            ChangeKind.MOVED_EDITED
            if moved and edited
            else ChangeKind.MOVED
            if moved
            else ChangeKind.EDITED
        )
        words = word_diff(f"{was.label} {was.words}", f"{unit.label} {unit.words}")
        changes.append(
            UnitChange(
                key=unit.key, change=change, kind=unit.kind, old_anchor=was.anchor,
                new_anchor=unit.anchor, old_position=was.position, new_position=unit.position,
                words=words,
            )
        )  # fmt: skip
    for was in old:
        if was.key not in new_keys:
            changes.append(
                UnitChange(
                    key=was.key, change=ChangeKind.REMOVED, kind=was.kind, old_anchor=was.anchor,
                    new_anchor=None, old_position=was.position, new_position=None,
                    words=[WordPiece(op=WordOp.DELETED, text=was.words)],
                )
            )  # fmt: skip
    return unchanged, changes
