"""/quan-tri/xac-nhan-khoi-phuc: the second person confirms a held account recovery with his
own passkey."""

from __future__ import annotations

import reflex as rx

from frontend.admin import client
from frontend.admin.confirm_state import ConfirmState, HeldRow
from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.public import error_callout, notice_callout

# The recovery the open dialog is about, from its element (the id is data, not code).
_SELECTED = "document.getElementById('recovery-to-confirm').dataset.recoveryId"

# The step-up of the confirmation (POST begin, the passkey's assertion, POST finish), with the
# helpers of /passkey.js and /app.js; resolves to "" when confirmed, else to the reason. Written
# here rather than as signing.js's signWithPasskey, whose words are about signing a document.
CONFIRM_SCRIPT = (
    "(async (begin, finish) => {"
    " const webauthn = window.dangbo && window.dangbo.webauthn;"
    " if (!(webauthn && window.PublicKeyCredential && navigator.credentials))"
    "  return 'Trình duyệt này không hỗ trợ khóa truy cập nên không xác nhận được.';"
    " try {"
    "  const challenge = await window.dangbo.post(begin, {});"
    "  const credential = await navigator.credentials.get("
    "{ publicKey: webauthn.requestOptions(challenge.options) });"
    "  await window.dangbo.post(finish,"
    " { ceremony: challenge.ceremony, credential: webauthn.credentialJSON(credential) });"
    "  return '';"
    " } catch (error) {"
    "  const name = error && error.name;"
    "  if (name === 'NotAllowedError' || name === 'AbortError')"
    "   return 'Bạn đã hủy xác nhận hoặc đã hết thời gian. Khôi phục chưa được xác nhận.';"
    "  if (name === 'TypeError') return 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';"
    "  return (error && error.status && error.message) || 'Không xác nhận được. Hãy thử lại.';"
    " }"
    f"}})({client.CONFIRM_BEGIN.js_url(recovery_id=_SELECTED)},"
    f" {client.CONFIRM_FINISH.js_url(recovery_id=_SELECTED)})"
)


def _line(label: str, *value) -> rx.Component:
    return rx.text(rx.text.span(label, color="var(--gray-11)"), *value, size="2")


def _held(row: HeldRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text(row.full_name, weight="bold", size="3"),
            rx.text(row.username, " · ", row.organisation, size="2", color_scheme="gray"),
            _line("Liên kết do ", rx.text.strong(row.issued_by), " cấp lúc ", row.issued_at),
            rx.cond(
                row.revoked_existing,
                _line("Đã thu hồi mọi khóa cũ và đăng xuất mọi thiết bị cũ."),
            ),
            _line("Khóa mới: ", rx.text.strong(row.passkey_name), " (", row.enrolled_at, ")"),
            _line("Tự dùng được từ ", rx.text.strong(row.release_at), " nếu không ai từ chối"),
            rx.button(
                rx.icon("user-check", size=18),
                "Xác nhận",
                size="3",
                margin_top="4px",
                on_click=ConfirmState.ask(row.id, row.full_name),
                class_name="recovery-confirm",
            ),
            direction="column",
            spacing="1",
        ),
        size="2",
    )


def _dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Xác nhận khôi phục tài khoản?"),
            rx.alert_dialog.description(
                rx.text(
                    "Chỉ xác nhận khi bạn đã chắc chắn, qua gặp mặt hoặc gọi điện, rằng chính ",
                    rx.text.strong(ConfirmState.selected_name),
                    " vừa đăng ký khóa truy cập mới. Sau khi xác nhận, khóa mới làm được mọi "
                    "việc của tài khoản, kể cả ký số.",
                ),
            ),
            rx.el.div(
                error_callout(ConfirmState.dialog_error),
                id="recovery-to-confirm",
                data_recovery_id=ConfirmState.selected_id,
                style={"marginTop": "12px"},
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Hủy", variant="soft", color_scheme="gray", size="3", width="100%")
                ),
                rx.button(
                    rx.icon("fingerprint", size=18),
                    "Xác nhận bằng khóa truy cập",
                    id="confirm-recovery",
                    size="3",
                    width="100%",
                    loading=ConfirmState.dialog_busy,
                    on_click=[ConfirmState.start, js_call(CONFIRM_SCRIPT, ConfirmState.confirmed)],
                ),
                spacing="3",
                direction="column-reverse",  # the action first, "Hủy" under it
                margin_top="16px",
            ),
            max_width="440px",
        ),
        open=ConfirmState.dialog_open,
        on_open_change=ConfirmState.close,
    )


def confirm_page() -> rx.Component:
    return app_shell(
        "Xác nhận khôi phục",
        rx.text(
            "Mỗi khóa truy cập dưới đây được đăng ký qua liên kết khôi phục do quản trị cấp và "
            "đang bị giữ. Bạn là người thứ hai: xác nhận bằng khóa truy cập của chính bạn.",
            color_scheme="gray",
        ),
        error_callout(ConfirmState.error),
        notice_callout(ConfirmState.notice),
        rx.cond(
            ConfirmState.loading,
            rx.skeleton(height="120px", loading=True),
            rx.cond(
                ConfirmState.rows.length() > 0,
                rx.flex(rx.foreach(ConfirmState.rows, _held), direction="column", spacing="3"),
                rx.text(
                    "Không có khôi phục tài khoản nào chờ bạn xác nhận.",
                    id="nothing-to-confirm",
                ),
            ),
        ),
        _dialog(),
    )
