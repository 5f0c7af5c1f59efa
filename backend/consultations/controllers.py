"""``/api/consultations``: consultations, comments, votes, moderation, my comments, search."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, delete, get, post, put
from litestar.di import Provide
from litestar.params import HeaderParameter, Parameter, QueryParameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.citizens.keys import CitizenKeys
from backend.consultations.commenting import Commenting
from backend.consultations.consulting import Consultations
from backend.consultations.live import stream_of
from backend.consultations.mine import my_comments
from backend.consultations.moderation import Moderation
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.paging import Limit
from backend.events.log import EventLog
from shared.consultations import (
    CommentAnswer,
    CommentCreate,
    CommentPage,
    CommentSearchPage,
    CommentStatus,
    CommentView,
    ConsultationCreate,
    ConsultationDetail,
    ConsultationSummary,
    HideRequest,
    ModeratedComment,
    ModerationPage,
    MyCommentPage,
    VoteCast,
    VoteResult,
)

Cursor = Annotated[str | None, Parameter(max_length=200)]
UnitKeyPath = Annotated[str, Parameter(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$")]
UnitKeyQuery = Annotated[
    str | None,
    QueryParameter(name="unit", min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$"),
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=100,
        description="the same key again gives the same comment, never a second one",
    ),
]


class ConsultationController(Controller):
    path = "/api/consultations"
    tags = ["Góp ý dự thảo"]
    dependencies = {
        "actor": Provide(provide_actor),
        "consultations": inject(Consultations),
        "commenting": inject(Commenting),
        "moderation": inject(Moderation),
        "keys": inject(CitizenKeys),
        "events": inject(EventLog),
    }

    @get("/")
    async def list_consultations(
        self, actor: Actor, consultations: Consultations
    ) -> list[ConsultationSummary]:
        """The consultations the caller may read, the latest opened first."""
        return await consultations.list(actor)

    @post("/", status_code=201)
    async def create(
        self, actor: Actor, consultations: Consultations, data: ConsultationCreate
    ) -> ConsultationDetail:
        """Open a draft to comments for a period (tổ biên tập)."""
        return await consultations.create(actor, data)

    @get("/{consultation_id:int}")
    async def detail(
        self, actor: Actor, consultations: Consultations, events: EventLog, consultation_id: RowId
    ) -> ConsultationDetail:
        """The consultation, the draft's current units, the counts, the caller's votes. Follow
        the counts on ``consultation:{id}`` from ``last_event_id``."""
        last_event_id, found = await events.read_at(
            stream_of(consultation_id), lambda: consultations.detail(actor, consultation_id)
        )
        return msgspec.structs.replace(found, last_event_id=last_event_id)

    @post("/{consultation_id:int}/close", status_code=200)
    async def close(
        self, actor: Actor, consultations: Consultations, consultation_id: RowId
    ) -> ConsultationDetail:
        return await consultations.close(actor, consultation_id)

    @get("/{consultation_id:int}/comments")
    async def comments(
        self,
        actor: Actor,
        commenting: Commenting,
        consultation_id: RowId,
        unit_key: UnitKeyQuery = None,
        whole_draft: bool = False,
        cursor: Cursor = None,
        limit: Limit = 20,
    ) -> CommentPage:
        """Visible comments, newest first: on one unit (``unit``), on the whole draft
        (``whole_draft``), or all. Pseudonyms only."""
        return await commenting.page(
            actor,
            consultation_id,
            unit_key=unit_key,
            whole_draft=whole_draft,
            cursor=cursor,
            limit=limit,
        )

    @post("/{consultation_id:int}/comments", status_code=201, opt={"problems": (410, 428, 429)})
    async def comment(
        self,
        actor: Actor,
        commenting: Commenting,
        consultation_id: RowId,
        data: CommentCreate,
        idempotency_key: IdempotencyKey = None,
    ) -> CommentView:
        """Comment on a unit, a passage of one, or the whole draft (a citizen, while open; at
        most 2,000 characters, plain text)."""
        return await commenting.create(actor, consultation_id, data, idempotency_key)

    @put("/{consultation_id:int}/units/{unit_key:str}/vote", opt={"problems": (410, 428)})
    async def vote(
        self,
        actor: Actor,
        commenting: Commenting,
        consultation_id: RowId,
        unit_key: UnitKeyPath,
        data: VoteCast,
    ) -> VoteResult:
        """Agree or disagree with a unit: one vote per citizen and unit; again changes it."""
        return await commenting.vote(actor, consultation_id, unit_key, data.choice)

    @delete(
        "/{consultation_id:int}/units/{unit_key:str}/vote",
        status_code=200,
        opt={"problems": (410, 428)},
    )
    async def take_back_vote(
        self, actor: Actor, commenting: Commenting, consultation_id: RowId, unit_key: UnitKeyPath
    ) -> VoteResult:
        return await commenting.vote(actor, consultation_id, unit_key, None)

    @get("/{consultation_id:int}/moderation")
    async def queue(
        self,
        actor: Actor,
        moderation: Moderation,
        consultation_id: RowId,
        status: CommentStatus | None = None,
        unit_key: UnitKeyQuery = None,
        cursor: Cursor = None,
        limit: Limit = 20,
    ) -> ModerationPage:
        """The moderation queue (tổ biên tập), newest first."""
        return await moderation.queue(
            actor, consultation_id, status=status, unit_key=unit_key, cursor=cursor, limit=limit
        )

    @get("/comments/mine", opt={"problems": (410,)})
    async def mine(
        self, actor: Actor, keys: CitizenKeys, cursor: Cursor = None, limit: Limit = 20
    ) -> MyCommentPage:
        """The caller's own comments (a citizen): status, answer, whether he may withdraw."""
        return await my_comments(actor, keys, cursor=cursor, limit=limit)

    @get("/comments/search")
    async def search(
        self,
        actor: Actor,
        moderation: Moderation,
        q: str = "",
        consultation_id: RowId | None = None,
        offset: Annotated[int, Parameter(ge=0, le=10_000)] = 0,
        limit: Limit = 20,
    ) -> CommentSearchPage:
        """Comments by their words (tổ biên tập), accent-insensitive, exact diacritics first."""
        return await moderation.search(
            actor, q, consultation_id=consultation_id, offset=offset, limit=limit
        )

    @post("/comments/{comment_id:int}/withdraw", status_code=200, opt={"problems": (410,)})
    async def withdraw(
        self, actor: Actor, commenting: Commenting, comment_id: RowId
    ) -> CommentView:
        """Withdraw one's own comment while the consultation is open."""
        return await commenting.withdraw(actor, comment_id)

    @post("/comments/{comment_id:int}/hide", status_code=200)
    async def hide(
        self, actor: Actor, moderation: Moderation, comment_id: RowId, data: HideRequest
    ) -> ModeratedComment:
        return await moderation.hide(actor, comment_id, data.reason)

    @post("/comments/{comment_id:int}/restore", status_code=200)
    async def restore(
        self, actor: Actor, moderation: Moderation, comment_id: RowId
    ) -> ModeratedComment:
        return await moderation.restore(actor, comment_id)

    @post("/comments/{comment_id:int}/answer", status_code=200)
    async def answer(
        self, actor: Actor, moderation: Moderation, comment_id: RowId, data: CommentAnswer
    ) -> ModeratedComment:
        """Answer a comment; its author is told through the notification centre."""
        return await moderation.answer(actor, comment_id, data.text)
