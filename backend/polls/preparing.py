"""Preparing a poll (the presidium or the organising committee): on an agenda item of the
congress, its kind, mode, title, seats, candidates and rule overrides; edited or deleted only
while in preparation. Counting-board members cannot be candidates."""

from __future__ import annotations

import msgspec

from backend import db
from backend.accounts.identity import Actor
from backend.congress.records import readable_congress
from backend.congress.tables import AgendaItemRow, BodyMember, Delegate
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.polls import counting
from backend.polls.detail import detail_of, fresh_row
from backend.polls.policy import POLICY, require_prepare
from backend.polls.records import readable_poll, record_of
from backend.polls.tables import Poll, PollCandidateRow
from shared.congress import CongressBody
from shared.polls import (
    CandidateInput,
    PollAction,
    PollCreate,
    PollDetail,
    PollKind,
    PollRules,
    PollStatus,
    PollUpdate,
)


def _text(value: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise Problem(422, f"Cần ghi {what}.", code="text_required")
    return text


async def _check_candidates(
    congress_id: int, candidates: list[CandidateInput]
) -> list[tuple[str, int | None]]:
    """Names cleaned; each linked delegate is of this congress and not on its counting
    board."""
    found = []
    linked = [c.delegate_id for c in candidates if c.delegate_id is not None]
    if len(set(linked)) != len(linked):
        raise Problem(
            422, "Một đại biểu có tên hai lần trong danh sách.", code="duplicate_candidate"
        )
    rows = {}
    if linked:
        rows = {
            r["id"]: r
            for r in await Delegate.select(Delegate.id, Delegate.user, Delegate.full_name).where(
                (Delegate.congress == congress_id) & Delegate.id.is_in(linked)
            )
        }
    counters = {
        r["user"]
        for r in await BodyMember.select(BodyMember.user).where(
            (BodyMember.congress == congress_id) & (BodyMember.body == CongressBody.COUNTING.value)
        )
    }
    for c in candidates:
        name = _text(c.name, "họ tên ứng cử viên")
        if c.delegate_id is not None:
            row = rows.get(c.delegate_id)
            if row is None:
                raise Problem(
                    422,
                    f"Ứng cử viên {name} không phải đại biểu của đại hội này.",
                    code="unknown_delegate",
                )
            if row["user"] is not None and row["user"] in counters:
                raise Problem(
                    422,
                    f"Đồng chí {row['full_name']} là thành viên Ban Kiểm phiếu, không thể là "
                    "ứng cử viên trong cuộc bầu cử do Ban kiểm phiếu.",
                    code="counter_is_candidate",
                )
        found.append((name, c.delegate_id))
    names = [n.casefold() for n, _ in found]
    if len(set(names)) != len(names):
        raise Problem(
            422, "Một ứng cử viên có tên hai lần trong danh sách.", code="duplicate_candidate"
        )
    return found


def _check_shape(kind: PollKind, seats: int, candidates: int, rules: PollRules) -> None:
    problem = counting.rules_problem(kind, seats, candidates, counting.rules_from(rules))
    if problem is not None:
        raise Problem(422, problem, code="poll_shape")


async def _write_candidates(poll_id: int, candidates: list[tuple[str, int | None]]) -> None:
    await PollCandidateRow.delete().where(PollCandidateRow.poll == poll_id)
    if candidates:
        await PollCandidateRow.insert(
            *[
                PollCandidateRow(poll=poll_id, name=name, delegate=delegate, position=i)
                for i, (name, delegate) in enumerate(candidates, start=1)
            ]
        )


def _rules_json(rules: PollRules) -> str:
    return msgspec.json.encode(
        {k: v for k, v in msgspec.structs.asdict(rules).items() if v is not None}
    ).decode()


class Preparing:
    async def create(self, actor: Actor, congress_id: int, data: PollCreate) -> PollDetail:
        _, congress = await readable_congress(actor, congress_id)
        require_prepare(actor, congress)
        item = (
            await AgendaItemRow.select(AgendaItemRow.id)
            .where((AgendaItemRow.id == data.item_id) & (AgendaItemRow.congress == congress_id))
            .first()
        )
        if item is None:
            raise Problem(
                404,
                "Không tìm thấy nội dung này trong chương trình đại hội.",
                code="agenda_item_not_found",
            )
        title = _text(data.title, "tên cuộc bỏ phiếu")
        _check_shape(data.kind, data.seats, len(data.candidates), data.rules)
        candidates = await _check_candidates(congress_id, data.candidates)
        async with db.transaction():
            [row] = await Poll.insert(
                Poll(
                    congress=congress_id,
                    item=data.item_id,
                    kind=data.kind.value,
                    mode=data.mode.value,
                    title=title,
                    seats=data.seats,
                    rules=_rules_json(data.rules),
                    status=PollStatus.PREPARING.value,
                    created_by=actor.id,
                    created_at=now(),
                )
            ).returning(Poll.id)
            await _write_candidates(row["id"], candidates)
            await TIMELINE.record(
                congress_id, actor, "poll.created", {"poll": row["id"], "title": title}
            )
        poll = await fresh_row(row["id"])
        return await detail_of(actor, poll, await record_of(actor, congress, poll))

    async def update(
        self, actor: Actor, congress_id: int, poll_id: int, data: PollUpdate
    ) -> PollDetail:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.PREPARE, actor, record)
        kind = PollKind(row["kind"])
        title = _text(data.title, "tên cuộc bỏ phiếu") if data.title is not None else row["title"]
        seats = data.seats if data.seats is not None else row["seats"]
        rules = (
            data.rules
            if data.rules is not None
            else msgspec.convert(
                row["rules"]
                if isinstance(row["rules"], dict)
                else msgspec.json.decode(row["rules"]),
                PollRules,
            )
        )
        candidates = None
        if data.candidates is not None:
            candidates = await _check_candidates(congress_id, data.candidates)
            count = len(candidates)
        else:
            count = await PollCandidateRow.count().where(PollCandidateRow.poll == poll_id)
        _check_shape(kind, seats, count, rules)
        async with db.transaction():
            current = await Poll.select(Poll.status).where(Poll.id == poll_id).first()
            if current is None or current["status"] != PollStatus.PREPARING.value:
                raise Problem(409, "Cuộc bỏ phiếu đã mở, không sửa được nữa.", code="poll_open")
            await Poll.update(
                {Poll.title: title, Poll.seats: seats, Poll.rules: _rules_json(rules)}
            ).where(Poll.id == poll_id)
            if candidates is not None:
                await _write_candidates(poll_id, candidates)
            await TIMELINE.record(congress_id, actor, "poll.edited", {"poll": poll_id})
        poll = await fresh_row(poll_id)
        return await detail_of(actor, poll, await record_of(actor, record.congress, poll))

    async def delete(self, actor: Actor, congress_id: int, poll_id: int) -> None:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.PREPARE, actor, record)
        async with db.transaction():
            deleted = (
                await Poll.delete()
                .where((Poll.id == poll_id) & (Poll.status == PollStatus.PREPARING.value))
                .returning(Poll.id)
            )
            if not deleted:
                raise Problem(409, "Cuộc bỏ phiếu đã mở, không xóa được.", code="poll_open")
            await TIMELINE.record(
                congress_id, actor, "poll.deleted", {"poll": poll_id, "title": row["title"]}
            )
