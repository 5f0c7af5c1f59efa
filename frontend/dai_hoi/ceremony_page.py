"""/dai-hoi/[congress_id]/bieu-quyet/[poll_id]/khoa: a secret poll's key ceremony (docs/ballots.md
§13). The presidium or the secretariat starts it (again) and follows it; each member of the
counting board takes part from his own phone: his secret work (the polynomial, the sealed
shares, the fingerprint, the backup of his share, the test decryption) is done by the page's
own script (``pwa/public/khoa-kiem-phieu.js`` on ``pwa/public/phieu-kin/``), never by the UI
server, which must not see a share. The script draws the screen inside the box below from the
API's progress and its ``actions``, and follows ``ballot_key.progress`` on the congress's
stream."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.components.route import route_param
from frontend.dai_hoi.client import stream
from frontend.dai_hoi.common import this_congress
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import screen

SCRIPT = "/khoa-kiem-phieu.js"


def ceremony_page() -> rx.Component:
    congress = route_param("congress_id").to(str)
    poll = route_param("poll_id").to(str)
    return app_shell(
        "Khóa phiếu kín",
        *screen(
            CongressState,
            this_congress(
                rx.link(
                    "← Về cuộc bỏ phiếu",
                    href=rx.Var.create("/dai-hoi/") + congress + "/bieu-quyet/" + poll,
                    style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
                ),
                rx.heading("Khóa phiếu kín của Ban Kiểm phiếu", as_="h1", size="5"),
                rx.el.div(
                    # Drawn by the script; React renders it empty once and leaves it alone.
                    rx.el.div(
                        custom_attrs={"data-ceremony-view": ""},
                        class_name="dangbo-ceremony",
                        aria_live="polite",
                    ),
                    rx.el.script(src=SCRIPT, type="module", async_=True),
                    custom_attrs={
                        "data-ceremony": "",
                        "data-congress": congress,
                        "data-poll": poll,
                        "data-stream": rx.Var.create(stream("")) + congress,
                    },
                ),
            ),
        ),
        active_tab="dai_hoi",
    )
