"""Push devices in the browser, against the real server and the loopback fake push service.

A real browser subscription needs the vendor's push service (FCM for Chromium), which this
machine cannot reach; so the device is registered the way the page registers one (the
``PushSubscription.toJSON()`` shape, POSTed with the CSRF header by ``window.dangbo.post``),
with keys the fake push service holds. Everything after that is real: the device list, "Gửi
thử" (the server signs, encrypts and sends while the user waits), the server's own delivery
loop (inside ``dangbo serve``) sending a notification created by a domain, and "Xóa".
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import SHOTS
from tests.e2e.test_notifications import notify
from tests.fakepush import FakePushService

pytestmark = pytest.mark.e2e


def _wait(condition, within: float = 30.0) -> bool:
    stop_at = time.monotonic() + within
    while time.monotonic() < stop_at:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_device_list_test_push_live_delivery_and_removal(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    key_file = live_server.var_dir / "secrets" / "vapid_private.pem"
    live_server.cli("vapid", "init")  # the running server picks the new key up by itself
    fake = FakePushService(
        application_server_key=live_server.cli("vapid", "show").stdout.strip()
    ).start()
    try:
        page = new_page_with_authenticator()
        username = enroll_via_ui(page, roles=("can_bo",), name="Phan Thị Thiết Bị")
        device = fake.subscription()
        page.wait_for_function("() => window.dangbo && window.dangbo.post")
        registered = page.evaluate(
            "(body) => window.dangbo.post('/api/push/subscriptions', body)",
            {**device.as_json(), "label": "Điện thoại thử"},
        )
        assert registered["label"] == "Điện thoại thử"

        page.goto(live_server.url("/thong-bao/cai-dat"))
        card = page.locator(".push-device").first
        card.wait_for()
        assert "Điện thoại thử" in card.inner_text()
        assert "127.0.0.1" in card.inner_text()  # the push service's host, never the endpoint

        # "Gửi thử": sent by the server now, verified (VAPID) and decrypted by the fake.
        card.get_by_role("button", name="Gửi thử").click()
        page.get_by_text("Đã gửi. Thông báo thử", exact=False).wait_for()
        assert len(device.accepted) == 1, device.received
        assert device.accepted[0].payload["title"] == "Thông báo thử"
        assert device.accepted[0].claims["aud"] == fake.origin
        page.reload()
        page.locator(".push-device").first.wait_for()
        assert "chưa có" not in page.locator(".push-device").first.inner_text()
        page.locator(".push-device").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "notifications-devices.png"))

        # A notification written by a domain (another process, like a document assignment):
        # the server's own delivery loop finds it in the outbox and sends it.
        [notification_id] = notify(
            live_server,
            username,
            [{"kind": "van_ban", "title": "Văn bản mới được giao", "link": "/van-ban"}],
        )
        assert _wait(lambda: len(device.accepted) == 2), device.received
        pushed = device.accepted[1].payload
        assert pushed["id"] == notification_id and pushed["badge"] == 1
        assert pushed["link"] == "/van-ban" and device.accepted[1].headers["ttl"] != "0"

        # "Xóa": gone from the list, and nothing more is sent to it.
        page.locator(".push-device").first.get_by_role("button", name="Xóa").click()
        page.get_by_text("Đã xóa thiết bị khỏi danh sách").wait_for()
        assert _wait(lambda: page.locator(".push-device").count() == 0, 10)
        notify(live_server, username, [{"kind": "he_thong", "title": "Sau khi xóa", "link": "/"}])
        time.sleep(7)  # longer than the delivery loop's sweep
        assert len(device.received) == 2
    finally:
        fake.stop()
        # Leave the shared server as it was (other tests expect it without a VAPID key).
        key_file.unlink(missing_ok=True)
