"""Lists of meetings: a chi bộ's, and the caller's own (his chi bộ's and those he runs)."""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.paging import decode_cursor, encode_cursor, page_of
from backend.core.problems import Problem
from backend.meetings.policy import POLICY, oversees
from backend.meetings.records import chi_bo_record
from backend.meetings.tables import Meeting, MeetingInvitation
from backend.members.records import membership_of
from backend.orgs.positions import standing_of
from backend.orgs.services import organisation_struct
from shared.meetings import (
    MEETING_KIND_LABELS,
    MEETING_STATUS_LABELS,
    ChiBoMeetings,
    MeetingKind,
    MeetingPage,
    MeetingStatus,
    MeetingSummary,
    Reply,
)

# A meeting stays "upcoming" for a few hours after it starts (it is going on).
UPCOMING_GRACE = timedelta(hours=6)


def summary(row: dict, my_reply: str | None) -> MeetingSummary:
    kind, status = MeetingKind(row["kind"]), MeetingStatus(row["status"])
    return MeetingSummary(
        id=row["id"],
        organisation_id=row["organisation"],
        organisation_name=row["organisation_name"],
        kind=kind,
        kind_label=MEETING_KIND_LABELS[kind],
        title=row["title"],
        starts_at=row["starts_at"],
        location=row["location"],
        status=status,
        status_label=MEETING_STATUS_LABELS[status],
        my_reply=Reply(my_reply) if my_reply else None,
    )


async def _visible_organisations(actor: Actor) -> set[int]:
    membership = await membership_of(actor.id)
    led = (await standing_of(actor.id)).led()
    return led | ({membership.organisation_id} if membership else set())


async def meetings(
    actor: Actor,
    *,
    organisation_id: int | None,
    upcoming: bool,
    cursor: str | None,
    limit: int,
) -> MeetingPage:
    """Upcoming meetings soonest first, or past ones newest first, keyset-paged."""
    if organisation_id is not None:
        _, record = await chi_bo_record(actor, organisation_id)
        membership = await membership_of(actor.id)
        mine = membership is not None and membership.organisation_id == organisation_id
        if not (mine or oversees(record)):
            raise Problem(
                403, "Bạn không thuộc chi bộ này, không xem được lịch họp.", code="forbidden"
            )
        organisations = {organisation_id}
    else:
        organisations = await _visible_organisations(actor)
    if not organisations:
        return MeetingPage(items=[])
    boundary = now() - UPCOMING_GRACE
    query = Meeting.select(
        Meeting.all_columns(), Meeting.organisation.name.as_alias("organisation_name")
    ).where(Meeting.organisation.is_in(list(organisations)))
    if upcoming:
        query = query.where(
            (Meeting.starts_at >= boundary) & (Meeting.status != MeetingStatus.CANCELLED.value)
        )
    else:
        query = query.where(Meeting.starts_at < boundary)
    if cursor:
        at, last_id = decode_cursor(cursor, (str, int))
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            raise Problem(400, "Con trỏ phân trang không hợp lệ.", code="invalid_cursor") from None
        if upcoming:
            query = query.where(
                (Meeting.starts_at > at) | ((Meeting.starts_at == at) & (Meeting.id > last_id))
            )
        else:
            query = query.where(
                (Meeting.starts_at < at) | ((Meeting.starts_at == at) & (Meeting.id < last_id))
            )
    query = query.order_by(Meeting.starts_at, Meeting.id, ascending=upcoming).limit(limit + 1)
    rows, more = page_of(await query, limit)
    membership = await membership_of(actor.id)
    replies: dict[int, str] = {}
    if membership is not None and rows:
        replies = {
            r["meeting"]: r["reply"]
            for r in await MeetingInvitation.select(
                MeetingInvitation.meeting, MeetingInvitation.reply
            ).where(
                (MeetingInvitation.member == membership.member_id)
                & MeetingInvitation.meeting.is_in([r["id"] for r in rows])
            )
        }
    items = [summary(r, replies.get(r["id"])) for r in rows]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = encode_cursor([last["starts_at"].isoformat(), last["id"]])
    return MeetingPage(items=items, next_cursor=next_cursor)


async def chi_bo(actor: Actor, organisation_id: int) -> ChiBoMeetings:
    """A chi bộ's upcoming meetings and what the caller may do there (schedule, statistics)."""
    _, record = await chi_bo_record(actor, organisation_id)
    page = await meetings(
        actor, organisation_id=organisation_id, upcoming=True, cursor=None, limit=20
    )
    return ChiBoMeetings(
        organisation=await organisation_struct(organisation_id),
        meetings=page.items,
        actions=POLICY.actions(actor, record),
    )
