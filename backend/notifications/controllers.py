"""HTTP: the notification centre, preferences and push subscriptions (devices).

Every route needs a session; every query is scoped to the signed-in user, so another user's
notification or device is simply "not found". Writes go through Litestar's CSRF check.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import Provide
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from backend.accounts.deps import provide_actor, provide_client
from backend.accounts.identity import Actor
from backend.core.ids import MAX_ID, RowId
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.notifications.centre import PAGE_MAX, NotificationCentre
from backend.notifications.delivery import Outcome, PushSender
from backend.notifications.devices import DeviceService
from backend.notifications.preferences import PreferenceService
from shared.notifications import (
    MarkedRead,
    NotificationItem,
    NotificationPage,
    NotificationPreferenceView,
    PreferencesUpdate,
    PushDevice,
    PushSubscriptionCreate,
    TestPushResult,
    UnreadCount,
    VapidPublicKey,
)

_DEPS = {
    "actor": Provide(provide_actor),
    "client": Provide(provide_client, sync_to_thread=False),
}
TEST_PUSH_COOLDOWN_SECONDS = 5


def _not_configured() -> Problem:
    return Problem(
        503,
        "Máy chủ chưa được cấu hình thông báo đẩy. Quản trị viên cần chạy «dangbo vapid init».",
        code="push_not_configured",
    )


class NotificationController(Controller):
    path = "/api/notifications"
    tags = ["Thông báo"]
    dependencies = {
        **_DEPS,
        "centre": inject(NotificationCentre),
        "preferences": inject(PreferenceService),
    }

    @get("/")
    async def list_notifications(
        self,
        actor: Actor,
        centre: NotificationCentre,
        before: int | None = Parameter(
            default=None, gt=0, le=MAX_ID, description="id cũ hơn (phân trang)"
        ),
        limit: int = Parameter(default=20, ge=1, le=PAGE_MAX),
        unread: bool = Parameter(default=False, description="chỉ thông báo chưa đọc"),
    ) -> NotificationPage:
        return await centre.page(actor, before=before, limit=limit, unread_only=unread)

    @get("/unread-count")
    async def unread_count(self, actor: Actor, centre: NotificationCentre) -> UnreadCount:
        return UnreadCount(count=await centre.unread_count(actor))

    @get("/{notification_id:int}")
    async def notification(
        self, notification_id: RowId, actor: Actor, centre: NotificationCentre
    ) -> NotificationItem:
        return await centre.one(actor, notification_id)

    @post("/{notification_id:int}/read", status_code=HTTP_200_OK)
    async def mark_read(
        self, notification_id: RowId, actor: Actor, centre: NotificationCentre
    ) -> MarkedRead:
        return await centre.mark_read(actor, notification_id)

    @post("/read-all", status_code=HTTP_200_OK)
    async def mark_all_read(self, actor: Actor, centre: NotificationCentre) -> MarkedRead:
        return await centre.mark_all_read(actor)

    @get("/preferences")
    async def preferences(
        self, actor: Actor, preferences: PreferenceService
    ) -> list[NotificationPreferenceView]:
        return await preferences.of(actor)

    @put("/preferences")
    async def update_preferences(
        self, data: PreferencesUpdate, actor: Actor, preferences: PreferenceService
    ) -> list[NotificationPreferenceView]:
        return await preferences.update(actor, data)


def _test_result(outcome: Outcome | None) -> TestPushResult:
    """What the "gửi thử" button tells the user about the one push it just sent."""
    if outcome is None or outcome.result in ("retry", "released"):
        return TestPushResult(
            outcome="retrying",
            detail="Dịch vụ thông báo đẩy đang bận; hệ thống sẽ tự gửi lại trong ít phút.",
        )
    if outcome.result == "sent":
        return TestPushResult(
            outcome="sent",
            detail="Đã gửi. Thông báo thử sẽ hiện trên thiết bị trong giây lát.",
        )
    if outcome.result == "gone":
        return TestPushResult(
            outcome="removed",
            detail="Trình duyệt trên thiết bị này đã hủy đăng ký nhận thông báo, nên thiết "
            "bị đã được xóa khỏi danh sách. Hãy bật lại thông báo trên thiết bị đó.",
        )
    return TestPushResult(
        outcome="failed",
        detail="Không gửi được thông báo thử"
        + (f" (mã lỗi {outcome.status})" if outcome.status else "")
        + ". Hãy xóa thiết bị rồi bật lại thông báo.",
    )


class PushController(Controller):
    path = "/api/push"
    tags = ["Thông báo đẩy"]
    dependencies = {**_DEPS, "devices": inject(DeviceService), "sender": inject(PushSender)}

    @get("/vapid-public-key", opt={"problems": (503,)})
    async def vapid_public_key(self, actor: Actor, sender: PushSender) -> VapidPublicKey:
        signer = await sender.signer()
        if signer is None:
            raise _not_configured()
        return VapidPublicKey(public_key=signer.public_key)

    @get("/subscriptions")
    async def devices(self, actor: Actor, devices: DeviceService) -> list[PushDevice]:
        return await devices.of(actor)

    @post("/subscriptions")
    async def register_device(
        self, data: PushSubscriptionCreate, actor: Actor, devices: DeviceService
    ) -> Response[PushDevice]:
        device, created = await devices.register(actor, data)
        return Response(device, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @delete("/subscriptions/{subscription_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def remove_device(
        self, subscription_id: RowId, actor: Actor, devices: DeviceService
    ) -> None:
        await devices.remove(actor, subscription_id)

    @post(
        "/subscriptions/{subscription_id:int}/test",
        status_code=HTTP_200_OK,
        opt={"problems": (429, 503)},
    )
    async def test_push(
        self,
        request: Request,
        subscription_id: RowId,
        actor: Actor,
        devices: DeviceService,
        sender: PushSender,
    ) -> TestPushResult:
        await devices.require_owned(actor, subscription_id)
        if await sender.signer() is None:
            raise _not_configured()
        cooldown = request.app.stores.get("push_test")
        key = f"{actor.id}:{subscription_id}"
        if await cooldown.exists(key):
            raise Problem(
                429,
                "Vừa gửi thử xong. Vui lòng chờ vài giây rồi thử lại.",
                code="push_test_cooldown",
                extra={"retry_after": TEST_PUSH_COOLDOWN_SECONDS},
            )
        await cooldown.set(key, b"1", expires_in=TEST_PUSH_COOLDOWN_SECONDS)
        delivery_id = await devices.queue_test_push(actor, subscription_id)
        return _test_result(await sender.deliver_one(delivery_id))
