"""The notification centre: the bell's unread count, the list, preferences and devices.

Everything comes from the API through the typed client; the count the bell shows is the one
the API returned last (with the list, after marking read, or on each page's mount).
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from frontend.thong_bao import client
from shared.clock import dmy_hm
from shared.notifications import KIND_LABELS, NotificationItem, NotificationPreference

PAGE_SIZE = 20

# Quiet hours are chosen from a list, so they always read as 24-hour "HH:MM".
CLOCK_CHOICES = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)]
DEFAULT_QUIET = ("22:00", "06:00")


@dataclass
class NotificationRow:
    id: int
    kind_label: str
    title: str
    body: str
    link: str
    urgent: bool
    created_at: str
    unread: bool
    # Which record it is about ("Số 15-KH/TU — Kế hoạch …"), as the API says to this reader.
    subject: str = ""


def _row(item: NotificationItem) -> NotificationRow:
    return NotificationRow(
        id=item.id,
        kind_label=KIND_LABELS.get(item.kind, "Thông báo"),
        title=item.title,
        body=item.body,
        link=item.link,
        urgent=item.urgent,
        created_at=dmy_hm(item.created_at),
        unread=item.read_at is None,
        subject=item.subject,
    )


def _safe_link(link: str) -> str:
    # Links are paths of this app (the API refuses anything else); never leave the origin.
    return link if link.startswith("/") and not link.startswith("//") else routes.NOTIFICATIONS


class BellState(rx.State):
    """The unread count in the header of every signed-in page."""

    unread: int = 0

    @rx.var
    def badge(self) -> str:
        return "9+" if self.unread > 9 else str(self.unread)

    @rx.var
    def bell_label(self) -> str:
        if self.unread == 0:
            return "Thông báo, không có thông báo chưa đọc"
        return f"Thông báo, {self.unread} chưa đọc"

    @rx.event
    async def refresh(self):
        try:
            async with api_client(self) as api:
                self.unread = await client.unread_count(api)
        except ApiError:
            # Not signed in (the page's on_load sends the browser to log in) or the API is
            # briefly unavailable: the bell keeps its last count.
            return


class NotificationState(rx.State):
    # The result of the last action, shown in the page (role=status/alert): a toast sent by
    # the server is run through eval, which the Content-Security-Policy forbids.
    message: str = ""
    message_ok: bool = True
    loading: bool = True
    loading_more: bool = False
    error: str = ""
    items: list[NotificationRow] = []
    next_before: int = 0
    opening: bool = False

    def _say(self, text: str, ok: bool = True) -> None:
        self.message = text
        self.message_ok = ok

    @rx.event
    def dismiss(self):
        self.message = ""

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (see the page's ``on_load``)."""
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return
        self.loading = True
        self.message = ""
        await self._fetch(before=None)
        self.loading = False

    async def _fetch(self, before: int | None) -> None:
        try:
            async with api_client(self) as api:
                page = await client.notifications(api, before=before, limit=PAGE_SIZE)
        except ApiError as error:
            self.error = error.detail
            return
        self.error = ""
        rows = [_row(item) for item in page.items]
        self.items = rows if before is None else [*self.items, *rows]
        self.next_before = page.next_before or 0
        bell = await self.get_state(BellState)
        bell.unread = page.unread_count

    def _show_read(self, notification_id: int | None = None) -> None:
        """Mark one row (or, with None, every row) read in the list this tab holds."""
        self.items = [
            NotificationRow(**{**r.__dict__, "unread": False})
            if notification_id is None or r.id == notification_id
            else r
            for r in self.items
        ]

    @rx.event
    async def load_more(self):
        if not self.next_before:
            return
        self.loading_more = True
        yield
        await self._fetch(before=self.next_before)
        self.loading_more = False

    @rx.event
    async def open_item(self, notification_id: int):
        """Mark it read, then go to what it is about."""
        row = next((r for r in self.items if r.id == notification_id), None)
        if row is None:
            return None
        if row.unread:
            try:
                async with api_client(self) as api:
                    marked = await client.mark_read(api, notification_id)
            except ApiError as error:
                self._say(error.detail, False)
                return None
            self._show_read(row.id)
            bell = await self.get_state(BellState)
            bell.unread = marked.unread_count
        return rx.redirect(_safe_link(row.link))

    @rx.event
    async def mark_all_read(self):
        try:
            async with api_client(self) as api:
                marked = await client.mark_all_read(api)
        except ApiError as error:
            self._say(error.detail, False)
            return
        self._show_read()
        bell = await self.get_state(BellState)
        bell.unread = marked.unread_count
        if marked.marked == 0:
            self._say("Không còn thông báo nào chưa đọc.")
            return
        self._say(f"Đã đánh dấu {marked.marked} thông báo là đã đọc.")
        return

    @rx.event
    async def open_from_push(self):
        """/thong-bao/mo/<id>, where a tapped push notification lands: mark the notification
        read and go to its link (its own page if the link is gone)."""
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return None
        self.opening = True
        raw = self.router.page.params.get("notification_id", "")
        try:
            notification_id = int(raw)
        except (TypeError, ValueError):
            return rx.redirect(routes.NOTIFICATIONS, replace=True)
        try:
            async with api_client(self) as api:
                item = await client.notification(api, notification_id)
                marked = await client.mark_read(api, notification_id)
        except ApiError as error:
            self.opening = False
            self.error = error.detail
            return rx.redirect(routes.NOTIFICATIONS, replace=True)
        # The list this tab already holds shows it read too, before its next reload.
        self._show_read(notification_id)
        bell = await self.get_state(BellState)
        bell.unread = marked.unread_count
        return rx.redirect(_safe_link(item.link), replace=True)


@dataclass
class PreferenceRow:
    kind: str
    label: str
    push_enabled: bool
    quiet: bool
    quiet_start: str
    quiet_end: str


@dataclass
class DeviceRow:
    id: int
    label: str
    push_service: str
    created_at: str
    last_success_at: str
    endpoint_sha256: str


class PreferencesState(rx.State):
    message: str = ""  # as in NotificationState
    message_ok: bool = True
    loading: bool = True
    error: str = ""
    saving: bool = False
    rows: list[PreferenceRow] = []

    devices: list[DeviceRow] = []
    devices_error: str = ""
    # This browser's push status, from /push.js status().
    device_supported: bool = True
    device_permission: str = ""
    device_hint: str = ""
    this_device: str = ""  # SHA-256 of this browser's endpoint, "" when not subscribed
    explain_open: bool = False
    enabling: bool = False

    def _say(self, text: str, ok: bool = True) -> None:
        self.message = text
        self.message_ok = ok

    @rx.event
    def dismiss(self):
        self.message = ""

    @rx.var
    def clock_choices(self) -> list[str]:
        extra = {v for r in self.rows for v in (r.quiet_start, r.quiet_end) if v}
        return sorted(set(CLOCK_CHOICES) | extra)

    @rx.event
    async def load(self):
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return
        self.loading = True
        self.message = ""
        try:
            async with api_client(self) as api:
                prefs = await client.preferences(api)
        except ApiError as error:
            self.error = error.detail
            self.loading = False
            return
        self.error = ""
        self.rows = [
            PreferenceRow(
                kind=p.kind.value,
                label=p.label,
                push_enabled=p.push_enabled,
                quiet=p.quiet_start is not None,
                quiet_start=p.quiet_start or DEFAULT_QUIET[0],
                quiet_end=p.quiet_end or DEFAULT_QUIET[1],
            )
            for p in prefs
        ]
        self.loading = False
        await self._load_devices()

    async def _load_devices(self) -> None:
        try:
            async with api_client(self) as api:
                devices = await client.push_devices(api)
        except ApiError as error:
            self.devices_error = error.detail
            return
        self.devices_error = ""
        self.devices = [
            DeviceRow(
                id=d.id,
                label=d.label,
                push_service=d.push_service,
                created_at=dmy_hm(d.created_at),
                last_success_at=dmy_hm(d.last_success_at) or "chưa có",
                endpoint_sha256=d.endpoint_sha256,
            )
            for d in devices
        ]

    def _edit(self, kind: str, **changes) -> None:
        self.rows = [
            PreferenceRow(**{**r.__dict__, **changes}) if r.kind == kind else r for r in self.rows
        ]

    @rx.event
    def set_push(self, kind: str, enabled: bool):
        self._edit(kind, push_enabled=bool(enabled))

    @rx.event
    def set_quiet(self, kind: str, enabled: bool):
        self._edit(kind, quiet=bool(enabled))

    @rx.event
    def set_quiet_start(self, kind: str, value: str):
        self._edit(kind, quiet_start=value)

    @rx.event
    def set_quiet_end(self, kind: str, value: str):
        self._edit(kind, quiet_end=value)

    @rx.event
    async def save(self):
        for row in self.rows:
            if row.quiet and row.quiet_start == row.quiet_end:
                self._say(
                    f"{row.label}: giờ bắt đầu và giờ kết thúc yên lặng phải khác nhau.", False
                )
                return
        items = [
            NotificationPreference(
                kind=row.kind,
                push_enabled=row.push_enabled,
                quiet_start=row.quiet_start if row.quiet else None,
                quiet_end=row.quiet_end if row.quiet else None,
            )
            for row in self.rows
        ]
        self.saving = True
        self.message = ""
        yield
        try:
            async with api_client(self) as api:
                await client.update_preferences(api, items)
        except ApiError as error:
            self.saving = False
            self._say(error.detail, False)
            return
        self.saving = False
        self._say("Đã lưu cài đặt thông báo.")

    # ---- this device ---------------------------------------------------------------------

    @rx.event
    def device_status(self, status: dict):
        """The answer of /push.js status() for this browser."""
        status = status or {}
        self.device_supported = bool(status.get("supported", False))
        self.device_permission = str(status.get("permission", ""))
        self.device_hint = str(status.get("hint", ""))
        self.this_device = str(status.get("endpoint_sha256", ""))

    @rx.event
    def explain(self):
        self.explain_open = True

    @rx.event
    def close_explain(self, _open: bool = False):
        self.explain_open = False

    @rx.event
    def start_enabling(self):
        self.explain_open = False
        self.enabling = True

    @rx.event
    async def enabled(self, result: dict):
        """The answer of /push.js enable(): {ok, message}."""
        self.enabling = False
        result = result or {}
        await self._load_devices()
        message = str(result.get("message") or "Không bật được thông báo.")
        if result.get("ok"):
            self._say(message)
            return
        self._say(message, False)
        return

    @rx.event
    async def disabled(self, result: dict):
        result = result or {}
        await self._load_devices()
        self.this_device = ""
        message = str(result.get("message") or "")
        if result.get("ok"):
            self._say(message or "Đã tắt thông báo trên thiết bị này.")
            return
        self._say(message or "Không tắt được thông báo.", False)
        return

    @rx.event
    async def test_device(self, subscription_id: int):
        try:
            async with api_client(self) as api:
                result = await client.test_push_device(api, subscription_id)
        except ApiError as error:
            self._say(error.detail, False)
            return
        if result.outcome == "removed":
            await self._load_devices()
        if result.outcome in ("sent", "retrying"):
            self._say(result.detail)
            return
        self._say(result.detail, False)
        return

    @rx.event
    async def remove_device(self, subscription_id: int):
        try:
            async with api_client(self) as api:
                await client.remove_push_device(api, subscription_id)
        except ApiError as error:
            self._say(error.detail, False)
            return
        await self._load_devices()
        self._say("Đã xóa thiết bị khỏi danh sách nhận thông báo.")
        return
