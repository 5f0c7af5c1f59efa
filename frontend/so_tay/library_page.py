"""The library's shelves: /so-tay/thu-vien, a collection, a document's table of contents."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.layout import app_shell
from frontend.so_tay.common import empty, link_row, screen, section
from frontend.so_tay.library_state import CollectionState, LibraryState, TocLine, TocState


def _lines(rows: rx.Var, none: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.flex(rx.foreach(rows, lambda r: link_row(r.href, r.title, r.note)), direction="column"),
        empty(none),
    )


def _offline_note() -> rx.Component:
    # The seam for offline reading: the library goes into the one offline store of pwa/public
    # (offline-docs.js) with the saved documents; until then it is read online.
    return rx.text(
        "Thư viện hiện đọc trực tuyến; tải về để đọc khi không có mạng sẽ có ở bản sau.",
        size="2",
        color_scheme="gray",
    )


def library_page() -> rx.Component:
    content = rx.flex(
        rx.cond(
            LibraryState.continue_reading.length() > 0,
            section("Đọc tiếp", _lines(LibraryState.continue_reading, "")),
        ),
        section("Tủ sách", _lines(LibraryState.collections, "Thư viện chưa có văn kiện nào.")),
        rx.cond(
            LibraryState.changes.length() > 0,
            section(
                "Có gì mới từ lần trước",
                rx.cond(
                    LibraryState.changes_since != "",
                    rx.text(LibraryState.changes_since, size="2", color_scheme="gray"),
                ),
                _lines(LibraryState.changes, ""),
                rx.button("Đã xem", variant="soft", size="3", on_click=LibraryState.mark_seen),
            ),
        ),
        rx.cond(
            LibraryState.bookmarks.length() > 0,
            section("Đánh dấu trang", _lines(LibraryState.bookmarks, "")),
        ),
        _offline_note(),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Thư viện văn kiện",
        *screen(LibraryState, rx.cond(LibraryState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )


def collection_page() -> rx.Component:
    content = section(
        CollectionState.title,
        rx.cond(
            CollectionState.description != "",
            rx.text(CollectionState.description, size="2", color_scheme="gray"),
        ),
        _lines(CollectionState.documents, "Tủ sách này chưa có văn kiện nào."),
    )
    return app_shell(
        "Tủ sách",
        rx.link(
            "‹ Thư viện",
            href=routes.HANDBOOK_LIBRARY,
            size="3",
            style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
        ),
        *screen(CollectionState, rx.cond(CollectionState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )


def _toc_line(line: TocLine) -> rx.Component:
    return rx.link(
        rx.text(line.title, size="3", weight=rx.cond(line.heading, "bold", "regular")),
        href=line.href,
        underline="none",
        color="inherit",
        style={
            "display": "flex",
            "alignItems": "center",
            "minHeight": "44px",
            "paddingLeft": line.indent,
            "borderBottom": "1px solid var(--gray-a4)",
        },
    )


def document_page() -> rx.Component:
    content = rx.flex(
        rx.link(
            "‹ ",
            TocState.collection_title,
            href=TocState.collection_href,
            size="3",
            style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
        ),
        section(
            TocState.title,
            rx.text(TocState.about, size="2", color_scheme="gray"),
            rx.cond(TocState.summary != "", rx.text(TocState.summary, size="3")),
        ),
        section(
            "Mục lục",
            rx.cond(
                TocState.toc.length() > 0,
                rx.el.nav(rx.foreach(TocState.toc, _toc_line), aria_label="Mục lục"),
                empty("Văn kiện chưa được xuất bản."),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Văn kiện",
        *screen(TocState, rx.cond(TocState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )
