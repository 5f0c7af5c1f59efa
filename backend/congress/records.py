"""Loading what the congress rules judge: a congress (or one of its agenda items) with the
actor's bodies in it and his delegate row."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.congress.policy import CongressRecord, ItemRecord, may_read
from backend.congress.tables import AgendaItemRow, BodyMember, Congress, Delegate
from backend.core.problems import Problem
from shared.congress import CongressBody, CongressStatus, CredentialStatus, ItemStatus

NOT_FOUND = "Không tìm thấy đại hội, hoặc đồng chí không có quyền xem."
ITEM_NOT_FOUND = "Không tìm thấy nội dung này trong chương trình đại hội."


async def congress_row(congress_id: int) -> dict:
    row = await Congress.select().where(Congress.id == congress_id).first()
    if row is None:
        raise Problem(404, NOT_FOUND, code="congress_not_found")
    return row


async def congress_record(actor: Actor, row: dict) -> CongressRecord:
    bodies = await BodyMember.select(BodyMember.body).where(
        (BodyMember.congress == row["id"]) & (BodyMember.user == actor.id)
    )
    delegate = (
        await Delegate.select(Delegate.id, Delegate.credential_status)
        .where((Delegate.congress == row["id"]) & (Delegate.user == actor.id))
        .first()
    )
    return CongressRecord(
        congress_id=row["id"],
        status=CongressStatus(row["status"]),
        bodies=frozenset(CongressBody(b["body"]) for b in bodies),
        delegate_id=delegate["id"] if delegate else None,
        credential_status=CredentialStatus(delegate["credential_status"]) if delegate else None,
    )


async def readable_congress(actor: Actor, congress_id: int) -> tuple[dict, CongressRecord]:
    """The congress and the actor's record in it; 404 (not 403) for one he may not read, so
    that its existence is not disclosed."""
    row = await congress_row(congress_id)
    record = await congress_record(actor, row)
    if not may_read(record):
        raise Problem(404, NOT_FOUND, code="congress_not_found")
    return row, record


async def item_record(actor: Actor, congress_id: int, item_id: int) -> tuple[dict, ItemRecord]:
    _, record = await readable_congress(actor, congress_id)
    item = (
        await AgendaItemRow.select()
        .where((AgendaItemRow.id == item_id) & (AgendaItemRow.congress == congress_id))
        .first()
    )
    if item is None:
        raise Problem(404, ITEM_NOT_FOUND, code="agenda_item_not_found")
    return item, ItemRecord(
        congress=record,
        status=ItemStatus(item["status"]),
        speaking_open=bool(item["speaking_open"]),
    )
