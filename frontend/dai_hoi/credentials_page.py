"""/dai-hoi/[congress_id]/tham-tra: the credentials committee's review list and its report;
for the organising committee, the delegates' cards: the A4 sheets to print and a lost card
reissued."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.components.public import action_notice
from frontend.dai_hoi.common import only_for, this_congress
from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.credentials_state import Breakdown, CredentialsState, DelegateLine
from frontend.dai_hoi.delegate_parts import pdf_link
from frontend.so_tay.common import empty, screen, section
from shared.congress import CredentialStatus


def _reason_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.label(
                rx.cond(
                    CredentialsState.editing_kind == "reject",
                    "Lý do không đủ tư cách",
                    "Lý do vắng mặt cả đại hội",
                ),
                html_for="credential-reason",
            ),
            rx.text_area(id="credential-reason", name="reason", rows="2", size="3", required=True),
            rx.flex(
                rx.button("Ghi nhận", type="submit", size="3"),
                rx.button(
                    "Thôi",
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=CredentialsState.cancel,
                ),
                spacing="2",
            ),
            direction="column",
            spacing="2",
        ),
        on_submit=CredentialsState.submit_reason,
        reset_on_submit=True,
    )


def _cards_offered() -> rx.Var[bool]:
    # Only once this screen's state holds the congress of the page (it loads after the
    # congress): a link must never print the cards of the congress seen before.
    return CongressState.can["print_cards"] & (
        CredentialsState.congress_id == CongressState.congress_id
    )


def _card_actions(d: DelegateLine) -> rx.Component:
    """The organising committee's "Cấp lại thẻ" (a lost card), confirmed first; then the new
    card to print."""
    return rx.cond(
        CredentialsState.confirming_reissue == d.id,
        rx.flex(
            rx.text(
                "Cấp lại thẻ cho đồng chí này? Mã QR của thẻ cũ sẽ không dùng để điểm danh "
                "được nữa.",
                size="2",
                weight="medium",
            ),
            rx.flex(
                rx.button(
                    "Cấp lại",
                    color_scheme="red",
                    size="3",
                    loading=CredentialsState.busy,
                    on_click=CredentialsState.reissue,
                    class_name="confirm-reissue-card",
                ),
                rx.button(
                    "Thôi",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=CredentialsState.keep_card,
                ),
                spacing="2",
            ),
            direction="column",
            spacing="2",
            role="group",
            aria_label="Xác nhận cấp lại thẻ",
        ),
        rx.flex(
            rx.button(
                rx.icon("refresh-cw", size=18),
                "Cấp lại thẻ",
                variant="soft",
                color_scheme="gray",
                size="3",
                on_click=CredentialsState.ask_reissue(d.id),
                class_name="reissue-card",
            ),
            rx.cond(
                CredentialsState.reissued == d.id,
                pdf_link("In thẻ mới", CredentialsState.reissued_pdf, "print-reissued-card"),
            ),
            spacing="2",
            wrap="wrap",
        ),
    )


def _print_section() -> rx.Component:
    return section(
        "Thẻ đại biểu",
        rx.text(
            "Thẻ của các đại biểu đủ tư cách, 8 thẻ một trang A4 có đường cắt; "
            "ghi tên đoàn để chỉ in thẻ của đoàn đó.",
            size="2",
        ),
        rx.el.label("Đoàn đại biểu (bỏ trống: tất cả các đoàn)", html_for="print-delegation"),
        rx.input(
            id="print-delegation",
            value=CredentialsState.print_delegation,
            on_change=CredentialsState.set_print_delegation,
            size="3",
        ),
        pdf_link("In thẻ đại biểu (A4)", CredentialsState.cards_pdf, "print-cards"),
    )


def _delegate(d: DelegateLine) -> rx.Component:
    review = CongressState.can["review_credentials"]
    return rx.flex(
        rx.text(d.title, size="3", weight="medium"),
        rx.text(d.note, size="2", color_scheme="gray"),
        rx.text(d.status_label, size="2", weight="medium"),
        rx.cond(
            review & (CredentialsState.editing == d.id),
            _reason_form(),
            rx.cond(
                review,
                rx.flex(
                    rx.cond(
                        d.status != CredentialStatus.ACCEPTED.value,
                        rx.button("Đủ tư cách", size="3", on_click=CredentialsState.accept(d.id)),
                    ),
                    rx.button(
                        "Không đủ tư cách",
                        variant="soft",
                        size="3",
                        on_click=CredentialsState.start(d.id, "reject"),
                    ),
                    rx.button(
                        "Vắng cả đại hội",
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        on_click=CredentialsState.start(d.id, "absent"),
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
        ),
        rx.cond(_cards_offered(), _card_actions(d)),
        direction="column",
        spacing="1",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _breakdown(b: Breakdown) -> rx.Component:
    return rx.flex(
        rx.heading(b.title, as_="h3", size="3"),
        rx.foreach(b.lines, lambda line: rx.text(line, size="2")),
        direction="column",
        spacing="1",
    )


def credentials_page() -> rx.Component:
    return app_shell(
        "Thẩm tra tư cách",
        *screen(
            CongressState,
            this_congress(
                rx.heading(CongressState.name, as_="h1", size="4"),
                only_for(
                    CongressState.can["review_credentials"]
                    | CongressState.can["view_credentials_report"],
                    "Ban Thẩm tra tư cách đại biểu, Đoàn Chủ tịch và Ban Tổ chức",
                    rx.cond(
                        CredentialsState.summary.length() > 0,
                        section(
                            "Báo cáo thẩm tra tư cách đại biểu",
                            rx.foreach(
                                CredentialsState.summary, lambda line: rx.text(line, size="3")
                            ),
                            rx.foreach(CredentialsState.breakdowns, _breakdown),
                        ),
                    ),
                    rx.cond(_cards_offered(), _print_section()),
                    section(
                        "Danh sách đại biểu",
                        rx.segmented_control.root(
                            rx.segmented_control.item("Chờ thẩm tra", value="cho_tham_tra"),
                            rx.segmented_control.item("Đủ tư cách", value="hop_le"),
                            rx.segmented_control.item("Không đủ", value="khong_hop_le"),
                            rx.segmented_control.item("Tất cả", value="all"),
                            value=CredentialsState.status,
                            on_change=CredentialsState.show,
                            size="3",
                            width="100%",
                        ),
                        rx.text(CredentialsState.total, " đại biểu", size="2", color_scheme="gray"),
                        rx.cond(
                            CredentialsState.loaded,
                            rx.cond(
                                CredentialsState.delegates.length() > 0,
                                rx.flex(
                                    rx.foreach(CredentialsState.delegates, _delegate),
                                    direction="column",
                                ),
                                empty("Không có đại biểu nào."),
                            ),
                            rx.spinner(),
                        ),
                        rx.cond(
                            CredentialsState.next_cursor != "",
                            rx.button(
                                "Xem thêm", variant="soft", size="3", on_click=CredentialsState.more
                            ),
                        ),
                    ),
                ),
            ),
        ),
        action_notice(CredentialsState),
        active_tab="dai_hoi",
    )
