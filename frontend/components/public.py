"""The frame of pages seen before signing in (login, enrollment)."""

from __future__ import annotations

import reflex as rx

from frontend.theme import APP_NAME


def error_callout(message: rx.Var) -> rx.Component:
    """An error in plain Vietnamese, announced to screen readers; hidden when empty."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle-alert", color_scheme="red", role="alert", size="2"),
    )


def notice_callout(message: rx.Var) -> rx.Component:
    """The result of the last action, in the page (a server-sent toast needs eval, which the
    CSP forbids); announced to screen readers; hidden when empty."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle-check", color_scheme="green", role="status", size="2"),
    )


def brand() -> rx.Component:
    return rx.el.div(
        rx.el.img(src="/icons/mark.svg", alt="", width="56", height="56"),
        rx.el.div(
            rx.el.p(APP_NAME, class_name="dangbo-brand-name"),
            rx.el.p("Ứng dụng số của Đảng bộ tỉnh", class_name="dangbo-brand-tagline"),
        ),
        class_name="dangbo-brand",
    )


def public_page(*children: rx.Component) -> rx.Component:
    """Plain elements styled by ``dangbo-public-*`` in ``styles/app.css``: this frame and the
    login form are the first thing a phone renders, and Radix's Box, Flex, Card and Text cost
    it several times more script at hydration than the same look from a stylesheet."""
    return rx.el.div(
        rx.el.header(brand(), class_name="dangbo-public-header"),
        rx.el.main(
            rx.el.div(*children, class_name="dangbo-public-card"),
            class_name="dangbo-public-main",
        ),
        class_name="dangbo-public",
    )


def message_row(state, **props) -> rx.Component:
    """The result of the last action: an icon, the message and a close button (44 px).

    ``state`` has ``message``, ``message_ok`` and a ``dismiss`` event."""
    return rx.flex(
        rx.cond(
            state.message_ok,
            rx.icon("circle-check", size=22, color="var(--green-11)", flex_shrink="0"),
            rx.icon("triangle-alert", size=22, color="var(--red-11)", flex_shrink="0"),
        ),
        rx.text(
            state.message,
            size="3",
            weight="medium",
            color=rx.cond(state.message_ok, "var(--green-11)", "var(--red-11)"),
            style={"flex": "1"},
        ),
        rx.icon_button(
            rx.icon("x", size=18),
            variant="ghost",
            color_scheme="gray",
            size="3",
            aria_label="Đóng thông báo",
            on_click=state.dismiss,
            style={"minWidth": "44px", "minHeight": "44px"},
        ),
        align="center",
        role=rx.cond(state.message_ok, "status", "alert"),
        id="action-notice",
        **props,
    )


def action_notice(state) -> rx.Component:
    """The result of the last action, just above the bottom navigation (a toast the page
    renders itself: toasts sent by the server need eval, which the CSP forbids).

    ``state`` has ``message``, ``message_ok`` and a ``dismiss`` event."""
    return rx.cond(
        state.message != "",
        rx.box(
            message_row(
                state,
                spacing="3",
                padding="12px 8px 12px 16px",
                style={
                    "background": "var(--color-panel-solid)",
                    "borderRadius": "var(--radius-4)",
                    "boxShadow": "0 4px 16px var(--gray-a7)",
                    "border": "1px solid var(--gray-a5)",
                },
            ),
            style={
                "position": "fixed",
                "left": "12px",
                "right": "12px",
                "bottom": "calc(64px + 12px + env(safe-area-inset-bottom))",
                "maxWidth": "616px",
                "margin": "0 auto",
                "zIndex": "20",
            },
        ),
    )


def submit_button(
    label: str, busy_label: str, busy: rx.Var, *icon: rx.Component, id: str
) -> rx.Component:
    """The public forms' plain submit button (``.dangbo-button``): disabled, and saying what
    it is doing, while ``busy``."""
    return rx.el.button(
        *icon,
        rx.cond(busy, busy_label, label),
        id=id,
        type="submit",
        disabled=busy,
        aria_busy=busy,
        class_name="dangbo-button",
    )
