"""The congress's bodies: the organising committee proposes their members (users by id or
username, each with a title such as "Trưởng ban") and the congress approves the presidium,
the secretariat, the credentials committee and the counting board by a show of hands, which
is recorded here: who proposed, when, and the count.

A new member is told through the notification centre. A count of hands larger than the
official delegates summoned is refused.
"""

from __future__ import annotations

import json

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.congress.detail import after_write, voting_summoned
from backend.congress.policy import POLICY
from backend.congress.records import readable_congress
from backend.congress.setup import clean
from backend.congress.tables import BodyApproval, BodyMember
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.notifications.notifier import Notifier
from shared.congress import (
    APPROVED_BODIES,
    CONGRESS_BODY_LABELS,
    ApprovalCount,
    BodyMemberAdd,
    CongressAction,
    CongressBody,
    CongressDetail,
)
from shared.notifications import NotificationKind

A = CongressAction


def link(congress_id: int) -> str:
    return f"/dai-hoi/{congress_id}"


async def _user(data: BodyMemberAdd) -> dict:
    if (data.user_id is None) == (not data.username):
        raise Problem(
            422, "Hãy chọn một người: theo mã người dùng hoặc tên đăng nhập.", code="which_user"
        )
    query = User.select(User.id, User.full_name, User.is_active)
    if data.user_id is not None:
        row = await query.where(User.id == data.user_id).first()
    else:
        row = await query.where(User.username == data.username.strip()).first()
    if row is None:
        raise Problem(422, "Không tìm thấy tài khoản này.", code="user_not_found")
    return row


class Bodies:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def add_member(
        self, actor: Actor, congress_id: int, body: CongressBody, data: BodyMemberAdd
    ) -> CongressDetail:
        row, record = await readable_congress(actor, congress_id)
        POLICY.require(A.ASSIGN_BODIES, actor, record)
        user = await _user(data)
        title = clean(data.title) or "Thành viên"
        stamp = now()
        async with db.transaction():
            if await BodyMember.exists().where(
                (BodyMember.congress == congress_id)
                & (BodyMember.body == body.value)
                & (BodyMember.user == user["id"])
            ):
                raise Problem(
                    409,
                    f"Đồng chí {user['full_name']} đã có trong {CONGRESS_BODY_LABELS[body]}.",
                    code="already_member",
                )
            count = await BodyMember.count().where(
                (BodyMember.congress == congress_id) & (BodyMember.body == body.value)
            )
            await BodyMember.insert(
                BodyMember(
                    congress=congress_id,
                    body=body.value,
                    user=user["id"],
                    title=title,
                    position=count + 1,
                    added_by=actor.id,
                    added_at=stamp,
                )
            )
            await TIMELINE.record(
                congress_id, actor, "body_member_added", {"body": body.value, "user": user["id"]}
            )
            await self.notifier.notify(
                [user["id"]],
                kind=NotificationKind.DAI_HOI,
                title=f"Đồng chí được phân công vào {CONGRESS_BODY_LABELS[body]}",
                body=f"{row['name']} — {title}",
                link=link(congress_id),
            )
        return await after_write(actor, congress_id)

    async def remove_member(
        self, actor: Actor, congress_id: int, body: CongressBody, user_id: int
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.ASSIGN_BODIES, actor, record)
        where = (
            (BodyMember.congress == congress_id)
            & (BodyMember.body == body.value)
            & (BodyMember.user == user_id)
        )
        if not await BodyMember.exists().where(where):
            raise Problem(
                404,
                f"Người này không có trong {CONGRESS_BODY_LABELS[body]}.",
                code="not_a_member",
            )
        if (
            body is CongressBody.ORGANISING
            and await BodyMember.count().where(
                (BodyMember.congress == congress_id) & (BodyMember.body == body.value)
            )
            == 1
        ):
            raise Problem(
                409,
                "Ban Tổ chức đại hội phải còn ít nhất một thành viên.",
                code="last_organiser",
            )
        async with db.transaction():
            await BodyMember.delete().where(where)
            await TIMELINE.record(
                congress_id, actor, "body_member_removed", {"body": body.value, "user": user_id}
            )
        return await after_write(actor, congress_id)

    async def record_approval(
        self, actor: Actor, congress_id: int, body: CongressBody, data: ApprovalCount
    ) -> CongressDetail:
        """The congress approved the body's members as they stand, by a show of hands."""
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.RECORD_APPROVAL, actor, record)
        if body not in APPROVED_BODIES:
            raise Problem(
                422,
                f"{CONGRESS_BODY_LABELS[body]} không do đại hội biểu quyết thông qua.",
                code="not_approved_by_congress",
            )
        members = await (
            BodyMember.select(BodyMember.user, BodyMember.added_by, BodyMember.added_at)
            .where((BodyMember.congress == congress_id) & (BodyMember.body == body.value))
            .order_by(BodyMember.added_at, ascending=False)
        )
        if not members:
            raise Problem(
                409,
                f"{CONGRESS_BODY_LABELS[body]} chưa có thành viên nào được đề xuất.",
                code="no_members",
            )
        summoned = await voting_summoned(congress_id)
        hands = data.votes_for + data.votes_against + data.abstentions
        if hands > summoned:
            raise Problem(
                422,
                f"Tổng số biểu quyết ({hands}) lớn hơn số đại biểu chính thức được triệu tập "
                f"({summoned}).",
                code="count_too_large",
            )
        if data.votes_for == 0:
            raise Problem(422, "Chưa có phiếu tán thành nào.", code="no_votes_for")
        # The proposal is the list as it stands: proposed by whoever completed it, then.
        latest = members[0]
        stamp = now()
        async with db.transaction():
            await BodyApproval.insert(
                BodyApproval(
                    congress=congress_id,
                    body=body.value,
                    members=json.dumps(sorted(m["user"] for m in members)),
                    proposed_by=latest["added_by"],
                    proposed_at=latest["added_at"],
                    votes_for=data.votes_for,
                    votes_against=data.votes_against,
                    abstentions=data.abstentions,
                    recorded_by=actor.id,
                    recorded_at=stamp,
                )
            )
            await TIMELINE.record(
                congress_id,
                actor,
                "body_approved",
                {
                    "body": body.value,
                    "for": data.votes_for,
                    "against": data.votes_against,
                    "abstentions": data.abstentions,
                },
            )
        return await after_write(actor, congress_id)
