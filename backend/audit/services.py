"""The audit log: append-only, each row hash-chained to the one before it.

A changed row no longer matches its hash; a deleted row breaks the chain at the next one.
Deleting the newest rows leaves a shorter chain that is still valid: ``checkpoint.py`` keeps
the verified head outside the database to catch that.
Writers serialise on the chain head (an advisory lock on PostgreSQL, the write lock on SQLite),
so two concurrent events never share a predecessor.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import msgspec

from backend import db
from backend.audit.acting import recovery_of
from backend.audit.tables import AuditEvent
from backend.core.clock import now

GENESIS = "0" * 64
_LOCK_KEY = 7_301_220_001  # arbitrary, constant: the audit chain's advisory lock


class ChainReport(msgspec.Struct, frozen=True):
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""
    # The last row checked (0 and GENESIS for an empty chain): what a checkpoint records.
    head_id: int = 0
    head_hash: str = GENESIS


def _digest(
    prev_hash: str,
    occurred_at: datetime,
    actor_id: int | None,
    action: str,
    target: str,
    ip: str,
    detail: dict,
) -> str:
    canonical = json.dumps(
        [prev_hash, occurred_at.astimezone(UTC).isoformat(), actor_id, action, target, ip, detail],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _detail(raw: object) -> dict:
    if isinstance(raw, dict):
        return raw
    return json.loads(raw or "{}")


async def record(
    action: str,
    *,
    actor_id: int | None = None,
    target: str = "",
    ip: str = "",
    detail: dict | None = None,
) -> None:
    """Append one event. Joins the caller's transaction, so it commits with the business write.

    An act of a session whose passkey came from an account recovery names that recovery
    (``detail["recovery"]``, see ``acting.py``)."""
    detail = detail or {}
    recovery = recovery_of(actor_id)
    if recovery is not None and "recovery" not in detail:
        detail = {**detail, "recovery": recovery}
    async with db.transaction():
        if db.is_postgres():
            await db.engine().run_ddl(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
        last = (
            await AuditEvent.select(AuditEvent.hash)
            .order_by(AuditEvent.id, ascending=False)
            .first()
        )
        prev_hash = last["hash"] if last else GENESIS
        occurred_at = now()
        digest = _digest(prev_hash, occurred_at, actor_id, action, target, ip, detail)
        await AuditEvent.insert(
            AuditEvent(
                occurred_at=occurred_at,
                actor_id=actor_id,
                action=action,
                target=target[:120],
                ip=ip[:64],
                detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
                prev_hash=prev_hash,
                hash=digest,
            )
        )


async def verify_chain(batch: int = 2000) -> ChainReport:
    prev_hash = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = (
            await AuditEvent.select()
            .where(AuditEvent.id > last_id)
            .order_by(AuditEvent.id)
            .limit(batch)
        )
        if not rows:
            return ChainReport(ok=True, checked=checked, head_id=last_id, head_hash=prev_hash)
        for row in rows:
            if row["prev_hash"] != prev_hash:
                return ChainReport(False, checked, row["id"], "chuỗi bị đứt (có bản ghi bị xóa)")
            expected = _digest(
                row["prev_hash"],
                row["occurred_at"],
                row["actor_id"],
                row["action"],
                row["target"],
                row["ip"],
                _detail(row["detail"]),
            )
            if expected != row["hash"]:
                return ChainReport(False, checked, row["id"], "nội dung bản ghi đã bị sửa")
            prev_hash = row["hash"]
            checked += 1
            last_id = row["id"]
