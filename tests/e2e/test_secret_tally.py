"""A secret poll's tally in the browser (docs/ballots.md "The board member's screen", "The
public board page"). Staged on the server: the congress in session and a strike-out ``bi_mat``
poll whose key was made by a key ceremony run in Python (``secret_tally_stage``). Through the
API: the poll opened, two delegates' ballots (made by the Python core) cast, a paper ballot
and its totals, the poll closed. In the browser: member 1's tally screen checks the ballots as
they arrive, then both members (their shares put into IndexedDB through
``/phieu-kin/device-store.js``) see the same board hash and send their partial decryptions;
member 1's device refuses a second one; the result with both sources appears on the poll's
page; a delegate finds his tracker on the public board; the board as downloaded passes
``dangbo congress verify-tally`` and ``tests/js/verify_tally.mjs``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from backend.ballots.crypto.ballot import build_ballot
from backend.ballots.crypto.context import PollContext
from frontend.pwa_plugin import PUBLIC_DIR, copy_es_modules
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS, ROOT, SHOTS, context_options
from tests.e2e.test_every_page_fits import check_page
from tests.unit.test_vi_fold_json import _node

pytestmark = pytest.mark.e2e

SAVE_SHARE = """async (record) => {
  const store = await import("/phieu-kin/device-store.js");
  await store.saveShare(record);
}"""
DECRYPTED_BEFORE = """async ([congress, poll, user]) => {
  const store = await import("/phieu-kin/device-store.js");
  return (await store.decryptedBefore(congress, poll, user)) || null;
}"""


def _shot(page, name: str, full_page: bool = False) -> None:
    folder = SHOTS / "secret"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def _send(page, method: str, url: str, data=None) -> dict:
    token = page.evaluate("() => window.dangbo.csrfToken()")
    answer = page.request.fetch(
        url, method=method, data=data if data is not None else {}, headers={"x-csrftoken": token}
    )
    assert answer.status in (200, 201), answer.text()
    return answer.json()


def _give_share(page, staged: dict, username: str) -> None:
    """What the key ceremony's screen leaves on a member's device."""
    mine = staged["shares"][username]
    page.evaluate(
        SAVE_SHARE,
        {
            "congress_id": staged["congress"],
            "poll_id": staged["poll"],
            "user_id": mine["user_id"],
            "ceremony_id": f"e2e/{staged['poll']}",
            "x": mine["x"],
            "threshold": 2,
            "size": 3,
            "share": mine["share"],
            "public_part": mine["public_part"],
            "election_key": staged["election_key"],
            "fingerprint": staged["fingerprint"],
            "transport_secret": None,
            "backup_saved": True,
            "saved_at": datetime.now(UTC).isoformat(),
        },
    )


def _ballot(detail: dict, congress: int, kept: list[int]) -> dict:
    context = PollContext(
        str(congress),
        str(detail["id"]),
        detail["kind"],
        detail["title"],
        detail["seats"],
        tuple(f"{c['id']} {c['name']}" for c in detail["candidates"]),
        bytes.fromhex(detail["_key"]),
    )
    made, _ = build_ballot(context, kept)
    return made.to_json()


def test_board_members_decrypt_and_a_delegate_finds_his_ballot(
    live_server, browser, new_page_with_authenticator, enroll_via_ui, tmp_path
):
    staged = live_server.stage("secret_tally_stage")
    congress, poll = staged["congress"], staged["poll"]
    api = live_server.url(f"/api/congresses/{congress}/polls/{poll}")
    tally_url = live_server.url(f"/dai-hoi/{congress}/bieu-quyet/{poll}/kiem-phieu")
    pages = {}
    for username in ("vanthu", "canbo2", "canbo", "dangvien"):
        pages[username] = new_page_with_authenticator()
        enroll_via_ui(pages[username], user=username)
    first, second, voter = pages["vanthu"], pages["canbo2"], pages["canbo"]

    _send(first, "POST", f"{api}/open")
    _give_share(first, staged, "vanthu")
    first.goto(tally_url)
    progress = first.locator('[data-secret-tally] [data-field="progress"]')
    expect(progress).to_have_text(re.compile("đã kiểm tra 0 phiếu kín"), timeout=30_000)

    detail = voter.request.get(api).json()
    detail["_key"] = staged["election_key"]
    trackers = {}
    for username, kept in (("canbo", [1, 1, 0]), ("dangvien", [0, 1, 1])):
        body = {"ballot": _ballot(detail, congress, kept)}
        cast = _send(pages[username], "POST", f"{api}/secret-ballots", body)
        trackers[username] = cast["tracker"]
    # Checked in the worker as they arrive, before the close.
    expect(progress).to_have_text(re.compile("đã kiểm tra 2 phiếu kín, tất cả hợp lệ"))

    a, b, c = (x["id"] for x in detail["candidates"])
    _send(first, "POST", f"{api}/paper-ballots", {"delegate_id": staged["paper_voter"]})
    paper = {
        "issued": 1,
        "received": 1,
        "not_returned": 0,
        "valid": 1,
        "invalid": 0,
        "candidates": [
            {"candidate_id": a, "votes": 1},
            {"candidate_id": b, "votes": 1},
            {"candidate_id": c, "votes": 0},
        ],
    }
    _send(first, "PUT", f"{api}/paper-totals", paper)
    _send(first, "POST", f"{api}/close")

    # At close: the board's hash to compare aloud, the checks, one button.
    status = first.locator('[data-secret-tally] [data-field="status"]')
    expect(status).to_have_text(re.compile("đã qua kiểm tra"), timeout=30_000)
    hash_first = first.locator("#tally-hash").inner_text()
    assert re.fullmatch(r"([0-9a-f]{4} ){7}[0-9a-f]{4}", hash_first), hash_first
    checks = first.locator('[data-secret-tally] [data-field="checks"]')
    expect(checks).to_contain_text("2 phiếu trên bảng, 2 đại biểu đã bỏ phiếu điện tử")
    expect(checks).to_contain_text("2 trong lúc bỏ phiếu, 0 lúc kết thúc")
    _shot(first, "tally-before")
    first.get_by_role("button", name="Gửi phần giải mã của tôi").click()
    expect(status).to_have_text(re.compile("Đã gửi phần giải mã của đồng chí"))
    tally_line = first.locator('[data-secret-tally] [data-field="tally"]')
    expect(tally_line).to_have_text(re.compile("1/2 phần giải mã"), timeout=15_000)

    _give_share(second, staged, "canbo2")
    second.goto(tally_url)
    second_status = second.locator('[data-secret-tally] [data-field="status"]')
    expect(second_status).to_have_text(re.compile("đã qua kiểm tra"), timeout=30_000)
    assert second.locator("#tally-hash").inner_text() == hash_first
    # Nothing was followed on this device while the poll was open: all checked at close.
    expect(second.locator('[data-field="checks"]')).to_contain_text("0 trong lúc bỏ phiếu")
    second.get_by_role("button", name="Gửi phần giải mã của tôi").click()
    expect(second.locator('[data-field="tally"]')).to_have_text(
        re.compile("Đã đủ 2/2 phần giải mã"), timeout=15_000
    )
    _shot(second, "tally-done")

    # A device gives at most one partial decryption per poll.
    note = first.evaluate(DECRYPTED_BEFORE, [congress, poll, staged["shares"]["vanthu"]["user_id"]])
    assert note and note["board_hash"].startswith(hash_first.replace(" ", ""))
    first.reload()
    expect(status).to_have_text(re.compile("đã gửi phần giải mã"), timeout=30_000)
    expect(first.get_by_role("button", name="Gửi phần giải mã của tôi")).to_have_count(0)

    # The result, electronic and paper together, on the poll's page.
    voter.goto(live_server.url(f"/dai-hoi/{congress}/bieu-quyet/{poll}"))
    expect(voter.locator("#poll-verdict")).to_be_visible(timeout=30_000)
    expect(voter.get_by_text(re.compile("Phát ra 3, thu về 3, hợp lệ 3"))).to_be_visible()
    expect(voter.get_by_role("link", name="Kiểm phiếu kín (Ban Kiểm phiếu)")).to_have_count(0)

    # The public board: the delegate's tracker found, another not.
    voter.get_by_role("link", name="Bảng phiếu kín công khai").click()
    expect(voter.locator("#board-hash")).to_have_text(hash_first)
    expect(voter.locator("#board-verdict")).to_be_visible()
    search = voter.locator("#tracker-search")
    search.fill(trackers["canbo"])
    voter.get_by_role("button", name="Tìm phiếu").click()
    answer = voter.locator(".dangbo-kin-answer")
    expect(answer).to_have_text(re.compile("^Tìm thấy"))
    _shot(voter, "board-found")
    search.fill("0" * 64)
    voter.get_by_role("button", name="Tìm phiếu").click()
    expect(answer).to_have_text(re.compile("^Không tìm thấy"))

    # The board as downloaded passes both independent verifiers.
    link = voter.get_by_role("link", name="Tải bảng phiếu (JSON)")
    downloaded = voter.request.get(live_server.url(link.get_attribute("href")))
    path = tmp_path / "board.json"
    path.write_bytes(downloaded.body())
    verdict = live_server.cli("congress", "verify-tally", str(path), check=False)
    assert verdict.returncode == 0 and "ĐẠT" in verdict.stdout, verdict.stdout + verdict.stderr
    served = tmp_path / "served"
    copy_es_modules(served)
    shutil.copytree(PUBLIC_DIR / "phieu-kin", served / "phieu-kin")
    script = ROOT / "tests" / "js" / "verify_tally.mjs"
    node = subprocess.run(
        [_node(), str(script), str(served), str(path)], capture_output=True, text=True, timeout=120
    )
    assert node.returncode == 0 and json.loads(node.stdout) == {"failures": []}, node.stdout

    # Both screens on the phone: width, 44 px targets, axe-core (injected, so without the CSP).
    for page, path, ready in (
        (first, tally_url, "đã gửi phần giải mã"),
        (voter, live_server.url(f"/dai-hoi/{congress}/bieu-quyet/{poll}/bang-phieu"), None),
    ):
        measured = _without_csp(browser, page)
        measured.goto(path)
        if ready:
            expect(measured.locator('[data-field="status"]')).to_have_text(
                re.compile(ready), timeout=30_000
            )
        else:
            expect(measured.locator("#board-hash")).to_have_text(hash_first, timeout=30_000)
        _shot(measured, f"fit-{'tally' if ready else 'board'}", full_page=True)
        assert check_page(measured, path, expect_nav=True) == []
        measured.context.close()


def _without_csp(browser, page):
    """The same user in a context that lets axe-core's script in."""
    state = page.context.storage_state()
    context = browser.new_context(**context_options(), bypass_csp=True, storage_state=state)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context.new_page()
