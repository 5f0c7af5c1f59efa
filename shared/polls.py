"""Biểu quyết và bầu cử tại đại hội: polls on an agenda item of a congress.

A poll is a resolution vote (biểu quyết: tán thành / không tán thành / không biểu quyết), an
election with more candidates than seats (bầu cử có số dư, strike-out ballots: gạch tên), or
an election with as many candidates as seats (bầu cử không có số dư: đồng ý / không đồng ý
for each name). Its result is the sum of its counted sources (electronic, paper; secret
electronic ballots later), each with its own issued, received, valid and invalid figures.
The counting rules and their defaults are in ``backend/polls/counting.py`` and
``docs/polls.md``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec


class PollKind(enum.StrEnum):
    RESOLUTION = "bieu_quyet"  # yes / no / abstain
    STRIKE_OUT = "bau_cu_so_du"  # more candidates than seats, strike-out ballots
    CONFIRM = "bau_cu_khong_so_du"  # as many candidates as seats, đồng ý / không đồng ý


POLL_KIND_LABELS: dict[PollKind, str] = {
    PollKind.RESOLUTION: "Biểu quyết",
    PollKind.STRIKE_OUT: "Bầu cử có số dư",
    PollKind.CONFIRM: "Bầu cử không có số dư",
}


class PollMode(enum.StrEnum):
    OPEN = "cong_khai"  # open and electronic: named (paper ballots may be issued too)
    PAPER = "giay"  # paper only: the counting board enters the totals
    SECRET = "bi_mat"  # secret and electronic: encrypted on the phone (docs/ballots.md)


POLL_MODE_LABELS: dict[PollMode, str] = {
    PollMode.OPEN: "Công khai, điện tử",
    PollMode.PAPER: "Phiếu giấy",
    PollMode.SECRET: "Bỏ phiếu kín điện tử",
}


class PollStatus(enum.StrEnum):
    PREPARING = "chuan_bi"
    OPEN = "dang_mo"
    CLOSED = "da_dong"


POLL_STATUS_LABELS: dict[PollStatus, str] = {
    PollStatus.PREPARING: "Đang chuẩn bị",
    PollStatus.OPEN: "Đang bỏ phiếu",
    PollStatus.CLOSED: "Đã kết thúc",
}


class Channel(enum.StrEnum):
    """How a delegate took part: one row per poll and delegate (a database constraint)."""

    ELECTRONIC = "dien_tu"
    PAPER = "giay"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.ELECTRONIC: "Điện tử",
    Channel.PAPER: "Phiếu giấy",
}


class PollSource(enum.StrEnum):
    """A counted source of a poll's result."""

    ELECTRONIC = "dien_tu"
    PAPER = "giay"
    SECRET = "bi_mat"  # the secret ballots' decrypted total


POLL_SOURCE_LABELS: dict[PollSource, str] = {
    PollSource.ELECTRONIC: "Biểu quyết điện tử",
    PollSource.PAPER: "Phiếu giấy",
    PollSource.SECRET: "Phiếu kín điện tử",
}


class ResolutionChoice(enum.StrEnum):
    YES = "tan_thanh"
    NO = "khong_tan_thanh"
    ABSTAIN = "khong_bieu_quyet"


RESOLUTION_CHOICE_LABELS: dict[ResolutionChoice, str] = {
    ResolutionChoice.YES: "Tán thành",
    ResolutionChoice.NO: "Không tán thành",
    ResolutionChoice.ABSTAIN: "Không biểu quyết",
}


class Mark(enum.StrEnum):
    """A name on a ballot with as many candidates as seats (neither: the name is left out)."""

    AGREE = "dong_y"
    DISAGREE = "khong_dong_y"


MARK_LABELS: dict[Mark, str] = {Mark.AGREE: "Đồng ý", Mark.DISAGREE: "Không đồng ý"}


class PollAction(enum.StrEnum):
    READ = "read"  # see the poll, its candidates and live turnout
    PREPARE = "prepare"  # create, edit or delete it while in preparation
    OPEN = "open"
    CLOSE = "close"
    VOTE = "vote"  # cast an electronic vote
    ISSUE_PAPER = "issue_paper"  # record a paper ballot handed to a delegate
    ENTER_PAPER = "enter_paper"  # enter the paper totals
    VIEW_RESULT = "view_result"  # after close
    VIEW_MINUTES = "view_minutes"  # the biên bản kiểm phiếu, after close
    SIGN_MINUTES = "sign_minutes"  # each counting-board member once, with a passkey


TITLE_MAX = 300
NAME_MAX = 200
NOTE_MAX = 500
CANDIDATES_MAX = 200
SEATS_MAX = 200
BALLOTS_MAX = 100_000  # no congress hands out more paper ballots than this

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=TITLE_MAX)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=NAME_MAX)]
Count = Annotated[int, msgspec.Meta(ge=0, le=BALLOTS_MAX)]
Seats = Annotated[int, msgspec.Meta(ge=1, le=SEATS_MAX)]


# --- rules ---


class PollRules(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The overrides of a poll's counting rules; each left out keeps its default
    (``backend/polls/counting.py``, ``docs/polls.md``). Every override is printed in the
    minutes."""

    # The majority is strictly more than numerator/denominator of the base (default 1/2).
    majority_numerator: Annotated[int, msgspec.Meta(ge=1, le=100)] | None = None
    majority_denominator: Annotated[int, msgspec.Meta(ge=1, le=100)] | None = None
    # A base fixed by the congress instead of its official delegates summoned.
    base: Annotated[int, msgspec.Meta(ge=1, le=BALLOTS_MAX)] | None = None
    # Strike-out: the fewest and most names a valid ballot keeps (defaults 1 and the seats).
    min_kept: Annotated[int, msgspec.Meta(ge=0, le=SEATS_MAX)] | None = None
    max_kept: Annotated[int, msgspec.Meta(ge=1, le=SEATS_MAX)] | None = None


class RuleEntry(msgspec.Struct, kw_only=True):
    """One counting rule as it applies to a poll: its value, its default and where the
    default comes from."""

    key: str
    label: str
    value: str
    default: str
    source: str  # the article of Quyết định 190-QĐ/TW or Quy định 24-QĐ/TW
    overridden: bool


# --- preparing ---


class CandidateInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Name
    delegate_id: int | None = None  # when the candidate is one of the congress's delegates


class PollCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    item_id: int  # the agenda item
    kind: PollKind
    mode: PollMode
    title: Title
    seats: Seats = 1  # elections; a resolution has one question
    candidates: Annotated[list[CandidateInput], msgspec.Meta(max_length=CANDIDATES_MAX)] = []
    rules: PollRules = msgspec.field(default_factory=PollRules)


class PollUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Replaces what it names, while the poll is in preparation."""

    title: Title | None = None
    seats: Seats | None = None
    candidates: Annotated[list[CandidateInput], msgspec.Meta(max_length=CANDIDATES_MAX)] | None = (
        None
    )
    rules: PollRules | None = None


# --- voting ---


class CandidateMark(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    candidate_id: int
    mark: Mark


class PollVote(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A ballot: ``choice`` for a resolution, ``kept`` (the candidate ids not struck out) for
    an election with more candidates than seats, ``marks`` for one with as many (a name left
    out is neither đồng ý nor không đồng ý)."""

    choice: ResolutionChoice | None = None
    kept: Annotated[list[int], msgspec.Meta(max_length=CANDIDATES_MAX)] | None = None
    marks: Annotated[list[CandidateMark], msgspec.Meta(max_length=CANDIDATES_MAX)] | None = None


class VoteReceipt(msgspec.Struct, kw_only=True):
    poll_id: int
    channel: Channel
    at: datetime


class PaperIssue(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The counting board hands a paper ballot to a delegate."""

    delegate_id: int


# --- counts and results ---


class CandidateCount(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A candidate's votes in one source or in the total: names kept (strike-out) or đồng ý;
    ``against`` is không đồng ý (as many candidates as seats)."""

    candidate_id: int
    votes: Count
    against: Count = 0


class PaperTotals(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The counting board's paper figures. They must add up: issued = received + not
    returned, received = valid + invalid, issued = the paper ballots recorded as handed out;
    a resolution's choices sum to the valid ballots; a candidate's votes (and against) are at
    most the valid ballots."""

    issued: Count
    received: Count
    not_returned: Count
    valid: Count
    invalid: Count
    choices: dict[str, Count] = {}  # resolution: ResolutionChoice → ballots
    candidates: Annotated[list[CandidateCount], msgspec.Meta(max_length=CANDIDATES_MAX)] = []


class PollTotals(msgspec.Struct, kw_only=True):
    """Ballot figures: of one source, or their sum."""

    issued: int
    received: int
    valid: int
    invalid: int
    choices: dict[str, int] = {}  # resolution: ResolutionChoice → ballots
    candidates: list[CandidateCount] = []


class SourceCount(PollTotals, kw_only=True):
    """One counted source of a poll's result."""

    source: PollSource
    entered_by: str | None = None  # paper: who entered the figures
    entered_at: datetime | None = None


class ChoiceResult(msgspec.Struct, kw_only=True):
    choice: ResolutionChoice
    label: str
    votes: int
    percent_of_base: float
    percent_of_valid: float


class CandidateResult(msgspec.Struct, kw_only=True):
    candidate_id: int
    name: str
    votes: int
    against: int = 0
    percent_of_base: float
    percent_of_valid: float
    above_majority: bool
    elected: bool
    tied: bool  # tied at the cut-off: another round decides


class PollResult(msgspec.Struct, kw_only=True):
    """The sum of the sources, judged against the base fixed when the poll opened."""

    base: int
    majority: int  # the fewest votes that are more than the required share of the base
    sources: list[SourceCount]
    total: PollTotals
    choices: list[ChoiceResult] = []  # resolution
    passed: bool | None = None  # resolution
    candidates: list[CandidateResult] = []  # elections, highest first
    elected: list[int] = []  # candidate ids
    ties: list[int] = []  # candidate ids tied at the cut-off
    seats_filled: int = 0
    another_round: bool = False  # ties at the cut-off leave seats to another round


class NamedVote(msgspec.Struct, kw_only=True):
    """Open mode: who voted how (after close)."""

    delegate_id: int
    code: str
    full_name: str
    choice: ResolutionChoice | None = None
    kept: list[int] | None = None
    marks: list[CandidateMark] | None = None
    at: datetime


class Turnout(msgspec.Struct, kw_only=True):
    """Live figures: who may vote and who did, never how."""

    poll_id: int
    eligible: int  # delegates whose credentials stand and who are checked in to the session
    voted: int  # electronic votes and paper ballots issued
    electronic: int
    paper: int
    base: int | None = None  # fixed at opening


# --- the poll ---


class PollCandidate(msgspec.Struct, kw_only=True):
    id: int
    name: str
    position: int
    delegate_id: int | None = None


class PollSummary(msgspec.Struct, kw_only=True):
    id: int
    congress_id: int
    item_id: int
    item_title: str
    kind: PollKind
    mode: PollMode
    title: str
    seats: int
    status: PollStatus
    opened_at: datetime | None = None
    closed_at: datetime | None = None


class MinutesSignature(msgspec.Struct, kw_only=True):
    user_id: int
    full_name: str
    signed_at: datetime


class MinutesStatus(msgspec.Struct, kw_only=True):
    """The biên bản kiểm phiếu: generated after close, signed by each counting-board member."""

    generated_at: datetime | None = None
    sha256: str | None = None
    signatures: list[MinutesSignature] = []
    signers_expected: int = 0  # the counting board's members


class PollDetail(PollSummary, kw_only=True):
    candidates: list[PollCandidate]
    rules: list[RuleEntry]
    base: int | None = None  # fixed when the poll opens
    turnout: Turnout
    my_participation: Channel | None = None  # the actor's, when he is a delegate
    paper_entered: bool = False
    result: PollResult | None = None  # only after close
    named_votes: list[NamedVote] | None = None  # open mode, after close
    minutes: MinutesStatus | None = None  # after close
    opened_by: str | None = None
    closed_by: str | None = None
    actions: list[PollAction]
    # GET only: the congress stream's last event before the poll was read. The page follows
    # the turnout from it (``congress:{id}?after=``), not from the stream's first event.
    last_event_id: int | None = None


class PollList(msgspec.Struct, kw_only=True):
    items: list[PollSummary]
    actions: list[PollAction]  # on the congress: prepare
    last_event_id: int | None = None  # as PollDetail's


class PaperBallotEntry(msgspec.Struct, kw_only=True):
    delegate_id: int
    code: str
    full_name: str
    at: datetime


class PaperBallots(msgspec.Struct, kw_only=True):
    poll_id: int
    items: list[PaperBallotEntry]


# --- the minutes' sign-off ---


class MinutesChallenge(msgspec.Struct, kw_only=True):
    """Step one of a counting-board member's sign-off: WebAuthn request options whose
    challenge commits to the current minutes' SHA-256 (a sign-off regenerates the minutes,
    so each member signs the version that holds the sign-offs before his)."""

    ceremony: str
    options: dict
    minutes_sha256: str
    intent: str


class MinutesSignFinish(msgspec.Struct, kw_only=True):
    """Step two: the assertion the authenticator returned."""

    ceremony: Annotated[str, msgspec.Meta(min_length=10, max_length=100)]
    credential: dict
