"""The congress routes (``/api/congresses``) as the Đại hội pages call them. The live parts
of the pages (the current item, the speakers, the counts) and the check-in screen call the API
from the page's own scripts (``pwa/public/dai-hoi-truc-tiep.js``, ``dai-hoi-diem-danh.js``):
their addresses are written into the page from the declarations below."""

from __future__ import annotations

from frontend.api import ApiClient, ApiError, Endpoint
from shared.ballots import BallotAction, BallotFeed, BallotKeyView
from shared.congress import (
    AgendaItemCreate,
    ApprovalCount,
    BodyMemberAdd,
    CongressBody,
    CongressCreate,
    CongressDetail,
    CongressList,
    CredentialRejection,
    CredentialsReport,
    DelegateDetail,
    DelegatePage,
    DocumentLink,
    SessionCreate,
    WholeAbsence,
)
from shared.congress_hall import (
    AgendaMove,
    ContributionRequest,
    ContributionReview,
    DelegateCard,
    ItemSpeakers,
    LiveState,
    MyRequests,
    SpeakerOrder,
    SpeakRequest,
)
from shared.imports import ImportJob
from shared.polls import (
    PaperTotals,
    PollCreate,
    PollDetail,
    PollList,
    PollVote,
    Turnout,
    VoteReceipt,
)

_C = "/api/congresses/{congress_id}"

MINE = Endpoint("GET", "/api/congresses", CongressList)
CREATE = Endpoint("POST", "/api/congresses", CongressDetail)
DETAIL = Endpoint("GET", _C, CongressDetail)
ADD_SESSION = Endpoint("POST", f"{_C}/sessions", CongressDetail)
ADD_ITEM = Endpoint("POST", f"{_C}/sessions/{{session_id}}/items", CongressDetail)
ADD_BODY_MEMBER = Endpoint("POST", f"{_C}/bodies/{{body_kind}}/members", CongressDetail)
RECORD_APPROVAL = Endpoint("POST", f"{_C}/bodies/{{body_kind}}/approval", CongressDetail)
UPLOAD_DOCUMENT = Endpoint("POST", f"{_C}/documents", CongressDetail)
LINK_DOCUMENT = Endpoint("POST", f"{_C}/documents/links", CongressDetail)
REMOVE_DOCUMENT = Endpoint("DELETE", f"{_C}/documents/{{document_id}}", CongressDetail)

DELEGATES = Endpoint(
    "GET",
    f"{_C}/delegates",
    DelegatePage,
    query=("delegation", "kind", "status", "cursor", "limit"),
)
IMPORT_DELEGATES = Endpoint("POST", f"{_C}/delegates/imports", ImportJob)
IMPORT_JOB = Endpoint("GET", "/api/imports/{job_id}", ImportJob)
IMPORT_TEMPLATE = Endpoint("GET", "/api/imports/layouts/{kind}/template")
DELEGATE_LAYOUT = "dai_bieu"
ACCEPT = Endpoint("POST", f"{_C}/delegates/{{delegate_id}}/credentials/accept", DelegateDetail)
REJECT = Endpoint("POST", f"{_C}/delegates/{{delegate_id}}/credentials/reject", DelegateDetail)
ABSENCE = Endpoint("POST", f"{_C}/delegates/{{delegate_id}}/absence", DelegateDetail)
REPORT = Endpoint("GET", f"{_C}/credentials/report", CredentialsReport)
FILE = Endpoint("GET", "/api/files/{sha256}", query=("download",))

# Read and called by the page scripts (addresses written into the page).
LIVE = Endpoint("GET", f"{_C}/live", LiveState)
CHECKINS = Endpoint("POST", f"{_C}/sessions/{{session_id}}/checkins")
ABSENCES = Endpoint("POST", f"{_C}/sessions/{{session_id}}/absences")
ATTENDANCE = Endpoint("GET", f"{_C}/sessions/{{session_id}}/attendance")


def stream(congress_id: int | str) -> str:
    """The congress's event stream (docs/events.md)."""
    return f"congress:{congress_id}"


async def mine(api: ApiClient) -> CongressList:
    return await api.get(MINE)


async def create(api: ApiClient, data: CongressCreate) -> CongressDetail:
    return await api.post(CREATE, data)


async def detail(api: ApiClient, congress_id: int) -> CongressDetail:
    return await api.get(DETAIL, congress_id=congress_id)


async def add_session(api: ApiClient, congress_id: int, data: SessionCreate) -> CongressDetail:
    return await api.post(ADD_SESSION, data, congress_id=congress_id)


async def add_item(
    api: ApiClient, congress_id: int, session_id: int, data: AgendaItemCreate
) -> CongressDetail:
    return await api.post(ADD_ITEM, data, congress_id=congress_id, session_id=session_id)


async def add_body_member(
    api: ApiClient, congress_id: int, body: CongressBody, data: BodyMemberAdd
) -> CongressDetail:
    return await api.post(ADD_BODY_MEMBER, data, congress_id=congress_id, body_kind=body.value)


async def record_approval(
    api: ApiClient, congress_id: int, body: CongressBody, data: ApprovalCount
) -> CongressDetail:
    return await api.post(RECORD_APPROVAL, data, congress_id=congress_id, body_kind=body.value)


async def upload_document(
    api: ApiClient, congress_id: int, filename: str, content: bytes, title: str, do_mat: str
) -> CongressDetail:
    """A file for the delegates, through the API's gate (kind by its bytes, size, độ mật);
    ``do_mat`` is the answer to the scan question, empty until it is asked."""
    fields = {"title": title, **({"do_mat": do_mat} if do_mat else {})}
    return await api.upload(
        UPLOAD_DOCUMENT,
        files={"file": (filename or "tai-lieu", content, "application/octet-stream")},
        fields=fields,
        congress_id=congress_id,
    )


async def link_document(api: ApiClient, congress_id: int, document_id: int) -> CongressDetail:
    body = DocumentLink(register_document_id=document_id)
    return await api.post(LINK_DOCUMENT, body, congress_id=congress_id)


async def remove_document(api: ApiClient, congress_id: int, document_id: int) -> CongressDetail:
    return await api.request(REMOVE_DOCUMENT, congress_id=congress_id, document_id=document_id)


async def delegates(
    api: ApiClient, congress_id: int, status: str = "", cursor: str = ""
) -> DelegatePage:
    query = {"status": status, "cursor": cursor, "limit": 50}
    return await api.get(DELEGATES, query=query, congress_id=congress_id)


async def import_delegates(
    api: ApiClient, congress_id: int, filename: str, content: bytes
) -> ImportJob:
    """Start the import of the delegate list (CSV or XLSX); the shared import state follows it."""
    return await api.upload(
        IMPORT_DELEGATES,
        files={"file": (filename or "dai-bieu.csv", content, "application/octet-stream")},
        fields={"mode": "apply"},
        congress_id=congress_id,
    )


async def accept(api: ApiClient, congress_id: int, delegate_id: int) -> DelegateDetail:
    return await api.post(ACCEPT, None, congress_id=congress_id, delegate_id=delegate_id)


async def reject(api: ApiClient, congress_id: int, delegate_id: int, reason: str) -> DelegateDetail:
    return await api.post(
        REJECT, CredentialRejection(reason=reason), congress_id=congress_id, delegate_id=delegate_id
    )


async def absence(
    api: ApiClient, congress_id: int, delegate_id: int, reason: str
) -> DelegateDetail:
    return await api.post(
        ABSENCE, WholeAbsence(reason=reason), congress_id=congress_id, delegate_id=delegate_id
    )


async def report(api: ApiClient, congress_id: int) -> CredentialsReport:
    return await api.get(REPORT, congress_id=congress_id)


# ---- cards, the live position, sessions, speakers ----------------------------------------

MY_CARD = Endpoint("GET", f"{_C}/card", DelegateCard)
# The printable cards (PDF): links the browser downloads, never read by the server side.
MY_CARD_PDF = Endpoint("GET", f"{_C}/card.pdf")
CARDS_PDF = Endpoint("GET", f"{_C}/cards.pdf", query=("delegation",))
DELEGATE_CARD_PDF = Endpoint("GET", f"{_C}/delegates/{{delegate_id}}/card.pdf")
REISSUE_CARD = Endpoint("POST", f"{_C}/delegates/{{delegate_id}}/card/reissue", DelegateCard)
OPEN_SESSION = Endpoint("POST", f"{_C}/sessions/{{session_id}}/open", LiveState)
CLOSE_SESSION = Endpoint("POST", f"{_C}/sessions/{{session_id}}/close", LiveState)
MOVE = Endpoint("POST", f"{_C}/agenda/move", LiveState)
SPEAKERS = Endpoint("GET", f"{_C}/items/{{item_id}}/speakers", ItemSpeakers)
SPEAK = Endpoint("POST", f"{_C}/items/{{item_id}}/speakers", ItemSpeakers)
CONTRIBUTE = Endpoint("POST", f"{_C}/items/{{item_id}}/contributions", ItemSpeakers)
ORDER = Endpoint("PUT", f"{_C}/items/{{item_id}}/speakers/order", ItemSpeakers)
REVIEW = Endpoint("POST", f"{_C}/speakers/{{speaker_id}}/review", ItemSpeakers)
FLOOR = Endpoint("POST", f"{_C}/speakers/{{speaker_id}}/floor", ItemSpeakers)
FINISH = Endpoint("POST", f"{_C}/speakers/{{speaker_id}}/finish", ItemSpeakers)
WITHDRAW = Endpoint("POST", f"{_C}/speakers/{{speaker_id}}/withdraw", ItemSpeakers)
MY_REQUESTS = Endpoint("GET", f"{_C}/speakers/mine", MyRequests)


async def my_card(api: ApiClient, congress_id: int) -> DelegateCard:
    return await api.get(MY_CARD, congress_id=congress_id)


async def reissue_card(api: ApiClient, congress_id: int, delegate_id: int) -> DelegateCard:
    return await api.post(REISSUE_CARD, congress_id=congress_id, delegate_id=delegate_id)


async def live(api: ApiClient, congress_id: int) -> LiveState:
    return await api.get(LIVE, congress_id=congress_id)


async def open_session(api: ApiClient, congress_id: int, session_id: int) -> LiveState:
    return await api.post(OPEN_SESSION, None, congress_id=congress_id, session_id=session_id)


async def close_session(api: ApiClient, congress_id: int, session_id: int) -> LiveState:
    return await api.post(CLOSE_SESSION, None, congress_id=congress_id, session_id=session_id)


async def move(api: ApiClient, congress_id: int, to: str) -> LiveState:
    return await api.post(MOVE, AgendaMove(to=to), congress_id=congress_id)


async def speakers(api: ApiClient, congress_id: int, item_id: int) -> ItemSpeakers:
    return await api.get(SPEAKERS, congress_id=congress_id, item_id=item_id)


async def speak(api: ApiClient, congress_id: int, item_id: int) -> ItemSpeakers:
    return await api.post(SPEAK, SpeakRequest(), congress_id=congress_id, item_id=item_id)


async def contribute(
    api: ApiClient, congress_id: int, item_id: int, title: str, summary: str
) -> ItemSpeakers:
    body = ContributionRequest(title=title, summary=summary)
    return await api.post(CONTRIBUTE, body, congress_id=congress_id, item_id=item_id)


async def order(
    api: ApiClient, congress_id: int, item_id: int, speaker_ids: list[int]
) -> ItemSpeakers:
    body = SpeakerOrder(speaker_ids=speaker_ids)
    return await api.request(ORDER, body=body, congress_id=congress_id, item_id=item_id)


async def review(
    api: ApiClient, congress_id: int, speaker_id: int, approve: bool, note: str = ""
) -> ItemSpeakers:
    body = ContributionReview(approve=approve, note=note)
    return await api.post(REVIEW, body, congress_id=congress_id, speaker_id=speaker_id)


async def floor(api: ApiClient, congress_id: int, speaker_id: int) -> ItemSpeakers:
    return await api.post(FLOOR, None, congress_id=congress_id, speaker_id=speaker_id)


async def finish(api: ApiClient, congress_id: int, speaker_id: int) -> ItemSpeakers:
    return await api.post(FINISH, None, congress_id=congress_id, speaker_id=speaker_id)


async def my_requests(api: ApiClient, congress_id: int) -> MyRequests:
    return await api.get(MY_REQUESTS, congress_id=congress_id)


async def withdraw(api: ApiClient, congress_id: int, speaker_id: int) -> ItemSpeakers:
    return await api.post(WITHDRAW, None, congress_id=congress_id, speaker_id=speaker_id)


# ---- polls (biểu quyết, bầu cử): docs/polls.md --------------------------------------------

POLLS = Endpoint("GET", f"{_C}/polls", PollList)
CREATE_POLL = Endpoint("POST", f"{_C}/polls", PollDetail)
_P = f"{_C}/polls/{{poll_id}}"
POLL = Endpoint("GET", _P, PollDetail)
POLL_OPEN = Endpoint("POST", f"{_P}/open", PollDetail)
POLL_CLOSE = Endpoint("POST", f"{_P}/close", PollDetail)
POLL_VOTE = Endpoint("POST", f"{_P}/votes", VoteReceipt)
POLL_PAPER_TOTALS = Endpoint("PUT", f"{_P}/paper-totals", PollDetail)
# Read by the page script for the live turnout (address written into the page).
POLL_TURNOUT = Endpoint("GET", f"{_P}/turnout", Turnout)
# A secret poll's election key, and whether the caller may cast in it (``actions``): the vote
# screen offers the encrypted ballot then; its page script reads the key itself.
POLL_KEY = Endpoint("GET", f"{_P}/key", BallotKeyView)
# The counting board's sign-off of the minutes runs in the page (signing.js: the passkey's
# assertion), which calls these two.
MINUTES_SIGN_BEGIN = Endpoint("POST", f"{_P}/minutes/sign/begin")
MINUTES_SIGN_FINISH = Endpoint("POST", f"{_P}/minutes/sign/finish")
# A secret poll's encrypted ballots for the key holders (the tally screen's script reads them;
# the poll's page only asks whether to offer that screen).
SECRET_BALLOTS = Endpoint("GET", f"{_P}/secret-ballots", BallotFeed, query=("after",))
_NONE_AFTER = 2**31 - 1  # the last row id possible: the answer's actions without ballots


async def poll_key(api: ApiClient, congress_id: int, poll_id: int) -> BallotKeyView:
    return await api.get(POLL_KEY, congress_id=congress_id, poll_id=poll_id)


async def polls(api: ApiClient, congress_id: int) -> PollList:
    return await api.get(POLLS, congress_id=congress_id)


async def create_poll(api: ApiClient, congress_id: int, data: PollCreate) -> PollDetail:
    return await api.post(CREATE_POLL, data, congress_id=congress_id)


async def poll(api: ApiClient, congress_id: int, poll_id: int) -> PollDetail:
    return await api.get(POLL, congress_id=congress_id, poll_id=poll_id)


async def turnout(api: ApiClient, congress_id: int, poll_id: int) -> Turnout:
    return await api.get(POLL_TURNOUT, congress_id=congress_id, poll_id=poll_id)


async def open_poll(api: ApiClient, congress_id: int, poll_id: int) -> PollDetail:
    return await api.post(POLL_OPEN, None, congress_id=congress_id, poll_id=poll_id)


async def close_poll(api: ApiClient, congress_id: int, poll_id: int) -> PollDetail:
    return await api.post(POLL_CLOSE, None, congress_id=congress_id, poll_id=poll_id)


async def vote(api: ApiClient, congress_id: int, poll_id: int, ballot: PollVote) -> VoteReceipt:
    return await api.post(POLL_VOTE, ballot, congress_id=congress_id, poll_id=poll_id)


async def paper_totals(
    api: ApiClient, congress_id: int, poll_id: int, totals: PaperTotals
) -> PollDetail:
    return await api.request(
        POLL_PAPER_TOTALS, body=totals, congress_id=congress_id, poll_id=poll_id
    )


async def follows_ballots(api: ApiClient, congress_id: int, poll_id: int) -> bool:
    """Whether the API lets the caller follow this secret poll's ballots (a key holder)."""
    try:
        feed = await api.get(
            SECRET_BALLOTS,
            query={"after": _NONE_AFTER},
            congress_id=congress_id,
            poll_id=poll_id,
        )
    except ApiError:
        return False
    return BallotAction.FOLLOW in feed.actions


async def import_job(api: ApiClient, job_id: int) -> ImportJob:
    return await api.get(IMPORT_JOB, job_id=job_id)
