"""Asking the cấp ủy, answering, and the anonymous FAQ.

A question goes to the cấp ủy of the member's chi bộ, or of an organisation above it, and
stays between him and that cấp ủy. Its members are notified (without the text); the asker is
notified when it is answered. The cấp ủy may publish the answer as a FAQ entry, in a wording
that names no one; the shared search indexes that wording while it is published
(:mod:`backend.questions.indexing`).
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.members.records import membership_of
from backend.notifications.notifier import Notifier
from backend.orgs.positions import holders, place_of, standing_of
from backend.questions import indexing
from backend.questions.policy import POLICY, QuestionRecord, may_read
from backend.questions.tables import Question
from backend.questions.timeline import TIMELINE
from shared.notifications import NotificationKind
from shared.questions import (
    QUESTION_MAX_CHARS,
    QUESTION_STATUS_LABELS,
    FaqEntry,
    FaqPublish,
    QuestionAction,
    QuestionCreate,
    QuestionDetail,
    QuestionStatus,
)

NOT_FOUND = "Không tìm thấy câu hỏi, hoặc bạn không có quyền xem."


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()


async def question_row(question_id: int) -> dict:
    row = (
        await Question.select(
            Question.all_columns(),
            Question.organisation.name.as_alias("organisation_name"),
            Question.asker.full_name.as_alias("asker_name"),
            Question.answered_by.full_name.as_alias("answered_by_name"),
        )
        .where(Question.id == question_id)
        .first()
    )
    if row is None:
        raise Problem(404, NOT_FOUND, code="question_not_found")
    return row


async def readable_question(actor: Actor, question_id: int) -> tuple[dict, QuestionRecord]:
    row = await question_row(question_id)
    record = QuestionRecord(
        place=await place_of(row["organisation"]),
        standing=await standing_of(actor.id),
        own=row["asker"] == actor.id,
        status=QuestionStatus(row["status"]),
        faq_published=row["faq_published_at"] is not None,
    )
    if not may_read(actor, record):
        raise Problem(404, NOT_FOUND, code="question_not_found")
    return row, record


def faq_of(row: dict) -> FaqEntry:
    return FaqEntry(
        id=row["id"],
        organisation_id=row["organisation"],
        organisation_name=row["organisation_name"],
        question=row["faq_question"],
        answer=row["faq_answer"],
        published_at=row["faq_published_at"],
    )


def detail_of(actor: Actor, row: dict, record: QuestionRecord) -> QuestionDetail:
    status = QuestionStatus(row["status"])
    return QuestionDetail(
        id=row["id"],
        organisation_id=row["organisation"],
        organisation_name=row["organisation_name"],
        text=row["text"],
        status=status,
        status_label=QUESTION_STATUS_LABELS[status],
        asked_at=row["created_at"],
        asker_name=row["asker_name"] or "",
        mine=record.own,
        answer=row["answer"],
        answered_by_name=row["answered_by_name"] or "",
        answered_at=row["answered_at"],
        faq=faq_of(row) if row["faq_published_at"] else None,
        actions=POLICY.actions(actor, record),
    )


async def detail(actor: Actor, question_id: int) -> QuestionDetail:
    row, record = await readable_question(actor, question_id)
    return detail_of(actor, row, record)


class Questions:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def ask(self, actor: Actor, data: QuestionCreate) -> QuestionDetail:
        POLICY.require(QuestionAction.ASK, actor, None)
        text = _clean(data.text)
        if len(text) > QUESTION_MAX_CHARS:
            length, limit = (f"{n:,}".replace(",", ".") for n in (len(text), QUESTION_MAX_CHARS))
            raise Problem(
                422,
                f"Câu hỏi dài {length} ký tự, quá giới hạn {limit} ký tự. Hãy viết gọn lại hoặc "
                "tách thành nhiều câu hỏi.",
                code="question_too_long",
            )
        if len(text) < 5:
            raise Problem(422, "Câu hỏi quá ngắn.", code="question_too_short")
        membership = await membership_of(actor.id)
        if membership is None:
            raise Problem(
                422,
                "Bạn chưa có hồ sơ đảng viên nên chưa xác định được cấp ủy để gửi câu hỏi.",
                code="no_member_record",
            )
        lineage = (await place_of(membership.organisation_id)).lineage
        organisation_id = data.organisation_id or membership.organisation_id
        if organisation_id not in lineage:
            raise Problem(
                422,
                "Chỉ gửi câu hỏi đến cấp ủy chi bộ của mình hoặc cấp ủy cấp trên.",
                code="not_your_cap_uy",
            )
        committee = [u for u in await holders(organisation_id) if u != actor.id]
        if not committee:
            raise Problem(
                409,
                "Tổ chức này chưa có cấp ủy nào trên hệ thống để trả lời.",
                code="no_cap_uy",
            )
        stamp = now()
        async with db.transaction():
            [row] = await Question.insert(
                Question(
                    asker=actor.id,
                    organisation=organisation_id,
                    text=text,
                    status=QuestionStatus.WAITING.value,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(Question.id)
            await TIMELINE.record(row["id"], actor, "asked", {})
            await self.notifier.notify(
                committee,
                kind=NotificationKind.HE_THONG,
                title="Câu hỏi mới gửi cấp ủy",
                body="Một đảng viên gửi câu hỏi đến cấp ủy, đang chờ trả lời.",
                link=f"/so-tay/hoi-dap/{row['id']}",
            )
        return await detail(actor, row["id"])

    async def answer(self, actor: Actor, question_id: int, text: str) -> QuestionDetail:
        row, record = await readable_question(actor, question_id)
        POLICY.require(QuestionAction.ANSWER, actor, record)
        text = text.strip()
        if not text:
            raise Problem(422, "Câu trả lời không được để trống.", code="empty_answer")
        async with db.transaction():
            updated = (
                await Question.update(
                    {
                        Question.answer: text,
                        Question.answered_by: actor.id,
                        Question.answered_at: now(),
                        Question.status: QuestionStatus.ANSWERED.value,
                        Question.updated_at: now(),
                    }
                )
                .where(
                    (Question.id == question_id) & (Question.status == QuestionStatus.WAITING.value)
                )
                .returning(Question.id)
            )
            if not updated:
                raise Problem(409, "Câu hỏi đã được trả lời.", code="already_answered")
            await TIMELINE.record(question_id, actor, "answered", {})
            await self.notifier.notify(
                [row["asker"]],
                kind=NotificationKind.HE_THONG,
                title="Cấp ủy đã trả lời câu hỏi của bạn",
                body="Mở Sổ tay đảng viên để đọc câu trả lời.",
                link=f"/so-tay/hoi-dap/{question_id}",
            )
        return await detail(actor, question_id)

    async def publish_faq(self, actor: Actor, question_id: int, data: FaqPublish) -> QuestionDetail:
        row, record = await readable_question(actor, question_id)
        POLICY.require(QuestionAction.PUBLISH_FAQ, actor, record)
        wording = _clean(data.question or row["text"])
        answer = (data.answer or row["answer"]).strip()
        if not wording or not answer:
            raise Problem(422, "Câu hỏi và câu trả lời công bố không được để trống.", code="empty")
        async with db.transaction():
            await Question.update(
                {
                    Question.faq_question: wording,
                    Question.faq_answer: answer,
                    Question.faq_published_at: now(),
                    Question.updated_at: now(),
                }
            ).where(Question.id == question_id)
            await indexing.index_entry(question_id, row["organisation"], wording, answer)
            await TIMELINE.record(question_id, actor, "faq_published", {})
        return await detail(actor, question_id)

    async def withdraw_faq(self, actor: Actor, question_id: int) -> QuestionDetail:
        _, record = await readable_question(actor, question_id)
        POLICY.require(QuestionAction.WITHDRAW_FAQ, actor, record)
        async with db.transaction():
            await Question.update(
                {Question.faq_published_at: None, Question.updated_at: now()}
            ).where(Question.id == question_id)
            await indexing.remove_entry(question_id)
            await TIMELINE.record(question_id, actor, "faq_withdrawn", {})
        return await detail(actor, question_id)
