"""Units of a draft and their keys across versions, without a database."""

from __future__ import annotations

from backend.consultations.matching import OldUnit, diff, match_units, word_diff
from backend.consultations.units import read_units
from shared.consultations import ChangeKind, WordOp

V1 = """I. MỤC TIÊU

1. Mục tiêu chung

Phát triển kinh tế nhanh và bền vững.

Giữ vững quốc phòng, an ninh.

2. Chỉ tiêu

- Tăng trưởng 8% mỗi năm.

- Giảm nghèo 1% mỗi năm.
"""


def keyed(text: str, old: list[OldUnit] | None = None) -> list[OldUnit]:
    units = read_units(text)
    counter = iter(range(len(old or []) + 1, 10_000))
    if old is None:
        for n, unit in enumerate(units, start=1):
            unit.key = f"u{n}"
    else:
        for unit, found in zip(
            units, match_units(units, old, lambda: f"u{next(counter)}"), strict=True
        ):
            unit.key = found.key
    key_of = {u.anchor: u.key for u in units}
    return [
        OldUnit(u.key, u.anchor, u.kind, u.label, u.title, u.text, u.content_hash,
                key_of.get(u.parent_anchor) if u.parent_anchor else None, u.position)
        for u in units
    ]  # fmt: skip


def key_of(units: list[OldUnit], words: str) -> str:
    return next(u.key for u in units if words in u.words)


def test_the_same_text_keeps_every_key():
    first = keyed(V1)
    assert [u.key for u in keyed(V1, first)] == [u.key for u in first]


def test_edited_inserted_moved_and_removed_units():
    first = keyed(V1)
    revised = (
        V1.replace("nhanh và bền vững", "nhanh, bền vững và bao trùm")
        .replace("Giữ vững quốc phòng", "Chuyển đổi số toàn diện.\n\nGiữ vững quốc phòng")
        .replace("- Tăng trưởng 8% mỗi năm.\n\n- Giảm nghèo 1% mỗi năm.",
                 "- Giảm nghèo 1% mỗi năm.\n\n- Tăng trưởng 8% mỗi năm.")
    )  # fmt: skip
    second = keyed(revised, first)
    for words in ("Phát triển kinh tế", "Giữ vững quốc phòng", "Tăng trưởng 8%", "Giảm nghèo"):
        assert key_of(second, words) == key_of(first, words), words
    new = key_of(second, "Chuyển đổi số")
    assert new not in {u.key for u in first}
    unchanged, changes = diff(first, second)
    kinds = {c.key: c.change for c in changes}
    assert kinds[new] is ChangeKind.ADDED
    assert kinds[key_of(first, "Phát triển kinh tế")] is ChangeKind.EDITED
    assert ChangeKind.MOVED in {
        kinds.get(key_of(first, "Tăng trưởng")),
        kinds.get(key_of(first, "Giảm nghèo")),
    }
    assert unchanged >= 4
    third = keyed(revised.replace("Giữ vững quốc phòng, an ninh.\n\n", ""), second)
    _, changes = diff(second, third)
    assert {c.key: c.change for c in changes}[key_of(second, "Giữ vững")] is ChangeKind.REMOVED


def test_a_rewritten_unit_is_a_new_one():
    first = keyed(V1)
    second = keyed(
        V1.replace("Giữ vững quốc phòng, an ninh.", "Mở rộng hợp tác quốc tế sâu rộng."), first
    )
    assert key_of(second, "hợp tác quốc tế") not in {u.key for u in first}


def test_word_diff():
    pieces = word_diff("tăng trưởng 7,5% mỗi năm", "tăng trưởng 7,8% mỗi năm trở lên")
    assert [(p.op, p.text) for p in pieces] == [
        (WordOp.SAME, "tăng trưởng"),
        (WordOp.DELETED, "7,5%"),
        (WordOp.INSERTED, "7,8%"),
        (WordOp.SAME, "mỗi năm"),
        (WordOp.INSERTED, "trở lên"),
    ]
