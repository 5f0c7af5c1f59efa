from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    ForeignKey,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.members.tables import PartyMember
from backend.orgs.tables import Organisation


class Meeting(Table, tablename="meeting"):
    organisation = ForeignKey(Organisation, index=True)  # the chi bộ
    kind = Varchar(length=20)
    title = Varchar(length=200)
    topic = Varchar(length=300, default="")
    starts_at = Timestamptz(index=True)
    location = Varchar(length=200, default="")
    agenda = JSON(default="[]")
    status = Varchar(length=20)
    minutes = Text(default="")
    minutes_recorded_at = Timestamptz(null=True, default=None)
    minutes_published_at = Timestamptz(null=True, default=None)
    cancel_reason = Varchar(length=500, default="")
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class MeetingFile(Table, tablename="meeting_file"):
    """A document attached to a meeting: a blob of the one file store."""

    meeting = ForeignKey(Meeting, index=True)
    sha256 = Varchar(length=64, index=True)
    filename = Varchar(length=200)
    mime = Varchar(length=120)
    size = BigInt()
    uploaded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class MeetingInvitation(Table, tablename="meeting_invitation"):
    """One member invited to one meeting: his reply, then his attendance."""

    meeting = ForeignKey(Meeting, index=True)
    member = ForeignKey(PartyMember, index=True)
    exempt = Boolean(default=False)  # miễn sinh hoạt when invited: not in the figures
    reply = Varchar(length=20)
    reason = Varchar(length=500, default="")
    replied_at = Timestamptz(null=True, default=None)
    attendance = Varchar(length=20, null=True, default=None)
    note = Varchar(length=300, default="")
    noted_at = Timestamptz(null=True, default=None)


class MeetingEvent(Table, tablename="meeting_event"):
    """The meeting's timeline (``backend/audit/timeline.py``)."""

    meeting = ForeignKey(Meeting, index=True)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=40)
    detail = JSON(default="{}")
    at = Timestamptz()
