"""A secret strike-out election from the key to the minutes, in real browsers (docs/ballots.md
§10, §13, §14, "The board member's screen", "The public board page").

- **The key ceremony**: three counting-board members (vanthu, lanhdao who also chairs, canbo)
  make the key in their browsers, compare the fingerprint their own browsers computed, save
  their backups (a passphrase that does not repeat is refused first) and confirm; one device
  forgets its share and gets it back from the backup file (a wrong passphrase refused first).
- **Casting**: the chair opens the poll. Delegate dangvien, under the app's CSP, strikes a name;
  the phone shows the tracker before asking; he checks that ballot first (Benaloh: the choices
  it held, a QR code, a file the Python verifier accepts), then casts the ballot made again;
  his second phone is refused. Delegate canbo casts his own.
- **The count**: vanthu's tally screen checks the ballots as they arrive; the board enters the
  paper totals of the third delegate's ballot; the chair closes the poll; vanthu and lanhdao
  see the same board hash and send their partial decryptions (the shares the ceremony left on
  their devices); vanthu's device refuses a second one.
- **The result**: electronic and paper together, with the biên bản kiểm phiếu; dangvien finds his
  tracker on the public board; the board passes ``dangbo congress verify-tally`` and the Node
  verifier (``tests/js/verify_tally.mjs``).

The screens fit 360 × 640 (44 px targets, axe-core). canbo's context skips the CSP so axe-core
can be added; dangvien's gets axe-core from the origin (a routed path), so his runs under it.

Screenshots: ``secret-poll/`` at 360 × 640.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from backend.ballots.verify_ballot import verify
from frontend.pwa_plugin import PUBLIC_DIR, copy_es_modules
from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    ROOT,
    SHOTS,
    add_virtual_authenticator,
    context_options,
)
from tests.e2e.test_every_page_fits import (
    AXE,
    LAYOUT,
    MEASURE_TARGETS,
    MIN_TARGET,
    NAV,
    RUN_AXE,
    check_page,
)
from tests.unit.test_vi_fold_json import _node

pytestmark = pytest.mark.e2e

PASSPHRASE = "Bầu cử đại hội khóa XVI"
CANDIDATES = ("Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thu")
AXE_PATH = "/__axe-core-for-tests.js"  # served from the origin, so the CSP lets it in


def _shot(page, name: str, top: str | None = None, full_page: bool = False) -> None:
    """The phone's screen, with ``top`` (when given) just under the app's header."""
    folder = SHOTS / "secret-poll"
    folder.mkdir(parents=True, exist_ok=True)
    if top is not None:
        page.locator(top).first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        page.evaluate("() => window.scrollBy(0, -72)")
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def _tap(page, name: str) -> None:
    button = page.get_by_role("button", name=name, exact=True)
    expect(button).to_be_enabled()
    button.click()


def _send(page, method: str, url: str, data=None) -> dict:
    token = page.evaluate("() => window.dangbo.csrfToken()")
    answer = page.request.fetch(
        url, method=method, data=data if data is not None else {}, headers={"x-csrftoken": token}
    )
    assert answer.status in (200, 201), answer.text()
    return answer.json()


def _fits_under_csp(page, label: str) -> None:
    """360 px wide, 44 px targets, axe-core (from the origin): no critical or serious issue."""
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


def test_a_secret_election_from_the_key_ceremony_to_the_minutes(
    live_server, browser, new_page_with_authenticator, enroll_via_ui, tmp_path: Path
):
    staged = live_server.stage("secret_journey_stage")
    congress = staged["congress"]
    chair = new_page_with_authenticator()
    enroll_via_ui(chair, user="lanhdao")
    counter = new_page_with_authenticator()
    enroll_via_ui(counter, user="vanthu")
    unchecked = browser.new_context(**context_options(), bypass_csp=True)
    unchecked.set_default_timeout(DEFAULT_TIMEOUT_MS)
    third = unchecked.new_page()
    add_virtual_authenticator(third)
    enroll_via_ui(third, user="canbo")
    voter_context = browser.new_context(**context_options())
    voter_context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    voter_context.route(
        live_server.url(AXE_PATH),
        lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"),
    )
    voter = voter_context.new_page()
    add_virtual_authenticator(voter)
    enroll_via_ui(voter, user="dangvien")
    members = {"vanthu": counter, "lanhdao": chair, "canbo": third}  # x = 1, 2, 3

    created = _send(
        chair,
        "POST",
        live_server.url(f"/api/congresses/{congress}/polls"),
        {
            "item_id": staged["item"],
            "kind": "bau_cu_so_du",
            "mode": "bi_mat",
            "title": "Bầu Ban Chấp hành (phiếu kín)",
            "seats": 2,
            "candidates": [{"name": n} for n in CANDIDATES],
        },
    )
    poll = created["id"]
    api = live_server.url(f"/api/congresses/{congress}/polls/{poll}")
    poll_screen = live_server.url(f"/dai-hoi/{congress}/bieu-quyet/{poll}")
    key_screen = f"{poll_screen}/khoa"
    tally_screen = f"{poll_screen}/kiem-phieu"
    board_screen = f"{poll_screen}/bang-phieu"

    # ==== the key ceremony ======================================================================
    # The chair reaches it from the poll's screen and starts it with k = 2.
    chair.goto(poll_screen)
    chair.get_by_role("link", name=re.compile("Khóa phiếu kín của Ban Kiểm phiếu")).click()
    chair.wait_for_url(key_screen)
    chair.get_by_text("Chưa bắt đầu tạo khóa").wait_for()
    chair.locator("#ceremony-threshold").select_option("2")
    _tap(chair, "Bắt đầu tạo khóa")
    streams: list[str] = []
    counter.on("request", lambda r: streams.append(r.url) if "/api/events/" in r.url else None)
    # The third member's first read gets no answer (the network drops): the screen says so in
    # Vietnamese and reads again by itself.
    dropped: list[str] = []

    def drop_first_read(route) -> None:
        if not dropped and route.request.method == "GET":
            dropped.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    third.route("**/key-ceremony", drop_first_read)
    for page in (counter, third):
        page.goto(key_screen)
    expect(third.get_by_text("Không kết nối được với máy chủ")).to_be_visible()
    _shot(third, "khoa-chua-ket-noi")
    for page in members.values():
        expect(page.get_by_text("Cần 2 trong 3 thành viên")).to_be_visible(timeout=15_000)
    third.unroute("**/key-ceremony")
    assert dropped, "the third member's first read was not dropped"
    # The screen follows the congress's stream from the event before its read (the start's
    # step at least), not from the stream's first event: every request asks ?after= that id.
    for _ in range(100):
        if streams:
            break
        counter.wait_for_timeout(100)
    assert streams and all(re.search(r"\?after=[1-9]\d*$", url) for url in streams), streams
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
    groups = chair.request.get(f"{api}/key-ceremony").json()["ceremony"]["fingerprint_groups"]
    assert set(prints.values()) == {" ".join(groups)}, prints
    assert all(re.fullmatch(r"[0-9a-f]{4}", g) for g in groups)
    third.locator("[data-fingerprint]").evaluate("(e) => e.scrollIntoView({block: 'center'})")
    _shot(third, "1-ceremony-fingerprint")
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
    _shot(third, "2-ceremony-ready", full_page=True)
    key = chair.request.get(f"{api}/key").json()
    assert key["ready"] and key["threshold"] == 2 and key["size"] == 3
    # A device that lost its share restores it from the backup file.
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

    # ==== the poll opens; the first member's screen checks ballots as they arrive ==============
    chair.goto(poll_screen)
    _tap(chair, "Mở biểu quyết")
    chair.get_by_role("button", name="Kết thúc biểu quyết").wait_for()
    counter.goto(tally_screen)
    progress = counter.locator('[data-secret-tally] [data-field="progress"]')
    expect(progress).to_have_text(re.compile("đã kiểm tra 0 phiếu kín"), timeout=30_000)

    # ==== dangvien: strike a name, check that ballot (Benaloh), cast the one made again =========
    other = voter_context.new_page()  # his second phone, the ballot open there too
    other.goto(poll_screen)
    voter.goto(poll_screen)
    encrypt = voter.locator("#secret-encrypt")
    expect(encrypt).to_be_disabled()  # three names kept for two seats
    voter.get_by_role("button", name="Nguyễn Thị Hoa").click()
    expect(voter.locator("#ballot-line")).to_have_text("Giữ lại 2/2 người")
    expect(encrypt).to_be_enabled()
    _shot(voter, "3-ballot", "h2:has-text('Phiếu kín điện tử')")
    _fits_under_csp(voter, "ballot")
    encrypt.click()
    checked = _tracker(voter, "#secret-tracker")
    assert len(checked) == 64
    expect(voter.locator("#secret-cast")).to_be_visible()
    _shot(voter, "4-tracker-before-cast", ".dangbo-secret-tracker")
    voter.locator("#secret-check").click()
    choices = voter.locator("#secret-checked-choices")
    expect(choices).to_contain_text("Nguyễn Thị Hoa: gạch tên")
    expect(choices).to_contain_text("Trần Văn Bình: giữ lại")
    assert _tracker(voter, "#secret-checked-tracker") == checked
    expect(voter.locator(".dangbo-secret-qr svg")).to_be_visible()
    expect(voter.get_by_text("không phát hiện được phần mềm chỉ đọc trộm")).to_be_visible()
    with voter.expect_download() as downloaded:
        voter.locator("#secret-download-reveal").click()
    path = tmp_path / "kiem-tra.json"
    downloaded.value.save_as(path)
    verdict = verify(json.loads(path.read_text(encoding="utf-8")), checked)
    assert verdict.failures == []
    kept = [f"{name}: giữ lại" for name in CANDIDATES[1:]]
    assert verdict.lines == [f"{CANDIDATES[0]}: gạch tên", *kept]
    assert verdict.context.election_id == str(congress)
    _shot(voter, "5-benaloh-check", ".dangbo-secret-checked")
    _shot(voter, "6-benaloh-qr", ".dangbo-secret-check-qr")
    _fits_under_csp(voter, "Benaloh check")
    assert voter.request.get(api).json()["turnout"]["voted"] == 0  # a checked ballot is not cast
    voter.locator("#secret-encrypt-again").click()
    cast = _tracker(voter, "#secret-tracker")
    assert cast != checked
    with voter.expect_response(lambda r: r.url.endswith("/secret-ballots")) as answered:
        voter.locator("#secret-cast").click()
    assert answered.value.status == 201 and answered.value.json()["tracker"] == cast
    assert _tracker(voter, "#secret-cast-tracker") == cast
    voter.get_by_text("Bạn đã tham gia cuộc bỏ phiếu này").wait_for()
    expect(voter.locator("#secret-message")).to_contain_text("trùng với mã điện thoại")
    saved = voter.evaluate(
        "(key) => JSON.parse(localStorage.getItem(key)).tracker",
        f"dangbo:phieu-kin:{congress}:{poll}",
    )
    assert saved == cast
    expect(voter.locator("#secret-save-tracker")).to_be_visible()
    _shot(voter, "7-tracker-after-cast", ".dangbo-secret-done")
    _fits_under_csp(voter, "tracker after the cast")
    # His second phone tries to cast too.
    other.get_by_role("button", name="Trần Văn Bình").click()
    other.locator("#secret-encrypt").click()
    _tracker(other, "#secret-tracker")
    other.locator("#secret-cast").click()
    refused = other.locator("#secret-message")
    expect(refused).to_contain_text("đã được ghi nhận trước đó")
    expect(refused).to_contain_text("mỗi đại biểu chỉ có một phiếu")
    assert _tracker(other, "#secret-stored-tracker") == cast
    _shot(other, "8-second-phone-refused", "#secret-ballot")
    other.close()

    # ==== canbo casts his own =================================================================
    third.goto(poll_screen)
    third.get_by_role("button", name="Lê Thu").click()
    third.locator("#secret-encrypt").click()
    _tracker(third, "#secret-tracker")
    third.locator("#secret-cast").click()
    third.get_by_text("Bạn đã tham gia cuộc bỏ phiếu này").wait_for()
    expect(progress).to_have_text(re.compile("đã kiểm tra 2 phiếu kín, tất cả hợp lệ"))

    # ==== the board: the third delegate's paper ballot and its totals =========================
    _send(counter, "POST", f"{api}/paper-ballots", {"delegate_id": staged["paper_voter"]})
    paper = counter.context.new_page()
    paper.goto(poll_screen)
    form = paper.locator("form")
    for field, value in {"issued": 1, "received": 1, "not_returned": 0, "valid": 1}.items():
        form.locator(f'input[name="{field}"]').fill(str(value))
    form.locator('input[name="invalid"]').fill("0")
    ids = [c["id"] for c in created["candidates"]]
    for candidate_id, votes in zip(ids, (1, 1, 0), strict=True):
        form.locator(f'input[name="v_{candidate_id}"]').fill(str(votes))
    form.get_by_role("button", name="Ghi số liệu").click()
    paper.get_by_text("Đã ghi số liệu phiếu giấy.").wait_for()
    paper.close()

    # ==== close; two of three members decrypt the sums ========================================
    chair.goto(poll_screen)
    _tap(chair, "Kết thúc biểu quyết")
    status = counter.locator('[data-secret-tally] [data-field="status"]')
    expect(status).to_have_text(re.compile("đã qua kiểm tra"), timeout=30_000)
    board_hash = counter.locator("#tally-hash").inner_text()
    assert re.fullmatch(r"([0-9a-f]{4} ){7}[0-9a-f]{4}", board_hash), board_hash
    checks = counter.locator('[data-secret-tally] [data-field="checks"]')
    expect(checks).to_contain_text("2 phiếu trên bảng, 2 đại biểu đã bỏ phiếu điện tử")
    expect(checks).to_contain_text("2 trong lúc bỏ phiếu, 0 lúc kết thúc")
    _shot(counter, "9-tally-before")
    _tap(counter, "Gửi phần giải mã của tôi")
    expect(status).to_have_text(re.compile("Đã gửi phần giải mã của đồng chí"))
    expect(counter.locator('[data-field="tally"]')).to_have_text(
        re.compile("1/2 phần giải mã"), timeout=15_000
    )
    chair.goto(tally_screen)
    chair_status = chair.locator('[data-secret-tally] [data-field="status"]')
    expect(chair_status).to_have_text(re.compile("đã qua kiểm tra"), timeout=30_000)
    assert chair.locator("#tally-hash").inner_text() == board_hash
    # Nothing was followed on this device while the poll was open: all checked at close.
    expect(chair.locator('[data-field="checks"]')).to_contain_text("0 trong lúc bỏ phiếu")
    _tap(chair, "Gửi phần giải mã của tôi")
    expect(chair.locator('[data-field="tally"]')).to_have_text(
        re.compile("Đã đủ 2/2 phần giải mã"), timeout=15_000
    )
    _shot(chair, "10-tally-done")
    # A device gives at most one partial decryption per poll.
    counter.reload()
    expect(status).to_have_text(re.compile("đã gửi phần giải mã"), timeout=30_000)
    expect(counter.get_by_role("button", name="Gửi phần giải mã của tôi")).to_have_count(0)

    # ==== the result and the minutes: electronic and paper together ===========================
    voter.goto(poll_screen)
    expect(voter.locator("#poll-verdict")).to_be_visible(timeout=30_000)
    expect(voter.get_by_text(re.compile("Phát ra 3, thu về 3, hợp lệ 3"))).to_be_visible()
    voter.get_by_role("heading", name="Biên bản kiểm phiếu").wait_for()
    result = voter.request.get(api).json()["result"]
    votes = {c["name"]: c["votes"] for c in result["candidates"]}
    assert votes == {"Nguyễn Thị Hoa": 2, "Trần Văn Bình": 3, "Lê Thu": 1}, result
    _shot(voter, "11-result", "#poll-verdict")

    # ==== the public board: his tracker found, another not ====================================
    voter.get_by_role("link", name="Bảng phiếu kín công khai").click()
    voter.wait_for_url(board_screen)
    expect(voter.locator("#board-hash")).to_have_text(board_hash)
    expect(voter.locator("#board-verdict")).to_be_visible()
    search = voter.locator("#tracker-search")
    search.fill(cast)
    _tap(voter, "Tìm phiếu")
    answer = voter.locator(".dangbo-kin-answer")
    expect(answer).to_have_text(re.compile("^Tìm thấy"))
    _shot(voter, "12-board-found")
    _fits_under_csp(voter, "board")
    search.fill(checked)  # the checked ballot was never cast
    _tap(voter, "Tìm phiếu")
    expect(answer).to_have_text(re.compile("^Không tìm thấy"))

    # ==== the board as downloaded passes both independent verifiers ===========================
    link = voter.get_by_role("link", name="Tải bảng phiếu (JSON)")
    board = tmp_path / "board.json"
    board.write_bytes(voter.request.get(live_server.url(link.get_attribute("href"))).body())
    verdict = live_server.cli("congress", "verify-tally", str(board), check=False)
    assert verdict.returncode == 0 and "ĐẠT" in verdict.stdout, verdict.stdout + verdict.stderr
    served = tmp_path / "served"
    copy_es_modules(served)
    shutil.copytree(PUBLIC_DIR / "phieu-kin", served / "phieu-kin")
    script = ROOT / "tests" / "js" / "verify_tally.mjs"
    node = subprocess.run(
        [_node(), str(script), str(served), str(board)], capture_output=True, text=True, timeout=120
    )
    assert node.returncode == 0 and json.loads(node.stdout) == {"failures": []}, node.stdout

    # ==== the tally screen fits the phone too ================================================
    third.goto(tally_screen)
    expect(third.locator('[data-field="tally"]')).to_have_text(
        re.compile("Đã đủ 2/2 phần giải mã"), timeout=30_000
    )
    _shot(third, "13-tally-fit", full_page=True)
    assert check_page(third, "tally", expect_nav=True) == []
    unchecked.close()
    voter_context.close()
