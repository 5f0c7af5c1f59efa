"""/dai-hoi/[congress_id]/thiet-lap: the organising committee sets the congress up — sessions
and their agenda, the documents for the delegates, the bodies (members proposed, the congress's
show of hands recorded), the delegate list imported from a file."""

from __future__ import annotations

import reflex as rx

from frontend.components.import_panel import import_panel
from frontend.components.layout import app_shell
from frontend.components.public import action_notice
from frontend.dai_hoi.common import agenda_section, only_for, this_congress
from frontend.dai_hoi.congress_state import BodyLine, CongressState, MemberLine, SessionLine
from frontend.dai_hoi.delegate_import_state import MAX_MB, UPLOAD_ID, DelegateImportState
from frontend.dai_hoi.setup_documents import documents_setup_section
from frontend.dai_hoi.setup_documents_state import SetupDocumentsState
from frontend.dai_hoi.setup_state import SetupState
from frontend.so_tay.common import screen, section


def _field(label: str, name: str, form: str, **props) -> rx.Component:
    field_id = f"{form}-{name}"
    return rx.flex(
        rx.el.label(label, html_for=field_id),
        rx.input(id=field_id, name=name, size="3", **props),
        direction="column",
        spacing="1",
        style={"flex": "1", "minWidth": "140px"},
    )


def _session_form() -> rx.Component:
    return section(
        "Thêm phiên họp",
        rx.form(
            rx.flex(
                _field("Tên phiên họp", "title", "session", required=True),
                rx.flex(
                    _field(
                        "Ngày", "day", "session", placeholder="dd/mm/yyyy", input_mode="numeric"
                    ),
                    _field("Giờ", "time", "session", placeholder="hh:mm", input_mode="numeric"),
                    spacing="2",
                    wrap="wrap",
                ),
                rx.button("Thêm phiên họp", type="submit", size="3", loading=SetupState.busy),
                direction="column",
                spacing="2",
            ),
            on_submit=SetupState.add_session,
            reset_on_submit=True,
        ),
    )


def _session_option(s: SessionLine) -> rx.Component:
    return rx.el.option(s.title, value=s.id)


def _item_form() -> rx.Component:
    return rx.cond(
        CongressState.sessions.length() > 0,
        section(
            "Thêm nội dung vào chương trình",
            rx.form(
                rx.flex(
                    rx.el.label("Phiên họp", html_for="item-session"),
                    rx.el.select(
                        rx.foreach(CongressState.sessions, _session_option),
                        id="item-session",
                        name="session_id",
                        class_name="dangbo-select",
                    ),
                    _field("Nội dung", "title", "item", required=True),
                    _field("Người trình bày", "presenter", "item"),
                    _field("Thời lượng (phút)", "minutes", "item", input_mode="numeric"),
                    rx.button("Thêm nội dung", type="submit", size="3", loading=SetupState.busy),
                    direction="column",
                    spacing="2",
                ),
                on_submit=SetupState.add_item,
                reset_on_submit=True,
            ),
        ),
    )


def _member(m: MemberLine) -> rx.Component:
    return rx.text(m.name, " — ", m.title, size="2")


def _body(b: BodyLine) -> rx.Component:
    return rx.flex(
        rx.heading(b.label, as_="h3", size="3"),
        rx.cond(
            b.members.length() > 0,
            rx.foreach(b.members, _member),
            rx.text("Chưa có thành viên.", size="2", color_scheme="gray"),
        ),
        rx.cond(b.approval != "", rx.text(b.approval, size="2", color_scheme="gray")),
        rx.cond(
            CongressState.can["assign_bodies"],
            rx.form(
                rx.el.input(type="hidden", name="body", value=b.body),
                rx.flex(
                    rx.input(
                        name="username",
                        placeholder="Tên đăng nhập",
                        aria_label="Tên đăng nhập của thành viên",
                        size="3",
                        required=True,
                        style={"flex": "1", "minWidth": "140px"},
                    ),
                    rx.input(
                        name="title",
                        placeholder="Chức danh",
                        aria_label="Chức danh trong ban",
                        size="3",
                        style={"flex": "1", "minWidth": "140px"},
                    ),
                    rx.button("Thêm", type="submit", size="3"),
                    spacing="2",
                    wrap="wrap",
                ),
                on_submit=SetupState.add_member,
                reset_on_submit=True,
            ),
        ),
        rx.cond(
            b.needs_approval & CongressState.can["record_approval"] & (b.members.length() > 0),
            rx.form(
                rx.el.input(type="hidden", name="body", value=b.body),
                rx.text("Kết quả biểu quyết (giơ tay)", size="2", weight="medium"),
                rx.flex(
                    *[
                        rx.input(
                            name=name,
                            placeholder=label,
                            aria_label=label,
                            input_mode="numeric",
                            size="3",
                            style={"flex": "1", "minWidth": "96px"},
                        )
                        for name, label in (
                            ("for", "Tán thành"),
                            ("against", "Không tán thành"),
                            ("abstain", "Không biểu quyết"),
                        )
                    ],
                    rx.button("Ghi kết quả", type="submit", size="3", variant="soft"),
                    spacing="2",
                    wrap="wrap",
                ),
                on_submit=SetupState.record_approval,
                reset_on_submit=True,
            ),
        ),
        direction="column",
        spacing="2",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def setup_page() -> rx.Component:
    return app_shell(
        "Thiết lập đại hội",
        *screen(
            CongressState,
            this_congress(
                rx.heading(CongressState.name, as_="h1", size="4"),
                only_for(
                    CongressState.can["edit_setup"]
                    | CongressState.can["assign_bodies"]
                    | CongressState.can["import_delegates"]
                    | CongressState.can["record_approval"],
                    "Ban Tổ chức",
                    rx.cond(CongressState.can["edit_setup"], _session_form()),
                    rx.cond(CongressState.can["edit_setup"], _item_form()),
                    agenda_section(),
                    rx.cond(CongressState.can["edit_setup"], documents_setup_section()),
                    section("Các ban của đại hội", rx.foreach(CongressState.bodies, _body)),
                    rx.cond(
                        CongressState.can["import_delegates"],
                        section(
                            "Nhập danh sách đại biểu",
                            rx.text("Đại biểu được triệu tập: ", CongressState.summoned, size="2"),
                            *import_panel(
                                DelegateImportState,
                                note="Tệp CSV hoặc Excel (.xlsx) theo mẫu; nhập lại thì cập nhật "
                                "theo số thẻ đại biểu. Chỉ ghi khi mọi dòng đều đúng.",
                                pick="Chọn tệp danh sách đại biểu",
                                label="Chọn tệp danh sách đại biểu để nhập",
                                upload_id=UPLOAD_ID,
                                max_mb=MAX_MB,
                            ),
                        ),
                    ),
                ),
            ),
        ),
        action_notice(SetupState),
        action_notice(SetupDocumentsState),
        active_tab="dai_hoi",
    )
