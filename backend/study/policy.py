"""Who may do what with study modules: the one table the commands and the answers read.

Tuyên giáo create, edit (while a draft) and publish modules. A member whose chi bộ is in a
module's scope takes it until the deadline; answers after it are refused. Results, aggregated,
go to Tuyên giáo and to the cấp ủy of a chi bộ (or above it) for that chi bộ.
``tests/unit/test_study_policy.py`` tests the table without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule, on
from backend.core.problems import Problem
from shared.accounts import Role
from shared.study import ModuleState, StudyAction

A = StudyAction


@dataclass(frozen=True)
class ModuleRecord:
    state: ModuleState
    before_deadline: bool
    has_questions: bool
    in_scope: bool  # the actor is a member of a chi bộ the module is for
    oversees: bool  # the actor is on the cấp ủy of (an organisation over) the results asked


def publishes(actor: Actor) -> bool:
    return actor.has(Role.TUYEN_GIAO)


def may_read(actor: Actor, r: ModuleRecord) -> bool:
    return publishes(actor) or (r.state is ModuleState.PUBLISHED and (r.in_scope or r.oversees))


def _not_publishable(r: ModuleRecord) -> Problem:
    if r.state is not ModuleState.DRAFT:
        return Problem(409, "Chuyên đề đã được xuất bản.", code="already_published")
    if not r.has_questions:
        return Problem(422, "Chuyên đề cần ít nhất một câu hỏi.", code="no_questions")
    return Problem(422, "Hạn nộp bài đã qua; hãy đặt hạn mới.", code="deadline_passed")


def _cannot_take(r: ModuleRecord) -> Problem:
    if r.state is not ModuleState.PUBLISHED:
        return Problem(409, "Chuyên đề chưa được xuất bản.", code="not_published")
    return Problem(409, "Đã hết hạn nộp bài của chuyên đề này.", code="deadline_passed")


POLICY: Policy[StudyAction, object] = Policy(
    {
        A.MANAGE: Rule(
            lambda actor, r: r is None and publishes(actor),
            "Chỉ cán bộ Tuyên giáo được tạo chuyên đề học tập.",
        ),
        A.EDIT: on(
            ModuleRecord,
            lambda actor, r: publishes(actor),
            "Chỉ cán bộ Tuyên giáo được sửa chuyên đề học tập.",
            lambda r: r.state is ModuleState.DRAFT,
            lambda r: Problem(
                409, "Chuyên đề đã xuất bản, không sửa được nữa.", code="already_published"
            ),
        ),
        A.PUBLISH: on(
            ModuleRecord,
            lambda actor, r: publishes(actor),
            "Chỉ cán bộ Tuyên giáo được xuất bản chuyên đề học tập.",
            lambda r: r.state is ModuleState.DRAFT and r.has_questions and r.before_deadline,
            _not_publishable,
        ),
        A.TAKE: on(
            ModuleRecord,
            lambda actor, r: r.in_scope,
            "Chuyên đề này không dành cho chi bộ của bạn.",
            lambda r: r.state is ModuleState.PUBLISHED and r.before_deadline,
            _cannot_take,
        ),
        A.VIEW_RESULTS: on(
            ModuleRecord,
            lambda actor, r: publishes(actor) or r.oversees,
            "Chỉ cấp ủy chi bộ hoặc cán bộ Tuyên giáo được xem kết quả tổng hợp.",
            lambda r: r.state is ModuleState.PUBLISHED,
            lambda r: Problem(409, "Chuyên đề chưa được xuất bản.", code="not_published"),
        ),
    }
)


def global_actions(actor: Actor) -> list[StudyAction]:
    return POLICY.actions(actor, None)
