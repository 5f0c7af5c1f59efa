"""What the polls' answers show: a poll with its candidates, rules, live turnout and the
actor's actions; after close its result (the sum of its sources, judged against the base fixed
at opening), who voted how in the open mode, and the minutes' sign-offs."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.congress.live import stream_of
from backend.congress.records import readable_congress
from backend.congress.tables import AgendaItemRow, BodyMember
from backend.events.log import EventLog
from backend.polls import counting
from backend.polls.policy import POLICY, PollRecord, congress_actions
from backend.polls.records import readable_poll
from backend.polls.tables import (
    Poll,
    PollBallot,
    PollCandidateRow,
    PollMinutes,
    PollMinutesSignature,
    PollSourceCount,
)
from shared.congress import CongressBody, CredentialStatus, SessionStatus
from shared.polls import (
    CandidateCount,
    CandidateMark,
    Channel,
    Mark,
    MinutesSignature,
    MinutesStatus,
    NamedVote,
    PollAction,
    PollCandidate,
    PollDetail,
    PollKind,
    PollList,
    PollMode,
    PollResult,
    PollSource,
    PollStatus,
    PollSummary,
    PollTotals,
    ResolutionChoice,
    SourceCount,
    Turnout,
)

STANDING = (CredentialStatus.REJECTED.value, CredentialStatus.REPLACED.value)


def summary(row: dict, item_title: str) -> PollSummary:
    return PollSummary(
        id=row["id"],
        congress_id=row["congress"],
        item_id=row["item"],
        item_title=item_title,
        kind=PollKind(row["kind"]),
        mode=PollMode(row["mode"]),
        title=row["title"],
        seats=row["seats"],
        status=PollStatus(row["status"]),
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
    )


async def item_titles(item_ids: Sequence[int]) -> dict[int, str]:
    if not item_ids:
        return {}
    rows = await AgendaItemRow.select(AgendaItemRow.id, AgendaItemRow.title).where(
        AgendaItemRow.id.is_in(list(set(item_ids)))
    )
    return {r["id"]: r["title"] for r in rows}


async def candidates_of(poll_id: int) -> list[PollCandidate]:
    rows = (
        await PollCandidateRow.select()
        .where(PollCandidateRow.poll == poll_id)
        .order_by(PollCandidateRow.position)
        .order_by(PollCandidateRow.id)
    )
    return [
        PollCandidate(id=r["id"], name=r["name"], position=r["position"], delegate_id=r["delegate"])
        for r in rows
    ]


# The turnout counted in the database, in one statement: the delegates checked in to the
# congress's open session whose credentials stand, and the participations by channel (the
# live turnout is read after every burst of votes; no row per vote is brought back).
_TURNOUT_SQL = """
SELECT
  (SELECT COUNT(*) FROM congress_checkin k JOIN congress_delegate d ON d.id = k.delegate
    WHERE k.session = (SELECT s.id FROM congress c JOIN congress_session s
                         ON s.id = c.current_session_id
                       WHERE c.id = {} AND s.status = {})
      AND d.credential_status NOT IN ({}, {})) AS eligible,
  (SELECT COUNT(*) FROM poll_participation WHERE poll = {}) AS voted,
  (SELECT COUNT(*) FROM poll_participation WHERE poll = {} AND channel = {}) AS electronic
"""


async def turnout_of(row: dict) -> Turnout:
    """Who may vote now (credentials standing, checked in to the open session) and how many
    took part, by channel; never how."""
    [counts] = await Poll.raw(
        _TURNOUT_SQL,
        row["congress"],
        SessionStatus.OPEN.value,
        *STANDING,
        row["id"],
        row["id"],
        Channel.ELECTRONIC.value,
    )
    voted, electronic = int(counts["voted"]), int(counts["electronic"])
    return Turnout(
        poll_id=row["id"],
        eligible=int(counts["eligible"]),
        voted=voted,
        electronic=electronic,
        paper=voted - electronic,
        base=row["base"],
    )


def _totals(r: dict) -> PollTotals:
    counts = r["counts"] if isinstance(r["counts"], dict) else msgspec.json.decode(r["counts"])
    return PollTotals(
        issued=r["issued"],
        received=r["received"],
        valid=r["valid"],
        invalid=r["invalid"],
        choices=counts.get("choices", {}),
        candidates=msgspec.convert(counts.get("candidates", []), list[CandidateCount]),
    )


def source_counts_json(totals: PollTotals) -> str:
    return msgspec.json.encode(
        {"choices": totals.choices, "candidates": msgspec.to_builtins(totals.candidates)}
    ).decode()


async def sources_of(poll_id: int) -> list[SourceCount]:
    rows = (
        await PollSourceCount.select(
            *PollSourceCount.all_columns(), PollSourceCount.entered_by.full_name
        )
        .where(PollSourceCount.poll == poll_id)
        .order_by(PollSourceCount.source)
    )
    order = list(PollSource)
    found = []
    for r in rows:
        totals = _totals(r)
        found.append(
            SourceCount(
                **msgspec.structs.asdict(totals),
                source=PollSource(r["source"]),
                entered_by=r["entered_by.full_name"],
                entered_at=r["entered_at"],
            )
        )
    return sorted(found, key=lambda s: order.index(s.source))


def result_of(row: dict, candidates: list[PollCandidate], sources: list[SourceCount]) -> PollResult:
    """The sum of the sources judged against the poll's base."""
    kind = PollKind(row["kind"])
    rules = counting.rules_from(_rules_json(row))
    ids = [c.id for c in candidates]
    total = counting.add_sources(kind, sources, ids)
    base = row["base"] or 0
    judged = counting.judge(
        kind, total, base, row["seats"], [(c.id, c.name) for c in candidates], rules
    )
    return PollResult(
        base=base,
        majority=judged.majority,
        sources=sources,
        total=total,
        choices=judged.choices,
        passed=judged.passed,
        candidates=judged.candidates,
        elected=judged.elected,
        ties=judged.ties,
        seats_filled=len(judged.elected),
        another_round=judged.another_round,
    )


def _rules_json(row: dict) -> dict:
    rules = row["rules"]
    return rules if isinstance(rules, dict) else msgspec.json.decode(rules or "{}")


def rules_of(row: dict) -> counting.Rules:
    return counting.rules_from(_rules_json(row))


async def named_votes(poll_id: int) -> list[NamedVote]:
    rows = (
        await PollBallot.select(
            PollBallot.delegate,
            PollBallot.delegate.code,
            PollBallot.delegate.full_name,
            PollBallot.choices,
            PollBallot.at,
        )
        .where(PollBallot.poll == poll_id)
        .order_by(PollBallot.delegate.code)
    )
    found = []
    for r in rows:
        choices = (
            r["choices"] if isinstance(r["choices"], dict) else msgspec.json.decode(r["choices"])
        )
        found.append(
            NamedVote(
                delegate_id=r["delegate"],
                code=r["delegate.code"] or "",
                full_name=r["delegate.full_name"] or "",
                choice=ResolutionChoice(choices["choice"]) if "choice" in choices else None,
                kept=choices.get("kept"),
                marks=(
                    [
                        CandidateMark(candidate_id=int(c), mark=Mark(m))
                        for c, m in choices["marks"].items()
                    ]
                    if "marks" in choices
                    else None
                ),
                at=r["at"],
            )
        )
    return found


async def minutes_of(congress_id: int, poll_id: int) -> MinutesStatus:
    minutes = await PollMinutes.select().where(PollMinutes.poll == poll_id).first()
    signatures = (
        await PollMinutesSignature.select(
            PollMinutesSignature.user,
            PollMinutesSignature.user.full_name,
            PollMinutesSignature.signed_at,
        )
        .where(PollMinutesSignature.poll == poll_id)
        .order_by(PollMinutesSignature.signed_at)
    )
    board = await BodyMember.count().where(
        (BodyMember.congress == congress_id) & (BodyMember.body == CongressBody.COUNTING.value)
    )
    return MinutesStatus(
        generated_at=minutes["generated_at"] if minutes else None,
        sha256=minutes["sha256"] if minutes else None,
        signatures=[
            MinutesSignature(
                user_id=s["user"], full_name=s["user.full_name"] or "", signed_at=s["signed_at"]
            )
            for s in signatures
        ],
        signers_expected=board,
    )


async def _name(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    row = await User.select(User.full_name).where(User.id == user_id).first()
    return row["full_name"] if row else None


async def detail_of(actor: Actor, row: dict, record: PollRecord) -> PollDetail:
    titles = await item_titles([row["item"]])
    candidates = await candidates_of(row["id"])
    kind = PollKind(row["kind"])
    closed = row["status"] == PollStatus.CLOSED.value
    result = None
    named = None
    minutes = None
    paper = record.paper_entered
    if closed:
        sources = await sources_of(row["id"])
        paper = any(s.source is PollSource.PAPER for s in sources)
        result = result_of(row, candidates, sources)
        if row["mode"] == PollMode.OPEN.value:
            named = await named_votes(row["id"])
        minutes = await minutes_of(row["congress"], row["id"])
    return PollDetail(
        **msgspec.structs.asdict(summary(row, titles.get(row["item"], ""))),
        candidates=candidates,
        rules=counting.rule_entries(kind, row["seats"], rules_of(row)),
        base=row["base"],
        turnout=await turnout_of(row),
        my_participation=record.participation,
        paper_entered=paper,
        result=result,
        named_votes=named,
        minutes=minutes,
        opened_by=await _name(row["opened_by"]),
        closed_by=await _name(row["closed_by"]),
        actions=POLICY.actions(actor, record),
    )


async def fresh_row(poll_id: int) -> dict:
    row = await Poll.select().where(Poll.id == poll_id).first()
    assert row is not None
    return row


async def list_of(actor: Actor, events: EventLog, congress_id: int) -> PollList:
    """The congress's polls, in agenda order then by creation, and the stream's position
    they were read at (``EventLog.read_at``)."""

    async def polls() -> PollList:
        _, congress = await readable_congress(actor, congress_id)
        rows = await Poll.select().where(Poll.congress == congress_id).order_by(Poll.id)
        titles = await item_titles([r["item"] for r in rows])
        return PollList(
            items=[summary(r, titles.get(r["item"], "")) for r in rows],
            actions=congress_actions(actor, congress),
        )

    last_event_id, found = await events.read_at(stream_of(congress_id), polls)
    return msgspec.structs.replace(found, last_event_id=last_event_id)


async def read(actor: Actor, events: EventLog, congress_id: int, poll_id: int) -> PollDetail:
    """The poll, and the stream's position it was read at (``EventLog.read_at``)."""

    async def poll() -> PollDetail:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.READ, actor, record)
        return await detail_of(actor, row, record)

    last_event_id, found = await events.read_at(stream_of(congress_id), poll)
    return msgspec.structs.replace(found, last_event_id=last_event_id)


async def result(actor: Actor, congress_id: int, poll_id: int) -> PollResult:
    """Only after close (409 before: the turnout is all there is)."""
    row, record = await readable_poll(actor, congress_id, poll_id)
    POLICY.require(PollAction.VIEW_RESULT, actor, record)
    return result_of(row, await candidates_of(poll_id), await sources_of(poll_id))
