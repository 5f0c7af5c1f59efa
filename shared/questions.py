"""Hỏi – đáp: a member's private questions to his cấp ủy, their answers, and the anonymous FAQ."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

QUESTION_MAX_CHARS = 2000  # longer questions are refused (the API says so in Vietnamese)
ANSWER_MAX_CHARS = 10_000


class QuestionStatus(enum.StrEnum):
    WAITING = "cho_tra_loi"
    ANSWERED = "da_tra_loi"


QUESTION_STATUS_LABELS: dict[QuestionStatus, str] = {
    QuestionStatus.WAITING: "Chờ trả lời",
    QuestionStatus.ANSWERED: "Đã trả lời",
}


class QuestionAction(enum.StrEnum):
    # Global.
    ASK = "ask"  # a party member
    READ_FAQ = "read_faq"
    SEARCH_FAQ = "search_faq"  # the published answers, through the one search service
    # On a question.
    ANSWER = "answer"  # the cấp ủy it was sent to
    PUBLISH_FAQ = "publish_faq"  # the same, once answered: anonymously
    WITHDRAW_FAQ = "withdraw_faq"


class QuestionCreate(msgspec.Struct, frozen=True):
    # Checked against QUESTION_MAX_CHARS by the service, which says how long it was.
    text: Annotated[str, msgspec.Meta(max_length=100_000)]
    # The cấp ủy asked: his chi bộ's (by default) or one above it.
    organisation_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)] | None = None


class AnswerRequest(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=ANSWER_MAX_CHARS)]


class FaqPublish(msgspec.Struct, frozen=True):
    # The wording published (edited so that nothing identifies the asker); the question's
    # own text and its answer when not given.
    question: Annotated[str, msgspec.Meta(max_length=QUESTION_MAX_CHARS)] | None = None
    answer: Annotated[str, msgspec.Meta(max_length=ANSWER_MAX_CHARS)] | None = None


class FaqEntry(msgspec.Struct, frozen=True):
    id: int
    organisation_id: int
    organisation_name: str
    question: str
    answer: str
    published_at: datetime


class FaqSearchHit(msgspec.Struct, frozen=True):
    """A published FAQ entry found by ``GET /api/questions/faq/search``."""

    entry: FaqEntry
    exact: bool  # every word matched with its diacritics
    in_metadata: bool  # every word matched in the question


class FaqSearchPage(msgspec.Struct, frozen=True):
    query: str
    items: list[FaqSearchHit]
    offset: int
    has_more: bool


class QuestionSummary(msgspec.Struct, frozen=True):
    id: int
    organisation_name: str
    excerpt: str
    status: QuestionStatus
    status_label: str
    asked_at: datetime
    answered_at: datetime | None
    faq_published: bool


class QuestionDetail(msgspec.Struct, frozen=True):
    id: int
    organisation_id: int
    organisation_name: str
    text: str
    status: QuestionStatus
    status_label: str
    asked_at: datetime
    asker_name: str  # private between the asker and the cấp ủy; never in the FAQ
    mine: bool
    answer: str
    answered_by_name: str
    answered_at: datetime | None
    faq: FaqEntry | None
    actions: list[QuestionAction] = []
