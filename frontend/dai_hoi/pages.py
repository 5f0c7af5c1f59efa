"""The Đại hội pages: my congresses, a congress for its delegates, and the screens of its
bodies (check-in, the console of the presidium and the secretariat, the credentials review,
the hall's projector, the organising committee's setup)."""

from __future__ import annotations

from frontend import routes
from frontend.area import Area, Page
from frontend.dai_hoi.ceremony_page import ceremony_page
from frontend.dai_hoi.checkin_page import checkin_page
from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.console_page import console_page
from frontend.dai_hoi.console_state import ConsoleState
from frontend.dai_hoi.credentials_page import credentials_page
from frontend.dai_hoi.credentials_state import CredentialsState
from frontend.dai_hoi.delegate_page import delegate_page
from frontend.dai_hoi.delegate_state import DelegateState
from frontend.dai_hoi.list_page import list_page
from frontend.dai_hoi.list_state import CongressListState
from frontend.dai_hoi.my_requests_state import MyRequestsState
from frontend.dai_hoi.poll_page import poll_page, poll_projector_page
from frontend.dai_hoi.poll_state import PollListState, PollState
from frontend.dai_hoi.projector_page import projector_page
from frontend.dai_hoi.secret_pages import board_page, tally_page
from frontend.dai_hoi.setup_page import setup_page


def _congress(route: str, component, title: str, *load) -> Page:
    """A screen of one congress: the congress first (its ``actions``), then its own data."""
    return Page(route=route, component=component, title=title, on_load=[CongressState.load, *load])


AREA = Area(
    name="dai_hoi",
    pages=[
        Page(
            route=routes.CONGRESS,
            component=list_page,
            title="Đại hội",
            on_load=[CongressListState.load],
        ),
        _congress(
            routes.CONGRESS_ONE,
            delegate_page,
            "Đại hội",
            DelegateState.load,
            MyRequestsState.load,
            PollListState.load,
        ),
        _congress(routes.CONGRESS_CHECKIN, checkin_page, "Điểm danh"),
        _congress(
            routes.CONGRESS_CONSOLE,
            console_page,
            "Điều hành đại hội",
            ConsoleState.load,
            PollListState.load,
        ),
        _congress(
            routes.CONGRESS_CREDENTIALS, credentials_page, "Thẩm tra tư cách", CredentialsState.load
        ),
        _congress(routes.CONGRESS_SETUP, setup_page, "Thiết lập đại hội"),
        _congress(routes.CONGRESS_POLL, poll_page, "Biểu quyết", PollState.load),
        _congress(
            routes.CONGRESS_POLL_PROJECTOR,
            poll_projector_page,
            "Màn chiếu biểu quyết",
            PollState.load,
        ),
        _congress(routes.CONGRESS_POLL_KEY, ceremony_page, "Khóa phiếu kín"),
        _congress(routes.CONGRESS_PROJECTOR, projector_page, "Màn chiếu đại hội"),
        _congress(routes.CONGRESS_POLL_TALLY, tally_page, "Kiểm phiếu kín"),
        _congress(routes.CONGRESS_POLL_BOARD, board_page, "Bảng phiếu kín"),
    ],
)
