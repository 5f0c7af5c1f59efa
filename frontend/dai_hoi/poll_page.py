"""/dai-hoi/[congress_id]/bieu-quyet/[poll_id]: one poll. The delegate's ballot on a phone (a
resolution: Tán thành / Không tán thành / Không biểu quyết; a strike-out election: tap a name
to strike it, kept against the seats; an election without surplus: Đồng ý / Không đồng ý per
name), a confirmation step, a clear message once voted; the presidium's open and close; the
counting board's paper totals; the result after close, and the biên bản kiểm phiếu with the
counting board's sign-off (``poll_minutes.py``). Buttons only from ``actions``."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.components.route import route_param
from frontend.dai_hoi.ballot_choices import TARGET as _TARGET
from frontend.dai_hoi.ballot_choices import ballot_choices
from frontend.dai_hoi.client import stream
from frontend.dai_hoi.common import this_congress
from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.poll_minutes import minutes_section
from frontend.dai_hoi.poll_state import CHOICES, PollListState, PollState
from frontend.dai_hoi.secret_ballot import secret_ballot
from frontend.dai_hoi.secret_pages import secret_links
from frontend.so_tay.common import link_row, screen, section
from shared.polls import PollAction, PollKind, PollMode, PollStatus

SCRIPT = "/bieu-quyet-truc-tiep.js"


def _can(action: PollAction) -> rx.Var[bool]:
    return PollState.can.contains(action.value)


def _turnout(size: str = "3") -> rx.Component:
    """The turnout, kept live by ``pwa/public/bieu-quyet-truc-tiep.js`` from the congress's
    stream; the hidden button reloads the page's state when the poll opens or closes."""
    return rx.el.div(
        rx.text(
            "Đã biểu quyết ",
            rx.el.span(PollState.voted, custom_attrs={"data-poll-field": "voted"}),
            "/",
            rx.el.span(PollState.eligible, custom_attrs={"data-poll-field": "eligible"}),
            " đại biểu",
            size=size,
            id="poll-turnout",
            role="status",
        ),
        rx.el.button(
            "Làm mới",
            type="button",
            on_click=PollState.load,
            class_name="dangbo-refresh",
            tab_index=-1,
            aria_hidden="true",
            custom_attrs={"data-poll-refresh": ""},
        ),
        rx.el.script(src=SCRIPT, type="module", async_=True),
        custom_attrs={
            "data-poll-live": "",
            "data-stream": rx.Var.create(stream("")) + route_param("congress_id").to(str),
            "data-poll": route_param("poll_id").to(str),
            "data-poll-status": PollState.status,  # the script reloads only a page behind
            "data-after": PollState.live_after,  # the script follows from it
        },
    )


def _key_link() -> rx.Component:
    """A secret poll opens only with the counting board's key: its ceremony's screen."""
    return link_row(
        "/dai-hoi/"
        + CongressState.congress_id.to_string()
        + "/bieu-quyet/"
        + PollState.poll_id.to_string()
        + "/khoa",
        "Khóa phiếu kín của Ban Kiểm phiếu",
        "Tạo khóa, theo dõi, sao lưu phần khóa",
    )


def _heading() -> rx.Component:
    return rx.flex(
        rx.text(PollState.item_title, size="2", color_scheme="gray"),
        rx.heading(PollState.title, as_="h2", size="5"),
        rx.flex(
            rx.badge(PollState.kind_label, size="2"),
            rx.badge(PollState.mode_label, size="2", color_scheme="gray"),
            rx.badge(
                PollState.status_label,
                size="2",
                color_scheme=rx.match(
                    PollState.status,
                    (PollStatus.OPEN.value, "green"),
                    (PollStatus.CLOSED.value, "gray"),
                    "amber",
                ),
            ),
            spacing="2",
            wrap="wrap",
        ),
        _turnout(),
        rx.cond(PollState.mode == PollMode.SECRET.value, _key_link()),
        rx.cond(PollState.base_line != "", rx.text(PollState.base_line, size="2")),
        direction="column",
        spacing="2",
    )


def _ballot() -> rx.Component:
    return section(
        "Phiếu của bạn",
        ballot_choices(),
        rx.cond(
            PollState.confirming,
            rx.callout(
                rx.flex(
                    rx.text("Xác nhận gửi phiếu? Sau khi gửi không thể thay đổi.", size="3"),
                    rx.flex(
                        rx.button(
                            "Gửi phiếu",
                            size="3",
                            on_click=PollState.send,
                            loading=PollState.busy,
                            style=_TARGET,
                        ),
                        rx.button(
                            "Xem lại",
                            size="3",
                            variant="outline",
                            on_click=PollState.back,
                            style=_TARGET,
                        ),
                        spacing="2",
                    ),
                    direction="column",
                    spacing="2",
                ),
                icon="vote",
                color_scheme="blue",
            ),
            rx.button(
                "Tiếp tục",
                size="3",
                on_click=PollState.review,
                disabled=PollState.ballot_problem != "",
                style=_TARGET,
                width="100%",
            ),
        ),
    )


def _voted() -> rx.Component:
    return rx.callout(
        "Bạn đã tham gia cuộc bỏ phiếu này (" + PollState.participation + "); "
        "mỗi đại biểu chỉ bỏ một phiếu.",
        icon="circle-check",
        color_scheme="green",
        role="status",
    )


def _presidium() -> rx.Component:
    return rx.cond(
        _can(PollAction.OPEN) | _can(PollAction.CLOSE),
        section(
            "Điều hành",
            rx.link(
                "Màn chiếu của cuộc bỏ phiếu",
                href="/dai-hoi/"
                + CongressState.congress_id.to_string()
                + "/man-chieu/bieu-quyet/"
                + PollState.poll_id.to_string(),
                style=_TARGET,
            ),
            rx.cond(
                _can(PollAction.OPEN),
                rx.button(
                    "Mở biểu quyết",
                    size="3",
                    on_click=PollState.open_poll,
                    loading=PollState.busy,
                    style=_TARGET,
                ),
            ),
            rx.cond(
                _can(PollAction.CLOSE),
                rx.button(
                    "Kết thúc biểu quyết",
                    size="3",
                    color_scheme="red",
                    on_click=PollState.close_poll,
                    loading=PollState.busy,
                    style=_TARGET,
                ),
            ),
        ),
    )


def _number(name: str, label: str | rx.Var) -> rx.Component:
    return rx.flex(
        rx.el.label(label, html_for=name, style={"flex": "1"}),
        rx.input(
            id=name,
            name=name,
            type="number",
            min="0",
            input_mode="numeric",
            size="3",
            style={"width": "120px", **_TARGET},
        ),
        align="center",
        spacing="2",
    )


def _candidate_numbers(c: rx.Var) -> rx.Component:
    return rx.flex(
        rx.text(c["name"], size="3", weight="medium"),
        rx.flex(
            rx.el.label(
                rx.cond(PollState.kind == PollKind.CONFIRM.value, "Đồng ý", "Số phiếu"),
                html_for="v_" + c["id"],
                style={"flex": "1"},
            ),
            rx.input(
                id="v_" + c["id"],
                name="v_" + c["id"],
                type="number",
                min="0",
                size="3",
                style={"width": "120px", **_TARGET},
            ),
            align="center",
            spacing="2",
        ),
        rx.cond(
            PollState.kind == PollKind.CONFIRM.value,
            rx.flex(
                rx.el.label("Không đồng ý", html_for="a_" + c["id"], style={"flex": "1"}),
                rx.input(
                    id="a_" + c["id"],
                    name="a_" + c["id"],
                    type="number",
                    min="0",
                    size="3",
                    style={"width": "120px", **_TARGET},
                ),
                align="center",
                spacing="2",
            ),
        ),
        direction="column",
        spacing="1",
    )


def _paper() -> rx.Component:
    return rx.cond(
        _can(PollAction.ENTER_PAPER),
        section(
            "Số liệu phiếu giấy (Ban Kiểm phiếu)",
            rx.cond(
                PollState.paper_entered,
                rx.text("Đã nhập số liệu; nhập lại sẽ thay thế số liệu cũ.", size="2"),
            ),
            rx.form(
                rx.flex(
                    _number("issued", "Số phiếu phát ra"),
                    _number("received", "Số phiếu thu về"),
                    _number("not_returned", "Số phiếu không thu về"),
                    _number("valid", "Số phiếu hợp lệ"),
                    _number("invalid", "Số phiếu không hợp lệ"),
                    rx.cond(
                        PollState.kind == PollKind.RESOLUTION.value,
                        rx.flex(
                            *[_number(f"c_{c['value']}", c["label"]) for c in CHOICES],
                            direction="column",
                            spacing="2",
                        ),
                        rx.flex(
                            rx.foreach(PollState.candidates, _candidate_numbers),
                            direction="column",
                            spacing="3",
                        ),
                    ),
                    rx.cond(
                        ~PollState.message_ok & (PollState.message != ""),
                        rx.text(PollState.message, size="2", color_scheme="red", role="alert"),
                    ),
                    rx.button(
                        "Ghi số liệu",
                        type="submit",
                        size="3",
                        loading=PollState.busy,
                        style=_TARGET,
                    ),
                    direction="column",
                    spacing="2",
                ),
                on_submit=PollState.enter_paper,
            ),
        ),
    )


def _result_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(line["name"]),
        rx.table.cell(line["votes"]),
        rx.table.cell(line["percent"]),
        rx.table.cell(line["note"]),
    )


def result_section(size: str = "3") -> rx.Component:
    """The result after close (the console, the projector and the delegates share it)."""
    return rx.cond(
        PollState.has_result,
        section(
            "Kết quả",
            rx.heading(PollState.verdict, as_="p", size="6", id="poll-verdict"),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(
                            rx.cond(
                                PollState.kind == PollKind.RESOLUTION.value, "Phương án", "Họ tên"
                            )
                        ),
                        rx.table.column_header_cell("Số phiếu"),
                        rx.table.column_header_cell("Tỷ lệ"),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(PollState.result_lines, _result_row)),
                size=size,
            ),
            rx.text(PollState.totals_line, size="2", color_scheme="gray"),
        ),
    )


def poll_page() -> rx.Component:
    return app_shell(
        "Biểu quyết",
        *screen(
            PollState,
            this_congress(
                rx.link(
                    "← " + CongressState.name,
                    href="/dai-hoi/" + CongressState.congress_id.to_string(),
                    style=_TARGET,
                ),
                _heading(),
                rx.cond(PollState.participation != "", _voted()),
                rx.cond(
                    _can(PollAction.VOTE) & (PollState.participation == ""),
                    _ballot(),
                ),
                rx.cond(
                    (PollState.mode == PollMode.SECRET.value)
                    & (PollState.status == PollStatus.OPEN.value),
                    secret_ballot(),
                ),
                _presidium(),
                _paper(),
                result_section(),
                secret_links(),
                minutes_section(),
            ),
        ),
        active_tab="dai_hoi",
    )


def _poll_line(p: rx.Var) -> rx.Component:
    return rx.el.div(
        link_row(p["href"], p["title"], p["note"]),
        rx.cond(
            p["open"] != "",
            rx.text(
                "Đã biểu quyết ",
                rx.el.span(p["voted"], custom_attrs={"data-poll-field": "voted"}),
                "/",
                rx.el.span(p["eligible"], custom_attrs={"data-poll-field": "eligible"}),
                " đại biểu",
                size="2",
                weight="medium",
                padding_y="4px",
            ),
        ),
        custom_attrs={"data-poll-id": p["id"], "data-poll-status": p["status"]},
    )


def polls_section() -> rx.Component:
    """The congress's polls on its home and the console; an open poll's turnout is live (one
    stream for the list: ``data-poll="*"``), and a poll opening or closing reloads the list."""
    return rx.cond(
        PollListState.polls.length() > 0,
        rx.el.div(
            section("Biểu quyết, bầu cử", rx.foreach(PollListState.polls, _poll_line)),
            rx.el.button(
                "Làm mới",
                type="button",
                on_click=PollListState.load,
                class_name="dangbo-refresh",
                tab_index=-1,
                aria_hidden="true",
                custom_attrs={"data-poll-refresh": ""},
            ),
            rx.el.script(src=SCRIPT, type="module", async_=True),
            custom_attrs={
                "data-poll-live": "",
                "data-stream": rx.Var.create(stream("")) + route_param("congress_id").to(str),
                "data-poll": "*",
                "data-after": PollListState.live_after,
            },
        ),
    )


def poll_projector_page() -> rx.Component:
    """/dai-hoi/[congress_id]/man-chieu/bieu-quyet/[poll_id]: the poll on the hall's screen,
    no navigation: its title, the turnout (live), and the result once closed, in large
    type."""
    return rx.el.main(
        rx.cond(
            PollState.error != "",
            rx.el.p(PollState.error, role="alert", class_name="dangbo-hall-session"),
        ),
        rx.el.div(
            rx.el.p(CongressState.name, class_name="dangbo-hall-congress"),
            rx.el.p(
                PollState.kind_label + " · " + PollState.status_label,
                class_name="dangbo-hall-session",
            ),
            rx.el.h1(PollState.title, class_name="dangbo-hall-item"),
            rx.el.div(_turnout("7"), class_name="dangbo-hall-quorum"),
            rx.cond(
                PollState.has_result,
                rx.el.section(
                    rx.el.p(PollState.verdict, class_name="dangbo-hall-speaker", id="poll-verdict"),
                    rx.el.ul(
                        rx.foreach(
                            PollState.result_lines,
                            lambda line: rx.el.li(
                                line["name"]
                                + ": "
                                + line["votes"]
                                + " ("
                                + line["percent"]
                                + ") "
                                + line["note"]
                            ),
                        ),
                        class_name="dangbo-hall-next",
                    ),
                ),
            ),
            class_name="dangbo-hall",
        ),
        class_name="dangbo-hall-page",
        lang="vi",
    )
