"""Taking a module's quiz: answers checked against the deadline, scored, and the result with
every explanation returned to the member (and only to him)."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.study.policy import POLICY
from backend.study.records import seen_module
from backend.study.tables import StudyAttempt, StudyQuestion
from shared.study import AttemptResult, QuestionResult, StudyAction


def _json(raw) -> list:
    return json.loads(raw) if isinstance(raw, str) else list(raw)


def result_of(attempt: dict, questions: list[dict]) -> AttemptResult:
    answers = _json(attempt["answers"])
    results = []
    for question, chosen in zip(questions, answers, strict=False):
        results.append(
            QuestionResult(
                question_id=question["id"],
                text=question["text"],
                choices=_json(question["choices"]),
                chosen=chosen,
                correct=question["correct"],
                is_correct=chosen == question["correct"],
                explanation=question["explanation"],
            )
        )
    return AttemptResult(
        module_id=attempt["module"],
        score=attempt["score"],
        total=attempt["total"],
        submitted_at=attempt["submitted_at"],
        questions=results,
    )


async def submit(actor: Actor, module_id: int, answers: list[int]) -> AttemptResult:
    """Score and keep the member's answers (a new submission before the deadline replaces
    the earlier one)."""
    seen = await seen_module(actor, module_id)
    POLICY.require(StudyAction.TAKE, actor, seen.record)
    questions = (
        await StudyQuestion.select()
        .where(StudyQuestion.module == module_id)
        .order_by(StudyQuestion.position)
    )
    if len(answers) != len(questions):
        raise Problem(
            422,
            f"Cần trả lời đủ {len(questions)} câu (đã gửi {len(answers)}).",
            code="answers_count",
        )
    for number, (question, chosen) in enumerate(zip(questions, answers, strict=True), start=1):
        if chosen >= len(_json(question["choices"])):
            raise Problem(422, f"Câu {number}: lựa chọn không có.", code="bad_choice")
    score = sum(1 for q, chosen in zip(questions, answers, strict=True) if q["correct"] == chosen)
    stamp = now()
    async with db.transaction():
        # The deadline is checked again inside the write: an answer sent a second before it
        # but written after it is refused.
        if stamp >= seen.row["deadline"]:
            raise Problem(409, "Đã hết hạn nộp bài của chuyên đề này.", code="deadline_passed")
        # A new submission before the deadline replaces the earlier one.
        [attempt] = (
            await StudyAttempt.insert(
                StudyAttempt(
                    module=module_id,
                    user=actor.id,
                    member=seen.membership.member_id if seen.membership else None,
                    answers=json.dumps(answers),
                    score=score,
                    total=len(questions),
                    submitted_at=stamp,
                )
            )
            .on_conflict(
                target=(StudyAttempt.module, StudyAttempt.user),
                action="DO UPDATE",
                values=[
                    StudyAttempt.member,
                    StudyAttempt.answers,
                    StudyAttempt.score,
                    StudyAttempt.total,
                    StudyAttempt.submitted_at,
                ],
            )
            .returning(*StudyAttempt.all_columns())
        )
    return result_of(attempt, questions)
