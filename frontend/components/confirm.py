"""The one confirmation dialog ("Gỡ tài liệu khỏi đại hội?", "Rút đăng ký này?"…): a title, a
sentence saying what will happen, a grey "no" and the action, on one or two lines at 360 px."""

from __future__ import annotations

import reflex as rx


def confirm_dialog(
    *,
    title: str | rx.Var,
    description: rx.Component | str | rx.Var | tuple,
    cancel: str,
    action: rx.Component,
    open: rx.Var[bool] | None = None,
    on_open_change: rx.event.EventHandler | None = None,
    trigger: rx.Component | None = None,
    closes: bool = True,
    below: rx.Component | None = None,
) -> rx.Component:
    """``action`` is the confirming button; with ``closes`` it shuts the dialog when tapped
    (turn it off when the dialog must stay open to show an error, which ``below`` holds).
    Either ``open``/``on_open_change`` (the state opens it) or ``trigger`` (a button does)."""
    parts = description if isinstance(description, tuple) else (description,)
    content = rx.alert_dialog.content(
        rx.alert_dialog.title(title),
        rx.alert_dialog.description(*parts),
        *([below] if below is not None else []),
        rx.flex(
            rx.alert_dialog.cancel(
                rx.button(cancel, variant="soft", color_scheme="gray", size="3")
            ),
            rx.alert_dialog.action(action) if closes else action,
            spacing="3",
            justify="end",
            wrap="wrap",
            margin_top="16px",
        ),
        max_width="min(420px, calc(100vw - 32px))",
    )
    if trigger is not None:
        return rx.alert_dialog.root(rx.alert_dialog.trigger(trigger), content)
    return rx.alert_dialog.root(content, open=open, on_open_change=on_open_change)
