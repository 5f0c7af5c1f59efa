"""Notification centre and Web Push delivery, against the loopback fake push service.

On SQLite the API process delivers (in-process loop); on PostgreSQL+Redis a real
``dangbo worker`` process does, through SAQ (see ``tests/push_support.py``).
"""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta

import pytest

from backend import db
from backend.notifications.notifier import Notifier, NotInTransaction, push_topic
from backend.notifications.tables import Notification, PushDelivery, PushSubscription
from shared.clock import LOCAL_TZ
from shared.notifications import NotificationKind
from tests.push_support import (
    add_device,
    deliveries_of,
    notify_now,
    running_push_service,
    settled_deliveries,
    signed_in,
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
async def push_service(app, settings):
    async with running_push_service(settings) as service:
        yield service


def _clock(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M")


async def test_vapid_public_key_is_the_application_server_key(app, push_service, client):
    assert (await client.get("/api/push/vapid-public-key")).status_code == 401
    user_client, _ = await signed_in(app, "Phạm Khóa Công")
    async with user_client:
        response = await user_client.get("/api/push/vapid-public-key")
    assert response.status_code == 200
    key = response.json()["public_key"]
    assert key == push_service.application_server_key
    raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    assert len(raw) == 65 and raw[0] == 4 and "=" not in key


async def test_delivered_encrypted_with_headers_and_badge(app, push_service):
    client, user_id = await signed_in(app, "Nguyễn Thị Nhận")
    fake = push_service.subscription()
    async with client:
        await add_device(client, fake)
        older = await notify_now(app, [user_id], title="Thông báo cũ chưa đọc")
        assert await push_service.wait_for(lambda: len(fake.accepted) == 1)
        [note_id] = await notify_now(
            app,
            [user_id],
            kind=NotificationKind.VAN_BAN,
            title="Văn bản hỏa tốc được giao cho đồng chí",
            body="Hạn xử lý: hôm nay",
            link="/van-ban/42",
            urgent=True,
            topic="van-ban:42",
        )
        assert await push_service.wait_for(lambda: len(fake.accepted) == 2)
        listing = (await client.get("/api/notifications")).json()

    first, message = fake.accepted
    assert first.payload["id"] == older[0]
    assert message.error == "" and message.status == 201
    assert message.payload == {
        "id": note_id,
        "kind": "van_ban",
        "title": "Văn bản hỏa tốc được giao cho đồng chí",
        "body": "Hạn xử lý: hôm nay",
        "link": "/van-ban/42",
        "badge": 2,  # both are unread
        "urgent": True,
        "topic": push_topic("van-ban:42"),
    }
    assert message.headers["urgency"] == "high"
    assert message.headers["topic"] == push_topic("van-ban:42")
    assert int(message.headers["ttl"]) > 0
    assert message.headers["content-encoding"] == "aes128gcm"
    assert first.headers["urgency"] == "normal" and "topic" not in first.headers
    assert message.claims["aud"] == push_service.origin
    assert message.claims["sub"].startswith("mailto:")

    # The record is the notification; push only announced it.
    assert [item["id"] for item in listing["items"]] == [note_id, older[0]]
    assert listing["unread_count"] == 2
    [row] = await settled_deliveries(note_id)
    assert row["status"] == "sent" and row["attempts"] == 1 and row["claim_token"] is None


async def test_gone_subscription_is_removed(app, push_service):
    client, user_id = await signed_in(app, "Trần Văn Đổi Máy")
    fake = push_service.subscription(410)
    async with client:
        device_id = await add_device(client, fake)
        [note_id] = await notify_now(app, [user_id])
        assert await push_service.wait_for(lambda: len(fake.received) == 1)
        assert await push_service.wait_for(lambda: False, within=0.5) is False
        for _ in range(100):
            if not await PushSubscription.exists().where(PushSubscription.id == device_id):
                break
            await push_service.wait_for(lambda: False, within=0.1)
        devices = (await client.get("/api/push/subscriptions")).json()
        listing = (await client.get("/api/notifications")).json()
    assert devices == []
    assert not await PushSubscription.exists().where(PushSubscription.id == device_id)
    assert await deliveries_of(note_id) == []
    # The in-app record stays.
    assert [item["id"] for item in listing["items"]] == [note_id]


async def test_retries_429_and_500_then_delivers_once_with_the_same_id(app, push_service):
    client, user_id = await signed_in(app, "Lê Văn Thử Lại")
    fake = push_service.subscription((429, "2"), 500)
    async with client:
        await add_device(client, fake)
        [note_id] = await notify_now(app, [user_id], title="Lịch họp chi bộ tháng 12")
        assert await push_service.wait_for(lambda: len(fake.received) == 3, within=60)
    attempts = fake.received
    assert [a.status for a in attempts] == [429, 500, 201]
    assert all(a.error == "" for a in attempts)
    # Every attempt carries the same notification id: the service worker shows it once.
    assert {a.payload["id"] for a in attempts} == {note_id}
    assert attempts[1].at - attempts[0].at >= 2.0  # Retry-After: 2 was honoured
    [row] = await settled_deliveries(note_id)
    assert row["status"] == "sent" and row["attempts"] == 3
    assert await Notification.count().where(Notification.user == user_id) == 1
    await push_service.wait_for(lambda: False, within=1.0)
    assert len(fake.accepted) == 1


async def test_quiet_hours_defer_push_but_not_urgent(app, push_service):
    client, user_id = await signed_in(app, "Võ Thị Yên Tĩnh")
    fake = push_service.subscription()
    now = datetime.now(UTC)
    quiet = {
        "quiet_start": _clock(now - timedelta(hours=1)),
        "quiet_end": _clock(now + timedelta(hours=2)),
    }
    async with client:
        await add_device(client, fake)
        saved = await client.put(
            "/api/notifications/preferences",
            json={"items": [{"kind": "hop_chi_bo", "push_enabled": True, **quiet}]},
        )
        assert saved.status_code == 200, saved.text
        by_kind = {p["kind"]: p for p in saved.json()}
        assert by_kind["hop_chi_bo"]["quiet_start"] == quiet["quiet_start"]
        assert by_kind["van_ban"]["quiet_start"] is None

        [deferred] = await notify_now(app, [user_id], kind=NotificationKind.HOP_CHI_BO, title="Họp")
        [urgent] = await notify_now(
            app, [user_id], kind=NotificationKind.HOP_CHI_BO, title="Họp đột xuất", urgent=True
        )
        assert await push_service.wait_for(lambda: len(fake.accepted) == 1)
        await push_service.wait_for(lambda: False, within=1.5)
        assert [r.payload["id"] for r in fake.accepted] == [urgent]
        listing = (await client.get("/api/notifications")).json()
    assert {item["id"] for item in listing["items"]} == {deferred, urgent}

    [row] = await deliveries_of(deferred)
    assert row["status"] == "pending"
    expected_end = (now + timedelta(hours=2)).astimezone(LOCAL_TZ).replace(second=0, microsecond=0)
    assert abs((row["next_attempt_at"] - expected_end).total_seconds()) < 61

    # When the quiet hours end, it goes out.
    async with db.transaction():
        await PushDelivery.update({PushDelivery.next_attempt_at: datetime.now(UTC)}).where(
            PushDelivery.id == row["id"]
        )
    assert await push_service.wait_for(lambda: len(fake.accepted) == 2, within=30)
    assert fake.accepted[1].payload["id"] == deferred


async def test_push_off_keeps_the_in_app_record(app, push_service):
    client, user_id = await signed_in(app, "Đặng Văn Tắt")
    fake = push_service.subscription()
    async with client:
        await add_device(client, fake)
        saved = await client.put(
            "/api/notifications/preferences",
            json={"items": [{"kind": "gop_y", "push_enabled": False}]},
        )
        assert saved.status_code == 200
        [note_id] = await notify_now(app, [user_id], kind=NotificationKind.GOP_Y, title="Góp ý mới")
        [other] = await notify_now(app, [user_id], kind=NotificationKind.VAN_BAN, title="Văn bản")
        assert await push_service.wait_for(lambda: len(fake.accepted) == 1)
        count = (await client.get("/api/notifications/unread-count")).json()
    assert fake.accepted[0].payload["id"] == other
    assert await deliveries_of(note_id) == []
    assert count == {"count": 2}


async def test_read_before_delivery_is_not_pushed(app, push_service):
    client, user_id = await signed_in(app, "Hồ Văn Đã Đọc")
    fake = push_service.subscription()
    now = datetime.now(UTC)
    async with client:
        await add_device(client, fake)
        await client.put(
            "/api/notifications/preferences",
            json={
                "items": [
                    {
                        "kind": "dai_hoi",
                        "push_enabled": True,
                        "quiet_start": _clock(now - timedelta(hours=1)),
                        "quiet_end": _clock(now + timedelta(hours=1)),
                    }
                ]
            },
        )
        [note_id] = await notify_now(app, [user_id], kind=NotificationKind.DAI_HOI, title="Đại hội")
        assert (await client.post(f"/api/notifications/{note_id}/read")).status_code == 200
    async with db.transaction():
        await PushDelivery.update({PushDelivery.next_attempt_at: datetime.now(UTC)}).where(
            PushDelivery.notification == note_id
        )
    # Wait for a final status: "sending" is only the worker's claim, before it checks the read.
    for _ in range(200):
        [row] = await deliveries_of(note_id)
        if row["status"] not in ("pending", "sending"):
            break
        await push_service.wait_for(lambda: False, within=0.1)
    assert row["status"] == "skipped"
    assert fake.received == []


async def test_newer_update_on_a_topic_supersedes_an_undelivered_one(app, push_service):
    client, user_id = await signed_in(app, "Bùi Thị Chủ Đề")
    fake = push_service.subscription()
    now = datetime.now(UTC)
    async with client:
        await add_device(client, fake)
        await client.put(
            "/api/notifications/preferences",
            json={
                "items": [
                    {
                        "kind": "dai_hoi",
                        "push_enabled": True,
                        "quiet_start": _clock(now - timedelta(hours=1)),
                        "quiet_end": _clock(now + timedelta(hours=1)),
                    }
                ]
            },
        )
    kwargs = {"kind": NotificationKind.DAI_HOI, "topic": "chuong-trinh:phien-1"}
    [first] = await notify_now(app, [user_id], title="Đang thảo luận mục 1", **kwargs)
    [second] = await notify_now(app, [user_id], title="Đang thảo luận mục 2", **kwargs)
    [old] = await deliveries_of(first)
    [new] = await deliveries_of(second)
    assert (old["status"], old["last_error"]) == ("skipped", "superseded")
    assert new["status"] == "pending"


async def test_notify_joins_the_callers_transaction(app, push_service):
    client, user_id = await signed_in(app, "Mai Văn Hoàn Tác")
    fake = push_service.subscription()
    async with client:
        await add_device(client, fake)
    notifier = app.state.services.get(Notifier)
    with pytest.raises(NotInTransaction):
        await notifier.notify([user_id], kind=NotificationKind.HE_THONG, title="Ngoài giao dịch")

    class BusinessRuleBroken(Exception):
        pass

    with pytest.raises(BusinessRuleBroken):
        async with db.transaction():
            await notifier.notify([user_id], kind=NotificationKind.HE_THONG, title="Sẽ bị hủy")
            raise BusinessRuleBroken
    assert not await Notification.exists().where(Notification.title == "Sẽ bị hủy")
    await push_service.wait_for(lambda: False, within=1.5)
    assert fake.received == []


async def test_fan_out_reaches_every_device_once(app, push_service):
    users = []
    fakes = []
    for index in range(6):
        client, user_id = await signed_in(app, f"Đại biểu Số {index}", ["dai_bieu"])
        async with client:
            for _ in range(2):  # a phone and a laptop
                fake = push_service.subscription()
                await add_device(client, fake)
                fakes.append(fake)
        users.append(user_id)
    ids = await notify_now(
        app, users, kind=NotificationKind.DAI_HOI, title="Đã mở biểu quyết", urgent=True
    )
    assert len(ids) == len(users)
    assert await push_service.wait_for(lambda: all(len(f.accepted) == 1 for f in fakes))
    await push_service.wait_for(lambda: False, within=1.0)
    assert all(len(f.received) == 1 for f in fakes)
    assert {f.accepted[0].payload["id"] for f in fakes} == set(ids)


async def test_notification_centre_paging_and_marking(app, push_service):
    client, user_id = await signed_in(app, "Cao Văn Đọc")
    ids = []
    for n in range(5):
        ids += await notify_now(app, [user_id], title=f"Thông báo {n}")
    async with client:
        page = (await client.get("/api/notifications", params={"limit": 2})).json()
        assert [i["id"] for i in page["items"]] == [ids[4], ids[3]]
        page2 = (
            await client.get(
                "/api/notifications", params={"limit": 2, "before": page["next_before"]}
            )
        ).json()
        assert [i["id"] for i in page2["items"]] == [ids[2], ids[1]]
        page3 = (
            await client.get(
                "/api/notifications", params={"limit": 2, "before": page2["next_before"]}
            )
        ).json()
        assert [i["id"] for i in page3["items"]] == [ids[0]] and page3["next_before"] is None

        marked = await client.post(f"/api/notifications/{ids[1]}/read")
        assert marked.json() == {"marked": 1, "unread_count": 4}
        again = await client.post(f"/api/notifications/{ids[1]}/read")
        assert again.json() == {"marked": 0, "unread_count": 4}
        unread = (await client.get("/api/notifications", params={"unread": "true"})).json()
        assert ids[1] not in [i["id"] for i in unread["items"]] and len(unread["items"]) == 4
        everything = await client.post("/api/notifications/read-all")
        assert everything.json() == {"marked": 4, "unread_count": 0}
        item = (await client.get("/api/notifications")).json()["items"][0]
    assert item["read_at"] is not None and item["title"] == "Thông báo 4"


async def test_nobody_reads_or_marks_another_users_notifications(app, push_service):
    alice, alice_id = await signed_in(app, "Người Thứ Nhất")
    bob, bob_id = await signed_in(app, "Người Thứ Hai")
    fake = push_service.subscription()
    async with alice, bob:
        alice_device = await add_device(alice, fake)
        [secret] = await notify_now(app, [alice_id], title="Của riêng người thứ nhất")
        assert (await bob.post(f"/api/notifications/{secret}/read")).status_code == 404
        assert (await bob.get(f"/api/notifications/{secret}")).status_code == 404
        mine = await alice.get(f"/api/notifications/{secret}")
        assert mine.status_code == 200 and mine.json()["title"] == "Của riêng người thứ nhất"
        assert (await bob.post("/api/notifications/read-all")).json()["marked"] == 0
        assert secret not in [
            i["id"] for i in (await bob.get("/api/notifications")).json()["items"]
        ]
        assert (await bob.delete(f"/api/push/subscriptions/{alice_device}")).status_code == 404
        assert (await bob.post(f"/api/push/subscriptions/{alice_device}/test")).status_code == 404
        assert (await bob.get("/api/push/subscriptions")).json() == []
        assert (await alice.get("/api/notifications/unread-count")).json() == {"count": 1}
        assert [d["id"] for d in (await alice.get("/api/push/subscriptions")).json()] == [
            alice_device
        ]
    assert await Notification.count().where(Notification.user == bob_id) == 0


async def test_devices_upsert_move_between_accounts_and_delete(app, push_service):
    first, first_id = await signed_in(app, "Chủ Máy Cũ")
    second, _ = await signed_in(app, "Chủ Máy Mới")
    fake = push_service.subscription()
    async with first, second:
        created = await first.post("/api/push/subscriptions", json=fake.as_json())
        assert created.status_code == 201
        device = created.json()
        assert device["push_service"] == "127.0.0.1"
        again = await first.post(
            "/api/push/subscriptions", json={**fake.as_json(), "label": "Máy tính bảng"}
        )
        assert again.status_code == 200 and again.json()["id"] == device["id"]
        assert [d["label"] for d in (await first.get("/api/push/subscriptions")).json()] == [
            "Máy tính bảng"
        ]
        # The same browser, now signed in to another account, takes the subscription over.
        moved = await second.post("/api/push/subscriptions", json=fake.as_json())
        assert moved.status_code == 200 and moved.json()["id"] == device["id"]
        assert (await first.get("/api/push/subscriptions")).json() == []
        await notify_now(app, [first_id], title="Không được tới máy đã đổi chủ")
        await push_service.wait_for(lambda: False, within=1.0)
        assert fake.received == []
        assert (await second.delete(f"/api/push/subscriptions/{device['id']}")).status_code == 204
        assert (await second.get("/api/push/subscriptions")).json() == []
        assert (await second.delete(f"/api/push/subscriptions/{device['id']}")).status_code == 404


async def test_test_push_reaches_the_device_and_reports(app, push_service):
    client, user_id = await signed_in(app, "Thử Gửi Ngay")
    fake = push_service.subscription()
    gone = push_service.subscription(410)
    async with client:
        device = await add_device(client, fake)
        gone_device = await add_device(client, gone)
        result = await client.post(f"/api/push/subscriptions/{device}/test")
        assert result.status_code == 200, result.text
        assert result.json()["outcome"] == "sent"
        assert len(fake.accepted) == 1
        assert fake.accepted[0].payload["title"] == "Thông báo thử"
        assert (await client.get("/api/notifications/unread-count")).json() == {"count": 0}
        too_soon = await client.post(f"/api/push/subscriptions/{device}/test")
        assert too_soon.status_code == 429 and too_soon.headers["retry-after"] == "5"
        removed = await client.post(f"/api/push/subscriptions/{gone_device}/test")
        assert removed.json()["outcome"] == "removed"
        assert [d["id"] for d in (await client.get("/api/push/subscriptions")).json()] == [device]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"endpoint": "http://push.example.com/x"}, 422, "push_endpoint"),
        ({"endpoint": "https://evil.example.com/x"}, 422, "push_service_unsupported"),
        ({"endpoint": "https://user:pw@fcm.googleapis.com/x"}, 422, "push_endpoint"),
        ({"endpoint": "ftp://fcm.googleapis.com/x"}, 422, "push_endpoint"),
        ({"keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, 422, "push_keys"),
        (
            {"keys": {"p256dh": "BAAA" + "A" * 83, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
            422,
            "push_keys",
        ),
        ({"keys": {"auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, 400, "validation"),
        ({"expirationTime": 1000.0}, 422, "push_expired"),
        ({"endpoint": "https://fcm.googleapis.com/" + "a" * 1100}, 400, "validation"),
    ],
)
async def test_bad_subscriptions_are_refused_in_vietnamese(app, push_service, change, status, code):
    client, _ = await signed_in(app, "Kiểm Tra Đầu Vào")
    fake = push_service.subscription()
    body = {**fake.as_json(), **change}
    async with client:
        response = await client.post("/api/push/subscriptions", json=body)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith(code)
        assert (await client.get("/api/push/subscriptions")).json() == []


async def test_bad_auth_secret_length_is_refused(app, push_service):
    client, _ = await signed_in(app, "Kiểm Tra Auth")
    body = push_service.subscription().as_json()
    body["keys"]["auth"] = "AAAA"
    async with client:
        response = await client.post("/api/push/subscriptions", json=body)
    assert response.status_code == 422 and "16 byte" in response.json()["detail"]


async def test_bad_requests_csrf_and_sessions(app, push_service, client):
    assert (await client.get("/api/notifications")).status_code == 401
    assert (await client.get("/api/notifications/unread-count")).status_code == 401
    assert (await client.post("/api/notifications/read-all")).status_code == 401
    user_client, _ = await signed_in(app, "Sai Dữ Liệu")
    async with user_client:
        for params in ({"limit": 0}, {"limit": 101}, {"before": -1}, {"limit": "abc"}):
            response = await user_client.get("/api/notifications", params=params)
            assert response.status_code == 400, (params, response.text)
        bad_prefs = [
            ({"items": []}, 400),
            ({"items": [{"kind": "khac"}]}, 400),
            ({"items": [{"kind": "van_ban", "quiet_start": "25:00", "quiet_end": "06:00"}]}, 400),
            ({"items": [{"kind": "van_ban", "quiet_start": "22:00"}]}, 422),
            ({"items": [{"kind": "van_ban", "quiet_start": "22:00", "quiet_end": "22:00"}]}, 422),
            ({"items": [{"kind": "van_ban"}, {"kind": "van_ban"}]}, 422),
        ]
        for body, status in bad_prefs:
            response = await user_client.put("/api/notifications/preferences", json=body)
            assert response.status_code == status, (body, response.text)
            assert response.json()["detail"]
        raw = await user_client.post(
            "/api/push/subscriptions",
            content=b"{not json",
            headers={"content-type": "application/json"},
        )
        assert raw.status_code == 400
        assert (await user_client.post("/api/notifications/999999999/read")).status_code == 404
        # Without the CSRF header, writes are refused.
        del user_client.headers["x-csrftoken"]
        refused = await user_client.post("/api/notifications/read-all")
        assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
        refused = await user_client.post(
            "/api/push/subscriptions", json=push_service.subscription().as_json()
        )
        assert refused.status_code == 403
        assert (await user_client.get("/api/push/subscriptions")).json() == []


async def test_the_same_device_registered_twice_at_once_is_one_device(app, push_service):
    client, _ = await signed_in(app, "Bấm Hai Lần")
    fake = push_service.subscription()
    async with client:
        first, second = await asyncio.gather(
            client.post("/api/push/subscriptions", json=fake.as_json()),
            client.post("/api/push/subscriptions", json=fake.as_json()),
        )
        devices = (await client.get("/api/push/subscriptions")).json()
    assert {first.status_code, second.status_code} <= {200, 201}, (first.text, second.text)
    assert len(devices) == 1
