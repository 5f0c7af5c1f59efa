"""Polls in the hall, in real browsers: two delegates vote on their phones in an open
resolution vote (a confirmation step, then a clear message; a second visit says they voted);
the presidium prepares an election from the console's form (the API's refusal shown first); the
counting board enters the paper totals of that election (a total that does not add up is
refused with the API's sentence shown by the form); the presidium opens and closes the polls
from their screen on a tablet; the results show on the presidium's tablet and the delegates'
phones, and the console's turnout follows the votes without a reload; after close the counting
board signs off the biên bản kiểm phiếu with a passkey (a second sign-off, from a tab that still
offers it, is refused with the API's sentence) and a delegate downloads the minutes' PDF.

Screenshots: ``polls/`` at 360 × 640 (delegates, counting board) and 1280 × 800 (presidium).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    SHOTS,
    add_virtual_authenticator,
    context_options,
)

pytestmark = pytest.mark.e2e

TABLET = {"width": 1280, "height": 800}


def _shot(page, name: str) -> None:
    folder = SHOTS / "polls"
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


def _post(page, url: str, data=None):
    token = page.evaluate("() => window.dangbo.csrfToken()")
    answer = page.request.post(url, data=data or {}, headers={"x-csrftoken": token})
    assert answer.status in (200, 201), answer.text()
    return answer.json()


def test_polls_in_the_hall(live_server, browser, enroll_via_ui):
    staged = live_server.stage("polls_stage")
    congress = staged["congress"]
    polls = live_server.url(f"/api/congresses/{congress}/polls")

    def screen(poll_id: int) -> str:
        return live_server.url(f"/dai-hoi/{congress}/bieu-quyet/{poll_id}")

    # ---- the presidium prepares two polls on the item under way ---------------------------
    chair_context, chair = _context(browser, TABLET)
    enroll_via_ui(chair, user="lanhdao")
    resolution = _post(
        chair,
        polls,
        {
            "item_id": staged["item"],
            "kind": "bieu_quyet",
            "mode": "cong_khai",
            "title": "Thông qua danh sách Đoàn Chủ tịch",
        },
    )
    # the election from the console's form: a refusal of the API is shown by the form
    chair.goto(live_server.url(f"/dai-hoi/{congress}/dieu-hanh"))
    prepare = chair.locator("form", has=chair.locator("#poll-kind"))
    prepare.locator("#poll-item").select_option(str(staged["item"]))
    prepare.locator("#poll-kind").select_option("bau_cu_so_du")
    prepare.locator("#poll-mode").select_option("giay")
    prepare.locator("#poll-title").fill("Bầu Ban Kiểm phiếu")
    prepare.locator("#poll-seats").fill("3")
    prepare.locator("#poll-candidates").fill("Nguyễn Thị Hoa\nTrần Văn Bình\nPhạm Quốc Việt")
    prepare.get_by_role("button", name="Tạo cuộc bỏ phiếu").click()
    refused = chair.locator("#poll-prepare-message")
    expect(refused).to_contain_text("cần nhiều ứng cử viên hơn số cần bầu")
    chair.set_viewport_size({"width": 360, "height": 640})
    refused.scroll_into_view_if_needed()
    _shot(chair, "console-prepare-refused-phone")
    chair.set_viewport_size(TABLET)
    prepare.locator("#poll-seats").fill("2")
    prepare.get_by_role("button", name="Tạo cuộc bỏ phiếu").click()
    expect(refused).to_contain_text("Đã tạo cuộc bỏ phiếu “Bầu Ban Kiểm phiếu”")
    chair.get_by_role("link", name=re.compile("Bầu Ban Kiểm phiếu")).wait_for()
    _shot(chair, "console-prepared")
    listed = chair.request.get(polls).json()["items"]
    [created] = [p for p in listed if p["title"] == "Bầu Ban Kiểm phiếu"]
    election = chair.request.get(f"{polls}/{created['id']}").json()
    assert election["kind"] == "bau_cu_so_du" and election["mode"] == "giay"
    assert election["seats"] == 2 and election["item_id"] == staged["item"]
    assert [c["name"] for c in election["candidates"]] == [
        "Nguyễn Thị Hoa",
        "Trần Văn Bình",
        "Phạm Quốc Việt",
    ]
    chair.goto(live_server.url(f"/dai-hoi/{congress}/dieu-hanh"))
    chair.get_by_text("Thông qua danh sách Đoàn Chủ tịch").first.wait_for()
    chair.goto(screen(resolution["id"]))
    chair.get_by_role("button", name="Mở biểu quyết").click()
    chair.get_by_text("Đang bỏ phiếu").first.wait_for()
    chair.goto(screen(election["id"]))
    chair.get_by_role("button", name="Mở biểu quyết").click()
    chair.get_by_role("button", name="Kết thúc biểu quyết").wait_for()
    _shot(chair, "presidium-open")

    # ---- the console: the open polls' turnout, live -----------------------------------------
    chair.goto(live_server.url(f"/dai-hoi/{congress}/dieu-hanh"))
    on_console = chair.locator(f'[data-poll-id="{resolution["id"]}"]')
    console_voted = on_console.locator('[data-poll-field="voted"]')
    expect(console_voted).to_have_text("0")
    expect(on_console.locator('[data-poll-field="eligible"]')).not_to_have_text("")

    # ---- two delegates vote on their phones ------------------------------------------------
    phones = []
    held = []  # the first phone's event stream, held (below)

    def hold(route) -> None:
        held.append(route)

    for username in ("canbo", "dangvien"):
        context, phone = _context(browser)
        enroll_via_ui(phone, user=username)
        # The first phone's event stream is held until its delegate has chosen, as on a slow
        # phone. It follows from the event before the page read the poll (``?after=``), not
        # from the congress's first one, and whatever it then brings (a turnout) must not
        # reload the screen and clear the choice.
        if username == "canbo":
            phone.route("**/api/events/**", hold)
        phone.goto(screen(resolution["id"]))
        phone.get_by_role("button", name="Tán thành", exact=True).click()
        expect(phone.locator("#ballot-line")).to_have_text("Lựa chọn: Tán thành")
        if username == "canbo":
            for _ in range(300):  # the page's script opens it once loaded
                if held:
                    break
                phone.wait_for_timeout(100)
            assert held, "the page opened no event stream"
            read_for, after, _read = (
                phone.locator("[data-poll-live]").get_attribute("data-after").split("@")
            )
            assert read_for == f"congress:{congress}" and int(after) > 0, (read_for, after)
            assert all(r.request.url.endswith(f"?after={after}") for r in held), [
                r.request.url for r in held
            ]
            for route in held:
                route.continue_()
            phone.unroute("**/api/events/**")
            phone.wait_for_timeout(2000)  # what the stream brought has come by now
            expect(phone.locator("#ballot-line")).to_have_text("Lựa chọn: Tán thành")
        phone.get_by_role("button", name="Tiếp tục").click()
        phone.get_by_text("Xác nhận gửi phiếu?").wait_for()
        if username == "canbo":
            _shot(phone, "delegate-confirm")
        phone.get_by_role("button", name="Gửi phiếu").click()
        phone.get_by_text("Đã ghi nhận phiếu của bạn.").wait_for()
        phone.get_by_text("Bạn đã tham gia cuộc bỏ phiếu này").wait_for()
        phones.append((context, phone))
        # the console counts the vote without being reloaded
        expect(console_voted).to_have_text(str(len(phones)))
    _shot(chair, "console-turnout")
    duc = phones[0][1]
    duc.reload()
    duc.get_by_text("Bạn đã tham gia cuộc bỏ phiếu này").wait_for()
    assert duc.get_by_role("button", name="Gửi phiếu").count() == 0
    _shot(duc, "delegate-voted")

    # ---- the counting board: two paper ballots handed out, then the totals ------------------
    board_context, board = _context(browser)
    enroll_via_ui(board, user="vanthu")
    for card in staged["delegates"].values():
        _post(board, f"{polls}/{election['id']}/paper-ballots", {"delegate_id": card["id"]})
    board.goto(screen(election["id"]))
    form = board.locator("form")
    for name, value in {
        "issued": 2,
        "received": 2,
        "not_returned": 0,
        "valid": 3,
        "invalid": 0,
    }.items():
        form.locator(f'input[name="{name}"]').fill(str(value))
    ids = [c["id"] for c in election["candidates"]]
    for candidate_id, votes in zip(ids, (2, 1, 1), strict=True):
        form.locator(f'input[name="v_{candidate_id}"]').fill(str(votes))
    form.get_by_role("button", name="Ghi số liệu").click()
    refusal = form.get_by_role("alert")
    refusal.wait_for()
    assert refusal.inner_text().strip(), "the API's refusal is shown by the form"
    _shot(board, "counting-refused")
    form.locator('input[name="valid"]').fill("2")
    form.get_by_role("button", name="Ghi số liệu").click()
    board.get_by_text("Đã ghi số liệu phiếu giấy.").wait_for()
    _shot(board, "counting-entered")

    # ---- the presidium closes both; the results show everywhere -----------------------------
    for poll in (resolution, election):
        chair.goto(screen(poll["id"]))
        chair.get_by_role("button", name="Kết thúc biểu quyết").click()
        chair.locator("#poll-verdict").wait_for()
    chair.get_by_text("Nguyễn Thị Hoa").first.wait_for()
    _shot(chair, "presidium-result")
    hall_context, hall = _context(browser, TABLET)
    enroll_via_ui(hall, user="lanhdao")
    hall.goto(live_server.url(f"/dai-hoi/{congress}/man-chieu/bieu-quyet/{resolution['id']}"))
    hall.locator("#poll-verdict").wait_for()
    hall.get_by_text("Tán thành: 2").wait_for()
    _shot(hall, "projector-result")
    hall_context.close()
    for _, phone in phones:
        phone.goto(screen(resolution["id"]))
        phone.locator("#poll-verdict").wait_for()
        phone.get_by_role("rowheader", name="Tán thành", exact=True).wait_for()
    _shot(duc, "delegate-result")

    # ---- the counting board signs off the minutes; a second sign-off is refused --------------
    board.goto(screen(election["id"]))
    board.get_by_role("heading", name="Biên bản kiểm phiếu").wait_for()
    board.get_by_text("Đã ký xác nhận: 0/1").wait_for()
    stale = board_context.new_page()  # a second tab, still offering the sign-off
    stale.goto(screen(election["id"]))
    stale.get_by_role("button", name="Ký xác nhận biên bản").wait_for()
    _shot(board, "minutes-to-sign")
    board.get_by_role("button", name="Ký xác nhận biên bản").click()
    board.get_by_text("Đã ký xác nhận biên bản kiểm phiếu.").first.wait_for()
    board.get_by_text("Đã ký xác nhận: 1/1").wait_for()
    signature = board.locator("[data-minutes-signature]")
    expect(signature).to_have_count(1)
    expect(signature).to_contain_text("Trần Thị Lan")
    expect(signature).to_contain_text("ký lúc")
    expect(board.get_by_role("button", name="Ký xác nhận biên bản")).to_have_count(0)
    _shot(board, "minutes-signed")
    stale.get_by_role("button", name="Ký xác nhận biên bản").click()
    stale.get_by_text("Đồng chí đã ký biên bản kiểm phiếu này.").first.wait_for()
    expect(stale.get_by_role("button", name="Ký xác nhận biên bản")).to_have_count(0)
    _shot(stale, "minutes-second-refused")
    stale.close()

    # ---- a delegate downloads the minutes: a PDF listing the sign-off ------------------------
    duc.goto(screen(election["id"]))
    duc.get_by_text("Đã ký xác nhận: 1/1").wait_for()
    expect(duc.get_by_role("button", name="Ký xác nhận biên bản")).to_have_count(0)
    link = duc.get_by_role("link", name="Tải biên bản kiểm phiếu (PDF)")
    served = duc.request.get(live_server.url(link.get_attribute("href")))
    assert served.status == 200 and served.body()[:5] == b"%PDF-", served.status
    link.scroll_into_view_if_needed()
    with duc.expect_download() as download:
        link.click(timeout=20_000)
    pdf = download.value
    assert pdf.suggested_filename.lower().endswith(".pdf"), pdf.suggested_filename
    with open(pdf.path(), "rb") as content:
        assert content.read(5) == b"%PDF-"
    _shot(duc, "delegate-minutes")
    for context in [chair_context, board_context, *(c for c, _ in phones)]:
        context.close()
