"""/gop-y/[consultation_id]/tong-hop: the synthesis for the tổ biên tập: the totals, the
report's downloads, the charts (all recharts: comments over time, by age band, by commune,
and the unit × day heatmap, with its figures as a table for screen readers), and per unit its
counts, duplicate groups, themes and giải trình."""

from __future__ import annotations

import reflex as rx

from frontend.components.confirm import confirm_dialog
from frontend.components.layout import app_shell
from frontend.gop_y.synthesis_state import (
    HEAT_SHADES,
    GroupLine,
    HeatRow,
    SynthesisState,
    ThemeLine,
    UnitCard,
)
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


def _confirmed(label: str, title: str, text: str, on_confirm, id_: str) -> rx.Component:
    """A button for a step that cannot be undone, asking first."""
    return confirm_dialog(
        title=title,
        description=text,
        cancel="Không",
        action=rx.button(label, on_click=on_confirm, size="3"),
        trigger=rx.button(label, size="3", id=id_),
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


def _heat_chart() -> rx.Component:
    """Square cells on two category axes (the days, the rows' numbers): first every cell in
    grey, which also puts the axes in order, then the cells with comments, one series a shade."""
    heat = SynthesisState.heat
    cells = [
        rx.recharts.scatter(data=heat.grid, fill="var(--gray-4)", shape="square", name="Không có"),
        *[
            rx.recharts.scatter(data=heat.shades[i], fill=colour, shape="square", name="Góp ý")
            for i, colour in enumerate(HEAT_SHADES)
        ],
    ]
    return rx.recharts.scatter_chart(
        *cells,
        rx.recharts.x_axis(
            data_key="ngay",
            type_="category",
            allow_duplicated_category=False,
            name="Ngày",
            interval="preserveStartEnd",
            tick_line=False,
        ),
        rx.recharts.y_axis(
            data_key="hang",
            type_="category",
            allow_duplicated_category=False,
            reversed=True,
            name="Phần",
            interval=0,  # every row's number: the list below names them
            width=28,
            tick_line=False,
        ),
        # Every cell the same size (a square of 16 px: recharts sizes a symbol by its area).
        rx.recharts.z_axis(data_key="gop_y", range=[256, 256], name="Góp ý"),
        rx.recharts.graphing_tooltip(),
        width="100%",
        height=SynthesisState.heat_height,
        margin={"top": 4, "right": 8, "bottom": 4, "left": 0},
    )


def _heat_legend() -> rx.Component:
    def swatch(colour: str, label: rx.Var) -> rx.Component:
        return rx.cond(
            label != "",
            rx.el.li(
                rx.el.span(
                    style={
                        "display": "inline-block",
                        "width": "14px",
                        "height": "14px",
                        "background": colour,
                        "marginRight": "6px",
                        "verticalAlign": "-2px",
                    }
                ),
                label,
            ),
        )

    return rx.el.ul(
        *[swatch(c, SynthesisState.heat.shade_labels[i]) for i, c in enumerate(HEAT_SHADES)],
        style={
            "display": "flex",
            "flexWrap": "wrap",
            "gap": "4px 12px",
            "listStyle": "none",
            "margin": "0",
            "padding": "0",
            "fontSize": "13px",
        },
        aria_hidden="true",  # the table below says the same, with the figures
    )


def _heat_row_name(row: HeatRow) -> rx.Component:
    return rx.el.li(
        rx.text.span(row.label, style={"overflowWrap": "anywhere"}),
        rx.text.span(" · ", row.total, " góp ý", color_scheme="gray"),
        value=row.number,
    )


def _heat_table_row(row: HeatRow) -> rx.Component:
    return rx.el.tr(
        rx.el.th(row.label, scope="row"),
        rx.foreach(row.cells, lambda n: rx.el.td(n)),
    )


def _heatmap() -> rx.Component:
    heat = SynthesisState.heat
    return rx.flex(
        rx.heading("Góp ý theo phần và ngày", as_="h3", size="3"),
        rx.cond(
            heat.rows.length() > 0,
            rx.flex(
                rx.box(
                    _heat_chart(),
                    width="100%",
                    role="img",
                    aria_label="Biểu đồ nhiệt số góp ý theo phần (hàng) và ngày (cột); "
                    "số liệu ở bảng ngay sau.",
                ),
                _heat_legend(),
                # What each row's number stands for (visible: the axis shows numbers only).
                rx.el.ol(
                    rx.foreach(heat.rows, _heat_row_name),
                    style={
                        "margin": "0",
                        "paddingLeft": "1.8em",
                        "fontSize": "14px",
                        "listStyleType": "decimal",
                    },
                    aria_hidden="true",
                ),
                # The figures of every cell, for screen readers (the chart is a picture).
                rx.el.table(
                    rx.el.caption("Số góp ý theo phần và ngày"),
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th("Phần", scope="col"),
                            rx.foreach(heat.days, lambda d: rx.el.th(d, scope="col")),
                        )
                    ),
                    rx.el.tbody(rx.foreach(heat.rows, _heat_table_row)),
                    class_name="gop-y-sr-only",
                ),
                direction="column",
                spacing="2",
                class_name="gop-y-heatmap",
            ),
            empty("Chưa có góp ý nào."),
        ),
        direction="column",
        spacing="1",
    )


def _charts() -> rx.Component:
    return section(
        "Biểu đồ",
        _chart("Góp ý theo ngày", _line()),
        _chart("Theo độ tuổi", _bars(SynthesisState.by_age, "nhom")),
        _chart("Theo xã, phường", _bars(SynthesisState.by_commune, "xa", vertical=True)),
        _heatmap(),
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
                _can(ConsultationAction.EXPLAIN) & (u.key != "") & ~u.published,
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
            _can(ConsultationAction.CLOSE),
            _confirmed(
                "Kết thúc đợt lấy ý kiến",
                "Kết thúc đợt lấy ý kiến ngay?",
                "Công dân sẽ không gửi thêm góp ý và biểu thị được nữa. Không thể mở lại.",
                SynthesisState.close,
                "close-consultation",
            ),
        ),
        rx.cond(
            _can(ConsultationAction.PUBLISH_EXPLANATIONS),
            _confirmed(
                "Công bố bảng giải trình",
                "Công bố bảng giải trình?",
                "Mọi dòng giải trình đã ghi được công bố cho công dân và không sửa được nữa; "
                "người góp ý ở các phần đó được thông báo.",
                SynthesisState.publish,
                "publish-explanations",
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
