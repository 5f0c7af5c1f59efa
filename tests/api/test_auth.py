from tests.helpers import enroll, invite, login, new_user


async def test_enroll_then_login_usernameless_and_with_hint(client, app):
    token = await invite("Nguyễn Văn Thử", ["can_bo"], "VPTU")
    info = await client.get(f"/api/auth/invitations/{token}")
    assert info.status_code == 200
    assert info.json()["organisation_name"] == "Văn phòng Tỉnh ủy"
    authenticator, finish = await enroll(client, token)
    assert finish.status_code == 201, finish.text
    me = (await client.get("/api/me")).json()
    assert me["full_name"] == "Nguyễn Văn Thử"
    assert (await client.post("/api/auth/logout")).status_code == 204
    assert (await client.get("/api/me")).status_code == 401

    assert (await login(client, authenticator)).status_code == 201
    assert (await client.get("/api/me")).json()["username"] == me["username"]
    assert (await login(client, authenticator, username=me["username"])).status_code == 201


async def test_invitation_is_single_use(client):
    token = await invite("Trần Văn Một Lần", ["can_bo"])
    _, first = await enroll(client, token)
    assert first.status_code == 201
    again = await client.post("/api/auth/register/begin", json={"token": token})
    assert again.status_code == 410
    assert "đã được sử dụng" in again.json()["detail"]
    assert again.headers["content-type"].startswith("application/problem+json")


async def test_replayed_assertion_is_refused(client):
    authenticator = await new_user(client, "Lê Phát Lại", ["can_bo"])
    begin = (await client.post("/api/auth/login/begin", json={})).json()
    assertion = authenticator.get(begin["options"])
    payload = {"ceremony": begin["ceremony"], "credential": assertion}
    assert (await client.post("/api/auth/login/finish", json=payload)).status_code == 201
    replay = await client.post("/api/auth/login/finish", json=payload)
    assert replay.status_code == 400
    assert replay.json()["type"].endswith("challenge_used")


async def test_me_lists_what_an_administrator_may_do_and_others_are_refused_alike(client):
    """The accounts policy is the one source: ``/api/me`` offers the invitation to an
    administrator only, and the admin endpoint refuses everyone else with its 403."""
    await new_user(client, "Cán Bộ Không Mời", ["can_bo"])
    assert "accounts" not in (await client.get("/api/me")).json()["actions"]
    refused = await client.post(
        "/api/admin/invitations", json={"full_name": "Ai Đó", "roles": ["can_bo"]}
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ quản trị viên được thực hiện thao tác này."

    await new_user(client, "Quản Trị Mời Được", ["quan_tri"])
    assert (await client.get("/api/me")).json()["actions"]["accounts"] == [
        "invite",
        "list_users",
        "confirm_recovery",
    ]
