"""Opening and closing a poll (the presidium).

Opening fixes the base (the congress's majority base, or the poll's override), appends
``poll.opened`` to ``congress:{id}`` and notifies the delegates urgently (quiet hours do not
hold a poll back). Closing takes the poll's row alone (votes hold it shared, so none lands
after the count), counts the electronic ballots into their source, and appends
``poll.closed`` with the result: the sum of the sources. A poll with paper ballots handed out
closes only once the counting board has entered their totals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import msgspec

from backend import db
from backend.accounts.identity import Actor
from backend.congress.credentials import majority_base
from backend.congress.live import event_data, stream_of
from backend.congress.tables import Delegate
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.log import EventLog
from backend.notifications.notifier import Notifier
from backend.polls import counting
from backend.polls.detail import (
    STANDING,
    candidates_of,
    detail_of,
    fresh_row,
    item_titles,
    result_of,
    rules_of,
    source_counts_json,
    sources_of,
    summary,
)
from backend.polls.minutes import Minutes
from backend.polls.policy import POLICY
from backend.polls.records import paper_entered, poll_row, readable_poll, record_of
from backend.polls.tables import Poll, PollBallot, PollParticipation, PollSourceCount
from shared.notifications import NotificationKind
from shared.polls import (
    POLL_KIND_LABELS,
    Channel,
    PollAction,
    PollDetail,
    PollKind,
    PollMode,
    PollSource,
    PollStatus,
)


def poll_link(congress_id: int, poll_id: int) -> str:
    return f"/dai-hoi/{congress_id}/bieu-quyet/{poll_id}"


class SecretKeyGate:
    """Whether a secret poll's election key is ready. The ballots domain (after this one in
    the list) registers its check; without one, no secret poll opens."""

    def __init__(self) -> None:
        self._check: Callable[[int], Awaitable[bool]] | None = None
        self._freeze: Callable[[int], Awaitable[None]] | None = None

    def register(self, check: Callable[[int], Awaitable[bool]]) -> None:
        self._check = check

    def register_freeze(self, freeze: Callable[[int], Awaitable[None]]) -> None:
        """The ballots domain freezes a secret poll's board inside the close's transaction."""
        self._freeze = freeze

    async def freeze(self, poll_id: int) -> None:
        if self._freeze is not None:
            await self._freeze(poll_id)

    async def ready(self, poll_id: int) -> bool:
        return self._check is not None and await self._check(poll_id)


class Window:
    def __init__(
        self,
        events: EventLog,
        notifier: Notifier,
        minutes: Minutes | None = None,
        secret_keys: SecretKeyGate | None = None,
    ) -> None:
        self.events = events
        self.notifier = notifier
        self.minutes = minutes  # the biên bản kiểm phiếu, generated at close
        self.secret_keys = secret_keys or SecretKeyGate()

    async def open(self, actor: Actor, congress_id: int, poll_id: int) -> PollDetail:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.OPEN, actor, record)
        if row["mode"] == PollMode.SECRET.value and not await self.secret_keys.ready(poll_id):
            raise Problem(
                409,
                "Ban Kiểm phiếu chưa hoàn tất lễ tạo khóa cho cuộc bỏ phiếu kín này; chưa mở "
                "được cuộc bỏ phiếu.",
                code="key_not_ready",
            )
        title = (await item_titles([row["item"]])).get(row["item"], "")
        base = counting.effective_base(await majority_base(congress_id), rules_of(row))
        if base <= 0:
            raise Problem(
                409,
                "Đại hội chưa có đại biểu chính thức được triệu tập nên chưa có cơ số để tính "
                "tỷ lệ; chưa mở được cuộc bỏ phiếu.",
                code="no_base",
            )
        voters = [
            r["user"]
            for r in await Delegate.select(Delegate.user).where(
                (Delegate.congress == congress_id)
                & Delegate.user.is_not_null()
                & Delegate.credential_status.not_in(list(STANDING))
            )
        ]
        stamp = now()
        async with db.transaction():
            current = await poll_row(congress_id, poll_id, lock="FOR UPDATE")
            if current["status"] != PollStatus.PREPARING.value:
                raise Problem(409, "Cuộc bỏ phiếu đã được mở.", code="poll_open")
            await Poll.update(
                {
                    Poll.status: PollStatus.OPEN.value,
                    Poll.base: base,
                    Poll.opened_at: stamp,
                    Poll.opened_by: actor.id,
                }
            ).where(Poll.id == poll_id)
            opened = await fresh_row(poll_id)
            await TIMELINE.record(
                congress_id, actor, "poll.opened", {"poll": poll_id, "base": base}
            )
            await self.events.append(
                stream_of(congress_id),
                "poll.opened",
                {"poll": event_data(summary(opened, title)), "base": base},
            )
            kind = POLL_KIND_LABELS[PollKind(row["kind"])]
            await self.notifier.notify(
                voters,
                kind=NotificationKind.DAI_HOI,
                title=f"Bắt đầu {kind.lower()}",
                body=row["title"],
                link=poll_link(congress_id, poll_id),
                urgent=True,
            )
        await self.events.announce(stream_of(congress_id))
        return await detail_of(actor, opened, await record_of(actor, record.congress, opened))

    async def close(self, actor: Actor, congress_id: int, poll_id: int) -> PollDetail:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.CLOSE, actor, record)
        title = (await item_titles([row["item"]])).get(row["item"], "")
        kind = PollKind(row["kind"])
        candidates = await candidates_of(poll_id)
        stamp = now()
        async with db.transaction():
            current = await poll_row(congress_id, poll_id, lock="FOR UPDATE")
            if current["status"] != PollStatus.OPEN.value:
                raise Problem(409, "Cuộc bỏ phiếu không còn mở.", code="poll_closed")
            paper = await PollParticipation.count().where(
                (PollParticipation.poll == poll_id)
                & (PollParticipation.channel == Channel.PAPER.value)
            )
            needs_paper = paper > 0 or row["mode"] == PollMode.PAPER.value
            if needs_paper and not await paper_entered(poll_id):
                raise Problem(
                    409,
                    "Ban Kiểm phiếu chưa nhập kết quả phiếu giấy; chưa kết thúc được cuộc bỏ "
                    "phiếu.",
                    code="paper_missing",
                )
            if row["mode"] == PollMode.OPEN.value:
                ballots = await PollBallot.select(PollBallot.choices).where(
                    PollBallot.poll == poll_id
                )
                totals = counting.count_ballots(
                    kind,
                    (
                        b["choices"]
                        if isinstance(b["choices"], dict)
                        else msgspec.json.decode(b["choices"])
                        for b in ballots
                    ),
                    [c.id for c in candidates],
                )
                await PollSourceCount.insert(
                    PollSourceCount(
                        poll=poll_id,
                        source=PollSource.ELECTRONIC.value,
                        issued=totals.issued,
                        received=totals.received,
                        valid=totals.valid,
                        invalid=totals.invalid,
                        counts=source_counts_json(totals),
                        entered_by=None,
                        entered_at=stamp,
                    )
                )
            if row["mode"] == PollMode.SECRET.value:
                # No ballot lands after this: casts hold the poll's row shared.
                await self.secret_keys.freeze(poll_id)
            await Poll.update(
                {
                    Poll.status: PollStatus.CLOSED.value,
                    Poll.closed_at: stamp,
                    Poll.closed_by: actor.id,
                }
            ).where(Poll.id == poll_id)
            closed = await fresh_row(poll_id)
            result = result_of(closed, candidates, await sources_of(poll_id))
            await TIMELINE.record(
                congress_id,
                actor,
                "poll.closed",
                {"poll": poll_id, "elected": result.elected, "passed": result.passed},
            )
            await self.events.append(
                stream_of(congress_id),
                "poll.closed",
                {"poll": event_data(summary(closed, title)), "result": event_data(result)},
            )
        await self.events.announce(stream_of(congress_id))
        if self.minutes is not None:
            await self.minutes.generate_after_close(congress_id, poll_id)
        return await detail_of(actor, closed, await record_of(actor, record.congress, closed))
