"""/van-ban: the user's documents to handle (urgency first, deadlines dd/mm/yyyy), the search,
and for those who keep them the registers of incoming and outgoing documents."""

from __future__ import annotations

import json

import reflex as rx

from frontend import routes
from frontend.components.layout import app_shell
from frontend.session import offered
from frontend.van_ban.choices import URGENCY_CHOICES
from frontend.van_ban.client import DOMAIN, INBOX
from frontend.van_ban.inbox_state import DocRow, InboxState
from frontend.van_ban.urgency import urgency_badge
from shared.documents import (
    ASSIGNMENT_ROLE_LABELS,
    ASSIGNMENT_STATUS_LABELS,
    DO_KHAN_LABELS,
    DocumentAction,
)


def _deadline(deadline: rx.Var, overdue: rx.Var) -> rx.Component:
    return rx.cond(
        deadline != "",
        rx.cond(
            overdue,
            rx.el.span(
                rx.icon("alarm-clock", size=14),
                " Quá hạn ",
                deadline,
                class_name="dangbo-doc-overdue",
            ),
            rx.el.span("Hạn ", deadline),
        ),
        rx.el.span("Không có hạn"),
    )


def doc_card(row: DocRow) -> rx.Component:
    """One document of the list. Plain elements styled by ``dangbo-doc-*`` in
    ``styles/app.css``: as Radix Card, Flex and Text with style objects, the twenty cards of a
    page were 100 ms of script on this machine at each render (400 ms on a slow phone)."""
    return rx.link(
        rx.el.span(
            urgency_badge(row.do_khan, row.do_khan_label),
            rx.el.span(row.ky_hieu, class_name="dangbo-doc-number"),
            rx.cond(row.role != "", rx.badge(row.role, variant="outline", size="1")),
            class_name="dangbo-doc-head",
        ),
        rx.el.span(row.trich_yeu, class_name="dangbo-doc-title"),
        rx.el.span(row.co_quan, class_name="dangbo-doc-meta"),
        rx.el.span(
            _deadline(row.deadline, row.overdue),
            rx.el.span(row.status),
            class_name="dangbo-doc-meta dangbo-doc-foot",
        ),
        href=row.href,
        underline="none",
        class_name=rx.cond(row.done, "dangbo-doc-card dangbo-doc-done", "dangbo-doc-card"),
    )


def _search_box() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                rx.input.slot(rx.icon("search", size=18)),
                name="q",
                placeholder="Số, trích yếu, nội dung…",
                default_value=InboxState.query,
                size="3",
                aria_label="Tìm văn bản",
                style={"flex": "1", "minWidth": "0"},
            ),
            rx.button("Tìm", type="submit", size="3"),
            spacing="2",
        ),
        on_submit=InboxState.search,
        reset_on_submit=False,
    )


def _filters() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item("Cần xử lý", value="open"),
            rx.segmented_control.item("Quá hạn", value="overdue"),
            rx.segmented_control.item("Đã xong", value="done"),
            value=InboxState.view,
            on_change=InboxState.set_view,
            size="3",
            width="100%",
        ),
        rx.select.root(
            rx.select.trigger(aria_label="Độ khẩn", placeholder="Độ khẩn", width="100%"),
            rx.select.content(
                rx.select.item("Mọi độ khẩn", value="all"),
                *[rx.select.item(c.label, value=c.value) for c in URGENCY_CHOICES],
            ),
            value=InboxState.do_khan,
            on_change=InboxState.set_do_khan,
            size="3",
        ),
        direction="column",
        spacing="2",
    )


def _empty() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.icon("inbox", size=28, color="var(--gray-10)"),
            rx.cond(
                InboxState.searched != "",
                rx.text("Không tìm thấy văn bản nào bạn được xem khớp với từ khóa."),
                rx.text("Không có văn bản nào ở mục này. Văn bản mới được giao sẽ hiện ở đây."),
            ),
            direction="column",
            align="center",
            spacing="2",
            padding_y="16px",
        )
    )


# What pwa/public/van-ban-som.js asks for and draws: the first documents of InboxState's first
# page, a phone's screen and some (twenty at once were a layout task a slow phone feels). The
# page preloads the same address, which answers the script's request.
EARLY_CARDS = 6
_EARLY_INBOX = INBOX.url({"view": "open", "limit": EARLY_CARDS})
# What pwa/public/van-ban-som.js needs to write the labels as doc_card does.
_EARLY_LABELS = json.dumps(
    {
        "do_khan": {k.value: v for k, v in DO_KHAN_LABELS.items()},
        "role": {k.value: v for k, v in ASSIGNMENT_ROLE_LABELS.items()},
        "status": {k.value: v for k, v in ASSIGNMENT_STATUS_LABELS.items()},
    },
    ensure_ascii=False,
)


def _loading() -> rx.Component:
    """While the app's list is on its way: the first page drawn from the prerendered page by
    ``van-ban-som.js`` into ``#dangbo-doc-early`` (an element whose content React leaves alone
    at hydration), or until it is, five placeholders. The app's list then takes its place in
    the same boxes (the same markup and ``dangbo-doc-*`` rules)."""
    return rx.fragment(
        rx.html(
            "",
            id="dangbo-doc-early",
            class_name="dangbo-doc-list",
            custom_attrs={"data-labels": _EARLY_LABELS, "data-inbox": _EARLY_INBOX},
        ),
        # Enough of them to fill a phone's screen: what is below (the "Xem thêm" and "Đã
        # lưu" buttons) starts out of sight, so it does not move in sight when the list comes.
        rx.flex(
            *[rx.skeleton(height="108px", loading=True) for _ in range(5)],
            direction="column",
            spacing="3",
            class_name="dangbo-doc-skeletons",
        ),
        # Asked for while the HTML is parsed, before the app's scripts take the connections.
        rx.el.link(
            rel="preload", href=_EARLY_INBOX, cross_origin="anonymous", custom_attrs={"as": "fetch"}
        ),
        rx.el.script(src="/van-ban-som.js", async_=True),
    )


def van_ban_page() -> rx.Component:
    return app_shell(
        "Văn bản",
        _search_box(),
        rx.cond(
            InboxState.searched != "",
            rx.flex(
                rx.text("Kết quả cho “", InboxState.searched, "”", size="2", color_scheme="gray"),
                rx.spacer(),
                rx.button(
                    "Xóa tìm kiếm", variant="ghost", size="2", on_click=InboxState.clear_search
                ),
                align="center",
            ),
            rx.flex(
                rx.cond(
                    offered(DOMAIN, DocumentAction.VIEW_REGISTER),
                    rx.segmented_control.root(
                        rx.segmented_control.item("Việc của tôi", value="mine"),
                        rx.segmented_control.item("Sổ đến", value="den"),
                        rx.segmented_control.item("Sổ đi", value="di"),
                        value=InboxState.scope,
                        on_change=InboxState.set_scope,
                        size="3",
                        width="100%",
                        variant="classic",
                    ),
                ),
                rx.cond(InboxState.scope == "mine", _filters()),
                direction="column",
                spacing="2",
            ),
        ),
        rx.cond(
            InboxState.error != "",
            rx.callout(InboxState.error, icon="triangle-alert", color_scheme="red"),
        ),
        rx.cond(
            InboxState.loading,
            _loading(),
            rx.cond(
                InboxState.rows.length() > 0,
                rx.el.div(rx.foreach(InboxState.rows, doc_card), class_name="dangbo-doc-list"),
                _empty(),
            ),
        ),
        rx.cond(
            InboxState.next_cursor != "",
            rx.button(
                "Xem thêm", variant="soft", size="3", on_click=InboxState.load_more, width="100%"
            ),
        ),
        rx.flex(
            rx.cond(
                offered(DOMAIN, DocumentAction.REGISTER_INCOMING)
                | offered(DOMAIN, DocumentAction.DRAFT_OUTGOING),
                rx.link(
                    rx.button(
                        rx.icon("file-plus", size=18),
                        "Vào sổ / soạn văn bản",
                        variant="soft",
                        size="3",
                        width="100%",
                    ),
                    href=routes.REGISTER_DOCUMENT,
                    style={"flex": "1"},
                ),
            ),
            rx.link(
                rx.button(
                    rx.icon("cloud-off", size=18),
                    "Đã lưu",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    width="100%",
                ),
                href=routes.OFFLINE_DOCUMENTS,
                style={"flex": "1"},
                # A full navigation: the saved documents' reader is the service worker's page,
                # not a Reflex route (a React Router link would open /van-ban/[document_id]).
                custom_attrs={"reloadDocument": True},
            ),
            spacing="2",
        ),
        active_tab="van_ban",
        # The frame is the same for everyone, and the first page of the list is drawn from the
        # HTML (_loading): the parts that depend on the user wait for the session themselves.
        wait_for_session=False,
    )
