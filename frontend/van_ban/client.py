"""``/api/documents`` (and the file store's page images) as the Văn bản pages call them."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.documents import (
    AssignRequest,
    Colleague,
    DocumentAction,
    DocumentDetail,
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
AWAITING_ASSIGNMENT = Endpoint(
    "GET", "/api/documents/awaiting-assignment", DocumentPage, query=("cursor", "limit")
)
SEARCH = Endpoint("GET", "/api/documents/search", SearchPage, query=("q", "limit"))
COLLEAGUES = Endpoint("GET", "/api/documents/colleagues", list[Colleague])
DETAIL = Endpoint("GET", _DOCUMENT, DocumentDetail)
ADD_OPINION = Endpoint("POST", f"{_DOCUMENT}/opinions", DocumentDetail)
MARK_DONE = Endpoint("POST", f"{_DOCUMENT}/done", DocumentDetail)
FORWARD = Endpoint("POST", f"{_DOCUMENT}/forward", DocumentDetail)
ASSIGN = Endpoint("POST", f"{_DOCUMENT}/assign", DocumentDetail)
# The steps of a document's life that take nothing but an optional note.
TRANSITIONS = {
    DocumentAction.SEND_TO_LEADER: Endpoint("POST", f"{_DOCUMENT}/send-to-leader", DocumentDetail),
    DocumentAction.SUBMIT: Endpoint("POST", f"{_DOCUMENT}/submit", DocumentDetail),
    DocumentAction.RETURN: Endpoint("POST", f"{_DOCUMENT}/return", DocumentDetail),
    DocumentAction.REOPEN: Endpoint("POST", f"{_DOCUMENT}/reopen", DocumentDetail),
}
_WITH_NOTE = {DocumentAction.RETURN, DocumentAction.REOPEN}
# The two passkey steps run in the page (signing.js: the assertion), which calls these: the
# lãnh đạo's approval (sign) and the văn thư's release (số, ngày, the organisation's signature).
SIGN_BEGIN = Endpoint("POST", f"{_DOCUMENT}/sign/begin")
SIGN_FINISH = Endpoint("POST", f"{_DOCUMENT}/sign/finish")
RELEASE_BEGIN = Endpoint("POST", f"{_DOCUMENT}/release/begin")
RELEASE_FINISH = Endpoint("POST", f"{_DOCUMENT}/release/finish")
# Registering runs in the page too (van-ban-vao-so.js posts the form to REGISTER_DOCUMENT), so
# the file goes from the browser to the API in one request and is held in memory there.

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


async def awaiting_assignment(api: ApiClient, limit: int = 5) -> DocumentPage:
    return await api.get(AWAITING_ASSIGNMENT, query={"limit": limit})


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
    """Send to the leaders, submit, return or reopen."""
    body = TransitionRequest(note) if action in _WITH_NOTE else None
    return await api.post(TRANSITIONS[action], body, document_id=document_id)
