"""``/api/me``'s global actions: every domain's rules, worked out once per actor (every screen
asks for them; going through all the rules on each call was a third of that request)."""

from __future__ import annotations

from backend.accounts.identity import Client
from backend.core.domain import Domain, DomainHooks
from shared.accounts import Role
from tests.policy_support import actor


def _counting_hooks() -> tuple[DomainHooks, list[int]]:
    asked: list[int] = []

    def rule(who) -> list[str]:
        asked.append(who.id)
        return ["write"] if who.has(Role.VAN_THU) else []

    return DomainHooks([Domain(name="ledger", global_actions=rule)]), asked


def test_one_actors_global_actions_are_worked_out_once():
    hooks, asked = _counting_hooks()
    clerk = actor(Role.VAN_THU)
    assert hooks.global_actions(clerk) == {"ledger": ["write"]}
    # The same session from another address or browser: the same answer, no rule asked again.
    again = clerk.coming_from(Client(ip="10.0.0.9", user_agent="Khác"))
    assert hooks.global_actions(again) == {"ledger": ["write"]}
    assert asked == [clerk.id]


def test_another_actor_or_other_roles_are_asked_anew():
    hooks, asked = _counting_hooks()
    assert hooks.global_actions(actor(Role.VAN_THU)) == {"ledger": ["write"]}
    assert hooks.global_actions(actor(Role.CAN_BO)) == {}
    assert hooks.global_actions(actor(Role.VAN_THU, user_id=8)) == {"ledger": ["write"]}
    assert asked == [7, 7, 8]


def test_an_answer_changed_by_its_caller_does_not_change_the_next_one():
    hooks, _ = _counting_hooks()
    clerk = actor(Role.VAN_THU)
    hooks.global_actions(clerk)["ledger"].append("tampered")
    assert hooks.global_actions(clerk) == {"ledger": ["write"]}
