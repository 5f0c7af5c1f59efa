"""Import jobs: a checked (and written) CSV/XLSX file, polled for progress."""

from migrations.ddl import raw_migration

ID = "2026-12-06T21:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "imports: import_job"

SQLITE = [
    'CREATE TABLE "import_job" ("id" INTEGER PRIMARY KEY NOT NULL, "kind" VARCHAR(40) NOT NULL DEFAULT \'\', "scope" VARCHAR(80) NOT NULL DEFAULT \'\', "filename" VARCHAR(200) NOT NULL DEFAULT \'\', "mode" VARCHAR(10) NOT NULL DEFAULT \'\', "status" VARCHAR(20) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "rows_total" INTEGER NOT NULL DEFAULT 0, "rows_checked" INTEGER NOT NULL DEFAULT 0, "created" INTEGER NOT NULL DEFAULT 0, "updated" INTEGER NOT NULL DEFAULT 0, "unchanged" INTEGER NOT NULL DEFAULT 0, "error_count" INTEGER NOT NULL DEFAULT 0, "errors" JSON NOT NULL DEFAULT \'[]\', "message" TEXT NOT NULL DEFAULT \'\', "ignored_columns" JSON NOT NULL DEFAULT \'[]\', "started_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "finished_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX import_job_status ON "import_job" ("status")',
    'CREATE INDEX import_job_created_by ON "import_job" ("created_by")',
]

POSTGRES = [
    'CREATE TABLE "import_job" ("id" SERIAL PRIMARY KEY NOT NULL, "kind" VARCHAR(40) NOT NULL DEFAULT \'\', "scope" VARCHAR(80) NOT NULL DEFAULT \'\', "filename" VARCHAR(200) NOT NULL DEFAULT \'\', "mode" VARCHAR(10) NOT NULL DEFAULT \'\', "status" VARCHAR(20) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "rows_total" INTEGER NOT NULL DEFAULT 0, "rows_checked" INTEGER NOT NULL DEFAULT 0, "created" INTEGER NOT NULL DEFAULT 0, "updated" INTEGER NOT NULL DEFAULT 0, "unchanged" INTEGER NOT NULL DEFAULT 0, "error_count" INTEGER NOT NULL DEFAULT 0, "errors" JSON NOT NULL DEFAULT \'[]\', "message" TEXT NOT NULL DEFAULT \'\', "ignored_columns" JSON NOT NULL DEFAULT \'[]\', "started_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "finished_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX import_job_status ON "import_job" USING btree ("status")',
    'CREATE INDEX import_job_created_by ON "import_job" USING btree ("created_by")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
