"""The congress's detail answer: its sessions and agenda, documents, bodies with their members
and approval, and what the caller may do; and the list of the caller's congresses."""

from __future__ import annotations

import json

from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.congress.policy import POLICY, CongressRecord
from backend.congress.records import congress_record, readable_congress
from backend.congress.tables import (
    AgendaItemRow,
    BodyApproval,
    BodyMember,
    Congress,
    CongressDocument,
    CongressSessionRow,
    Delegate,
)
from backend.core.convert import to_struct, to_structs
from shared.congress import (
    APPROVED_BODIES,
    CONGRESS_BODY_LABELS,
    CONGRESS_KIND_LABELS,
    CONGRESS_STATUS_LABELS,
    AgendaItem,
    BodyApprovalRecord,
    BodyMemberEntry,
    CongressBody,
    CongressBodyDetail,
    CongressDetail,
    CongressDocumentEntry,
    CongressKind,
    CongressList,
    CongressSession,
    CongressStatus,
    CongressSummary,
    DelegateKind,
)

VOTING_KINDS = (DelegateKind.OFFICIAL.value, DelegateKind.EX_OFFICIO.value)


def _json_list(value) -> list:
    return json.loads(value) if isinstance(value, str) else list(value or [])


async def _summary_row(congress_id: int) -> dict:
    return (
        await Congress.select(
            Congress.all_columns(), Congress.organisation.name.as_alias("organisation_name")
        )
        .where(Congress.id == congress_id)
        .first()
    )


def _summary(row: dict, record: CongressRecord) -> dict:
    return {
        **row,
        "organisation_id": row["organisation"],
        "my_bodies": sorted(record.bodies, key=list(CongressBody).index),
        "my_delegate_id": record.delegate_id,
    }


async def sessions_of(congress_id: int) -> list[CongressSession]:
    sessions = await (
        CongressSessionRow.select()
        .where(CongressSessionRow.congress == congress_id)
        .order_by(CongressSessionRow.ordinal)
        .order_by(CongressSessionRow.id)
    )
    items = await (
        AgendaItemRow.select(AgendaItemRow.all_columns(), AgendaItemRow.session.as_alias("sid"))
        .where(AgendaItemRow.congress == congress_id)
        .order_by(AgendaItemRow.ordinal)
        .order_by(AgendaItemRow.id)
    )
    by_session: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_session.setdefault(item["sid"], []).append(
            to_struct(item, AgendaItem, session_id=item["sid"])
        )
    return [to_struct(s, CongressSession, items=by_session.get(s["id"], [])) for s in sessions]


async def documents_of(congress_id: int) -> list[CongressDocumentEntry]:
    rows = await (
        CongressDocument.select()
        .where(CongressDocument.congress == congress_id)
        .order_by(CongressDocument.position)
        .order_by(CongressDocument.id)
    )
    return to_structs(rows, CongressDocumentEntry)


async def bodies_of(congress_id: int) -> list[CongressBodyDetail]:
    members = await (
        BodyMember.select(
            BodyMember.body,
            BodyMember.user.as_alias("user_id"),
            BodyMember.user.username.as_alias("username"),
            BodyMember.user.full_name.as_alias("full_name"),
            BodyMember.title,
            BodyMember.position,
            BodyMember.added_at,
        )
        .where(BodyMember.congress == congress_id)
        .order_by(BodyMember.position)
        .order_by(BodyMember.id)
    )
    approvals = await (
        BodyApproval.select(
            BodyApproval.all_columns(),
            BodyApproval.proposed_by.full_name.as_alias("proposer"),
            BodyApproval.recorded_by.full_name.as_alias("recorder"),
        )
        .where(BodyApproval.congress == congress_id)
        .order_by(BodyApproval.id)
    )
    latest = {a["body"]: a for a in approvals}  # the last one of each body
    out = []
    for body in CongressBody:
        mine = [m for m in members if m["body"] == body.value]
        approval = latest.get(body.value)
        record = None
        changed = False
        if approval is not None:
            approved = _json_list(approval["members"])
            record = to_struct(
                approval,
                BodyApprovalRecord,
                proposed_by=approval["proposer"] or "",
                recorded_by=approval["recorder"] or "",
                member_ids=approved,
            )
            changed = sorted(approved) != sorted(m["user_id"] for m in mine)
        out.append(
            CongressBodyDetail(
                body=body,
                label=CONGRESS_BODY_LABELS[body],
                needs_approval=body in APPROVED_BODIES,
                members=to_structs(mine, BodyMemberEntry),
                approval=record,
                changed_since_approval=changed,
            )
        )
    return out


async def voting_summoned(congress_id: int) -> int:
    """The official delegates summoned (chính thức and đương nhiên): the most hands a show of
    hands can count."""
    return await Delegate.count().where(
        (Delegate.congress == congress_id) & Delegate.kind.is_in(list(VOTING_KINDS))
    )


async def detail_of(actor: Actor, congress_id: int, record: CongressRecord) -> CongressDetail:
    row = await _summary_row(congress_id)
    kind, status = CongressKind(row["kind"]), CongressStatus(row["status"])
    return to_struct(
        _summary(row, record),
        CongressDetail,
        kind_label=CONGRESS_KIND_LABELS[kind],
        status_label=CONGRESS_STATUS_LABELS[status],
        delegates_summoned=await Delegate.count().where(Delegate.congress == congress_id),
        sessions=await sessions_of(congress_id),
        documents=await documents_of(congress_id),
        bodies=await bodies_of(congress_id),
        actions=POLICY.actions(actor, record),
    )


async def after_write(actor: Actor, congress_id: int) -> CongressDetail:
    _, record = await readable_congress(actor, congress_id)
    return await detail_of(actor, congress_id, record)


async def my_congresses(actor: Actor) -> CongressList:
    """The congresses the actor is a delegate of or sits on a body of, the newest first."""
    in_bodies = await BodyMember.select(BodyMember.congress).where(BodyMember.user == actor.id)
    as_delegate = await Delegate.select(Delegate.congress).where(Delegate.user == actor.id)
    ids = {r["congress"] for r in in_bodies} | {r["congress"] for r in as_delegate}
    if not ids:
        return CongressList(items=[])
    rows = await (
        Congress.select(
            Congress.all_columns(), Congress.organisation.name.as_alias("organisation_name")
        )
        .where(Congress.id.is_in(sorted(ids)))
        .order_by(Congress.starts_on, ascending=False)
        .order_by(Congress.id, ascending=False)
    )
    items = []
    for row in rows:
        record = await congress_record(actor, row)
        items.append(to_struct(_summary(row, record), CongressSummary))
    return CongressList(items=items)


async def user_names(user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(user_ids))
    return {r["id"]: r["full_name"] for r in rows}
