"""The counting board's key ceremony in three browsers (docs/ballots.md §13): the chair, also on
the board, reaches the ceremony's screen from the secret poll's and starts it with k = 2; each
of the three members commits, sends his sealed shares and sees the fingerprint his own browser
computed — the same on the three screens and the server's; each downloads his share's backup
(a passphrase that does not repeat is refused first), then confirms; the key is ready and the
poll opens. One member's device forgets its share and gets it back from the backup file (a
wrong passphrase refused first). That member's context skips the CSP so axe-core can be added;
the other two run under the CSP as served.

Screenshots: ``ceremony/`` at 360 × 640.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    SHOTS,
    add_virtual_authenticator,
    context_options,
)
from tests.e2e.test_every_page_fits import check_page

pytestmark = pytest.mark.e2e

PASSPHRASE = "Bầu cử đại hội khóa XVI"


def _shot(page, name: str, full_page: bool = False) -> None:
    folder = SHOTS / "ceremony"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def _tap(page, name: str) -> None:
    button = page.get_by_role("button", name=name, exact=True)
    expect(button).to_be_enabled()
    button.click()


def test_three_members_make_the_key_and_the_poll_opens(
    live_server, browser, new_page_with_authenticator, enroll_via_ui, tmp_path
):
    staged = live_server.stage("ceremony_stage")
    congress = staged["congress"]
    chair = new_page_with_authenticator()
    enroll_via_ui(chair, user="lanhdao")
    counter = new_page_with_authenticator()
    enroll_via_ui(counter, user="vanthu")
    checked = browser.new_context(**context_options(), bypass_csp=True)
    checked.set_default_timeout(DEFAULT_TIMEOUT_MS)
    third = checked.new_page()
    add_virtual_authenticator(third)
    enroll_via_ui(third, user="canbo")
    members = {"vanthu": counter, "lanhdao": chair, "canbo": third}  # x = 1, 2, 3

    token = chair.evaluate("() => window.dangbo.csrfToken()")
    created = chair.request.post(
        live_server.url(f"/api/congresses/{congress}/polls"),
        data={
            "item_id": staged["item"],
            "kind": "bau_cu_so_du",
            "mode": "bi_mat",
            "title": "Bầu Ban Chấp hành (phiếu kín)",
            "seats": 2,
            "candidates": [{"name": n} for n in ("Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thu")],
        },
        headers={"x-csrftoken": token},
    )
    assert created.status == 201, created.text()
    poll = created.json()["id"]
    poll_screen = live_server.url(f"/dai-hoi/{congress}/bieu-quyet/{poll}")
    key_screen = f"{poll_screen}/khoa"

    # The chair reaches the ceremony from the poll's screen and starts it with k = 2.
    chair.goto(poll_screen)
    chair.get_by_role("link", name=re.compile("Khóa phiếu kín của Ban Kiểm phiếu")).click()
    chair.wait_for_url(key_screen)
    chair.get_by_text("Chưa bắt đầu tạo khóa").wait_for()
    chair.locator("#ceremony-threshold").select_option("2")
    _tap(chair, "Bắt đầu tạo khóa")
    for page in (counter, third):
        page.goto(key_screen)
    for page in members.values():
        expect(page.get_by_text("Cần 2 trong 3 thành viên")).to_be_visible()

    # Each commits, then (once the stream says all did) sends his sealed shares.
    for page in members.values():
        _tap(page, "Tạo và công bố phần khóa của tôi")
    for page in members.values():
        _tap(page, "Gửi phần khóa cho các thành viên khác")

    # The fingerprint, computed in each browser, the same on the three screens and the server's.
    prints = {}
    for name, page in members.items():
        box = page.locator("[data-fingerprint]")
        expect(box).to_have_count(1)
        expect(page.get_by_text("Khớp với dấu vân tay của máy chủ.")).to_be_visible()
        prints[name] = box.get_attribute("data-fingerprint")
        box.evaluate("(e) => e.scrollIntoView({block: 'center'})")
        _shot(page, f"{name}-fingerprint")
    server = chair.request.get(
        live_server.url(f"/api/congresses/{congress}/polls/{poll}/key-ceremony")
    )
    groups = server.json()["ceremony"]["fingerprint_groups"]
    assert set(prints.values()) == {" ".join(groups)}, prints
    assert all(re.fullmatch(r"[0-9a-f]{4}", g) for g in groups)

    # The backup before the confirmation: a passphrase typed differently twice is refused.
    third.locator("#backup-passphrase").fill(PASSPHRASE)
    third.locator("#backup-passphrase-again").fill(PASSPHRASE + "!")
    _tap(third, "Tải tệp sao lưu")
    expect(third.get_by_text("Hai lần nhập mật khẩu không giống nhau.")).to_be_visible()
    problems = check_page(third, "ceremony: backup step", expect_nav=True)
    backups = {}
    for name, page in members.items():
        page.locator("#backup-passphrase").fill(PASSPHRASE)
        page.locator("#backup-passphrase-again").fill(PASSPHRASE)
        with page.expect_download() as download:
            _tap(page, "Tải tệp sao lưu")
        path = tmp_path / f"{name}.json"
        download.value.save_as(path)
        backup = json.loads(path.read_text(encoding="utf-8"))
        assert backup["format"] == "dangbo-phan-khoa/1" and backup["kdf"]["name"] == "argon2id"
        assert backup["poll_id"] == poll and "share" not in backup
        assert "transport_secret" not in backup and "coefficients" not in backup
        backups[name] = path
        expect(page.get_by_text("Đã sao lưu phần khóa.")).to_be_visible()
    for page in members.values():
        _tap(page, "Xác nhận khóa")
    for name, page in members.items():
        expect(page.get_by_text("Khóa đã sẵn sàng: cuộc bỏ phiếu có thể mở.")).to_be_visible()
        expect(page.locator("[data-share-held]")).to_be_visible()
        assert page.locator("[data-fingerprint]").get_attribute("data-fingerprint") == prints[name]
    _shot(third, "canbo-ready", full_page=True)
    key = chair.request.get(live_server.url(f"/api/congresses/{congress}/polls/{poll}/key")).json()
    assert key["ready"] and key["threshold"] == 2 and key["size"] == 3

    # A device that lost the share restores it from the backup file.
    third.evaluate(
        """() => new Promise((resolve, reject) => {
             const r = indexedDB.deleteDatabase("dangbo-phieu-kin");
             r.onsuccess = resolve; r.onerror = reject; r.onblocked = resolve; })"""
    )
    third.reload()
    expect(third.get_by_text("Thiết bị này chưa có phần khóa của bạn.")).to_be_visible()
    third.locator("#restore-file").set_input_files(str(backups["canbo"]))
    third.locator("#restore-passphrase").fill("một mật khẩu khác")
    _tap(third, "Khôi phục phần khóa")
    expect(third.get_by_text("Mật khẩu không đúng, hoặc tệp đã bị sửa.")).to_be_visible()
    third.locator("#restore-passphrase").fill(PASSPHRASE)
    _tap(third, "Khôi phục phần khóa")
    expect(third.get_by_text("Đã khôi phục phần khóa của thành viên số 3")).to_be_visible()
    expect(third.locator("[data-share-held]")).to_be_visible()
    problems += check_page(third, "ceremony: done", expect_nav=True)
    assert not problems, "\n".join(problems)

    # The secret poll opens now that its key is ready.
    chair.goto(poll_screen)
    _tap(chair, "Mở biểu quyết")
    chair.get_by_role("button", name="Kết thúc biểu quyết").wait_for()
    checked.close()
