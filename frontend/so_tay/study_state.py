"""State of the study screens: /so-tay/hoc-tap (the modules of the member's scope) and
/so-tay/hoc-tap/[module_id] (readings, the quiz, its result with every explanation, and the
completion figures for those the API lets see them)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.so_tay import client
from frontend.so_tay.common import Notices, heading, percent
from shared.clock import dmy_hm
from shared.study import AttemptResult, ModuleDetail, ModuleResults, StudyAction


@dataclass
class ModuleLine:
    href: str
    title: str
    note: str


class StudyState(Notices, rx.State):
    loaded: bool = False
    modules: list[ModuleLine] = []

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        found = await self._read(client.modules)
        if found is None:
            return
        self.modules = [
            ModuleLine(
                href=routes.filled(routes.HANDBOOK_MODULE, m.id),
                title=m.title,
                note=" · ".join(
                    [
                        f"Hạn {dmy_hm(m.deadline)}" + (" (đã hết hạn)" if m.overdue else ""),
                        f"Đã làm: {m.score}/{m.total} câu đúng" if m.submitted else "Chưa làm",
                        m.state_label,
                    ]
                ),
            )
            for m in found
        ]
        self.loaded = True


@dataclass
class QuizLine:
    name: str  # the form field: "q-<position>"
    number: str
    text: str
    choices: list[list[str]]  # [value, label]


@dataclass
class ResultLine:
    number: str
    text: str
    chosen: str
    correct: str
    right: bool
    explanation: str


@dataclass
class FigureLine:
    label: str
    rate: int
    caption: str


def _results(r: AttemptResult) -> list[ResultLine]:
    return [
        ResultLine(
            number=f"Câu {i}",
            text=q.text,
            chosen=f"Bạn chọn: {q.choices[q.chosen]}" if 0 <= q.chosen < len(q.choices) else "",
            correct=f"Đáp án đúng: {q.choices[q.correct]}",
            right=q.is_correct,
            explanation=q.explanation,
        )
        for i, q in enumerate(r.questions, start=1)
    ]


class ModuleState(Notices, rx.State):
    module_id: int = 0
    loaded: bool = False
    title: str = ""
    summary: str = ""
    about: str = ""
    readings: list[ModuleLine] = []
    quiz: list[QuizLine] = []
    result_score: str = ""
    results: list[ResultLine] = []
    actions: list[str] = []
    # The completion figures (VIEW_RESULTS): per chi bộ, per question, who completed.
    completion: str = ""
    chi_bo: list[FigureLine] = []
    question_figures: list[FigureLine] = []
    completed: list[str] = []

    @rx.var
    def can_take(self) -> bool:
        return StudyAction.TAKE.value in self.actions

    def _apply(self, m: ModuleDetail) -> None:
        self.module_id = m.id
        self.title = m.title
        self.summary = m.summary
        self.about = f"{m.organisation_name} · hạn {dmy_hm(m.deadline)}" + (
            " (đã hết hạn)" if m.overdue else ""
        )
        self.readings = [
            ModuleLine(
                href=routes.filled(routes.HANDBOOK_ARTICLE, r.article_id),
                title=heading(r.label, r.title),
                note=r.document_title,
            )
            for r in m.readings
        ]
        self.quiz = [
            QuizLine(
                name=f"q-{i}",
                number=f"Câu {i + 1}",
                text=q.text,
                choices=[[str(c), text] for c, text in enumerate(q.choices)],
            )
            for i, q in enumerate(m.questions)
        ]
        self.actions = [a.value for a in m.actions]
        self._apply_result(m.my_result)

    def _apply_result(self, r: AttemptResult | None) -> None:
        self.result_score = (
            f"Bạn trả lời đúng {r.score}/{r.total} câu ({dmy_hm(r.submitted_at)})" if r else ""
        )
        self.results = _results(r) if r else []

    def _apply_figures(self, f: ModuleResults) -> None:
        c = f.completion
        self.completion = (
            f"Hoàn thành {c.completed}/{c.required} đảng viên ({percent(c.rate)}); "
            f"điểm trung bình {percent(f.average_score)}."
        )
        self.chi_bo = [
            FigureLine(
                b.name,
                round(b.completion.rate),
                f"{percent(b.completion.rate)} ({b.completion.completed}/{b.completion.required})",
            )
            for b in f.chi_bo
        ]
        self.question_figures = [
            FigureLine(q.text, round(q.correct_rate), f"{percent(q.correct_rate)} trả lời đúng")
            for q in f.questions
        ]
        self.completed = [
            f"{m.ho_ten}: {'đã hoàn thành' if m.completed else 'chưa làm'}" for m in f.members
        ]

    async def _load_figures(self, module_id: int) -> None:
        """The figures of the organisations the caller oversees: those where he holds a
        position (his chi bộ, a đảng bộ), the first the API answers for; with none, the
        module's whole scope (Tuyên giáo)."""
        held = await self._call(client.my_positions) or []
        candidates: list[int | None] = list(dict.fromkeys(p.organisation_id for p in held))
        for organisation_id in [*candidates, None]:
            figures = await self._call(
                lambda api, o=organisation_id: client.module_results(api, module_id, o)
            )
            if figures is not None:
                self._apply_figures(figures)
                break
        self.message = ""

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded, self.completion = "", "", False, ""
        module_id = self._param("module_id")
        if module_id is None:
            return
        found = await self._read(lambda api: client.module(api, module_id))
        if found is None:
            return
        self._apply(found)
        if StudyAction.VIEW_RESULTS in found.actions:
            await self._load_figures(module_id)
        self.loaded = True

    @rx.event
    async def submit(self, form: dict):
        answers = []
        for line in self.quiz:
            chosen = str(form.get(line.name) or "")
            if not chosen.isdigit():
                return self._say(f"Hãy trả lời {line.number.lower()}.", False)
            answers.append(int(chosen))
        self.busy = True
        result = await self._call(lambda api: client.submit_answers(api, self.module_id, answers))
        self.busy = False
        if result is None:
            return None
        self._apply_result(result)
        self._say(f"Đã nộp bài: đúng {result.score}/{result.total} câu.", True)
        return None
