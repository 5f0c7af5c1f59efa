"""``/api/library``: reading an article, searching the library, and the reader's own marks and
position."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.di import Provide
from litestar.params import Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.paging import Limit
from backend.library import marks, progress, reading
from backend.library.controllers import cached
from backend.library.searching import search_articles
from shared.library import (
    ArticleContent,
    ArticleDetail,
    ArticleVersionInfo,
    Bookmark,
    Highlight,
    HighlightCreate,
    HighlightUpdate,
    LibraryChanges,
    LibrarySearchPage,
    ReadingPosition,
    ReadingUpdate,
)


class ReaderController(Controller):
    path = "/api/library"
    tags = ["Thư viện văn kiện"]
    dependencies = {"actor": Provide(provide_actor)}

    @get("/search")
    async def search(
        self,
        actor: Actor,
        q: str = "",
        collection_id: RowId | None = None,
        offset: Annotated[int, Parameter(ge=0, le=10_000)] = 0,
        limit: Limit = 20,
    ) -> LibrarySearchPage:
        """Published articles (of one collection, if asked) by their label, title and text;
        accent-insensitive, exact diacritics first, as document search. At most 200
        characters once the spaces around it are trimmed."""
        return await search_articles(
            actor, q, collection_id=collection_id, offset=offset, limit=limit
        )

    @get("/articles/{article_id:int}")
    async def article(self, actor: Actor, article_id: RowId) -> ArticleDetail:
        """The article with the reader's bookmark and highlights, and its neighbours."""
        return await reading.article_detail(actor, article_id)

    @get("/articles/{article_id:int}/content", opt={"not_modified": True})
    async def article_content(
        self, request: Request, actor: Actor, article_id: RowId, version: int | None = None
    ) -> Response[ArticleContent]:
        """The article alone, nothing personal: what a phone stores (immutable when asked
        with its current version)."""
        content = await reading.article(actor, article_id)
        return cached(request, content, content.hash, immutable=version == content.version)

    @get("/articles/{article_id:int}/history")
    async def history(self, actor: Actor, article_id: RowId) -> list[ArticleVersionInfo]:
        return await reading.history(actor, article_id)

    @put("/articles/{article_id:int}/bookmark")
    async def add_bookmark(self, actor: Actor, article_id: RowId) -> ArticleDetail:
        await marks.bookmark(actor, article_id, on=True)
        return await reading.article_detail(actor, article_id)

    @delete("/articles/{article_id:int}/bookmark", status_code=200)
    async def remove_bookmark(self, actor: Actor, article_id: RowId) -> ArticleDetail:
        await marks.bookmark(actor, article_id, on=False)
        return await reading.article_detail(actor, article_id)

    @get("/bookmarks")
    async def bookmarks(self, actor: Actor) -> list[Bookmark]:
        return await marks.bookmarks(actor)

    @post("/articles/{article_id:int}/highlights", status_code=201)
    async def add_highlight(
        self, actor: Actor, article_id: RowId, data: HighlightCreate
    ) -> Highlight:
        """Mark characters ``start``–``end`` of block ``block``, with a personal note."""
        return await marks.add_highlight(actor, article_id, data)

    @get("/highlights")
    async def highlights(self, actor: Actor) -> list[Highlight]:
        return await marks.highlights(actor)

    @patch("/highlights/{highlight_id:int}")
    async def update_highlight(
        self, actor: Actor, highlight_id: RowId, data: HighlightUpdate
    ) -> Highlight:
        return await marks.update_highlight(actor, highlight_id, data.note)

    @delete("/highlights/{highlight_id:int}", status_code=204)
    async def delete_highlight(self, actor: Actor, highlight_id: RowId) -> None:
        await marks.delete_highlight(actor, highlight_id)

    @put("/reading")
    async def save_position(self, actor: Actor, data: ReadingUpdate) -> ReadingPosition:
        """Where the reader is in a document ("đọc tiếp")."""
        return await progress.save_position(actor, data)

    @get("/reading")
    async def positions(self, actor: Actor) -> list[ReadingPosition]:
        return await progress.positions(actor)

    @get("/changes")
    async def changes(self, actor: Actor) -> LibraryChanges:
        """Articles added or changed since the reader last marked the changes seen."""
        return await progress.changes(actor)

    @post("/changes/seen", status_code=200)
    async def seen(self, actor: Actor) -> LibraryChanges:
        return await progress.mark_seen(actor)
