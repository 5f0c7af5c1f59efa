"""Reading the delegates of a congress: the list (for the congress's bodies), filtered by
delegation, kind and credential status, paged by a keyset cursor on the số thẻ; one delegate
(for the bodies, and for the delegate himself)."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.congress.policy import POLICY, CongressRecord
from backend.congress.records import readable_congress
from backend.congress.tables import Delegate
from backend.core.convert import to_struct
from backend.core.paging import decode_cursor, encode_cursor, page_of
from backend.core.problems import Problem
from shared.congress import (
    CREDENTIAL_STATUS_LABELS,
    DELEGATE_KIND_LABELS,
    CongressAction,
    CredentialStatus,
    DelegateDetail,
    DelegateEntry,
    DelegateKind,
    DelegatePage,
    DelegateRef,
)

DELEGATE_NOT_FOUND = "Không tìm thấy đại biểu này của đại hội."


def _labels(row: dict) -> dict:
    return {
        "kind_label": DELEGATE_KIND_LABELS[DelegateKind(row["kind"])],
        "credential_label": CREDENTIAL_STATUS_LABELS[CredentialStatus(row["credential_status"])],
        "has_account": row["user"] is not None,
    }


def entry(row: dict) -> DelegateEntry:
    return to_struct(row, DelegateEntry, full_name=row["full_name"], **_labels(row))


async def delegate_row(congress_id: int, delegate_id: int) -> dict:
    row = (
        await Delegate.select(Delegate.all_columns(), Delegate.reviewed_by.full_name.as_alias("rb"))
        .where((Delegate.id == delegate_id) & (Delegate.congress == congress_id))
        .first()
    )
    if row is None:
        raise Problem(404, DELEGATE_NOT_FOUND, code="delegate_not_found")
    return row


async def _ref(congress_id: int, delegate_id: int | None) -> DelegateRef | None:
    if delegate_id is None:
        return None
    row = (
        await Delegate.select(Delegate.id, Delegate.code, Delegate.full_name)
        .where((Delegate.id == delegate_id) & (Delegate.congress == congress_id))
        .first()
    )
    return to_struct(row, DelegateRef) if row else None


async def detail(congress_id: int, row: dict) -> DelegateDetail:
    return to_struct(
        row,
        DelegateDetail,
        **_labels(row),
        sex=row["sex"] or None,
        reviewed_by=row.get("rb") or "",
        replaced_by=await _ref(congress_id, row["replaced_by_id"]),
        replaces=await _ref(congress_id, row["replaces_id"]),
        user_id=row["user"],
    )


def _may_list(actor: Actor, record: CongressRecord) -> None:
    POLICY.require(CongressAction.VIEW_DELEGATES, actor, record)


async def delegates(
    actor: Actor,
    congress_id: int,
    *,
    delegation: str | None = None,
    kind: DelegateKind | None = None,
    status: CredentialStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> DelegatePage:
    _, record = await readable_congress(actor, congress_id)
    _may_list(actor, record)
    where = Delegate.congress == congress_id
    if delegation:
        where &= Delegate.delegation == " ".join(delegation.split())
    if kind is not None:
        where &= Delegate.kind == kind.value
    if status is not None:
        where &= Delegate.credential_status == status.value
    total = await Delegate.count().where(where)
    query = Delegate.select().where(where)
    if cursor:
        code, last_id = decode_cursor(cursor, (str, int))
        query = query.where(
            (Delegate.code > code) | ((Delegate.code == code) & (Delegate.id > last_id))
        )
    rows = await query.order_by(Delegate.code).order_by(Delegate.id).limit(limit + 1)
    page, more = page_of(rows, limit)
    return DelegatePage(
        items=[entry(r) for r in page],
        total=total,
        next_cursor=encode_cursor([page[-1]["code"], page[-1]["id"]]) if more else None,
    )


async def one(actor: Actor, congress_id: int, delegate_id: int) -> DelegateDetail:
    """A delegate: for the congress's bodies, and for the delegate himself (404 to others)."""
    _, record = await readable_congress(actor, congress_id)
    if record.delegate_id != delegate_id:
        if not POLICY.allows(CongressAction.VIEW_DELEGATES, actor, record):
            raise Problem(404, DELEGATE_NOT_FOUND, code="delegate_not_found")
    return await detail(congress_id, await delegate_row(congress_id, delegate_id))
