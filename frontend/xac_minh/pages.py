"""/xac-minh: upload a signed PDF and read what its signatures are worth."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.area import Area, Page
from frontend.components.public import public_page
from frontend.components.upload import named_upload
from frontend.xac_minh.state import UPLOAD_ID, SignatureRow, VerifyState

MAX_MB = 50


def _check_line(ok: rx.Var, text: rx.Var, label: str) -> rx.Component:
    return rx.flex(
        rx.cond(
            ok,
            rx.icon("circle-check", size=22, color="var(--green-11)", flex_shrink="0"),
            rx.icon("circle-x", size=22, color="var(--red-11)", flex_shrink="0"),
        ),
        rx.flex(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(text, size="3", weight="medium"),
            direction="column",
        ),
        spacing="3",
        align="start",
    )


def _field(label: str, value: rx.Var, note: rx.Var | None = None) -> rx.Component:
    children = [rx.text(label, size="2", color_scheme="gray"), rx.text(value, size="3")]
    if note is not None:
        children.append(rx.text(note, size="2", color_scheme="gray"))
    return rx.flex(*children, direction="column")


def _signature_card(row: SignatureRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.heading(row.title, as_="h3", size="3"),
                rx.cond(
                    row.valid,
                    rx.badge("Hợp lệ", color_scheme="green", size="2"),
                    rx.badge("Không hợp lệ", color_scheme="red", size="2"),
                ),
                justify="between",
                align="center",
            ),
            _field("Người ký", row.signer_name),
            _field("Cơ quan, tổ chức", row.organisation),
            _field("Thời điểm ký", row.signing_time, row.time_note),
            _field("Lý do ký", row.reason),
            rx.separator(size="4"),
            _check_line(row.integrity_ok, row.integrity_text, "Toàn vẹn"),
            _check_line(row.chain_valid, row.chain_text, "Chứng thư số"),
            _check_line(row.coverage_ok, row.coverage_text, "Phạm vi"),
            direction="column",
            spacing="3",
        ),
        size="2",
    )


def _verdict() -> rx.Component:
    banner = {
        "padding": "16px",
        "borderRadius": "var(--radius-4)",
        "display": "flex",
        "gap": "12px",
        "alignItems": "flex-start",
    }
    return rx.cond(
        VerifyState.valid,
        rx.box(
            rx.icon("shield-check", size=32, color="var(--green-11)", flex_shrink="0"),
            rx.flex(
                rx.heading("Chữ ký số hợp lệ", as_="h2", size="5", color="var(--green-11)"),
                rx.text(VerifyState.summary, size="3"),
                direction="column",
                spacing="1",
            ),
            style={**banner, "background": "var(--green-3)", "border": "1px solid var(--green-7)"},
            role="status",
        ),
        rx.cond(
            VerifyState.signed,
            rx.box(
                rx.icon("shield-x", size=32, color="var(--red-11)", flex_shrink="0"),
                rx.flex(
                    rx.heading("Chữ ký số KHÔNG hợp lệ", as_="h2", size="5", color="var(--red-11)"),
                    rx.text(VerifyState.summary, size="3"),
                    direction="column",
                    spacing="1",
                ),
                style={**banner, "background": "var(--red-3)", "border": "1px solid var(--red-7)"},
                role="alert",
            ),
            rx.box(
                rx.icon("shield-question", size=32, color="var(--amber-11)", flex_shrink="0"),
                rx.flex(
                    rx.heading("Không có chữ ký số", as_="h2", size="5"),
                    rx.text(
                        "Tệp PDF này không có chữ ký số nào, nên không xác minh được người "
                        "ký hay tính toàn vẹn.",
                        size="3",
                    ),
                    direction="column",
                    spacing="1",
                ),
                style={
                    **banner,
                    "background": "var(--amber-3)",
                    "border": "1px solid var(--amber-7)",
                },
                role="status",
            ),
        ),
    )


def _picker() -> rx.Component:
    return named_upload(
        rx.flex(
            rx.icon("file-search", size=32, color="var(--red-11)"),
            rx.text("Chọn tệp PDF đã ký số", size="3", weight="bold"),
            rx.text(f"PDF, tối đa {MAX_MB} MB", size="2", color_scheme="gray"),
            direction="column",
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        label="Tệp PDF cần xác minh chữ ký số",
        accept={"application/pdf": [".pdf"]},
        multiple=False,
        max_files=1,
        max_size=MAX_MB * 1024 * 1024,
        on_drop=VerifyState.check(rx.upload_files(upload_id=UPLOAD_ID)),
        disabled=VerifyState.checking,
        style={
            "border": "2px dashed var(--red-8)",
            "borderRadius": "var(--radius-4)",
            "padding": "24px 16px",
            "background": "var(--color-panel-solid)",
            "cursor": "pointer",
            "minHeight": "44px",
        },
        aria_label="Chọn tệp PDF để xác minh chữ ký số",
    )


def xac_minh_page() -> rx.Component:
    # Public: other agencies and citizens check a signed document without an account (the
    # API's check is public and rate-limited, and stores nothing). The public frame serves
    # everyone, signed in or not; the links at the foot lead back into the app.
    return public_page(
        rx.el.h1("Xác minh chữ ký số", class_name="dangbo-public-title"),
        rx.el.p(
            "Kiểm tra một văn bản PDF: ai đã ký, ký lúc nào, nội dung còn nguyên vẹn không, "
            "chứng thư số có do tổ chức tin cậy cấp không. Tệp chỉ được đọc để kiểm tra, "
            "không được lưu lại.",
            class_name="dangbo-muted",
        ),
        rx.cond(
            VerifyState.ready,
            _picker(),
            rx.skeleton(height="150px", width="100%", loading=True),
        ),
        rx.cond(
            VerifyState.checking,
            rx.flex(
                rx.spinner(size="3"),
                rx.text("Đang kiểm tra chữ ký…", size="3"),
                align="center",
                spacing="3",
                aria_busy="true",
            ),
            rx.fragment(),
        ),
        rx.cond(
            VerifyState.error != "",
            rx.callout(
                VerifyState.error, icon="triangle-alert", color_scheme="red", size="2", role="alert"
            ),
            rx.fragment(),
        ),
        rx.cond(
            VerifyState.checked,
            rx.flex(
                _verdict(),
                rx.text(
                    rx.text.strong("Tệp: "),
                    VerifyState.file_name,
                    size="2",
                    color_scheme="gray",
                    style={"overflowWrap": "anywhere"},
                ),
                rx.foreach(VerifyState.signatures, _signature_card),
                rx.text(
                    "SHA-256: ",
                    VerifyState.document_sha256,
                    size="1",
                    color_scheme="gray",
                    style={"overflowWrap": "anywhere", "fontFamily": "monospace"},
                ),
                direction="column",
                spacing="3",
            ),
            rx.fragment(),
        ),
        rx.el.nav(
            rx.el.a("Về trang chủ", href=routes.HOME, class_name="dangbo-public-link"),
            rx.el.a("Đăng nhập", href=routes.LOGIN, class_name="dangbo-public-link"),
            aria_label="Đi tiếp",
            class_name="dangbo-public-links",
        ),
    )


AREA = Area(
    name="xac_minh",
    pages=[
        Page(
            route=routes.VERIFY,
            component=xac_minh_page,
            title="Xác minh chữ ký số",
            on_load=[VerifyState.open],
            public=True,
        )
    ],
)
