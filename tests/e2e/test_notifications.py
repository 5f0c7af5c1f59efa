"""Notification centre in the browser: bell, list, mark read, preferences, and the service
worker's push and click handling (CDP ``ServiceWorker.deliverPushMessage``).

Notifications are created the way every domain creates them: ``notify()`` inside a database
transaction, run against the live server's database in a separate process with its env.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest

from tests.e2e.conftest import ROOT, SHOTS, page_url

pytestmark = pytest.mark.e2e


_NOTIFY = """
import asyncio, json, sys
from backend import db
from backend.accounts.tables import User
from backend.notifications.notifier import Notifier
from backend.settings import get_settings
from shared.notifications import NotificationKind

async def main():
    engine = db.create_engine(get_settings().database_url)
    await db.start(engine)
    try:
        user = await User.select(User.id).where(User.username == sys.argv[1]).first()
        ids = []
        for item in json.loads(sys.argv[2]):
            async with db.transaction():
                ids += await Notifier().notify([user["id"]], kind=NotificationKind(item["kind"]),
                                    title=item["title"], body=item.get("body", ""),
                                    link=item["link"], urgent=item.get("urgent", False))
        print(json.dumps(ids))
    finally:
        await db.stop(engine)

asyncio.run(main())
"""


def notify(live_server, username: str, items: list[dict]) -> list[int]:
    """Create notifications for ``username`` (one transaction each, oldest first)."""
    done = subprocess.run(
        [sys.executable, "-c", _NOTIFY, username, json.dumps(items)],
        cwd=ROOT,
        env=live_server.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def bell_count(page) -> str:
    badge = page.locator("#bell-count")
    return badge.inner_text() if badge.count() else ""


def test_bell_list_mark_read_and_preferences(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page_with_authenticator()
    # What the user would answer to the browser's prompt (headless Chromium shows none).
    page.context.grant_permissions(["notifications"], origin=live_server.base_url)
    username = enroll_via_ui(page, roles=("can_bo",), name="Trần Thị Thông Báo")

    # A new user: no badge, and the list says what will appear there.
    page.locator("#notification-bell").wait_for()
    assert bell_count(page) == ""
    page.locator("#notification-bell").click()
    page.wait_for_url(page_url(live_server, "/thong-bao"))
    page.locator("#notifications-empty").get_by_text("Chưa có thông báo nào").wait_for()

    older = [
        {"kind": "hop_chi_bo", "title": f"Lịch họp chi bộ tháng {n}", "link": "/so-tay"}
        for n in range(1, 10)
    ]
    newest = {
        "kind": "van_ban",
        "title": "Văn bản hỏa tốc được giao cho đồng chí",
        "body": "Số 15-KH/TU",
        "link": "/tai-khoan",
        "urgent": True,
    }
    ids = notify(live_server, username, [*older, newest])
    assert len(ids) == 10

    # The bell counts what the API says on page load: 10 unread shows "9+".
    page.goto(live_server.url("/"))
    page.wait_for_function(
        "() => document.querySelector('#bell-count')?.textContent === '9+'", timeout=15_000
    )
    label = page.locator("#notification-bell").get_attribute("aria-label")
    assert re.search(r"9\+ chưa đọc", label)  # the count as the badge shows it
    page.screenshot(path=str(SHOTS / "notifications-bell-home.png"))

    page.goto(live_server.url("/thong-bao"))
    items = page.locator("#notification-list .notification-item")
    items.first.wait_for()
    assert items.count() == 10
    first = items.first
    # Newest first, unread and urgent marked, kind in Vietnamese, time dd/mm/yyyy HH:MM.
    assert "Văn bản hỏa tốc được giao cho đồng chí" in first.inner_text()
    assert first.get_attribute("data-unread") == "true"
    assert "Văn bản" in first.inner_text() and "Khẩn" in first.inner_text()
    assert re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", first.inner_text())
    assert "Họp chi bộ" in items.nth(1).inner_text()
    page.screenshot(path=str(SHOTS / "notifications-list.png"), full_page=False)

    # Opening one marks it read (the count drops to 9) and goes to its link.
    first.click()
    page.wait_for_url(page_url(live_server, "/tai-khoan"))
    page.wait_for_function(
        "() => document.querySelector('#bell-count')?.textContent === '9'", timeout=15_000
    )
    page.goto(live_server.url("/thong-bao"))
    items.first.wait_for()
    assert items.first.get_attribute("data-unread") == "false"
    assert items.nth(1).get_attribute("data-unread") == "true"

    # Mark all read: every item is read and the badge is gone.
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    page.get_by_text("Đã đánh dấu 9 thông báo là đã đọc.").wait_for()
    page.wait_for_function("() => !document.querySelector('#bell-count')")
    assert page.locator(".notification-item[data-unread='true']").count() == 0

    # Preferences: reached from the list; quiet hours for documents, saved and kept.
    page.locator("#notification-settings-link").click()
    page.wait_for_url(page_url(live_server, "/thong-bao/cai-dat"))
    page.get_by_text("vẫn được gửi cả trong giờ yên lặng").wait_for()
    page.locator("#quiet-van_ban").click()
    page.get_by_role("combobox", name="Giờ yên lặng bắt đầu").wait_for()
    page.locator("#push-gop_y").click()
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "notifications-preferences.png"), full_page=False)
    page.get_by_role("button", name="Lưu cài đặt").click()
    page.get_by_text("Đã lưu cài đặt thông báo.").wait_for()
    page.screenshot(path=str(SHOTS / "notifications-preferences-full.png"), full_page=True)

    page.reload()
    page.locator("#quiet-van_ban").wait_for()
    assert page.locator("#quiet-van_ban").get_attribute("data-state") == "checked"
    assert page.locator("#push-gop_y").get_attribute("data-state") == "unchecked"
    assert page.locator("#push-van_ban").get_attribute("data-state") == "checked"
    start = page.get_by_role("combobox", name="Giờ yên lặng bắt đầu")
    assert start.inner_text().strip() == "22:00"

    # Devices: the explanation comes first; the browser is asked only after "Tiếp tục".
    page.get_by_role("button", name="Bật thông báo trên thiết bị này").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("trình duyệt sẽ hỏi quyền gửi thông báo").wait_for()
    page.screenshot(path=str(SHOTS / "notifications-enable-explain.png"))
    dialog.get_by_role("button", name="Tiếp tục").click()
    # This server has no VAPID key (no `dangbo vapid init`): the API's explanation is shown.
    page.get_by_text("Máy chủ chưa được cấu hình thông báo đẩy", exact=False).wait_for()

    # And from the account page.
    page.goto(live_server.url("/tai-khoan"))
    page.get_by_role("link", name="Cài đặt thông báo và thiết bị").click()
    page.wait_for_url(page_url(live_server, "/thong-bao/cai-dat"))


def _registration_id(page, events: list[dict], scope: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for event in events:
            for reg in event.get("registrations", []):
                if reg["scopeURL"] == scope and not reg.get("isDeleted"):
                    return reg["registrationId"]
        page.wait_for_timeout(200)  # lets Playwright dispatch the CDP events meanwhile
    raise AssertionError(f"no service worker registration for {scope}: {events}")


def _shown(page) -> list[dict]:
    return page.evaluate(
        """() => navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((ns) =>
            ns.map((n) => ({title: n.title, body: n.body, tag: n.tag, data: n.data})))"""
    )


def test_service_worker_push_shows_once_and_click_opens_link(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    page.context.grant_permissions(["notifications"], origin=live_server.base_url)
    username = enroll_via_ui(page, roles=("can_bo",), name="Lê Văn Đẩy")
    [notification_id] = notify(
        live_server,
        username,
        [{"kind": "van_ban", "title": "Văn bản mới được giao", "link": "/tai-khoan"}],
    )

    page.goto(live_server.url("/thong-bao"))
    page.locator(".notification-item").first.wait_for()
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => Boolean(navigator.serviceWorker.controller)"):
        page.reload()
        page.locator(".notification-item").first.wait_for()
    assert page.evaluate("() => Boolean(navigator.serviceWorker.controller)")

    cdp = page.context.new_cdp_session(page)
    events: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: events.append(event))
    cdp.send("ServiceWorker.enable")
    registration_id = _registration_id(page, events, live_server.url("/"))

    payload = {
        "id": notification_id,
        "kind": "van_ban",
        "title": "Văn bản mới được giao",
        "body": "",
        "link": "/tai-khoan",
        "badge": 1,
        "urgent": False,
    }

    def deliver() -> None:
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": live_server.base_url,
                "registrationId": registration_id,
                "data": json.dumps(payload),
            },
        )

    deliver()
    deadline = time.monotonic() + 15
    shown = _shown(page)
    while not shown and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        shown = _shown(page)
    assert len(shown) == 1, shown
    assert shown[0]["title"] == "Văn bản mới được giao"
    assert shown[0]["body"] == "Văn bản: có thông báo mới."  # kind in Vietnamese
    assert shown[0]["tag"] == f"n-{notification_id}"
    assert shown[0]["data"] == {"id": str(notification_id), "link": "/tai-khoan"}

    # The user dismisses it; a retried delivery of the same id must not bring it back.
    page.evaluate(
        "() => navigator.serviceWorker.ready.then((r) => r.getNotifications())"
        ".then((ns) => ns.forEach((n) => n.close()))"
    )
    assert _shown(page) == []
    deliver()
    page.wait_for_timeout(2000)
    assert _shown(page) == [], "a repeated delivery was shown again"

    # A different id is still shown (the de-duplication is by id, not a blanket mute).
    payload = {**payload, "id": notification_id + 100000, "title": "Thông báo khác"}
    deliver()
    deadline = time.monotonic() + 15
    while not _shown(page) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert [n["title"] for n in _shown(page)] == ["Thông báo khác"]

    # The click handler. CDP cannot click a notification, and outside a real click the browser
    # refuses WindowClient.focus() and clients.openWindow() (no user activation). So the
    # worker's own onClick runs with only focus() replaced by a recorder; navigate() is real:
    # the open tab must go to /thong-bao/mo/<id>, which marks it read and opens its link.
    worker = next(w for w in page.context.service_workers if w.url.endswith("/sw.js"))
    result = worker.evaluate(
        """async (id) => {
            const focused = [];
            WindowClient.prototype.focus = async function () {
                focused.push(this.url);
                return this;
            };
            const notification = {data: {id: String(id), link: "/tai-khoan"}};
            const client = await self.dangboPush.onClick(notification);
            return {focused, url: client ? client.url : null};
        }""",
        notification_id,
    )
    assert len(result["focused"]) == 1, result
    assert result["url"] and result["url"].endswith(f"/thong-bao/mo/{notification_id}")
    page.wait_for_url(page_url(live_server, "/tai-khoan"), timeout=20_000)
    page.get_by_role("heading", name="Tài khoản").wait_for()
    page.goto(live_server.url("/thong-bao"))
    page.locator(".notification-item").first.wait_for()
    assert page.locator(".notification-item").first.get_attribute("data-unread") == "false"

    # A link to another site is never followed: the worker keeps to this app's paths.
    assert worker.evaluate("() => self.dangboPush.sameOriginPath('https://example.com/x')") == (
        "/thong-bao"
    )
