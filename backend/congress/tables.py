from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.orgs.tables import Organisation


class Congress(Table, tablename="congress"):
    """An đại hội or hội nghị of one organisation, for one term."""

    organisation = ForeignKey(Organisation, index=True)
    kind = Varchar(length=20)
    name = Varchar(length=300)
    term = Varchar(length=40)  # "2025–2030"
    venue = Varchar(length=300, default="")
    starts_on = Date()
    ends_on = Date()
    status = Varchar(length=20)
    # The live position: the open session and its current agenda item (ids, no foreign key:
    # the session and item tables refer to this one).
    current_session_id = Integer(null=True, default=None)
    current_item_id = Integer(null=True, default=None)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CongressSessionRow(Table, tablename="congress_session"):
    """A phiên of the congress."""

    congress = ForeignKey(Congress, index=True)
    ordinal = Integer()
    title = Varchar(length=200)
    starts_at = Timestamptz()
    status = Varchar(length=20)
    opened_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class AgendaItemRow(Table, tablename="congress_agenda_item"):
    congress = ForeignKey(Congress, index=True)
    session = ForeignKey(CongressSessionRow, index=True)
    ordinal = Integer()
    title = Varchar(length=300)
    presenter = Varchar(length=200, default="")
    planned_minutes = Integer(null=True, default=None)
    status = Varchar(length=20)
    speaking_open = Boolean(default=True)
    started_at = Timestamptz(null=True, default=None)
    ended_at = Timestamptz(null=True, default=None)


class CongressDocument(Table, tablename="congress_document"):
    """A document for the delegates: a blob of the one file store, or a document of the
    register (whose own access rules then apply as well)."""

    congress = ForeignKey(Congress, index=True)
    title = Varchar(length=300)
    sha256 = Varchar(length=64, null=True, default=None, index=True)
    filename = Varchar(length=200, default="")
    mime = Varchar(length=120, default="")
    size = BigInt(default=0)
    register_document_id = Integer(null=True, default=None)
    position = Integer(default=0)
    uploaded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class BodyMember(Table, tablename="congress_body_member"):
    """One member of one of the congress's bodies (unique per congress, body and user)."""

    congress = ForeignKey(Congress, index=True)
    body = Varchar(length=20)
    user = ForeignKey(User, index=True)
    title = Varchar(length=100, default="")  # "Trưởng ban", "Thành viên" …
    position = Integer(default=0)
    added_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    added_at = Timestamptz()


class BodyApproval(Table, tablename="congress_body_approval"):
    """The congress's approval of a body's members by a show of hands: who proposed, when,
    and the count."""

    congress = ForeignKey(Congress, index=True)
    body = Varchar(length=20)
    members = JSON(default="[]")  # the user ids approved, as proposed
    proposed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    proposed_at = Timestamptz()
    votes_for = Integer()
    votes_against = Integer(default=0)
    abstentions = Integer(default=0)
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    recorded_at = Timestamptz()


class Delegate(Table, tablename="congress_delegate"):
    """An đại biểu of one congress: imported from the organising committee's list, linked to
    his account when he has one (matched by username)."""

    congress = ForeignKey(Congress, index=True)
    user = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)
    code = Varchar(length=20)  # số thẻ đại biểu, the natural key of the import
    full_name = Varchar(length=200)
    kind = Varchar(length=20)
    delegation = Varchar(length=200, default="")  # đoàn đại biểu
    organisation_name = Varchar(length=300, default="")
    position = Varchar(length=300, default="")
    birth_year = Integer(null=True, default=None)
    sex = Varchar(length=5, default="")
    ethnicity = Varchar(length=50, default="")
    education = Varchar(length=100, default="")  # trình độ chuyên môn
    political_theory = Varchar(length=50, default="")  # trình độ lý luận chính trị
    party_joined_year = Integer(null=True, default=None)
    credential_status = Varchar(length=20)
    credential_reason = Varchar(length=500, default="")
    reviewed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    reviewed_at = Timestamptz(null=True, default=None)
    # The alternate who took this delegate's place, or the delegate this alternate replaces.
    replaced_by_id = Integer(null=True, default=None)
    replaces_id = Integer(null=True, default=None)
    # Absent for the whole congress (with the reason given): out of the majority's base unless
    # an alternate replaces him.
    absent_whole = Boolean(default=False)
    absence_reason = Varchar(length=500, default="")
    card_version = Integer(default=1)  # raised when a card is reissued: older QR codes fail
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Checkin(Table, tablename="congress_checkin"):
    """A delegate present at a session (unique per session and delegate: a second scan finds
    the first)."""

    congress = ForeignKey(Congress, index=True)
    session = ForeignKey(CongressSessionRow, index=True)
    delegate = ForeignKey(Delegate, index=True)
    method = Varchar(length=20)
    checked_in_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    at = Timestamptz()


class SessionAbsence(Table, tablename="congress_session_absence"):
    """A delegate excused from a session, with the reason."""

    congress = ForeignKey(Congress, index=True)
    session = ForeignKey(CongressSessionRow, index=True)
    delegate = ForeignKey(Delegate, index=True)
    reason = Varchar(length=500)
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    at = Timestamptz()


class Speaker(Table, tablename="congress_speaker"):
    """A request to speak on an agenda item, or a written contribution (tham luận)."""

    congress = ForeignKey(Congress, index=True)
    item = ForeignKey(AgendaItemRow, index=True)
    delegate = ForeignKey(Delegate, index=True)
    kind = Varchar(length=20)
    title = Varchar(length=300, default="")
    summary = Text(default="")
    sha256 = Varchar(length=64, null=True, default=None)  # the contribution's text, if filed
    filename = Varchar(length=200, default="")
    status = Varchar(length=20)
    position = Integer(default=0)  # order on the speakers list
    planned_minutes = Integer(null=True, default=None)
    review_note = Varchar(length=500, default="")
    reviewed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    floor_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class CongressEvent(Table, tablename="congress_event"):
    """The congress's timeline (``backend/audit/timeline.py``)."""

    congress = ForeignKey(Congress, index=True)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=40)
    detail = JSON(default="{}")
    at = Timestamptz()


TABLES = [
    Congress,
    CongressSessionRow,
    AgendaItemRow,
    CongressDocument,
    BodyMember,
    BodyApproval,
    Delegate,
    Checkin,
    SessionAbsence,
    Speaker,
    CongressEvent,
]
