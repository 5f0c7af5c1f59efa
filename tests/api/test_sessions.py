import json
from datetime import timedelta

import pytest

from backend.accounts.sessions import SessionService
from tests.conftest import make_client, prime_csrf
from tests.helpers import login, new_user
from tests.soft_authenticator import SoftAuthenticator

_sessions = None


@pytest.fixture(autouse=True)
def _session_service(app):
    """Tests below change sessions in the database behind the service's back."""
    global _sessions
    _sessions = app.state.services.get(SessionService)


async def _age_session(column: str, minutes: int, username: str) -> None:
    from backend.accounts.tables import User, UserSession
    from backend.core.clock import now

    user = await User.select(User.id).where(User.username == username).first()
    await UserSession.update(
        {getattr(UserSession, column): now() - timedelta(minutes=minutes)}
    ).where(UserSession.user == user["id"])
    _sessions.forget()


async def _end_waiting_period(recovery_id: int) -> None:
    from backend.accounts.tables import AccountRecovery
    from backend.core.clock import now

    await AccountRecovery.update({AccountRecovery.release_at: now() - timedelta(seconds=1)}).where(
        AccountRecovery.id == recovery_id
    )
    _sessions.forget()


async def test_cookie_flags(client):
    token_response = None
    from tests.helpers import enroll, invite

    _, token_response = await enroll(client, await invite("Cờ Cookie", ["can_bo"]))
    cookie = token_response.headers["set-cookie"]
    assert "dangbo_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # http://localhost; Secure is set when the origin is https


async def test_list_and_revoke_sessions_and_log_out_everywhere(client, app):
    authenticator = await new_user(client, "Nhiều Thiết Bị", ["can_bo"])
    me = (await client.get("/api/me")).json()
    async with make_client(app) as phone:
        await prime_csrf(phone)
        assert (await login(phone, authenticator)).status_code == 201
        sessions = (await client.get("/api/me/sessions")).json()
        assert len(sessions) == 2
        assert sum(s["current"] for s in sessions) == 1
        other = next(s for s in sessions if not s["current"])
        assert (await client.delete(f"/api/me/sessions/{other['id']}")).status_code == 204
        assert (await phone.get("/api/me")).status_code == 401
        assert (await client.delete(f"/api/me/sessions/{other['id']}")).status_code == 404

        assert (await login(phone, authenticator)).status_code == 201
        assert (await client.post("/api/auth/logout-everywhere")).status_code == 204
        assert (await client.get("/api/me")).status_code == 401
        assert (await phone.get("/api/me")).status_code == 401
    assert me["username"]


async def test_idle_timeout(client, settings):
    await new_user(client, "Ngồi Lâu", ["can_bo"])
    username = (await client.get("/api/me")).json()["username"]
    await _age_session("last_seen_at", settings.session_idle_minutes + 1, username)
    assert (await client.get("/api/me")).status_code == 401


async def test_absolute_timeout(client):
    await new_user(client, "Quá Hạn Tuyệt Đối", ["can_bo"])
    username = (await client.get("/api/me")).json()["username"]
    await _age_session("expires_at", 1, username)
    assert (await client.get("/api/me")).status_code == 401


async def test_activity_keeps_the_session_alive(client, settings):
    await new_user(client, "Hoạt Động Đều", ["can_bo"])
    username = (await client.get("/api/me")).json()["username"]
    await _age_session("last_seen_at", settings.session_idle_minutes - 1, username)
    assert (await client.get("/api/me")).status_code == 200  # touches last_seen_at
    await _age_session("last_seen_at", 0, username)
    assert (await client.get("/api/me")).status_code == 200


async def test_rename_passkey_validation(client):
    await new_user(client, "Đặt Tên Khóa", ["can_bo"])
    key = (await client.get("/api/me/passkeys")).json()[0]
    ok = await client.patch(f"/api/me/passkeys/{key['id']}", json={"name": "Điện thoại Nokia"})
    assert ok.status_code == 204
    assert (await client.get("/api/me/passkeys")).json()[0]["name"] == "Điện thoại Nokia"
    assert (
        await client.patch(f"/api/me/passkeys/{key['id']}", json={"name": ""})
    ).status_code == 400
    assert (await client.patch("/api/me/passkeys/999999", json={"name": "x"})).status_code == 404


async def test_cannot_touch_another_users_passkey(client, app):
    await new_user(client, "Chủ Khóa", ["can_bo"])
    key = (await client.get("/api/me/passkeys")).json()[0]
    async with make_client(app) as other:
        await prime_csrf(other)
        await new_user(other, "Kẻ Lạ", ["can_bo"])
        assert (await other.delete(f"/api/me/passkeys/{key['id']}")).status_code == 404
    assert len((await client.get("/api/me/passkeys")).json()) == 1


async def test_ids_beyond_the_database_range_are_a_clear_400(client):
    await new_user(client, "Số Quá Lớn", ["can_bo"])
    for path in ("/api/me/passkeys/99999999999", "/api/me/sessions/99999999999"):
        response = await client.delete(path)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    too_big = await client.patch("/api/me/passkeys/99999999999", json={"name": "x"})
    assert too_big.status_code == 400


async def test_admin_reissue_for_a_lost_device_can_end_every_passkey_and_session(client, app):
    """A stolen phone: the administrator's new link also revokes what the phone holds."""
    from backend.audit.tables import AuditEvent
    from backend.core.clock import now
    from backend.notifications.tables import PushSubscription

    lost = await new_user(client, "Mất Điện Thoại", ["can_bo"])
    me = (await client.get("/api/me")).json()
    username = me["username"]
    # The phone had notifications on.
    await PushSubscription.insert(
        PushSubscription(
            user=me["id"],
            endpoint=f"https://push.example.net/send/{username}",
            p256dh="p" * 87,
            auth="a" * 22,
            created_at=now(),
        )
    )
    async with make_client(app) as admin, make_client(app) as new_phone:
        await prime_csrf(admin)
        await prime_csrf(new_phone)
        await new_user(admin, "Quản Trị Cấp Lại", ["quan_tri"])

        # Without the option, the old passkey and session go on working.
        keep = await admin.post("/api/admin/invitations", json={"username": username})
        assert keep.status_code == 201, keep.text
        assert (await client.get("/api/me")).status_code == 200

        refused = await admin.post(
            "/api/admin/invitations",
            json={"full_name": "Người Mới", "roles": ["can_bo"], "revoke_existing": True},
        )
        assert refused.status_code == 400 and refused.json()["detail"]

        reissued = await admin.post(
            "/api/admin/invitations", json={"username": username, "revoke_existing": True}
        )
        assert reissued.status_code == 201, reissued.text
        assert (await client.get("/api/me")).status_code == 401
        assert (await login(client, lost)).status_code == 400
        assert not await PushSubscription.exists().where(PushSubscription.user == me["id"])

        # The new link enrolls a new passkey, which works.
        token = reissued.json()["url"].rsplit("/", 1)[1]
        begin = (await new_phone.post("/api/auth/register/begin", json={"token": token})).json()
        credential = SoftAuthenticator().create(begin["options"])
        finish = await new_phone.post(
            "/api/auth/register/finish",
            json={"ceremony": begin["ceremony"], "credential": credential},
        )
        assert finish.status_code == 201, finish.text
        me_now = (await new_phone.get("/api/me")).json()
        assert me_now["username"] == username
        # The user had a passkey: the new one is held until someone confirms it or the
        # waiting period passes (tests/api/test_recovery.py walks both).
        assert me_now["recovery"]["state"] == "dang_giu"
        assert (await new_phone.get("/api/me/passkeys")).status_code == 403
        await _end_waiting_period(me_now["recovery"]["id"])
        assert len((await new_phone.get("/api/me/passkeys")).json()) == 1

    event = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.detail)
        .where(AuditEvent.action == "account.revoked_by_admin")
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    assert json.loads(event["detail"]) == {"passkeys": 1, "sessions": 1, "push_subscriptions": 1}


async def test_a_login_verified_before_an_administrators_revocation_does_not_get_in(
    client, app, monkeypatch
):
    """The revocation commits between the assertion's check and the session it would open."""
    from backend.accounts.assertions import AssertionCheck
    from backend.accounts.invitations import InvitationService

    lost = await new_user(client, "Đăng Nhập Giữa Chừng", ["can_bo"])
    username = (await client.get("/api/me")).json()["username"]
    await client.post("/api/auth/logout")
    verify = AssertionCheck.verify
    invitations = app.state.services.get(InvitationService)

    async def verified_then_revoked(self, *args, **kwargs):
        row = await verify(self, *args, **kwargs)
        await invitations.invite(
            full_name="", roles=[], organisation_code=None, username=username, revoke_existing=True
        )
        return row

    monkeypatch.setattr(AssertionCheck, "verify", verified_then_revoked)
    response = await login(client, lost)
    assert response.status_code == 400, response.text
    assert response.json()["type"].endswith("credential_revoked")
    assert (await client.get("/api/me")).status_code == 401


async def test_requests_that_miss_the_memo_together_share_one_look_up(client, monkeypatch):
    """A page's parallel calls (or every request in flight when the memo expires) wait for one
    query of the session, not one each; all get the same user."""
    import asyncio

    from backend.accounts import sessions
    from backend.accounts.tables import UserSession

    await new_user(client, "Tra Một Lần", ["can_bo"])
    looked_up = 0
    raw = UserSession.raw

    def counted(sql, *args):
        nonlocal looked_up
        looked_up += sql == sessions._SESSION_SQL
        return raw(sql, *args)

    monkeypatch.setattr(UserSession, "raw", counted)
    _sessions.forget()
    answers = await asyncio.gather(*(client.get("/api/me") for _ in range(20)))
    assert [a.status_code for a in answers] == [200] * 20
    assert {a.json()["full_name"] for a in answers} == {"Tra Một Lần"}
    assert looked_up == 1
