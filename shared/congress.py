"""Đại hội: congresses and conferences, their bodies, delegates, credentials, check-in, the
live agenda and the speakers list.

Who may do what on a congress follows from the congress's own bodies (Ban tổ chức, Đoàn Chủ
tịch, Đoàn Thư ký, Ban Thẩm tra tư cách, Ban Kiểm phiếu, check-in staff) and from being one of
its delegates, not from global roles: only creating a congress needs the role ``ban_to_chuc``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Literal

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


# --- delegates, import, credentials and their report ---


# --- delegate cards and check-in, attendance and quorum ---

# A card token (what the QR holds): "DH1.<congress id>.<base32>" (docs/security.md).
CARD_TOKEN_MAX = 200
CARD_CODE_MAX = 20
REASON_MAX = 500


class DelegateCard(msgspec.Struct, kw_only=True):
    """A delegate's card: what the card shows and prints, its token and the token's QR."""

    congress_id: int
    congress_name: str
    delegate_id: int
    full_name: str
    delegation: str
    organisation_name: str
    kind: DelegateKind
    code: str  # số thẻ đại biểu (manual entry at check-in)
    card_version: int
    token: str
    qr_svg: str  # the token's QR code as an SVG document
    valid_until: datetime  # the token expires then (the day after the congress's last day)


class CheckinRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A scan (``token``, the card's QR) or a manual entry (``code``, the số thẻ): one of them."""

    token: Annotated[str, msgspec.Meta(max_length=CARD_TOKEN_MAX)] | None = None
    code: Annotated[str, msgspec.Meta(max_length=CARD_CODE_MAX)] | None = None


class KindAttendance(msgspec.Struct, kw_only=True):
    kind: DelegateKind
    summoned: int
    present: int
    excused: int
    absent: int


class AttendanceCounts(msgspec.Struct, kw_only=True):
    """A session's live counts and its quorum.

    Summoned: the delegates whose credentials stand (not refused, not replaced). Excused: not
    present, absent from this session (or from the whole congress) with a reason. The quorum's
    ``base`` is the majority base of the congress (official delegates summoned, less those
    absent for the whole congress with no alternate replacing them); it is reached when more
    than half of it is present (``needed`` = the smallest count above half)."""

    session_id: int
    summoned: int
    present: int
    excused: int
    absent: int
    by_kind: list[KindAttendance]
    base: int
    base_present: int
    needed: int
    quorum: bool


class CheckinResult(msgspec.Struct, kw_only=True):
    """Who was checked in. ``already``: he had been checked in for this session before;
    ``at`` and ``method`` are then those of that first check-in (nothing was written)."""

    delegate_id: int
    full_name: str
    delegation: str
    kind: DelegateKind
    code: str
    credential_status: CredentialStatus
    method: CheckinMethod
    at: datetime
    already: bool
    attendance: AttendanceCounts


class AbsenceRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An excused absence from one session (the reason is required)."""

    delegate_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
    reason: Annotated[str, msgspec.Meta(max_length=REASON_MAX)]


class SessionAbsentee(msgspec.Struct, kw_only=True):
    delegate_id: int
    full_name: str
    delegation: str
    kind: DelegateKind
    presence: Presence
    reason: str = ""


class SessionAttendance(msgspec.Struct, kw_only=True):
    """``GET …/sessions/{id}/attendance``: the counts and who is absent (with the reason when
    he was excused)."""

    session_id: int
    session_title: str
    session_status: SessionStatus
    counts: AttendanceCounts
    absent: list[SessionAbsentee]


# --- the live position, sessions opened and closed, speakers ---

NOTE_MAX = 500
SUMMARY_MAX = 4000


class AgendaMove(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Move the current item of the open session: ``to`` ``next`` or ``previous``, or
    ``item`` (an item of the open session) with ``to`` = ``item``."""

    to: Literal["next", "previous", "item"]
    item_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)] | None = None


class LiveItem(msgspec.Struct, kw_only=True):
    """The current agenda item, as a phone draws it."""

    id: int
    session_id: int
    ordinal: int
    title: str
    presenter: str = ""
    planned_minutes: int | None = None
    started_at: datetime | None = None
    speaking_open: bool = True


class LiveSession(msgspec.Struct, kw_only=True):
    id: int
    ordinal: int
    title: str
    status: SessionStatus
    opened_at: datetime | None = None
    closed_at: datetime | None = None


class SpeakerEntry(msgspec.Struct, kw_only=True):
    """One request to speak, or one written contribution, on an agenda item."""

    id: int
    item_id: int
    delegate_id: int
    full_name: str
    delegation: str
    kind: SpeakerKind
    status: SpeakerStatus
    position: int
    title: str = ""
    summary: str = ""
    planned_minutes: int | None = None
    review_note: str = ""
    floor_at: datetime | None = None
    finished_at: datetime | None = None
    # Minutes spoken (running while he has the floor), against planned_minutes.
    elapsed_minutes: float | None = None
    created_at: datetime
    # A written contribution's text in the one file store (``/api/files/{sha256}``).
    sha256: str | None = None
    filename: str = ""
    # What the caller may do on this entry (his own: withdraw it, attach its text).
    actions: list[CongressAction] = []


class ItemSpeakers(msgspec.Struct, kw_only=True):
    """``GET …/items/{id}/speakers``: the item's list in order (the speaker now first, then
    the queue), then the written contributions and the closed requests; and what the caller
    may do."""

    item_id: int
    item_title: str
    item_status: ItemStatus
    speaking_open: bool
    speakers: list[SpeakerEntry]
    actions: list[CongressAction] = []


class LiveState(msgspec.Struct, kw_only=True):
    """``GET /api/congresses/{id}/live``: everything a delegate's phone or the hall's screen
    shows now. ``last_event_id`` is the stream's last event before this state was read:
    subscribe to ``congress:{id}`` from it and nothing is missed."""

    congress_id: int
    congress_name: str
    congress_status: CongressStatus
    session: LiveSession | None = None
    item: LiveItem | None = None
    speaker: SpeakerEntry | None = None
    next_speakers: list[SpeakerEntry] = []
    attendance: AttendanceCounts | None = None
    last_event_id: int
    stream: str


class SpeakRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Register to speak in the hall on an item."""

    planned_minutes: Annotated[int, msgspec.Meta(ge=1, le=60)] | None = None


class ContributionRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """File a written contribution (tham luận) on an item, for the secretariat to approve."""

    title: Annotated[str, msgspec.Meta(max_length=300)]
    summary: Annotated[str, msgspec.Meta(max_length=SUMMARY_MAX)] = ""


class ContributionReview(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    approve: bool
    note: Annotated[str, msgspec.Meta(max_length=NOTE_MAX)] = ""
    # Approved to be read in the hall: the speaking time it gets.
    planned_minutes: Annotated[int, msgspec.Meta(ge=1, le=60)] | None = None


class SpeakerOrder(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The full order of the item's queued speakers (each queued id exactly once)."""

    speaker_ids: Annotated[
        list[Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]], msgspec.Meta(max_length=1000)
    ]
