"""Typed calls to ``/api/documents`` for the Văn bản pages (on the UI's in-process client)."""

from __future__ import annotations

from urllib.parse import urlencode

import msgspec

from frontend.api import ApiClient, _problem
from shared.documents import (
    AssignRequest,
    Colleague,
    DocumentDetail,
    DocumentMetadata,
    DocumentPage,
    DoneRequest,
    ForwardRequest,
    InboxPage,
    OpinionCreate,
    SearchPage,
    TimelineEntry,
    TransitionRequest,
)
from shared.files import PageCount


def _query(**params: object) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"?{urlencode(clean)}" if clean else ""


async def inbox(api: ApiClient, **filters: object) -> InboxPage:
    return await api.get(f"/api/documents/inbox{_query(**filters)}", InboxPage)


async def register_page(api: ApiClient, direction: str, cursor: str = "") -> DocumentPage:
    query = _query(direction=direction, cursor=cursor)
    return await api.get(f"/api/documents/register{query}", DocumentPage)


async def search(api: ApiClient, text: str) -> SearchPage:
    return await api.get(f"/api/documents/search{_query(q=text, limit=30)}", SearchPage)


async def detail(api: ApiClient, document_id: int) -> DocumentDetail:
    return await api.get(f"/api/documents/{document_id}", DocumentDetail)


async def timeline(api: ApiClient, document_id: int) -> list[TimelineEntry]:
    return await api.get(f"/api/documents/{document_id}/timeline", list[TimelineEntry])


async def colleagues(api: ApiClient) -> list[Colleague]:
    return await api.get("/api/documents/colleagues", list[Colleague])


async def page_count(api: ApiClient, sha256: str) -> PageCount:
    return await api.get(f"/api/files/{sha256}/pages", PageCount)


async def _post(api: ApiClient, path: str, body: object = None) -> DocumentDetail:
    return await api.request(  # type: ignore[return-value]
        "POST", path, body=body if body is not None else {}, type=DocumentDetail
    )


async def add_opinion(api: ApiClient, document_id: int, text: str) -> DocumentDetail:
    return await _post(api, f"/api/documents/{document_id}/opinions", OpinionCreate(text))


async def mark_done(api: ApiClient, document_id: int, result: str) -> DocumentDetail:
    return await _post(api, f"/api/documents/{document_id}/done", DoneRequest(result))


async def forward(api: ApiClient, document_id: int, request: ForwardRequest) -> DocumentDetail:
    return await _post(api, f"/api/documents/{document_id}/forward", request)


async def assign(api: ApiClient, document_id: int, request: AssignRequest) -> DocumentDetail:
    return await _post(api, f"/api/documents/{document_id}/assign", request)


async def transition(
    api: ApiClient, document_id: int, action: str, note: str = ""
) -> DocumentDetail:
    """submit, return, release, reopen."""
    body = TransitionRequest(note) if action in ("return", "reopen") else None
    return await _post(api, f"/api/documents/{document_id}/{action}", body)


async def register_document(
    api: ApiClient, metadata: DocumentMetadata, filename: str, content: bytes
) -> DocumentDetail:
    """``POST /api/documents`` (multipart: ``metadata`` JSON + ``file``)."""
    await api._prime_csrf()
    response = await api._http.post(
        "/api/documents/",
        data={"metadata": msgspec.json.encode(metadata).decode()},
        files={"file": (filename or "van-ban", content, "application/octet-stream")},
        headers=api._cookie_header(),
    )
    if response.status_code >= 400:
        raise _problem(response)
    return msgspec.json.decode(response.content, type=DocumentDetail)
