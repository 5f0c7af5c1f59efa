"""What a shared cache may keep, and what a refused method says it allows."""

from __future__ import annotations

from tests.documents_support import pdf_bytes, register
from tests.helpers import new_user


async def test_answers_that_depend_on_the_session_are_not_stored(client):
    await new_user(client, "Không Lưu Đệm", ["can_bo", "van_thu"])
    for path in ("/api/me", "/api/me/sessions", "/api/me/passkeys", "/api/notifications"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path
    # Refusals and anonymous answers as well: a 401, a problem, a ceremony's challenge.
    client.cookies.delete("dangbo_session")
    assert (await client.get("/api/me")).headers["cache-control"] == "no-store"
    begin = await client.post("/api/auth/login/begin", json={})
    assert begin.headers["cache-control"] == "no-store"


async def test_files_keep_their_private_immutable_caching(client):
    await new_user(client, "Tệp Bất Biến", ["can_bo", "van_thu"])
    created = await register(
        client,
        {"direction": "di", "loai": "BC", "trich_yeu": "Báo cáo lưu đệm riêng"},
        pdf_bytes("Báo cáo lưu đệm riêng"),
    )
    assert created.status_code == 201, created.text
    sha = created.json()["files"][0]["sha256"]
    response = await client.get(f"/api/files/{sha}")
    assert response.status_code == 200
    # Keyed by hash but permission-checked: only the browser's own cache may keep it.
    assert response.headers["cache-control"] == "private, max-age=31536000, immutable"


async def test_a_refused_method_names_the_allowed_ones(client):
    response = await client.put("/api/me/sessions")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "GET" in {m.strip() for m in response.headers["allow"].split(",")}
    response = await client.get("/api/auth/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]
