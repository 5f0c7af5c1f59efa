"""The giải trình table: per unit, what the editors decided (tiếp thu, tiếp thu một phần,
giải trình) and why.

The editors write and rewrite a line while it is unpublished (``explain``); once the
consultation has ended they publish the table (``publish_explanations``): every citizen may
then read it, and the authors of the visible comments on each published unit are told through
the notification centre. The comment keeps its author's user id sealed by the server only
to tell him once (``notice_sealed``, see ``moderation.py``): whichever comes first, an answer
to his comment or the giải trình of its unit, tells him and forgets the id.
"""

from __future__ import annotations

from collections import Counter

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.consultations.gathering import consultation_for, label_of, unit_labels
from backend.consultations.policy import POLICY
from backend.consultations.synthesis import explanation_view
from backend.consultations.tables import Comment, UnitExplanation
from backend.core.clock import now
from backend.core.problems import Problem
from backend.core.sealed import Sealer, Unsealable
from backend.notifications.notifier import Notifier
from shared.consultations import (
    DECISION_LABELS,
    CommentStatus,
    ConsultationAction,
    Decision,
    ExplanationRow,
    ExplanationSet,
    ExplanationTable,
    ExplanationView,
)
from shared.notifications import NotificationKind

NOTICE_PURPOSE = "comment-notice"  # as the comments seal their author's id
PUBLISHED_TITLE = "Tổ biên tập đã giải trình ý kiến bạn góp"
MY_COMMENTS_LINK = "/gop-y/cua-toi"


class Explanations:
    def __init__(self, notifier: Notifier, sealer: Sealer) -> None:
        self.notifier = notifier
        self.sealer = sealer

    async def set(
        self, actor: Actor, consultation_id: int, unit_key: str, data: ExplanationSet
    ) -> ExplanationView:
        row, _ = await consultation_for(actor, consultation_id, ConsultationAction.EXPLAIN)
        _, _, labels = await unit_labels(row["draft"])
        if unit_key not in labels:
            raise Problem(422, "Dự thảo hiện hành không có điều, đoạn này.", code="unit_not_found")
        reason = data.reason.strip()
        if not reason:
            raise Problem(400, "Hãy ghi lý do của quyết định.", code="reason_missing")
        where = (UnitExplanation.consultation == consultation_id) & (
            UnitExplanation.unit_key == unit_key
        )
        async with db.transaction():
            existing = await UnitExplanation.select(UnitExplanation.published).where(where).first()
            if existing is not None and existing["published"]:
                raise Problem(
                    409,
                    "Giải trình của điều, đoạn này đã được công bố, không sửa được nữa.",
                    code="explanation_published",
                )
            values = {
                UnitExplanation.decision: data.decision.value,
                UnitExplanation.reason: reason,
                UnitExplanation.decided_by: actor.id,
                UnitExplanation.decided_at: now(),
            }
            if existing is None:
                await UnitExplanation.insert(
                    UnitExplanation(
                        consultation=consultation_id,
                        unit_key=unit_key,
                        decision=data.decision.value,
                        reason=reason,
                        published=False,
                        decided_by=actor.id,
                        decided_at=now(),
                        detail={},
                    )
                )
            else:
                await UnitExplanation.update(values).where(where)
            await audit.record(
                "consultations.explained",
                actor_id=actor.id,
                target=f"consultation:{consultation_id}",
                ip=actor.ip,
                detail={"unit": unit_key, "decision": data.decision.value},
            )
        saved = await UnitExplanation.select().where(where).first()
        return explanation_view(saved)

    async def table(self, actor: Actor, consultation_id: int) -> ExplanationTable:
        """The editors see every line; everyone else the published ones."""
        row, record = await consultation_for(actor, consultation_id, ConsultationAction.READ)
        editor = POLICY.allows(ConsultationAction.EXPLAIN, actor, record)
        condition = UnitExplanation.consultation == consultation_id
        if not editor:
            condition &= UnitExplanation.published == True  # noqa: E712 (a SQL condition)
        lines = await UnitExplanation.select().where(condition)
        _, _, labels = await unit_labels(row["draft"])
        counts = Counter(
            r["unit_key"]
            for r in await Comment.select(Comment.unit_key).where(
                (Comment.consultation == consultation_id)
                & (Comment.status == CommentStatus.VISIBLE.value)
                & Comment.unit_key.is_not_null()
            )
        )
        rows = []
        for line in lines:
            label, position = label_of(labels, line["unit_key"])
            decision = Decision(line["decision"])
            rows.append(
                ExplanationRow(
                    unit_key=line["unit_key"],
                    unit_label=label,
                    position=position,
                    comments=counts.get(line["unit_key"], 0),
                    decision=decision,
                    decision_label=DECISION_LABELS[decision],
                    reason=line["reason"],
                    published=line["published"],
                    decided_at=line["decided_at"],
                )
            )
        rows.sort(key=lambda r: (r.position, r.unit_key))
        return ExplanationTable(
            consultation_id=consultation_id,
            title=row["title"],
            published=bool(rows) and all(r.published for r in rows),
            rows=rows,
            actions=POLICY.actions(actor, record),
        )

    async def publish(self, actor: Actor, consultation_id: int) -> ExplanationTable:
        """Publish every unpublished line and tell the authors of the comments they answer."""
        row, _ = await consultation_for(
            actor, consultation_id, ConsultationAction.PUBLISH_EXPLANATIONS
        )
        pending = await UnitExplanation.select(UnitExplanation.unit_key).where(
            (UnitExplanation.consultation == consultation_id) & (UnitExplanation.published == False)  # noqa: E712 (a SQL condition)
        )
        keys = [p["unit_key"] for p in pending]
        if not keys:
            raise Problem(
                409, "Không có dòng giải trình nào chưa công bố.", code="nothing_to_publish"
            )
        answered = await Comment.select(
            Comment.id, Comment.author_token, Comment.notice_sealed
        ).where(
            (Comment.consultation == consultation_id)
            & (Comment.status == CommentStatus.VISIBLE.value)
            & Comment.unit_key.is_in(keys)
            & Comment.notice_sealed.is_not_null()
        )
        authors: set[int] = set()
        for c in answered:
            try:
                sealed = bytes(c["notice_sealed"])
                authors.add(int(self.sealer.open(sealed, NOTICE_PURPOSE, c["author_token"])))
            except (Unsealable, ValueError):
                continue
        async with db.transaction():
            await UnitExplanation.update({UnitExplanation.published: True}).where(
                (UnitExplanation.consultation == consultation_id)
                & UnitExplanation.unit_key.is_in(keys)
            )
            told = [c["id"] for c in answered]
            if told:
                await Comment.update({Comment.notice_sealed: None}).where(Comment.id.is_in(told))
            if authors:
                await self.notifier.notify(
                    sorted(authors),
                    kind=NotificationKind.GOP_Y,
                    title=PUBLISHED_TITLE,
                    body=row["title"],
                    link=MY_COMMENTS_LINK,
                )
            # The count of citizens told, never who they are.
            await audit.record(
                "consultations.explanations_published",
                actor_id=actor.id,
                target=f"consultation:{consultation_id}",
                ip=actor.ip,
                detail={"units": len(keys), "told": len(authors)},
            )
        return await self.table(actor, consultation_id)
