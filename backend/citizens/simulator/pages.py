"""The simulator's pages, in Vietnamese: the sign-in page (test citizens, a form to enter one,
cancel) and its error page. Plain HTML, no script."""

from __future__ import annotations

from html import escape

from backend.citizens.simulator.people import TEST_CITIZENS

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f5f5f5;color:#1a1a1a;font-size:16px}
main{max-width:480px;margin:0 auto;padding:16px}
h1{font-size:1.4rem;color:#a4161a}
.warn{background:#fff3cd;border:1px solid #e0c060;padding:12px;border-radius:8px}
form.person button,button{width:100%;min-height:48px;margin:6px 0;font-size:1rem;
border-radius:8px;border:1px solid #a4161a;background:#fff;color:#a4161a;cursor:pointer}
button.primary{background:#a4161a;color:#fff}
label{display:block;margin-top:10px;font-weight:600}
input,select{width:100%;min-height:44px;font-size:1rem;box-sizing:border-box;padding:6px}
fieldset{border:1px solid #ccc;border-radius:8px;margin-top:16px}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _hidden(params: dict[str, str]) -> str:
    return "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in params.items()
    )


def masked(pid: str) -> str:
    return pid[:3] + "*" * 7 + pid[-2:]


def sign_in_page(action: str, params: dict[str, str]) -> str:
    people = "".join(
        f'<form class="person" method="post" action="{escape(action)}">{_hidden(params)}'
        f'<input type="hidden" name="citizen" value="{i}">'
        f'<button type="submit" data-citizen="{i}">{escape(p.full_name)} · '
        f"{escape(masked(p.pid))} · mức {p.account_level}</button></form>"
        for i, p in enumerate(TEST_CITIZENS)
    )
    entered = (
        f'<form method="post" action="{escape(action)}">{_hidden(params)}'
        '<input type="hidden" name="citizen" value="nhap">'
        "<fieldset><legend>Nhập một công dân thử nghiệm</legend>"
        '<label for="pid">Số định danh cá nhân (12 chữ số)</label>'
        '<input id="pid" name="pid" inputmode="numeric" pattern="[0-9]{12}" required>'
        '<label for="full_name">Họ và tên</label>'
        '<input id="full_name" name="full_name" required maxlength="200">'
        '<label for="birth_date">Ngày sinh (dd/mm/yyyy)</label>'
        '<input id="birth_date" name="birth_date" placeholder="01/01/1990">'
        '<label for="level">Mức định danh</label>'
        '<select id="level" name="level"><option value="2">Mức 2</option>'
        '<option value="1">Mức 1</option></select>'
        '<label for="province">Tỉnh/thành phố</label>'
        '<input id="province" name="province" value="Bắc Ninh">'
        '<label for="commune">Xã/phường</label><input id="commune" name="commune">'
        '<button class="primary" type="submit">Đăng nhập với thông tin này</button>'
        "</fieldset></form>"
    )
    cancel = (
        f'<form method="post" action="{escape(action)}">{_hidden(params)}'
        '<input type="hidden" name="citizen" value="huy">'
        '<button type="submit">Hủy, quay lại ứng dụng</button></form>'
    )
    return _page(
        "VNeID (giả lập) – Đăng nhập",
        "<h1>VNeID – Trình giả lập</h1>"
        '<p class="warn">Đây là trình giả lập VNeID để phát triển và kiểm thử, không phải '
        "hệ thống định danh điện tử thật. Các công dân dưới đây là người giả định.</p>"
        "<h2>Chọn công dân thử nghiệm</h2>" + people + entered + cancel,
    )


def error_page(message: str) -> str:
    return _page(
        "VNeID (giả lập) – Lỗi",
        f"<h1>VNeID – Trình giả lập</h1><p class='warn'>{escape(message)}</p>",
    )
