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
from backend.accounts.identity import Actor, Client
from backend.core.problems import Problem
from backend.notifications import services
from backend.notifications.delivery import PushSender
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
MAX_ID = 2**31 - 1  # ids are 32-bit (SERIAL): anything above is not found, never a 500


def _id(description: str):  # noqa: ANN202 - a Litestar parameter definition
    return Parameter(gt=0, le=MAX_ID, description=description)


def _sender(request: Request) -> PushSender:
    return request.app.state.services.get(PushSender)


class NotificationController(Controller):
    path = "/api/notifications"
    tags = ["Thông báo"]
    dependencies = _DEPS

    @get("/")
    async def list_notifications(
        self,
        actor: Actor,
        before: int | None = Parameter(
            default=None, gt=0, le=MAX_ID, description="id cũ hơn (phân trang)"
        ),
        limit: int = Parameter(default=20, ge=1, le=services.PAGE_MAX),
        unread: bool = Parameter(default=False, description="chỉ thông báo chưa đọc"),
    ) -> NotificationPage:
        return await services.list_notifications(
            actor.id, before=before, limit=limit, unread_only=unread
        )

    @get("/unread-count")
    async def unread_count(self, actor: Actor) -> UnreadCount:
        return UnreadCount(count=await services.unread_count(actor.id))

    @get("/{notification_id:int}")
    async def notification(
        self, actor: Actor, notification_id: int = _id("mã thông báo")
    ) -> NotificationItem:
        return await services.get_notification(actor.id, notification_id)

    @post("/{notification_id:int}/read", status_code=HTTP_200_OK)
    async def mark_read(
        self, actor: Actor, notification_id: int = _id("mã thông báo")
    ) -> MarkedRead:
        marked = await services.mark_read(actor.id, notification_id)
        return MarkedRead(marked=marked, unread_count=await services.unread_count(actor.id))

    @post("/read-all", status_code=HTTP_200_OK)
    async def mark_all_read(self, actor: Actor) -> MarkedRead:
        marked = await services.mark_all_read(actor.id)
        return MarkedRead(marked=marked, unread_count=await services.unread_count(actor.id))

    @get("/preferences")
    async def preferences(self, actor: Actor) -> list[NotificationPreferenceView]:
        return await services.preferences(actor.id)

    @put("/preferences")
    async def update_preferences(
        self, data: PreferencesUpdate, actor: Actor, client: Client
    ) -> list[NotificationPreferenceView]:
        return await services.update_preferences(actor.id, data, ip=client.ip)


class PushController(Controller):
    path = "/api/push"
    tags = ["Thông báo đẩy"]
    dependencies = _DEPS

    @get("/vapid-public-key")
    async def vapid_public_key(self, request: Request, actor: Actor) -> VapidPublicKey:
        signer = _sender(request).signer()
        if signer is None:
            raise Problem(
                503,
                "Máy chủ chưa được cấu hình thông báo đẩy. Quản trị viên cần chạy "
                "«dangbo vapid init».",
                code="push_not_configured",
            )
        return VapidPublicKey(public_key=signer.public_key)

    @get("/subscriptions")
    async def devices(self, actor: Actor) -> list[PushDevice]:
        return await services.list_devices(actor.id)

    @post("/subscriptions")
    async def register_device(
        self, request: Request, data: PushSubscriptionCreate, actor: Actor, client: Client
    ) -> Response[PushDevice]:
        device, created = await services.register_device(
            actor.id,
            data,
            user_agent=client.user_agent,
            ip=client.ip,
            production=request.app.state.settings.environment == "production",
        )
        return Response(device, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @delete("/subscriptions/{subscription_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def remove_device(
        self, actor: Actor, client: Client, subscription_id: int = _id("mã thiết bị")
    ) -> None:
        await services.remove_device(actor.id, subscription_id, ip=client.ip)

    @post("/subscriptions/{subscription_id:int}/test", status_code=HTTP_200_OK)
    async def test_push(
        self, request: Request, actor: Actor, subscription_id: int = _id("mã thiết bị")
    ) -> TestPushResult:
        await services.owned_device(actor.id, subscription_id)
        sender = _sender(request)
        if sender.signer() is None:
            raise Problem(
                503,
                "Máy chủ chưa được cấu hình thông báo đẩy. Quản trị viên cần chạy "
                "«dangbo vapid init».",
                code="push_not_configured",
            )
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
        delivery_id = await services.queue_test_push(actor.id, subscription_id)
        outcome = await sender.deliver_one(delivery_id)
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
