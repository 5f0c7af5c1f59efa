"""Đại hội in the hall: delegate cards and check-in, attendance and quorum, the live
agenda position and the speakers list (the rest of the congress contract is
``shared/congress.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from shared.congress import (
    CheckinMethod,
    CongressAction,
    CongressStatus,
    CredentialStatus,
    DelegateKind,
    ItemStatus,
    Presence,
    SessionStatus,
    SpeakerKind,
    SpeakerStatus,
)

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


class OwnRequest(SpeakerEntry, kw_only=True):
    """One of the caller's own requests, with the agenda item it is about."""

    item_title: str = ""
    session_title: str = ""


class MyRequests(msgspec.Struct, kw_only=True):
    """``GET …/speakers/mine``: the caller's own requests to speak and written contributions
    in the congress, newest first, each with its status and what he may do on it (withdraw it
    while it waits). Empty for a caller who is not a delegate of the congress."""

    requests: list[OwnRequest]


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
