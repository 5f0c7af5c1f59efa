"""Học tập nghị quyết: study modules (readings from the library, a multiple-choice quiz with
explanations, a deadline), members' results, and completion per chi bộ."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec


class ModuleState(enum.StrEnum):
    DRAFT = "du_thao"
    PUBLISHED = "da_xuat_ban"


MODULE_STATE_LABELS: dict[ModuleState, str] = {
    ModuleState.DRAFT: "Dự thảo",
    ModuleState.PUBLISHED: "Đã xuất bản",
}


class StudyAction(enum.StrEnum):
    # Global.
    MANAGE = "manage"  # Tuyên giáo: create modules
    # On a module.
    EDIT = "edit"  # Tuyên giáo, while a draft
    PUBLISH = "publish"
    TAKE = "take"  # a member in the module's scope, before the deadline
    VIEW_RESULTS = "view_results"  # Tuyên giáo, and the cấp ủy of a chi bộ for their chi bộ


QuestionText = Annotated[str, msgspec.Meta(min_length=3, max_length=1000)]
Choice = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class QuizQuestionInput(msgspec.Struct, frozen=True):
    text: QuestionText
    choices: Annotated[list[Choice], msgspec.Meta(min_length=2, max_length=6)]
    correct: Annotated[int, msgspec.Meta(ge=0, le=5)]  # index into ``choices``
    explanation: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class ModuleCreate(msgspec.Struct, frozen=True):
    title: Annotated[str, msgspec.Meta(min_length=3, max_length=200)]
    # Who studies it: the members of this organisation and every one below it.
    organisation_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
    deadline: datetime  # answers after it are refused
    summary: Annotated[str, msgspec.Meta(max_length=4000)] = ""
    readings: Annotated[list[int], msgspec.Meta(max_length=50)] = []  # library article ids
    questions: Annotated[list[QuizQuestionInput], msgspec.Meta(max_length=50)] = []


class ModuleUpdate(msgspec.Struct, frozen=True):
    title: Annotated[str, msgspec.Meta(min_length=3, max_length=200)] | None = None
    deadline: datetime | None = None
    summary: Annotated[str, msgspec.Meta(max_length=4000)] | None = None
    readings: Annotated[list[int], msgspec.Meta(max_length=50)] | None = None
    questions: Annotated[list[QuizQuestionInput], msgspec.Meta(max_length=50)] | None = None


class Reading(msgspec.Struct, frozen=True):
    article_id: int
    document_id: int
    document_title: str
    label: str
    title: str


class QuizQuestion(msgspec.Struct, frozen=True):
    id: int
    position: int
    text: str
    choices: list[str]
    # Shown to Tuyên giáo, and to a member once he has submitted; None otherwise.
    correct: int | None = None
    explanation: str | None = None


class AnswerSubmit(msgspec.Struct, frozen=True):
    # One choice index per question, in order.
    answers: Annotated[list[Annotated[int, msgspec.Meta(ge=0, le=5)]], msgspec.Meta(max_length=50)]


class QuestionResult(msgspec.Struct, frozen=True):
    question_id: int
    text: str
    choices: list[str]
    chosen: int
    correct: int
    is_correct: bool
    explanation: str


class AttemptResult(msgspec.Struct, frozen=True):
    module_id: int
    score: int
    total: int
    submitted_at: datetime
    questions: list[QuestionResult]


class ModuleSummary(msgspec.Struct, frozen=True):
    id: int
    title: str
    organisation_name: str
    deadline: datetime
    state: ModuleState
    state_label: str
    overdue: bool
    submitted: bool  # the caller has submitted his answers
    score: int | None = None
    total: int | None = None


class ModuleDetail(msgspec.Struct, frozen=True):
    id: int
    title: str
    summary: str
    organisation_id: int
    organisation_name: str
    deadline: datetime
    state: ModuleState
    state_label: str
    overdue: bool
    readings: list[Reading]
    questions: list[QuizQuestion]
    my_result: AttemptResult | None
    published_at: datetime | None
    actions: list[StudyAction] = []


class Completion(msgspec.Struct, frozen=True):
    required: int  # members of the scope not exempt from sinh hoạt
    completed: int  # of those, who submitted
    rate: float  # percent


class ChiBoCompletion(msgspec.Struct, frozen=True):
    organisation_id: int
    name: str
    completion: Completion


class MemberCompletion(msgspec.Struct, frozen=True):
    member_id: int
    ho_ten: str
    completed: bool  # individual scores stay with the member


class QuestionFigure(msgspec.Struct, frozen=True):
    question_id: int
    text: str
    correct_rate: float  # percent of submissions that answered it right


class ModuleResults(msgspec.Struct, frozen=True):
    """Aggregated results for a chi bộ secretary (his chi bộ) or Tuyên giáo (every chi bộ)."""

    module_id: int
    title: str
    completion: Completion
    average_score: float  # percent, over submissions
    questions: list[QuestionFigure]
    chi_bo: list[ChiBoCompletion]
    members: list[MemberCompletion]  # when one chi bộ is asked for
