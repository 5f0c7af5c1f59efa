"""The "Tài liệu đại hội" section of the setup screen: the congress's documents, each with a
button to remove it (after a confirmation), a file to upload and a document of the register to
link. Shown to whoever may ``edit_setup`` (the organising committee)."""

from __future__ import annotations

import reflex as rx

from frontend.components.confirm import confirm_dialog
from frontend.components.upload import named_upload
from frontend.dai_hoi.common import document_link, document_text
from frontend.dai_hoi.congress_state import CongressState, DocumentLine
from frontend.dai_hoi.setup_documents_state import (
    ACCEPTED,
    MAX_MB,
    UPLOAD_ID,
    FoundDocument,
    SetupDocumentsState,
)
from frontend.so_tay.common import empty, section

S = SetupDocumentsState
_ZONE = {
    "border": "2px dashed var(--red-8)",
    "borderRadius": "var(--radius-4)",
    "padding": "16px",
    "background": "var(--color-panel-solid)",
    "cursor": "pointer",
    "minHeight": "44px",
}


def _document(d: DocumentLine) -> rx.Component:
    return rx.flex(
        rx.box(
            document_link(d, document_text(d), display="block", minHeight="44px"),
            flex="1",
            min_width="0",
        ),
        rx.button(
            rx.icon("trash-2", size=18),
            "Gỡ",
            variant="soft",
            color_scheme="red",
            size="3",
            aria_label="Gỡ tài liệu " + d.title,
            on_click=S.ask_remove(d.id, d.title),
        ),
        align="center",
        spacing="2",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
        data_document=d.id,
    )


def _remove_dialog() -> rx.Component:
    return confirm_dialog(
        title="Gỡ tài liệu khỏi đại hội?",
        description=(
            "Đại biểu sẽ không còn thấy tài liệu “",
            S.removing_title,
            "” trên điện thoại.",
        ),
        cancel="Không gỡ",
        action=rx.button("Gỡ tài liệu", color_scheme="red", size="3", on_click=S.remove),
        open=S.removing_id != "",
        on_open_change=S.keep,
    )


def _picker() -> rx.Component:
    return named_upload(
        rx.flex(
            rx.icon("file-up", size=28, color="var(--red-11)"),
            rx.text("Chọn tệp để tải lên", size="3", weight="bold"),
            rx.text(
                f"PDF, Word (.docx) hoặc Excel (.xlsx), tối đa {MAX_MB} MB",
                size="2",
                color_scheme="gray",
            ),
            direction="column",
            align="center",
            spacing="1",
            style={"textAlign": "center"},
        ),
        id=UPLOAD_ID,
        label="Chọn tệp tài liệu đại hội để tải lên",
        accept=ACCEPTED,
        multiple=False,
        max_files=1,
        max_size=MAX_MB * 1024 * 1024,
        on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        on_drop_rejected=S.rejected,
        disabled=S.busy,
        style=_ZONE,
    )


def _upload() -> rx.Component:
    return rx.flex(
        rx.heading("Tải tệp lên", as_="h3", size="3"),
        rx.el.label("Tên tài liệu (không bắt buộc)", html_for="congress-document-title"),
        rx.input(
            id="congress-document-title",
            value=S.title,
            on_change=S.set_title,
            placeholder="Mặc định là tên tệp",
            max_length=300,
            size="3",
        ),
        rx.cond(
            S.scan_asked,
            rx.flex(
                rx.el.label("Bản quét này có độ mật không?", html_for="congress-document-do-mat"),
                rx.el.select(
                    rx.el.option("Chưa trả lời", value=""),
                    rx.el.option("Không mật", value="khong"),
                    rx.el.option("Mật", value="mat"),
                    rx.el.option("Tối mật", value="toi_mat"),
                    rx.el.option("Tuyệt mật", value="tuyet_mat"),
                    id="congress-document-do-mat",
                    value=S.do_mat,
                    on_change=S.set_do_mat,
                    class_name="dangbo-select",
                ),
                rx.text(
                    "Trả lời rồi chọn lại tệp. Tài liệu mật không được đưa lên hệ thống.",
                    size="2",
                    color_scheme="gray",
                ),
                direction="column",
                spacing="1",
            ),
        ),
        _picker(),
        direction="column",
        spacing="2",
    )


def _found(d: FoundDocument) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.text(d.title, size="3", weight="medium", style={"overflowWrap": "anywhere"}),
            rx.text(d.note, size="2", color_scheme="gray", style={"overflowWrap": "anywhere"}),
            direction="column",
            spacing="1",
            style={"flex": "1", "minWidth": "0"},
        ),
        rx.button(
            "Đưa vào",
            size="3",
            variant="soft",
            aria_label="Đưa vào tài liệu đại hội: " + d.title,
            on_click=S.link(d.id),
        ),
        align="center",
        spacing="2",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _link() -> rx.Component:
    return rx.flex(
        rx.heading("Lấy từ sổ văn bản", as_="h3", size="3"),
        rx.form(
            rx.flex(
                rx.input(
                    name="q",
                    value=S.query,
                    on_change=S.set_query,
                    placeholder="Số, ký hiệu hoặc trích yếu",
                    aria_label="Tìm văn bản trong sổ theo số, ký hiệu hoặc trích yếu",
                    size="3",
                    style={"flex": "1", "minWidth": "160px"},
                ),
                rx.button("Tìm", type="submit", size="3", loading=S.busy),
                spacing="2",
                wrap="wrap",
            ),
            on_submit=S.search,
        ),
        rx.cond(
            S.found.length() > 0,
            rx.flex(rx.foreach(S.found, _found), direction="column"),
            rx.cond(S.searched, empty("Không tìm thấy văn bản nào chưa có trong tài liệu.")),
        ),
        direction="column",
        spacing="2",
    )


def documents_setup_section() -> rx.Component:
    return section(
        "Tài liệu đại hội",
        rx.cond(
            CongressState.documents.length() > 0,
            rx.flex(rx.foreach(CongressState.documents, _document), direction="column"),
            empty("Chưa có tài liệu nào cho đại biểu."),
        ),
        _upload(),
        _link(),
        _remove_dialog(),
    )
