"""The few engine-specific SQL pieces of this domain.

Fan-out works on lists of thousands of ids, so a list travels as ONE parameter: an ``int[]``
on PostgreSQL, a JSON array read with ``json_each`` on SQLite. Either way the statement and
its plan stay the same whatever the list length, and no driver parameter limit is reached.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from backend import db


def in_ids(column: str) -> str:
    """``column IN <the id list parameter>``, with one ``{}`` placeholder for :func:`ids`."""
    if db.is_postgres():
        return f"{column} = ANY({{}}::int[])"
    return f"{column} IN (SELECT value FROM json_each({{}}))"


def ids(values: Iterable[int]) -> object:
    values = [int(v) for v in values]
    return values if db.is_postgres() else json.dumps(values)


def id_rows(alias: str = "ids") -> str:
    """A row source of the id list parameter, one row per id in column ``value``."""
    if db.is_postgres():
        return f"unnest({{}}::int[]) AS {alias}(value)"
    return f"json_each({{}}) AS {alias}"


def skip_locked() -> str:
    """Concurrent workers on PostgreSQL pass over each other's claimed rows; SQLite has one
    writer at a time (``BEGIN IMMEDIATE``), so it needs nothing."""
    return " FOR UPDATE SKIP LOCKED" if db.is_postgres() else ""


def timestamp(expression: str, name: str) -> str:
    """Select an expression as a timestamp (SQLite only converts declared columns)."""
    if db.is_postgres():
        return f'{expression} AS "{name}"'
    return f'{expression} AS "{name} [TIMESTAMPTZ]"'


def param(pg_type: str) -> str:
    """A placeholder with its type spelled out for PostgreSQL, which cannot infer the type of
    a parameter in a ``SELECT`` list (``INSERT … SELECT``); SQLite needs no cast."""
    return f"{{}}::{pg_type}" if db.is_postgres() else "{}"
