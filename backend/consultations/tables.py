"""Drafts, their versions and units, consultations, comments, votes, the giải trình table.

No row here names a citizen: comments and votes carry his ``author_token`` (an HMAC under his
own key, per consultation: ``backend/citizens/keys.py``) and coarse facts for the charts.
"""

from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    Real,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User


class Draft(Table, tablename="draft"):
    """A dự thảo; its text lives in its versions."""

    title = Varchar(length=300)
    summary = Text(default="")
    current_version = Integer(default=1)
    next_key = Integer(default=1)  # the next unit key's number (keys are "u<n>")
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class DraftVersion(Table, tablename="draft_version"):
    """One published version of a draft (unique per draft and number)."""

    draft = ForeignKey(Draft, index=True)
    number = Integer()
    source = Varchar(length=10)  # SourceKind
    source_text = Text()  # the structured text it was read from (a DOCX's text)
    note = Text(default="")
    published_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    published_at = Timestamptz()


class DraftUnitRow(Table, tablename="draft_unit"):
    """A unit of one version. ``unit_key`` is stable across versions: a unit matched to one of
    the previous version (same anchor and similar text, or similar text elsewhere) keeps its
    key; ``match`` says how it was matched (``same``, ``anchor``, ``text``, ``new``)."""

    draft = ForeignKey(Draft)
    version = ForeignKey(DraftVersion)
    unit_key = Varchar(length=20)
    anchor = Varchar(length=200)
    kind = Varchar(length=12)  # UnitKind
    label = Varchar(length=40, default="")
    title = Text(default="")
    text = Text(default="")
    level = Integer(default=1)
    parent_key = Varchar(length=20, null=True, default=None)
    position = Integer()
    content_hash = Varchar(length=64)
    match = Varchar(length=10, default="new")
    similarity = Real(default=1.0)


class Consultation(Table, tablename="consultation"):
    """A draft opened to comments for a period."""

    draft = ForeignKey(Draft, index=True)
    title = Varchar(length=300)
    description = Text(default="")
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    # ConsultationStatus as stored: "da_dong" once closed early; otherwise the period decides.
    status = Varchar(length=10, default="")
    keep_after_erasure = Boolean(default=True)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class Comment(Table, tablename="comment"):
    consultation = ForeignKey(Consultation)
    target = Varchar(length=12)  # TargetKind
    unit_key = Varchar(length=20, null=True, default=None)  # None: the whole draft
    version_seen = Integer()  # the draft version the author read
    quote = Text(null=True, default=None)
    quote_start = Integer(null=True, default=None)
    quote_end = Integer(null=True, default=None)
    author_token = Varchar(length=64)
    age_band = Varchar(length=20, null=True, default=None)
    province = Varchar(length=100, null=True, default=None)
    commune = Varchar(length=100, null=True, default=None)
    text = Text()
    status = Varchar(length=12)  # CommentStatus
    hidden_reason = Text(null=True, default=None)
    moderated_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    moderated_at = Timestamptz(null=True, default=None)
    answer = Text(null=True, default=None)
    answered_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    answered_at = Timestamptz(null=True, default=None)
    # The author's user id sealed by the server (random nonce), only to tell him his comment
    # was answered; NULL once told, on withdrawal and on erasure.
    notice_sealed = Bytea(null=True, default=None)
    idempotency_key = Varchar(length=100, null=True, default=None)
    created_at = Timestamptz()
    withdrawn_at = Timestamptz(null=True, default=None)


class UnitVote(Table, tablename="unit_vote"):
    """Agree or disagree with a unit: one per author token and unit (changeable)."""

    consultation = ForeignKey(Consultation)
    unit_key = Varchar(length=20)
    author_token = Varchar(length=64)
    choice = Varchar(length=20)  # VoteChoice
    age_band = Varchar(length=20, null=True, default=None)
    province = Varchar(length=100, null=True, default=None)
    commune = Varchar(length=100, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ConsultationTally(Table, tablename="consultation_tally"):
    """The live counts of one consultation and unit (unique per both; ``unit_key`` ``''`` is
    the whole draft): visible comments, votes for and against. Kept by triggers on ``comment``
    and ``unit_vote`` in the writing transaction (migration 2026-12-07T09:40), never written
    by the app."""

    consultation = ForeignKey(Consultation)
    unit_key = Varchar(length=20)
    comments = Integer(default=0)
    agree = Integer(default=0)
    disagree = Integer(default=0)


class UnitExplanation(Table, tablename="unit_explanation"):
    """The giải trình of one unit in one consultation (unique per consultation and unit):
    what the editors decided and why; shown to citizens once published."""

    consultation = ForeignKey(Consultation, index=True)
    unit_key = Varchar(length=20)
    decision = Varchar(length=20)  # Decision
    reason = Text(default="")
    published = Boolean(default=False)
    decided_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz()
    detail = JSON(default="{}")  # what the synthesis keeps beside it


TABLES = [
    Draft,
    DraftVersion,
    DraftUnitRow,
    Consultation,
    Comment,
    UnitVote,
    ConsultationTally,
    UnitExplanation,
]
