"""A congress in the hall, in real browsers (issue "Done when"):

- two delegates check in by camera scan: the check-in staff's browser has a fake camera whose
  video shows the two delegates' own card QR codes (as the API issued them) one after the
  other; the page decodes them and the API checks them in;
- they follow the agenda live as the presidium moves it from the console (another browser
  context, a tablet);
- one loses the network for a moment (CDP ``Network.emulateNetworkConditions``), misses a
  move, says so in Vietnamese, and catches up when the network is back;
- one registers to speak, and the presidium gives him the floor from the console;
- the hall's projector shows the item and the speaker.

Screenshots: ``congress/`` at 360 × 640 (delegates, check-in) and 1280 × 800 (console,
projector).
"""

from __future__ import annotations

import io
import re
import time

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    SHOTS,
    add_virtual_authenticator,
    context_options,
)
from tests.qr_video import write_y4m

pytestmark = pytest.mark.e2e

TABLET = {"width": 1280, "height": 800}
LIVE_MS = 1000  # the target: every screen follows within a second
LOST = "Mất kết nối — đang thử lại…"
BACK = "Đã kết nối lại"


def _shot(page, name: str) -> None:
    folder = SHOTS / "congress"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _context(browser, viewport=None):
    options = context_options()
    if viewport:
        options.update(viewport=viewport, is_mobile=False, has_touch=False, device_scale_factor=1)
    context = browser.new_context(**options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    add_virtual_authenticator(page)
    return context, page


def _item_shown(page, title: str, timeout: int = LIVE_MS * 3) -> None:
    page.locator('[data-field="item-title"]').filter(has_text=title).wait_for(timeout=timeout)


def test_a_congress_in_the_hall(live_server, browser, camera_browser, enroll_via_ui, tmp_path):
    staged = live_server.stage("congress_stage")
    congress = staged["congress"]
    first_session = staged["sessions"][0]
    home = live_server.url(f"/dai-hoi/{congress}")
    contexts = []

    # ---- the two delegates: their own phones, their cards --------------------------------
    delegates = {}
    for username in ("canbo", "dangvien"):
        context, page = _context(browser)
        contexts.append(context)
        enroll_via_ui(page, user=username)
        card = page.request.get(live_server.url(f"/api/congresses/{congress}/card")).json()
        assert card["code"] == staged["delegates"][username]["code"], card
        delegates[username] = (page, card)
    duc, duc_card = delegates["canbo"]
    nam, nam_card = delegates["dangvien"]
    duc.goto(home)
    duc.get_by_text("Thẻ có hiệu lực đến").wait_for()
    duc.locator("#dai-hoi-card-qr").wait_for()
    _shot(duc, "delegate-card")

    # ---- check-in by camera: the staff phone's camera sees both cards in turn --------------
    video = write_y4m([duc_card["token"], nam_card["token"]], tmp_path / "cards.y4m", seconds=2)
    staff_context = camera_browser(video).new_context(**context_options())
    staff_context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    staff = staff_context.new_page()
    add_virtual_authenticator(staff)
    enroll_via_ui(staff, user="vanthu")
    staff.goto(live_server.url(f"/dai-hoi/{congress}/diem-danh"))
    assert staff.locator("#checkin-session").input_value() == str(first_session)
    staff.get_by_role("button", name="Bật máy ảnh").click()  # inert until its script has run
    expect(staff.locator("[data-diem-danh]")).to_have_attribute("data-camera", "on")
    results = staff.locator(".dangbo-checkin-results")
    results.get_by_text(re.compile(r"Lê Minh Đức — Đoàn Văn phòng Tỉnh ủy")).first.wait_for()
    results.get_by_text(re.compile(r"Hoàng Văn Nam — Đoàn Đảng bộ Cơ quan")).first.wait_for()
    staff.locator('[data-field="present"]').filter(has_text=re.compile(r"^2$")).wait_for()
    # The loop shows the first card again: a duplicate, said as such, never counted twice.
    results.get_by_text(re.compile(r"Lê Minh Đức .*đã điểm danh lúc \d\d:\d\d")).wait_for(
        timeout=15_000
    )
    assert staff.locator('[data-field="present"]').first.inner_text() == "2"
    staff.get_by_role("button", name="Tắt máy ảnh").click()
    _shot(staff, "checkin-staff")
    # Typing a card number that is not one: the API's Vietnamese refusal, shown as it is.
    staff.locator("#checkin-code").fill("KHONG-CO")
    staff.get_by_role("button", name="Điểm danh").click()
    refused = staff.locator('.dangbo-checkin-result[data-kind="refused"]').first
    refused.wait_for()
    assert re.search(r"[ạảãáàâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]", refused.inner_text())
    # An excused absence: a delegate not present, with the reason; the counts follow.
    excused_before = int(staff.locator('[data-field="excused"]').first.inner_text())
    staff.get_by_role("button", name="Ghi vắng có lý do").click()
    staff.get_by_text("Hãy chọn đại biểu vắng.").wait_for()
    absentee = staff.locator("#absence-delegate option", has_text="Đại biểu số 4")
    absentee.wait_for(state="attached")
    assert staff.locator("#absence-delegate option", has_text="Lê Minh Đức").count() == 0
    staff.locator("#absence-delegate").select_option(label=absentee.inner_text())
    staff.get_by_role("button", name="Ghi vắng có lý do").click()
    staff.get_by_text("Hãy nhập lý do vắng.").wait_for()
    staff.locator("#absence-reason").fill("Đi công tác tỉnh bạn")
    staff.get_by_role("button", name="Ghi vắng có lý do").click()
    results.get_by_text(
        re.compile(r"Đại biểu số 4 — .*: vắng có lý do — Đi công tác tỉnh bạn\.")
    ).wait_for()
    staff.locator('[data-field="excused"]').filter(
        has_text=re.compile(rf"^{excused_before + 1}$")
    ).wait_for()
    expect(absentee).to_contain_text("(vắng có lý do)")  # the list is read again after the save
    _shot(staff, "checkin-excused")

    # ---- the presidium's console and the hall's projector, on a tablet --------------------
    chair_context, chair = _context(browser, TABLET)
    contexts.append(chair_context)
    enroll_via_ui(chair, user="lanhdao")
    chair.goto(live_server.url(f"/dai-hoi/{congress}/dieu-hanh"))
    projector = chair_context.new_page()
    projector.goto(live_server.url(f"/dai-hoi/{congress}/man-chieu"))
    nam.goto(home)
    for page in (duc, nam, projector):
        page.locator("[data-dai-hoi-live][data-last-event]").wait_for()

    # Opening the session starts its first item.
    chair.get_by_role("button", name="Khai mạc phiên").first.click()
    try:
        chair.get_by_text("Đã khai mạc phiên họp.").wait_for()
    finally:
        _shot(chair, "console-opened")
    for page in (duc, nam, projector):
        _item_shown(page, "Chào cờ, tuyên bố lý do")
    chair.get_by_role("button", name="Nội dung tiếp theo").click()
    started = time.monotonic()
    for page in (duc, nam, projector):
        _item_shown(page, "Bầu Đoàn Chủ tịch, Đoàn Thư ký")
    followed_s = time.monotonic() - started

    # ---- one phone loses the network, misses a move, catches up ---------------------------
    cdp = nam.context.new_cdp_session(nam)
    cdp.send("Network.enable")
    offline = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", offline)
    nam.get_by_text(LOST).wait_for(timeout=15_000)
    _shot(nam, "delegate-offline")
    chair.get_by_role("button", name="Nội dung tiếp theo").click()
    _item_shown(duc, "Diễn văn khai mạc")
    assert "Diễn văn khai mạc" not in nam.locator('[data-field="item-title"]').inner_text()
    cdp.send("Network.emulateNetworkConditions", {**offline, "offline": False})
    nam.get_by_text(BACK).wait_for(timeout=15_000)
    _item_shown(nam, "Diễn văn khai mạc", timeout=5000)
    _shot(nam, "delegate-caught-up")

    # ---- a delegate asks to speak; the presidium gives him the floor ----------------------
    duc.get_by_role("button", name="Đăng ký phát biểu").click()
    duc.get_by_text(re.compile("Đã đăng ký phát biểu về “Diễn văn khai mạc")).wait_for()
    row = chair.locator("[data-speaker]").filter(has_text="Lê Minh Đức")
    row.wait_for(timeout=5000)  # the console's list follows the stream
    _shot(chair, "console-request")
    row.get_by_role("button", name="Mời phát biểu").click()
    for page in (duc, nam, projector):
        page.locator('[data-field="speaker-name"]').filter(has_text="Lê Minh Đức").first.wait_for(
            timeout=LIVE_MS * 3
        )
    # His time runs on the hall's screen (the page counts from floor_at, no event per second).
    timer = projector.locator('.dangbo-hall [data-field="speaker-timer"]')
    timer.filter(has_text=re.compile(r"^\d\d:\d\d")).wait_for()
    first_reading = timer.inner_text()
    projector.wait_for_timeout(2100)
    assert timer.inner_text() != first_reading, first_reading
    assert "Diễn văn khai mạc" in projector.locator(".dangbo-hall-item").inner_text()
    _shot(duc, "delegate-speaking")
    _shot(chair, "console-floor")
    _shot(projector, "projector")
    assert followed_s < 5, f"the screens followed the move after {followed_s:.1f} s"

    staff_context.close()
    for context in contexts:
        context.close()


def test_the_organising_committee_creates_and_sets_up_a_congress(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    """ "Tạo đại hội" is offered to the role ban_to_chuc (``/api/me``); the new congress opens
    on its setup screen, where a session and an agenda item are added; a bad date is refused
    in Vietnamese before anything is sent."""
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="bantochuc")
    page.goto(live_server.url("/dai-hoi"))
    page.get_by_role("button", name="Tạo đại hội").click()
    page.get_by_label("Tên đại hội, hội nghị").fill("Đại hội Đảng bộ Khối Cơ quan lần thứ V")
    page.get_by_label("Nhiệm kỳ").fill("2025–2030")
    page.get_by_label("Ngày khai mạc").fill("31/02/2027")
    page.get_by_label("Ngày bế mạc").fill("02/03/2027")
    page.get_by_role("button", name="Tạo", exact=True).click()
    page.get_by_text(re.compile("Ngày khai mạc.*không có trên lịch")).wait_for()
    page.get_by_label("Ngày khai mạc").fill("01/03/2027")
    page.get_by_role("button", name="Tạo", exact=True).click()
    page.wait_for_url(re.compile(r"/dai-hoi/\d+/thiet-lap$"))
    page.get_by_role("heading", name="Đại hội Đảng bộ Khối Cơ quan lần thứ V").wait_for()
    page.get_by_label("Tên phiên họp").fill("Phiên trù bị")
    page.get_by_label("Ngày", exact=True).fill("01/03/2027")
    page.get_by_label("Giờ", exact=True).fill("07:30")
    page.get_by_role("button", name="Thêm phiên họp").click()
    page.get_by_text("Đã thêm phiên họp.").wait_for()
    page.get_by_label("Nội dung", exact=True).fill("Báo cáo kết quả thẩm tra tư cách đại biểu")
    page.get_by_label("Thời lượng (phút)").fill("15")
    page.get_by_role("button", name="Thêm nội dung").click()
    page.get_by_text("1. Báo cáo kết quả thẩm tra tư cách đại biểu").wait_for()
    page.get_by_text("01/03/2027 07:30").wait_for()
    # The presidium's first member, proposed by username (the second body on the screen).
    page.get_by_label("Tên đăng nhập của thành viên").nth(1).fill("chutich")
    page.get_by_label("Chức danh trong ban").nth(1).fill("Chủ tịch")
    page.get_by_role("button", name="Thêm", exact=True).nth(1).click()
    page.get_by_text("Đã thêm thành viên.").wait_for()
    page.get_by_text(re.compile(r" — Chủ tịch$")).wait_for()
    _shot(page, "setup")


def _downloaded_pdf(page, link) -> PdfReader:
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    content = open(download.path(), "rb").read()
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def test_cards_are_printed_and_a_lost_one_reissued(live_server, browser, enroll_via_ui):
    """The delegate's "In thẻ" downloads his card as a PDF; the organising committee downloads
    the A4 sheets of every accepted delegate's card (14: two pages of eight) and reissues a
    lost card after a confirmation, then prints the new one."""
    staged = live_server.stage("congress_stage")
    congress = staged["congress"]

    context, duc = _context(browser)
    enroll_via_ui(duc, user="canbo")
    duc.goto(live_server.url(f"/dai-hoi/{congress}"))
    duc.locator("#dai-hoi-card-qr").wait_for()
    own = _downloaded_pdf(duc, duc.locator("#print-card"))
    assert len(own.pages) == 1 and "Lê Minh Đức" in own.pages[0].extract_text()
    duc.locator("#print-card").scroll_into_view_if_needed()
    _shot(duc, "card-print")
    context.close()

    context, organiser = _context(browser)
    enroll_via_ui(organiser, user="canbo2")
    organiser.goto(live_server.url(f"/dai-hoi/{congress}"))
    organiser.get_by_text("Thẻ đại biểu và báo cáo thẩm tra").click()
    organiser.wait_for_url(re.compile(rf"/dai-hoi/{congress}/tham-tra$"))
    sheets = _downloaded_pdf(organiser, organiser.locator("#print-cards"))
    assert len(sheets.pages) == 2
    assert sheets.pages[0].extract_text().count("THẺ ĐẠI BIỂU") == 8
    organiser.get_by_label("Đoàn đại biểu (bỏ trống: tất cả các đoàn)").fill(
        "Đoàn Văn phòng Tỉnh ủy"
    )
    organiser.locator('#print-cards[href*="delegation="]').wait_for()  # the state answered
    one = _downloaded_pdf(organiser, organiser.locator("#print-cards"))
    assert "Lê Minh Đức" in one.pages[0].extract_text()
    _shot(organiser, "cards-organiser")

    organiser.get_by_role("radio", name="Đủ tư cách").click()
    organiser.locator(".reissue-card").first.click()
    organiser.get_by_text("Cấp lại thẻ cho đồng chí này?").wait_for()
    _shot(organiser, "card-reissue-confirm")
    organiser.locator(".confirm-reissue-card").click()
    organiser.get_by_text(re.compile(r"Đã cấp lại thẻ cho .*lần 2")).wait_for()
    new = _downloaded_pdf(organiser, organiser.locator("#print-reissued-card"))
    assert "cấp lần 2" in new.pages[0].extract_text()
    _shot(organiser, "card-reissued")
    context.close()
