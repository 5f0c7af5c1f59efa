"""Who may do what with questions to the cấp ủy: the one table the commands and answers read.

A party member asks. The cấp ủy of the organisation asked (those holding a position in it:
bí thư, phó bí thư, chi ủy viên or cấp ủy viên) reads, answers, and may publish the answer as
an anonymous FAQ entry. Who may read a question is :func:`may_read`: its asker and that cấp
ủy, no one else. ``tests/unit/test_questions_policy.py`` tests the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule, on
from backend.core.problems import Problem
from backend.orgs.positions import Place, Standing
from shared.accounts import Role
from shared.questions import QuestionAction, QuestionStatus

A = QuestionAction


@dataclass(frozen=True)
class QuestionRecord:
    place: Place  # the organisation whose cấp ủy is asked
    standing: Standing  # the actor's positions
    own: bool  # the actor asked it
    status: QuestionStatus
    faq_published: bool


def on_cap_uy(actor: Actor, r: QuestionRecord) -> bool:
    return r.standing.on_committee(r.place.organisation_id)


def may_read(actor: Actor, r: QuestionRecord) -> bool:
    return r.own or on_cap_uy(actor, r)


CAP_UY = "Chỉ cấp ủy được hỏi mới {what}."

POLICY: Policy[QuestionAction, object] = Policy(
    {
        A.ASK: Rule(
            lambda actor, r: r is None and actor.has(Role.DANG_VIEN),
            "Chỉ đảng viên được gửi câu hỏi đến cấp ủy.",
        ),
        A.READ_FAQ: Rule(
            lambda actor, r: r is None and actor.has(Role.DANG_VIEN, Role.TUYEN_GIAO),
            "Mục hỏi đáp dành cho đảng viên.",
        ),
        A.SEARCH_FAQ: Rule(
            lambda actor, r: r is None and actor.has(Role.DANG_VIEN, Role.TUYEN_GIAO),
            "Mục hỏi đáp dành cho đảng viên.",
        ),
        A.ANSWER: on(
            QuestionRecord,
            on_cap_uy,
            CAP_UY.format(what="trả lời câu hỏi"),
            lambda r: r.status is QuestionStatus.WAITING,
            lambda r: Problem(409, "Câu hỏi đã được trả lời.", code="already_answered"),
        ),
        A.PUBLISH_FAQ: on(
            QuestionRecord,
            on_cap_uy,
            CAP_UY.format(what="công bố câu hỏi vào mục hỏi đáp"),
            lambda r: r.status is QuestionStatus.ANSWERED and not r.faq_published,
            lambda r: Problem(
                409,
                "Đã công bố rồi." if r.faq_published else "Cần trả lời trước khi công bố.",
                code="invalid_transition",
            ),
        ),
        A.WITHDRAW_FAQ: on(
            QuestionRecord,
            on_cap_uy,
            CAP_UY.format(what="gỡ câu hỏi khỏi mục hỏi đáp"),
            lambda r: r.faq_published,
            lambda r: Problem(409, "Câu hỏi chưa được công bố.", code="invalid_transition"),
        ),
    }
)


def global_actions(actor: Actor) -> list[QuestionAction]:
    return POLICY.actions(actor, None)
