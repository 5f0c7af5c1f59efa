"""``/api/study``: study modules, taking their quiz, and aggregated results."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.study import quiz
from backend.study.modules import Modules, detail_of, modules
from backend.study.records import seen_module
from backend.study.results import results
from shared.study import (
    AnswerSubmit,
    AttemptResult,
    ModuleCreate,
    ModuleDetail,
    ModuleResults,
    ModuleSummary,
    ModuleUpdate,
)


class StudyController(Controller):
    path = "/api/study"
    tags = ["Học tập nghị quyết"]
    dependencies = {"actor": Provide(provide_actor), "authoring": inject(Modules)}

    @get("/modules")
    async def list_modules(self, actor: Actor) -> list[ModuleSummary]:
        """The modules for the caller's chi bộ (all of them, for Tuyên giáo), latest deadline
        first, with his own score once submitted."""
        return await modules(actor)

    @post("/modules", status_code=201)
    async def create(self, actor: Actor, authoring: Modules, data: ModuleCreate) -> ModuleDetail:
        return await authoring.create(actor, data)

    @get("/modules/{module_id:int}")
    async def detail(self, actor: Actor, module_id: RowId) -> ModuleDetail:
        """Readings and questions; the answers and explanations once the caller submitted."""
        return await detail_of(actor, await seen_module(actor, module_id))

    @patch("/modules/{module_id:int}")
    async def edit(
        self, actor: Actor, authoring: Modules, module_id: RowId, data: ModuleUpdate
    ) -> ModuleDetail:
        return await authoring.edit(actor, module_id, data)

    @post("/modules/{module_id:int}/publish", status_code=200)
    async def publish(self, actor: Actor, authoring: Modules, module_id: RowId) -> ModuleDetail:
        """Publish to the members of the scope (notified)."""
        return await authoring.publish(actor, module_id)

    @post("/modules/{module_id:int}/answers", status_code=201)
    async def submit(self, actor: Actor, module_id: RowId, data: AnswerSubmit) -> AttemptResult:
        """Submit one answer per question; refused after the deadline."""
        return await quiz.submit(actor, module_id, data.answers)

    @get("/modules/{module_id:int}/results", opt={"problems": (409, 422)})
    async def results(
        self, actor: Actor, module_id: RowId, organisation_id: RowId | None = None
    ) -> ModuleResults:
        """Aggregated results and completion per chi bộ, for one organisation of the scope."""
        return await results(actor, module_id, organisation_id)
