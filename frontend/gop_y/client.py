"""The consultations' routes (drafts, versions, consultations, comments, votes, moderation,
synthesis, giải trình, the report) as the Góp ý pages call them. The citizen's consent notice
is the citizens' (``frontend/cong_dan/client.py``)."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.consultations import (
    IDEMPOTENCY_HEADER,
    CommentAnswer,
    CommentCreate,
    CommentPage,
    CommentSearchPage,
    CommentView,
    ConsultationCharts,
    ConsultationCreate,
    ConsultationDetail,
    ConsultationSummary,
    ConsultationSynthesis,
    DraftCreate,
    DraftDetail,
    DraftRevise,
    DraftSummary,
    DraftVersionView,
    ExplanationSet,
    ExplanationTable,
    ExplanationView,
    HideRequest,
    ModeratedComment,
    ModerationPage,
    MyCommentPage,
    VersionDiff,
    VoteCast,
    VoteChoice,
    VoteResult,
)

# ---- drafts ---------------------------------------------------------------------------------

_DRAFT = "/api/drafts/{draft_id}"
DRAFTS = Endpoint("GET", "/api/drafts", list[DraftSummary])
PUBLISH_DRAFT = Endpoint("POST", "/api/drafts", DraftDetail)
PUBLISH_DRAFT_DOCX = Endpoint("POST", "/api/drafts/docx", DraftDetail)
DRAFT = Endpoint("GET", _DRAFT, DraftDetail)
REVISE = Endpoint("POST", f"{_DRAFT}/versions", DraftDetail)
REVISE_DOCX = Endpoint("POST", f"{_DRAFT}/versions/docx", DraftDetail)
VERSION = Endpoint("GET", f"{_DRAFT}/versions/{{number}}", DraftVersionView)
DIFF = Endpoint("GET", f"{_DRAFT}/diff", VersionDiff, query=("from", "to"))

# ---- consultations --------------------------------------------------------------------------

_CONSULTATION = "/api/consultations/{consultation_id}"
_COMMENT = "/api/consultations/comments/{comment_id}"
CONSULTATIONS = Endpoint("GET", "/api/consultations", list[ConsultationSummary])
OPEN_CONSULTATION = Endpoint("POST", "/api/consultations", ConsultationDetail)
CONSULTATION = Endpoint("GET", _CONSULTATION, ConsultationDetail)
CLOSE = Endpoint("POST", f"{_CONSULTATION}/close", ConsultationDetail)
COMMENTS = Endpoint(
    "GET",
    f"{_CONSULTATION}/comments",
    CommentPage,
    query=("unit", "whole_draft", "cursor", "limit"),
)
COMMENT = Endpoint("POST", f"{_CONSULTATION}/comments", CommentView)
VOTE = Endpoint("PUT", f"{_CONSULTATION}/units/{{unit_key}}/vote", VoteResult)
TAKE_BACK_VOTE = Endpoint("DELETE", f"{_CONSULTATION}/units/{{unit_key}}/vote", VoteResult)
MODERATION = Endpoint(
    "GET",
    f"{_CONSULTATION}/moderation",
    ModerationPage,
    query=("status", "unit", "cursor", "limit"),
)
MY_COMMENTS = Endpoint("GET", "/api/consultations/comments/mine", MyCommentPage, query=("cursor",))
SEARCH = Endpoint(
    "GET",
    "/api/consultations/comments/search",
    CommentSearchPage,
    query=("q", "consultation_id", "offset", "limit"),
)
WITHDRAW = Endpoint("POST", f"{_COMMENT}/withdraw", CommentView)
HIDE = Endpoint("POST", f"{_COMMENT}/hide", ModeratedComment)
RESTORE = Endpoint("POST", f"{_COMMENT}/restore", ModeratedComment)
ANSWER = Endpoint("POST", f"{_COMMENT}/answer", ModeratedComment)

# ---- synthesis, giải trình, charts, the report --------------------------------------------

SYNTHESIS = Endpoint("GET", f"{_CONSULTATION}/synthesis", ConsultationSynthesis)
CHARTS = Endpoint("GET", f"{_CONSULTATION}/charts", ConsultationCharts)
EXPLANATIONS = Endpoint("GET", f"{_CONSULTATION}/explanations", ExplanationTable)
EXPLAIN = Endpoint("PUT", f"{_CONSULTATION}/explanations/{{unit_key}}", ExplanationView)
PUBLISH_EXPLANATIONS = Endpoint("POST", f"{_CONSULTATION}/explanations/publish", ExplanationTable)
# The browser downloads the report.
REPORT_DOCX = Endpoint("GET", f"{_CONSULTATION}/report.docx")
REPORT_XLSX = Endpoint("GET", f"{_CONSULTATION}/report.xlsx")

# The live counts (pwa/public/gop-y-truc-tiep.js follows it; backend/events).
STREAM = "consultation:{consultation_id}"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def stream(consultation_id: int | str) -> str:
    return STREAM.format(consultation_id=consultation_id)


# ---- calls ----------------------------------------------------------------------------------


async def drafts(api: ApiClient) -> list[DraftSummary]:
    return await api.get(DRAFTS)


async def publish_draft(api: ApiClient, request: DraftCreate) -> DraftDetail:
    return await api.post(PUBLISH_DRAFT, request)


async def publish_draft_docx(
    api: ApiClient, title: str, summary: str, filename: str, content: bytes
) -> DraftDetail:
    return await api.upload(
        PUBLISH_DRAFT_DOCX,
        files={"file": (filename or "du-thao.docx", content, DOCX_TYPE)},
        fields={"title": title, "summary": summary},
    )


async def draft(api: ApiClient, draft_id: int) -> DraftDetail:
    return await api.get(DRAFT, draft_id=draft_id)


async def revise(api: ApiClient, draft_id: int, request: DraftRevise) -> DraftDetail:
    return await api.post(REVISE, request, draft_id=draft_id)


async def revise_docx(
    api: ApiClient, draft_id: int, note: str, filename: str, content: bytes
) -> DraftDetail:
    return await api.upload(
        REVISE_DOCX,
        files={"file": (filename or "du-thao.docx", content, DOCX_TYPE)},
        fields={"note": note},
        draft_id=draft_id,
    )


async def diff(
    api: ApiClient, draft_id: int, old: int | None = None, new: int | None = None
) -> VersionDiff:
    return await api.get(DIFF, query={"from": old, "to": new}, draft_id=draft_id)


async def consultations(api: ApiClient) -> list[ConsultationSummary]:
    return await api.get(CONSULTATIONS)


async def open_consultation(api: ApiClient, request: ConsultationCreate) -> ConsultationDetail:
    return await api.post(OPEN_CONSULTATION, request)


async def consultation(api: ApiClient, consultation_id: int) -> ConsultationDetail:
    return await api.get(CONSULTATION, consultation_id=consultation_id)


async def close(api: ApiClient, consultation_id: int) -> ConsultationDetail:
    return await api.post(CLOSE, consultation_id=consultation_id)


async def comments(
    api: ApiClient,
    consultation_id: int,
    unit: str | None = None,
    whole_draft: bool = False,
    cursor: str = "",
) -> CommentPage:
    query = {"unit": unit, "whole_draft": whole_draft, "cursor": cursor}
    return await api.get(COMMENTS, query=query, consultation_id=consultation_id)


async def comment(
    api: ApiClient, consultation_id: int, request: CommentCreate, idempotency_key: str
) -> CommentView:
    return await api.post(
        COMMENT,
        request,
        headers={IDEMPOTENCY_HEADER: idempotency_key},
        consultation_id=consultation_id,
    )


async def vote(
    api: ApiClient, consultation_id: int, unit_key: str, choice: VoteChoice | None
) -> VoteResult:
    if choice is None:
        return await api.request(TAKE_BACK_VOTE, consultation_id=consultation_id, unit_key=unit_key)
    return await api.request(
        VOTE, body=VoteCast(choice), consultation_id=consultation_id, unit_key=unit_key
    )


async def moderation(
    api: ApiClient,
    consultation_id: int,
    status: str | None = None,
    unit: str | None = None,
    cursor: str = "",
) -> ModerationPage:
    query = {"status": status, "unit": unit, "cursor": cursor}
    return await api.get(MODERATION, query=query, consultation_id=consultation_id)


async def my_comments(api: ApiClient, cursor: str = "") -> MyCommentPage:
    return await api.get(MY_COMMENTS, query={"cursor": cursor})


async def search(api: ApiClient, q: str, consultation_id: int | None = None) -> CommentSearchPage:
    return await api.get(SEARCH, query={"q": q, "consultation_id": consultation_id})


async def withdraw(api: ApiClient, comment_id: int) -> CommentView:
    return await api.post(WITHDRAW, comment_id=comment_id)


async def hide(api: ApiClient, comment_id: int, reason: str) -> ModeratedComment:
    return await api.post(HIDE, HideRequest(reason), comment_id=comment_id)


async def restore(api: ApiClient, comment_id: int) -> ModeratedComment:
    return await api.post(RESTORE, comment_id=comment_id)


async def answer(api: ApiClient, comment_id: int, text: str) -> ModeratedComment:
    return await api.post(ANSWER, CommentAnswer(text), comment_id=comment_id)


async def synthesis(api: ApiClient, consultation_id: int) -> ConsultationSynthesis:
    return await api.get(SYNTHESIS, consultation_id=consultation_id)


async def charts(api: ApiClient, consultation_id: int) -> ConsultationCharts:
    return await api.get(CHARTS, consultation_id=consultation_id)


async def explanations(api: ApiClient, consultation_id: int) -> ExplanationTable:
    return await api.get(EXPLANATIONS, consultation_id=consultation_id)


async def explain(
    api: ApiClient, consultation_id: int, unit_key: str, request: ExplanationSet
) -> ExplanationView:
    return await api.request(
        EXPLAIN, body=request, consultation_id=consultation_id, unit_key=unit_key
    )


async def publish_explanations(api: ApiClient, consultation_id: int) -> ExplanationTable:
    return await api.post(PUBLISH_EXPLANATIONS, consultation_id=consultation_id)
