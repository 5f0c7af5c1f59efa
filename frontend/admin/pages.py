"""/quan-tri: the held recoveries waiting for this administrator, the invite form and the
list of users (quản trị only); /quan-tri/xac-nhan-khoi-phuc: confirming a held recovery
(another administrator, or the head of the user's organisation)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.account import client as account
from frontend.admin.confirm_page import confirm_page
from frontend.admin.confirm_state import ConfirmState
from frontend.admin.invite_form import invite_card
from frontend.admin.invite_state import InviteState
from frontend.admin.user_list import user_list
from frontend.admin.users_state import UsersState
from frontend.area import Area, Page
from frontend.components.layout import app_shell
from frontend.components.public import error_callout
from frontend.session import offered
from shared.accounts import AccountAction


def _waiting_recoveries() -> rx.Component:
    return rx.cond(
        ConfirmState.rows.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("user-check")),
            rx.link(
                ConfirmState.rows.length(),
                " khôi phục tài khoản đang chờ bạn xác nhận",
                href=routes.CONFIRM_RECOVERIES,
                id="recoveries-waiting",
                style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
            ),
            color_scheme="amber",
            size="2",
        ),
    )


def admin_page() -> rx.Component:
    return app_shell(
        "Quản trị",
        error_callout(InviteState.error),
        rx.cond(
            offered(account.DOMAIN, AccountAction.INVITE),
            rx.flex(
                _waiting_recoveries(),
                invite_card(),
                user_list(),
                direction="column",
                spacing="5",
            ),
        ),
    )


AREA = Area(
    name="admin",
    pages=[
        Page(
            route=routes.ADMIN,
            component=admin_page,
            title="Quản trị",
            on_load=[InviteState.load, UsersState.load, ConfirmState.load_quietly],
        ),
        Page(
            route=routes.CONFIRM_RECOVERIES,
            component=confirm_page,
            title="Xác nhận khôi phục tài khoản",
            on_load=[ConfirmState.load],
        ),
    ],
)
