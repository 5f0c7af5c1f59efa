"""The handbook's routes (members, meetings, library, study, questions, imports, positions) as
the Sổ tay pages call them."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.imports import ImportJob
from shared.library import (
    ArticleDetail,
    Bookmark,
    CollectionDetail,
    CollectionInfo,
    Highlight,
    HighlightCreate,
    LibraryChanges,
    LibraryDocumentDetail,
    ReadingPosition,
    ReadingUpdate,
)
from shared.meetings import (
    AttendanceRequest,
    AttendanceStatistics,
    ChiBoMeetings,
    MeetingCreate,
    MeetingDetail,
    MeetingPage,
    MinutesRequest,
    ReplyRequest,
)
from shared.members import (
    Correction,
    CorrectionCreate,
    CorrectionResolve,
    MemberProfile,
    MemberRoll,
)
from shared.orgs import PositionHolder
from shared.questions import (
    AnswerRequest,
    FaqEntry,
    FaqPublish,
    QuestionCreate,
    QuestionDetail,
    QuestionSummary,
)
from shared.study import AnswerSubmit, AttemptResult, ModuleDetail, ModuleResults, ModuleSummary

# ---- positions and members ------------------------------------------------------------------

MY_POSITIONS = Endpoint("GET", "/api/orgs/positions/mine", list[PositionHolder])
MY_PROFILE = Endpoint("GET", "/api/members/me", MemberProfile)
REQUEST_CORRECTION = Endpoint("POST", "/api/members/{member_id}/corrections", MemberProfile)
RESOLVE_CORRECTION = Endpoint(
    "POST", "/api/members/corrections/{correction_id}/resolve", Correction
)
ROLL = Endpoint("GET", "/api/members/rolls/{organisation_id}", MemberRoll)
IMPORT_ROLL = Endpoint("POST", "/api/members/rolls/{organisation_id}/imports", ImportJob)
# The browser downloads the empty CSV with the layout's header row.
IMPORT_JOB = Endpoint("GET", "/api/imports/{job_id}", ImportJob)
IMPORT_TEMPLATE = Endpoint("GET", "/api/imports/layouts/{kind}/template")
MEMBER_LAYOUT = "dang_vien"

# ---- meetings -------------------------------------------------------------------------------

_MEETING = "/api/meetings/{meeting_id}"
MEETINGS = Endpoint(
    "GET", "/api/meetings", MeetingPage, query=("upcoming", "organisation_id", "cursor", "limit")
)
SCHEDULE = Endpoint("POST", "/api/meetings", MeetingDetail)
CHI_BO_MEETINGS = Endpoint("GET", "/api/meetings/chi-bo/{organisation_id}", ChiBoMeetings)
MEETING = Endpoint("GET", _MEETING, MeetingDetail)
INVITE = Endpoint("POST", f"{_MEETING}/invite", MeetingDetail)
REPLY = Endpoint("POST", f"{_MEETING}/reply", MeetingDetail)
ATTENDANCE = Endpoint("POST", f"{_MEETING}/attendance", MeetingDetail)
MINUTES = Endpoint("POST", f"{_MEETING}/minutes", MeetingDetail)
PUBLISH_MINUTES = Endpoint("POST", f"{_MEETING}/minutes/publish", MeetingDetail)
STATISTICS = Endpoint(
    "GET",
    "/api/meetings/statistics",
    AttendanceStatistics,
    query=("organisation_id", "date_from", "date_to"),
)
# A meeting's attachments, as the browser downloads them.
FILE = Endpoint("GET", "/api/files/{sha256}", query=("download",))

# ---- library --------------------------------------------------------------------------------

_ARTICLE = "/api/library/articles/{article_id}"
COLLECTIONS = Endpoint("GET", "/api/library/collections", list[CollectionInfo])
COLLECTION = Endpoint("GET", "/api/library/collections/{collection_id}", CollectionDetail)
LIBRARY_DOCUMENT = Endpoint("GET", "/api/library/documents/{document_id}", LibraryDocumentDetail)
ARTICLE = Endpoint("GET", _ARTICLE, ArticleDetail)
BOOKMARK = Endpoint("PUT", f"{_ARTICLE}/bookmark", ArticleDetail)
UNBOOKMARK = Endpoint("DELETE", f"{_ARTICLE}/bookmark", ArticleDetail)
BOOKMARKS = Endpoint("GET", "/api/library/bookmarks", list[Bookmark])
HIGHLIGHT = Endpoint("POST", f"{_ARTICLE}/highlights", Highlight)
DELETE_HIGHLIGHT = Endpoint("DELETE", "/api/library/highlights/{highlight_id}")
SAVE_READING = Endpoint("PUT", "/api/library/reading", ReadingPosition)
READING = Endpoint("GET", "/api/library/reading", list[ReadingPosition])
CHANGES = Endpoint("GET", "/api/library/changes", LibraryChanges)
CHANGES_SEEN = Endpoint("POST", "/api/library/changes/seen", LibraryChanges)

# ---- study ----------------------------------------------------------------------------------

MODULES = Endpoint("GET", "/api/study/modules", list[ModuleSummary])
MODULE = Endpoint("GET", "/api/study/modules/{module_id}", ModuleDetail)
SUBMIT_ANSWERS = Endpoint("POST", "/api/study/modules/{module_id}/answers", AttemptResult)
MODULE_RESULTS = Endpoint(
    "GET", "/api/study/modules/{module_id}/results", ModuleResults, query=("organisation_id",)
)

# ---- questions ------------------------------------------------------------------------------

ASK = Endpoint("POST", "/api/questions", QuestionDetail)
MY_QUESTIONS = Endpoint("GET", "/api/questions/mine", list[QuestionSummary])
QUESTION_INBOX = Endpoint("GET", "/api/questions/inbox", list[QuestionSummary], query=("status",))
FAQ = Endpoint("GET", "/api/questions/faq", list[FaqEntry], query=("organisation_id",))
QUESTION = Endpoint("GET", "/api/questions/{question_id}", QuestionDetail)
ANSWER = Endpoint("POST", "/api/questions/{question_id}/answer", QuestionDetail)
PUBLISH_FAQ = Endpoint("POST", "/api/questions/{question_id}/faq", QuestionDetail)
WITHDRAW_FAQ = Endpoint("POST", "/api/questions/{question_id}/faq/withdraw", QuestionDetail)


# ---- calls ----------------------------------------------------------------------------------


async def my_positions(api: ApiClient) -> list[PositionHolder]:
    return await api.get(MY_POSITIONS)


async def my_profile(api: ApiClient) -> MemberProfile:
    return await api.get(MY_PROFILE)


async def request_correction(
    api: ApiClient, member_id: int, request: CorrectionCreate
) -> MemberProfile:
    return await api.post(REQUEST_CORRECTION, request, member_id=member_id)


async def resolve_correction(
    api: ApiClient, correction_id: int, request: CorrectionResolve
) -> Correction:
    return await api.post(RESOLVE_CORRECTION, request, correction_id=correction_id)


async def roll(api: ApiClient, organisation_id: int) -> MemberRoll:
    return await api.get(ROLL, organisation_id=organisation_id)


async def import_roll(
    api: ApiClient, organisation_id: int, filename: str, content: bytes
) -> ImportJob:
    """Start the import of a chi bộ's member list (CSV or XLSX), followed by the import state."""
    return await api.upload(
        IMPORT_ROLL,
        files={"file": (filename or "danh-sach.csv", content, "application/octet-stream")},
        fields={"mode": "apply"},
        organisation_id=organisation_id,
    )


async def meetings(
    api: ApiClient, upcoming: bool, organisation_id: int | None = None, cursor: str = ""
) -> MeetingPage:
    # ``upcoming=false`` must be sent: the API's default is the upcoming ones.
    query = {"upcoming": "true" if upcoming else "false", "organisation_id": organisation_id}
    return await api.get(MEETINGS, query={**query, "cursor": cursor})


async def schedule(api: ApiClient, request: MeetingCreate) -> MeetingDetail:
    return await api.post(SCHEDULE, request)


async def chi_bo_meetings(api: ApiClient, organisation_id: int) -> ChiBoMeetings:
    return await api.get(CHI_BO_MEETINGS, organisation_id=organisation_id)


async def meeting(api: ApiClient, meeting_id: int) -> MeetingDetail:
    return await api.get(MEETING, meeting_id=meeting_id)


async def invite(api: ApiClient, meeting_id: int) -> MeetingDetail:
    return await api.post(INVITE, meeting_id=meeting_id)


async def reply(api: ApiClient, meeting_id: int, request: ReplyRequest) -> MeetingDetail:
    return await api.post(REPLY, request, meeting_id=meeting_id)


async def take_attendance(
    api: ApiClient, meeting_id: int, request: AttendanceRequest
) -> MeetingDetail:
    return await api.post(ATTENDANCE, request, meeting_id=meeting_id)


async def record_minutes(api: ApiClient, meeting_id: int, text: str) -> MeetingDetail:
    return await api.post(MINUTES, MinutesRequest(text), meeting_id=meeting_id)


async def publish_minutes(api: ApiClient, meeting_id: int) -> MeetingDetail:
    return await api.post(PUBLISH_MINUTES, meeting_id=meeting_id)


async def statistics(
    api: ApiClient, organisation_id: int, date_from: str = "", date_to: str = ""
) -> AttendanceStatistics:
    query = {"organisation_id": organisation_id, "date_from": date_from, "date_to": date_to}
    return await api.get(STATISTICS, query=query)


async def collections(api: ApiClient) -> list[CollectionInfo]:
    return await api.get(COLLECTIONS)


async def collection(api: ApiClient, collection_id: int) -> CollectionDetail:
    return await api.get(COLLECTION, collection_id=collection_id)


async def library_document(api: ApiClient, document_id: int) -> LibraryDocumentDetail:
    return await api.get(LIBRARY_DOCUMENT, document_id=document_id)


async def article(api: ApiClient, article_id: int) -> ArticleDetail:
    return await api.get(ARTICLE, article_id=article_id)


async def set_bookmark(api: ApiClient, article_id: int, on: bool) -> ArticleDetail:
    return await api.request(BOOKMARK if on else UNBOOKMARK, article_id=article_id)


async def bookmarks(api: ApiClient) -> list[Bookmark]:
    return await api.get(BOOKMARKS)


async def highlight(api: ApiClient, article_id: int, request: HighlightCreate) -> Highlight:
    return await api.post(HIGHLIGHT, request, article_id=article_id)


async def delete_highlight(api: ApiClient, highlight_id: int) -> None:
    await api.request(DELETE_HIGHLIGHT, highlight_id=highlight_id)


async def save_reading(api: ApiClient, article_id: int, block: int = 0) -> ReadingPosition:
    return await api.request(SAVE_READING, body=ReadingUpdate(article_id, block))


async def reading(api: ApiClient) -> list[ReadingPosition]:
    return await api.get(READING)


async def changes(api: ApiClient) -> LibraryChanges:
    return await api.get(CHANGES)


async def changes_seen(api: ApiClient) -> LibraryChanges:
    return await api.post(CHANGES_SEEN)


async def modules(api: ApiClient) -> list[ModuleSummary]:
    return await api.get(MODULES)


async def module(api: ApiClient, module_id: int) -> ModuleDetail:
    return await api.get(MODULE, module_id=module_id)


async def submit_answers(api: ApiClient, module_id: int, answers: list[int]) -> AttemptResult:
    return await api.post(SUBMIT_ANSWERS, AnswerSubmit(answers), module_id=module_id)


async def module_results(
    api: ApiClient, module_id: int, organisation_id: int | None = None
) -> ModuleResults:
    query = {"organisation_id": organisation_id}
    return await api.get(MODULE_RESULTS, query=query, module_id=module_id)


async def ask(api: ApiClient, text: str) -> QuestionDetail:
    return await api.post(ASK, QuestionCreate(text))


async def my_questions(api: ApiClient) -> list[QuestionSummary]:
    return await api.get(MY_QUESTIONS)


async def question_inbox(api: ApiClient) -> list[QuestionSummary]:
    return await api.get(QUESTION_INBOX)


async def faq(api: ApiClient) -> list[FaqEntry]:
    return await api.get(FAQ)


async def question(api: ApiClient, question_id: int) -> QuestionDetail:
    return await api.get(QUESTION, question_id=question_id)


async def answer(api: ApiClient, question_id: int, text: str) -> QuestionDetail:
    return await api.post(ANSWER, AnswerRequest(text), question_id=question_id)


async def publish_faq(api: ApiClient, question_id: int) -> QuestionDetail:
    return await api.post(PUBLISH_FAQ, FaqPublish(), question_id=question_id)


async def withdraw_faq(api: ApiClient, question_id: int) -> QuestionDetail:
    return await api.post(WITHDRAW_FAQ, question_id=question_id)


async def import_job(api: ApiClient, job_id: int) -> ImportJob:
    return await api.get(IMPORT_JOB, job_id=job_id)
