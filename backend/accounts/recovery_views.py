"""Account recoveries as the API shows them: one recovery, an account's own list, the held
ones a second person may confirm, and what ``/api/me`` says about them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from backend.accounts.identity import Actor
from backend.accounts.policy import POLICY, RecoveryCase
from backend.accounts.recovery_hold import OPEN_STATES, current_state
from backend.accounts.tables import AccountRecovery
from backend.core.clock import now
from backend.core.convert import to_struct
from backend.core.domain import DomainHooks
from backend.core.problems import Problem
from shared.accounts import AccountAction, Me, Recovery, RecoveryState

COMMAND_LINE = "Quản trị máy chủ (dòng lệnh)"
OWN_LIST_LIMIT = 50

_COLUMNS = (
    AccountRecovery.id,
    AccountRecovery.user.as_alias("user_id"),
    AccountRecovery.user.username.as_alias("username"),
    AccountRecovery.user.full_name.as_alias("full_name"),
    AccountRecovery.user.organisation.as_alias("organisation_id"),
    AccountRecovery.user.organisation.name.as_alias("organisation_name"),
    AccountRecovery.issued_by.as_alias("issued_by"),
    AccountRecovery.issued_by.full_name.as_alias("issued_by_name"),
    AccountRecovery.issued_at,
    AccountRecovery.invitation.as_alias("invitation_id"),
    AccountRecovery.link_expires_at,
    AccountRecovery.revoked_existing,
    AccountRecovery.state,
    AccountRecovery.credential.as_alias("credential_id"),
    AccountRecovery.credential.name.as_alias("passkey_name"),
    AccountRecovery.enrolled_at,
    AccountRecovery.release_at,
    AccountRecovery.confirmed_by.full_name.as_alias("confirmed_by_name"),
    AccountRecovery.confirmed_at,
)


def not_found() -> Problem:
    return Problem(404, "Không tìm thấy yêu cầu khôi phục tài khoản.", code="unknown_recovery")


def _state(row: dict[str, Any]) -> RecoveryState:
    return current_state(
        row["state"],
        release_at=row["release_at"],
        link_expires_at=row["link_expires_at"],
        at=now(),
    )


def to_recovery(row: dict[str, Any]) -> Recovery:
    return to_struct(
        row,
        Recovery,
        state=_state(row),
        issued_by_name=row["issued_by_name"] or COMMAND_LINE,
        release_at=row["release_at"] if row["enrolled_at"] is not None else None,
    )


def case_of(row: dict[str, Any]) -> RecoveryCase:
    return RecoveryCase(
        id=row["id"],
        user_id=row["user_id"],
        organisation_id=row["organisation_id"],
        issued_by=row["issued_by"],
        state=_state(row),
    )


async def _rows(where: Any, limit: int | None = None) -> list[dict[str, Any]]:
    query = (
        AccountRecovery.select(*_COLUMNS).where(where).order_by(AccountRecovery.id, ascending=False)
    )
    if limit is not None:
        query = query.limit(limit)
    return await query


async def recovery_row(recovery_id: int) -> dict[str, Any]:
    rows = await _rows(AccountRecovery.id == recovery_id)
    if not rows:
        raise not_found()
    return rows[0]


async def recovery(recovery_id: int) -> Recovery:
    return to_recovery(await recovery_row(recovery_id))


async def own_recoveries(actor: Actor) -> list[Recovery]:
    """The recoveries of the actor's own account, newest first."""
    return [to_recovery(r) for r in await _rows(AccountRecovery.user == actor.id, OWN_LIST_LIMIT)]


async def to_confirm(actor: Actor) -> list[Recovery]:
    """The held recoveries this actor may confirm now, newest first."""
    rows = await _rows(AccountRecovery.state == RecoveryState.HELD.value)
    return [
        to_recovery(row)
        for row in rows
        if POLICY.allows(AccountAction.CONFIRM_RECOVERY, actor, case_of(row))
    ]


def _reviewable(rows: Iterable[dict[str, Any]], actor: Actor) -> list[Recovery]:
    found = [to_recovery(row) for row in rows if row["credential_id"] != actor.credential_id]
    return [r for r in found if r.state in OPEN_STATES]


async def me_of(actor: Actor, hooks: DomainHooks, offline_days: int) -> Me:
    """``/api/me``: the user, what he may do, and the recoveries of his account — the one that
    holds this session's passkey, and those he may still refuse from here."""
    if actor.recovery_held:
        me = actor.to_me({}, offline_days)  # a held session may do nothing as the user
    else:
        me = actor.to_me(hooks.global_actions(actor), offline_days)
    if not (actor.recovery_held or actor.recoveries_open):
        return me
    rows = await _rows(
        (AccountRecovery.user == actor.id)
        & AccountRecovery.state.is_in([s.value for s in OPEN_STATES])
    )
    held = None
    if actor.recovery_held:
        held = next((to_recovery(r) for r in rows if r["id"] == actor.recovery_id), None)
    return msgspec.structs.replace(me, recovery=held, recoveries_to_review=_reviewable(rows, actor))
