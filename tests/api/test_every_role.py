"""Every route of the API as every role and anonymously (see ``tests/every_role.py``)."""

from __future__ import annotations

import contextlib

from tests.every_role import global_actions, problems_of, role_clients, walk


async def test_every_route_as_every_role(app):
    async with contextlib.AsyncExitStack() as stack:
        clients = await role_clients(app, stack)
        actions = await global_actions(clients)
        seen = await walk(app, clients)
    assert len(seen) > 50
    assert problems_of(seen) == []
    # The domains' policies, as /api/me tells each role.
    assert {"register_incoming", "draft_outgoing", "view_register"} <= set(
        actions["van_thu"]["documents"]
    )
    assert "view_awaiting_assignment" in actions["lanh_dao"]["documents"]
    assert "documents" not in actions["cong_dan"]
    assert actions["quan_tri"]["accounts"][0] == "invite"
    # A leader may confirm a recovery in his organisation, not invite.
    assert actions["lanh_dao"]["accounts"] == ["confirm_recovery"]
