"""The delegate's parts of /dai-hoi/[congress_id]: his card, the speaking buttons and his own
requests."""

from __future__ import annotations

import reflex as rx

from frontend.components.confirm import confirm_dialog
from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.delegate_state import DelegateState
from frontend.dai_hoi.my_requests_state import MyRequestsState, RequestLine
from frontend.so_tay.common import section


def pdf_link(label: str, href: rx.Var | str, link_id: str) -> rx.Component:
    """A button that downloads a PDF of cards to print (a link: the browser fetches it with
    the user's session, nothing passes through the UI server)."""
    return rx.link(
        rx.button(rx.icon("printer", size=18), label, variant="soft", size="3"),
        href=href,
        is_external=True,
        id=link_id,
        custom_attrs={"download": ""},
    )


def card_section() -> rx.Component:
    return rx.cond(
        DelegateState.has_card,
        section(
            "Thẻ đại biểu",
            rx.flex(
                rx.image(
                    src=DelegateState.card_qr,
                    alt="Mã QR của thẻ đại biểu, đưa cho tổ điểm danh quét",
                    width="100%",
                    max_width="280px",
                    style={"aspectRatio": "1", "background": "white", "padding": "8px"},
                    id="dai-hoi-card-qr",
                ),
                rx.text(DelegateState.card_name, size="5", weight="bold"),
                rx.text(DelegateState.card_delegation, size="3"),
                rx.text(
                    "Đại biểu ",
                    DelegateState.card_kind.lower(),
                    " · Thẻ số ",
                    rx.text.strong(DelegateState.card_code),
                    size="3",
                ),
                rx.text(
                    "Thẻ có hiệu lực đến ", DelegateState.card_valid, size="2", color_scheme="gray"
                ),
                pdf_link("In thẻ", DelegateState.card_pdf, "print-card"),
                direction="column",
                align="center",
                spacing="1",
                style={"textAlign": "center"},
            ),
        ),
    )


def _contribution_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.label("Tên bài tham luận", html_for="contribution-title"),
            rx.input(id="contribution-title", name="title", size="3", required=True),
            rx.el.label("Tóm tắt nội dung", html_for="contribution-summary"),
            rx.text_area(id="contribution-summary", name="summary", rows="4", size="3"),
            rx.flex(
                rx.button("Gửi tham luận", type="submit", size="3", loading=DelegateState.busy),
                rx.button(
                    "Thôi",
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=DelegateState.stop_writing,
                ),
                spacing="2",
                wrap="wrap",
            ),
            direction="column",
            spacing="2",
        ),
        on_submit=DelegateState.contribute,
        reset_on_submit=True,
    )


def speak_section() -> rx.Component:
    """For a delegate (his card is one of his actions on the congress). Speaking is an action
    on the item under way (``request_to_speak`` on an item whose list is open), which moves
    live: the section is inside the live box and shown only while the script says the item
    takes requests (``data-speaking``); the API answers the tap."""
    return rx.cond(
        CongressState.can["show_card"],
        rx.box(
            section(
                "Phát biểu về nội dung đang diễn ra",
                rx.button(
                    rx.icon("mic", size=18),
                    "Đăng ký phát biểu",
                    size="3",
                    width="100%",
                    loading=DelegateState.busy,
                    on_click=DelegateState.speak,
                ),
                rx.cond(
                    DelegateState.writing,
                    _contribution_form(),
                    rx.button(
                        rx.icon("file-text", size=18),
                        "Gửi tham luận",
                        variant="soft",
                        size="3",
                        width="100%",
                        on_click=DelegateState.start_writing,
                    ),
                ),
            ),
            class_name="dangbo-speak",
        ),
    )


def _request(r: RequestLine) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.text(r.what, size="3", weight="medium", style={"overflowWrap": "anywhere"}),
            rx.badge(r.status_label, color_scheme=r.colour, size="2", flex_shrink="0"),
            justify="between",
            align="start",
            spacing="2",
        ),
        rx.text("Về: ", r.item, size="2", style={"overflowWrap": "anywhere"}),
        rx.text(r.note, size="2", color_scheme="gray", style={"overflowWrap": "anywhere"}),
        rx.cond(
            r.can_withdraw,
            rx.button(
                "Rút đăng ký",
                variant="soft",
                color_scheme="gray",
                size="3",
                aria_label="Rút đăng ký: " + r.what,
                on_click=MyRequestsState.ask_withdraw(r.id, r.what),
                style={"alignSelf": "flex-start"},
            ),
        ),
        direction="column",
        spacing="1",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
        data_request=r.id,
    )


def _withdraw_dialog() -> rx.Component:
    return confirm_dialog(
        title="Rút đăng ký này?",
        description=(
            MyRequestsState.withdrawing_what,
            ": đồng chí sẽ ra khỏi danh sách; muốn phát biểu lại thì đăng ký lại.",
        ),
        cancel="Không rút",
        action=rx.button(
            "Rút đăng ký", color_scheme="red", size="3", on_click=MyRequestsState.withdraw
        ),
        open=MyRequestsState.withdrawing_id != "",
        on_open_change=MyRequestsState.keep,
    )


def requests_section() -> rx.Component:
    """A delegate's own requests to speak and written contributions, newest first."""
    return rx.cond(
        CongressState.is_delegate,
        section(
            "Đăng ký phát biểu của tôi",
            rx.cond(
                MyRequestsState.lines.length() > 0,
                rx.flex(rx.foreach(MyRequestsState.lines, _request), direction="column"),
                rx.text(
                    "Đồng chí chưa đăng ký phát biểu hay gửi tham luận nào.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            rx.button(
                rx.icon("refresh-cw", size=18),
                "Cập nhật trạng thái",
                variant="ghost",
                size="3",
                on_click=MyRequestsState.load,
                style={"alignSelf": "flex-start", "minHeight": "44px"},
            ),
            _withdraw_dialog(),
        ),
    )
