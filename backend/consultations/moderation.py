"""Moderation (tổ biên tập): the queue, hiding with a reason, restoring, answering, searching.

The editors see what the public sees (the pseudonym, never a name) plus the coarse facts and
hidden comments. Answering tells the author through the notification centre ("Góp ý của bạn đã
được trả lời"): the comment keeps his user id sealed by the server only for that
(``notice_sealed``), and forgets it once he is told.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.citizens.keys import CitizenKeys
from backend.consultations.commenting import NOT_FOUND, NOTICE_PURPOSE
from backend.consultations.consulting import readable, status_of
from backend.consultations.live import Live
from backend.consultations.policy import POLICY, CommentRecord, ConsultationRecord
from backend.consultations.tables import Comment, Consultation
from backend.core.clock import now
from backend.core.paging import decode_cursor, encode_cursor, page_of
from backend.core.problems import Problem
from backend.core.sealed import Sealer, Unsealable
from backend.notifications.notifier import Notifier
from backend.search import services as search
from shared.consultations import (
    CommentHit,
    CommentSearchPage,
    CommentStatus,
    ConsultationAction,
    ConsultationStatus,
    ModeratedComment,
    ModerationPage,
    TargetKind,
)
from shared.notifications import NotificationKind

ANSWERED_TITLE = "Góp ý của bạn đã được trả lời"
MY_COMMENTS_LINK = "/gop-y/cua-toi"


def _record(row: dict, status: ConsultationStatus) -> CommentRecord:
    return CommentRecord(
        consultation_status=status,
        status=CommentStatus(row["status"]),
        own=False,
        answered=row["answered_at"] is not None,
    )


def moderated(actor: Actor, row: dict, status: ConsultationStatus) -> ModeratedComment:
    return ModeratedComment(
        id=row["id"],
        consultation_id=row["consultation"],
        author=CitizenKeys.pseudonym(row["author_token"]),
        target=TargetKind(row["target"]),
        unit_key=row["unit_key"],
        version=row["version_seen"],
        quote=row["quote"],
        text=row["text"],
        status=CommentStatus(row["status"]),
        hidden_reason=row["hidden_reason"],
        age_band=row["age_band"],
        province=row["province"],
        commune=row["commune"],
        created_at=row["created_at"],
        answer=row["answer"],
        answered_at=row["answered_at"],
        actions=POLICY.actions(actor, _record(row, status)),
    )


class Moderation:
    def __init__(self, notifier: Notifier, live: Live, sealer: Sealer) -> None:
        self.notifier = notifier
        self.live = live
        self.sealer = sealer

    async def queue(
        self,
        actor: Actor,
        consultation_id: int,
        *,
        status: CommentStatus | None,
        unit_key: str | None,
        cursor: str | None,
        limit: int,
    ) -> ModerationPage:
        _, record = await readable(actor, consultation_id)
        POLICY.require(ConsultationAction.MODERATE, actor, record)
        condition = Comment.consultation == consultation_id
        if status is not None:
            condition &= Comment.status == status.value
        if unit_key is not None:
            condition &= Comment.unit_key == unit_key
        if cursor:
            [last] = decode_cursor(cursor, (int,))
            condition &= Comment.id < last
        rows = (
            await Comment.select()
            .where(condition)
            .order_by(Comment.id, ascending=False)
            .limit(limit + 1)
        )
        items, more = page_of(rows, limit)
        # Opinions are sensitive personal data: every editor's read of them is logged.
        async with db.transaction():
            await audit.record(
                "consultations.queue_read",
                actor_id=actor.id,
                target=f"consultation:{consultation_id}",
                ip=actor.ip,
                detail={"comments": [r["id"] for r in items]},
            )
        return ModerationPage(
            items=[moderated(actor, r, record.status) for r in items],
            next_cursor=encode_cursor([items[-1]["id"]]) if more and items else None,
        )

    async def _load(self, actor: Actor, comment_id: int) -> tuple[dict, ConsultationRecord]:
        row = await Comment.select().where(Comment.id == comment_id).first()
        if row is None:
            raise Problem(404, NOT_FOUND, code="comment_not_found")
        _, record = await readable(actor, row["consultation"])
        return row, record

    async def hide(self, actor: Actor, comment_id: int, reason: str) -> ModeratedComment:
        row, consultation = await self._load(actor, comment_id)
        POLICY.require(ConsultationAction.HIDE, actor, _record(row, consultation.status))
        reason = " ".join(reason.split())
        if not reason:
            raise Problem(400, "Hãy ghi lý do ẩn góp ý.", code="reason_missing")
        return await self._set(actor, row, consultation, CommentStatus.HIDDEN, reason)

    async def restore(self, actor: Actor, comment_id: int) -> ModeratedComment:
        row, consultation = await self._load(actor, comment_id)
        POLICY.require(ConsultationAction.RESTORE, actor, _record(row, consultation.status))
        return await self._set(actor, row, consultation, CommentStatus.VISIBLE, None)

    async def _set(
        self,
        actor: Actor,
        row: dict,
        consultation: ConsultationRecord,
        status: CommentStatus,
        reason: str | None,
    ) -> ModeratedComment:
        async with db.transaction():
            await Comment.update(
                {
                    Comment.status: status.value,
                    Comment.hidden_reason: reason,
                    Comment.moderated_by: actor.id,
                    Comment.moderated_at: now(),
                }
            ).where(Comment.id == row["id"])
            await audit.record(
                "consultations.comment_hidden"
                if status is CommentStatus.HIDDEN
                else "consultations.comment_restored",
                actor_id=actor.id,
                target=f"comment:{row['id']}",
                ip=actor.ip,
                detail={"reason": reason} if reason else {},
            )
        self.live.changed(row["consultation"], row["unit_key"])
        return await self._view(actor, row["id"], consultation.status)

    async def answer(self, actor: Actor, comment_id: int, text: str) -> ModeratedComment:
        row, consultation = await self._load(actor, comment_id)
        POLICY.require(ConsultationAction.ANSWER, actor, _record(row, consultation.status))
        text = text.strip()
        if not text:
            raise Problem(400, "Nội dung trả lời không được để trống.", code="empty_answer")
        author: int | None = None
        if row["notice_sealed"] is not None:
            try:
                author = int(
                    self.sealer.open(
                        bytes(row["notice_sealed"]), NOTICE_PURPOSE, row["author_token"]
                    )
                )
            except (Unsealable, ValueError):
                author = None
        async with db.transaction():
            await Comment.update(
                {
                    Comment.answer: text,
                    Comment.answered_by: actor.id,
                    Comment.answered_at: now(),
                    Comment.notice_sealed: None,
                }
            ).where(Comment.id == row["id"])
            title = (
                await Consultation.select(Consultation.title)
                .where(Consultation.id == row["consultation"])
                .first()
            )
            if author is not None:
                await self.notifier.notify(
                    [author],
                    kind=NotificationKind.GOP_Y,
                    title=ANSWERED_TITLE,
                    body=title["title"] if title else "",
                    link=MY_COMMENTS_LINK,
                )
            await audit.record(
                "consultations.comment_answered",
                actor_id=actor.id,
                target=f"comment:{row['id']}",
                ip=actor.ip,
            )
        return await self._view(actor, row["id"], consultation.status)

    async def _view(
        self, actor: Actor, comment_id: int, status: ConsultationStatus
    ) -> ModeratedComment:
        row = await Comment.select().where(Comment.id == comment_id).first()
        assert row is not None
        return moderated(actor, row, status)

    async def search(
        self,
        actor: Actor,
        text: str,
        *,
        consultation_id: int | None,
        offset: int,
        limit: int,
    ) -> CommentSearchPage:
        POLICY.require(ConsultationAction.SEARCH_COMMENTS, actor, None)
        found = await search.page(
            search.Kind.COMMENT,
            text,
            search.Scope.within(consultation_id),
            limit=limit,
            offset=offset,
        )
        ids = [h.record for h in found.hits]
        async with db.transaction():
            await audit.record(
                "consultations.comments_searched",
                actor_id=actor.id,
                target=f"consultation:{consultation_id}" if consultation_id else "consultations",
                ip=actor.ip,
                detail={"comments": ids},
            )
        rows = {r["id"]: r for r in await Comment.select().where(Comment.id.is_in(ids or [0]))}
        consultations = {
            r["id"]: r
            for r in await Consultation.select().where(
                Consultation.id.is_in(list({r["consultation"] for r in rows.values()}) or [0])
            )
        }
        items = []
        for comment_id in ids:
            row = rows.get(comment_id)
            if row is None:
                continue
            consultation = consultations[row["consultation"]]
            items.append(
                CommentHit(
                    comment=moderated(actor, row, status_of(consultation)),
                    consultation_title=consultation["title"],
                )
            )
        return CommentSearchPage(items=items, more=found.has_more)
