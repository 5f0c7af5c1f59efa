"""``/api/questions``: asking the cấp ủy, the answers, the anonymous FAQ and its search."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.paging import Limit
from backend.questions import queries
from backend.questions.asking import Questions, detail
from shared.questions import (
    AnswerRequest,
    FaqEntry,
    FaqPublish,
    FaqSearchPage,
    QuestionCreate,
    QuestionDetail,
    QuestionStatus,
    QuestionSummary,
)


class QuestionController(Controller):
    path = "/api/questions"
    tags = ["Hỏi đáp"]
    dependencies = {"actor": Provide(provide_actor), "questions": inject(Questions)}

    @post("/", status_code=201)
    async def ask(self, actor: Actor, questions: Questions, data: QuestionCreate) -> QuestionDetail:
        """Ask one's chi bộ's cấp ủy (or one above) privately; at most 2,000 characters."""
        return await questions.ask(actor, data)

    @get("/mine")
    async def mine(self, actor: Actor) -> list[QuestionSummary]:
        return await queries.mine(actor)

    @get("/inbox")
    async def inbox(
        self, actor: Actor, status: QuestionStatus | None = None
    ) -> list[QuestionSummary]:
        """Questions to the cấp ủy the caller sits on, the waiting ones first."""
        return await queries.inbox(actor, status)

    @get("/faq")
    async def faq(self, actor: Actor, organisation_id: RowId | None = None) -> list[FaqEntry]:
        """Published answers, anonymous, newest first."""
        return await queries.faq(actor, organisation_id)

    @get("/faq/search")
    async def search_faq(
        self,
        actor: Actor,
        q: str = "",
        organisation_id: RowId | None = None,
        offset: Annotated[int, Parameter(ge=0, le=10_000)] = 0,
        limit: Limit = 20,
    ) -> FaqSearchPage:
        """Published answers (of one organisation's cấp ủy, if asked) by their question and
        answer; accent-insensitive, exact diacritics first, as document search. At most 200
        characters once the spaces around it are trimmed."""
        return await queries.search_faq(
            actor, q, organisation_id=organisation_id, offset=offset, limit=limit
        )

    @get("/{question_id:int}")
    async def detail(self, actor: Actor, question_id: RowId) -> QuestionDetail:
        return await detail(actor, question_id)

    @post("/{question_id:int}/answer", status_code=200)
    async def answer(
        self, actor: Actor, questions: Questions, question_id: RowId, data: AnswerRequest
    ) -> QuestionDetail:
        return await questions.answer(actor, question_id, data.text)

    @post("/{question_id:int}/faq", status_code=200)
    async def publish_faq(
        self, actor: Actor, questions: Questions, question_id: RowId, data: FaqPublish
    ) -> QuestionDetail:
        """Publish the answer in the FAQ, in a wording that names no one."""
        return await questions.publish_faq(actor, question_id, data)

    @post("/{question_id:int}/faq/withdraw", status_code=200)
    async def withdraw_faq(
        self, actor: Actor, questions: Questions, question_id: RowId
    ) -> QuestionDetail:
        return await questions.withdraw_faq(actor, question_id)
