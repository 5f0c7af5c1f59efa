"""Who may do what with organisations: only administrators give and end positions."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule
from shared.accounts import Role
from shared.orgs import OrgAction

POLICY: Policy[OrgAction, None] = Policy(
    {
        OrgAction.MANAGE_POSITIONS: Rule(
            lambda actor, _record: actor.has(Role.QUAN_TRI),
            "Chỉ quản trị được giao hoặc kết thúc chức vụ trong tổ chức.",
        ),
    }
)


def global_actions(actor: Actor) -> list[OrgAction]:
    return POLICY.actions(actor, None)
