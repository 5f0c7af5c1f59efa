"""Loading what the polls' rules judge: a poll of a congress the actor may read, with his
bodies, his delegate row, whether he is present, how he took part, and the poll's state."""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.policy import CongressRecord, may_read
from backend.congress.records import NOT_FOUND as CONGRESS_NOT_FOUND
from backend.congress.records import readable_congress
from backend.congress.tables import Checkin, Congress, CongressSessionRow
from backend.core.problems import Problem
from backend.polls.policy import PollRecord
from backend.polls.tables import (
    Poll,
    PollCandidateRow,
    PollMinutes,
    PollMinutesSignature,
    PollParticipation,
    PollSourceCount,
)
from shared.congress import CongressBody, CongressStatus, CredentialStatus, SessionStatus
from shared.polls import Channel, PollMode, PollSource, PollStatus

NOT_FOUND = "Không tìm thấy cuộc bỏ phiếu này trong đại hội."


async def poll_row(congress_id: int, poll_id: int, *, lock: str = "") -> dict:
    """The poll's row (404 when it is not of this congress). Inside a transaction on
    PostgreSQL, ``lock`` (``"FOR SHARE"`` or ``"FOR UPDATE"``) holds the row until the commit:
    votes share it, closing takes it alone, so no vote lands after the close counted."""
    if lock and db.is_postgres():
        rows = await Poll.raw(
            f'SELECT * FROM "poll" WHERE "id" = {{}} AND "congress" = {{}} {lock}',
            poll_id,
            congress_id,
        )
        row = rows[0] if rows else None
    else:
        row = (
            await Poll.select().where((Poll.id == poll_id) & (Poll.congress == congress_id)).first()
        )
    if row is None:
        raise Problem(404, NOT_FOUND, code="poll_not_found")
    return row


async def open_session_id(congress_id: int) -> int | None:
    """The congress's session now open (đang họp), if any."""
    congress = (
        await Congress.select(Congress.current_session_id).where(Congress.id == congress_id).first()
    )
    session_id = congress["current_session_id"] if congress else None
    if session_id is None:
        return None
    session = (
        await CongressSessionRow.select(CongressSessionRow.status)
        .where(CongressSessionRow.id == session_id)
        .first()
    )
    if session is None or session["status"] != SessionStatus.OPEN.value:
        return None
    return session_id


async def is_present(congress_id: int, delegate_id: int) -> bool:
    """Checked in to the congress's open session."""
    session_id = await open_session_id(congress_id)
    if session_id is None:
        return False
    return await Checkin.exists().where(
        (Checkin.session == session_id) & (Checkin.delegate == delegate_id)
    )


async def participation_of(poll_id: int, delegate_id: int) -> Channel | None:
    row = (
        await PollParticipation.select(PollParticipation.channel)
        .where((PollParticipation.poll == poll_id) & (PollParticipation.delegate == delegate_id))
        .first()
    )
    return Channel(row["channel"]) if row else None


async def paper_entered(poll_id: int) -> bool:
    return await PollSourceCount.exists().where(
        (PollSourceCount.poll == poll_id) & (PollSourceCount.source == PollSource.PAPER.value)
    )


async def candidate_users(poll_id: int) -> set[int]:
    """The accounts of the poll's candidates who are delegates with one."""
    rows = await PollCandidateRow.select(PollCandidateRow.delegate.user).where(
        (PollCandidateRow.poll == poll_id) & PollCandidateRow.delegate.is_not_null()
    )
    return {r["delegate.user"] for r in rows if r["delegate.user"] is not None}


async def record_of(actor: Actor, congress: CongressRecord, row: dict) -> PollRecord:
    """Only what the rules can ask in the poll's state (a vote is the hot path)."""
    poll_id = row["id"]
    delegate_id = congress.delegate_id
    status = PollStatus(row["status"])
    counter = CongressBody.COUNTING in congress.bodies
    closed = status is PollStatus.CLOSED
    return PollRecord(
        congress=congress,
        status=status,
        mode=PollMode(row["mode"]),
        checked_in=(
            delegate_id is not None
            and status is PollStatus.OPEN
            and await is_present(congress.congress_id, delegate_id)
        ),
        participation=(
            await participation_of(poll_id, delegate_id) if delegate_id is not None else None
        ),
        candidate=counter and actor.id in await candidate_users(poll_id),
        paper_entered=status is PollStatus.OPEN and await paper_entered(poll_id),
        signed=closed
        and counter
        and await PollMinutesSignature.exists().where(
            (PollMinutesSignature.poll == poll_id) & (PollMinutesSignature.user == actor.id)
        ),
        minutes_ready=closed and await PollMinutes.exists().where(PollMinutes.poll == poll_id),
    )


# Everything a vote is judged on, in one statement (``vote_record``): the congress, the actor's
# bodies and delegate row in it, the poll, whether he is checked in to the open session, how he
# took part, the paper totals, the candidates, his sign-off and the minutes. A burst of votes
# is bound by its round trips (``docs/performance.md``, "Congress poll burst").
_VOTE_RECORD_SQL = """
SELECT c.id AS congress_id, c.status AS congress_status,
  (SELECT {agg}(b.body, ',') FROM congress_body_member b
    WHERE b.congress = c.id AND b."user" = {{actor}}) AS bodies,
  d.id AS delegate_id, d.credential_status AS credential_status,
  p.id AS poll_id, p.kind AS kind, p.mode AS mode, p.seats AS seats, p.rules AS rules,
  p.status AS status,
  EXISTS (SELECT 1 FROM congress_session s JOIN congress_checkin k ON k.session = s.id
    WHERE s.id = c.current_session_id AND s.status = {{session_open}} AND k.delegate = d.id)
    AS checked_in,
  (SELECT pp.channel FROM poll_participation pp WHERE pp.poll = p.id AND pp.delegate = d.id)
    AS participation,
  EXISTS (SELECT 1 FROM poll_source_count sc WHERE sc.poll = p.id AND sc.source = {{paper}})
    AS paper_entered,
  (SELECT {agg}(CAST(pc.id AS TEXT), ',') FROM poll_candidate pc WHERE pc.poll = p.id)
    AS candidate_ids,
  EXISTS (SELECT 1 FROM poll_candidate pc JOIN congress_delegate cd ON cd.id = pc.delegate
    WHERE pc.poll = p.id AND cd."user" = {{actor}}) AS candidate,
  EXISTS (SELECT 1 FROM poll_minutes_signature ms WHERE ms.poll = p.id AND ms."user" = {{actor}})
    AS signed,
  EXISTS (SELECT 1 FROM poll_minutes m WHERE m.poll = p.id) AS minutes_ready
FROM congress c
LEFT JOIN congress_delegate d ON d.id = (
  SELECT d1.id FROM congress_delegate d1 WHERE d1.congress = c.id AND d1."user" = {{actor}}
  ORDER BY d1.id LIMIT 1)
LEFT JOIN poll p ON p.id = {{poll}} AND p.congress = c.id
WHERE c.id = {{congress}}
"""


def _vote_record_sql() -> str:
    aggregate = "string_agg" if db.is_postgres() else "group_concat"
    sql = _VOTE_RECORD_SQL.format(agg=aggregate)
    # Piccolo's placeholders are positional ``{}``: name them here, fill them in order.
    for name in ("actor", "session_open", "paper", "actor", "actor", "actor", "poll", "congress"):
        sql = sql.replace("{" + name + "}", "{}", 1)
    return sql


async def vote_record(
    actor: Actor, congress_id: int, poll_id: int
) -> tuple[dict, PollRecord, list[int]]:
    """What ``readable_poll`` and ``candidates_of`` give a vote — the poll's row (the columns
    a vote reads), the actor's record on it and the candidates' ids — in one round trip; the
    same answers, the same 404s."""
    rows = await Poll.raw(
        _vote_record_sql(),
        actor.id,
        SessionStatus.OPEN.value,
        PollSource.PAPER.value,
        actor.id,
        actor.id,
        actor.id,
        poll_id,
        congress_id,
    )
    if not rows:
        raise Problem(404, CONGRESS_NOT_FOUND, code="congress_not_found")
    found = rows[0]
    delegate_id = found["delegate_id"]
    congress = CongressRecord(
        congress_id=found["congress_id"],
        status=CongressStatus(found["congress_status"]),
        bodies=frozenset(CongressBody(b) for b in (found["bodies"] or "").split(",") if b),
        delegate_id=delegate_id,
        credential_status=(
            CredentialStatus(found["credential_status"]) if delegate_id is not None else None
        ),
    )
    if not may_read(congress):
        raise Problem(404, CONGRESS_NOT_FOUND, code="congress_not_found")
    if found["poll_id"] is None:
        raise Problem(404, NOT_FOUND, code="poll_not_found")
    row = {
        "id": found["poll_id"],
        "congress": congress_id,
        **{k: found[k] for k in ("kind", "mode", "seats", "rules", "status")},
    }
    status = PollStatus(row["status"])
    counter = CongressBody.COUNTING in congress.bodies
    closed = status is PollStatus.CLOSED
    # The same conditions as ``record_of``: a fact the rules cannot ask in this state is
    # left at its default.
    record = PollRecord(
        congress=congress,
        status=status,
        mode=PollMode(row["mode"]),
        checked_in=(
            delegate_id is not None and status is PollStatus.OPEN and bool(found["checked_in"])
        ),
        participation=(
            Channel(found["participation"]) if found["participation"] is not None else None
        ),
        candidate=counter and bool(found["candidate"]),
        paper_entered=status is PollStatus.OPEN and bool(found["paper_entered"]),
        signed=closed and counter and bool(found["signed"]),
        minutes_ready=closed and bool(found["minutes_ready"]),
    )
    candidates = [int(c) for c in (found["candidate_ids"] or "").split(",") if c]
    return row, record, candidates


async def readable_poll(actor: Actor, congress_id: int, poll_id: int) -> tuple[dict, PollRecord]:
    """The poll and the actor's record on it; 404 for a congress he may not read."""
    _, congress = await readable_congress(actor, congress_id)
    row = await poll_row(congress_id, poll_id)
    return row, await record_of(actor, congress, row)
