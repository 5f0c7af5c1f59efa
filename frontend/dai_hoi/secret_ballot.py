"""The vote screen's secret ballot (a ``bi_mat`` poll, docs/ballots.md §10, §14): the choices
as the rule wants them (``ballot_choices``), then a box that ``pwa/public/phieu-kin/bo-phieu.js``
fills: it encrypts and proves the ballot on the phone, shows its tracker, then casts it or
checks it (Benaloh: the choices it held, a QR code and a file, then a new encryption), and keeps
the tracker after the cast. The box reads the ballot being filled in from ``data-choice`` (by
candidate id) and the key's ``actions`` from ``data-can-cast``; the page's state never sees
the ballot's randomness. Under it, the one-paragraph answer to "how is my vote kept secret?"
(docs/ballots.md §15)."""

from __future__ import annotations

import reflex as rx

from frontend.components.route import route_param
from frontend.dai_hoi.ballot_choices import TARGET, ballot_choices
from frontend.dai_hoi.poll_state import PollState
from frontend.so_tay.common import section

SCRIPT = "/phieu-kin/bo-phieu.js"

PRIVACY = (
    "Lá phiếu được mã hóa ngay trên điện thoại của đồng chí bằng khóa của Ban Kiểm phiếu. "
    "Máy chủ chỉ lưu phiếu đã mã hóa, không giữ khóa và không có cách giải mã từng phiếu: chỉ "
    "tổng số phiếu được giải mã, do đủ số thành viên Ban Kiểm phiếu cùng làm trên máy của mình, "
    "và ai cũng kiểm tra lại được kết quả trên bảng phiếu công khai. Những điều sau thì không "
    "được che giấu: việc đồng chí đã bỏ phiếu (danh sách người đã bỏ phiếu được công bố) và lúc "
    "nào; máy chủ biết phiếu mã hóa nào của ai, nên nếu đủ số thành viên Ban Kiểm phiếu thông "
    "đồng với người quản trị cơ sở dữ liệu thì đọc được phiếu của một người; phần mềm mã hóa do "
    "máy chủ gửi xuống, nên phần mềm bị sửa để đọc trộm hay làm lộ lựa chọn thì không bị phát "
    "hiện (kiểm tra phiếu chỉ phát hiện phần mềm đổi phiếu); điện thoại nhiễm mã độc thấy được "
    "lựa chọn; đồng chí có thể tự chứng minh lá phiếu của mình cho người khác; phiếu bị đánh "
    "tráo hay bỏ sót chỉ lộ ra khi đồng chí tra mã theo dõi của mình trên bảng phiếu sau khi "
    "kết thúc; và khi máy chủ ngừng hoạt động thì không bỏ phiếu điện tử được (phiếu giấy vẫn "
    "được tính)."
)


def _privacy() -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            "Phiếu của tôi được giữ kín thế nào?",
            class_name="dangbo-secret-summary",
            style={**TARGET, "cursor": "pointer", "color": "var(--accent-11)"},
        ),
        rx.text(PRIVACY, size="2", as_="p", id="secret-privacy"),
    )


def secret_ballot() -> rx.Component:
    offered = PollState.secret_cast & (PollState.participation == "")
    return section(
        "Phiếu kín điện tử",
        rx.cond(
            offered,
            rx.flex(
                rx.text(
                    "Chọn trên phiếu, rồi bấm “Mã hóa phiếu”: điện thoại mã hóa phiếu trước khi "
                    "gửi, máy chủ không đọc được.",
                    size="2",
                ),
                ballot_choices(),
                direction="column",
                spacing="3",
            ),
        ),
        rx.el.div(
            id="secret-ballot",
            custom_attrs={
                "data-secret-ballot": "",
                "data-congress": route_param("congress_id").to(str),
                "data-poll": route_param("poll_id").to(str),
                "data-choice": PollState.secret_choice,
                "data-problem": PollState.ballot_problem,
                "data-can-cast": rx.cond(offered, "1", ""),
            },
        ),
        rx.el.script(src=SCRIPT, type="module", async_=True),
        _privacy(),
    )
