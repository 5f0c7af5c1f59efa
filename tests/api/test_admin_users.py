"""The administrator's list of users, and invitations that a double tap or a retry does not
turn into two accounts."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import string

import pytest

from tests.conftest import make_client, prime_csrf
from tests.documents_support import make_org, person
from tests.helpers import login


def _tag() -> str:
    """Letters only this test's users have (names fold into user names)."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(6)).capitalize()


@pytest.fixture
async def admin(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await person(app, stack, "Quản Trị Danh Sách", ["quan_tri"], await make_org())


async def _users(client, **params) -> dict:
    response = await client.get("/api/admin/users", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_list_finds_users_and_shows_their_passkeys_sessions_and_recovery(app, admin):
    tag = _tag()
    org = await make_org()
    async with contextlib.AsyncExitStack() as stack:
        an = await person(app, stack, f"Nguyễn Văn An {tag}", ["can_bo", "dang_vien"], org)
        await person(app, stack, f"Trần Thị Bình {tag}", ["van_thu"], org)
        await person(app, stack, f"Lê Văn Cường {tag}", ["lanh_dao"], org)
        # A second device: two sessions, the passkey used since.
        async with make_client(app) as phone:
            await prime_csrf(phone)
            assert (await login(phone, an.authenticator)).status_code == 201

            found = await _users(admin.client, q=f"Văn An {tag}")
            [row] = found["items"]
            assert row["username"] == an.me["username"]
            assert row["full_name"] == f"Nguyễn Văn An {tag}"
            assert set(row["roles"]) == {"can_bo", "dang_vien"}
            assert row["organisation_code"] == org and row["active"] is True
            assert row["passkeys"] == 1 and row["passkey_last_used_at"] is not None
            assert row["sessions"] == 2
            assert row["recovery_state"] is None

        # By user name, without diacritics or spaces, and by a name's part in any case.
        assert [r["username"] for r in (await _users(admin.client, q=tag.lower()))["items"]] == (
            sorted(r["username"] for r in (await _users(admin.client, q=tag))["items"])
        )
        assert len((await _users(admin.client, q=tag))["items"]) == 3
        [cuong] = (await _users(admin.client, q=f"le van cuong {tag}"))["items"]
        assert cuong["full_name"] == f"Lê Văn Cường {tag}"
        assert (await _users(admin.client, q="%"))["items"] is not None  # no wildcard search

        # Keyset paging by user name.
        first = await _users(admin.client, q=tag, limit=2)
        assert len(first["items"]) == 2 and first["next_cursor"]
        second = await _users(admin.client, q=tag, limit=2, cursor=first["next_cursor"])
        assert len(second["items"]) == 1 and second["next_cursor"] is None
        names = [r["username"] for r in first["items"] + second["items"]]
        assert names == sorted(names)

        # A re-issued link shows as a recovery waiting for enrollment.
        reissued = await admin.client.post(
            "/api/admin/invitations", json={"username": an.me["username"]}
        )
        assert reissued.status_code == 201
        [row] = (await _users(admin.client, q=f"Văn An {tag}"))["items"]
        assert row["recovery_state"] == "cho_dang_ky"


async def test_only_an_administrator_lists_users(app, client, admin):
    async with contextlib.AsyncExitStack() as stack:
        cadre = await person(app, stack, "Cán Bộ Tò Mò", ["can_bo", "lanh_dao"], await make_org())
        refused = await cadre.client.get("/api/admin/users")
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Chỉ quản trị viên được thực hiện thao tác này."
    assert (await client.get("/api/admin/users")).status_code == 401
    for params in ({"cursor": "khong-hop-le"}, {"limit": 0}, {"limit": 101}, {"q": "x" * 81}):
        response = await admin.client.get("/api/admin/users", params=params)
        assert response.status_code == 400, (params, response.text)
    assert "list_users" in (await admin.client.get("/api/me")).json()["actions"]["accounts"]


async def _count(full_name: str) -> int:
    from backend.accounts.tables import User

    return await User.count().where(User.full_name == full_name)


async def test_the_same_idempotency_key_gives_the_same_answer_and_one_account(admin):
    name = f"Phạm Văn Gửi Lại {_tag()}"
    body = {"full_name": name, "roles": ["can_bo"]}
    key = {"Idempotency-Key": secrets.token_urlsafe(16)}
    first = await admin.client.post("/api/admin/invitations", json=body, headers=key)
    again = await admin.client.post("/api/admin/invitations", json=body, headers=key)
    assert first.status_code == again.status_code == 201, again.text
    assert first.json() == again.json()
    assert await _count(name) == 1
    # The same key for another request is a mistake, not a replay.
    other = await admin.client.post(
        "/api/admin/invitations", json={**body, "roles": ["dang_vien"]}, headers=key
    )
    assert other.status_code == 422 and other.json()["type"].endswith("idempotency_key_reused")

    # Two taps at once with one key: one account, one answer.
    name = f"Phạm Văn Chạm Đôi {_tag()}"
    key = {"Idempotency-Key": secrets.token_urlsafe(16)}
    answers = await asyncio.gather(
        *(
            admin.client.post(
                "/api/admin/invitations", json={"full_name": name, "roles": ["can_bo"]}, headers=key
            )
            for _ in range(2)
        )
    )
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert await _count(name) == 1


async def test_a_second_new_user_with_the_same_name_within_a_minute_needs_a_confirmation(
    admin,
):
    name = f"Hoàng Thị Trùng Tên {_tag()}"
    org = await make_org()
    body = {"full_name": name, "roles": ["can_bo"], "organisation_code": org}
    assert (await admin.client.post("/api/admin/invitations", json=body)).status_code == 201
    twin = await admin.client.post("/api/admin/invitations", json=body)
    assert twin.status_code == 409, twin.text
    assert twin.json()["type"].endswith("duplicate_invitation")
    assert name in twin.json()["detail"]
    assert await _count(name) == 1
    # In another organisation it is someone else.
    elsewhere = {**body, "organisation_code": await make_org()}
    assert (await admin.client.post("/api/admin/invitations", json=elsewhere)).status_code == 201
    # Confirmed: a second person of that name, with a user name of his own.
    confirmed = await admin.client.post(
        "/api/admin/invitations", json={**body, "confirm_duplicate": True}
    )
    assert confirmed.status_code == 201, confirmed.text
    assert await _count(name) == 3

    # Two taps at once without a key: one account, one refusal.
    name = f"Hoàng Văn Bấm Nhanh {_tag()}"
    body = {"full_name": name, "roles": ["can_bo"], "organisation_code": org}
    answers = await asyncio.gather(
        *(admin.client.post("/api/admin/invitations", json=body) for _ in range(2))
    )
    assert sorted(a.status_code for a in answers) == [201, 409]
    assert await _count(name) == 1
