from piccolo.columns import Bytea, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class ServerKey(Table, tablename="server_key"):
    """A private key of the installation (the signing CA's, the VAPID key), sealed with the
    secret key, so every machine on the one database has the same one
    (:class:`backend.vault.vault.KeyVault`)."""

    name = Varchar(length=40, unique=True)  # what the key is for, e.g. "signing.ca"
    sealed = Bytea()  # AES-256-GCM, see backend/core/sealed.py
    public = Text(default="")  # what may be shown: a certificate, a public key
    version = Integer(default=1)  # raised on every replacement (``--force``)
    created_at = Timestamptz()
    updated_at = Timestamptz()
