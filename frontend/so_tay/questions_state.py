"""State of hỏi – đáp: /so-tay/hoi-dap (ask the cấp ủy, my questions with their status, the
questions sent to the cấp ủy the caller sits on, the published FAQ) and
/so-tay/hoi-dap/[question_id] (one question, its answer, and the cấp ủy's actions)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.api import ApiClient
from frontend.so_tay import client
from frontend.so_tay.common import Notices
from shared.clock import dmy, dmy_hm
from shared.questions import (
    QUESTION_MAX_CHARS,
    QuestionAction,
    QuestionDetail,
    QuestionSummary,
)


@dataclass
class QuestionLine:
    href: str
    title: str
    note: str


@dataclass
class FaqLine:
    question: str
    answer: str
    note: str


def _line(q: QuestionSummary) -> QuestionLine:
    faq = " · trong hỏi – đáp chung" if q.faq_published else ""
    return QuestionLine(
        href=routes.filled(routes.HANDBOOK_QUESTION, q.id),
        title=q.excerpt,
        note=f"{q.status_label} · {q.organisation_name} · {dmy(q.asked_at)}{faq}",
    )


class QuestionsState(Notices, rx.State):
    loaded: bool = False
    mine: list[QuestionLine] = []
    inbox: list[QuestionLine] = []
    faq: list[FaqLine] = []
    max_chars: int = QUESTION_MAX_CHARS

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        faq = await self._read(client.faq)
        if faq is None:
            return
        self.faq = [
            FaqLine(f.question, f.answer, f"{f.organisation_name} · {dmy(f.published_at)}")
            for f in faq
        ]
        self.mine = [_line(q) for q in await self._call(client.my_questions) or []]
        self.inbox = [_line(q) for q in await self._call(client.question_inbox) or []]
        self.message = ""
        self.loaded = True

    @rx.event
    async def ask(self, form: dict):
        text = (form.get("text") or "").strip()
        if not text:
            return self._say("Hãy nhập câu hỏi.", False)
        self.busy = True
        asked = await self._call(lambda api: client.ask(api, text))
        self.busy = False
        if asked is None:
            return None
        return rx.redirect(routes.filled(routes.HANDBOOK_QUESTION, asked.id))


class QuestionState(Notices, rx.State):
    question_id: int = 0
    loaded: bool = False
    text: str = ""
    about: str = ""
    status: str = ""
    answer: str = ""
    answered: str = ""
    faq: str = ""
    actions: list[str] = []

    @rx.var
    def can(self) -> dict[str, bool]:
        return {a.value: a.value in self.actions for a in QuestionAction}

    def _apply(self, q: QuestionDetail) -> None:
        self.question_id = q.id
        self.text = q.text
        who = "" if q.mine else f"{q.asker_name} · "
        self.about = f"{who}gửi {q.organisation_name} · {dmy_hm(q.asked_at)}"
        self.status = q.status_label
        self.answer = q.answer
        self.answered = f"{q.answered_by_name} · {dmy_hm(q.answered_at)}" if q.answered_at else ""
        self.faq = "Đã đưa vào hỏi – đáp chung (không nêu tên người hỏi)." if q.faq else ""
        self.actions = [a.value for a in q.actions]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        question_id = self._param("question_id")
        if question_id is None:
            return
        found = await self._read(lambda api: client.question(api, question_id))
        if found is None:
            return
        self._apply(found)
        self.loaded = True

    async def _act(self, work: Callable[[ApiClient], Awaitable[QuestionDetail]], done: str):
        self.busy = True
        found = await self._call(work)
        self.busy = False
        if found is not None:
            self._apply(found)
            self._say(done, True)

    @rx.event
    async def send_answer(self, form: dict):
        text = (form.get("answer") or "").strip()
        if not text:
            return self._say("Hãy nhập câu trả lời.", False)
        await self._act(
            lambda api: client.answer(api, self.question_id, text), "Đã gửi câu trả lời."
        )
        return None

    @rx.event
    async def publish_faq(self):
        await self._act(
            lambda api: client.publish_faq(api, self.question_id),
            "Đã đưa vào hỏi – đáp chung, không nêu tên người hỏi.",
        )

    @rx.event
    async def withdraw_faq(self):
        await self._act(
            lambda api: client.withdraw_faq(api, self.question_id),
            "Đã rút khỏi hỏi – đáp chung.",
        )
