"""Consultations: the live counts kept as they change (``consultation_tally``).

One row per consultation and unit (``unit_key``; ``''`` is the whole draft) with its visible
comments and its votes for and against; a consultation's totals are the sum of its rows (one
per unit at most, however many comments). Triggers on ``comment`` and ``unit_vote`` add and
take away in the writing transaction, whoever writes (the API, moderation, erasure, the demo,
a bulk load), so a comment costs one row update instead of recounting the whole consultation.
There is no totals row on purpose: every comment would wait for the one before it to commit.
The existing comments and votes are counted once here."""

from migrations.ddl import raw_migration

ID = "2026-12-07T09:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "consultations: live counts kept by triggers"

VISIBLE = "'hien_thi'"  # CommentStatus.VISIBLE
AGREE = "'tan_thanh'"  # VoteChoice.AGREE
DISAGREE = "'khong_tan_thanh'"  # VoteChoice.DISAGREE

FILL = (
    'INSERT INTO "consultation_tally" ("consultation", "unit_key", "comments", "agree", '
    '"disagree") SELECT t."consultation", t."unit_key", SUM(t."comments"), SUM(t."agree"), '
    'SUM(t."disagree") FROM ('
    f'SELECT "consultation", COALESCE("unit_key", \'\') AS "unit_key", 1 AS "comments", '
    f'0 AS "agree", 0 AS "disagree" FROM "comment" WHERE "status" = {VISIBLE} '
    f'UNION ALL SELECT "consultation", "unit_key", 0, '
    f'CASE WHEN "choice" = {AGREE} THEN 1 ELSE 0 END, '
    f'CASE WHEN "choice" = {DISAGREE} THEN 1 ELSE 0 END FROM "unit_vote"'
    ') t GROUP BY t."consultation", t."unit_key"'
)


def _sqlite_add(consultation: str, unit: str, comments: str, agree: str, disagree: str) -> str:
    return (
        'INSERT INTO "consultation_tally" ("consultation", "unit_key", "comments", "agree", '
        f'"disagree") VALUES ({consultation}, {unit}, {comments}, {agree}, {disagree}) '
        'ON CONFLICT ("consultation", "unit_key") DO UPDATE SET '
        '"comments" = "comments" + excluded."comments", '
        '"agree" = "agree" + excluded."agree", "disagree" = "disagree" + excluded."disagree";'
    )


def _votes(row: str, sign: str) -> tuple[str, str]:
    return (
        f'CASE WHEN {row}."choice" = {AGREE} THEN {sign}1 ELSE 0 END',
        f'CASE WHEN {row}."choice" = {DISAGREE} THEN {sign}1 ELSE 0 END',
    )


TABLE_SQLITE = [
    'CREATE TABLE "consultation_tally" ("id" INTEGER PRIMARY KEY NOT NULL, "consultation" INTEGER NOT NULL REFERENCES "consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "unit_key" VARCHAR(20) NOT NULL DEFAULT \'\', "comments" INTEGER NOT NULL DEFAULT 0, "agree" INTEGER NOT NULL DEFAULT 0, "disagree" INTEGER NOT NULL DEFAULT 0)',
    'CREATE UNIQUE INDEX consultation_tally_unit ON "consultation_tally" ("consultation", "unit_key")',
]

SQLITE = [
    *TABLE_SQLITE,
    FILL,
    f'CREATE TRIGGER comment_tally_insert AFTER INSERT ON "comment" WHEN new."status" = {VISIBLE} BEGIN '
    + _sqlite_add('new."consultation"', "COALESCE(new.\"unit_key\", '')", "1", "0", "0")
    + " END",
    f'CREATE TRIGGER comment_tally_delete AFTER DELETE ON "comment" WHEN old."status" = {VISIBLE} BEGIN '
    + _sqlite_add('old."consultation"', "COALESCE(old.\"unit_key\", '')", "-1", "0", "0")
    + " END",
    # An update that changes what is counted: out of the old place (if it was visible), into
    # the new one (if it is).
    'CREATE TRIGGER comment_tally_update AFTER UPDATE OF "status", "unit_key", "consultation" '
    'ON "comment" WHEN old."status" IS NOT new."status" OR old."unit_key" IS NOT new."unit_key" '
    'OR old."consultation" IS NOT new."consultation" BEGIN '
    + _sqlite_add(
        'old."consultation"',
        "COALESCE(old.\"unit_key\", '')",
        f'CASE WHEN old."status" = {VISIBLE} THEN -1 ELSE 0 END',
        "0",
        "0",
    )
    + _sqlite_add(
        'new."consultation"',
        "COALESCE(new.\"unit_key\", '')",
        f'CASE WHEN new."status" = {VISIBLE} THEN 1 ELSE 0 END',
        "0",
        "0",
    )
    + " END",
    'CREATE TRIGGER unit_vote_tally_insert AFTER INSERT ON "unit_vote" BEGIN '
    + _sqlite_add('new."consultation"', 'new."unit_key"', "0", *_votes("new", ""))
    + " END",
    'CREATE TRIGGER unit_vote_tally_delete AFTER DELETE ON "unit_vote" BEGIN '
    + _sqlite_add('old."consultation"', 'old."unit_key"', "0", *_votes("old", "-"))
    + " END",
    'CREATE TRIGGER unit_vote_tally_update AFTER UPDATE OF "choice", "unit_key", "consultation" '
    'ON "unit_vote" WHEN old."choice" IS NOT new."choice" OR old."unit_key" IS NOT new."unit_key" '
    'OR old."consultation" IS NOT new."consultation" BEGIN '
    + _sqlite_add('old."consultation"', 'old."unit_key"', "0", *_votes("old", "-"))
    + _sqlite_add('new."consultation"', 'new."unit_key"', "0", *_votes("new", ""))
    + " END",
]

POSTGRES = [
    'CREATE TABLE "consultation_tally" ("id" SERIAL PRIMARY KEY NOT NULL, "consultation" INTEGER NOT NULL REFERENCES "consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "unit_key" VARCHAR(20) NOT NULL DEFAULT \'\', "comments" INTEGER NOT NULL DEFAULT 0, "agree" INTEGER NOT NULL DEFAULT 0, "disagree" INTEGER NOT NULL DEFAULT 0)',
    'CREATE UNIQUE INDEX consultation_tally_unit ON "consultation_tally" ("consultation", "unit_key")',
    FILL,
    "CREATE FUNCTION consultation_tally_add(c integer, unit varchar, dc integer, da integer, "
    "dd integer) RETURNS void LANGUAGE sql AS $$ "
    'INSERT INTO "consultation_tally" ("consultation", "unit_key", "comments", "agree", '
    '"disagree") VALUES (c, unit, dc, da, dd) '
    'ON CONFLICT ("consultation", "unit_key") DO UPDATE SET '
    '"comments" = "consultation_tally"."comments" + excluded."comments", '
    '"agree" = "consultation_tally"."agree" + excluded."agree", '
    '"disagree" = "consultation_tally"."disagree" + excluded."disagree" $$',
    "CREATE FUNCTION comment_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP <> 'INSERT' AND OLD.\"status\" = {VISIBLE} THEN "
    'PERFORM consultation_tally_add(OLD."consultation", COALESCE(OLD."unit_key", \'\'), -1, 0, 0); '
    "END IF; "
    f"IF TG_OP <> 'DELETE' AND NEW.\"status\" = {VISIBLE} THEN "
    'PERFORM consultation_tally_add(NEW."consultation", COALESCE(NEW."unit_key", \'\'), 1, 0, 0); '
    "END IF; RETURN NULL; END $$",
    'CREATE TRIGGER comment_tally_insert_delete AFTER INSERT OR DELETE ON "comment" '
    "FOR EACH ROW EXECUTE FUNCTION comment_tally()",
    'CREATE TRIGGER comment_tally_update AFTER UPDATE OF "status", "unit_key", "consultation" '
    'ON "comment" FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" '
    'OR OLD."unit_key" IS DISTINCT FROM NEW."unit_key" '
    'OR OLD."consultation" IS DISTINCT FROM NEW."consultation") '
    "EXECUTE FUNCTION comment_tally()",
    "CREATE FUNCTION unit_vote_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN PERFORM consultation_tally_add(OLD.\"consultation\", "
    f'OLD."unit_key", 0, -(OLD."choice" = {AGREE})::integer, '
    f'-(OLD."choice" = {DISAGREE})::integer); END IF; '
    "IF TG_OP <> 'DELETE' THEN PERFORM consultation_tally_add(NEW.\"consultation\", "
    f'NEW."unit_key", 0, (NEW."choice" = {AGREE})::integer, '
    f'(NEW."choice" = {DISAGREE})::integer); END IF; RETURN NULL; END $$',
    'CREATE TRIGGER unit_vote_tally_insert_delete AFTER INSERT OR DELETE ON "unit_vote" '
    "FOR EACH ROW EXECUTE FUNCTION unit_vote_tally()",
    'CREATE TRIGGER unit_vote_tally_update AFTER UPDATE OF "choice", "unit_key", "consultation" '
    'ON "unit_vote" FOR EACH ROW WHEN (OLD."choice" IS DISTINCT FROM NEW."choice" '
    'OR OLD."unit_key" IS DISTINCT FROM NEW."unit_key" '
    'OR OLD."consultation" IS DISTINCT FROM NEW."consultation") '
    "EXECUTE FUNCTION unit_vote_tally()",
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
