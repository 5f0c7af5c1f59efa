"""The ballot's choices as the poll's counting rule wants them, shared by the open vote and the
secret ballot of the vote screen: a resolution's Tán thành / Không tán thành / Không biểu
quyết, a strike-out election's names to tap and strike (kept against the seats), an election
without surplus's Đồng ý / Không đồng ý per name; then the ballot's line and why it cannot be
sent yet (``PollState.ballot_problem``: every name struck, more kept than the seats)."""

from __future__ import annotations

import reflex as rx

from frontend.dai_hoi.poll_state import CHOICES, MARKS, PollState
from shared.polls import PollKind

TARGET = {"minHeight": "44px"}
_TARGET = TARGET


def _resolution_ballot() -> rx.Component:
    return rx.flex(
        rx.foreach(
            CHOICES,
            lambda c: rx.button(
                c["label"],
                size="3",
                variant=rx.cond(PollState.choice == c["value"], "solid", "outline"),
                on_click=PollState.choose(c["value"]),
                aria_pressed=rx.cond(PollState.choice == c["value"], "true", "false"),
                style=_TARGET,
                width="100%",
            ),
        ),
        direction="column",
        spacing="2",
        role="group",
        aria_label="Phương án biểu quyết",
    )


def _strike_row(c: rx.Var) -> rx.Component:
    struck = PollState.struck.contains(c["id"])
    return rx.button(
        rx.text(
            c["name"],
            style=rx.cond(struck, {"textDecoration": "line-through"}, {}),
        ),
        rx.cond(struck, rx.text("(đã gạch)", size="1"), rx.text("")),
        variant=rx.cond(struck, "soft", "outline"),
        color_scheme=rx.cond(struck, "red", "gray"),
        size="3",
        width="100%",
        justify="between",
        aria_pressed=rx.cond(struck, "true", "false"),
        on_click=PollState.toggle_strike(c["id"]),
        style=_TARGET,
    )


def _strike_ballot() -> rx.Component:
    return rx.flex(
        rx.text("Chạm vào tên để gạch; chạm lần nữa để bỏ gạch.", size="2"),
        rx.foreach(PollState.candidates, _strike_row),
        direction="column",
        spacing="2",
    )


def _confirm_row(c: rx.Var) -> rx.Component:
    return rx.flex(
        rx.text(c["name"], size="3", weight="medium"),
        rx.flex(
            rx.foreach(
                MARKS,
                lambda m: rx.button(
                    m["label"],
                    size="3",
                    variant=rx.cond(PollState.marks[c["id"]] == m["value"], "solid", "outline"),
                    aria_pressed=rx.cond(PollState.marks[c["id"]] == m["value"], "true", "false"),
                    aria_label=m["label"] + " — " + c["name"],
                    on_click=PollState.mark(c["id"], m["value"]),
                    style=_TARGET,
                ),
            ),
            spacing="2",
        ),
        direction="column",
        spacing="1",
    )


def _confirm_ballot() -> rx.Component:
    return rx.flex(rx.foreach(PollState.candidates, _confirm_row), direction="column", spacing="3")


def ballot_choices() -> rx.Component:
    return rx.fragment(
        rx.match(
            PollState.kind,
            (PollKind.RESOLUTION.value, _resolution_ballot()),
            (PollKind.STRIKE_OUT.value, _strike_ballot()),
            _confirm_ballot(),
        ),
        rx.text(PollState.ballot_line, size="3", weight="bold", id="ballot-line"),
        rx.cond(
            PollState.ballot_problem != "",
            rx.text(PollState.ballot_problem, size="2", color_scheme="red"),
        ),
    )
