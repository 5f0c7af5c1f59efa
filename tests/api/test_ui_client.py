"""The UI's typed API client (frontend/api.py) against the real API, in process."""

from __future__ import annotations

import base64
import hashlib

import pytest

from frontend import api as ui_api
from frontend.account import client as account
from frontend.admin import client as admin
from frontend.pwa_plugin import inline_script_hashes
from frontend.van_ban import client as documents
from shared.accounts import InvitationCreate, Me, Passkey, Role
from shared.documents import DocumentAction, DocumentDetail
from tests.documents_support import make_org, pdf_bytes, register
from tests.helpers import new_user


@pytest.fixture
def bound_api(app, settings):
    ui_api.use_api(app, settings.origin)
    return app


def _cookie_header(client) -> str:
    return f"csrftoken=from-the-browser; dangbo_session={client.cookies['dangbo_session']}"


async def test_acts_for_the_browser_session_and_decodes_shared_structs(client, bound_api):
    await new_user(client, "Vũ Thị Giao Diện", ["can_bo", "dang_vien"])
    async with ui_api.open_client(
        cookie_header=_cookie_header(client), user_agent="Test/1.0", client_ip="203.0.113.7"
    ) as api:
        me = await account.me(api)
        assert isinstance(me, Me)
        assert me.full_name == "Vũ Thị Giao Diện"
        assert set(me.roles) == {Role.CAN_BO, Role.DANG_VIEN}
        passkeys = await account.passkeys(api)
        assert len(passkeys) == 1 and isinstance(passkeys[0], Passkey)
        # A write: the client mints its own CSRF token (the browser's is not forwarded).
        await account.rename_passkey(api, passkeys[0].id, "Máy tính bảng")
        assert (await account.passkeys(api))[0].name == "Máy tính bảng"
        sessions = await account.sessions(api)
        assert [s.current for s in sessions] == [True]
        assert sessions[0].user_agent != "Test/1.0"  # the session was opened by the test client


async def test_problem_details_become_vietnamese_errors(client, bound_api):
    async with ui_api.open_client(cookie_header="dangbo_session=khong-hop-le") as api:
        with pytest.raises(ui_api.ApiError) as refused:
            await account.me(api)
    assert refused.value.unauthenticated
    assert refused.value.detail == "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại."
    assert refused.value.code == "unauthenticated"

    await new_user(client, "Đỗ Văn Không Quyền", ["can_bo"])
    async with ui_api.open_client(cookie_header=_cookie_header(client)) as api:
        with pytest.raises(ui_api.ApiError) as forbidden:
            await admin.invite(api, InvitationCreate(full_name="Ai Đó", roles=[Role.CAN_BO]))
        with pytest.raises(ui_api.ApiError) as missing:
            await account.revoke_passkey(api, 987654321)
    assert forbidden.value.status == 403
    assert forbidden.value.detail == "Chỉ quản trị viên được thực hiện thao tác này."
    assert missing.value.status == 404 and missing.value.detail.startswith("Không tìm thấy")


async def test_reads_a_document_and_a_write_answers_with_what_the_screen_shows(client, bound_api):
    await new_user(client, "Lê Văn Dự Thảo", ["can_bo"], await make_org())
    # The page posts the form itself (van-ban-vao-so.js): the file never passes through Reflex.
    response = await register(
        client,
        {"direction": "di", "trich_yeu": "Báo cáo kết quả học tập chuyên đề", "loai": "BC"},
        pdf_bytes("Báo cáo kết quả học tập chuyên đề"),
    )
    assert response.status_code == 201, response.text
    async with ui_api.open_client(cookie_header=_cookie_header(client)) as api:
        registered = await documents.detail(api, response.json()["id"])
        assert isinstance(registered, DocumentDetail)
        assert registered.trich_yeu == "Báo cáo kết quả học tập chuyên đề"
        assert all(isinstance(action, DocumentAction) for action in registered.actions)
        pages = await documents.page_count(api, registered.files[0].sha256)
        assert pages.pages >= 1
        answered = await documents.add_opinion(api, registered.id, "Đề nghị phổ biến rộng rãi.")
    assert [o.text for o in answered.opinions] == ["Đề nghị phổ biến rộng rãi."]


def test_session_cookie_is_the_only_cookie_passed_on():
    header = 'csrftoken=abc; dangbo_session=tok-123; other="x y"'
    assert ui_api.session_cookie_of(header) == "tok-123"
    assert ui_api.session_cookie_of("") is None
    assert ui_api.session_cookie_of("csrftoken=abc") is None


def test_inline_script_hashes_match_what_browsers_compute():
    body = "\nwindow.x = 1;\n"
    expected = "sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    html = (
        f"<html><head><script>{body}</script>"
        '<script type="module" src="/assets/a.js"></script>'
        "<SCRIPT nonce=x>var y</SCRIPT></head></html>"
    )
    hashes = inline_script_hashes(html)
    assert expected in hashes
    assert len(hashes) == 2  # the external script is not hashed
