"""The board of a secret poll: frozen at close, inside the close's transaction, before
anyone decrypts; then published (docs/ballots.md "The board").

The frozen board holds the poll's context and its hash, the key (K, k, the members' public
parts, the ceremony's fingerprint), the hash of the ballot scripts, every encrypted ballot with
its tracker (sorted by tracker, not by time), the names of the delegates who voted
electronically (sorted by name, with no link to the ballots) and the sums per ballot position.
Its hash binds every partial decryption. The published document adds the partial
decryptions, the counts once combined, the paper figures and the result."""

from __future__ import annotations

import msgspec

from backend.accounts.identity import Actor
from backend.ballots.board_document import SCHEMA, board_hash, canonical, script_hash, sums_of
from backend.ballots.board_tables import SecretBallot, SecretBoard, SecretPartial
from backend.ballots.figures import electronic_totals, judged
from backend.ballots.keys import ready_key
from backend.ballots.policy import POLICY, TallyRecord
from backend.ballots.poll_context import context_of, the_key, trustee_parts
from backend.ballots.records import json_value
from backend.congress.policy import CongressRecord
from backend.core.clock import now
from backend.polls.detail import candidates_of, fresh_row, sources_of
from backend.polls.records import readable_poll
from backend.polls.tables import PollParticipation
from shared.ballots import BallotAction, TrackerLookup
from shared.polls import Channel, PollKind, PollSource, PollStatus


async def _voters(poll_id: int) -> list[str]:
    rows = await PollParticipation.select(PollParticipation.delegate.full_name).where(
        (PollParticipation.poll == poll_id)
        & (PollParticipation.channel == Channel.ELECTRONIC.value)
    )
    return sorted(r["delegate.full_name"] for r in rows)


async def freeze(poll_id: int) -> None:
    """Called by the polls' close, in its transaction, once the poll's row is held alone."""
    poll = await fresh_row(poll_id)
    key = await the_key(poll_id)
    context = await context_of(poll, key)
    rows = (
        await SecretBallot.select(SecretBallot.tracker, SecretBallot.ballot)
        .where(SecretBallot.poll == poll_id)
        .order_by(SecretBallot.tracker)
    )
    ballots = [{"tracker": r["tracker"], "ballot": json_value(r["ballot"])} for r in rows]
    document = {
        "schema": SCHEMA,
        "context": context.to_json(),
        "context_hash": context.hash.hex(),
        "key": {
            "public_key": key.public_key.hex(),
            "threshold": key.threshold,
            "trustees": [
                {"x": x, "public": public.hex()} for x, public in sorted(trustee_parts(key).items())
            ],
            "fingerprint": key.fingerprint,
        },
        "ballot_script_sha256": script_hash(),
        "ballots": ballots,
        "voters": await _voters(poll_id),
        "sums": sums_of(context, [b["ballot"] for b in ballots]),
    }
    await SecretBoard.insert(
        SecretBoard(
            poll=poll_id,
            document=canonical(document).decode(),
            board_hash=board_hash(document).hex(),
            frozen_at=now(),
        )
    )


async def board_row(poll_id: int) -> dict | None:
    return await SecretBoard.select().where(SecretBoard.poll == poll_id).first()


async def tally_record(actor: Actor, congress: CongressRecord, poll: dict) -> TallyRecord:
    board = await board_row(poll["id"])
    member = None
    decrypted = False
    key = await ready_key(poll["id"])
    if key is not None:
        member = next((x for x, (user, _) in key.trustees.items() if user == actor.id), None)
    if board is not None:
        decrypted = member is not None and await SecretPartial.exists().where(
            (SecretPartial.poll == poll["id"]) & (SecretPartial.x == member)
        )
    return TallyRecord(
        congress=congress,
        poll_status=PollStatus(poll["status"]),
        frozen=board is not None,
        member=member,
        decrypted=decrypted,
        combined=board is not None and board["combined_at"] is not None,
    )


async def readable_board(
    actor: Actor, congress_id: int, poll_id: int, action: BallotAction
) -> tuple[dict, dict, TallyRecord]:
    poll, record = await readable_poll(actor, congress_id, poll_id)
    tally = await tally_record(actor, record.congress, poll)
    POLICY.require(action, actor, tally)
    board = await board_row(poll_id)
    assert board is not None  # the policy asked for a frozen board
    return poll, board, tally


async def published(actor: Actor, congress_id: int, poll_id: int) -> dict:
    """The public board document (its schema in docs/ballots.md "The board")."""
    poll, board, _ = await readable_board(actor, congress_id, poll_id, BallotAction.READ_BOARD)
    partials = (
        await SecretPartial.select(SecretPartial.partial)
        .where(SecretPartial.poll == poll_id)
        .order_by(SecretPartial.x)
    )
    candidates = await candidates_of(poll_id)
    paper = next((s for s in await sources_of(poll_id) if s.source is PollSource.PAPER), None)
    document = msgspec.json.decode(board["document"])
    counts = json_value(board["counts"]) if board["counts"] is not None else None
    rules = json_value(poll["rules"]) or {}
    result = None
    if counts is not None:
        kind = PollKind(poll["kind"])
        electronic = electronic_totals(
            kind, counts, len(document["ballots"]), [c.id for c in candidates]
        )
        result = judged(
            kind,
            electronic,
            paper,
            poll["base"] or 0,
            poll["seats"],
            [(c.id, c.name) for c in candidates],
            rules,
        )
    return {
        "board": document,
        "board_hash": board["board_hash"],
        "partial_decryptions": [json_value(p["partial"]) for p in partials],
        "counts": counts,
        "poll": {
            "kind": poll["kind"],
            "seats": poll["seats"],
            "base": poll["base"] or 0,
            "rules": rules,
            "candidates": [{"id": c.id, "name": c.name} for c in candidates],
        },
        "paper": _totals_json(paper) if paper is not None else None,
        "result": result,
    }


def _totals_json(source) -> dict:  # noqa: ANN001 — a SourceCount
    data = msgspec.to_builtins(source)
    return {k: data[k] for k in ("issued", "received", "valid", "invalid", "choices", "candidates")}


async def lookup(actor: Actor, congress_id: int, poll_id: int, tracker: str) -> TrackerLookup:
    _, board, _ = await readable_board(actor, congress_id, poll_id, BallotAction.READ_BOARD)
    wanted = tracker.strip().lower()
    # What is published is the frozen board, so that is where the tracker is looked for.
    ballots = msgspec.json.decode(board["document"])["ballots"]
    return TrackerLookup(
        poll_id=poll_id,
        tracker=wanted,
        found=any(b["tracker"] == wanted for b in ballots),
        board_hash=board["board_hash"],
    )
