"""The Sổ tay đảng viên pages (issue 15): the hub, the profile, a chi bộ for those who run it,
meetings, the library and its reader, study modules, questions to the cấp ủy."""

from __future__ import annotations

from frontend import routes
from frontend.area import Area, Page
from frontend.so_tay.chi_bo_page import chi_bo_page
from frontend.so_tay.chi_bo_state import ChiBoState
from frontend.so_tay.hub_page import so_tay_page
from frontend.so_tay.hub_state import HubState
from frontend.so_tay.library_page import collection_page, document_page, library_page
from frontend.so_tay.library_state import CollectionState, LibraryState, TocState
from frontend.so_tay.meeting_page import meeting_page
from frontend.so_tay.meeting_state import MeetingState
from frontend.so_tay.meetings_page import meetings_page
from frontend.so_tay.meetings_state import MeetingsState
from frontend.so_tay.profile_page import profile_page
from frontend.so_tay.profile_state import ProfileState
from frontend.so_tay.questions_page import question_page, questions_page
from frontend.so_tay.questions_state import QuestionsState, QuestionState
from frontend.so_tay.reader_page import reader_page
from frontend.so_tay.reader_state import ReaderState
from frontend.so_tay.study_page import module_page, study_page
from frontend.so_tay.study_state import ModuleState, StudyState


def _page(route: str, component, title: str, load) -> Page:
    return Page(route=route, component=component, title=title, on_load=[load])


AREA = Area(
    name="so_tay",
    pages=[
        _page(routes.HANDBOOK, so_tay_page, "Sổ tay", HubState.load),
        _page(routes.HANDBOOK_PROFILE, profile_page, "Hồ sơ đảng viên", ProfileState.load),
        _page(routes.HANDBOOK_CHI_BO, chi_bo_page, "Chi bộ", ChiBoState.load),
        _page(routes.HANDBOOK_MEETINGS, meetings_page, "Sinh hoạt chi bộ", MeetingsState.load),
        _page(routes.HANDBOOK_MEETING, meeting_page, "Cuộc họp chi bộ", MeetingState.load),
        _page(routes.HANDBOOK_LIBRARY, library_page, "Thư viện văn kiện", LibraryState.load),
        _page(routes.HANDBOOK_COLLECTION, collection_page, "Tủ sách", CollectionState.load),
        _page(routes.HANDBOOK_DOCUMENT, document_page, "Văn kiện", TocState.load),
        _page(routes.HANDBOOK_ARTICLE, reader_page, "Đọc văn kiện", ReaderState.load),
        _page(routes.HANDBOOK_STUDY, study_page, "Học tập nghị quyết", StudyState.load),
        _page(routes.HANDBOOK_MODULE, module_page, "Học tập nghị quyết", ModuleState.load),
        _page(routes.HANDBOOK_QUESTIONS, questions_page, "Hỏi – đáp", QuestionsState.load),
        _page(routes.HANDBOOK_QUESTION, question_page, "Hỏi – đáp", QuestionState.load),
    ],
)
