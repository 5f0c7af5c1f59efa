"""``/api/drafts``: publishing drafts and their versions, reading a version, the diff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter, QueryParameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.consultations.docx_text import docx_to_text
from backend.consultations.drafting import Drafts
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.problems import Problem
from shared.consultations import (
    DOCX_MAX_BYTES,
    DraftCreate,
    DraftDetail,
    DraftRevise,
    DraftSummary,
    DraftVersionView,
    SourceKind,
    VersionDiff,
)

VersionNumber = Annotated[int, Parameter(ge=1, le=100_000)]


@dataclass
class DocxDraftForm:
    """``file``: the DOCX; ``title`` for a new draft, ``note`` for a new version."""

    file: UploadFile
    title: str = ""
    summary: str = ""
    note: str = ""


async def read_docx(upload: UploadFile) -> str:
    try:
        data = await upload.read(DOCX_MAX_BYTES + 1)
    finally:
        await upload.close()
    if len(data) > DOCX_MAX_BYTES:
        raise Problem(
            413,
            f"Tệp dự thảo quá {DOCX_MAX_BYTES // (1024 * 1024)} MB.",
            code="file_too_large",
        )
    return docx_to_text(data)


def _short(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise Problem(400, f"{what} dài quá {limit} ký tự.", code="too_long")
    return value


class DraftController(Controller):
    path = "/api/drafts"
    tags = ["Góp ý dự thảo"]
    dependencies = {"actor": Provide(provide_actor), "drafts": inject(Drafts)}

    @get("/")
    async def list_drafts(self, actor: Actor, drafts: Drafts) -> list[DraftSummary]:
        """Every draft, the latest changed first (tổ biên tập)."""
        return await drafts.list(actor)

    @post("/", status_code=201)
    async def create(self, actor: Actor, drafts: Drafts, data: DraftCreate) -> DraftDetail:
        """Publish a draft from structured text (phần, mục, numbered points, paragraphs)."""
        return await drafts.create(
            actor, title=data.title, summary=data.summary, text=data.text, source=SourceKind.TEXT
        )

    @post("/docx", status_code=201)
    async def create_from_docx(
        self,
        actor: Actor,
        drafts: Drafts,
        data: Annotated[DocxDraftForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> DraftDetail:
        """Publish a draft from a DOCX (paragraphs in order; Word's numbering kept)."""
        text = await read_docx(data.file)
        return await drafts.create(
            actor,
            title=_short(data.title, 300, "Tên dự thảo"),
            summary=_short(data.summary, 2000, "Tóm tắt"),
            text=text,
            source=SourceKind.DOCX,
        )

    @get("/{draft_id:int}")
    async def detail(self, actor: Actor, drafts: Drafts, draft_id: RowId) -> DraftDetail:
        return await drafts.detail(actor, draft_id)

    @post("/{draft_id:int}/versions", status_code=201)
    async def revise(
        self, actor: Actor, drafts: Drafts, draft_id: RowId, data: DraftRevise
    ) -> DraftDetail:
        """Publish a revised version: matched units keep their keys (and their comments)."""
        return await drafts.revise(
            actor, draft_id, text=data.text, note=data.note, source=SourceKind.TEXT
        )

    @post("/{draft_id:int}/versions/docx", status_code=201)
    async def revise_from_docx(
        self,
        actor: Actor,
        drafts: Drafts,
        draft_id: RowId,
        data: Annotated[DocxDraftForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> DraftDetail:
        text = await read_docx(data.file)
        return await drafts.revise(
            actor,
            draft_id,
            text=text,
            note=_short(data.note, 2000, "Ghi chú"),
            source=SourceKind.DOCX,
        )

    @get("/{draft_id:int}/versions/{number:int}")
    async def version(
        self, actor: Actor, drafts: Drafts, draft_id: RowId, number: VersionNumber
    ) -> DraftVersionView:
        return await drafts.version(actor, draft_id, number)

    @get("/{draft_id:int}/diff")
    async def diff(
        self,
        actor: Actor,
        drafts: Drafts,
        draft_id: RowId,
        old: Annotated[int | None, QueryParameter(name="from", ge=1, le=100_000)] = None,
        new: Annotated[int | None, QueryParameter(name="to", ge=1, le=100_000)] = None,
    ) -> VersionDiff:
        """What changed from one version to another (by default the previous one to the
        current one): units added, removed, moved, edited (with a word diff)."""
        return await drafts.diff(actor, draft_id, old, new)
