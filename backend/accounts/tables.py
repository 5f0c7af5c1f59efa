from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from backend.orgs.tables import Organisation


class User(Table, tablename="app_user"):
    username = Varchar(length=80, unique=True, index=True)
    full_name = Varchar(length=120)
    organisation = ForeignKey(Organisation)
    roles = JSON(default="[]")
    is_active = Boolean(default=False)  # becomes true at the first passkey enrollment
    created_at = Timestamptz()


class Credential(Table, tablename="credential"):
    user = ForeignKey(User, index=True)
    credential_id = Bytea(unique=True, index=True)
    public_key = Bytea()
    sign_count = Integer(default=0)
    transports = JSON(default="[]")
    backed_up = Boolean(default=False)
    name = Varchar(length=80)
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class Invitation(Table, tablename="invitation"):
    token_hash = Varchar(length=64, unique=True, index=True)
    user = ForeignKey(User, index=True)
    created_by = ForeignKey(User, null=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class UserSession(Table, tablename="user_session"):
    token_hash = Varchar(length=64, unique=True, index=True)
    user = ForeignKey(User, index=True)
    created_at = Timestamptz()
    last_seen_at = Timestamptz()
    expires_at = Timestamptz()  # absolute timeout
    user_agent = Varchar(length=200, default="")
    revoked_at = Timestamptz(null=True, default=None)
    # The passkey that opened it: a passkey held by an account recovery opens held sessions,
    # and refusing the recovery ends exactly the sessions that passkey opened.
    credential = ForeignKey(Credential, null=True)


class AccountRecovery(Table, tablename="account_recovery"):
    """An enrollment link re-issued by an administrator (or ``dangbo invite --user``) for a
    user who has or had a passkey, and the passkey enrolled through it (docs/security.md)."""

    user = ForeignKey(User, index=True)
    invitation = ForeignKey(Invitation, null=True)
    issued_by = ForeignKey(User, null=True)  # null: the command line on the server
    issued_at = Timestamptz()
    link_expires_at = Timestamptz()
    revoked_existing = Boolean(default=False)  # the link also ended the old passkeys and sessions
    state = Varchar(length=20)  # shared.accounts.RecoveryState, as stored (see recovery_hold.py)
    credential = ForeignKey(Credential, null=True, index=True)
    enrolled_at = Timestamptz(null=True, default=None)
    release_at = Timestamptz(null=True, default=None)  # the hold ends by itself then
    confirmed_by = ForeignKey(User, null=True)
    confirmed_at = Timestamptz(null=True, default=None)
    ended_at = Timestamptz(null=True, default=None)  # refused, expired, released or confirmed
