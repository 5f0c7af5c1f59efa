"""The key ceremony's tables and the poll's election key.

Nothing here is secret: commitments, proofs, transport keys, sealed shares (opaque to the
server), and a share revealed after a complaint, which is public by design. No member's own
share, nor the whole key, is ever stored."""

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.polls.tables import Poll


class BallotCeremony(Table, tablename="ballot_ceremony"):
    """One run of the key ceremony of a secret poll; a restart is a new row."""

    poll = ForeignKey(Poll, index=True, on_delete=OnDelete.cascade)
    status = Varchar(length=20)
    threshold = Integer()
    size = Integer()
    excluded = JSON(default="[]")  # user ids excluded in earlier ceremonies of the poll
    fingerprint = Varchar(length=128, null=True, default=None)  # once every share is posted
    started_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    started_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)


class BallotCeremonyMember(Table, tablename="ballot_ceremony_member"):
    """A member of a ceremony (UNIQUE(ceremony, x) and (ceremony, user))."""

    ceremony = ForeignKey(BallotCeremony, index=True, on_delete=OnDelete.cascade)
    user = ForeignKey(User, index=True)
    x = Integer()
    commitments = JSON(default="[]")  # [hex C_0 … C_{k−1}]
    proof = JSON(default="{}")  # the Schnorr proof of C_0: {"c", "z"}
    transport_key = Varchar(length=64, default="")  # X25519, this ceremony alone
    committed_at = Timestamptz(null=True, default=None)
    shares_sent_at = Timestamptz(null=True, default=None)
    # The confirmation: backup saved, and the proven test decryption {"d", "proof"} made
    # under ``confirmed_fingerprint`` (a later change of the transcript voids it).
    test_decryption = JSON(default="{}")
    confirmed_fingerprint = Varchar(length=128, null=True, default=None)
    confirmed_at = Timestamptz(null=True, default=None)


class BallotSealedShare(Table, tablename="ballot_sealed_share"):
    """A share sealed by its sender to its recipient (UNIQUE(ceremony, sender, recipient)).
    The server relays it and cannot open it."""

    ceremony = ForeignKey(BallotCeremony, index=True, on_delete=OnDelete.cascade)
    sender = Integer()
    recipient = Integer()
    sealed = Varchar(length=120)
    posted_at = Timestamptz()


class BallotComplaint(Table, tablename="ballot_complaint"):
    """A recipient accuses a sender (UNIQUE(ceremony, accuser, accused)); the revealed share
    is public once revealed."""

    ceremony = ForeignKey(BallotCeremony, index=True, on_delete=OnDelete.cascade)
    accuser = Integer()
    accused = Integer()
    verdict = Varchar(length=20)
    share = Varchar(length=64, null=True, default=None)
    made_at = Timestamptz()
    settled_at = Timestamptz(null=True, default=None)


class BallotKey(Table, tablename="ballot_key"):
    """The election key of a secret poll (UNIQUE(poll)): what casting and the tally read.
    ``trustees`` is [{"x", "user_id", "public"}]: each member's index, account and public
    part K_x; any ``threshold`` of them decrypt a total."""

    poll = ForeignKey(Poll, unique=True, on_delete=OnDelete.cascade)
    ceremony = ForeignKey(BallotCeremony, null=True, on_delete=OnDelete.set_null)
    public_key = Varchar(length=64, null=True, default=None)
    threshold = Integer()
    size = Integer()
    trustees = JSON(default="[]")
    fingerprint = Varchar(length=128, null=True, default=None)
    ready = Boolean(default=False)
    ready_at = Timestamptz(null=True, default=None)


TABLES = [BallotCeremony, BallotCeremonyMember, BallotSealedShare, BallotComplaint, BallotKey]
