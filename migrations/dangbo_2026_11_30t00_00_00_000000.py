"""Notifications, push subscriptions, preferences and the push outbox (issue 3)."""

from migrations.ddl import raw_migration

ID = "2026-11-30T00:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notifications: in-app records, push subscriptions, preferences, outbox"

SQLITE = [
    'CREATE TABLE "notification" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "title" VARCHAR(120) NOT NULL DEFAULT \'\', "body" VARCHAR(240) NOT NULL DEFAULT \'\', "link" VARCHAR(500) NOT NULL DEFAULT \'\', "urgent" BOOLEAN NOT NULL DEFAULT false, "topic" VARCHAR(32) DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "read_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE TABLE "push_subscription" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "endpoint" VARCHAR(1024) UNIQUE NOT NULL DEFAULT \'\', "p256dh" VARCHAR(100) NOT NULL DEFAULT \'\', "auth" VARCHAR(40) NOT NULL DEFAULT \'\', "label" VARCHAR(80) NOT NULL DEFAULT \'\', "user_agent" VARCHAR(200) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_success_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX push_subscription_user ON "push_subscription" ("user")',
    'CREATE TABLE "notification_preference" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "push_enabled" BOOLEAN NOT NULL DEFAULT true, "quiet_start" INTEGER DEFAULT null, "quiet_end" INTEGER DEFAULT null)',
    'CREATE TABLE "push_delivery" ("id" INTEGER PRIMARY KEY NOT NULL, "notification" INTEGER REFERENCES "notification" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "subscription" INTEGER REFERENCES "push_subscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "status" VARCHAR(12) NOT NULL DEFAULT \'pending\', "attempts" INTEGER NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "claim_token" VARCHAR(32) DEFAULT null, "claimed_until" TIMESTAMPTZ DEFAULT null, "last_status" INTEGER DEFAULT null, "last_error" VARCHAR(200) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "sent_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX notification_user_recent ON "notification" ("user", "id" DESC)',
    'CREATE INDEX notification_user_unread ON "notification" ("user") WHERE "read_at" IS NULL',
    'CREATE INDEX notification_topic ON "notification" ("topic", "user") WHERE "topic" IS NOT NULL',
    'CREATE UNIQUE INDEX notification_preference_user_kind ON "notification_preference" ("user", "kind")',
    'CREATE INDEX push_delivery_due ON "push_delivery" ("next_attempt_at") WHERE "status" = \'pending\'',
    'CREATE INDEX push_delivery_leased ON "push_delivery" ("claimed_until") WHERE "status" = \'sending\'',
    'CREATE INDEX push_delivery_notification ON "push_delivery" ("notification")',
    'CREATE INDEX push_delivery_subscription ON "push_delivery" ("subscription")',
]

POSTGRES = [
    'CREATE TABLE "notification" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "title" VARCHAR(120) NOT NULL DEFAULT \'\', "body" VARCHAR(240) NOT NULL DEFAULT \'\', "link" VARCHAR(500) NOT NULL DEFAULT \'\', "urgent" BOOLEAN NOT NULL DEFAULT false, "topic" VARCHAR(32) DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "read_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE TABLE "push_subscription" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "endpoint" VARCHAR(1024) UNIQUE NOT NULL DEFAULT \'\', "p256dh" VARCHAR(100) NOT NULL DEFAULT \'\', "auth" VARCHAR(40) NOT NULL DEFAULT \'\', "label" VARCHAR(80) NOT NULL DEFAULT \'\', "user_agent" VARCHAR(200) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_success_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX push_subscription_user ON "push_subscription" USING btree ("user")',
    'CREATE TABLE "notification_preference" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "push_enabled" BOOLEAN NOT NULL DEFAULT true, "quiet_start" INTEGER DEFAULT null, "quiet_end" INTEGER DEFAULT null)',
    'CREATE TABLE "push_delivery" ("id" SERIAL PRIMARY KEY NOT NULL, "notification" INTEGER REFERENCES "notification" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "subscription" INTEGER REFERENCES "push_subscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "status" VARCHAR(12) NOT NULL DEFAULT \'pending\', "attempts" INTEGER NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "claim_token" VARCHAR(32) DEFAULT null, "claimed_until" TIMESTAMPTZ DEFAULT null, "last_status" INTEGER DEFAULT null, "last_error" VARCHAR(200) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "sent_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX notification_user_recent ON "notification" USING btree ("user", "id" DESC)',
    'CREATE INDEX notification_user_unread ON "notification" USING btree ("user") WHERE "read_at" IS NULL',
    'CREATE INDEX notification_topic ON "notification" USING btree ("topic", "user") WHERE "topic" IS NOT NULL',
    'CREATE UNIQUE INDEX notification_preference_user_kind ON "notification_preference" USING btree ("user", "kind")',
    'CREATE INDEX push_delivery_due ON "push_delivery" USING btree ("next_attempt_at") WHERE "status" = \'pending\'',
    'CREATE INDEX push_delivery_leased ON "push_delivery" USING btree ("claimed_until") WHERE "status" = \'sending\'',
    'CREATE INDEX push_delivery_notification ON "push_delivery" USING btree ("notification")',
    'CREATE INDEX push_delivery_subscription ON "push_delivery" USING btree ("subscription")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
