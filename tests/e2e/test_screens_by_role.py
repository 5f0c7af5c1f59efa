"""What each demo user is offered, and how the main screens look for him at 360 × 640.

The UI holds no role lists: what it offers comes from the API (``Me.actions`` for what is on
no particular document, ``DocumentDetail.actions`` per document). Each demo user goes through
the home screen, the documents list, one document, the registration form, his account and
the administration page; the screenshots land in ``SHOTS/roles/<user>-<screen>.png``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e

DOCUMENT_LINK = "a[href^='/van-ban/']"


@dataclass(frozen=True)
class Offers:
    registers: bool  # the registers of incoming and outgoing documents (view_register)
    incoming: bool  # register an incoming document (register_incoming)
    draft: bool  # start an outgoing draft (draft_outgoing)
    admin: bool  # invite users (accounts: invite)


DEMO_USERS = {
    "canbo": Offers(registers=False, incoming=False, draft=True, admin=False),
    "vanthu": Offers(registers=True, incoming=True, draft=True, admin=False),
    "lanhdao": Offers(registers=True, incoming=False, draft=True, admin=False),
    "quantri": Offers(registers=False, incoming=False, draft=True, admin=True),
    "dangvien": Offers(registers=False, incoming=False, draft=False, admin=False),
}


def _shot(page, user: str, screen: str) -> None:
    folder = SHOTS / "roles"
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.screenshot(path=str(folder / f"{user}-{screen}.png"))
    page.screenshot(path=str(folder / f"{user}-{screen}-full.png"), full_page=True)


def _first_document(page) -> str | None:
    links = page.locator(DOCUMENT_LINK)
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        if re.fullmatch(r"/van-ban/\d+/?", href):
            return href
    return None


@pytest.mark.parametrize("user", list(DEMO_USERS))
def test_each_user_is_offered_what_the_api_allows(
    user, live_server, new_page_with_authenticator, enroll_via_ui
):
    offers = DEMO_USERS[user]
    page = new_page_with_authenticator()
    enroll_via_ui(page, user=user)
    _shot(page, user, "home")
    admin_card = page.get_by_text("Mời người dùng, cấp lại khóa truy cập.")
    assert admin_card.count() == (1 if offers.admin else 0)

    page.goto(live_server.url("/van-ban"))
    page.get_by_role("radio", name="Cần xử lý").wait_for()
    page.locator(f"{DOCUMENT_LINK}, :text('Không có văn bản nào')").first.wait_for()
    _shot(page, user, "van-ban")
    assert page.get_by_role("radio", name="Sổ đến").count() == (1 if offers.registers else 0)
    register_link = page.get_by_role("link", name="Vào sổ / soạn văn bản")
    assert register_link.count() == (1 if offers.incoming or offers.draft else 0)

    document = _first_document(page)
    if document is None and offers.registers:
        page.get_by_role("radio", name="Sổ đến").click()
        page.locator(DOCUMENT_LINK).first.wait_for()
        document = _first_document(page)
    if document is not None:
        page.goto(live_server.url(document))
        page.get_by_role("heading", name="Diễn biến xử lý").wait_for()
        _shot(page, user, "van-ban-mot")

    page.goto(live_server.url("/van-ban/vao-so"))
    page.get_by_text(re.compile("Không đưa văn bản Mật|Bạn không có quyền vào sổ")).wait_for()
    _shot(page, user, "vao-so")
    assert page.get_by_role("radio", name="Văn bản đến").count() == (
        1 if offers.incoming and offers.draft else 0
    )
    assert page.get_by_role("button", name=re.compile("^(Vào sổ|Tạo dự thảo)$")).count() == (
        1 if offers.incoming or offers.draft else 0
    )

    page.goto(live_server.url("/tai-khoan"))
    page.get_by_text("Thiết bị này", exact=True).wait_for()
    _shot(page, user, "tai-khoan")

    page.goto(live_server.url("/quan-tri"))
    page.get_by_text(re.compile("Mời người dùng mới|Chỉ quản trị viên")).first.wait_for()
    _shot(page, user, "quan-tri")
    assert page.get_by_role("heading", name="Mời người dùng mới").count() == (
        1 if offers.admin else 0
    )
