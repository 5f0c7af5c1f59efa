"""A secret strike-out ballot cast on a delegate's phone, in a real browser under the app's
CSP (docs/ballots.md §10, §14): the poll is open with its key ready (staged server-side by
``tests.e2e.secret_poll_stage``: the ceremony is not the subject here). The delegate strikes two
of four names; the phone encrypts and proves the ballot and shows its tracker before asking;
he checks that ballot first (Benaloh): the choices it held, a QR code and a JSON file, which
the Python verifier accepts with those choices; the phone encrypts again, he casts, and the
tracker the server returns is the one shown before the cast, kept on the phone. A second
phone of his (another tab) that had the ballot open is refused with a Vietnamese message.
The ballot, the check and the tracker fit 360 × 640, with 44 px targets and axe-core clean.

Screenshots: ``secret-ballot/`` at 360 × 640.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from backend.ballots.verify_ballot import verify
from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    SHOTS,
    add_virtual_authenticator,
    context_options,
)
from tests.e2e.test_every_page_fits import AXE, LAYOUT, MEASURE_TARGETS, MIN_TARGET, NAV, RUN_AXE

pytestmark = pytest.mark.e2e

STRUCK = ("Nguyễn Thị Hoa", "Phạm Quốc Việt")
KEPT = ("Trần Văn Bình", "Lê Thu Trang")
AXE_PATH = "/__axe-core-for-tests.js"  # served from the origin, so the CSP lets it in


def _shot(page, name: str, top: str) -> None:
    """The phone's screen (360 × 640) with ``top`` just under the app's header."""
    folder = SHOTS / "secret-ballot"
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(top).first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.evaluate("() => window.scrollBy(0, -72)")
    page.screenshot(path=str(folder / f"{name}.png"))


def _fits(page, label: str) -> None:
    """360 px wide, 44 px targets, axe-core: no critical or serious violation."""
    layout = page.evaluate(LAYOUT, NAV)
    assert layout["scrollWidth"] <= 360, (label, layout)
    assert page.evaluate(MEASURE_TARGETS, MIN_TARGET) == [], label
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(url=AXE_PATH)
    assert page.evaluate(RUN_AXE) == [], label


def _tracker(page, selector: str) -> str:
    found = page.locator(selector)
    found.wait_for()
    return found.get_attribute("data-tracker")


def test_a_delegate_checks_then_casts_a_secret_ballot(
    live_server, browser, enroll_via_ui, tmp_path: Path
):
    staged = live_server.stage("secret_poll_stage")
    screen = live_server.url(f"/dai-hoi/{staged['congress']}/bieu-quyet/{staged['poll']}")
    context = browser.new_context(**context_options())
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route(
        live_server.url(AXE_PATH),
        lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"),
    )
    phone = context.new_page()
    add_virtual_authenticator(phone)
    enroll_via_ui(phone, user="canbo")
    # His second phone: the same account, the ballot open there too.
    other = context.new_page()
    other.goto(screen)
    phone.goto(screen)

    # ---- the ballot: tap names to strike them ----------------------------------------------
    encrypt = phone.locator("#secret-encrypt")
    expect(encrypt).to_be_disabled()  # four names kept for two seats
    for name in STRUCK:
        phone.get_by_role("button", name=name).click()
    expect(phone.locator("#ballot-line")).to_have_text("Giữ lại 2/2 người")
    expect(encrypt).to_be_enabled()
    _shot(phone, "1-ballot", "h2:has-text('Phiếu kín điện tử')")
    _fits(phone, "ballot")

    # ---- encrypted on the phone: the tracker first, then cast or check -----------------------
    encrypt.click()
    first = _tracker(phone, "#secret-tracker")
    assert len(first) == 64
    expect(phone.locator("#secret-cast")).to_be_visible()
    _shot(phone, "2-tracker-before-cast", ".dangbo-secret-tracker")

    # ---- Benaloh: check this ballot -------------------------------------------------------
    phone.locator("#secret-check").click()
    choices = phone.locator("#secret-checked-choices")
    for name in STRUCK:
        expect(choices).to_contain_text(f"{name}: gạch tên")
    for name in KEPT:
        expect(choices).to_contain_text(f"{name}: giữ lại")
    assert _tracker(phone, "#secret-checked-tracker") == first
    expect(phone.locator(".dangbo-secret-qr svg")).to_be_visible()
    expect(phone.get_by_text("không phát hiện được phần mềm chỉ đọc trộm")).to_be_visible()
    with phone.expect_download() as downloaded:
        phone.locator("#secret-download-reveal").click()
    path = tmp_path / "kiem-tra.json"
    downloaded.value.save_as(path)
    verdict = verify(json.loads(path.read_text(encoding="utf-8")), first)
    assert verdict.failures == []
    assert verdict.lines == [
        "Nguyễn Thị Hoa: gạch tên",
        "Trần Văn Bình: giữ lại",
        "Phạm Quốc Việt: gạch tên",
        "Lê Thu Trang: giữ lại",
    ]
    assert verdict.context.election_id == str(staged["congress"])
    _shot(phone, "3-benaloh-check", ".dangbo-secret-checked")
    _shot(phone, "3b-benaloh-qr", ".dangbo-secret-check-qr")
    _fits(phone, "Benaloh check")
    # A checked ballot is never cast: nothing on the server yet.
    turnout = phone.request.get(
        live_server.url(f"/api/congresses/{staged['congress']}/polls/{staged['poll']}")
    ).json()["turnout"]
    assert turnout["voted"] == 0

    # ---- encrypted again, then cast -----------------------------------------------------------
    phone.locator("#secret-encrypt-again").click()
    second = _tracker(phone, "#secret-tracker")
    assert second != first
    with phone.expect_response(lambda r: r.url.endswith("/secret-ballots")) as answered:
        phone.locator("#secret-cast").click()
    assert answered.value.status == 201
    assert answered.value.json()["tracker"] == second
    assert _tracker(phone, "#secret-cast-tracker") == second
    phone.get_by_text("Bạn đã tham gia cuộc bỏ phiếu này").wait_for()
    expect(phone.locator("#secret-message")).to_contain_text("trùng với mã điện thoại")
    saved = phone.evaluate(
        "(key) => JSON.parse(localStorage.getItem(key)).tracker",
        f"dangbo:phieu-kin:{staged['congress']}:{staged['poll']}",
    )
    assert saved == second
    expect(phone.locator("#secret-save-tracker")).to_be_visible()
    _shot(phone, "4-tracker-after-cast", ".dangbo-secret-done")
    _fits(phone, "tracker after the cast")

    # ---- his second phone tries to cast too ---------------------------------------------------
    for name in KEPT:
        other.get_by_role("button", name=name).click()
    other.locator("#secret-encrypt").click()
    _tracker(other, "#secret-tracker")
    other.locator("#secret-cast").click()
    refused = other.locator("#secret-message")
    expect(refused).to_contain_text("đã được ghi nhận trước đó")
    expect(refused).to_contain_text("mỗi đại biểu chỉ có một phiếu")
    other.get_by_text("Bạn đã tham gia cuộc bỏ phiếu này").wait_for()
    # his second tab shows the tracker his first one kept on this phone
    assert _tracker(other, "#secret-stored-tracker") == second
    _shot(other, "5-second-phone-refused", "#secret-ballot")
    ballots = phone.request.get(
        live_server.url(f"/api/congresses/{staged['congress']}/polls/{staged['poll']}")
    ).json()["turnout"]
    assert ballots["voted"] == 1
    context.close()
