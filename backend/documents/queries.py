"""Reading documents: one document (its detail, timeline and read receipts), the inbox, the
register, deadlines, search, colleagues, and who may download which file. Only documents the
caller may read are ever shown (:mod:`backend.documents.visibility`)."""

from __future__ import annotations

from datetime import date, timedelta

from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.core.clock import today
from backend.core.convert import to_struct, to_structs
from backend.core.paging import decode_cursor, encode_cursor, page_of
from backend.core.problems import Problem
from backend.documents import timeline as document_timeline
from backend.documents.detail import detail_of
from backend.documents.policy import POLICY
from backend.documents.records import (
    COLUMNS,
    as_date,
    is_overdue,
    permitted,
    readable,
    summary,
)
from backend.documents.tables import Assignment, Document, DocumentFile, ReadReceipt
from backend.documents.transitions import AWAITING_ASSIGNMENT, FINISHED, PROCESSING
from backend.documents.visibility import Visibility, can_read, visibility_sql
from backend.documents.workflow import record_open
from backend.search import services as search
from shared.documents import (
    URGENCY_RANK,
    AssignmentStatus,
    Colleague,
    Deadlines,
    Direction,
    DocumentAction,
    DocumentDetail,
    DocumentPage,
    DocumentStatus,
    DoKhan,
    InboxItem,
    InboxPage,
    ReadReceiptInfo,
    SearchHit,
    SearchPage,
    TimelineEntry,
)

S = DocumentStatus

# ---- one document ----------------------------------------------------------------------------


async def detail(actor: Actor, document_id: int) -> DocumentDetail:
    """The document with its files, assignments, opinions and timeline; records the opening."""
    row = await readable(actor, document_id)
    await record_open(actor, document_id)
    return await detail_of(actor, row)


async def timeline(actor: Actor, document_id: int) -> list[TimelineEntry]:
    await readable(actor, document_id)
    return await document_timeline.entries(document_id)


async def read_receipts(actor: Actor, document_id: int) -> list[ReadReceiptInfo]:
    await permitted(actor, document_id, DocumentAction.RECEIPTS)
    rows = (
        await ReadReceipt.select(
            ReadReceipt.user.as_alias("user_id"),
            ReadReceipt.user.full_name.as_alias("user_name"),
            ReadReceipt.first_opened_at,
            ReadReceipt.last_opened_at,
            ReadReceipt.open_count,
        )
        .where(ReadReceipt.document == document_id)
        .order_by(ReadReceipt.first_opened_at)
    )
    return [to_struct(r, ReadReceiptInfo, user_name=r["user_name"] or "") for r in rows]


async def readable_file(actor: Actor, sha256: str) -> str | None:
    """The file name under which ``actor`` may download blob ``sha256``, or None."""
    rows = await DocumentFile.select(
        DocumentFile.document,
        DocumentFile.filename,
        DocumentFile.document.organisation.as_alias("org_id"),
    ).where(DocumentFile.sha256 == sha256)
    for r in rows:
        if await can_read(actor, r["document"], r["org_id"]):
            return r["filename"]
    return None


# ---- the inbox -------------------------------------------------------------------------------

_INBOX_SELECT = (
    'SELECT a."id" AS assignment_id, a."role", a."status" AS assignment_status, '
    'a."deadline", a."done", a."urgency_rank", a."sort_deadline", '
    'd."id", d."direction", o."code" AS organisation_code, d."ky_hieu", d."loai", '
    'd."co_quan_ban_hanh", d."ngay_ban_hanh", d."trich_yeu", d."do_khan", d."han_xu_ly", '
    'd."status", d."so_den" '
    'FROM assignment a JOIN document d ON d."id" = a."document" '
    'JOIN organisation o ON o."id" = d."organisation" '
)
_DONE_VALUES = {"open": [0], "done": [1], "all": [0, 1]}


def _inbox_item(row: dict) -> InboxItem:
    done = bool(row["done"])
    return to_struct(
        row,
        InboxItem,
        overdue=is_overdue(as_date(row["deadline"]), done),
        document=summary(row),
    )


async def inbox(
    actor: Actor,
    *,
    state: str = "open",
    status: AssignmentStatus | None = None,
    do_khan: DoKhan | None = None,
    direction: Direction | None = None,
    overdue: bool = False,
    cursor: str | None = None,
    limit: int = 20,
    with_total: bool = False,
) -> InboxPage:
    """The actor's assignments: open ones first, then hỏa tốc → thường, then nearest deadline.

    One range scan of the ``assignment_inbox`` index (user, done, urgency_rank, sort_deadline,
    id), paged by keyset: the 300th page costs what the first does. ``with_total`` adds the
    count of the whole list (one more index scan; the badge of a tab asks for it, paging not).
    """
    if overdue:
        done_values = [0]
    elif state in _DONE_VALUES:
        done_values = _DONE_VALUES[state]
    else:
        raise Problem(400, "Tham số view phải là open, done hoặc all.", code="invalid_filter")
    where = ['a."user" = {}']
    args: list = [actor.id]
    if status is not None:
        where.append('a."status" = {}')
        args.append(status.value)
    if do_khan is not None:
        where.append('a."urgency_rank" = {}')
        args.append(URGENCY_RANK[do_khan])
    if direction is not None:
        where.append('a."direction" = {}')
        args.append(direction.value)
    if overdue:
        where.append('a."sort_deadline" < {}')
        args.append(today())
    after = decode_cursor(cursor, (int, int, date, int)) if cursor else None
    # One query per value of "done", each with "done" fixed: the keyset condition is then a
    # row value over the next index columns, which both engines turn into an index range in
    # index order (with "done" inside the row value SQLite sorted the whole range instead).
    rows: list[dict] = []
    for done in done_values:
        if after is not None and done < after[0]:
            continue
        part_where = [*where, 'a."done" = {}']
        part_args = [*args, done]
        if after is not None and done == after[0]:
            part_where.append('(a."urgency_rank", a."sort_deadline", a."id") > ({}, {}, {})')
            part_args += after[1:]
        rows += await Assignment.raw(
            _INBOX_SELECT
            + "WHERE "
            + " AND ".join(part_where)
            + ' ORDER BY a."urgency_rank", a."sort_deadline", a."id" LIMIT {}',
            *part_args,
            limit + 1 - len(rows),
        )
        if len(rows) > limit:
            break
    rows, more = page_of(rows, limit)
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = encode_cursor(
            [
                int(last["done"]),
                int(last["urgency_rank"]),
                as_date(last["sort_deadline"]),
                last["assignment_id"],
            ]
        )
    total = None
    if cursor is None and with_total:
        in_done = " OR ".join('a."done" = {}' for _ in done_values)
        counted = await Assignment.raw(
            f"SELECT COUNT(*) AS n FROM assignment a WHERE {' AND '.join(where)} AND ({in_done})",
            *args,
            *done_values,
        )
        total = int(counted[0]["n"])
    return InboxPage(items=[_inbox_item(r) for r in rows], next_cursor=next_cursor, total=total)


# ---- the register, deadlines, search, colleagues ---------------------------------------------


async def register(
    actor: Actor,
    *,
    direction: Direction,
    status: DocumentStatus | None = None,
    cursor: str | None = None,
    limit: int = 30,
) -> DocumentPage:
    """Sổ văn bản of the actor's organisation (văn thư and lãnh đạo only), newest first."""
    POLICY.require(DocumentAction.VIEW_REGISTER, actor, None)
    query = Document.select(*COLUMNS).where(
        (Document.organisation == actor.organisation_id) & (Document.direction == direction.value)
    )
    if status is not None:
        query = query.where(Document.status == status.value)
    if cursor:
        (last_id,) = decode_cursor(cursor, (int,))
        query = query.where(Document.id < last_id)
    rows, more = page_of(await query.order_by(Document.id, ascending=False).limit(limit + 1), limit)
    return DocumentPage(
        items=[summary(r) for r in rows],
        next_cursor=encode_cursor([rows[-1]["id"]]) if more and rows else None,
    )


async def awaiting_assignment(
    actor: Actor, *, cursor: str | None = None, limit: int = 30
) -> DocumentPage:
    """The lãnh đạo's "Chờ phân công": incoming documents of his organisation not yet
    assigned (registered, or submitted to him), newest first."""
    POLICY.require(DocumentAction.VIEW_AWAITING_ASSIGNMENT, actor, None)
    query = Document.select(*COLUMNS).where(
        (Document.organisation == actor.organisation_id)
        & (Document.direction == Direction.DEN.value)
        & Document.status.is_in([s.value for s in AWAITING_ASSIGNMENT])
    )
    if cursor:
        (last_id,) = decode_cursor(cursor, (int,))
        query = query.where(Document.id < last_id)
    rows, more = page_of(await query.order_by(Document.id, ascending=False).limit(limit + 1), limit)
    return DocumentPage(
        items=[summary(r) for r in rows],
        next_cursor=encode_cursor([rows[-1]["id"]]) if more and rows else None,
    )


async def deadlines(actor: Actor, *, within_days: int = 3, limit: int = 100) -> Deadlines:
    """Overdue and near-deadline documents the actor handles (and, for a văn thư or lãnh
    đạo, those of his register), nearest deadline first."""
    day = today()
    horizon = day + timedelta(days=within_days)
    ids: set[int] = set()
    mine = (
        await Assignment.select(Assignment.document)
        .where(
            (Assignment.user == actor.id)
            & (Assignment.done == 0)
            & (Assignment.sort_deadline <= horizon)
        )
        .limit(limit * 2)
    )
    ids.update(r["document"] for r in mine)
    if POLICY.allows(DocumentAction.VIEW_REGISTER, actor, None):
        org_rows = (
            await Document.select(Document.id)
            .where(
                (Document.organisation == actor.organisation_id)
                & Document.status.is_in([s.value for s in (*AWAITING_ASSIGNMENT, *PROCESSING)])
                & (Document.han_xu_ly <= horizon)
            )
            .limit(limit * 2)
        )
        ids.update(r["id"] for r in org_rows)
    if not ids:
        return Deadlines(overdue=[], due_soon=[])
    rows = await Document.select(*COLUMNS).where(
        Document.id.is_in(list(ids)) & Document.han_xu_ly.is_not_null()
    )
    items = sorted(
        (summary(r) for r in rows if DocumentStatus(r["status"]) not in FINISHED),
        key=lambda s: (s.han_xu_ly, URGENCY_RANK[s.do_khan], s.id),
    )
    return Deadlines(
        overdue=[s for s in items if s.han_xu_ly and s.han_xu_ly < day][:limit],
        due_soon=[s for s in items if s.han_xu_ly and day <= s.han_xu_ly <= horizon][:limit],
    )


async def search_documents(
    actor: Actor, text: str, *, offset: int = 0, limit: int = 20
) -> SearchPage:
    where, args = visibility_sql(Visibility.of(actor), "e", "record", "scope")
    scope = search.Scope(where, tuple(args))
    found = await search.page(search.Kind.DOCUMENT, text, scope, limit=limit, offset=offset)
    ids = [h.record for h in found.hits]
    rows = await Document.select(*COLUMNS).where(Document.id.is_in(ids)) if ids else []
    by_id = {r["id"]: r for r in rows}
    return SearchPage(
        query=found.query,
        items=[
            SearchHit(document=summary(by_id[h.record]), exact=h.exact, in_metadata=h.in_metadata)
            for h in found.hits
            if h.record in by_id
        ],
        offset=offset,
        has_more=found.has_more,
    )


async def colleagues(actor: Actor) -> list[Colleague]:
    """People of the actor's organisation (to assign or forward to), for those who do."""
    POLICY.require(DocumentAction.LIST_COLLEAGUES, actor, None)
    rows = (
        await User.select(
            User.id,
            User.full_name,
            User.username,
            User.organisation.code.as_alias("organisation_code"),
        )
        .where(User.organisation == actor.organisation_id)
        .order_by(User.full_name)
    )
    return to_structs(rows, Colleague)
