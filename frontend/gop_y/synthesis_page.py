"""/gop-y/[consultation_id]/tong-hop: the synthesis for the tổ biên tập: the totals, the
report's downloads, the charts (recharts: comments over time, by age band, by commune; the
unit × day heatmap as a grid), and per unit its counts, duplicate groups, themes and
giải trình."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.gop_y.synthesis_state import GroupLine, HeatRow, SynthesisState, ThemeLine, UnitCard
from frontend.so_tay.common import empty, field, screen, section
from shared.consultations import ANSWER_MAX_CHARS, DECISION_LABELS, ConsultationAction

_BAR = "var(--red-9)"


def _can(action: ConsultationAction) -> rx.Var[bool]:
    return SynthesisState.can[action.value]


def _download(label: str, href: rx.Var) -> rx.Component:
    return rx.link(
        rx.button(rx.icon("download", size=18), label, variant="soft", size="3"),
        href=href,
        is_external=True,
        custom_attrs={"download": ""},
    )


def _chart(title: str, chart: rx.Component) -> rx.Component:
    return rx.flex(
        rx.heading(title, as_="h3", size="3"),
        rx.box(chart, width="100%", height="220px"),
        direction="column",
        spacing="1",
    )


def _bars(data: rx.Var, key: str, vertical: bool = False) -> rx.Component:
    axis = (
        [
            rx.recharts.x_axis(type_="number", allow_decimals=False),
            rx.recharts.y_axis(data_key=key, type_="category", width=110),
        ]
        if vertical
        else [rx.recharts.x_axis(data_key=key), rx.recharts.y_axis(allow_decimals=False, width=32)]
    )
    return rx.recharts.bar_chart(
        rx.recharts.bar(data_key="gop_y", fill=_BAR, name="Góp ý"),
        *axis,
        rx.recharts.graphing_tooltip(),
        data=data,
        layout="vertical" if vertical else "horizontal",
        width="100%",
        height=220,
    )


def _heat_row(row: HeatRow) -> rx.Component:
    return rx.el.tr(
        rx.el.th(row.label, scope="row", style={"textAlign": "left", "fontWeight": "400"}),
        rx.foreach(
            row.cells,
            lambda n, i: rx.el.td(
                rx.cond(n > 0, n, ""),
                style={
                    "background": "rgba(164, 22, 26, " + row.opacity[i] + ")",
                    "color": rx.cond(n > 0, "#fff", "inherit"),
                    "textAlign": "center",
                    "minWidth": "22px",
                },
            ),
        ),
    )


def _charts() -> rx.Component:
    return section(
        "Biểu đồ",
        _chart("Góp ý theo ngày", _line()),
        _chart("Theo độ tuổi", _bars(SynthesisState.by_age, "nhom")),
        _chart("Theo xã, phường", _bars(SynthesisState.by_commune, "xa", vertical=True)),
        rx.heading("Góp ý theo phần và ngày", as_="h3", size="3"),
        rx.box(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Phần", scope="col"),
                        rx.foreach(SynthesisState.heat_days, lambda d: rx.el.th(d, scope="col")),
                    )
                ),
                rx.el.tbody(rx.foreach(SynthesisState.heat_rows, _heat_row)),
                style={"borderCollapse": "collapse", "fontSize": "12px"},
            ),
            style={"overflowX": "auto", "maxWidth": "100%"},
            tab_index=0,
            aria_label="Bảng nhiệt số góp ý theo phần và ngày",
        ),
    )


def _line() -> rx.Component:
    return rx.recharts.line_chart(
        rx.recharts.line(data_key="gop_y", stroke=_BAR, name="Góp ý", dot=False),
        rx.recharts.x_axis(data_key="ngay"),
        rx.recharts.y_axis(allow_decimals=False, width=32),
        rx.recharts.graphing_tooltip(),
        data=SynthesisState.over_time,
        width="100%",
        height=220,
    )


def _group(g: GroupLine) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.cond(g.campaign, rx.badge("Góp ý hàng loạt", color_scheme="orange", size="2")),
            rx.text(g.note, size="2", weight="medium"),
            spacing="2",
            wrap="wrap",
        ),
        rx.text(g.text, size="2", style={"overflowWrap": "anywhere"}),
        direction="column",
        spacing="1",
    )


def _theme(t: ThemeLine) -> rx.Component:
    return rx.flex(
        rx.text("Chủ đề: ", rx.el.strong(t.label), " — ", t.note, size="2"),
        rx.el.ul(
            rx.foreach(t.samples, lambda s: rx.el.li(s, style={"overflowWrap": "anywhere"})),
            style={"margin": "0", "paddingLeft": "1.2em", "fontSize": "14px"},
        ),
        direction="column",
        spacing="1",
    )


def _explain_form(u: UnitCard) -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.label(
                rx.text("Hướng tiếp thu", size="2", weight="medium"),
                rx.el.select(
                    *[rx.el.option(label, value=d.value) for d, label in DECISION_LABELS.items()],
                    name="decision",
                    default_value=rx.cond(u.decision != "", u.decision, "tiep_thu"),
                    class_name="dangbo-input",
                    style={"minHeight": "44px", "fontSize": "16px"},
                ),
                style={"display": "flex", "flexDirection": "column", "gap": "4px"},
            ),
            rx.text_area(
                name="reason",
                default_value=u.reason,
                rows="4",
                size="3",
                required=True,
                max_length=ANSWER_MAX_CHARS,
                aria_label="Lý do, nội dung giải trình",
            ),
            rx.button("Lưu giải trình", type="submit", size="3"),
            direction="column",
            spacing="2",
        ),
        on_submit=SynthesisState.explain,
    )


def _unit(u: UnitCard) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading(u.label, as_="h3", size="3"),
            rx.text(u.counts, size="2", color_scheme="gray"),
            rx.cond(
                u.groups.length() > 0,
                rx.flex(rx.foreach(u.groups, _group), direction="column", spacing="2"),
            ),
            rx.cond(
                u.themes.length() > 0,
                rx.flex(rx.foreach(u.themes, _theme), direction="column", spacing="2"),
            ),
            rx.cond(
                u.decision_label != "",
                rx.box(
                    field("Giải trình", u.decision_label),
                    rx.text(u.reason, size="2", style={"whiteSpace": "pre-wrap"}),
                    rx.text(u.explained, size="1", color_scheme="gray"),
                ),
            ),
            rx.cond(
                _can(ConsultationAction.EXPLAIN) & (u.key != ""),
                rx.button(
                    rx.cond(u.decision_label != "", "Sửa giải trình", "Ghi giải trình"),
                    variant="soft",
                    size="3",
                    on_click=SynthesisState.edit(u.key),
                ),
            ),
            rx.cond(SynthesisState.editing == u.key, _explain_form(u)),
            direction="column",
            spacing="2",
        ),
        class_name="gop-y-synthesis-unit",
    )


def synthesis_page() -> rx.Component:
    content = rx.flex(
        rx.heading(SynthesisState.title, as_="h2", size="5"),
        rx.text(SynthesisState.totals, size="2"),
        rx.text(SynthesisState.generated, size="1", color_scheme="gray"),
        rx.cond(
            _can(ConsultationAction.EXPORT),
            rx.flex(
                _download("Báo cáo (DOCX)", SynthesisState.docx_url),
                _download("Bảng số liệu (XLSX)", SynthesisState.xlsx_url),
                spacing="2",
                wrap="wrap",
            ),
        ),
        rx.cond(
            _can(ConsultationAction.PUBLISH_EXPLANATIONS),
            rx.button(
                "Công bố bảng giải trình",
                size="3",
                on_click=SynthesisState.publish,
            ),
        ),
        _charts(),
        section(
            "Tổng hợp theo phần",
            rx.cond(
                SynthesisState.units.length() > 0,
                rx.flex(rx.foreach(SynthesisState.units, _unit), direction="column", spacing="3"),
                empty("Chưa có góp ý nào."),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Tổng hợp góp ý",
        *screen(SynthesisState, rx.cond(SynthesisState.loaded, content, rx.spinner())),
        active_tab="gop_y",
    )
