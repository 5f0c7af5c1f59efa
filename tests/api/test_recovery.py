"""No administrator may act as another user alone.

The attack of the defects issue, walked step by step: an account with only the ``quan_tri``
role re-invites the leader, registers a passkey through the link and tries to read his
register and to sign; each step is refused or held, the leader is told on every channel and
refuses. Then the legitimate lost-phone path: a second person confirms, or the waiting period
passes. The audit log names the recovery at every step.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.conftest import make_client, prime_csrf
from tests.documents_support import incoming_meta, make_org, person, register
from tests.helpers import login
from tests.soft_authenticator import SoftAuthenticator


async def _audit(since: int) -> list[tuple[str, int | None, dict]]:
    from backend.audit.tables import AuditEvent

    rows = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.detail)
        .where(AuditEvent.id > since)
        .order_by(AuditEvent.id)
    )
    return [
        (
            r["action"],
            r["actor_id"],
            r["detail"] if isinstance(r["detail"], dict) else json.loads(r["detail"]),
        )
        for r in rows
    ]


async def _last_audit_id() -> int:
    from backend.audit.tables import AuditEvent

    row = await AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id, ascending=False).first()
    return row["id"] if row else 0


async def _enroll_through(client, url: str) -> tuple[SoftAuthenticator, dict]:
    token = url.rsplit("/", 1)[1]
    authenticator = SoftAuthenticator()
    begin = await client.post("/api/auth/register/begin", json={"token": token})
    assert begin.status_code == 201, begin.text
    body = begin.json()
    finish = await client.post(
        "/api/auth/register/finish",
        json={
            "ceremony": body["ceremony"],
            "credential": authenticator.create(body["options"]),
            "name": "Máy của người khác",
        },
    )
    assert finish.status_code == 201, finish.text
    return authenticator, finish.json()["me"]


async def _confirm(confirmer, recovery_id: int):
    begin = await confirmer.client.post(f"/api/recoveries/{recovery_id}/confirm/begin")
    if begin.status_code != 200:
        return begin
    body = begin.json()
    assertion = confirmer.authenticator.get(body["options"])
    return await confirmer.client.post(
        f"/api/recoveries/{recovery_id}/confirm/finish",
        json={"ceremony": body["ceremony"], "credential": assertion},
    )


def _held(response) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("recovery_held")
    assert "chờ xác nhận" in response.json()["detail"]


async def _end_waiting_period(app, recovery_id: int) -> None:
    from backend.accounts.sessions import SessionService
    from backend.accounts.tables import AccountRecovery
    from backend.core.clock import now

    await AccountRecovery.update({AccountRecovery.release_at: now() - timedelta(seconds=1)}).where(
        AccountRecovery.id == recovery_id
    )
    app.state.services.get(SessionService).forget()


@pytest.fixture
async def office(app):
    """An organisation with its leader (and his phone subscribed to pushes), its clerk, a
    registered incoming document, an administrator with no other role, a second
    administrator, and a cadre."""
    from backend.core.clock import now
    from backend.notifications.tables import PushSubscription

    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        people = {
            "leader": await person(app, stack, "Lãnh Đạo Bị Nhắm", ["lanh_dao", "can_bo"], org),
            "clerk": await person(app, stack, "Văn Thư Khôi Phục", ["van_thu", "can_bo"], org),
            "admin": await person(app, stack, "Quản Trị Một Mình", ["quan_tri"], org),
            "admin2": await person(app, stack, "Quản Trị Thứ Hai", ["quan_tri"], org),
            "cadre": await person(app, stack, "Cán Bộ Mất Máy", ["can_bo"], org),
        }
        leader = people["leader"]
        await PushSubscription.insert(
            PushSubscription(
                user=leader.id,
                endpoint=f"https://push.example.net/send/{leader.me['username']}",
                p256dh="p" * 87,
                auth="a" * 22,
                created_at=now(),
            )
        )
        document = await register(people["clerk"].client, incoming_meta())
        assert document.status_code == 201, document.text
        people["document"] = document.json()
        yield people


async def test_one_administrator_alone_cannot_become_the_leader(app, office):
    from backend.notifications.tables import Notification, PushDelivery

    admin, leader = office["admin"], office["leader"]
    document = office["document"]
    since = await _last_audit_id()

    # 1. The administrator re-issues a link for the leader: it is a recovery.
    reissued = await admin.client.post(
        "/api/admin/invitations", json={"username": leader.me["username"]}
    )
    assert reissued.status_code == 201, reissued.text
    recovery = reissued.json()["recovery"]
    assert recovery["state"] == "cho_dang_ky"
    assert recovery["issued_by_name"] == "Quản Trị Một Mình"
    assert recovery["user_id"] == leader.id

    # The leader is told at once: an urgent notification, and a push queued for his phone.
    told = await Notification.select().where(
        (Notification.user == leader.id) & (Notification.kind == "he_thong")
    )
    assert [n["urgent"] for n in told] == [True]
    assert "khôi phục" in told[0]["title"]
    assert await PushDelivery.count().where(PushDelivery.notification == told[0]["id"]) == 1

    # 2. He registers a passkey through the link: it is held.
    async with make_client(app) as attacker:
        await prime_csrf(attacker)
        stolen, me = await _enroll_through(attacker, reissued.json()["url"])
        assert me["username"] == leader.me["username"]
        assert me["recovery"]["state"] == "dang_giu" and me["recovery"]["id"] == recovery["id"]
        assert me["actions"] == {}

        # 3. He reads nothing, signs nothing, does nothing as the leader.
        _held(await attacker.get("/api/documents/register?direction=den"))
        _held(await attacker.get(f"/api/documents/{document['id']}"))
        _held(await attacker.get(f"/api/files/{document['files'][0]['sha256']}"))
        _held(await attacker.post(f"/api/documents/{document['id']}/sign/begin"))
        _held(await attacker.get("/api/signing/certificate"))
        _held(await attacker.get("/api/notifications"))
        _held(await attacker.get("/api/me/passkeys"))
        _held(await attacker.post("/api/auth/logout-everywhere"))
        _held(await _confirm_as(attacker, stolen, recovery["id"]))
        # Signing in again with the held passkey gives another held session.
        assert (await attacker.post("/api/auth/logout")).status_code == 204
        assert (await login(attacker, stolen)).status_code == 201
        _held(await attacker.get("/api/documents/register?direction=den"))
        assert (await attacker.get("/api/me")).json()["recovery"]["state"] == "dang_giu"

        # 4. The issuer cannot confirm his own link.
        assert recovery["id"] not in [
            r["id"] for r in (await admin.client.get("/api/recoveries")).json()
        ]
        refused = await _confirm(admin, recovery["id"])
        assert refused.status_code == 403, refused.text

        # 5. The leader's own passkey signs in and sees it; he refuses it.
        assert (await leader.client.post("/api/auth/logout")).status_code == 204
        signed_in = await login(leader.client, leader.authenticator)
        assert signed_in.status_code == 201
        review = signed_in.json()["me"]["recoveries_to_review"]
        assert [(r["id"], r["state"]) for r in review] == [(recovery["id"], "dang_giu")]
        assert signed_in.json()["me"]["recovery"] is None
        own = (await leader.client.get("/api/me/recoveries")).json()
        assert own[0]["id"] == recovery["id"] and own[0]["passkey_name"] == "Máy của người khác"
        answer = await leader.client.post(f"/api/me/recoveries/{recovery['id']}/refuse")
        assert answer.status_code == 200, answer.text
        assert answer.json()["state"] == "bi_tu_choi"

        # The held passkey and its sessions are gone.
        assert (await attacker.get("/api/me")).status_code == 401
        assert (await login(attacker, stolen)).json()["type"].endswith("unknown_credential")
        assert (await leader.client.get("/api/me")).json()["recoveries_to_review"] == []
        assert (await leader.client.get("/api/documents/register?direction=den")).status_code == 200
        again = await leader.client.post(f"/api/me/recoveries/{recovery['id']}/refuse")
        assert again.status_code == 409

    # 6. The audit log holds the whole chain, each step naming the recovery.
    events = await _audit(since)
    by_action = {}
    for action, actor_id, detail in events:
        by_action.setdefault(action, []).append((actor_id, detail))
    rid = recovery["id"]
    [(issuer, reissue)] = by_action["invitation.reissued"]
    assert issuer == admin.id and reissue["recovery"] == rid
    assert by_action["recovery.opened"][0][0] == admin.id
    enrolled = by_action["recovery.enrolled"][0][1]
    assert enrolled["recovery"] == rid and enrolled["issued_by"] == admin.id
    assert [d["recovery"] for _, d in by_action["passkey.registered"] if "recovery" in d] == [rid]
    logins = [d for actor, d in by_action["login.succeeded"] if actor == leader.id]
    assert [d.get("recovery") for d in logins] == [rid, None]  # the held passkey, then his own
    assert by_action["recovery.refused"] == [
        (leader.id, {"recovery": rid, "credential": enrolled["credential"], "sessions": 1})
    ]
    # His own acts name no recovery.
    assert "recovery" not in by_action["logout"][-1][1]


async def _confirm_as(client, authenticator, recovery_id: int):
    begin = await client.post(f"/api/recoveries/{recovery_id}/confirm/begin")
    if begin.status_code != 200:
        return begin
    body = begin.json()
    return await client.post(
        f"/api/recoveries/{recovery_id}/confirm/finish",
        json={"ceremony": body["ceremony"], "credential": authenticator.get(body["options"])},
    )


@pytest.mark.parametrize("confirmer", ["admin2", "leader"])
async def test_a_lost_phone_is_recovered_when_a_second_person_confirms(app, office, confirmer):
    admin, cadre = office["admin"], office["cadre"]
    since = await _last_audit_id()
    # Stolen: the old passkey and session end with the new link.
    reissued = await admin.client.post(
        "/api/admin/invitations",
        json={"username": cadre.me["username"], "revoke_existing": True},
    )
    assert reissued.status_code == 201, reissued.text
    recovery = reissued.json()["recovery"]
    assert recovery["revoked_existing"] is True
    assert (await cadre.client.get("/api/me")).status_code == 401

    async with make_client(app) as new_phone:
        await prime_csrf(new_phone)
        phone, me = await _enroll_through(new_phone, reissued.json()["url"])
        assert me["recovery"]["state"] == "dang_giu"
        _held(await new_phone.get("/api/documents/inbox"))

        second = office[confirmer]
        listed = (await second.client.get("/api/recoveries")).json()
        assert recovery["id"] in [r["id"] for r in listed]
        # The cadre's clerk is neither an administrator nor the head: refused.
        assert (await _confirm(office["clerk"], recovery["id"])).status_code == 403

        confirmed = await _confirm(second, recovery["id"])
        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json()["state"] == "da_xac_nhan"
        assert confirmed.json()["confirmed_by_name"] == second.me["full_name"]
        assert (await _confirm(office["admin2"], recovery["id"])).status_code == 409

        # The new phone is the cadre now.
        assert (await new_phone.get("/api/documents/inbox")).status_code == 200
        me = (await new_phone.get("/api/me")).json()
        assert me["recovery"] is None and me["recoveries_to_review"] == []
        [passkey] = (await new_phone.get("/api/me/passkeys")).json()
        renamed = await new_phone.patch(f"/api/me/passkeys/{passkey['id']}", json={"name": "Mới"})
        assert renamed.status_code == 204

    events = await _audit(since)
    [(who, detail)] = [(a, d) for action, a, d in events if action == "recovery.confirmed"]
    assert who == second.id and detail["recovery"] == recovery["id"]
    step_ups = [d for action, a, d in events if action == "step_up.verified" and a == second.id]
    assert step_ups[-1]["purpose"] == "recovery.confirm"
    # Every act of the recovered passkey names its recovery, whichever domain writes it.
    [rename] = [d for action, a, d in events if action == "passkey.renamed"]
    assert rename["recovery"] == recovery["id"]


async def test_a_held_passkey_is_released_when_the_waiting_period_passes(app, office):
    admin, cadre = office["admin"], office["cadre"]
    reissued = await admin.client.post(
        "/api/admin/invitations", json={"username": cadre.me["username"]}
    )
    recovery = reissued.json()["recovery"]
    async with make_client(app) as new_phone:
        await prime_csrf(new_phone)
        await _enroll_through(new_phone, reissued.json()["url"])
        _held(await new_phone.get("/api/documents/inbox"))
        held = (await new_phone.get("/api/me")).json()["recovery"]
        assert held["release_at"] is not None

        since = await _last_audit_id()
        await _end_waiting_period(app, recovery["id"])
        assert (await new_phone.get("/api/documents/inbox")).status_code == 200
        me = (await new_phone.get("/api/me")).json()
        assert me["recovery"] is None
        # Nobody confirms a hold that has ended.
        assert (await _confirm(office["admin2"], recovery["id"])).status_code == 409
    own = (await cadre.client.get("/api/me/recoveries")).json()
    assert own[0]["state"] == "het_thoi_gian_cho"
    released = [d for action, _, d in await _audit(since) if action == "recovery.released"]
    assert [d["recovery"] for d in released] == [recovery["id"]]


async def test_a_refused_link_stops_working_before_it_is_used(app, office):
    admin, cadre = office["admin"], office["cadre"]
    reissued = await admin.client.post(
        "/api/admin/invitations", json={"username": cadre.me["username"]}
    )
    recovery = reissued.json()["recovery"]
    refused = await cadre.client.post(f"/api/me/recoveries/{recovery['id']}/refuse")
    assert refused.status_code == 200 and refused.json()["state"] == "bi_tu_choi"
    token = reissued.json()["url"].rsplit("/", 1)[1]
    assert (await cadre.client.get(f"/api/auth/invitations/{token}")).status_code == 410
    # Someone else's recovery is not found.
    other = await office["clerk"].client.post(f"/api/me/recoveries/{recovery['id']}/refuse")
    assert other.status_code == 404


async def test_a_first_enrollment_is_not_a_recovery(app, office):
    from tests.helpers import invite

    token = await invite("Người Chưa Có Khóa", ["can_bo"])
    async with make_client(app) as first, make_client(app) as again:
        await prime_csrf(first)
        await prime_csrf(again)
        info = (await first.get(f"/api/auth/invitations/{token}")).json()
        # The link was lost before he used it: a new one is no recovery.
        reissued = await office["admin"].client.post(
            "/api/admin/invitations", json={"username": info["username"]}
        )
        assert reissued.json()["recovery"] is None
        _, me = await _enroll_through(again, reissued.json()["url"])
        assert me["recovery"] is None
        assert (await again.get("/api/me/passkeys")).status_code == 200


def _valid_body(strategy):
    """A body the schema accepts (and without U+0000, which is refused before the session
    is looked at)."""
    import warnings

    from hypothesis.errors import NonInteractiveExampleWarning

    for _ in range(50):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NonInteractiveExampleWarning)
            body = strategy.example().body
        if "\\u0000" not in json.dumps(body):
            return body
    raise AssertionError("no body without U+0000")


async def test_a_held_session_is_refused_everywhere_but_its_recovery(app, office):
    """The one check in provide_actor: every endpoint that needs a session, called by a held
    one, answers 403 recovery_held, except /api/me, its recovery and logging out."""
    reissued = await office["admin"].client.post(
        "/api/admin/invitations", json={"username": office["cadre"].me["username"]}
    )
    recovery_id = reissued.json()["recovery"]["id"]
    allowed = {
        ("GET", "/api/me"),
        ("GET", "/api/me/recoveries"),
        ("POST", "/api/me/recoveries/{recovery_id}/refuse"),
        ("POST", "/api/auth/logout"),
    }
    import schemathesis

    document = office["document"]
    raw = app.openapi_schema.to_schema()
    schema = schemathesis.openapi.from_dict(raw)
    async with make_client(app) as held:
        await prime_csrf(held)
        await _enroll_through(held, reissued.json()["url"])
        checked = 0
        for path, operations in raw["paths"].items():
            for method, operation in operations.items():
                if "401" not in operation["responses"] or (method.upper(), path) in allowed:
                    continue
                url = path.replace("{sha256}", document["files"][0]["sha256"])
                url = url.replace("{document_id}", str(document["id"]))
                for name in ("passkey_id", "session_id", "notification_id", "subscription_id"):
                    url = url.replace("{" + name + "}", "1")
                url = url.replace("{recovery_id}", str(recovery_id))
                url = re.sub(r"\{\w+\}", "1", url)  # any other id: 1
                content = (operation.get("requestBody") or {}).get("content", {})
                if "multipart/form-data" in content:
                    response = await held.request(
                        method.upper(),
                        url,
                        data={"metadata": json.dumps(incoming_meta())},
                        files={"file": ("a.pdf", b"%PDF-1.4\n", "application/pdf")},
                    )
                else:
                    body = None
                    if "application/json" in content:
                        body = _valid_body(schema[path][method.upper()].as_strategy())
                    response = await held.request(method.upper(), url, json=body)
                assert response.status_code == 403, (method, path, response.text)
                assert response.json()["type"].endswith("recovery_held"), (method, path)
                checked += 1
        assert checked > 40
        assert (await held.get("/api/me")).status_code == 200
        assert (await held.get("/api/me/recoveries")).json()[0]["id"] == recovery_id
        assert (await held.post("/api/auth/logout")).status_code == 204


async def test_dangbo_invite_for_a_user_with_a_passkey_says_it_is_held(app, office):
    from backend.accounts.tables import AccountRecovery

    cadre = office["cadre"]
    run = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "backend.cli", "invite", "--user", cadre.me["username"]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "khôi phục tài khoản" in run.stdout
    assert "bị giữ" in run.stdout and "72 giờ" in run.stdout
    row = (
        await AccountRecovery.select()
        .where(AccountRecovery.user == cadre.id)
        .order_by(AccountRecovery.id, ascending=False)
        .first()
    )
    assert row["issued_by"] is None and row["state"] == "cho_dang_ky"
    own = (await cadre.client.get("/api/me/recoveries")).json()
    assert own[0]["issued_by_name"] == "Quản trị máy chủ (dòng lệnh)"
