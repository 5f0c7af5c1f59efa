"""Gap-free, duplicate-free document numbers.

One statement takes the next number of a series and returns it:
``INSERT … ON CONFLICT (organisation, loai, nhiem_ky) DO UPDATE SET last_number = last_number + 1
RETURNING last_number``. PostgreSQL holds the counter row's lock until the caller's transaction
ends, so concurrent allocations queue on it; SQLite runs the whole transaction under its write
lock (``BEGIN IMMEDIATE``). Either way a number belongs to exactly one transaction, and when that
transaction rolls back the counter rolls back with it: no gap is ever left.
"""

from __future__ import annotations

from backend import db
from backend.documents.tables import NumberCounter

INCOMING_SERIES = "DEN"  # the incoming register counts per calendar year


async def allocate_number(organisation_id: int, loai: str, nhiem_ky: str) -> int:
    """The next number of the series; joins the caller's transaction (or makes its own)."""
    async with db.transaction():
        rows = await NumberCounter.raw(
            'INSERT INTO "number_counter" ("organisation", "loai", "nhiem_ky", "last_number") '
            "VALUES ({}, {}, {}, 1) "
            'ON CONFLICT ("organisation", "loai", "nhiem_ky") '
            'DO UPDATE SET "last_number" = "number_counter"."last_number" + 1 '
            'RETURNING "last_number"',
            organisation_id,
            loai,
            nhiem_ky,
        )
    return int(rows[0]["last_number"])


async def last_number(organisation_id: int, loai: str, nhiem_ky: str) -> int:
    row = (
        await NumberCounter.select(NumberCounter.last_number)
        .where(
            (NumberCounter.organisation == organisation_id)
            & (NumberCounter.loai == loai)
            & (NumberCounter.nhiem_ky == nhiem_ky)
        )
        .first()
    )
    return row["last_number"] if row else 0
