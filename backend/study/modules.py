"""Study modules as Tuyên giáo write them (readings from the library, a quiz, a deadline) and
as everyone reads them.

A quiz's correct answers and explanations are shown to Tuyên giáo, and to a member only once
he has submitted his own answers.
"""

from __future__ import annotations

import json
from datetime import datetime

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.clock import LOCAL_TZ, now
from backend.core.problems import Problem
from backend.library.tables import LibraryArticle
from backend.members.records import membership_of
from backend.members.tables import PartyMember
from backend.notifications.notifier import Notifier
from backend.orgs.positions import organisation_row, place_of
from backend.study.policy import POLICY, publishes
from backend.study.quiz import result_of
from backend.study.records import Seen, seen_module
from backend.study.tables import StudyAttempt, StudyModule, StudyQuestion, StudyReading
from shared.library import DocumentState
from shared.notifications import NotificationKind
from shared.study import (
    MODULE_STATE_LABELS,
    ModuleCreate,
    ModuleDetail,
    ModuleState,
    ModuleSummary,
    ModuleUpdate,
    QuizQuestion,
    QuizQuestionInput,
    Reading,
    StudyAction,
)


def _deadline(value: datetime) -> datetime:
    """A time without an offset is Vietnam's local time; it must still be ahead."""
    value = value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    if value <= now():
        raise Problem(422, "Hạn nộp bài phải ở sau thời điểm hiện tại.", code="deadline_passed")
    return value


def _checked_questions(questions: list[QuizQuestionInput]) -> None:
    for number, question in enumerate(questions, start=1):
        if question.correct >= len(question.choices):
            raise Problem(
                422, f"Câu {number}: đáp án đúng không nằm trong các lựa chọn.", code="bad_answer"
            )


async def _checked_readings(article_ids: list[int]) -> None:
    if not article_ids:
        return
    live = await LibraryArticle.select(LibraryArticle.id).where(
        LibraryArticle.id.is_in(article_ids)
        & (LibraryArticle.live == True)  # noqa: E712
        & (LibraryArticle.document.state == DocumentState.PUBLISHED.value)
    )
    missing = set(article_ids) - {r["id"] for r in live}
    if missing:
        raise Problem(
            422,
            "Có tài liệu đọc không còn trong thư viện (chưa xuất bản hoặc đã bị bỏ).",
            code="bad_reading",
            extra={"article_ids": sorted(missing)},
        )


async def _write_parts(module_id: int, readings: list[int] | None, questions) -> None:
    if readings is not None:
        await StudyReading.delete().where(StudyReading.module == module_id)
        if readings:
            await StudyReading.insert(
                *[
                    StudyReading(module=module_id, article=a, position=i)
                    for i, a in enumerate(readings)
                ]
            )
    if questions is not None:
        await StudyQuestion.delete().where(StudyQuestion.module == module_id)
        if questions:
            await StudyQuestion.insert(
                *[
                    StudyQuestion(
                        module=module_id,
                        position=i,
                        text=q.text.strip(),
                        choices=json.dumps([c.strip() for c in q.choices], ensure_ascii=False),
                        correct=q.correct,
                        explanation=q.explanation.strip(),
                    )
                    for i, q in enumerate(questions)
                ]
            )


def _choices(raw) -> list[str]:
    return json.loads(raw) if isinstance(raw, str) else list(raw)


async def detail_of(actor: Actor, seen: Seen) -> ModuleDetail:
    row, record = seen.row, seen.record
    module_id = row["id"]
    readings = (
        await StudyReading.select(
            StudyReading.article.as_alias("article_id"),
            StudyReading.article.document.as_alias("document_id"),
            StudyReading.article.document.title.as_alias("document_title"),
            StudyReading.article.label.as_alias("label"),
            StudyReading.article.title.as_alias("title"),
        )
        .where(StudyReading.module == module_id)
        .order_by(StudyReading.position)
    )
    questions = (
        await StudyQuestion.select()
        .where(StudyQuestion.module == module_id)
        .order_by(StudyQuestion.position)
    )
    attempt = (
        await StudyAttempt.select()
        .where((StudyAttempt.module == module_id) & (StudyAttempt.user == actor.id))
        .first()
    )
    answers_shown = publishes(actor) or attempt is not None
    state = ModuleState(row["state"])
    return ModuleDetail(
        id=module_id,
        title=row["title"],
        summary=row["summary"],
        organisation_id=row["organisation"],
        organisation_name=row["organisation_name"],
        deadline=row["deadline"],
        state=state,
        state_label=MODULE_STATE_LABELS[state],
        overdue=not record.before_deadline,
        readings=[Reading(**r) for r in readings],
        questions=[
            QuizQuestion(
                id=q["id"],
                position=q["position"],
                text=q["text"],
                choices=_choices(q["choices"]),
                correct=q["correct"] if answers_shown else None,
                explanation=q["explanation"] if answers_shown else None,
            )
            for q in questions
        ],
        my_result=result_of(attempt, questions) if attempt else None,
        published_at=row["published_at"],
        actions=POLICY.actions(actor, record),
    )


class Modules:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def create(self, actor: Actor, data: ModuleCreate) -> ModuleDetail:
        POLICY.require(StudyAction.MANAGE, actor, None)
        await organisation_row(data.organisation_id)
        deadline = _deadline(data.deadline)
        _checked_questions(data.questions)
        await _checked_readings(data.readings)
        stamp = now()
        async with db.transaction():
            [row] = await StudyModule.insert(
                StudyModule(
                    title=" ".join(data.title.split()),
                    summary=data.summary.strip(),
                    organisation=data.organisation_id,
                    deadline=deadline,
                    state=ModuleState.DRAFT.value,
                    created_by=actor.id,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(StudyModule.id)
            await _write_parts(row["id"], data.readings, data.questions)
            await audit.record(
                "study.created", actor_id=actor.id, target=f"study_module:{row['id']}", ip=actor.ip
            )
        return await detail_of(actor, await seen_module(actor, row["id"]))

    async def edit(self, actor: Actor, module_id: int, data: ModuleUpdate) -> ModuleDetail:
        seen = await seen_module(actor, module_id)
        POLICY.require(StudyAction.EDIT, actor, seen.record)
        changes: dict = {StudyModule.updated_at: now()}
        if data.title is not None:
            changes[StudyModule.title] = " ".join(data.title.split())
        if data.summary is not None:
            changes[StudyModule.summary] = data.summary.strip()
        if data.deadline is not None:
            changes[StudyModule.deadline] = _deadline(data.deadline)
        if data.questions is not None:
            _checked_questions(data.questions)
        if data.readings is not None:
            await _checked_readings(data.readings)
        async with db.transaction():
            await StudyModule.update(changes).where(StudyModule.id == module_id)
            await _write_parts(module_id, data.readings, data.questions)
            await audit.record(
                "study.edited", actor_id=actor.id, target=f"study_module:{module_id}", ip=actor.ip
            )
        return await detail_of(actor, await seen_module(actor, module_id))

    async def publish(self, actor: Actor, module_id: int) -> ModuleDetail:
        seen = await seen_module(actor, module_id)
        POLICY.require(StudyAction.PUBLISH, actor, seen.record)
        users = await PartyMember.select(PartyMember.user).where(
            PartyMember.organisation.is_in(list(seen.scope.organisations))
            & PartyMember.user.is_not_null()
        )
        async with db.transaction():
            await StudyModule.update(
                {
                    StudyModule.state: ModuleState.PUBLISHED.value,
                    StudyModule.published_at: now(),
                    StudyModule.updated_at: now(),
                }
            ).where(StudyModule.id == module_id)
            await audit.record(
                "study.published",
                actor_id=actor.id,
                target=f"study_module:{module_id}",
                ip=actor.ip,
            )
            deadline = seen.row["deadline"].astimezone(LOCAL_TZ)
            await self.notifier.notify(
                [u["user"] for u in users],
                kind=NotificationKind.HE_THONG,
                title="Chuyên đề học tập nghị quyết mới",
                body=f"Hạn hoàn thành: {deadline:%d/%m/%Y}.",
                link=f"/so-tay/hoc-tap/{module_id}",
            )
        return await detail_of(actor, await seen_module(actor, module_id))


async def modules(actor: Actor) -> list[ModuleSummary]:
    """The modules the actor studies (published, for his chi bộ), or all for Tuyên giáo."""
    query = StudyModule.select(
        StudyModule.all_columns(), StudyModule.organisation.name.as_alias("organisation_name")
    )
    if not publishes(actor):
        membership = await membership_of(actor.id)
        if membership is None:
            return []
        rows = await query.where(StudyModule.state == ModuleState.PUBLISHED.value)
        # A module is for its organisation and everything below it: for the member's chi
        # bộ, those over it.
        lineage = set((await place_of(membership.organisation_id)).lineage)
        rows = [r for r in rows if r["organisation"] in lineage]
    else:
        rows = await query
    attempts = {
        a["module"]: a
        for a in await StudyAttempt.select(
            StudyAttempt.module, StudyAttempt.score, StudyAttempt.total
        ).where(StudyAttempt.user == actor.id)
    }
    stamp = now()
    found = []
    for r in sorted(rows, key=lambda r: r["deadline"], reverse=True):
        attempt = attempts.get(r["id"])
        state = ModuleState(r["state"])
        found.append(
            ModuleSummary(
                id=r["id"],
                title=r["title"],
                organisation_name=r["organisation_name"],
                deadline=r["deadline"],
                state=state,
                state_label=MODULE_STATE_LABELS[state],
                overdue=stamp >= r["deadline"],
                submitted=attempt is not None,
                score=attempt["score"] if attempt else None,
                total=attempt["total"] if attempt else None,
            )
        )
    return found
