"""Who may do what in the accounts area: one table, keyed by ``AccountAction``.

``INVITE`` and ``LIST_USERS`` are on no particular record (the record is ``None``).
``CONFIRM_RECOVERY`` is asked both ways: with ``None`` (may this actor ever confirm a recovery?
``/api/me`` lists it under ``actions["accounts"]``) and with a :class:`RecoveryCase` (may he
confirm this one, now?). The endpoints refuse with the same table, so the UI offers exactly
what passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from backend.core.policy import Policy, Rule
from backend.core.problems import Problem
from shared.accounts import AccountAction, RecoveryState, Role

if TYPE_CHECKING:
    from backend.accounts.identity import Actor

ADMINISTRATORS_ONLY = "Chỉ quản trị viên được thực hiện thao tác này."
SECOND_PERSON_ONLY = (
    "Chỉ một quản trị viên khác người đã cấp liên kết, hoặc lãnh đạo của tổ chức người dùng, "
    "được xác nhận khôi phục tài khoản này; chủ tài khoản không tự xác nhận được."
)


@dataclass(frozen=True)
class RecoveryCase:
    """What the rule needs to know about one account recovery."""

    id: int
    user_id: int
    organisation_id: int
    issued_by: int | None  # None: the command line
    state: RecoveryState  # now (``recovery_hold.current_state``)


def _administrator(actor: Actor, _record: None) -> bool:
    return actor.has(Role.QUAN_TRI)


def _second_person(actor: Actor, case: RecoveryCase | None) -> bool:
    """Another administrator than the issuer, or the lãnh đạo of the user's organisation;
    never the user himself, never from a session that a recovery still holds."""
    if actor.recovery_held:
        return False
    if case is None:
        return actor.has(Role.QUAN_TRI, Role.LANH_DAO)
    if actor.id in (case.user_id, case.issued_by):
        return False
    return actor.has(Role.QUAN_TRI) or (
        actor.has(Role.LANH_DAO) and actor.organisation_id == case.organisation_id
    )


def _held(case: RecoveryCase | None) -> bool:
    return case is None or case.state is RecoveryState.HELD


def not_held(_case: RecoveryCase | None = None) -> Problem:
    return Problem(
        409,
        "Khôi phục này không còn chờ xác nhận (đã được xác nhận, bị từ chối, hết hạn hoặc "
        "chưa có khóa truy cập nào được đăng ký).",
        code="recovery_not_held",
    )


POLICY: Policy[AccountAction, RecoveryCase | None] = Policy(
    {
        AccountAction.INVITE: Rule(who=_administrator, refusal=ADMINISTRATORS_ONLY),
        AccountAction.LIST_USERS: Rule(who=_administrator, refusal=ADMINISTRATORS_ONLY),
        AccountAction.CONFIRM_RECOVERY: Rule(
            who=_second_person, refusal=SECOND_PERSON_ONLY, when=_held, not_now=not_held
        ),
    }
)


def global_actions(actor: Actor) -> list[AccountAction]:
    return POLICY.actions(actor, None)
