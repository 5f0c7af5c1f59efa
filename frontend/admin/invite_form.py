"""The "Mời người dùng mới" card of /quan-tri: errors beside their fields, the result right
under the button (focused, so it scrolls into view), the link card after a success."""

from __future__ import annotations

import reflex as rx

from frontend.admin.invite_state import FEEDBACK_ID, ROLE_FIELD, ROLE_OPTIONS, InviteState
from frontend.admin.link_card import link_card

_SELECT_STYLE = {
    "minHeight": "44px",
    "fontSize": "16px",
    "padding": "0 8px",
    "borderRadius": "var(--radius-3)",
    "border": "1px solid var(--gray-a7)",
    "background": "var(--color-surface)",
    "width": "100%",
    "maxWidth": "100%",
}
_LABEL = {"fontWeight": "600"}


def field_error(message: rx.Var, id: str) -> rx.Component:
    """An error beside its field (the field names it with aria-describedby)."""
    return rx.cond(
        message != "",
        rx.text(
            rx.icon("circle-alert", size=16, style={"flexShrink": "0", "marginTop": "3px"}),
            message,
            id=id,
            role="alert",
            size="2",
            color_scheme="red",
            weight="medium",
            style={"display": "flex", "gap": "6px"},
        ),
    )


def _role_checkbox(value: str, label: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name=f"{ROLE_FIELD}{value}",
            id=f"invite-{ROLE_FIELD}{value}",
            style={"width": "22px", "height": "22px", "accentColor": "var(--red-9)"},
        ),
        rx.text(label, as_="span"),
        class_name="dangbo-check",
        style={"display": "flex", "alignItems": "center", "gap": "12px", "cursor": "pointer"},
    )


def _fields() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.input(type="hidden", name="idempotency_key", value=InviteState.form_key),
            rx.el.label("Họ và tên", html_for="invite-name", style=_LABEL),
            rx.input(
                id="invite-name",
                name="full_name",
                size="3",
                max_length=120,
                auto_complete="off",
                aria_invalid=rx.cond(InviteState.name_error != "", "true", "false"),
                aria_describedby="invite-name-error",
            ),
            field_error(InviteState.name_error, "invite-name-error"),
            rx.el.label("Tổ chức", html_for="invite-org", style=_LABEL),
            rx.el.select(
                rx.foreach(
                    InviteState.organisations,
                    lambda o: rx.el.option(o.label, value=o.code),
                ),
                id="invite-org",
                name="organisation_code",
                value=InviteState.organisation_code,
                on_change=InviteState.set_organisation,
                style=_SELECT_STYLE,
            ),
            rx.el.fieldset(
                rx.el.legend("Vai trò", style={**_LABEL, "marginBottom": "4px"}),
                *[_role_checkbox(value, label) for value, label in ROLE_OPTIONS],
                field_error(InviteState.roles_error, "invite-roles-error"),
                aria_describedby="invite-roles-error",
                style={"border": "0", "padding": "0", "margin": "0"},
            ),
            rx.button(
                rx.icon("user-plus", size=20),
                "Tạo liên kết đăng ký",
                type="submit",
                size="3",
                loading=InviteState.busy,
                width="100%",
            ),
            direction="column",
            spacing="2",
        ),
        on_submit=InviteState.invite,
        # A new generation after a success remounts the form: every field cleared.
        key=InviteState.form_generation,
    )


def _duplicate_question() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("users")),
        rx.flex(
            rx.text(InviteState.duplicate_question, id="duplicate-question"),
            rx.flex(
                rx.button(
                    "Vẫn mời, đây là người khác",
                    type="button",
                    size="3",
                    width="100%",
                    on_click=InviteState.confirm_duplicate,
                    loading=InviteState.busy,
                ),
                rx.button(
                    "Không mời nữa",
                    type="button",
                    size="3",
                    width="100%",
                    variant="outline",
                    color_scheme="gray",
                    on_click=InviteState.cancel_duplicate,
                ),
                direction="column",
                spacing="2",
            ),
            direction="column",
            spacing="3",
            width="100%",
        ),
        color_scheme="amber",
        size="2",
        role="alert",
    )


def _feedback() -> rx.Component:
    """Right under the button, always in the page (the focus target)."""
    return rx.el.div(
        rx.cond(
            InviteState.form_error != "",
            rx.callout(
                InviteState.form_error,
                icon="circle-alert",
                color_scheme="red",
                role="alert",
                size="2",
            ),
        ),
        rx.cond(InviteState.duplicate_question != "", _duplicate_question()),
        rx.cond(
            InviteState.link != "",
            link_card(
                link=InviteState.link,
                username=InviteState.link_username,
                expires_at=InviteState.link_expires_at,
                copied=InviteState.link_copied,
                on_copied=InviteState.copied,
                link_id="invitation-link",
                extra=rx.text(
                    "Đã tạo tài khoản cho ",
                    rx.text.strong(InviteState.link_full_name),
                    ". Biểu mẫu đã được xóa để mời người tiếp theo.",
                    size="2",
                ),
            ),
        ),
        id=FEEDBACK_ID,
        tab_index=-1,
        style={"outline": "none", "scrollMarginTop": "72px"},
    )


def invite_card() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading("Mời người dùng mới", as_="h2", size="4"),
            _fields(),
            _feedback(),
            direction="column",
            spacing="3",
        ),
        size="3",
    )
