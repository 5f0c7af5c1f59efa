from piccolo.columns import Bytea, ForeignKey, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.accounts.tables import User


class SigningKey(Table, tablename="signing_key"):
    """A signer's certificate and private key, held server-side for remote signing. The key is
    sealed (AES-GCM, key derived from the secret key, bound to user and certificate); it is
    used only after a fresh WebAuthn assertion for a specific document. At most one unrevoked
    key per user (partial unique index in the migration)."""

    user = ForeignKey(User, index=True)
    certificate = Text()  # PEM
    chain = Text(default="")  # PEM bundle: intermediates and root of an imported certificate
    sealed_key = Bytea()
    source = Varchar(length=20)  # "local_ca" | "imported"
    serial = Varchar(length=64)  # hex
    fingerprint = Varchar(length=64, unique=True)  # SHA-256 of the certificate DER, hex
    not_before = Timestamptz()
    not_after = Timestamptz()
    created_at = Timestamptz()
    # Set when the key stops being usable. Reason "revoked" (compromise, departure: listed in
    # the CRL) or "superseded" (replaced or expired: past signatures stay valid). Either way
    # the sealed key is erased.
    revoked_at = Timestamptz(null=True, default=None)
    revocation_reason = Varchar(length=20, default="")
