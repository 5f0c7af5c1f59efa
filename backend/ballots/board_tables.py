"""The tables of casting and the tally: encrypted ballots (no delegate on them), their first
components (UNIQUE(poll, a): a copied or replayed ciphertext is refused by the database), the
board frozen at close, and the members' partial decryptions of its sums (UNIQUE(poll, x))."""

from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.polls.tables import Poll


class SecretBallot(Table, tablename="secret_ballot"):
    """An encrypted ballot (UNIQUE(poll, tracker)). Who cast it is not on the row: the
    participation mark is written beside it in the polls' table."""

    poll = ForeignKey(Poll, index=True, on_delete=OnDelete.cascade)
    tracker = Varchar(length=64)
    ballot = JSON(default="{}")  # {ciphertexts, bit_proofs, range_proofs}, docs/ballots.md §10


class SecretCiphertext(Table, tablename="secret_ciphertext"):
    """The first component A of each ciphertext of a cast ballot (UNIQUE(poll, a))."""

    poll = ForeignKey(Poll, on_delete=OnDelete.cascade)
    ballot = ForeignKey(SecretBallot, index=True, on_delete=OnDelete.cascade)
    a = Varchar(length=64)


class SecretBoard(Table, tablename="secret_board"):
    """The board frozen at close (UNIQUE(poll)): its canonical JSON, its hash, and once k
    partial decryptions are combined, the counts per ballot position."""

    poll = ForeignKey(Poll, unique=True, on_delete=OnDelete.cascade)
    document = Text()  # the canonical JSON the hash is taken over
    board_hash = Varchar(length=128)
    counts = JSON(null=True, default=None)
    frozen_at = Timestamptz()
    combined_at = Timestamptz(null=True, default=None)


class SecretPartial(Table, tablename="secret_partial"):
    """A key holder's partial decryption of the board's sums (UNIQUE(poll, x))."""

    poll = ForeignKey(Poll, index=True, on_delete=OnDelete.cascade)
    x = Integer()
    user = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    partial = JSON(default="{}")  # {x, d, proofs}
    posted_at = Timestamptz()


BOARD_TABLES = [SecretBallot, SecretCiphertext, SecretBoard, SecretPartial]
