"""Refused authentication steps, each kept in the audit log with its reason.

A refusal is recorded outside any write transaction, so the record stays although the request
fails: either before raising (:func:`refused`), or, for a refusal raised inside a transaction
that rolls back, after it (:func:`audit_refusals`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from backend.accounts.identity import Client
from backend.audit import services as audit
from backend.core.problems import Problem


async def refused(
    problem: Problem,
    event: str,
    client: Client,
    *,
    actor_id: int | None = None,
    target: str = "",
) -> Problem:
    """Audit a refused step, then hand back the problem to raise."""
    await audit.record(
        event, actor_id=actor_id, ip=client.ip, target=target, detail={"reason": problem.code}
    )
    return problem


@contextlib.asynccontextmanager
async def audit_refusals(
    codes: tuple[str, ...],
    event: str,
    client: Client,
    *,
    actor_id: int | None = None,
    target: str = "",
) -> AsyncIterator[None]:
    """Refusals (``codes``) raised inside a write transaction roll back with it: their audit
    record is written after, outside it."""
    try:
        yield
    except Problem as problem:
        if problem.code not in codes:
            raise
        raise await refused(problem, event, client, actor_id=actor_id, target=target) from None
