"""``/api/documents`` (and the file store's page images) as the Văn bản pages call them."""

from __future__ import annotations

import msgspec

from frontend.api import ApiClient, Endpoint
from shared.documents import (
    AssignRequest,
    Colleague,
    DocumentAction,
    DocumentDetail,
    DocumentMetadata,
    DocumentPage,
    DoneRequest,
    ForwardRequest,
    InboxPage,
    OpinionCreate,
    SearchPage,
    TransitionRequest,
)
from shared.files import PageCount

# The key of this domain's global actions in ``Me.actions``.
DOMAIN = "documents"

_DOCUMENT = "/api/documents/{document_id}"

REGISTER_DOCUMENT = Endpoint("POST", "/api/documents", DocumentDetail)
INBOX = Endpoint(
    "GET",
    "/api/documents/inbox",
    InboxPage,
    query=("view", "overdue", "do_khan", "cursor", "limit"),
)
REGISTER = Endpoint("GET", "/api/documents/register", DocumentPage, query=("direction", "cursor"))
SEARCH = Endpoint("GET", "/api/documents/search", SearchPage, query=("q", "limit"))
COLLEAGUES = Endpoint("GET", "/api/documents/colleagues", list[Colleague])
DETAIL = Endpoint("GET", _DOCUMENT, DocumentDetail)
ADD_OPINION = Endpoint("POST", f"{_DOCUMENT}/opinions", DocumentDetail)
MARK_DONE = Endpoint("POST", f"{_DOCUMENT}/done", DocumentDetail)
FORWARD = Endpoint("POST", f"{_DOCUMENT}/forward", DocumentDetail)
ASSIGN = Endpoint("POST", f"{_DOCUMENT}/assign", DocumentDetail)
# The steps of a document's life that take nothing but an optional note.
TRANSITIONS = {
    DocumentAction.SUBMIT: Endpoint("POST", f"{_DOCUMENT}/submit", DocumentDetail),
    DocumentAction.RETURN: Endpoint("POST", f"{_DOCUMENT}/return", DocumentDetail),
    DocumentAction.RELEASE: Endpoint("POST", f"{_DOCUMENT}/release", DocumentDetail),
    DocumentAction.REOPEN: Endpoint("POST", f"{_DOCUMENT}/reopen", DocumentDetail),
}
_WITH_NOTE = {DocumentAction.RETURN, DocumentAction.REOPEN}
# Signing runs in the page (signing.js: the passkey assertion), which calls these two.
SIGN_BEGIN = Endpoint("POST", f"{_DOCUMENT}/sign/begin")
SIGN_FINISH = Endpoint("POST", f"{_DOCUMENT}/sign/finish")

# The file store, as the browser loads it (image sources and download links).
PAGE_COUNT = Endpoint("GET", "/api/files/{sha256}/pages", PageCount)
PAGE_IMAGE = Endpoint("GET", "/api/files/{sha256}/pages/{page}", query=("width",))
DOWNLOAD = Endpoint("GET", "/api/files/{sha256}", query=("download",))


async def inbox(api: ApiClient, **filters: object) -> InboxPage:
    return await api.get(INBOX, query=filters)


async def register_page(api: ApiClient, direction: str, cursor: str = "") -> DocumentPage:
    return await api.get(REGISTER, query={"direction": direction, "cursor": cursor})


async def search(api: ApiClient, text: str) -> SearchPage:
    return await api.get(SEARCH, query={"q": text, "limit": 30})


async def detail(api: ApiClient, document_id: int) -> DocumentDetail:
    return await api.get(DETAIL, document_id=document_id)


async def colleagues(api: ApiClient) -> list[Colleague]:
    return await api.get(COLLEAGUES)


async def page_count(api: ApiClient, sha256: str) -> PageCount:
    return await api.get(PAGE_COUNT, sha256=sha256)


async def add_opinion(api: ApiClient, document_id: int, text: str) -> DocumentDetail:
    return await api.post(ADD_OPINION, OpinionCreate(text), document_id=document_id)


async def mark_done(api: ApiClient, document_id: int, result: str) -> DocumentDetail:
    return await api.post(MARK_DONE, DoneRequest(result), document_id=document_id)


async def forward(api: ApiClient, document_id: int, request: ForwardRequest) -> DocumentDetail:
    return await api.post(FORWARD, request, document_id=document_id)


async def assign(api: ApiClient, document_id: int, request: AssignRequest) -> DocumentDetail:
    return await api.post(ASSIGN, request, document_id=document_id)


async def transition(
    api: ApiClient, document_id: int, action: DocumentAction, note: str = ""
) -> DocumentDetail:
    """Submit, return, release or reopen."""
    body = TransitionRequest(note) if action in _WITH_NOTE else None
    return await api.post(TRANSITIONS[action], body, document_id=document_id)


async def register_document(
    api: ApiClient, metadata: DocumentMetadata, filename: str, content: bytes
) -> DocumentDetail:
    """Vào sổ an incoming document or start an outgoing draft (multipart: ``metadata`` as
    JSON and the ``file``)."""
    return await api.upload(
        REGISTER_DOCUMENT,
        files={"file": (filename or "van-ban", content, "application/octet-stream")},
        fields={"metadata": msgspec.json.encode(metadata).decode()},
    )
