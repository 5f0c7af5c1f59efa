"""Reading the live counts: the rows of ``consultation_tally``, which triggers on ``comment``
and ``unit_vote`` keep in the writing transaction (migration 2026-12-07T09:40). Reading them
costs the same with ten comments or a hundred thousand.

Inside a writer's transaction the rows it changed are locked until it commits, so the counts
it reads and puts in its ``counts.changed`` event are exact and follow the commit order.
"""

from __future__ import annotations

from backend.consultations.tables import ConsultationTally

TOTAL = "*"  # the row of the consultation's totals
WHOLE_DRAFT = ""  # the row of the comments on the whole draft (no unit)


async def unit_counts(consultation_id: int, unit_key: str | None) -> dict:
    """The ``counts.changed`` event's data: the totals and one unit's counts (``unit_key``
    None: the comments on the whole draft). One statement over the unique index."""
    place = WHOLE_DRAFT if unit_key is None else unit_key
    rows = await ConsultationTally.raw(
        'SELECT "unit_key", "comments", "agree", "disagree" FROM "consultation_tally" '
        'WHERE "consultation" = {} AND "unit_key" IN ({}, {})',
        consultation_id,
        TOTAL,
        place,
    )
    by_key = {r["unit_key"]: r for r in rows}
    total = by_key.get(TOTAL)
    here = by_key.get(place)
    return {
        "comments": total["comments"] if total else 0,
        "votes": total["agree"] + total["disagree"] if total else 0,
        "unit": unit_key,
        "unit_comments": here["comments"] if here else 0,
        "agree": here["agree"] if here and unit_key is not None else 0,
        "disagree": here["disagree"] if here and unit_key is not None else 0,
    }


async def rows_of(consultation_id: int) -> list[dict]:
    """Every tally row of one consultation (the totals', the whole draft's, each unit's)."""
    return await ConsultationTally.select(
        ConsultationTally.unit_key,
        ConsultationTally.comments,
        ConsultationTally.agree,
        ConsultationTally.disagree,
    ).where(ConsultationTally.consultation == consultation_id)


async def visible_comments() -> dict[int, int]:
    """Each consultation's visible comments (one row per consultation)."""
    rows = await ConsultationTally.select(
        ConsultationTally.consultation, ConsultationTally.comments
    ).where(ConsultationTally.unit_key == TOTAL)
    return {r["consultation"]: r["comments"] for r in rows}
