"""Đại hội: congresses and conferences, their sessions and agenda, bodies, documents,
delegates and credentials (cards, check-in, the live agenda and the speakers list are in
``shared/congress_hall.py``).

Who may do what on a congress follows from the congress's own bodies (Ban tổ chức, Đoàn Chủ
tịch, Đoàn Thư ký, Ban Thẩm tra tư cách, Ban Kiểm phiếu, check-in staff) and from being one of
its delegates, not from global roles: only creating a congress needs the role ``ban_to_chuc``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

import msgspec


class CongressKind(enum.StrEnum):
    DAI_HOI = "dai_hoi"  # a congress (đại hội đảng bộ)
    HOI_NGHI = "hoi_nghi"  # a conference (hội nghị Ban Chấp hành …)


CONGRESS_KIND_LABELS: dict[CongressKind, str] = {
    CongressKind.DAI_HOI: "Đại hội",
    CongressKind.HOI_NGHI: "Hội nghị",
}


class CongressStatus(enum.StrEnum):
    PREPARING = "chuan_bi"
    IN_SESSION = "dang_dien_ra"
    ENDED = "da_ket_thuc"


CONGRESS_STATUS_LABELS: dict[CongressStatus, str] = {
    CongressStatus.PREPARING: "Đang chuẩn bị",
    CongressStatus.IN_SESSION: "Đang diễn ra",
    CongressStatus.ENDED: "Đã kết thúc",
}


class SessionStatus(enum.StrEnum):
    PLANNED = "chua_khai_mac"
    OPEN = "dang_hop"
    CLOSED = "da_be_mac"


SESSION_STATUS_LABELS: dict[SessionStatus, str] = {
    SessionStatus.PLANNED: "Chưa khai mạc",
    SessionStatus.OPEN: "Đang họp",
    SessionStatus.CLOSED: "Đã bế mạc",
}


class ItemStatus(enum.StrEnum):
    WAITING = "chua_den"
    CURRENT = "dang_dien_ra"
    DONE = "da_xong"


ITEM_STATUS_LABELS: dict[ItemStatus, str] = {
    ItemStatus.WAITING: "Chưa đến",
    ItemStatus.CURRENT: "Đang diễn ra",
    ItemStatus.DONE: "Đã xong",
}


class CongressBody(enum.StrEnum):
    ORGANISING = "to_chuc"  # Ban tổ chức đại hội
    PRESIDIUM = "chu_tich"  # Đoàn Chủ tịch
    SECRETARIAT = "thu_ky"  # Đoàn Thư ký
    CREDENTIALS = "tham_tra"  # Ban Thẩm tra tư cách đại biểu
    COUNTING = "kiem_phieu"  # Ban Kiểm phiếu
    CHECK_IN = "diem_danh"  # check-in staff


CONGRESS_BODY_LABELS: dict[CongressBody, str] = {
    CongressBody.ORGANISING: "Ban Tổ chức đại hội",
    CongressBody.PRESIDIUM: "Đoàn Chủ tịch",
    CongressBody.SECRETARIAT: "Đoàn Thư ký",
    CongressBody.CREDENTIALS: "Ban Thẩm tra tư cách đại biểu",
    CongressBody.COUNTING: "Ban Kiểm phiếu",
    CongressBody.CHECK_IN: "Tổ điểm danh",
}

# The bodies the congress approves by a show of hands (proposed by the organising committee).
APPROVED_BODIES: tuple[CongressBody, ...] = (
    CongressBody.PRESIDIUM,
    CongressBody.SECRETARIAT,
    CongressBody.CREDENTIALS,
    CongressBody.COUNTING,
)


class DelegateKind(enum.StrEnum):
    OFFICIAL = "chinh_thuc"  # đại biểu chính thức (elected)
    ALTERNATE = "du_khuyet"  # đại biểu dự khuyết
    EX_OFFICIO = "duong_nhien"  # đại biểu đương nhiên (the outgoing executive committee)


DELEGATE_KIND_LABELS: dict[DelegateKind, str] = {
    DelegateKind.OFFICIAL: "Chính thức",
    DelegateKind.ALTERNATE: "Dự khuyết",
    DelegateKind.EX_OFFICIO: "Đương nhiên",
}


class CredentialStatus(enum.StrEnum):
    PENDING = "cho_tham_tra"
    ACCEPTED = "hop_le"
    REJECTED = "khong_hop_le"  # with a reason
    REPLACED = "da_thay_the"  # replaced by an alternate


CREDENTIAL_STATUS_LABELS: dict[CredentialStatus, str] = {
    CredentialStatus.PENDING: "Chờ thẩm tra",
    CredentialStatus.ACCEPTED: "Đủ tư cách",
    CredentialStatus.REJECTED: "Không đủ tư cách",
    CredentialStatus.REPLACED: "Đã thay bằng đại biểu dự khuyết",
}


class Sex(enum.StrEnum):
    MALE = "nam"
    FEMALE = "nu"


SEX_LABELS: dict[Sex, str] = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}


class CheckinMethod(enum.StrEnum):
    QR = "qr"
    MANUAL = "thu_cong"


class Presence(enum.StrEnum):
    PRESENT = "co_mat"
    EXCUSED = "vang_co_ly_do"
    ABSENT = "vang_khong_ly_do"


PRESENCE_LABELS: dict[Presence, str] = {
    Presence.PRESENT: "Có mặt",
    Presence.EXCUSED: "Vắng có lý do",
    Presence.ABSENT: "Vắng không lý do",
}


class SpeakerKind(enum.StrEnum):
    SPEECH = "phat_bieu"  # to speak in the hall
    WRITTEN = "tham_luan"  # a written contribution, approved by the secretariat


SPEAKER_KIND_LABELS: dict[SpeakerKind, str] = {
    SpeakerKind.SPEECH: "Phát biểu",
    SpeakerKind.WRITTEN: "Tham luận",
}


class SpeakerStatus(enum.StrEnum):
    REQUESTED = "cho_duyet"  # waiting for the secretariat (a written contribution) / the list
    QUEUED = "trong_danh_sach"  # on the speakers list, in its order
    SPEAKING = "dang_phat_bieu"  # has the floor
    DONE = "da_phat_bieu"
    DECLINED = "khong_duyet"  # with a note
    WITHDRAWN = "da_rut"


SPEAKER_STATUS_LABELS: dict[SpeakerStatus, str] = {
    SpeakerStatus.REQUESTED: "Chờ duyệt",
    SpeakerStatus.QUEUED: "Trong danh sách phát biểu",
    SpeakerStatus.SPEAKING: "Đang phát biểu",
    SpeakerStatus.DONE: "Đã phát biểu",
    SpeakerStatus.DECLINED: "Không được duyệt",
    SpeakerStatus.WITHDRAWN: "Đã rút",
}


class CongressAction(enum.StrEnum):
    # On no particular congress (/api/me): the role ban_to_chuc.
    CREATE = "create"
    # On a congress, by its bodies.
    READ = "read"  # a delegate of it or a member of one of its bodies
    EDIT_SETUP = "edit_setup"  # organising: sessions, agenda items, documents
    ASSIGN_BODIES = "assign_bodies"  # organising: propose the members of each body
    RECORD_APPROVAL = "record_approval"  # organising or presidium: the show-of-hands count
    IMPORT_DELEGATES = "import_delegates"  # organising
    PRINT_CARDS = "print_cards"  # organising
    REVIEW_CREDENTIALS = "review_credentials"  # credentials committee
    VIEW_CREDENTIALS_REPORT = "view_credentials_report"  # credentials, organising, presidium
    CHECK_IN = "check_in"  # check-in staff, organising
    VIEW_ATTENDANCE = "view_attendance"  # every body
    VIEW_DELEGATES = "view_delegates"  # every body: the delegate list and its filters
    RUN_SESSIONS = "run_sessions"  # presidium: open and close sessions, move the agenda
    GIVE_FLOOR = "give_floor"  # presidium: order the speakers list, give the floor, time
    KEEP_SPEAKERS = "keep_speakers"  # secretariat: the list and the written contributions
    SHOW_CARD = "show_card"  # a delegate: his own card
    REQUEST_TO_SPEAK = "request_to_speak"  # a delegate whose credentials are not refused
    VIEW_CONSOLE = "view_console"  # presidium, secretariat, organising
    VIEW_PROJECTOR = "view_projector"  # every body (the hall's screen)
    # On one request to speak or written contribution: its delegate, before he speaks.
    WITHDRAW_SPEECH = "withdraw_speech"
    # On one written contribution: its delegate attaches its text while it waits for review.
    ATTACH_PAPER = "attach_paper"


# --- congresses, sessions, agenda (setup) -------------------------------------------------

RowRef = Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
CongressName = Annotated[str, msgspec.Meta(min_length=3, max_length=300)]
Term = Annotated[str, msgspec.Meta(min_length=4, max_length=40)]  # "2025–2030"
Venue = Annotated[str, msgspec.Meta(max_length=300)]
SessionTitle = Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
ItemTitle = Annotated[str, msgspec.Meta(min_length=2, max_length=300)]
Presenter = Annotated[str, msgspec.Meta(max_length=200)]
Minutes = Annotated[int, msgspec.Meta(ge=1, le=600)]


class CongressCreate(msgspec.Struct, frozen=True):
    """A new congress (the creator joins its organising committee). ``organisation_id``: the
    organisation holding it (the creator's own when left out)."""

    kind: CongressKind
    name: CongressName
    term: Term
    starts_on: date
    ends_on: date
    venue: Venue = ""
    organisation_id: RowRef | None = None


class CongressUpdate(msgspec.Struct, frozen=True):
    name: CongressName | None = None
    term: Term | None = None
    venue: Venue | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class SessionCreate(msgspec.Struct, frozen=True):
    title: SessionTitle
    starts_at: datetime  # with its offset (+07:00); read as Vietnam's time without one


class SessionUpdate(msgspec.Struct, frozen=True):
    title: SessionTitle | None = None
    starts_at: datetime | None = None


class AgendaItemCreate(msgspec.Struct, frozen=True):
    title: ItemTitle
    presenter: Presenter = ""
    planned_minutes: Minutes | None = None
    speaking_open: bool = True


class AgendaItemUpdate(msgspec.Struct, frozen=True):
    title: ItemTitle | None = None
    presenter: Presenter | None = None
    planned_minutes: Minutes | None = None
    speaking_open: bool | None = None


class Reorder(msgspec.Struct, frozen=True):
    """Every id of the list (sessions of the congress, items of a session), in the new order."""

    ids: Annotated[list[RowRef], msgspec.Meta(min_length=1, max_length=200)]


class AgendaItem(msgspec.Struct, kw_only=True):
    id: int
    session_id: int
    ordinal: int
    title: str
    presenter: str = ""
    planned_minutes: int | None = None
    status: ItemStatus
    speaking_open: bool = True
    started_at: datetime | None = None
    ended_at: datetime | None = None


class CongressSession(msgspec.Struct, kw_only=True):
    id: int
    ordinal: int
    title: str
    starts_at: datetime
    status: SessionStatus
    items: list[AgendaItem] = []


class CongressSummary(msgspec.Struct, kw_only=True):
    id: int
    kind: CongressKind
    name: str
    term: str
    organisation_id: int
    organisation_name: str
    venue: str = ""
    starts_on: date
    ends_on: date
    status: CongressStatus
    my_bodies: list[CongressBody] = []
    my_delegate_id: int | None = None


# --- bodies, documents, congress detail ---


class CongressDocumentEntry(msgspec.Struct, kw_only=True):
    """A document for the delegates: a file of the one file store (download it with
    ``GET /api/files/{sha256}``) or a document of the register (``register_document_id``,
    opened at ``/van-ban/{id}`` under the register's own rules)."""

    id: int
    title: str
    sha256: str | None = None
    filename: str = ""
    mime: str = ""
    size: int = 0
    register_document_id: int | None = None
    position: int
    created_at: datetime


class DocumentLink(msgspec.Struct, frozen=True):
    """Link a document of the register to the congress (its trích yếu is the title when none
    is given)."""

    register_document_id: RowRef
    title: Annotated[str, msgspec.Meta(max_length=300)] = ""


class BodyMemberEntry(msgspec.Struct, kw_only=True):
    user_id: int
    username: str
    full_name: str
    title: str  # "Trưởng ban", "Thành viên" …
    position: int
    added_at: datetime


class BodyApprovalRecord(msgspec.Struct, kw_only=True):
    """The congress's approval of a body by a show of hands: who proposed, when, the count."""

    proposed_by: str  # full name of the organising member who proposed the list
    proposed_at: datetime
    votes_for: int
    votes_against: int
    abstentions: int
    member_ids: list[int]  # the members approved, as proposed
    recorded_by: str
    recorded_at: datetime


class CongressBodyDetail(msgspec.Struct, kw_only=True):
    body: CongressBody
    label: str
    needs_approval: bool  # one of the bodies the congress approves by a show of hands
    members: list[BodyMemberEntry] = []
    approval: BodyApprovalRecord | None = None  # the latest one
    # The members as they are differ from those the approval names (added or removed since).
    changed_since_approval: bool = False


class BodyMemberAdd(msgspec.Struct, frozen=True):
    """Propose a member of a body: a user by id or by username."""

    user_id: RowRef | None = None
    username: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    title: Annotated[str, msgspec.Meta(max_length=100)] = "Thành viên"


class ApprovalCount(msgspec.Struct, frozen=True):
    """The show of hands approving a body's members as proposed."""

    votes_for: Annotated[int, msgspec.Meta(ge=0, le=100_000)]
    votes_against: Annotated[int, msgspec.Meta(ge=0, le=100_000)] = 0
    abstentions: Annotated[int, msgspec.Meta(ge=0, le=100_000)] = 0


class CongressDetail(CongressSummary, kw_only=True):
    kind_label: str
    status_label: str
    delegates_summoned: int = 0
    sessions: list[CongressSession] = []
    documents: list[CongressDocumentEntry] = []
    bodies: list[CongressBodyDetail] = []
    actions: list[CongressAction] = []


class CongressList(msgspec.Struct, kw_only=True):
    items: list[CongressSummary]


# --- delegates, import, credentials and their report ---


class DelegateEntry(msgspec.Struct, kw_only=True):
    """A delegate on the list."""

    id: int
    code: str  # số thẻ đại biểu
    full_name: str
    kind: DelegateKind
    kind_label: str
    delegation: str
    organisation_name: str
    position: str
    credential_status: CredentialStatus
    credential_label: str
    absent_whole: bool = False
    has_account: bool = False


class DelegatePage(msgspec.Struct, kw_only=True):
    items: list[DelegateEntry]
    total: int  # delegates matching the filter
    next_cursor: str | None = None


class DelegateRef(msgspec.Struct, kw_only=True):
    id: int
    code: str
    full_name: str


class DelegateDetail(DelegateEntry, kw_only=True):
    birth_year: int | None = None
    sex: Sex | None = None
    ethnicity: str = ""
    education: str = ""
    political_theory: str = ""
    party_joined_year: int | None = None
    credential_reason: str = ""
    reviewed_by: str = ""
    reviewed_at: datetime | None = None
    absence_reason: str = ""
    replaced_by: DelegateRef | None = None  # the alternate who took his place
    replaces: DelegateRef | None = None  # the official this alternate replaces
    user_id: int | None = None


Reason = Annotated[str, msgspec.Meta(max_length=500)]


class CredentialRejection(msgspec.Struct, frozen=True):
    reason: Reason  # required (not blank)


class CredentialReplacement(msgspec.Struct, frozen=True):
    """An official delegate replaced by an alternate, who is counted in his place."""

    alternate_id: RowRef
    reason: Reason  # required (not blank)


class WholeAbsence(msgspec.Struct, frozen=True):
    """Absent for the whole congress (``absent: false`` withdraws it)."""

    reason: Reason = ""  # required when absent
    absent: bool = True


class ReportLine(msgspec.Struct, kw_only=True):
    key: str
    label: str
    count: int
    percent: float  # of the lines' total, one decimal


class AbsentDelegate(msgspec.Struct, kw_only=True):
    id: int
    code: str
    full_name: str
    kind: DelegateKind
    delegation: str
    reason: str
    replaced_by: DelegateRef | None = None


class MajorityBase(msgspec.Struct, kw_only=True):
    """The base of the congress's majorities: the official delegates summoned (chính thức and
    đương nhiên), less those whose credentials were refused and those absent for the whole
    congress whom no alternate replaces."""

    officials_summoned: int
    refused: int
    absent_unreplaced: int
    base: int


class CredentialsReport(msgspec.Struct, kw_only=True):
    """The credentials committee's report (báo cáo thẩm tra tư cách đại biểu)."""

    congress_id: int
    as_of: date  # ages are counted at the congress's first day
    summoned: int
    summoned_by_kind: list[ReportLine]
    accepted: int
    rejected: int
    replaced: int
    pending: int
    attending: int  # accepted and not absent for the whole congress: the breakdowns' total
    rejected_delegates: list[AbsentDelegate]  # with the reasons
    absent_whole: list[AbsentDelegate]
    # Breakdowns of the attending delegates (credentials accepted, not absent throughout).
    by_kind: list[ReportLine]
    by_sex: list[ReportLine]
    by_age: list[ReportLine]
    youngest: int | None = None
    oldest: int | None = None
    by_ethnic_group: list[ReportLine]  # Kinh / dân tộc thiểu số
    by_ethnicity: list[ReportLine]
    by_education: list[ReportLine]
    by_political_theory: list[ReportLine]
    by_party_seniority: list[ReportLine]
    majority_base: MajorityBase
