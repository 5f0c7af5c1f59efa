"""/gop-y: góp ý dự thảo. Citizens read a draft unit by unit, vote and comment, and follow
their comments; the tổ biên tập publishes drafts and versions, compares them, opens
consultations and moderates (docs/consultations.md, docs/frontend.md)."""

from __future__ import annotations

from frontend import routes
from frontend.area import Area, Page
from frontend.gop_y.drafts_page import draft_page, drafts_page
from frontend.gop_y.drafts_state import DraftsState, DraftState
from frontend.gop_y.list_page import list_page, mine_page
from frontend.gop_y.list_state import ListState, MineState
from frontend.gop_y.moderation_page import moderation_page
from frontend.gop_y.moderation_state import ModerationState
from frontend.gop_y.reader_page import reader_page
from frontend.gop_y.reader_state import ReaderState
from frontend.gop_y.synthesis_page import synthesis_page
from frontend.gop_y.synthesis_state import SynthesisState

AREA = Area(
    name="gop_y",
    pages=[
        Page(route=routes.FEEDBACK, component=list_page, title="Góp ý", on_load=[ListState.load]),
        Page(
            route=routes.FEEDBACK_MINE,
            component=mine_page,
            title="Góp ý của tôi",
            on_load=[MineState.load],
        ),
        Page(
            route=routes.FEEDBACK_DRAFTS,
            component=drafts_page,
            title="Dự thảo",
            on_load=[DraftsState.load],
        ),
        Page(
            route=routes.FEEDBACK_DRAFT,
            component=draft_page,
            title="Dự thảo",
            on_load=[DraftState.load],
        ),
        Page(
            route=routes.FEEDBACK_CONSULTATION,
            component=reader_page,
            title="Góp ý dự thảo",
            on_load=[ReaderState.load],
        ),
        Page(
            route=routes.FEEDBACK_MODERATION,
            component=moderation_page,
            title="Kiểm duyệt góp ý",
            on_load=[ModerationState.load],
        ),
        Page(
            route=routes.FEEDBACK_SYNTHESIS,
            component=synthesis_page,
            title="Tổng hợp góp ý",
            on_load=[SynthesisState.load],
        ),
    ],
)
