"""What every Sổ tay screen shares: the notice of the last action, the id in the page address,
and the small pieces of markup (a section card, a labelled value, a link row, a bar)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import TypeVar

import reflex as rx

from frontend.api import ApiClient, ApiError, api_client
from frontend.components.public import action_notice

T = TypeVar("T")


class Notices(rx.State, mixin=True):
    """A screen's load error and the result of its last action (``action_notice``)."""

    error: str = ""
    message: str = ""
    message_ok: bool = True
    busy: bool = False

    def _say(self, text: str, ok: bool) -> None:
        self.message = text
        self.message_ok = ok

    def _param(self, name: str) -> int | None:
        """The id in the page address, or None (and a load error) when it is not one."""
        raw = str(self.router.page.params.get(name, ""))
        if not raw.isdigit() or not 0 < int(raw) < 2**31:
            self.error = "Địa chỉ không hợp lệ."
            return None
        return int(raw)

    async def _call(self, work: Callable[[ApiClient], Awaitable[T]]) -> T | None:
        """Run ``work`` with the API; on refusal show the API's explanation and give None."""
        try:
            async with api_client(self) as api:
                return await work(api)
        except ApiError as error:
            self._say(error.detail, False)
            return None

    async def _read(self, work: Callable[[ApiClient], Awaitable[T]]) -> T | None:
        """A screen's load: on refusal the API's explanation stands in for the screen."""
        found = await self._call(work)
        if found is None:
            self.error, self.message = self.message, ""
        return found

    @rx.event
    def dismiss(self):
        self.message = ""


def screen(state, *children: rx.Component) -> list[rx.Component]:
    """The body of a screen: its load error in place of the content, and the action notice."""
    return [
        rx.cond(
            state.error != "",
            rx.callout(state.error, icon="triangle-alert", color_scheme="red", role="alert"),
            rx.flex(*children, direction="column", spacing="4"),
        ),
        # Room below the content while the notice is up, so that the last button of a screen
        # can be scrolled out from under it.
        rx.cond(state.message != "", rx.box(height="88px", aria_hidden="true")),
        action_notice(state),
    ]


def section(title: str | rx.Var, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.flex(rx.heading(title, as_="h2", size="4"), *children, direction="column", spacing="3"),
        size="2",
    )


def field(label: str, value: rx.Var | str) -> rx.Component:
    """A labelled value of a record (shown only when it has one)."""
    return rx.cond(
        value != "",
        rx.flex(
            rx.text(label, size="2", color_scheme="gray", style={"minWidth": "120px"}),
            rx.text(value, size="3", weight="medium", style={"overflowWrap": "anywhere"}),
            spacing="2",
            wrap="wrap",
            padding_y="2px",
        ),
    )


def link_row(href: rx.Var | str, title: rx.Var | str, note: rx.Var | str = "") -> rx.Component:
    """One line of a list that opens a screen: a 44 px target at least."""
    return rx.link(
        rx.flex(
            rx.flex(
                rx.text(title, size="3", weight="medium", style={"overflowWrap": "anywhere"}),
                rx.cond(note != "", rx.text(note, size="2", color_scheme="gray")),
                direction="column",
                spacing="1",
                style={"flex": "1", "minWidth": "0"},
            ),
            rx.icon("chevron-right", size=20, color="var(--gray-10)", flex_shrink="0"),
            align="center",
            spacing="2",
            min_height="48px",
            padding_y="6px",
            style={"borderBottom": "1px solid var(--gray-a4)"},
        ),
        href=href,
        underline="none",
        color="inherit",
        style={"display": "block"},
    )


def empty(text: str) -> rx.Component:
    return rx.text(text, size="2", color_scheme="gray")


def bar(label: rx.Var | str, rate: rx.Var, caption: rx.Var | str) -> rx.Component:
    """One bar of a chart drawn with CSS: ``rate`` in percent."""
    return rx.flex(
        rx.flex(
            rx.text(label, size="2", style={"flex": "1", "minWidth": "0"}),
            rx.text(caption, size="2", weight="medium"),
            spacing="2",
        ),
        rx.box(
            rx.box(
                style={
                    "width": rate.to_string() + "%",
                    "height": "100%",
                    "background": "var(--red-9)",
                    "borderRadius": "inherit",
                }
            ),
            role="img",
            aria_label=caption,
            style={
                "height": "12px",
                "background": "var(--gray-a4)",
                "borderRadius": "6px",
                "overflow": "hidden",
            },
        ),
        direction="column",
        spacing="1",
    )


def heading(label: str, title: str) -> str:
    """An article's label and title as one line: ``Điều 4. Sinh hoạt thường kỳ``, ``II. …``
    (a label that ends with its own dot, ``3.1.``, takes none more)."""
    if not (label and title):
        return label or title
    return f"{label} {title}" if label.endswith(".") else f"{label}. {title}"


def parse_dmy(text: str) -> date | None:
    """A date typed as ``dd/mm/yyyy`` (``d/m/yyyy``, ``-`` or ``.`` too); None when it is not
    one. Typed, not picked: the browser's date picker writes its own, often English, format."""
    match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", text or "")
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_hm(text: str) -> time | None:
    """A time typed as ``hh:mm`` (``14:30``, ``7h30``); None when it is not one."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH.]\s*(\d{2})\s*", text or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def percent(value: float) -> str:
    return f"{value:.0f}%"
