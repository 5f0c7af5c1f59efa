"""Góp ý dự thảo: drafts and their versions, consultations, citizens' comments and votes,
moderation, and the giải trình table the synthesis fills.

A draft (dự thảo) is published in versions; each version is split into units (phần, mục,
numbered points, paragraphs), and a unit keeps its ``key`` from one version to the next when
it is unchanged, moved or edited (matched by anchor and text). A consultation opens one draft
to comments for a period. Comments and votes carry the author's per-consultation pseudonym,
never his name or number.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

COMMENT_MAX_CHARS = 2000  # longer comments are refused (the API says how long it was)
ANSWER_MAX_CHARS = 5000
REASON_MAX_CHARS = 500
DRAFT_MAX_CHARS = 2_000_000
DOCX_MAX_BYTES = 20 * 1024 * 1024
IDEMPOTENCY_HEADER = "Idempotency-Key"
CAMPAIGN_MIN_AUTHORS = 5  # a duplicate group from this many authors is a campaign
CHART_COMMUNES = 15

Id = Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
UnitKey = Annotated[str, msgspec.Meta(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$")]


# ---- enums --------------------------------------------------------------------------------------


class UnitKind(enum.StrEnum):
    """What a unit of a draft is: a heading of its structure, or a paragraph inside one."""

    MO_DAU = "mo_dau"  # the text before the first heading
    PHAN = "phan"  # Phần / a Roman-numeral part
    CHUONG = "chuong"
    MUC = "muc"
    DIEU = "dieu"
    DIEM = "diem"  # a numbered point ("1.", "3.1.")
    KET = "ket"  # Nơi nhận, the signature
    DOAN = "doan"  # a paragraph
    KHOAN = "khoan"  # "1. …" inside an Điều
    DIEM_CHU = "diem_chu"  # "a) …"
    GACH = "gach"  # "- …"


UNIT_KIND_LABELS: dict[UnitKind, str] = {
    UnitKind.MO_DAU: "Mở đầu",
    UnitKind.PHAN: "Phần",
    UnitKind.CHUONG: "Chương",
    UnitKind.MUC: "Mục",
    UnitKind.DIEU: "Điều",
    UnitKind.DIEM: "Điểm",
    UnitKind.KET: "Phần kết",
    UnitKind.DOAN: "Đoạn",
    UnitKind.KHOAN: "Khoản",
    UnitKind.DIEM_CHU: "Điểm",
    UnitKind.GACH: "Ý",
}


class SourceKind(enum.StrEnum):
    TEXT = "van_ban"  # structured plain text
    DOCX = "docx"


class ConsultationStatus(enum.StrEnum):
    """Read from the period (Asia/Ho_Chi_Minh) unless the editors closed it early."""

    UPCOMING = "sap_mo"
    OPEN = "dang_mo"
    CLOSED = "da_dong"


CONSULTATION_STATUS_LABELS: dict[ConsultationStatus, str] = {
    ConsultationStatus.UPCOMING: "Sắp mở",
    ConsultationStatus.OPEN: "Đang lấy ý kiến",
    ConsultationStatus.CLOSED: "Đã kết thúc",
}


class TargetKind(enum.StrEnum):
    """What a comment is about."""

    UNIT = "don_vi"  # a unit (a point, a paragraph)
    PASSAGE = "doan_trich"  # a passage quoted from one unit (offsets within its text)
    DRAFT = "toan_van"  # the whole draft


class CommentStatus(enum.StrEnum):
    VISIBLE = "hien_thi"
    HIDDEN = "da_an"  # hidden by the editors, with a reason
    WITHDRAWN = "da_rut"  # withdrawn by its author while the consultation was open


COMMENT_STATUS_LABELS: dict[CommentStatus, str] = {
    CommentStatus.VISIBLE: "Đang hiển thị",
    CommentStatus.HIDDEN: "Đã bị ẩn",
    CommentStatus.WITHDRAWN: "Đã rút",
}


class VoteChoice(enum.StrEnum):
    AGREE = "tan_thanh"
    DISAGREE = "khong_tan_thanh"


class Decision(enum.StrEnum):
    """The editors' giải trình of a unit (filled by the synthesis)."""

    ACCEPTED = "tiep_thu"
    PARTLY = "tiep_thu_mot_phan"
    EXPLAINED = "giai_trinh"


DECISION_LABELS: dict[Decision, str] = {
    Decision.ACCEPTED: "Tiếp thu",
    Decision.PARTLY: "Tiếp thu một phần",
    Decision.EXPLAINED: "Giải trình, giữ nguyên",
}


class ChangeKind(enum.StrEnum):
    """How a unit changed from one version to the next."""

    ADDED = "them"
    REMOVED = "bo"
    MOVED = "chuyen"
    EDITED = "sua"
    MOVED_EDITED = "chuyen_sua"


class WordOp(enum.StrEnum):
    SAME = "giu"
    INSERTED = "them"
    DELETED = "xoa"


class ConsultationAction(enum.StrEnum):
    # Global.
    MANAGE = "manage"  # tổ biên tập: publish drafts and versions, open consultations
    SEARCH_COMMENTS = "search_comments"  # tổ biên tập, through the one search service
    MY_COMMENTS = "my_comments"  # a citizen
    # On a draft.
    REVISE = "revise"  # publish a new version
    # On a consultation.
    READ = "read"  # anyone signed in, once published
    COMMENT = "comment"  # a citizen, while open
    VOTE = "vote"  # a citizen, while open
    MODERATE = "moderate"  # the queue: hide, restore
    ANSWER = "answer"
    EXPORT = "export"  # the synthesis report
    EXPLAIN = "explain"  # the giải trình table
    CLOSE = "close"  # close early
    # On a comment.
    WITHDRAW = "withdraw"  # its author, while the consultation is open
    HIDE = "hide"
    RESTORE = "restore"
    # On a consultation (synthesis).
    SYNTHESIZE = "synthesize"  # the synthesis and its charts (tổ biên tập)
    PUBLISH_EXPLANATIONS = "publish_explanations"  # the giải trình table, once closed


# ---- drafts and versions ------------------------------------------------------------------------


class DraftCreate(msgspec.Struct, frozen=True):
    title: Title
    # Structured text (phần, mục, numbered points); a DOCX goes to the multipart route.
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=DRAFT_MAX_CHARS)]
    summary: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class DraftRevise(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=DRAFT_MAX_CHARS)]
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""  # what changed, for the readers


class DraftUnitView(msgspec.Struct, frozen=True):
    key: str  # stable across versions
    anchor: str  # the path of labels in this version ("II/1", "II/1/p2")
    kind: UnitKind
    label: str  # "II.", "1.", "a)", "-" or ""
    title: str  # a heading's title, "" for a paragraph
    text: str  # a paragraph's text ("" for a heading without text of its own)
    level: int  # 1 at the top
    parent: str | None  # the parent unit's key
    position: int  # reading order in the version


class DraftVersionSummary(msgspec.Struct, frozen=True):
    number: int
    source: SourceKind
    note: str
    units: int
    published_at: datetime
    published_by_name: str


class DraftSummary(msgspec.Struct, frozen=True):
    id: int
    title: str
    summary: str
    version: int  # the current version's number
    updated_at: datetime


class DraftDetail(msgspec.Struct, frozen=True):
    id: int
    title: str
    summary: str
    version: int
    versions: list[DraftVersionSummary]
    actions: list[ConsultationAction]


class DraftVersionView(msgspec.Struct, frozen=True):
    draft_id: int
    number: int
    note: str
    published_at: datetime
    units: list[DraftUnitView]


class WordPiece(msgspec.Struct, frozen=True):
    op: WordOp
    text: str


class UnitChange(msgspec.Struct, frozen=True):
    key: str
    change: ChangeKind
    kind: UnitKind
    old_anchor: str | None  # None when added
    new_anchor: str | None  # None when removed
    old_position: int | None
    new_position: int | None
    # Title and text of the unit, word by word: kept, inserted and deleted pieces.
    words: list[WordPiece]


class VersionDiff(msgspec.Struct, frozen=True):
    draft_id: int
    from_version: int
    to_version: int
    unchanged: int  # units kept as they were, in place
    changes: list[UnitChange]


# ---- consultations ------------------------------------------------------------------------------


class ConsultationCreate(msgspec.Struct, frozen=True):
    draft_id: Id
    title: Title
    opens_at: datetime  # aware; shown in Asia/Ho_Chi_Minh
    closes_at: datetime
    description: Annotated[str, msgspec.Meta(max_length=5000)] = ""
    # Whether a citizen's comments stay (as anonymous text) after he erases his data.
    keep_after_erasure: bool = True


class ConsultationPeriod(msgspec.Struct, frozen=True):
    opens_at: datetime
    closes_at: datetime


class ConsultationSummary(msgspec.Struct, frozen=True):
    id: int
    draft_id: int
    title: str
    status: ConsultationStatus
    opens_at: datetime
    closes_at: datetime
    comments: int  # visible ones
    version: int  # the draft version on show


class UnitCounts(msgspec.Struct, frozen=True):
    key: str
    comments: int  # visible
    agree: int
    disagree: int


class ConsultationCounts(msgspec.Struct, frozen=True):
    """The live counts (also the ``counts.changed`` event's data)."""

    consultation_id: int
    comments: int  # visible
    whole_draft: int  # visible comments on the whole draft
    votes: int
    units: list[UnitCounts]  # units with at least one comment or vote


class ConsultationDetail(msgspec.Struct, frozen=True):
    id: int
    draft_id: int
    title: str
    description: str
    status: ConsultationStatus
    opens_at: datetime
    closes_at: datetime
    keep_after_erasure: bool
    version: int  # the draft's current version
    units: list[DraftUnitView]
    counts: ConsultationCounts
    my_votes: dict[str, VoteChoice]  # unit key → the caller's vote (a citizen)
    actions: list[ConsultationAction]
    # GET only: the stream's last event before the consultation was read. The page follows
    # the counts from it (``consultation:{id}?after=``), not from the stream's first event.
    last_event_id: int | None = None


# ---- comments and votes -------------------------------------------------------------------------


class CommentCreate(msgspec.Struct, frozen=True):
    target: TargetKind
    # Checked against COMMENT_MAX_CHARS by the service, which says how long it was.
    text: Annotated[str, msgspec.Meta(max_length=100_000)]
    unit_key: UnitKey | None = None  # for UNIT and PASSAGE
    # For PASSAGE: the quote and its offsets (in characters) within the unit's text.
    quote: Annotated[str, msgspec.Meta(max_length=COMMENT_MAX_CHARS)] | None = None
    start: Annotated[int, msgspec.Meta(ge=0, le=10_000_000)] | None = None
    end: Annotated[int, msgspec.Meta(ge=0, le=10_000_000)] | None = None


class CommentView(msgspec.Struct, frozen=True):
    """A comment as the public sees it: the pseudonym, never a name."""

    id: int
    consultation_id: int
    author: str  # the pseudonym in this consultation ("Người góp ý 7Q4K-2M")
    target: TargetKind
    unit_key: str | None
    version: int  # the draft version it was written on
    quote: str | None
    start: int | None
    end: int | None
    text: str
    created_at: datetime
    answer: str | None
    answered_at: datetime | None
    mine: bool = False


class CommentPage(msgspec.Struct, frozen=True):
    items: list[CommentView]
    next_cursor: str | None


class MyComment(msgspec.Struct, frozen=True):
    id: int
    consultation_id: int
    consultation_title: str
    target: TargetKind
    unit_key: str | None
    unit_label: str  # the unit as it reads now ("II. 1.", "Toàn văn dự thảo")
    version: int
    quote: str | None
    text: str
    status: CommentStatus
    hidden_reason: str | None
    answer: str | None
    answered_at: datetime | None
    created_at: datetime
    actions: list[ConsultationAction]


class MyCommentPage(msgspec.Struct, frozen=True):
    items: list[MyComment]
    next_cursor: str | None


class VoteCast(msgspec.Struct, frozen=True):
    choice: VoteChoice


class VoteResult(msgspec.Struct, frozen=True):
    unit_key: str
    choice: VoteChoice | None  # the caller's vote now (None once taken back)
    agree: int
    disagree: int


# ---- moderation ---------------------------------------------------------------------------------


class ModeratedComment(msgspec.Struct, frozen=True):
    """A comment as the editors see it (still no name: the pseudonym and coarse facts)."""

    id: int
    consultation_id: int
    author: str
    target: TargetKind
    unit_key: str | None
    version: int
    quote: str | None
    text: str
    status: CommentStatus
    hidden_reason: str | None
    age_band: str | None
    province: str | None
    commune: str | None
    created_at: datetime
    answer: str | None
    answered_at: datetime | None
    actions: list[ConsultationAction]


class ModerationPage(msgspec.Struct, frozen=True):
    items: list[ModeratedComment]
    next_cursor: str | None


class HideRequest(msgspec.Struct, frozen=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=REASON_MAX_CHARS)]


class CommentAnswer(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=ANSWER_MAX_CHARS)]


class CommentHit(msgspec.Struct, frozen=True):
    comment: ModeratedComment
    consultation_title: str


class CommentSearchPage(msgspec.Struct, frozen=True):
    items: list[CommentHit]
    more: bool


# ---- giải trình (filled by the synthesis) -------------------------------------------------------


class ExplanationView(msgspec.Struct, frozen=True):
    unit_key: str
    decision: Decision
    reason: str
    published: bool
    decided_at: datetime


# ---- synthesis, giải trình, exports, charts -----------------------------------------------------


class ExplanationSet(msgspec.Struct, frozen=True):
    """The editors' giải trình of one unit (replaces the one before, until published)."""

    decision: Decision
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=ANSWER_MAX_CHARS)]


class DuplicateGroup(msgspec.Struct, frozen=True):
    """Identical or near-identical comments from several authors, counted once."""

    text: str  # the group's first comment
    comments: int  # how many comments it holds
    authors: int  # how many distinct authors wrote them
    campaign: bool  # from at least CAMPAIGN_MIN_AUTHORS authors


class ThemeComment(msgspec.Struct, frozen=True):
    id: int
    author: str  # the pseudonym
    text: str
    group_size: int  # the comments its duplicate group holds (1 when alone)


class Theme(msgspec.Struct, frozen=True):
    label: str  # its most telling words ("thu ngân sách · nguồn thu")
    comments: int  # the comments it holds, duplicates included
    distinct: int  # … counting each duplicate group once
    representatives: list[ThemeComment]  # the closest to its centre first


class UnitSynthesis(msgspec.Struct, frozen=True):
    key: str | None  # None: comments on the whole draft
    label: str  # "II. 1. Kinh tế" or "Toàn văn dự thảo"
    position: int  # reading order (the whole draft first)
    comments: int  # visible ones
    distinct: int  # each duplicate group counted once
    agree: int
    disagree: int
    groups: list[DuplicateGroup]  # groups of at least two comments, largest first
    themes: list[Theme]
    explanation: ExplanationView | None


class ConsultationSynthesis(msgspec.Struct, frozen=True):
    consultation_id: int
    title: str
    draft_title: str
    status: ConsultationStatus
    version: int
    opens_at: datetime
    closes_at: datetime
    generated_at: datetime
    comments: int  # visible
    distinct: int
    authors: int  # distinct authors of visible comments
    votes: int
    hidden: int
    withdrawn: int
    campaigns: int  # duplicate groups from many authors
    units: list[UnitSynthesis]  # units with a comment, a vote or a giải trình, in reading order
    actions: list[ConsultationAction]


class ExplanationRow(msgspec.Struct, frozen=True):
    """A line of the giải trình table as citizens read it once published."""

    unit_key: str
    unit_label: str
    position: int
    comments: int
    decision: Decision
    decision_label: str
    reason: str
    published: bool
    decided_at: datetime


class ExplanationTable(msgspec.Struct, frozen=True):
    consultation_id: int
    title: str
    published: bool  # every line published
    rows: list[ExplanationRow]
    actions: list[ConsultationAction]


class DayCount(msgspec.Struct, frozen=True):
    day: str  # YYYY-MM-DD in Asia/Ho_Chi_Minh
    comments: int


class HeatCell(msgspec.Struct, frozen=True):
    key: str | None
    label: str
    day: str
    comments: int


class LabelCount(msgspec.Struct, frozen=True):
    label: str
    comments: int


class ConsultationCharts(msgspec.Struct, frozen=True):
    """The data of the editors' charts (visible comments only)."""

    consultation_id: int
    over_time: list[DayCount]  # every day from the first comment to the last
    per_unit: list[HeatCell]  # unit × day with at least one comment
    by_age: list[LabelCount]  # "Không rõ" for comments without the fact
    by_commune: list[LabelCount]  # the largest first; the rest past CHART_COMMUNES as "Khác"
