"""Reading the live counts: the rows of ``consultation_tally`` (one per consultation and
unit, ``''`` the whole draft), which triggers on ``comment`` and ``unit_vote`` keep in the
writing transaction (migration 2026-12-07T09:40). A consultation's totals are the sum of its
rows: at most one per unit, however many comments.
"""

from __future__ import annotations

from backend.consultations.tables import ConsultationTally

WHOLE_DRAFT = ""  # the row of the comments on the whole draft (no unit)


async def unit_counts(consultation_id: int, unit_key: str | None) -> dict:
    """The ``counts.changed`` event's data: the totals and one unit's counts (``unit_key``
    None: the comments on the whole draft). One statement over the consultation's rows."""
    place = WHOLE_DRAFT if unit_key is None else unit_key
    [row] = await ConsultationTally.raw(
        'SELECT SUM("comments") AS "comments", SUM("agree" + "disagree") AS "votes", '
        'SUM(CASE WHEN "unit_key" = {} THEN "comments" ELSE 0 END) AS "unit_comments", '
        'SUM(CASE WHEN "unit_key" = {} THEN "agree" ELSE 0 END) AS "agree", '
        'SUM(CASE WHEN "unit_key" = {} THEN "disagree" ELSE 0 END) AS "disagree" '
        'FROM "consultation_tally" WHERE "consultation" = {}',
        place,
        place,
        place,
        consultation_id,
    )
    return {
        "comments": int(row["comments"] or 0),
        "votes": int(row["votes"] or 0),
        "unit": unit_key,
        "unit_comments": int(row["unit_comments"] or 0),
        "agree": int(row["agree"] or 0) if unit_key is not None else 0,
        "disagree": int(row["disagree"] or 0) if unit_key is not None else 0,
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
    """Each consultation's visible comments."""
    rows = await ConsultationTally.raw(
        'SELECT "consultation", SUM("comments") AS "n" FROM "consultation_tally" '
        'GROUP BY "consultation"'
    )
    return {r["consultation"]: int(r["n"]) for r in rows}
