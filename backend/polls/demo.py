"""The demo congress's polls (``dangbo seed-demo``, idempotent): a third session with three
items, and on them

- a resolution vote on the congress's resolution (open, electronic; in preparation, for the
  presidium to open);
- the election of the delegation to the national congress, 15 from 18 candidates on paper,
  open, with its paper ballots handed out and the counting board's totals entered (for the
  presidium to close);
- the election of the bí thư, one candidate for one seat (on paper; in preparation).

Elections are by secret ballot (Quyết định 190-QĐ/TW, Điều 3): on paper until the secret
electronic mode exists.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from backend import db
from backend.congress.credentials import majority_base
from backend.congress.demo import NAME
from backend.congress.tables import (
    AgendaItemRow,
    BodyMember,
    Congress,
    CongressSessionRow,
    Delegate,
)
from backend.core.clock import LOCAL_TZ, now
from backend.core.services import Services
from backend.polls import counting
from backend.polls.detail import source_counts_json
from backend.polls.tables import Poll, PollCandidateRow, PollParticipation, PollSourceCount
from shared.congress import CongressBody, CredentialStatus, ItemStatus, SessionStatus
from shared.polls import (
    CandidateCount,
    Channel,
    PaperTotals,
    PollKind,
    PollMode,
    PollSource,
    PollStatus,
)

SESSION = "Phiên chính thức thứ hai"
RESOLUTION_ITEM = "Biểu quyết thông qua Nghị quyết Đại hội"
DELEGATION_ITEM = "Bầu đoàn đại biểu dự Đại hội đại biểu toàn quốc lần thứ XIV"
SECRETARY_ITEM = "Bầu Bí thư Tỉnh ủy"
# The 18 candidates for 15 seats: số thẻ and the paper votes they get.
DELEGATION = [
    ("003", 255), ("004", 250), ("005", 248), ("006", 241), ("007", 236), ("008", 230),
    ("009", 226), ("010", 219), ("011", 212), ("012", 205), ("013", 198), ("014", 190),
    ("015", 181), ("016", 172), ("017", 160), ("018", 138), ("019", 120), ("020", 99),
]  # fmt: skip
PAPER_ISSUED = 270
PAPER_INVALID = 4


async def _session_items(congress_id: int, first_day) -> dict[str, int]:
    ordinal = await CongressSessionRow.count().where(CongressSessionRow.congress == congress_id)
    [session] = await CongressSessionRow.insert(
        CongressSessionRow(
            congress=congress_id,
            ordinal=ordinal + 1,
            title=SESSION,
            starts_at=datetime.combine(first_day + timedelta(days=2), time(8), tzinfo=LOCAL_TZ),
            status=SessionStatus.PLANNED.value,
        )
    ).returning(CongressSessionRow.id)
    items = {}
    for number, (title, minutes) in enumerate(
        [(DELEGATION_ITEM, 60), (SECRETARY_ITEM, 30), (RESOLUTION_ITEM, 15)], start=1
    ):
        [row] = await AgendaItemRow.insert(
            AgendaItemRow(
                congress=congress_id,
                session=session["id"],
                ordinal=number,
                title=title,
                presenter="Đoàn Chủ tịch",
                planned_minutes=minutes,
                status=ItemStatus.WAITING.value,
                speaking_open=False,
            )
        ).returning(AgendaItemRow.id)
        items[title] = row["id"]
    return items


async def _poll(congress_id: int, item_id: int, creator: int | None, **values) -> int:
    [row] = await Poll.insert(
        Poll(
            congress=congress_id,
            item=item_id,
            rules="{}",
            created_by=creator,
            created_at=now(),
            **values,
        )
    ).returning(Poll.id)
    return row["id"]


async def _candidates(poll_id: int, people: list[tuple[str, int | None]]) -> list[int]:
    rows = await PollCandidateRow.insert(
        *[
            PollCandidateRow(poll=poll_id, name=name, delegate=delegate, position=i)
            for i, (name, delegate) in enumerate(people, start=1)
        ]
    ).returning(PollCandidateRow.id)
    return [r["id"] for r in rows]


async def _delegation(congress_id: int, item_id: int, chair: int | None, counter: int | None):
    base = await majority_base(congress_id)
    stamp = now()
    poll_id = await _poll(
        congress_id,
        item_id,
        chair,
        kind=PollKind.STRIKE_OUT.value,
        mode=PollMode.PAPER.value,
        title="Bầu đoàn đại biểu dự Đại hội XIV của Đảng (15 đại biểu)",
        seats=15,
        status=PollStatus.OPEN.value,
        base=base,
        opened_at=stamp,
        opened_by=chair,
    )
    codes = [code for code, _ in DELEGATION]
    by_code = {
        d["code"]: d
        for d in await Delegate.select(Delegate.id, Delegate.code, Delegate.full_name).where(
            (Delegate.congress == congress_id) & Delegate.code.is_in(codes)
        )
    }
    ids = await _candidates(poll_id, [(by_code[c]["full_name"], by_code[c]["id"]) for c in codes])
    voters = (
        await Delegate.select(Delegate.id)
        .where(
            (Delegate.congress == congress_id)
            & (Delegate.credential_status == CredentialStatus.ACCEPTED.value)
            & (Delegate.absent_whole.eq(False))
            & (Delegate.kind != "du_khuyet")
        )
        .order_by(Delegate.code)
        .limit(PAPER_ISSUED)
    )
    await PollParticipation.insert(
        *[
            PollParticipation(
                poll=poll_id,
                delegate=v["id"],
                channel=Channel.PAPER.value,
                recorded_by=counter,
                at=stamp,
            )
            for v in voters
        ]
    )
    valid = len(voters) - PAPER_INVALID
    totals = PaperTotals(
        issued=len(voters),
        received=len(voters),
        not_returned=0,
        valid=valid,
        invalid=PAPER_INVALID,
        candidates=[
            CandidateCount(candidate_id=cid, votes=min(votes, valid))
            for cid, (_, votes) in zip(ids, DELEGATION, strict=True)
        ],
    )
    problem = counting.paper_problem(
        PollKind.STRIKE_OUT, totals, ids, 15, counting.DEFAULTS, len(voters)
    )
    assert problem is None, problem
    counted = counting.paper_counts(PollKind.STRIKE_OUT, totals, ids)
    await PollSourceCount.insert(
        PollSourceCount(
            poll=poll_id,
            source=PollSource.PAPER.value,
            issued=counted.issued,
            received=counted.received,
            valid=counted.valid,
            invalid=counted.invalid,
            counts=source_counts_json(counted),
            entered_by=counter,
            entered_at=stamp,
        )
    )


async def _member(congress_id: int, body: CongressBody) -> int | None:
    row = (
        await BodyMember.select(BodyMember.user)
        .where((BodyMember.congress == congress_id) & (BodyMember.body == body.value))
        .order_by(BodyMember.position)
        .first()
    )
    return row["user"] if row else None


async def seed_polls(services: Services) -> dict[str, int]:
    congress = (
        await Congress.select(Congress.id, Congress.starts_on).where(Congress.name == NAME).first()
    )
    if congress is None:
        return {"polls": 0}
    congress_id = congress["id"]
    if await Poll.exists().where(Poll.congress == congress_id):
        return {"polls": 0}
    async with db.transaction():
        items = await _session_items(congress_id, congress["starts_on"])
        chair = await _member(congress_id, CongressBody.PRESIDIUM)
        counter = await _member(congress_id, CongressBody.COUNTING)
        await _poll(
            congress_id,
            items[RESOLUTION_ITEM],
            chair,
            kind=PollKind.RESOLUTION.value,
            mode=PollMode.OPEN.value,
            title="Thông qua Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI",
            seats=1,
            status=PollStatus.PREPARING.value,
        )
        await _delegation(congress_id, items[DELEGATION_ITEM], chair, counter)
        secretary = (
            await Delegate.select(Delegate.id, Delegate.full_name)
            .where((Delegate.congress == congress_id) & (Delegate.code == "002"))
            .first()
        )
        poll_id = await _poll(
            congress_id,
            items[SECRETARY_ITEM],
            chair,
            kind=PollKind.CONFIRM.value,
            mode=PollMode.PAPER.value,
            title="Bầu Bí thư Tỉnh ủy khóa XXI",
            seats=1,
            status=PollStatus.PREPARING.value,
        )
        await _candidates(poll_id, [(secretary["full_name"], secretary["id"])])
    return {"polls": 3}
