"""/so-tay/thu-vien/doc/[article_id]: the article reader. Formatted text (paragraphs, clauses
"1.", points "a)", bullets) at the reader's font size; a bookmark; highlights with a note
("Ghi chú", then touch a paragraph); the previous and next article."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.so_tay.common import screen, section
from frontend.so_tay.reader_state import BlockLine, NoteLine, ReaderState
from shared.library import BlockKind

_INDENT = {
    BlockKind.PARAGRAPH.value: "0",
    BlockKind.NUMBERED.value: "0",
    BlockKind.LETTERED.value: "1.25em",
    BlockKind.BULLET.value: "1.25em",
}
_TARGET = {"minHeight": "44px", "minWidth": "44px"}


def _block(block: BlockLine) -> rx.Component:
    text = [rx.cond(block.label != "", rx.el.strong(block.label, " ")), block.text]
    style = {
        "display": "block",
        "width": "100%",
        "margin": "0 0 0.75em 0",
        "padding": "0",
        "paddingLeft": rx.match(block.kind, *_INDENT.items(), "0"),
        "lineHeight": "1.65",
        "textAlign": "justify",
        "hyphens": "auto",
        "overflowWrap": "anywhere",
        "font": "inherit",
        "color": "inherit",
        "border": "none",
        "background": rx.cond(
            ReaderState.chosen == block.index,
            "var(--blue-a4)",
            rx.cond(block.marked, "var(--amber-a4)", "transparent"),
        ),
        "borderRadius": "4px",
    }
    # While marking, each paragraph is a button: touched, or chosen with Tab and Enter.
    return rx.cond(
        ReaderState.marking,
        rx.el.button(
            *text,
            type="button",
            on_click=ReaderState.choose(block.index),
            aria_pressed=ReaderState.chosen == block.index,
            style={**style, "cursor": "pointer", "outline": "1px dashed var(--gray-a7)"},
        ),
        rx.el.p(*text, style=style),
    )


def _note(line: NoteLine) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.el.blockquote(
                line.quote,
                style={
                    "margin": "0",
                    "paddingLeft": "8px",
                    "borderLeft": "3px solid var(--amber-9)",
                    "fontStyle": "italic",
                    "overflowWrap": "anywhere",
                },
            ),
            rx.cond(line.note != "", rx.text(line.note, size="3")),
            rx.cond(
                line.stale,
                rx.text(
                    "Điều này đã được sửa đổi sau khi bạn đánh dấu.", size="1", color_scheme="amber"
                ),
            ),
            direction="column",
            spacing="1",
            style={"flex": "1", "minWidth": "0"},
        ),
        rx.icon_button(
            rx.icon("trash-2", size=18),
            variant="ghost",
            color_scheme="gray",
            size="3",
            aria_label="Xóa đánh dấu",
            on_click=ReaderState.delete_highlight(line.id),
        ),
        spacing="2",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.button(
            "A−",
            variant="soft",
            size="3",
            aria_label="A− chữ nhỏ hơn",
            on_click=ReaderState.font(-1),
            style=_TARGET,
        ),
        rx.button(
            "A+",
            variant="soft",
            size="3",
            aria_label="A+ chữ lớn hơn",
            on_click=ReaderState.font(1),
            style=_TARGET,
        ),
        rx.cond(
            ReaderState.can_bookmark,
            rx.icon_button(
                rx.cond(
                    ReaderState.bookmarked,
                    rx.icon("bookmark-check", size=20),
                    rx.icon("bookmark", size=20),
                ),
                variant=rx.cond(ReaderState.bookmarked, "solid", "soft"),
                size="3",
                aria_label=rx.cond(ReaderState.bookmarked, "Bỏ đánh dấu trang", "Đánh dấu trang"),
                aria_pressed=ReaderState.bookmarked,
                on_click=ReaderState.toggle_bookmark,
            ),
        ),
        rx.spacer(),
        rx.cond(
            ReaderState.can_highlight,
            rx.button(
                rx.icon("highlighter", size=18),
                rx.cond(ReaderState.marking, "Thôi", "Ghi chú"),
                variant=rx.cond(ReaderState.marking, "solid", "soft"),
                size="3",
                aria_pressed=ReaderState.marking,
                on_click=ReaderState.toggle_marking,
            ),
        ),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _highlight_form() -> rx.Component:
    return rx.cond(
        ReaderState.marking,
        rx.card(
            rx.cond(
                ReaderState.chosen >= 0,
                rx.form(
                    rx.flex(
                        rx.text(
                            ReaderState.chosen_text,
                            size="2",
                            color_scheme="gray",
                            style={"maxHeight": "4.5em", "overflow": "hidden"},
                        ),
                        rx.text_area(
                            name="note",
                            placeholder="Ghi chú của bạn (không bắt buộc)",
                            rows="2",
                            size="3",
                            aria_label="Ghi chú",
                        ),
                        rx.button("Lưu đánh dấu", type="submit", size="3"),
                        direction="column",
                        spacing="2",
                    ),
                    on_submit=ReaderState.save_highlight,
                    reset_on_submit=True,
                ),
                rx.text("Chạm vào đoạn văn cần đánh dấu.", size="3"),
            ),
            role="region",
            aria_label="Đánh dấu đoạn",
        ),
    )


def _pager() -> rx.Component:
    link_style = {"minHeight": "44px", "display": "inline-flex", "alignItems": "center"}
    return rx.flex(
        rx.cond(
            ReaderState.previous_href != "",
            rx.link("‹ Trước", href=ReaderState.previous_href, size="3", style=link_style),
        ),
        rx.spacer(),
        rx.cond(
            ReaderState.next_href != "",
            rx.link("Tiếp ›", href=ReaderState.next_href, size="3", style=link_style),
        ),
        align="center",
    )


def reader_page() -> rx.Component:
    content = rx.flex(
        rx.link(
            ReaderState.document_title,
            href=ReaderState.document_href,
            size="2",
            style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
        ),
        _toolbar(),
        rx.cond(
            ~ReaderState.live,
            rx.callout(
                "Điều này không còn trong bản hiện hành của văn kiện.",
                icon="info",
                color_scheme="amber",
            ),
        ),
        rx.el.article(
            rx.heading(ReaderState.heading, as_="h2", size="5", style={"marginBottom": "0.75em"}),
            rx.foreach(ReaderState.blocks, _block),
            style={"fontSize": ReaderState.text_size},
            aria_label="Nội dung",
        ),
        _highlight_form(),
        rx.cond(
            ReaderState.notes.length() > 0,
            section("Đoạn đã đánh dấu", rx.foreach(ReaderState.notes, _note)),
        ),
        _pager(),
        direction="column",
        spacing="3",
    )
    return app_shell(
        "Đọc văn kiện",
        *screen(ReaderState, rx.cond(ReaderState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )
