"""The frame of every signed-in page: a header, the content, the bottom navigation.

    app_shell("Văn bản", *children, active_tab="van_ban", header_actions=[...])

``header_actions`` is the slot on the right of the header; the notification bell comes
first and the account button always comes last.

The bottom navigation holds the Party's areas (``TABS``), or, for a citizen signed in through
VNeID, the citizens' (``CITIZEN_TABS``): which one comes from the API's global actions
(``citizen_areas``), not from a role list here.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.cong_dan import client as citizens
from frontend.session import SessionState, offered
from frontend.thong_bao.bell import notification_bell
from shared.citizens import CitizenAction


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    href: str
    icon: str


# The Party's areas: cadres, Party members, delegates, editors, administrators.
TABS = (
    Tab("van_ban", "Văn bản", routes.DOCUMENTS, "file-text"),
    Tab("so_tay", "Sổ tay", routes.HANDBOOK, "book-open"),
    Tab("dai_hoi", "Đại hội", routes.CONGRESS, "landmark"),
    Tab("gop_y", "Góp ý", routes.FEEDBACK, "message-square-text"),
    Tab("thong_bao", "Thông báo", routes.NOTIFICATIONS, "bell"),
)
# What a citizen uses: the consultations, his own comments, his notifications, his data.
CITIZEN_TABS = (
    Tab("gop_y", "Góp ý", routes.FEEDBACK, "message-square-text"),
    Tab("cua_toi", "Đã góp ý", routes.FEEDBACK_MINE, "message-square-check"),
    Tab("thong_bao", "Thông báo", routes.NOTIFICATIONS, "bell"),
    Tab("cong_dan", "Cá nhân", routes.CITIZEN, "id-card"),
)


def citizen_areas() -> rx.Var[bool]:
    """Whether the signed-in user gets the citizens' areas instead of the Party's: the API
    offers him a citizen's own data (``citizens.download_data``; the citizens' policy: a
    citizen signed in through VNeID). False until the session is known, so the prerendered
    page, and every cadre's first paint, keep the Party's areas."""
    return offered(citizens.DOMAIN, CitizenAction.DOWNLOAD_DATA)


HEADER_HEIGHT = "56px"
NAV_HEIGHT = "64px"
CONTENT_WIDTH = "640px"


def _tab(tab: Tab, active: bool) -> rx.Component:
    # Styled by .dangbo-tab in styles/app.css (the active tab by aria-current): a style object
    # here would be serialised by Emotion for each of the five tabs at every render.
    return rx.link(
        rx.icon(tab.icon, size=24, stroke_width=2.25 if active else 1.75),
        rx.el.span(tab.label),
        href=tab.href,
        underline="none",
        class_name="dangbo-tab",
        aria_current="page" if active else None,
    )


def _tab_row(tabs: tuple[Tab, ...], active_tab: str | None) -> rx.Component:
    return rx.flex(
        *[_tab(tab, tab.key == active_tab) for tab in tabs],
        max_width=CONTENT_WIDTH,
        margin="0 auto",
        height="100%",
    )


def bottom_nav(active_tab: str | None) -> rx.Component:
    return rx.el.nav(
        rx.cond(
            citizen_areas(),
            _tab_row(CITIZEN_TABS, active_tab),
            _tab_row(TABS, active_tab),
        ),
        aria_label="Chức năng chính",
        style={
            "position": "fixed",
            "bottom": "0",
            "left": "0",
            "right": "0",
            "height": f"calc({NAV_HEIGHT} + env(safe-area-inset-bottom))",
            "paddingBottom": "env(safe-area-inset-bottom)",
            "background": "var(--color-panel-solid)",
            "borderTop": "1px solid var(--gray-a5)",
            "zIndex": "10",
        },
    )


def account_button() -> rx.Component:
    # A plain link (.dangbo-header-button in styles/app.css): 44 x 44 px, the icon centred.
    return rx.link(
        rx.icon("circle-user-round", size=24, aria_hidden="true"),
        href=routes.ACCOUNT,
        aria_label="Tài khoản",
        class_name="dangbo-header-button",
    )


def header(title: str | rx.Var, actions: list[rx.Component] | None = None) -> rx.Component:
    return rx.el.header(
        rx.flex(
            rx.link(
                rx.image(src="/icons/mark.svg", alt="", width="32px", height="32px"),
                href=routes.HOME,
                aria_label="Trang chủ",
                style={"display": "flex", "minWidth": "44px", "minHeight": "44px"},
                align="center",
            ),
            rx.heading(
                title,
                as_="h1",
                size="4",
                weight="bold",
                style={
                    "flex": "1",
                    "minWidth": "0",
                    "overflow": "hidden",
                    "textOverflow": "ellipsis",
                    "whiteSpace": "nowrap",
                    "color": "white",
                },
            ),
            rx.flex(*(actions or []), account_button(), align="center", spacing="1"),
            align="center",
            spacing="2",
            max_width=CONTENT_WIDTH,
            margin="0 auto",
            height="100%",
            padding_x="12px",
        ),
        style={
            "position": "sticky",
            "top": "0",
            "height": HEADER_HEIGHT,
            "background": "var(--red-10)",
            "zIndex": "10",
        },
    )


def loading_skeleton() -> rx.Component:
    return rx.flex(
        *[rx.skeleton(height=h, width="100%", loading=True) for h in ("28px", "88px", "88px")],
        direction="column",
        spacing="3",
        aria_busy="true",
        aria_label="Đang tải",
    )


def recovery_banner() -> rx.Component:
    """On every signed-in page while a recovery of the user's own account may still be refused
    (an administrator issued a link for a new passkey): where to see and refuse it."""
    return rx.cond(
        SessionState.recoveries_to_review > 0,
        rx.callout(
            rx.link(
                "Tài khoản của bạn đang được khôi phục trên một thiết bị khác. Nếu không phải "
                "bạn, hãy xem và từ chối ngay.",
                href=f"{routes.ACCOUNT}#khoi-phuc",
                style={"color": "var(--red-11)", "textDecoration": "underline"},
            ),
            icon="shield-alert",
            color_scheme="red",
            role="alert",
            id="recovery-banner",
        ),
    )


def app_shell(
    title: str | rx.Var,
    *children: rx.Component,
    active_tab: str | None = None,
    header_actions: list[rx.Component] | None = None,
    wait_for_session: bool = True,
    content_width: str = CONTENT_WIDTH,
) -> rx.Component:
    """A signed-in page (a ``Page`` of its area that is not ``public``, so its load runs
    ``SessionState.require_login`` first): until the API has said who is signed in, a
    skeleton stands in for the content.

    ``wait_for_session=False`` is for content that is the same for everyone (the home
    screen's areas): it is in the prerendered page and shows at once, before the app's
    scripts have loaded; the parts that depend on the user wait for the session themselves.
    ``content_width``: wider for a screen made for a tablet (the congress console).
    """
    error = rx.callout(SessionState.load_error, icon="triangle-alert", color_scheme="red")
    content = rx.flex(recovery_banner(), *children, direction="column", spacing="4")
    return rx.box(
        header(title, [notification_bell(), *(header_actions or [])]),
        rx.el.main(
            rx.cond(
                SessionState.load_error != "",
                error,
                rx.cond(SessionState.signed_in, content, loading_skeleton()),
            )
            if wait_for_session
            else rx.flex(
                rx.cond(SessionState.load_error != "", error),
                content,
                direction="column",
                spacing="4",
            ),
            style={
                "maxWidth": content_width,
                "margin": "0 auto",
                "padding": f"16px 16px calc({NAV_HEIGHT} + 24px + env(safe-area-inset-bottom))",
            },
        ),
        bottom_nav(active_tab),
        min_height="100dvh",
        background="var(--gray-2)",
    )


def under_construction(area: str, what: str) -> rx.Component:
    """What an area not built yet says, plainly."""
    return rx.card(
        rx.flex(
            rx.icon("hammer", size=28, color="var(--red-11)"),
            rx.heading(f"Chức năng {area} đang được xây dựng", as_="h2", size="4"),
            rx.text(what, color_scheme="gray"),
            rx.text(
                "Trong lúc chờ, bạn vẫn dùng được các chức năng khác ở thanh bên dưới.",
                color_scheme="gray",
            ),
            direction="column",
            spacing="3",
        ),
        size="3",
    )
