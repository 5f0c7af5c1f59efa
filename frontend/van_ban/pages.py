"""The Văn bản pages: the list, the registration form, one document."""

from __future__ import annotations

from frontend import routes
from frontend.area import Area, Page
from frontend.van_ban.document_page import document_page
from frontend.van_ban.document_state import DocumentState
from frontend.van_ban.inbox_page import van_ban_page
from frontend.van_ban.inbox_state import InboxState
from frontend.van_ban.register_page import register_page
from frontend.van_ban.register_state import RegisterState

AREA = Area(
    name="van_ban",
    pages=[
        Page(
            route=routes.DOCUMENTS,
            component=van_ban_page,
            title="Văn bản",
            on_load=[InboxState.load],
        ),
        Page(
            route=routes.REGISTER_DOCUMENT,
            component=register_page,
            title="Vào sổ văn bản",
            on_load=[RegisterState.load],
        ),
        Page(
            route=routes.DOCUMENT,
            component=document_page,
            title="Văn bản",
            on_load=[DocumentState.load],
        ),
    ],
)
