"""The live counts of a consultation on the event stream ``consultation:{id}``.

Each comment, withdrawal, hiding, restoring and vote appends ``counts.changed`` inside its
transaction (``EventLog.append``) and announces it after the commit. The data is small: the
consultation's totals and the counts of the unit that changed (``unit`` is null for a comment
on the whole draft); a client that needs every unit reads ``GET /api/consultations/{id}``.
Anyone who may read the consultation may follow its stream.
"""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.consultations.consulting import readable
from backend.consultations.tables import Comment, UnitVote
from backend.core.problems import Problem
from backend.events.log import EventLog
from shared.consultations import CommentStatus, VoteChoice

STREAM = "consultation"
COUNTS_CHANGED = "counts.changed"


def stream_of(consultation_id: int) -> str:
    return f"{STREAM}:{consultation_id}"


async def _unit_counts(consultation_id: int, unit_key: str | None) -> dict:
    visible = (Comment.consultation == consultation_id) & (
        Comment.status == CommentStatus.VISIBLE.value
    )
    total = await Comment.count().where(visible)
    on_unit = await Comment.count().where(
        visible & (Comment.unit_key.is_null() if unit_key is None else Comment.unit_key == unit_key)
    )
    votes = await UnitVote.count().where(UnitVote.consultation == consultation_id)
    agree = disagree = 0
    if unit_key is not None:
        for r in await UnitVote.raw(
            'SELECT "choice", COUNT(*) AS "n" FROM "unit_vote" WHERE "consultation" = {} '
            'AND "unit_key" = {} GROUP BY "choice"',
            consultation_id,
            unit_key,
        ):
            if r["choice"] == VoteChoice.AGREE.value:
                agree = r["n"]
            else:
                disagree = r["n"]
    return {
        "comments": total,
        "votes": votes,
        "unit": unit_key,
        "unit_comments": on_unit,
        "agree": agree,
        "disagree": disagree,
    }


class Live:
    def __init__(self, log: EventLog) -> None:
        self.log = log

    async def changed(self, consultation_id: int, unit_key: str | None) -> None:
        """Inside the caller's transaction."""
        data = await _unit_counts(consultation_id, unit_key)
        await self.log.append(stream_of(consultation_id), COUNTS_CHANGED, data)

    async def announce(self, consultation_id: int) -> None:
        await self.log.announce(stream_of(consultation_id))


async def may_follow(actor: Actor, consultation_id: int) -> bool:
    try:
        await readable(actor, consultation_id)
    except Problem:
        return False
    return True
