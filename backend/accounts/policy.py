"""Who may do what in the accounts area: one table, keyed by ``AccountAction``.

Every action here is on no particular record (the record is ``None``): the admin endpoints
refuse with it, and ``/api/me`` lists what passes under ``actions["accounts"]`` so the UI
offers exactly that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.core.policy import Policy, Rule
from shared.accounts import AccountAction, Role

if TYPE_CHECKING:
    from backend.accounts.identity import Actor

ADMINISTRATORS_ONLY = "Chỉ quản trị viên được thực hiện thao tác này."


def _administrator(actor: Actor, _record: None) -> bool:
    return actor.has(Role.QUAN_TRI)


POLICY: Policy[AccountAction, None] = Policy(
    {
        AccountAction.INVITE: Rule(who=_administrator, refusal=ADMINISTRATORS_ONLY),
    }
)


def global_actions(actor: Actor) -> list[AccountAction]:
    return POLICY.actions(actor, None)
