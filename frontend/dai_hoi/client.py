"""The congress routes (``/api/congresses``) as the Đại hội pages call them. The live parts
of the pages (the current item, the speakers, the counts) and the check-in screen call the API
from the page's own scripts (``pwa/public/dai-hoi-truc-tiep.js``, ``dai-hoi-diem-danh.js``):
their addresses are written into the page from the declarations below."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.congress import (
    AgendaItemCreate,
    ApprovalCount,
    BodyMemberAdd,
    CongressBody,
    CongressDetail,
    CongressList,
    CredentialRejection,
    CredentialsReport,
    DelegateDetail,
    DelegatePage,
    SessionCreate,
    WholeAbsence,
)
from shared.imports import ImportJob

_C = "/api/congresses/{congress_id}"

MINE = Endpoint("GET", "/api/congresses", CongressList)
DETAIL = Endpoint("GET", _C, CongressDetail)
ADD_SESSION = Endpoint("POST", f"{_C}/sessions", CongressDetail)
ADD_ITEM = Endpoint("POST", f"{_C}/sessions/{{session_id}}/items", CongressDetail)
ADD_BODY_MEMBER = Endpoint("POST", f"{_C}/bodies/{{body_kind}}/members", CongressDetail)
RECORD_APPROVAL = Endpoint("POST", f"{_C}/bodies/{{body_kind}}/approval", CongressDetail)

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
LIVE = Endpoint("GET", f"{_C}/live")
CHECKINS = Endpoint("POST", f"{_C}/sessions/{{session_id}}/checkins")


def stream(congress_id: int | str) -> str:
    """The congress's event stream (docs/events.md)."""
    return f"congress:{congress_id}"


async def mine(api: ApiClient) -> CongressList:
    return await api.get(MINE)


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


async def delegates(
    api: ApiClient, congress_id: int, status: str = "", cursor: str = ""
) -> DelegatePage:
    query = {"status": status, "cursor": cursor, "limit": 50}
    return await api.get(DELEGATES, query=query, congress_id=congress_id)


async def import_delegates(
    api: ApiClient, congress_id: int, filename: str, content: bytes
) -> ImportJob:
    """Start the import of the delegate list (CSV or XLSX); poll ``import_job``."""
    return await api.upload(
        IMPORT_DELEGATES,
        files={"file": (filename or "dai-bieu.csv", content, "application/octet-stream")},
        fields={"mode": "apply"},
        congress_id=congress_id,
    )


async def import_job(api: ApiClient, job_id: int) -> ImportJob:
    return await api.get(IMPORT_JOB, job_id=job_id)


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
