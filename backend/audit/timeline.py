"""A record's timeline and the audit log, written together by one helper.

A domain whose records have a history (a document; later a meeting, a poll, a consultation)
keeps a timeline table with the columns ``actor`` (user id or null), ``action``, ``detail``
(JSON) and ``at``, plus a foreign key to its record. ``Timeline(table, "document",
"document")`` then writes both lines of an event in the caller's transaction: the timeline row
the record's page shows, and the hash-chained audit record
``"<prefix>.<action>"`` with target ``"<prefix>:<id>"``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from piccolo.table import Table

from backend.audit import services as audit
from backend.core.clock import now

if TYPE_CHECKING:
    from backend.accounts.identity import Actor


class Timeline:
    def __init__(self, table: type[Table], subject: str, prefix: str) -> None:
        self.table = table
        self.subject = subject  # the timeline's foreign-key column to the record
        self.prefix = prefix  # the audit action's and target's prefix

    async def entry(self, record_id: int, actor: Actor | None, action: str, detail: dict) -> None:
        """The timeline line alone (when the audit record is written elsewhere)."""
        await self.table.insert(
            self.table(
                **{self.subject: record_id},
                actor=actor.id if actor else None,
                action=action,
                detail=json.dumps(detail, ensure_ascii=False),
                at=now(),
            )
        )

    async def record(
        self, record_id: int, actor: Actor | None, action: str, detail: dict | None = None
    ) -> None:
        """The timeline line and its audit record, inside the caller's transaction."""
        detail = detail or {}
        await self.entry(record_id, actor, action, detail)
        await audit.record(
            f"{self.prefix}.{action}",
            actor_id=actor.id if actor else None,
            target=f"{self.prefix}:{record_id}",
            ip=actor.ip if actor else "",
            detail=detail,
        )
