"""Học tập nghị quyết: modules, their readings and quiz questions, members' submitted answers."""

from migrations.ddl import raw_migration

ID = "2026-12-06T21:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "study: study_module, study_reading, study_question, study_attempt"

SQLITE = [
    'CREATE TABLE "study_module" ("id" INTEGER PRIMARY KEY NOT NULL, "title" VARCHAR(200) NOT NULL DEFAULT \'\', "summary" TEXT NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "deadline" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "state" VARCHAR(20) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "published_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX study_module_state ON "study_module" ("state")',
    'CREATE TABLE "study_reading" ("id" INTEGER PRIMARY KEY NOT NULL, "module" INTEGER REFERENCES "study_module" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0)',
    'CREATE INDEX study_reading_module ON "study_reading" ("module")',
    'CREATE TABLE "study_question" ("id" INTEGER PRIMARY KEY NOT NULL, "module" INTEGER REFERENCES "study_module" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0, "text" TEXT NOT NULL DEFAULT \'\', "choices" JSON NOT NULL DEFAULT \'[]\', "correct" INTEGER NOT NULL DEFAULT 0, "explanation" TEXT NOT NULL DEFAULT \'\')',
    'CREATE INDEX study_question_module ON "study_question" ("module")',
    'CREATE TABLE "study_attempt" ("id" INTEGER PRIMARY KEY NOT NULL, "module" INTEGER REFERENCES "study_module" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "answers" JSON NOT NULL DEFAULT \'[]\', "score" INTEGER NOT NULL DEFAULT 0, "total" INTEGER NOT NULL DEFAULT 0, "submitted_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX study_attempt_module ON "study_attempt" ("module")',
    'CREATE INDEX study_attempt_user ON "study_attempt" ("user")',
    'CREATE UNIQUE INDEX study_attempt_once ON "study_attempt" ("module", "user")',
]

POSTGRES = [
    'CREATE TABLE "study_module" ("id" SERIAL PRIMARY KEY NOT NULL, "title" VARCHAR(200) NOT NULL DEFAULT \'\', "summary" TEXT NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "deadline" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "state" VARCHAR(20) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "published_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX study_module_state ON "study_module" USING btree ("state")',
    'CREATE TABLE "study_reading" ("id" SERIAL PRIMARY KEY NOT NULL, "module" INTEGER REFERENCES "study_module" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0)',
    'CREATE INDEX study_reading_module ON "study_reading" USING btree ("module")',
    'CREATE TABLE "study_question" ("id" SERIAL PRIMARY KEY NOT NULL, "module" INTEGER REFERENCES "study_module" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0, "text" TEXT NOT NULL DEFAULT \'\', "choices" JSON NOT NULL DEFAULT \'[]\', "correct" INTEGER NOT NULL DEFAULT 0, "explanation" TEXT NOT NULL DEFAULT \'\')',
    'CREATE INDEX study_question_module ON "study_question" USING btree ("module")',
    'CREATE TABLE "study_attempt" ("id" SERIAL PRIMARY KEY NOT NULL, "module" INTEGER REFERENCES "study_module" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "answers" JSON NOT NULL DEFAULT \'[]\', "score" INTEGER NOT NULL DEFAULT 0, "total" INTEGER NOT NULL DEFAULT 0, "submitted_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX study_attempt_module ON "study_attempt" USING btree ("module")',
    'CREATE INDEX study_attempt_user ON "study_attempt" USING btree ("user")',
    'CREATE UNIQUE INDEX study_attempt_once ON "study_attempt" ("module", "user")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
