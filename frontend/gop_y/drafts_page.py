"""/gop-y/du-thao and /gop-y/du-thao/[draft_id]: the tổ biên tập's drafts, their versions, the
diff between two versions (words kept, inserted, deleted), and opening a consultation."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.components.upload import named_upload
from frontend.gop_y.drafts_state import ChangeLine, DraftsState, DraftState, VersionLine, Word
from frontend.so_tay.common import empty, link_row, screen, section
from shared.consultations import DOCX_MAX_BYTES, ConsultationAction

NEW_UPLOAD = "gop-y-du-thao-docx"
REVISE_UPLOAD = "gop-y-phien-ban-docx"
_MB = DOCX_MAX_BYTES // (1024 * 1024)
_ZONE = {
    "border": "2px dashed var(--red-8)",
    "borderRadius": "var(--radius-4)",
    "padding": "16px",
    "background": "var(--color-panel-solid)",
    "cursor": "pointer",
}


def _docx(upload_id: str, label: str, on_drop, busy) -> rx.Component:
    return named_upload(
        rx.flex(
            rx.icon("file-up", size=28, color="var(--red-11)"),
            rx.text(label, size="3", weight="bold"),
            rx.text(f"Tệp Word (.docx), tối đa {_MB} MB", size="2", color_scheme="gray"),
            direction="column",
            align="center",
            spacing="1",
        ),
        id=upload_id,
        multiple=False,
        max_files=1,
        max_size=DOCX_MAX_BYTES,
        accept={
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"]
        },
        on_drop=on_drop(rx.upload_files(upload_id=upload_id)),
        disabled=busy,
        label=label,
        style=_ZONE,
    )


def _labelled(label: str, control: rx.Component) -> rx.Component:
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        control,
        style={"display": "flex", "flexDirection": "column", "gap": "4px"},
    )


def drafts_page() -> rx.Component:
    content = rx.flex(
        section(
            "Dự thảo",
            rx.cond(
                DraftsState.lines.length() > 0,
                rx.flex(
                    rx.foreach(DraftsState.lines, lambda d: link_row(d.href, d.title, d.note)),
                    direction="column",
                ),
                empty("Chưa có dự thảo nào."),
            ),
        ),
        section(
            "Đăng dự thảo mới",
            _labelled(
                "Tên dự thảo",
                rx.input(name="title", size="3", on_change=DraftsState.set_title, max_length=300),
            ),
            _labelled(
                "Tóm tắt (không bắt buộc)",
                rx.text_area(rows="2", size="3", on_change=DraftsState.set_summary),
            ),
            rx.form(
                rx.flex(
                    _labelled(
                        "Nội dung (văn bản có cấu trúc: phần, mục, điểm đánh số)",
                        rx.text_area(name="text", rows="10", size="3", required=True),
                    ),
                    rx.button("Đăng dự thảo", type="submit", size="3", loading=DraftsState.busy),
                    direction="column",
                    spacing="2",
                ),
                on_submit=DraftsState.publish,
            ),
            rx.text("Hoặc đăng từ tệp Word:", size="2"),
            _docx(NEW_UPLOAD, "Chọn tệp dự thảo", DraftsState.publish_docx, DraftsState.busy),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Dự thảo",
        *screen(DraftsState, rx.cond(DraftsState.loaded, content, rx.spinner())),
        active_tab="gop_y",
    )


_WORD_STYLE = {
    "giu": {},
    "them": {"background": "var(--green-a4)", "textDecoration": "underline"},
    "xoa": {"background": "var(--red-a4)", "textDecoration": "line-through"},
}


def _word(w: Word) -> rx.Component:
    # The pieces are runs of words: a space between them.
    return rx.fragment(_piece(w), " ")


def _piece(w: Word) -> rx.Component:
    return rx.match(
        w.op,
        ("them", rx.el.ins(w.text, style=_WORD_STYLE["them"])),
        ("xoa", rx.el.del_(w.text, style=_WORD_STYLE["xoa"])),
        rx.el.span(w.text),
    )


def _change(c: ChangeLine) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.badge(c.change, size="2"),
            rx.text(c.where, size="2", weight="medium"),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        rx.el.p(
            rx.foreach(c.words, _word),
            style={"margin": "0", "lineHeight": "1.6", "overflowWrap": "anywhere"},
        ),
        direction="column",
        spacing="1",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
        class_name="gop-y-change",
    )


def _version(v: VersionLine) -> rx.Component:
    return rx.flex(
        rx.text("Bản số ", v.number, size="3", weight="bold"),
        rx.text(v.about, size="2", color_scheme="gray"),
        rx.cond(v.note != "", rx.text(v.note, size="2")),
        direction="column",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _number_field(name: str, label: str, value) -> rx.Component:
    return _labelled(
        label,
        rx.input(
            name=name,
            type="number",
            min=1,
            max=DraftState.version,
            default_value=value.to_string(),
            size="3",
            key=value.to_string(),
        ),
    )


def draft_page() -> rx.Component:
    can = DraftState.can
    diff = section(
        "So sánh phiên bản",
        rx.form(
            rx.flex(
                _number_field("from", "Từ bản", DraftState.diff_from),
                _number_field("to", "Đến bản", DraftState.diff_to),
                rx.button("So sánh", type="submit", size="3", style={"alignSelf": "flex-end"}),
                spacing="2",
                align="end",
            ),
            on_submit=DraftState.show_diff,
        ),
        rx.text(
            DraftState.unchanged,
            " đơn vị giữ nguyên; ",
            DraftState.changes.length(),
            " thay đổi.",
            size="2",
        ),
        rx.flex(rx.foreach(DraftState.changes, _change), direction="column"),
    )
    content = rx.flex(
        rx.heading(DraftState.title, as_="h2", size="5"),
        rx.cond(DraftState.summary != "", rx.text(DraftState.summary, size="2")),
        section("Các phiên bản", rx.foreach(DraftState.versions, _version)),
        rx.cond(DraftState.version > 1, diff),
        rx.cond(
            can[ConsultationAction.REVISE.value],
            section(
                "Đăng phiên bản mới",
                rx.text(
                    "Các phần không đổi, được chuyển chỗ hay sửa giữ nguyên mã: góp ý vẫn gắn "
                    "đúng điều, khoản của chúng.",
                    size="2",
                    color_scheme="gray",
                ),
                _labelled(
                    "Ghi chú thay đổi",
                    rx.input(size="3", on_change=DraftState.set_note, max_length=2000),
                ),
                rx.form(
                    rx.flex(
                        _labelled(
                            "Nội dung phiên bản mới",
                            rx.text_area(name="text", rows="10", size="3", required=True),
                        ),
                        rx.button(
                            "Đăng phiên bản mới", type="submit", size="3", loading=DraftState.busy
                        ),
                        direction="column",
                        spacing="2",
                    ),
                    on_submit=DraftState.revise,
                    reset_on_submit=True,
                ),
                rx.text("Hoặc từ tệp Word:", size="2"),
                _docx(
                    REVISE_UPLOAD, "Chọn tệp phiên bản mới", DraftState.revise_docx, DraftState.busy
                ),
            ),
        ),
        rx.cond(
            can[ConsultationAction.REVISE.value],
            section(
                "Mở đợt lấy ý kiến",
                rx.form(
                    rx.flex(
                        _labelled("Tên đợt", rx.input(name="title", size="3", max_length=300)),
                        _labelled(
                            "Từ ngày (ngày/tháng/năm)",
                            rx.input(name="opens", size="3", required=True, input_mode="numeric"),
                        ),
                        _labelled(
                            "Đến hết ngày (ngày/tháng/năm)",
                            rx.input(name="closes", size="3", required=True, input_mode="numeric"),
                        ),
                        _labelled(
                            "Giới thiệu", rx.text_area(name="description", rows="3", size="3")
                        ),
                        rx.button("Mở đợt lấy ý kiến", type="submit", size="3"),
                        direction="column",
                        spacing="2",
                    ),
                    on_submit=DraftState.open_consultation,
                ),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Dự thảo",
        *screen(DraftState, rx.cond(DraftState.loaded, content, rx.spinner())),
        active_tab="gop_y",
    )
