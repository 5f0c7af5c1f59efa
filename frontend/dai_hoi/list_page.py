"""/dai-hoi: my congresses, or what to do when there is none."""

from __future__ import annotations

import reflex as rx

from frontend.components.date_field import date_field
from frontend.components.layout import app_shell
from frontend.dai_hoi.list_state import CongressListState
from frontend.session import offered
from frontend.so_tay.common import link_row, screen, section
from shared.congress import CONGRESS_KIND_LABELS, CongressAction

DOMAIN = "congress"
KIND_LABELS = list(CONGRESS_KIND_LABELS.items())


def _empty() -> rx.Component:
    return rx.flex(
        rx.text("Bạn chưa được triệu tập dự đại hội, hội nghị nào.", size="3"),
        rx.text(
            "Khi Ban Tổ chức đại hội đưa bạn vào danh sách đại biểu hoặc vào một ban của đại "
            "hội, đại hội sẽ hiện ở đây và bạn nhận được thông báo.",
            size="2",
            color_scheme="gray",
        ),
        direction="column",
        spacing="2",
    )


def _field(label: str, name: str, control: rx.Component | None = None, **props) -> rx.Component:
    field_id = f"congress-{name}"
    return rx.flex(
        rx.el.label(label, html_for=field_id),
        control if control is not None else rx.input(id=field_id, name=name, size="3", **props),
        direction="column",
        spacing="1",
    )


def _create_form() -> rx.Component:
    return rx.form(
        rx.flex(
            _field(
                "Loại",
                "kind",
                rx.el.select(
                    *[rx.el.option(label, value=kind.value) for kind, label in KIND_LABELS],
                    id="congress-kind",
                    name="kind",
                    class_name="dangbo-select",
                ),
            ),
            _field("Tên đại hội, hội nghị", "name", required=True),
            _field("Nhiệm kỳ", "term", placeholder="2025–2030", required=True),
            _field("Ngày khai mạc", "starts_on", date_field("starts_on", id="congress-starts_on")),
            _field("Ngày bế mạc", "ends_on", date_field("ends_on", id="congress-ends_on")),
            _field("Địa điểm", "venue"),
            rx.flex(
                rx.button("Tạo", type="submit", size="3", loading=CongressListState.busy),
                rx.button(
                    "Thôi",
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=CongressListState.stop_creating,
                ),
                spacing="2",
            ),
            direction="column",
            spacing="3",
        ),
        on_submit=CongressListState.create,
    )


def _create() -> rx.Component:
    """For the organising committee's role (``/api/me``'s global action ``create``)."""
    return rx.cond(
        offered(DOMAIN, CongressAction.CREATE),
        section(
            "Tạo đại hội, hội nghị",
            rx.cond(
                CongressListState.creating,
                _create_form(),
                rx.button(
                    rx.icon("plus", size=18),
                    "Tạo đại hội",
                    size="3",
                    width="100%",
                    on_click=CongressListState.start_creating,
                ),
            ),
        ),
    )


def list_page() -> rx.Component:
    return app_shell(
        "Đại hội",
        *screen(
            CongressListState,
            section(
                "Đại hội, hội nghị của tôi",
                rx.cond(
                    CongressListState.loaded,
                    rx.cond(
                        CongressListState.congresses.length() > 0,
                        rx.flex(
                            rx.foreach(
                                CongressListState.congresses,
                                lambda c: link_row(c.href, c.title, c.note),
                            ),
                            direction="column",
                        ),
                        _empty(),
                    ),
                    rx.spinner(),
                ),
            ),
            _create(),
        ),
        active_tab="dai_hoi",
    )
