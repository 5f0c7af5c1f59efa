"""Secret ballots: the key ceremony of a secret poll (its runs, members, sealed shares,
complaints) and the poll's election key, ``ballot_key`` (docs/ballots.md, "Key ceremony")."""

from migrations.ddl import raw_migration

ID = "2026-12-07T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "ballots: ballot_ceremony, ballot_ceremony_member, ballot_sealed_share, ballot_complaint, ballot_key"

SQLITE = [
    'CREATE TABLE "ballot_ceremony" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "status" VARCHAR(20) NOT NULL DEFAULT \'\', "threshold" INTEGER NOT NULL DEFAULT 0, "size" INTEGER NOT NULL DEFAULT 0, "excluded" JSON NOT NULL DEFAULT \'[]\', "fingerprint" VARCHAR(128) DEFAULT null, "started_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "started_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "ended_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX ballot_ceremony_poll ON "ballot_ceremony" ("poll")',
    'CREATE TABLE "ballot_ceremony_member" ("id" INTEGER PRIMARY KEY NOT NULL, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "x" INTEGER NOT NULL DEFAULT 0, "commitments" JSON NOT NULL DEFAULT \'[]\', "proof" JSON NOT NULL DEFAULT \'{}\', "transport_key" VARCHAR(64) NOT NULL DEFAULT \'\', "committed_at" TIMESTAMPTZ DEFAULT null, "shares_sent_at" TIMESTAMPTZ DEFAULT null, "test_decryption" JSON NOT NULL DEFAULT \'{}\', "confirmed_fingerprint" VARCHAR(128) DEFAULT null, "confirmed_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX ballot_ceremony_member_ceremony ON "ballot_ceremony_member" ("ceremony")',
    'CREATE INDEX ballot_ceremony_member_user ON "ballot_ceremony_member" ("user")',
    'CREATE TABLE "ballot_sealed_share" ("id" INTEGER PRIMARY KEY NOT NULL, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sender" INTEGER NOT NULL DEFAULT 0, "recipient" INTEGER NOT NULL DEFAULT 0, "sealed" VARCHAR(120) NOT NULL DEFAULT \'\', "posted_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX ballot_sealed_share_ceremony ON "ballot_sealed_share" ("ceremony")',
    'CREATE TABLE "ballot_complaint" ("id" INTEGER PRIMARY KEY NOT NULL, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "accuser" INTEGER NOT NULL DEFAULT 0, "accused" INTEGER NOT NULL DEFAULT 0, "verdict" VARCHAR(20) NOT NULL DEFAULT \'\', "share" VARCHAR(64) DEFAULT null, "made_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "settled_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX ballot_complaint_ceremony ON "ballot_complaint" ("ceremony")',
    'CREATE TABLE "ballot_key" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER UNIQUE REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "public_key" VARCHAR(64) DEFAULT null, "threshold" INTEGER NOT NULL DEFAULT 0, "size" INTEGER NOT NULL DEFAULT 0, "trustees" JSON NOT NULL DEFAULT \'[]\', "fingerprint" VARCHAR(128) DEFAULT null, "ready" BOOLEAN NOT NULL DEFAULT false, "ready_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE UNIQUE INDEX ballot_ceremony_member_x ON "ballot_ceremony_member" ("ceremony", "x")',
    'CREATE UNIQUE INDEX ballot_ceremony_member_one ON "ballot_ceremony_member" ("ceremony", "user")',
    'CREATE UNIQUE INDEX ballot_sealed_share_one ON "ballot_sealed_share" ("ceremony", "sender", "recipient")',
    'CREATE UNIQUE INDEX ballot_complaint_one ON "ballot_complaint" ("ceremony", "accuser", "accused")',
]

POSTGRES = [
    'CREATE TABLE "ballot_ceremony" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "status" VARCHAR(20) NOT NULL DEFAULT \'\', "threshold" INTEGER NOT NULL DEFAULT 0, "size" INTEGER NOT NULL DEFAULT 0, "excluded" JSON NOT NULL DEFAULT \'[]\', "fingerprint" VARCHAR(128) DEFAULT null, "started_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "started_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "ended_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX ballot_ceremony_poll ON "ballot_ceremony" USING btree ("poll")',
    'CREATE TABLE "ballot_ceremony_member" ("id" SERIAL PRIMARY KEY NOT NULL, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "x" INTEGER NOT NULL DEFAULT 0, "commitments" JSON NOT NULL DEFAULT \'[]\', "proof" JSON NOT NULL DEFAULT \'{}\', "transport_key" VARCHAR(64) NOT NULL DEFAULT \'\', "committed_at" TIMESTAMPTZ DEFAULT null, "shares_sent_at" TIMESTAMPTZ DEFAULT null, "test_decryption" JSON NOT NULL DEFAULT \'{}\', "confirmed_fingerprint" VARCHAR(128) DEFAULT null, "confirmed_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX ballot_ceremony_member_ceremony ON "ballot_ceremony_member" USING btree ("ceremony")',
    'CREATE INDEX ballot_ceremony_member_user ON "ballot_ceremony_member" USING btree ("user")',
    'CREATE TABLE "ballot_sealed_share" ("id" SERIAL PRIMARY KEY NOT NULL, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sender" INTEGER NOT NULL DEFAULT 0, "recipient" INTEGER NOT NULL DEFAULT 0, "sealed" VARCHAR(120) NOT NULL DEFAULT \'\', "posted_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX ballot_sealed_share_ceremony ON "ballot_sealed_share" USING btree ("ceremony")',
    'CREATE TABLE "ballot_complaint" ("id" SERIAL PRIMARY KEY NOT NULL, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "accuser" INTEGER NOT NULL DEFAULT 0, "accused" INTEGER NOT NULL DEFAULT 0, "verdict" VARCHAR(20) NOT NULL DEFAULT \'\', "share" VARCHAR(64) DEFAULT null, "made_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "settled_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX ballot_complaint_ceremony ON "ballot_complaint" USING btree ("ceremony")',
    'CREATE TABLE "ballot_key" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER UNIQUE REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "ceremony" INTEGER REFERENCES "ballot_ceremony" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "public_key" VARCHAR(64) DEFAULT null, "threshold" INTEGER NOT NULL DEFAULT 0, "size" INTEGER NOT NULL DEFAULT 0, "trustees" JSON NOT NULL DEFAULT \'[]\', "fingerprint" VARCHAR(128) DEFAULT null, "ready" BOOLEAN NOT NULL DEFAULT false, "ready_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE UNIQUE INDEX ballot_ceremony_member_x ON "ballot_ceremony_member" USING btree ("ceremony", "x")',
    'CREATE UNIQUE INDEX ballot_ceremony_member_one ON "ballot_ceremony_member" USING btree ("ceremony", "user")',
    'CREATE UNIQUE INDEX ballot_sealed_share_one ON "ballot_sealed_share" USING btree ("ceremony", "sender", "recipient")',
    'CREATE UNIQUE INDEX ballot_complaint_one ON "ballot_complaint" USING btree ("ceremony", "accuser", "accused")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
