"""The notification centre's pages: the list, its settings, and where a push lands."""

from __future__ import annotations

from frontend import routes
from frontend.area import Area, Page
from frontend.thong_bao.list_page import open_notification_page, thong_bao_page
from frontend.thong_bao.settings_page import thong_bao_settings_page
from frontend.thong_bao.state import NotificationState, PreferencesState

AREA = Area(
    name="thong_bao",
    pages=[
        Page(
            route=routes.NOTIFICATIONS,
            component=thong_bao_page,
            title="Thông báo",
            on_load=[NotificationState.load],
        ),
        Page(
            route=routes.NOTIFICATION_SETTINGS,
            component=thong_bao_settings_page,
            title="Cài đặt thông báo",
            on_load=[PreferencesState.load],
        ),
        Page(
            route=routes.OPEN_NOTIFICATION,
            component=open_notification_page,
            title="Thông báo",
            on_load=[NotificationState.open_from_push],
        ),
    ],
)
