"""/dai-hoi/[congress_id]: the delegate's screen on a phone, and the congress's home for its
bodies: what happens now (live), speaking on the current item, my requests to speak (and
withdrawing one), my card, the agenda, the documents, and the links to the screens of the
bodies the user belongs to."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.components.public import action_notice
from frontend.dai_hoi.common import (
    agenda_section,
    congress_heading,
    documents_section,
    screens_section,
    this_congress,
)
from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.delegate_parts import card_section, requests_section, speak_section
from frontend.dai_hoi.delegate_state import DelegateState
from frontend.dai_hoi.live import connection_line, live_box, now_card
from frontend.dai_hoi.my_requests_state import MyRequestsState
from frontend.dai_hoi.poll_page import polls_section
from frontend.so_tay.common import screen


def delegate_page() -> rx.Component:
    return app_shell(
        "Đại hội",
        *screen(
            CongressState,
            this_congress(
                congress_heading(),
                live_box(connection_line(), now_card(), speak_section(), class_name="dangbo-stack"),
                polls_section(),
                requests_section(),
                card_section(),
                screens_section(),
                agenda_section(),
                documents_section(),
            ),
        ),
        action_notice(DelegateState),
        action_notice(MyRequestsState),
        active_tab="dai_hoi",
    )
