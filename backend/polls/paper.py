"""Paper ballots (the counting board): a ballot handed to a delegate is a participation row
(``giay``), so he cannot vote electronically as well, nor the reverse; the totals are entered
once the box is counted, checked to add up (``counting.paper_problem``), and become the paper
source of the result. After the totals are in, no more ballots are handed out (the board may
correct the totals until the close)."""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.tables import Delegate
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.polls import counting
from backend.polls.detail import (
    STANDING,
    candidates_of,
    detail_of,
    fresh_row,
    rules_of,
    source_counts_json,
)
from backend.polls.policy import POLICY
from backend.polls.records import is_present, paper_entered, poll_row, readable_poll, record_of
from backend.polls.tables import PollParticipation, PollSourceCount
from backend.polls.voting import TurnoutFeed
from shared.congress import CongressBody
from shared.polls import (
    Channel,
    PaperBallotEntry,
    PaperBallots,
    PaperIssue,
    PaperTotals,
    PollAction,
    PollDetail,
    PollKind,
    PollSource,
    PollStatus,
)


async def _ballots(poll_id: int) -> PaperBallots:
    rows = (
        await PollParticipation.select(
            PollParticipation.delegate,
            PollParticipation.delegate.code,
            PollParticipation.delegate.full_name,
            PollParticipation.at,
        )
        .where(
            (PollParticipation.poll == poll_id) & (PollParticipation.channel == Channel.PAPER.value)
        )
        .order_by(PollParticipation.delegate.code)
    )
    return PaperBallots(
        poll_id=poll_id,
        items=[
            PaperBallotEntry(
                delegate_id=r["delegate"],
                code=r["delegate.code"],
                full_name=r["delegate.full_name"],
                at=r["at"],
            )
            for r in rows
        ],
    )


class Paper:
    def __init__(self, feed: TurnoutFeed) -> None:
        self.feed = feed

    async def ballots(self, actor: Actor, congress_id: int, poll_id: int) -> PaperBallots:
        """The paper ballots handed out (the counting board and the presidium)."""
        _, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.READ, actor, record)
        if not record.congress.bodies.intersection((CongressBody.COUNTING, CongressBody.PRESIDIUM)):
            raise Problem(
                403,
                "Chỉ Ban Kiểm phiếu và Đoàn Chủ tịch được xem danh sách phát phiếu giấy.",
                code="forbidden",
            )
        return await _ballots(poll_id)

    async def issue(
        self, actor: Actor, congress_id: int, poll_id: int, data: PaperIssue
    ) -> PaperBallots:
        _, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.ISSUE_PAPER, actor, record)
        delegate = (
            await Delegate.select(Delegate.id, Delegate.full_name, Delegate.credential_status)
            .where((Delegate.id == data.delegate_id) & (Delegate.congress == congress_id))
            .first()
        )
        if delegate is None:
            raise Problem(
                404, "Không tìm thấy đại biểu này trong đại hội.", code="delegate_not_found"
            )
        name = delegate["full_name"]
        if delegate["credential_status"] in STANDING:
            raise Problem(
                409,
                f"Tư cách đại biểu của đồng chí {name} không được công nhận; không phát phiếu.",
                code="credentials_refused",
            )
        if not await is_present(congress_id, delegate["id"]):
            raise Problem(
                409,
                f"Đồng chí {name} chưa điểm danh vào phiên họp đang diễn ra; chưa phát phiếu.",
                code="not_checked_in",
            )
        async with db.transaction():
            current = await poll_row(congress_id, poll_id, lock="FOR UPDATE")
            if current["status"] != PollStatus.OPEN.value or await paper_entered(poll_id):
                raise Problem(
                    409, "Cuộc bỏ phiếu không còn nhận phát phiếu giấy.", code="paper_closed"
                )
            inserted = (
                await PollParticipation.insert(
                    PollParticipation(
                        poll=poll_id,
                        delegate=delegate["id"],
                        channel=Channel.PAPER.value,
                        recorded_by=actor.id,
                        at=now(),
                    )
                )
                .on_conflict(
                    target=(PollParticipation.poll, PollParticipation.delegate),
                    action="DO NOTHING",
                )
                .returning(PollParticipation.id)
            )
            if not inserted:
                existing = (
                    await PollParticipation.select(PollParticipation.channel)
                    .where(
                        (PollParticipation.poll == poll_id)
                        & (PollParticipation.delegate == delegate["id"])
                    )
                    .first()
                )
                if existing and existing["channel"] == Channel.ELECTRONIC.value:
                    raise Problem(
                        409,
                        f"Đồng chí {name} đã biểu quyết điện tử; không phát phiếu giấy nữa.",
                        code="already_voted",
                    )
                raise Problem(
                    409, f"Đồng chí {name} đã nhận phiếu giấy.", code="paper_ballot_issued"
                )
        self.feed.touch(congress_id, poll_id)
        return await _ballots(poll_id)

    async def enter(
        self, actor: Actor, congress_id: int, poll_id: int, data: PaperTotals
    ) -> PollDetail:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.ENTER_PAPER, actor, record)
        kind = PollKind(row["kind"])
        ids = [c.id for c in await candidates_of(poll_id)]
        rules = rules_of(row)
        async with db.transaction():
            current = await poll_row(congress_id, poll_id, lock="FOR UPDATE")
            if current["status"] != PollStatus.OPEN.value:
                raise Problem(
                    409, "Cuộc bỏ phiếu đã kết thúc, không nhập lại được.", code="poll_closed"
                )
            issued = await PollParticipation.count().where(
                (PollParticipation.poll == poll_id)
                & (PollParticipation.channel == Channel.PAPER.value)
            )
            problem = counting.paper_problem(kind, data, ids, row["seats"], rules, issued)
            if problem is not None:
                raise Problem(422, problem, code="paper_totals_mismatch")
            totals = counting.paper_counts(kind, data, ids)
            await PollSourceCount.delete().where(
                (PollSourceCount.poll == poll_id)
                & (PollSourceCount.source == PollSource.PAPER.value)
            )
            await PollSourceCount.insert(
                PollSourceCount(
                    poll=poll_id,
                    source=PollSource.PAPER.value,
                    issued=totals.issued,
                    received=totals.received,
                    valid=totals.valid,
                    invalid=totals.invalid,
                    counts=source_counts_json(totals),
                    entered_by=actor.id,
                    entered_at=now(),
                )
            )
            await TIMELINE.record(
                congress_id,
                actor,
                "poll.paper_entered",
                {"poll": poll_id, "issued": totals.issued, "valid": totals.valid},
            )
        fresh = await fresh_row(poll_id)
        return await detail_of(actor, fresh, await record_of(actor, record.congress, fresh))
