"""The administration screens' typed client (frontend/admin/client.py) against the real API:
the invite form's idempotency key reaches the API (a double tap makes one account), the
duplicate-name question comes back as its code, and the user list decodes with its query."""

from __future__ import annotations

import secrets
import string

import pytest

from frontend import api as ui_api
from frontend.admin import client as admin
from shared.accounts import InvitationCreate, Role, UserPage
from tests.helpers import new_user


@pytest.fixture
def bound_api(app, settings):
    ui_api.use_api(app, settings.origin)
    return app


def _tag() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(6)).capitalize()


async def _count(full_name: str) -> int:
    from backend.accounts.tables import User

    return await User.count().where(User.full_name == full_name)


async def test_the_invite_forms_key_makes_one_account_and_a_twin_needs_a_confirmation(
    client, bound_api
):
    await new_user(client, f"Quản Trị Giao Diện {_tag()}", ["quan_tri"])
    cookie = f"dangbo_session={client.cookies['dangbo_session']}"
    name = f"Đỗ Thị Ánh Tuyết {_tag()}"
    invitation = InvitationCreate(full_name=name, roles=[Role.CAN_BO])
    async with ui_api.open_client(cookie_header=cookie) as api:
        key = secrets.token_hex(16)
        first = await admin.invite(api, invitation, idempotency_key=key)
        again = await admin.invite(api, invitation, idempotency_key=key)
        assert again == first
        assert await _count(name) == 1

        # Another key (the form after a success): the API asks whether it is another person.
        with pytest.raises(ui_api.ApiError) as twin:
            await admin.invite(api, invitation, idempotency_key=secrets.token_hex(16))
        assert twin.value.status == 409 and twin.value.code == "duplicate_invitation"
        assert name in twin.value.detail
        confirmed = InvitationCreate(full_name=name, roles=[Role.CAN_BO], confirm_duplicate=True)
        second = await admin.invite(api, confirmed, idempotency_key=secrets.token_hex(16))
        assert second.username != first.username
        assert await _count(name) == 2

        page = await admin.users(api, q=name, limit=1)
        assert isinstance(page, UserPage)
        assert [u.full_name for u in page.items] == [name] and page.next_cursor
        rest = await admin.users(api, q=name, cursor=page.next_cursor, limit=1)
        assert {u.username for u in [*page.items, *rest.items]} == {
            first.username,
            second.username,
        }
