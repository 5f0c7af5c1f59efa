"""The import of a list file through the shared import API, as a page part: the template, the
named file picker, the job's progress and result, and every rejected row with its line and
reason (the member roll of a chi bộ, the delegates of a congress)."""

from __future__ import annotations

import reflex as rx

from frontend.components.upload import named_upload


def _rejected(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.line, style={"padding": "6px 8px 6px 0", "verticalAlign": "top"}),
        rx.el.td(
            rx.cond(row.column != "", rx.text(row.column, weight="medium", size="2")),
            rx.text(row.reason, size="2"),
            style={"padding": "6px 0", "overflowWrap": "anywhere"},
        ),
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _refused(state) -> rx.Component:
    return rx.cond(
        state.message != "",
        rx.callout(state.message, icon="triangle-alert", color_scheme="red", role="alert"),
    )


def import_panel(
    state, *, note: str, pick: str, label: str, upload_id: str, max_mb: int
) -> list[rx.Component]:
    """A file picked, sent, its job followed: ``state`` has ``upload``, ``template_url``,
    ``status``, ``filename``, ``progress``, ``summary``, ``ok``, ``rows`` and ``busy``."""
    return [
        _refused(state),
        rx.text(
            note,
            size="2",
            color_scheme="gray",
        ),
        rx.link(
            "Tải tệp mẫu (CSV)",
            href=state.template_url,
            is_external=True,
            style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
        ),
        named_upload(
            rx.flex(
                rx.icon("file-up", size=28, color="var(--red-11)"),
                rx.text(pick, size="3", weight="bold"),
                rx.text(f"CSV hoặc XLSX, tối đa {max_mb} MB", size="2", color_scheme="gray"),
                direction="column",
                align="center",
                spacing="1",
            ),
            id=upload_id,
            multiple=False,
            max_files=1,
            max_size=max_mb * 1024 * 1024,
            on_drop=state.upload(rx.upload_files(upload_id=upload_id)),
            disabled=state.busy,
            label=label,
            style={
                "border": "2px dashed var(--red-8)",
                "borderRadius": "var(--radius-4)",
                "padding": "16px",
                "background": "var(--color-panel-solid)",
                "cursor": "pointer",
            },
        ),
        rx.cond(
            state.status != "",
            rx.flex(
                rx.text(
                    state.filename,
                    ": ",
                    rx.text.strong(state.status),
                    size="3",
                    style={"overflowWrap": "anywhere"},
                ),
                rx.cond(state.progress != "", rx.text(state.progress, size="2")),
                rx.cond(
                    state.summary != "",
                    rx.text(
                        state.summary,
                        size="3",
                        color=rx.cond(state.ok, "var(--green-11)", "var(--red-11)"),
                    ),
                ),
                direction="column",
                spacing="1",
                role="status",
            ),
        ),
        rx.cond(
            state.rows.length() > 0,
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Dòng", style={"textAlign": "left", "paddingRight": "8px"}),
                        rx.el.th("Lỗi", style={"textAlign": "left"}),
                    )
                ),
                rx.el.tbody(rx.foreach(state.rows, _rejected)),
                aria_label="Các dòng bị từ chối",
                style={"width": "100%", "borderCollapse": "collapse", "fontSize": "14px"},
            ),
        ),
    ]
