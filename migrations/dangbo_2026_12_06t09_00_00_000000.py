"""Account recoveries: which passkey opened a session, and the re-issued links that are held
until a second person confirms them (docs/security.md, "Account recovery")."""

from migrations.ddl import raw_migration

ID = "2026-12-06T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "accounts: account_recovery, user_session.credential"

_FK = "ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null"


def _recovery_table(serial: str) -> str:
    return (
        f'CREATE TABLE "account_recovery" ("id" {serial} PRIMARY KEY NOT NULL, '
        f'"user" INTEGER REFERENCES "app_user" ("id") {_FK}, '
        f'"invitation" INTEGER REFERENCES "invitation" ("id") {_FK}, '
        f'"issued_by" INTEGER REFERENCES "app_user" ("id") {_FK}, '
        '"issued_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, '
        '"link_expires_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, '
        '"revoked_existing" BOOLEAN NOT NULL DEFAULT false, '
        "\"state\" VARCHAR(20) NOT NULL DEFAULT '', "
        f'"credential" INTEGER REFERENCES "credential" ("id") {_FK}, '
        '"enrolled_at" TIMESTAMPTZ DEFAULT null, '
        '"release_at" TIMESTAMPTZ DEFAULT null, '
        f'"confirmed_by" INTEGER REFERENCES "app_user" ("id") {_FK}, '
        '"confirmed_at" TIMESTAMPTZ DEFAULT null, '
        '"ended_at" TIMESTAMPTZ DEFAULT null)'
    )


_SESSION_CREDENTIAL = (
    f'ALTER TABLE "user_session" ADD COLUMN "credential" INTEGER '
    f'REFERENCES "credential" ("id") {_FK}'
)

SQLITE = [
    _SESSION_CREDENTIAL,
    _recovery_table("INTEGER"),
    'CREATE INDEX account_recovery_user ON "account_recovery" ("user")',
    'CREATE INDEX account_recovery_credential ON "account_recovery" ("credential")',
]

POSTGRES = [
    _SESSION_CREDENTIAL,
    _recovery_table("SERIAL"),
    'CREATE INDEX account_recovery_user ON "account_recovery" USING btree ("user")',
    'CREATE INDEX account_recovery_credential ON "account_recovery" USING btree ("credential")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
