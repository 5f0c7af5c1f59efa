"""Who may keep notes: a cán bộ writes them; any signed-in user reads them."""

from __future__ import annotations

import enum

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule
from shared.accounts import Role


class NoteAction(enum.StrEnum):
    WRITE = "write"


POLICY: Policy[NoteAction, None] = Policy(
    {
        NoteAction.WRITE: Rule(
            who=lambda actor, _record: actor.has(Role.CAN_BO),
            refusal="Chỉ cán bộ được ghi chú.",
        )
    }
)


def global_actions(actor: Actor) -> list[NoteAction]:
    return POLICY.actions(actor, None)
