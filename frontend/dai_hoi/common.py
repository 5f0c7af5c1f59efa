"""What the congress's screens share: the congress's heading, its agenda, the links to the
screens the caller may use, and the skeleton shown while another congress's data is held."""

from __future__ import annotations

import reflex as rx

from frontend.components.route import route_param
from frontend.dai_hoi.congress_state import CongressState, DocumentLine, ItemLine, SessionLine
from frontend.so_tay.common import empty, link_row, section


def _can(action: str) -> rx.Var[bool]:
    return CongressState.can[action]


def this_congress(*children: rx.Component) -> rx.Component:
    """The children once the congress of the address is loaded; a skeleton until then (the
    state may still hold the congress of the previous page)."""
    return rx.cond(
        CongressState.loaded
        & (CongressState.congress_id.to_string() == route_param("congress_id").to(str)),
        rx.flex(*children, direction="column", spacing="4"),
        rx.flex(
            *[rx.skeleton(height="96px", loading=True) for _ in range(3)],
            direction="column",
            spacing="3",
        ),
    )


def only_for(offered: rx.Var[bool], who: str, *children: rx.Component) -> rx.Component:
    """A body's screen: its content for those the congress's ``actions`` allow, else a
    sentence saying whose screen it is (the API refuses them its data anyway)."""
    return rx.cond(
        offered,
        rx.flex(*children, direction="column", spacing="4"),
        rx.callout(
            f"Màn hình này dành cho {who} của đại hội.",
            icon="lock",
            color_scheme="gray",
            role="status",
        ),
    )


def congress_heading() -> rx.Component:
    return rx.flex(
        rx.heading(CongressState.name, as_="h1", size="5"),
        rx.text(
            CongressState.kind_label,
            " nhiệm kỳ ",
            CongressState.term,
            " · ",
            CongressState.when,
            rx.cond(CongressState.venue != "", " · " + CongressState.venue, ""),
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            CongressState.roles_line != "",
            rx.text(
                "Bạn tham dự với tư cách: ", rx.text.strong(CongressState.roles_line), size="2"
            ),
        ),
        direction="column",
        spacing="1",
    )


def _item(item: ItemLine) -> rx.Component:
    return rx.flex(
        rx.text(item.label, size="3", weight="medium"),
        rx.text(item.note, size="2", color_scheme="gray"),
        direction="column",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
        class_name="dangbo-agenda-item",
        # The item under way is marked by dai-hoi-truc-tiep.js as the agenda moves.
        custom_attrs={"data-agenda-item": item.id},
    )


def _session(s: SessionLine) -> rx.Component:
    return rx.flex(
        rx.heading(s.title, as_="h3", size="3"),
        rx.text(s.when, size="2", color_scheme="gray"),
        rx.foreach(s.agenda, _item),
        direction="column",
        spacing="1",
    )


def agenda_section() -> rx.Component:
    return section(
        "Chương trình",
        rx.cond(
            CongressState.sessions.length() > 0,
            rx.foreach(CongressState.sessions, _session),
            empty("Chưa có chương trình."),
        ),
    )


def document_text(d: DocumentLine) -> rx.Component:
    return rx.flex(
        rx.text(d.title, size="3", weight="medium", style={"overflowWrap": "anywhere"}),
        rx.text(d.note, size="2", color_scheme="gray", style={"overflowWrap": "anywhere"}),
        direction="column",
        spacing="1",
    )


def document_link(d: DocumentLine, *children: rx.Component, **style) -> rx.Component:
    """A congress document: a file downloads where it is (an ``<a download>``, not the app's
    own navigation, which would look for a page at /api/files/…); a document of the register
    opens its page."""
    return rx.cond(
        d.is_file,
        rx.el.a(
            *children,
            href=d.href,
            download="",
            # Reflex draws a link as React Router's, which would route the address inside the
            # app: the browser itself must follow it, so that it downloads the file.
            custom_attrs={"reloadDocument": True},
            style={"color": "inherit", **style},
        ),
        rx.link(*children, href=d.href, underline="none", color="inherit", style=style),
    )


def _document(d: DocumentLine) -> rx.Component:
    return document_link(
        d,
        rx.flex(
            rx.icon(rx.cond(d.is_file, "download", "file-text"), size=20, flex_shrink="0"),
            document_text(d),
            align="center",
            spacing="2",
            min_height="48px",
            padding_y="6px",
            style={"borderBottom": "1px solid var(--gray-a4)"},
        ),
        display="block",
        textDecoration="none",
    )


def documents_section() -> rx.Component:
    return section(
        "Tài liệu",
        rx.cond(
            CongressState.documents.length() > 0,
            rx.flex(rx.foreach(CongressState.documents, _document), direction="column"),
            empty("Chưa có tài liệu."),
        ),
    )


def screens_section() -> rx.Component:
    """Links to the screens of the bodies the caller belongs to (from ``actions``)."""
    links = [
        ("check_in", "checkin", "Điểm danh đại biểu", "Quét thẻ đại biểu hoặc nhập số thẻ"),
        ("view_console", "console", "Điều hành", "Chương trình, điểm danh, người phát biểu"),
        (
            "review_credentials",
            "credentials",
            "Thẩm tra tư cách đại biểu",
            "Danh sách thẩm tra và báo cáo",
        ),
        ("view_credentials_report", "credentials", "Báo cáo thẩm tra tư cách", ""),
        (
            "print_cards",
            "credentials",
            "Thẻ đại biểu và báo cáo thẩm tra",
            "In thẻ đại biểu (A4), cấp lại thẻ bị mất",
        ),
        ("edit_setup", "setup", "Thiết lập đại hội", "Phiên họp, chương trình, các ban, đại biểu"),
        ("view_projector", "projector", "Màn chiếu hội trường", "Mở trên máy nối với máy chiếu"),
    ]

    def shown(action: str, target: str, title: str, note: str) -> rx.Component:
        offered = _can(action)
        if action == "view_credentials_report":  # one link to the page, the fullest
            offered = offered & ~_can("review_credentials") & ~_can("print_cards")
        return rx.cond(offered, link_row(CongressState.href[target], title, note))

    any_link = (
        _can("check_in")
        | _can("view_console")
        | _can("view_projector")
        | _can("view_credentials_report")
        | _can("edit_setup")
    )
    return rx.cond(
        any_link,
        section(
            "Việc của tôi ở đại hội",
            rx.flex(*[shown(*link) for link in links], direction="column"),
        ),
    )
