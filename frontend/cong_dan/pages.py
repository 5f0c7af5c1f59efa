"""/cong-dan: the citizen's own page (his record, consent, download, erase);
/cong-dan/dang-nhap: sign in with VNeID; /cong-dan/dong-y: the consent notice (Luật 91/2025);
/cong-dan/loi: why a VNeID sign-in did not go through. Phone first."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.area import Area, Page
from frontend.components.confirm import confirm_dialog
from frontend.components.layout import app_shell, loading_skeleton
from frontend.components.public import error_callout, public_page
from frontend.components.vneid import vneid_button
from frontend.cong_dan import client as citizens
from frontend.cong_dan.state import (
    CitizenLoginState,
    CitizenState,
    ConsentState,
    FailureState,
    NoticeSection,
)


def citizen_login_page() -> rx.Component:
    return public_page(
        rx.el.h1("Công dân đăng nhập", class_name="dangbo-public-title"),
        rx.cond(
            CitizenLoginState.erased,
            rx.callout(
                "Dữ liệu của bạn đã được xóa và bạn đã được đăng xuất.",
                icon="circle-check",
                color_scheme="green",
                role="status",
            ),
        ),
        rx.el.p(
            "Góp ý dự thảo văn kiện bằng tài khoản định danh điện tử VNeID (mức 2). Bạn sẽ được "
            "chuyển sang VNeID để xác nhận, rồi quay lại đây.",
            class_name="dangbo-muted",
        ),
        vneid_button(),
        rx.el.ul(
            rx.el.li("Ứng dụng không lưu số định danh cá nhân, chỉ lưu một mã băm có khóa."),
            rx.el.li("Họ tên được mã hóa; không lưu ngày sinh, chỉ lưu nhóm tuổi."),
            rx.el.li("Công chúng chỉ thấy bí danh của bạn, không thấy họ tên."),
            class_name="dangbo-muted dangbo-small",
        ),
        rx.el.nav(
            rx.el.a(
                "Cán bộ, đảng viên: đăng nhập bằng khóa truy cập",
                href=routes.LOGIN,
                class_name="dangbo-public-link",
            ),
            class_name="dangbo-public-links",
        ),
    )


def failure_page() -> rx.Component:
    return public_page(
        rx.el.h1(FailureState.title, class_name="dangbo-public-title", id="vneid-failure"),
        rx.callout(FailureState.text, icon="circle-alert", color_scheme="red", role="alert"),
        vneid_button("Đăng nhập lại bằng VNeID"),
        rx.el.nav(
            rx.el.a(
                "Về trang đăng nhập", href=routes.CITIZEN_LOGIN, class_name="dangbo-public-link"
            ),
            class_name="dangbo-public-links",
        ),
    )


def _section(section: NoticeSection) -> rx.Component:
    return rx.flex(
        rx.heading(section.heading, as_="h2", size="4"),
        rx.foreach(section.paragraphs, lambda p: rx.text(p, size="3")),
        direction="column",
        spacing="2",
    )


def consent_page() -> rx.Component:
    return app_shell(
        "Đồng ý xử lý dữ liệu",
        rx.cond(
            ConsentState.loading,
            loading_skeleton(),
            rx.flex(
                rx.heading(ConsentState.title, as_="h1", size="5", id="consent-title"),
                rx.text("Phiên bản ", ConsentState.version, color_scheme="gray", size="2"),
                rx.foreach(ConsentState.sections, _section),
                error_callout(ConsentState.error),
                rx.cond(
                    ConsentState.accepted,
                    rx.flex(
                        rx.callout(
                            "Bạn đã đồng ý lúc " + ConsentState.accepted_at + ".",
                            icon="circle-check",
                            color_scheme="green",
                        ),
                        rx.link(
                            "Tiếp tục",
                            href=routes.CITIZEN,
                            size="3",
                            class_name="dangbo-link-target",
                        ),
                        direction="column",
                        spacing="3",
                    ),
                    rx.button(
                        "Tôi đã đọc và đồng ý",
                        on_click=ConsentState.accept,
                        loading=ConsentState.busy,
                        size="3",
                        id="consent-accept",
                        min_height="48px",
                    ),
                ),
                rx.text(
                    "Nếu không đồng ý, bạn vẫn đọc được dự thảo nhưng chưa gửi được góp ý.",
                    color_scheme="gray",
                    size="2",
                ),
                direction="column",
                spacing="4",
            ),
        ),
        active_tab="cong_dan",
    )


def _fact(label: str, value) -> rx.Component:
    return rx.flex(
        rx.text(label, color_scheme="gray", size="2"),
        rx.text(value, weight="medium"),
        direction="column",
    )


def _erase_dialog() -> rx.Component:
    return confirm_dialog(
        title="Xóa dữ liệu của bạn?",
        description="Khóa riêng của bạn sẽ bị hủy: họ tên đã mã hóa và mối liên hệ giữa bạn với "
        "các ý kiến không thể khôi phục. Nội dung ý kiến có thể được giữ lại dưới dạng ẩn "
        "danh. Bạn sẽ bị đăng xuất. Không thể hoàn tác.",
        cancel="Không xóa",
        action=rx.button(
            "Xóa dữ liệu",
            color_scheme="red",
            size="3",
            on_click=CitizenState.erase,
            loading=CitizenState.busy,
            id="erase-confirm",
        ),
        open=CitizenState.erase_open,
        on_open_change=CitizenState.close_erase,
    )


def citizen_page() -> rx.Component:
    return app_shell(
        "Công dân",
        rx.cond(
            CitizenState.loading,
            loading_skeleton(),
            rx.flex(
                error_callout(CitizenState.error),
                rx.card(
                    rx.flex(
                        rx.heading("Dữ liệu của tôi", as_="h1", size="5"),
                        _fact("Họ và tên", CitizenState.full_name),
                        _fact("Nhóm tuổi", CitizenState.age_band),
                        _fact("Nơi cư trú", CitizenState.place),
                        _fact("Mức định danh VNeID", CitizenState.account_level),
                        direction="column",
                        spacing="3",
                    ),
                    size="2",
                ),
                rx.cond(
                    CitizenState.consent_at != "",
                    rx.text("Đã đồng ý thông báo xử lý dữ liệu lúc ", CitizenState.consent_at),
                    rx.link(
                        "Đọc thông báo xử lý dữ liệu cá nhân để bắt đầu góp ý",
                        href=routes.CITIZEN_CONSENT,
                        size="3",
                        class_name="dangbo-link-target",
                    ),
                ),
                rx.link(
                    "Góp ý dự thảo văn kiện",
                    href=routes.FEEDBACK,
                    size="3",
                    class_name="dangbo-link-target",
                ),
                rx.el.a(
                    rx.button(
                        rx.icon("download", size=18),
                        "Tải toàn bộ dữ liệu của tôi (JSON)",
                        variant="soft",
                        size="3",
                        width="100%",
                        min_height="48px",
                    ),
                    href=citizens.MY_DATA.path,
                    download="du-lieu-cua-toi.json",
                    custom_attrs={"reloadDocument": True},  # the browser fetches it, not the router
                    id="download-data",
                ),
                rx.button(
                    rx.icon("trash-2", size=18),
                    "Xóa dữ liệu của tôi",
                    color_scheme="red",
                    variant="outline",
                    size="3",
                    min_height="48px",
                    on_click=CitizenState.ask_erase,
                    id="erase-data",
                ),
                _erase_dialog(),
                direction="column",
                spacing="4",
            ),
        ),
        active_tab="cong_dan",
    )


AREA = Area(
    name="cong_dan",
    pages=[
        Page(
            route=routes.CITIZEN,
            component=citizen_page,
            title="Công dân",
            on_load=[CitizenState.load],
        ),
        Page(
            route=routes.CITIZEN_CONSENT,
            component=consent_page,
            title="Đồng ý xử lý dữ liệu",
            on_load=[ConsentState.load],
        ),
        Page(
            route=routes.CITIZEN_LOGIN,
            component=citizen_login_page,
            title="Công dân đăng nhập",
            public=True,
        ),
        Page(
            route=routes.CITIZEN_FAILURE,
            component=failure_page,
            title="Đăng nhập VNeID",
            public=True,
        ),
    ],
)
