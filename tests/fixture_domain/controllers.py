from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.di import Provide

from backend import db
from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.clock import now
from tests.fixture_domain.policy import POLICY, NoteAction
from tests.fixture_domain.tables import FixtureNote


class NoteCreate(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class Note(msgspec.Struct, frozen=True):
    id: int
    text: str


class NoteController(Controller):
    path = "/api/fixture-notes"
    tags = ["Ghi chú (kiểm thử)"]
    dependencies = {"actor": Provide(provide_actor)}

    @get("/")
    async def notes(self, actor: Actor) -> list[Note]:
        rows = await FixtureNote.select(FixtureNote.id, FixtureNote.text).order_by(FixtureNote.id)
        return [Note(id=r["id"], text=r["text"]) for r in rows]

    @post("/")
    async def write(self, actor: Actor, data: NoteCreate) -> Note:
        POLICY.require(NoteAction.WRITE, actor, None)
        async with db.transaction():
            [row] = await FixtureNote.insert(
                FixtureNote(author=actor.id, text=data.text, created_at=now())
            ).returning(FixtureNote.id)
        return Note(id=row["id"], text=data.text)
