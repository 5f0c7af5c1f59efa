"""Bad input to the auth endpoints gets a clear 4xx problem and writes nothing."""

from datetime import timedelta

import pytest

from tests.helpers import enroll, invite, login, new_user
from tests.soft_authenticator import SoftAuthenticator


async def _audit_actions(since_id: int) -> list[str]:
    from backend.audit.tables import AuditEvent

    rows = await AuditEvent.select(AuditEvent.action).where(AuditEvent.id > since_id)
    return [r["action"] for r in rows]


async def _refusals(since_id: int) -> list[tuple[str, str]]:
    """(action, reason) of the audit records written since ``since_id``."""
    import json

    from backend.audit.tables import AuditEvent

    rows = await AuditEvent.select(AuditEvent.action, AuditEvent.detail).where(
        AuditEvent.id > since_id
    )
    return [(r["action"], json.loads(r["detail"]).get("reason", "")) for r in rows]


async def _last_audit_id() -> int:
    from backend.audit.tables import AuditEvent

    row = await AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id, ascending=False).first()
    return row["id"] if row else 0


def _is_problem(response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {"ceremony": "x" * 20, "credential": {}},
        {"ceremony": "x" * 20, "credential": {"id": 5}},
        {"ceremony": "x", "credential": {}},
        {"credential": {}},
        {"ceremony": "x" * 20, "credential": "not-an-object"},
        [],
    ],
)
async def test_malformed_finish_payloads(client, payload):
    for path in ("/api/auth/login/finish", "/api/auth/register/finish"):
        _is_problem(await client.post(path, json=payload), 400)


async def test_not_json_at_all(client):
    response = await client.post(
        "/api/auth/login/finish", content=b"{nope", headers={"content-type": "application/json"}
    )
    _is_problem(response, 400)


async def test_malformed_credential_inside_valid_ceremony(client):
    begin = (await client.post("/api/auth/login/begin", json={})).json()
    bad = {
        "id": "AAAA",
        "rawId": "AAAA",
        "type": "public-key",
        "response": {"clientDataJSON": "!!!", "authenticatorData": "", "signature": ""},
    }
    response = await client.post(
        "/api/auth/login/finish", json={"ceremony": begin["ceremony"], "credential": bad}
    )
    _is_problem(response, 400)


async def test_wrong_origin_is_refused_and_nothing_written(client):
    from backend.accounts.tables import Credential, User

    token = await invite("Vũ Sai Nguồn", ["can_bo"])
    before = await Credential.count()
    _, finish = await enroll(client, token, origin="https://evil.example")
    _is_problem(finish, 400)
    assert await Credential.count() == before
    user = await User.select(User.is_active).where(User.full_name == "Vũ Sai Nguồn").first()
    assert user["is_active"] is False
    # The invitation is still usable: a failed attempt does not burn it.
    _, retry = await enroll(client, token)
    assert retry.status_code == 201


async def test_without_user_verification_is_refused(client):
    token = await invite("Đỗ Không Xác Minh", ["can_bo"])
    _, finish = await enroll(client, token, user_verified=False)
    _is_problem(finish, 400)


async def test_non_discoverable_credential_is_refused(client):
    token = await invite("Đỗ Không Lưu", ["can_bo"])
    mark = await _last_audit_id()
    _, finish = await enroll(client, token, rk=False)
    _is_problem(finish, 400)
    assert finish.json()["type"].endswith("not_discoverable")
    assert await _refusals(mark) == [("passkey.register_failed", "not_discoverable")]


async def test_unknown_and_expired_invitations(client):
    from backend.accounts.tables import Invitation
    from backend.accounts.tokens import token_hash
    from backend.core.clock import now

    mark = await _last_audit_id()
    _is_problem(await client.post("/api/auth/register/begin", json={"token": "x" * 40}), 404)
    _is_problem(await client.get(f"/api/auth/invitations/{'y' * 40}"), 404)
    token = await invite("Hết Hạn Văn", ["can_bo"])
    await Invitation.update({Invitation.expires_at: now() - timedelta(minutes=1)}).where(
        Invitation.token_hash == token_hash(token)
    )
    mark_expired = await _last_audit_id()
    response = await client.post("/api/auth/register/begin", json={"token": token})
    _is_problem(response, 410)
    assert "hết hạn" in response.json()["detail"]
    # Every refused link is in the audit log, with why.
    refused = [r for r in await _refusals(mark) if r[0] == "invitation.refused"]
    assert refused == [
        ("invitation.refused", "invitation_unknown"),
        ("invitation.refused", "invitation_unknown"),
        ("invitation.refused", "invitation_expired"),
    ]
    assert await _refusals(mark_expired) == [("invitation.refused", "invitation_expired")]


async def test_expired_between_begin_and_finish(client):
    from backend.accounts.tables import Invitation
    from backend.accounts.tokens import token_hash
    from backend.core.clock import now

    token = await invite("Chậm Chân", ["can_bo"])
    begin = (await client.post("/api/auth/register/begin", json={"token": token})).json()
    await Invitation.update({Invitation.expires_at: now() - timedelta(seconds=1)}).where(
        Invitation.token_hash == token_hash(token)
    )
    credential = SoftAuthenticator().create(begin["options"])
    mark = await _last_audit_id()
    finish = await client.post(
        "/api/auth/register/finish", json={"ceremony": begin["ceremony"], "credential": credential}
    )
    _is_problem(finish, 410)
    assert await _refusals(mark) == [("passkey.register_failed", "invitation_used")]


async def test_replayed_or_unknown_ceremony_is_refused_and_audited(client):
    authenticator = await new_user(client, "Phát Lại Nhật Ký", ["can_bo"])
    begin = (await client.post("/api/auth/login/begin", json={})).json()
    payload = {"ceremony": begin["ceremony"], "credential": authenticator.get(begin["options"])}
    assert (await client.post("/api/auth/login/finish", json=payload)).status_code == 201
    mark = await _last_audit_id()
    _is_problem(await client.post("/api/auth/login/finish", json=payload), 400)
    # A login ceremony offered to registration is spent and refused as well.
    other = (await client.post("/api/auth/login/begin", json={})).json()
    wrong_kind = {"ceremony": other["ceremony"], "credential": payload["credential"]}
    _is_problem(await client.post("/api/auth/register/finish", json=wrong_kind), 400)
    assert await _refusals(mark) == [
        ("login.failed", "challenge_used"),
        ("passkey.register_failed", "challenge_kind"),
    ]


async def test_a_concurrent_use_of_the_same_passkey_is_refused_and_audited(client, monkeypatch):
    """Two logins verified against the same sign count: the one that stores second loses."""
    from backend.accounts.assertions import AssertionCheck
    from backend.accounts.tables import Credential

    authenticator = await new_user(client, "Dùng Cùng Lúc", ["can_bo"])
    verify = AssertionCheck.verify

    async def verified_then_used_elsewhere(self, *args, **kwargs):
        row = await verify(self, *args, **kwargs)
        await Credential.update({Credential.sign_count: row["new_sign_count"]}).where(
            Credential.id == row["id"]
        )
        return row

    monkeypatch.setattr(AssertionCheck, "verify", verified_then_used_elsewhere)
    mark = await _last_audit_id()
    response = await login(client, authenticator, sign_count=7)
    _is_problem(response, 409)
    assert response.json()["type"].endswith("credential_race")
    assert await _refusals(mark) == [("login.failed", "credential_race")]


async def test_unknown_credential_is_refused_and_audited(client):
    mark = await _last_audit_id()
    stranger = SoftAuthenticator()
    stranger.create({"user": {"id": "AQ"}, "challenge": "AA"})
    response = await login(client, stranger)
    _is_problem(response, 400)
    assert response.json()["type"].endswith("unknown_credential")
    assert "login.unknown_credential" in await _audit_actions(mark)


async def test_revoked_passkey_cannot_log_in(client):
    authenticator = await new_user(client, "Thu Hồi Khóa", ["can_bo"])
    passkeys = (await client.get("/api/me/passkeys")).json()
    assert len(passkeys) == 1
    assert (await client.delete(f"/api/me/passkeys/{passkeys[0]['id']}")).status_code == 204
    assert (await client.get("/api/me/passkeys")).json() == []
    _is_problem(await login(client, authenticator), 400)


async def test_sign_count_going_backwards_is_refused_and_audited(client):
    authenticator = await new_user(client, "Sao Chép Khóa", ["can_bo"])
    assert (await login(client, authenticator, sign_count=5)).status_code == 201
    mark = await _last_audit_id()
    response = await login(client, authenticator, sign_count=3)
    _is_problem(response, 400)
    assert response.json()["type"].endswith("sign_count_regressed")
    assert "passkey.sign_count_regressed" in await _audit_actions(mark)


async def test_assertion_for_another_challenge_is_refused(client):
    authenticator = await new_user(client, "Lệch Thử Thách", ["can_bo"])
    first = (await client.post("/api/auth/login/begin", json={})).json()
    second = (await client.post("/api/auth/login/begin", json={})).json()
    assertion = authenticator.get(first["options"])
    response = await client.post(
        "/api/auth/login/finish", json={"ceremony": second["ceremony"], "credential": assertion}
    )
    _is_problem(response, 400)


async def test_csrf_is_required_for_cookie_writes(client):
    authenticator = await new_user(client, "Không Mã CSRF", ["can_bo"])
    assert authenticator.credentials
    del client.headers["x-csrftoken"]
    response = await client.post("/api/auth/logout-everywhere")
    _is_problem(response, 403)
    assert response.json()["type"].endswith("csrf")
    assert (await client.get("/api/me")).status_code == 200


async def test_admin_endpoints_need_the_admin_role(client):
    await new_user(client, "Cán Bộ Thường", ["can_bo"])
    response = await client.post(
        "/api/admin/invitations", json={"full_name": "Ai Đó", "roles": ["can_bo"]}
    )
    _is_problem(response, 403)


async def test_admin_invites_and_validates(client):
    await new_user(client, "Quản Trị Thử", ["quan_tri"])
    ok = await client.post(
        "/api/admin/invitations",
        json={"full_name": "Phạm Mời Mới", "roles": ["can_bo"], "organisation_code": "DBTP"},
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["url"].startswith("http://localhost:3000/dang-ky/")
    _is_problem(
        await client.post("/api/admin/invitations", json={"full_name": "X", "roles": ["can_bo"]}),
        400,
    )
    _is_problem(
        await client.post(
            "/api/admin/invitations", json={"full_name": "Vai Trò Lạ", "roles": ["vua"]}
        ),
        400,
    )
    _is_problem(
        await client.post(
            "/api/admin/invitations",
            json={"full_name": "Tổ Chức Lạ", "roles": ["can_bo"], "organisation_code": "KHONG"},
        ),
        404,
    )
    _is_problem(
        await client.post(
            "/api/admin/invitations",
            json={"full_name": "Người Cũ", "roles": ["can_bo"], "username": "khongcoai"},
        ),
        404,
    )


async def test_lost_device_reinvite_replaces_old_link(client):
    await new_user(client, "Quản Trị Hai", ["quan_tri"])
    first = await client.post(
        "/api/admin/invitations", json={"full_name": "Mất Máy", "roles": ["can_bo"]}
    )
    username = first.json()["username"]
    old_token = first.json()["url"].rsplit("/", 1)[1]
    second = await client.post(
        "/api/admin/invitations",
        json={"full_name": "Mất Máy", "roles": ["can_bo"], "username": username},
    )
    assert second.status_code == 201
    assert second.json()["username"] == username
    _is_problem(await client.post("/api/auth/register/begin", json={"token": old_token}), 410)
    new_token = second.json()["url"].rsplit("/", 1)[1]
    assert (
        await client.post("/api/auth/register/begin", json={"token": new_token})
    ).status_code == 201


async def test_new_user_invitation_needs_name_and_roles(client):
    await new_user(client, "Quản Trị Ba", ["quan_tri"])
    _is_problem(await client.post("/api/admin/invitations", json={"roles": ["can_bo"]}), 400)
    _is_problem(
        await client.post("/api/admin/invitations", json={"full_name": "Chưa Vai Trò"}), 400
    )
    reinvite = await client.post("/api/admin/invitations", json={"username": "canbo"})
    assert reinvite.status_code == 201, reinvite.text
    assert reinvite.json()["username"] == "canbo"


async def test_a_passkey_name_of_only_spaces_is_refused(client):
    await new_user(client, "Tên Khóa Trống", ["can_bo"])
    [passkey] = (await client.get("/api/me/passkeys")).json()
    _is_problem(await client.patch(f"/api/me/passkeys/{passkey['id']}", json={"name": "   "}), 400)
    assert (await client.get("/api/me/passkeys")).json()[0]["name"] == passkey["name"]
    renamed = await client.patch(f"/api/me/passkeys/{passkey['id']}", json={"name": " Máy bàn "})
    assert renamed.status_code in (200, 204), renamed.text
    assert (await client.get("/api/me/passkeys")).json()[0]["name"] == "Máy bàn"


async def test_an_assertion_naming_another_user_is_refused_and_audited(client):
    from webauthn.helpers import bytes_to_base64url

    authenticator = await new_user(client, "Tay Cầm Khác", ["can_bo"])
    begin = (await client.post("/api/auth/login/begin", json={})).json()
    assertion = authenticator.get(begin["options"])
    assertion["response"]["userHandle"] = bytes_to_base64url(b"987654")  # not signed over
    mark = await _last_audit_id()
    response = await client.post(
        "/api/auth/login/finish", json={"ceremony": begin["ceremony"], "credential": assertion}
    )
    _is_problem(response, 400)
    assert response.json()["type"].endswith("user_handle_mismatch")
    assert await _refusals(mark) == [("login.failed", "user_handle_mismatch")]


async def test_without_a_valid_signature_a_user_handle_proves_nothing(client):
    """A credential id is enough to reach the checks; only the passkey's holder gets past the
    signature, so only he can cause a user_handle_mismatch record."""
    from webauthn.helpers import bytes_to_base64url

    authenticator = await new_user(client, "Chữ Ký Giả", ["can_bo"])
    begin = (await client.post("/api/auth/login/begin", json={})).json()
    assertion = authenticator.get(begin["options"])
    assertion["response"]["userHandle"] = bytes_to_base64url(b"987654")
    assertion["response"]["signature"] = bytes_to_base64url(b"\x30\x06\x02\x01\x01\x02\x01\x01")
    mark = await _last_audit_id()
    response = await client.post(
        "/api/auth/login/finish", json={"ceremony": begin["ceremony"], "credential": assertion}
    )
    _is_problem(response, 400)
    assert response.json()["type"].endswith("assertion_invalid")
    assert [action for action, _ in await _refusals(mark)] == ["login.failed"]
    assert ("login.failed", "user_handle_mismatch") not in await _refusals(mark)


@pytest.mark.parametrize("concurrent", [False, True])
async def test_a_passkey_another_user_already_has_is_a_409_and_audited(
    client, app, monkeypatch, concurrent
):
    """The same credential id offered for a second account: a 409 problem, not a database
    error, and the refusal is in the audit log; also when the other registration stored it
    after the check (the database's constraint answers then)."""
    from backend.accounts.tables import Credential
    from tests.conftest import make_client, prime_csrf

    first = await new_user(client, "Chủ Khóa Đầu Tiên", ["can_bo"])
    token = await invite("Người Dùng Khóa Trùng", ["can_bo"])
    async with make_client(app) as other:
        await prime_csrf(other)
        begin = (await other.post("/api/auth/register/begin", json={"token": token})).json()
        credential = first.create(begin["options"])
        # The authenticator answers with the first user's credential id for the new account.
        credential["id"] = credential["rawId"] = _b64(first.credentials[0].credential_id)
        _rebuild_attestation(credential, first.credentials[0].credential_id)
        since = await _last_audit_id()
        if concurrent:

            class _NotYet:
                def where(self, *_):
                    async def no() -> bool:
                        return False

                    return no()

            monkeypatch.setattr(Credential, "exists", classmethod(lambda cls: _NotYet()))
        response = await other.post(
            "/api/auth/register/finish",
            json={"ceremony": begin["ceremony"], "credential": credential},
        )
        _is_problem(response, 409)
        assert response.json()["type"].endswith("credential_exists")
        assert ("passkey.register_failed", "credential_exists") in await _refusals(since)
        # The link is still good: nothing of the refused registration was kept.
        assert (await other.get(f"/api/auth/invitations/{token}")).status_code == 200
    monkeypatch.undo()
    # The first user's passkey is untouched.
    assert (await login(client, first, credential=first.credentials[0])).status_code == 201


def _b64(raw: bytes) -> str:
    from webauthn.helpers import bytes_to_base64url

    return bytes_to_base64url(raw)


def _rebuild_attestation(credential: dict, credential_id: bytes) -> None:
    """Put ``credential_id`` into the attested credential data (rp hash, flags, count, aaguid,
    id length, id, public key) of a ``none`` attestation."""
    import struct

    import cbor2
    from webauthn.helpers import base64url_to_bytes

    attestation = cbor2.loads(base64url_to_bytes(credential["response"]["attestationObject"]))
    data = attestation["authData"]
    old_length = struct.unpack(">H", data[53:55])[0]
    rebuilt = (
        data[:53] + struct.pack(">H", len(credential_id)) + credential_id + data[55 + old_length :]
    )
    attestation["authData"] = rebuilt
    credential["response"]["attestationObject"] = _b64(cbor2.dumps(attestation))


async def test_login_begin_answers_the_same_shape_for_unknown_users(client):
    """A name hint never tells whether the account exists: an unknown name gets credential
    ids too, derived from a keyed HMAC of the name, so they are the same on every request."""
    await new_user(client, "Người Có Khóa", ["can_bo"])
    username = (await client.get("/api/me")).json()["username"]

    async def allowed(name: str) -> list[dict]:
        response = await client.post("/api/auth/login/begin", json={"username": name})
        assert response.status_code == 201
        return response.json()["options"]["allowCredentials"]

    known = await allowed(username)
    unknown = await allowed("khongcoainaytenthe")
    assert len(known) == len(unknown) == 1
    assert set(known[0]) == set(unknown[0])
    assert len(known[0]["id"]) == len(unknown[0]["id"])
    assert unknown == await allowed("khongcoainaytenthe")
    assert unknown == await allowed("  KhongCoAiNayTenThe ")
    assert unknown != await allowed("mottenkhac")
