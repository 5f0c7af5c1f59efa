"""A citizen's own comments, across consultations: their status and the answers.

No row links a comment to its author's account: his token is computed again for each
consultation (``CitizenKeys.author_token``) and his comments found by it. After erasure there
is no key to compute it with, so nothing can be found (410).
"""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.citizens.keys import CitizenKeys
from backend.consultations.commenting import scope_of
from backend.consultations.consulting import status_of
from backend.consultations.policy import POLICY, CommentRecord
from backend.consultations.tables import Comment, Consultation, DraftUnitRow
from backend.consultations.units import unit_heading
from backend.core.paging import decode_cursor, encode_cursor, page_of
from shared.consultations import (
    CommentStatus,
    ConsultationAction,
    MyComment,
    MyCommentPage,
    TargetKind,
    UnitKind,
)

WHOLE_DRAFT = "Toàn văn dự thảo"


async def _labels(draft_versions: dict[int, int], wanted: set[tuple[int, str]]) -> dict:
    """(draft, unit key) → the unit's heading in the draft's current version."""
    found: dict[tuple[int, str], str] = {}
    for draft, number in draft_versions.items():
        keys = [k for d, k in wanted if d == draft]
        if not keys:
            continue
        rows = await DraftUnitRow.select(
            DraftUnitRow.unit_key,
            DraftUnitRow.kind,
            DraftUnitRow.label,
            DraftUnitRow.title,
            DraftUnitRow.text,
        ).where(
            (DraftUnitRow.draft == draft)
            & (DraftUnitRow.version.number == number)
            & DraftUnitRow.unit_key.is_in(keys)
        )
        for r in rows:
            found[(draft, r["unit_key"])] = unit_heading(
                UnitKind(r["kind"]), r["label"], r["title"], r["text"]
            )
    return found


async def my_comments(
    actor: Actor, keys: CitizenKeys, *, cursor: str | None, limit: int
) -> MyCommentPage:
    POLICY.require(ConsultationAction.MY_COMMENTS, actor, None)
    consultations = {
        r["id"]: r
        for r in await Consultation.select(
            Consultation.all_columns(), Consultation.draft.current_version.as_alias("version")
        )
    }
    if not consultations:
        return MyCommentPage(items=[], next_cursor=None)
    tokens = {cid: await keys.author_token(actor.id, scope_of(cid)) for cid in consultations}
    condition = Comment.consultation.is_in(list(tokens)) & Comment.author_token.is_in(
        list(tokens.values())
    )
    if cursor:
        [last] = decode_cursor(cursor, (int,))
        condition &= Comment.id < last
    rows = (
        await Comment.select()
        .where(condition)
        .order_by(Comment.id, ascending=False)
        .limit(limit + 1)
    )
    rows = [r for r in rows if tokens[r["consultation"]] == r["author_token"]]
    items, more = page_of(rows, limit)
    drafts = {c["draft"]: c["version"] for c in consultations.values()}
    labels = await _labels(
        drafts,
        {
            (consultations[r["consultation"]]["draft"], r["unit_key"])
            for r in items
            if r["unit_key"]
        },
    )
    found = []
    for r in items:
        consultation = consultations[r["consultation"]]
        status = status_of(consultation)
        record = CommentRecord(
            consultation_status=status,
            status=CommentStatus(r["status"]),
            own=True,
            answered=r["answered_at"] is not None,
        )
        found.append(
            MyComment(
                id=r["id"],
                consultation_id=r["consultation"],
                consultation_title=consultation["title"],
                target=TargetKind(r["target"]),
                unit_key=r["unit_key"],
                unit_label=labels.get((consultation["draft"], r["unit_key"]), "")
                if r["unit_key"]
                else WHOLE_DRAFT,
                version=r["version_seen"],
                quote=r["quote"],
                text=r["text"],
                status=CommentStatus(r["status"]),
                hidden_reason=r["hidden_reason"],
                answer=r["answer"],
                answered_at=r["answered_at"],
                created_at=r["created_at"],
                actions=[
                    a for a in POLICY.actions(actor, record) if a is ConsultationAction.WITHDRAW
                ],
            )
        )
    return MyCommentPage(
        items=found, next_cursor=encode_cursor([items[-1]["id"]]) if more and items else None
    )
