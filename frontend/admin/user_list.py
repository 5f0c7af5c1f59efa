"""The "Người dùng" section of /quan-tri: search, the users (roles, organisation, passkeys,
sessions, account recovery), "Xem thêm", and the dialog that gives one of them a new link."""

from __future__ import annotations

import reflex as rx

from frontend.account import client as account
from frontend.admin.link_card import link_card
from frontend.admin.users_state import UserRow, UsersState
from frontend.components.public import error_callout
from frontend.session import offered
from shared.accounts import AccountAction


def _search() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.label(
                "Tìm theo họ tên hoặc tên đăng nhập",
                html_for="user-search",
                style={"fontWeight": "600"},
            ),
            rx.flex(
                rx.input(
                    id="user-search",
                    name="q",
                    type="search",
                    size="3",
                    max_length=80,
                    auto_complete="off",
                    style={"flex": "1", "minWidth": "0"},
                ),
                rx.button(rx.icon("search", size=18), "Tìm", type="submit", size="3"),
                spacing="2",
            ),
            direction="column",
            spacing="2",
        ),
        on_submit=UsersState.search,
        role="search",
    )


def _fact(icon: str, *text) -> rx.Component:
    return rx.flex(
        rx.icon(icon, size=16, style={"flexShrink": "0", "marginTop": "3px"}),
        rx.text(*text, size="2"),
        spacing="2",
        color="var(--gray-11)",
    )


def _user(row: UserRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text(row.full_name, weight="bold", size="3"),
            rx.text(
                row.username,
                " · ",
                row.organisation,
                size="2",
                color_scheme="gray",
                style={"overflowWrap": "anywhere"},
            ),
            rx.flex(
                rx.foreach(row.roles, lambda r: rx.badge(r, size="2", variant="soft")),
                rx.cond(~row.active, rx.badge("Chưa đăng ký", size="2", color_scheme="gray")),
                spacing="2",
                wrap="wrap",
            ),
            _fact(
                "key-round",
                rx.cond(
                    row.passkeys > 0,
                    rx.text.span(
                        row.passkeys, " khóa truy cập, dùng gần nhất ", row.passkey_last_used_at
                    ),
                    "Chưa có khóa truy cập",
                ),
            ),
            _fact("smartphone", row.sessions, " phiên đăng nhập đang mở"),
            rx.cond(
                row.recovery != "",
                _fact("shield-alert", "Khôi phục tài khoản gần nhất: ", row.recovery),
            ),
            rx.cond(
                offered(account.DOMAIN, AccountAction.INVITE),
                rx.flex(
                    rx.button(
                        rx.icon("refresh-cw", size=18),
                        "Cấp liên kết mới",
                        size="3",
                        variant="soft",
                        on_click=UsersState.ask(row.username, row.full_name, False),
                        class_name="user-reissue",
                    ),
                    rx.cond(
                        (row.passkeys > 0) | (row.sessions > 0),
                        rx.button(
                            rx.icon("shield-off", size=18),
                            "Thu hồi thiết bị",
                            size="3",
                            variant="soft",
                            color_scheme="red",
                            on_click=UsersState.ask(row.username, row.full_name, True),
                            class_name="user-revoke",
                        ),
                    ),
                    spacing="2",
                    wrap="wrap",
                    margin_top="4px",
                ),
            ),
            direction="column",
            spacing="1",
        ),
        size="2",
        data_username=row.username,
        class_name="user-row",
    )


def _dialog_result() -> rx.Component:
    return link_card(
        link=UsersState.link,
        username=UsersState.target_username,
        expires_at=UsersState.link_expires_at,
        copied=UsersState.link_copied,
        on_copied=UsersState.copied,
        link_id="reissued-link",
        extra=rx.flex(
            rx.cond(
                UsersState.link_revoked,
                rx.text(
                    "Đã thu hồi mọi khóa truy cập cũ, kết thúc mọi phiên đăng nhập và ngừng gửi "
                    "thông báo đến các thiết bị cũ của tài khoản này.",
                    id="reissue-revoked",
                    weight="medium",
                ),
            ),
            rx.cond(
                UsersState.link_recovery,
                rx.text(
                    "Đây là khôi phục tài khoản",
                    rx.cond(
                        UsersState.link_revoked,
                        ". ",
                        ": người dùng đã được báo trên các thiết bị đang dùng và có thể từ chối. ",
                    ),
                    "Khóa đăng ký qua liên kết này chỉ dùng được khi một quản trị viên khác "
                    "hoặc lãnh đạo của tổ chức xác nhận, hoặc khi hết thời gian chờ.",
                    id="reissue-recovery",
                    weight="medium",
                ),
            ),
            direction="column",
            spacing="2",
        ),
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(UsersState.revoke, "Thu hồi thiết bị", "Cấp liên kết đăng ký mới")
            ),
            rx.dialog.description(
                rx.cond(
                    UsersState.revoke,
                    rx.text(
                        "Mọi khóa truy cập của ",
                        rx.text.strong(UsersState.target_name),
                        " ngừng hoạt động, mọi phiên đăng nhập kết thúc ngay, và một liên kết "
                        "mới được tạo (thiết bị bị mất hoặc bị lấy cắp).",
                    ),
                    rx.text(
                        "Liên kết mới cho ",
                        rx.text.strong(UsersState.target_name),
                        " thay cho mọi liên kết cũ chưa dùng. Khóa cũ vẫn dùng được cho đến "
                        "khi người dùng tự thu hồi.",
                    ),
                ),
            ),
            rx.el.div(
                error_callout(UsersState.dialog_error),
                rx.cond(UsersState.link != "", _dialog_result()),
                id="reissue-result",
                tab_index=-1,
                style={"outline": "none", "marginTop": "12px"},
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button(
                        rx.cond(UsersState.link != "", "Đóng", "Hủy"),
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        width="100%",
                    )
                ),
                rx.cond(
                    UsersState.link == "",
                    rx.button(
                        rx.cond(UsersState.revoke, "Thu hồi và cấp liên kết", "Cấp liên kết"),
                        id="confirm-reissue",
                        size="3",
                        width="100%",
                        loading=UsersState.dialog_busy,
                        on_click=UsersState.reissue,
                    ),
                ),
                spacing="3",
                direction="column-reverse",  # the action first, "Hủy" under it
                margin_top="16px",
            ),
            max_width="440px",
        ),
        open=UsersState.dialog_open,
        on_open_change=UsersState.close,
    )


def user_list() -> rx.Component:
    return rx.cond(
        offered(account.DOMAIN, AccountAction.LIST_USERS),
        rx.flex(
            rx.heading("Người dùng", as_="h2", size="4", id="users"),
            _search(),
            error_callout(UsersState.error),
            rx.cond(
                (UsersState.rows.length() == 0) & ~UsersState.loading,
                rx.text("Không có người dùng nào khớp.", color_scheme="gray"),
            ),
            rx.flex(rx.foreach(UsersState.rows, _user), direction="column", spacing="3"),
            rx.cond(
                UsersState.next_cursor != "",
                rx.button(
                    "Xem thêm",
                    size="3",
                    variant="outline",
                    width="100%",
                    loading=UsersState.loading,
                    on_click=UsersState.more,
                ),
            ),
            _dialog(),
            direction="column",
            spacing="3",
        ),
    )
