"""Positions in an organisation: bí thư, phó bí thư, chi ủy viên, cấp ủy viên."""

from migrations.ddl import raw_migration

ID = "2026-12-06T21:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "orgs: org_position"

SQLITE = [
    'CREATE TABLE "org_position" ("id" INTEGER PRIMARY KEY NOT NULL, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "position" VARCHAR(20) NOT NULL DEFAULT \'\', "since" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX org_position_organisation ON "org_position" ("organisation")',
    'CREATE INDEX org_position_user ON "org_position" ("user")',
    # A person holds a position once; an organisation has one bí thư.
    'CREATE UNIQUE INDEX org_position_once ON "org_position" ("organisation", "user", "position")',
    'CREATE UNIQUE INDEX org_position_one_bi_thu ON "org_position" ("organisation") WHERE "position" = \'bi_thu\'',
]

POSTGRES = [
    'CREATE TABLE "org_position" ("id" SERIAL PRIMARY KEY NOT NULL, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "position" VARCHAR(20) NOT NULL DEFAULT \'\', "since" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX org_position_organisation ON "org_position" USING btree ("organisation")',
    'CREATE INDEX org_position_user ON "org_position" USING btree ("user")',
    'CREATE UNIQUE INDEX org_position_once ON "org_position" ("organisation", "user", "position")',
    'CREATE UNIQUE INDEX org_position_one_bi_thu ON "org_position" ("organisation") WHERE "position" = \'bi_thu\'',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
