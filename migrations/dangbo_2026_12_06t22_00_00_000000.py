"""Hỏi – đáp: questions to the cấp ủy with their answers and FAQ wording, timeline."""

from migrations.ddl import raw_migration

ID = "2026-12-06T22:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "questions: question, question_event"

SQLITE = [
    'CREATE TABLE "question" ("id" INTEGER PRIMARY KEY NOT NULL, "asker" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "text" TEXT NOT NULL DEFAULT \'\', "status" VARCHAR(20) NOT NULL DEFAULT \'\', "answer" TEXT NOT NULL DEFAULT \'\', "answered_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "answered_at" TIMESTAMPTZ DEFAULT null, "faq_question" TEXT NOT NULL DEFAULT \'\', "faq_answer" TEXT NOT NULL DEFAULT \'\', "faq_published_at" TIMESTAMPTZ DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX question_asker ON "question" ("asker")',
    'CREATE INDEX question_organisation ON "question" ("organisation")',
    'CREATE INDEX question_status ON "question" ("status")',
    'CREATE TABLE "question_event" ("id" INTEGER PRIMARY KEY NOT NULL, "question" INTEGER REFERENCES "question" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX question_event_question ON "question_event" ("question")',
]

POSTGRES = [
    'CREATE TABLE "question" ("id" SERIAL PRIMARY KEY NOT NULL, "asker" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "text" TEXT NOT NULL DEFAULT \'\', "status" VARCHAR(20) NOT NULL DEFAULT \'\', "answer" TEXT NOT NULL DEFAULT \'\', "answered_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "answered_at" TIMESTAMPTZ DEFAULT null, "faq_question" TEXT NOT NULL DEFAULT \'\', "faq_answer" TEXT NOT NULL DEFAULT \'\', "faq_published_at" TIMESTAMPTZ DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX question_asker ON "question" USING btree ("asker")',
    'CREATE INDEX question_organisation ON "question" USING btree ("organisation")',
    'CREATE INDEX question_status ON "question" USING btree ("status")',
    'CREATE TABLE "question_event" ("id" SERIAL PRIMARY KEY NOT NULL, "question" INTEGER REFERENCES "question" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX question_event_question ON "question_event" USING btree ("question")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
