"""The live parts of a congress's screens, drawn in the browser by
``pwa/public/dai-hoi-truc-tiep.js`` from the event stream (docs/congress.md, "Live screens").

``live_box`` is the box the script looks for: the address of ``GET …/live`` and the stream's
name are its attributes, built from the page address (``route_param``), so they are right
from the first render, before any event reaches the UI server. ``live_field`` is an element
the script fills (React renders it empty and leaves its content alone)."""

from __future__ import annotations

import reflex as rx

from frontend.components.route import route_param
from frontend.dai_hoi import client

SCRIPT = "/dai-hoi-truc-tiep.js"


def _live_url() -> rx.Var[str]:
    head, tail = client.LIVE.path.split("{congress_id}")
    return rx.Var.create(head) + route_param("congress_id").to(str) + tail


def live_box(*children: rx.Component, **props) -> rx.Component:
    attrs = {
        "data-dai-hoi-live": "",
        "data-live": _live_url(),
        "data-stream": rx.Var.create(client.stream("")) + route_param("congress_id").to(str),
    }
    return rx.el.div(
        *children,
        # Loaded once, whichever congress screen comes first; it watches for boxes itself.
        rx.el.script(src=SCRIPT, type="module", async_=True),
        custom_attrs=attrs,
        **props,
    )


def live_field(name: str, tag=rx.el.span, **props) -> rx.Component:
    custom = {"data-field": name, **props.pop("custom_attrs", {})}
    return tag(custom_attrs=custom, **props)


def connection_line() -> rx.Component:
    """The stream's state in words ("Mất kết nối — đang thử lại…", "Đã kết nối lại")."""
    return live_field("status", rx.el.p, class_name="dangbo-live-status", role="status")


def now_card() -> rx.Component:
    """What happens now: the session, the item, the speaker with his time, who is next."""
    return rx.card(
        rx.flex(
            live_field("session", rx.el.p, class_name="dangbo-live-session"),
            rx.el.p(
                live_field("item-ordinal", class_name="dangbo-live-ordinal"),
                live_field("item-title"),
                class_name="dangbo-live-item",
                id="dai-hoi-item",
            ),
            live_field("item-presenter", rx.el.p, class_name="dangbo-live-note"),
            live_field("item-since", rx.el.p, class_name="dangbo-live-note"),
            rx.el.div(
                rx.el.p("Đang phát biểu", class_name="dangbo-live-label"),
                rx.el.p(
                    live_field("speaker-name", id="dai-hoi-speaker"),
                    live_field("speaker-timer", class_name="dangbo-live-timer"),
                    class_name="dangbo-live-speaker",
                ),
                live_field("speaker-delegation", rx.el.p, class_name="dangbo-live-note"),
                rx.el.p("Tiếp theo", class_name="dangbo-live-label"),
                live_field("next", rx.el.ul, class_name="dangbo-live-next"),
                class_name="dangbo-live-speakers",
            ),
            direction="column",
            spacing="2",
        ),
        size="2",
        aria_live="polite",
    )


def counts_card() -> rx.Component:
    """The open session's attendance and the quorum."""

    def count(label: str, name: str) -> rx.Component:
        return rx.el.div(
            live_field(name, rx.el.strong, class_name="dangbo-live-count"),
            rx.el.span(label),
            class_name="dangbo-live-cell",
        )

    return rx.card(
        rx.flex(
            rx.heading("Điểm danh phiên đang họp", as_="h2", size="4"),
            rx.el.div(
                count("Triệu tập", "summoned"),
                count("Có mặt", "present"),
                count("Vắng có lý do", "excused"),
                count("Vắng không lý do", "absent"),
                class_name="dangbo-live-counts",
            ),
            live_field("quorum", rx.el.p, class_name="dangbo-live-quorum"),
            direction="column",
            spacing="3",
        ),
        size="2",
    )
