"""The console's form "Chuẩn bị cuộc bỏ phiếu": shown when the congress's polls list
``prepare`` in their ``actions`` (``backend/polls/policy.py``: the presidium or the organising
committee). A resolution needs an agenda item, a title and a mode; an election also the seats
and its candidates, one name a line. The API's refusal is shown by the form."""

from __future__ import annotations

import reflex as rx

from frontend.dai_hoi.congress_state import CongressState, ItemLine, SessionLine
from frontend.dai_hoi.poll_prepare_state import KINDS, MODES, PollPrepareState
from frontend.dai_hoi.poll_state import PollListState
from frontend.so_tay.common import section
from shared.polls import SEATS_MAX

_TARGET = {"minHeight": "44px"}


def _label(text: str, field_id: str) -> rx.Component:
    return rx.el.label(text, html_for=field_id, style={"fontWeight": "500"})


def _select(field_id: str, name: str, options: list[dict[str, str]], **props) -> rx.Component:
    return rx.el.select(
        *[rx.el.option(o["label"], value=o["value"]) for o in options],
        id=field_id,
        name=name,
        class_name="dangbo-select",
        style=_TARGET,
        **props,
    )


def _item_option(i: ItemLine) -> rx.Component:
    return rx.el.option(i.label, value=i.id)


def _session_group(s: SessionLine) -> rx.Component:
    return rx.el.optgroup(rx.foreach(s.agenda, _item_option), label=s.title)


def _field(*children: rx.Component) -> rx.Component:
    return rx.flex(*children, direction="column", spacing="1")


def prepare_section() -> rx.Component:
    return rx.cond(
        PollListState.may_prepare,
        section(
            "Chuẩn bị cuộc bỏ phiếu",
            rx.form(
                rx.flex(
                    _field(
                        _label("Nội dung trong chương trình", "poll-item"),
                        rx.el.select(
                            rx.foreach(CongressState.sessions, _session_group),
                            id="poll-item",
                            name="item_id",
                            class_name="dangbo-select",
                            style=_TARGET,
                        ),
                    ),
                    _field(
                        _label("Loại", "poll-kind"),
                        _select("poll-kind", "kind", KINDS, on_change=PollPrepareState.choose_kind),
                    ),
                    _field(
                        _label("Hình thức", "poll-mode"),
                        _select("poll-mode", "mode", MODES),
                        rx.text(
                            "Bầu cử là bỏ phiếu kín: chọn Phiếu giấy hoặc Bỏ phiếu kín điện tử "
                            "(Ban Kiểm phiếu tạo khóa của cuộc bỏ phiếu trước khi mở).",
                            size="2",
                            color_scheme="gray",
                        ),
                    ),
                    _field(
                        _label("Tên cuộc bỏ phiếu", "poll-title"),
                        rx.input(
                            id="poll-title",
                            name="title",
                            size="3",
                            placeholder="Thông qua Nghị quyết Đại hội",
                        ),
                    ),
                    rx.cond(
                        PollPrepareState.election,
                        rx.flex(
                            _field(
                                _label("Số người cần bầu", "poll-seats"),
                                rx.input(
                                    id="poll-seats",
                                    name="seats",
                                    type="number",
                                    min="1",
                                    max=str(SEATS_MAX),
                                    input_mode="numeric",
                                    size="3",
                                    style={"maxWidth": "160px"},
                                ),
                            ),
                            _field(
                                _label(
                                    "Danh sách ứng cử viên (mỗi người một dòng)", "poll-candidates"
                                ),
                                rx.text_area(id="poll-candidates", name="candidates", rows="5"),
                            ),
                            direction="column",
                            spacing="3",
                        ),
                    ),
                    rx.cond(
                        PollPrepareState.message != "",
                        rx.callout(
                            PollPrepareState.message,
                            icon=rx.cond(
                                PollPrepareState.message_ok, "circle-check", "triangle-alert"
                            ),
                            color_scheme=rx.cond(PollPrepareState.message_ok, "green", "red"),
                            id="poll-prepare-message",
                        ),
                    ),
                    rx.button(
                        "Tạo cuộc bỏ phiếu",
                        type="submit",
                        size="3",
                        loading=PollPrepareState.busy,
                        style=_TARGET,
                    ),
                    direction="column",
                    spacing="3",
                ),
                on_submit=PollPrepareState.create,
            ),
        ),
    )
