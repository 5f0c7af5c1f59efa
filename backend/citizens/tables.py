from piccolo.columns import Bytea, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.table import Table

from backend.accounts.tables import User


class Citizen(Table, tablename="citizen"):
    """A citizen signed in through VNeID (docs/citizens.md). Never his number, his birth date
    or an ID-card image: a keyed hash of the number (one person, one account), his name sealed
    under a key of his own (destroyed on erasure), and coarse facts for the charts."""

    user = ForeignKey(User, unique=True)
    # Sealer.keyed_hash(number, "vneid-pid"); NULL after erasure.
    pid_hash = Varchar(length=64, unique=True, null=True, default=None)
    # A random 32-byte key, Sealer.seal_bytes(..., "citizen-person-key", str(user id)); NULL
    # after erasure (crypto-shredding: his name and his pseudonyms cannot be recomputed).
    person_key_sealed = Bytea(null=True, default=None)
    name_sealed = Bytea(null=True, default=None)  # AES-256-GCM under the person key
    age_band = Varchar(length=10)  # shared.citizens.AgeBand
    province = Varchar(length=120, default="")
    commune = Varchar(length=120, default="")
    account_level = Integer(default=0)
    consent_version = Varchar(length=20, default="")
    consent_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    erased_at = Timestamptz(null=True, default=None)
