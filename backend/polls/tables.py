"""The polls' tables. One participation row per poll and delegate (UNIQUE): one vote per
delegate, and no paper ballot as well as an electronic vote, enforced by the database."""

from piccolo.columns import JSON, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.congress.tables import AgendaItemRow, Congress, Delegate


class Poll(Table, tablename="poll"):
    """A biểu quyết or bầu cử on an agenda item of a congress."""

    congress = ForeignKey(Congress, index=True)
    item = ForeignKey(AgendaItemRow, index=True)
    kind = Varchar(length=30)
    mode = Varchar(length=20)
    title = Varchar(length=300)
    seats = Integer(default=1)
    rules = JSON(default="{}")  # the overrides of the counting rules' defaults
    base = Integer(null=True, default=None)  # fixed when the poll opens
    status = Varchar(length=20)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    opened_at = Timestamptz(null=True, default=None)
    opened_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    closed_at = Timestamptz(null=True, default=None)
    closed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class PollCandidateRow(Table, tablename="poll_candidate"):
    poll = ForeignKey(Poll, index=True)
    name = Varchar(length=200)
    delegate = ForeignKey(Delegate, null=True, on_delete=OnDelete.set_null)
    position = Integer(default=0)


class PollParticipation(Table, tablename="poll_participation"):
    """A delegate took part in a poll: voted electronically or was handed a paper ballot
    (UNIQUE(poll, delegate))."""

    poll = ForeignKey(Poll, index=True)
    delegate = ForeignKey(Delegate, index=True)
    channel = Varchar(length=20)
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    at = Timestamptz()


class PollBallot(Table, tablename="poll_ballot"):
    """An electronic ballot of the open mode, named (the secret mode keeps its encrypted
    ballots in a table of its own, without the delegate)."""

    poll = ForeignKey(Poll, index=True)
    delegate = ForeignKey(Delegate, null=True, on_delete=OnDelete.set_null)
    choices = JSON(default="{}")  # {"choice": …} | {"kept": [ids]} | {"marks": {id: mark}}
    at = Timestamptz()


class PollSourceCount(Table, tablename="poll_source_count"):
    """One counted source of a poll's result (UNIQUE(poll, source))."""

    poll = ForeignKey(Poll, index=True)
    source = Varchar(length=20)
    issued = Integer(default=0)
    received = Integer(default=0)
    valid = Integer(default=0)
    invalid = Integer(default=0)
    counts = JSON(default="{}")  # {"choices": {…}, "candidates": [{candidate_id, votes, against}]}
    entered_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    entered_at = Timestamptz()


class PollMinutes(Table, tablename="poll_minutes"):
    """The biên bản kiểm phiếu (UNIQUE(poll)): the PDF in the one file store."""

    poll = ForeignKey(Poll, index=True)
    sha256 = Varchar(length=64)
    generated_at = Timestamptz()


class PollMinutesSignature(Table, tablename="poll_minutes_signature"):
    """A counting-board member's sign-off, with his passkey (UNIQUE(poll, user))."""

    poll = ForeignKey(Poll, index=True)
    user = ForeignKey(User, index=True)
    credential_id = Varchar(length=500)  # the step-up assertion's credential
    signed_at = Timestamptz()


TABLES = [
    Poll,
    PollCandidateRow,
    PollParticipation,
    PollBallot,
    PollSourceCount,
    PollMinutes,
    PollMinutesSignature,
]
