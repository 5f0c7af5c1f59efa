"""The administration page at 360 × 640 (issue 13, "Admin").

- The invite form answers where the administrator looks: an empty submit puts the errors
  beside their fields and the focus on the first; a success shows the link right under the
  button, in view and focused, and clears the form.
- A double tap sends one idempotency key twice: one account. The same name in the same
  organisation again within a minute asks, in Vietnamese, whether it is another person.
- The list of users: search, "Xem thêm" (the API's cursor), roles, organisation, passkeys,
  sessions; a new link or "revoke devices" from a user's row.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS, page_url

pytestmark = pytest.mark.e2e

FOLDER = SHOTS / "admin"
VIEWPORT_HEIGHT = 640


def _shot(page, name: str) -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(FOLDER / f"{name}.png"))
    page.screenshot(path=str(FOLDER / f"{name}-full.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px wider than the screen"


def _in_view(locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + min(box["height"], 120) <= (VIEWPORT_HEIGHT)
    )


def _rows(page):
    return page.locator(".user-row")


def _search(page, text: str) -> None:
    page.locator("#user-search").fill(text)
    page.get_by_role("button", name="Tìm", exact=True).click()


@pytest.fixture
def admin(live_server, new_page_with_authenticator, enroll_via_ui):
    page = new_page_with_authenticator()
    enroll_via_ui(page, roles=["quan_tri", "can_bo"], name="Quản Trị Màn Hình Mời")
    page.goto(live_server.url("/quan-tri"))
    page.get_by_role("heading", name="Mời người dùng mới").wait_for()
    page.locator("#invite-org option").first.wait_for(state="attached")
    return page


def test_the_invite_form_answers_where_the_administrator_looks(admin):
    page = admin
    # An empty submit: the errors stand beside their fields, the focus on the name.
    page.get_by_role("button", name="Tạo liên kết đăng ký").click()
    name_error = page.locator("#invite-name-error")
    name_error.get_by_text("Hãy nhập họ và tên").wait_for()
    page.locator("#invite-roles-error").get_by_text("Hãy chọn ít nhất một vai trò").wait_for()
    expect(page.locator("#invite-name")).to_be_focused()
    assert _in_view(name_error)
    assert page.locator("#invite-name").get_attribute("aria-invalid") == "true"
    _shot(page, "moi-loi-ngay-canh-o")

    # A double tap on a filled-in form: one key, sent twice, makes one account.
    page.locator("#invite-name").fill("Đỗ Thị Ánh Tuyết")
    page.get_by_label("Đảng viên", exact=True).check()
    page.locator("#invite-org").select_option("VPTU")
    page.evaluate(
        "() => { const form = document.getElementById('invite-name').form;"
        " form.requestSubmit(); form.requestSubmit(); }"
    )
    link = page.locator("#invitation-link")
    link.wait_for()
    expect(page.locator("#invite-feedback")).to_be_focused()
    assert _in_view(link)
    first_url = link.inner_text().strip()
    page.get_by_text("Đã tạo tài khoản cho").wait_for()
    # The form is cleared for the next person.
    assert page.locator("#invite-name").input_value() == ""
    assert not page.locator("#invite-role_dang_vien").is_checked()
    _shot(page, "moi-lien-ket-trong-tam-nhin")

    _search(page, "Ánh Tuyết")
    expect(_rows(page)).to_have_count(1)

    # The same name and organisation again within a minute: asked, in Vietnamese.
    page.locator("#invite-name").fill("Đỗ Thị Ánh Tuyết")
    page.get_by_label("Đảng viên", exact=True).check()
    page.get_by_role("button", name="Tạo liên kết đăng ký").click()
    question = page.locator("#duplicate-question")
    question.get_by_text("Vừa mời một người tên 'Đỗ Thị Ánh Tuyết'").wait_for()
    assert _in_view(question)
    _shot(page, "moi-trung-ten-hoi-lai")
    page.get_by_role("button", name="Vẫn mời, đây là người khác").click()
    page.locator("#invitation-link").filter(has_not_text=first_url).wait_for()
    page.get_by_text("dothianhtuyet2", exact=True).wait_for()

    _search(page, "Ánh Tuyết")
    page.locator(".user-row[data-username='dothianhtuyet2']").wait_for()
    expect(_rows(page)).to_have_count(2)


def test_the_user_list_searches_pages_and_acts_on_a_user(
    admin, live_server, new_page_with_authenticator, enroll_via_ui
):
    page = admin
    # More users of one name than a page holds (through the API, as the form would).
    token = page.evaluate("() => window.dangbo.csrfToken()")
    for n in range(21):
        answer = page.request.post(
            live_server.url("/api/admin/invitations"),
            data={"full_name": f"Người Xem Trang {n:02d}", "roles": ["dang_vien"]},
            headers={"x-csrftoken": token},
        )
        assert answer.status == 201, answer.text()
    _search(page, "xem trang")
    expect(_rows(page)).to_have_count(20)
    first = _rows(page).first
    first.get_by_text("Người Xem Trang 00").wait_for()
    first.get_by_text("Đảng viên").wait_for()
    first.get_by_text("Chưa có khóa truy cập").wait_for()
    first.get_by_text("Chưa đăng ký").wait_for()
    _shot(page, "danh-sach-nguoi-dung")
    page.get_by_role("button", name="Xem thêm").click()
    expect(_rows(page)).to_have_count(21)
    assert page.get_by_role("button", name="Xem thêm").count() == 0

    # A user with a passkey and a signed-in phone: his row says so; revoke his devices.
    phone = new_page_with_authenticator()
    username = enroll_via_ui(phone, roles=["can_bo"], name="Trịnh Văn Mất Điện Thoại")
    _search(page, "Mất Điện Thoại")
    row = page.locator(f".user-row[data-username='{username}']")
    row.get_by_text("1 khóa truy cập, dùng gần nhất").wait_for()
    row.get_by_text("1 phiên đăng nhập đang mở").wait_for()
    row.get_by_role("button", name="Thu hồi thiết bị").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Trịnh Văn Mất Điện Thoại").first.wait_for()
    page.locator("#confirm-reissue").click()
    page.locator("#reissue-revoked").wait_for()
    page.locator("#reissue-recovery").wait_for()  # he had a passkey: a recovery, held
    assert page.locator("#reissued-link").inner_text().startswith(live_server.url("/dang-ky/"))
    _shot(page, "thu-hoi-thiet-bi")
    dialog.get_by_role("button", name="Đóng").click()
    row.get_by_text("0 phiên đăng nhập đang mở").wait_for()
    row.get_by_text("Chưa có khóa truy cập").wait_for()

    # His phone's session has ended.
    phone.goto(live_server.url("/tai-khoan"))
    phone.wait_for_url(re.compile(r"/dang-nhap"))
    assert page_url(live_server, "/dang-nhap").match(phone.url.split("?")[0])


def test_a_cadre_is_offered_no_administration(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, roles=["can_bo"], name="Cán Bộ Không Quản Trị")
    page.goto(live_server.url("/quan-tri"))
    page.get_by_text("Chỉ quản trị viên được dùng trang này.").wait_for()
    assert page.locator("#invite-name").count() == 0
    assert page.locator("#user-search").count() == 0
    page.goto(live_server.url("/quan-tri/xac-nhan-khoi-phuc"))
    page.get_by_text("Chỉ quản trị viên hoặc lãnh đạo của tổ chức").wait_for()
