"""Who may do what with a citizen's own record: the citizen himself, nobody else (officials
never read a citizen's record through the API). ``tests/unit/test_citizens_policy.py``."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.core.policy import Policy, Rule
from shared.accounts import Role
from shared.citizens import CitizenAction

A = CitizenAction
OWN = "Chỉ công dân đăng nhập bằng VNeID mới {what}."


def _citizen(actor: Actor, record: object) -> bool:
    return record is None and actor.has(Role.CONG_DAN)


POLICY: Policy[CitizenAction, object] = Policy(
    {
        A.ACCEPT_CONSENT: Rule(_citizen, OWN.format(what="xác nhận thông báo dữ liệu cá nhân")),
        A.DOWNLOAD_DATA: Rule(_citizen, OWN.format(what="tải dữ liệu của mình")),
        A.ERASE_DATA: Rule(_citizen, OWN.format(what="yêu cầu xóa dữ liệu của mình")),
    }
)


def global_actions(actor: Actor) -> list[CitizenAction]:
    return POLICY.actions(actor, None)
