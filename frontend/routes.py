"""Page addresses (Vietnamese, without diacritics), in one place: areas link to each other's
pages (the bottom navigation, the bell, the home screen), so an address must not need the
page's module, which would import its state and, through the shared frame, create cycles."""

HOME = "/"
LOGIN = "/dang-nhap"
ENROLL = "/dang-ky/[token]"
ACCOUNT = "/tai-khoan"
# The one page a session whose passkey an account recovery still holds may see.
RECOVERY = "/khoi-phuc-tai-khoan"
# The held recoveries a second person (another administrator, the head of the organisation)
# confirms.
CONFIRM_RECOVERIES = "/quan-tri/xac-nhan-khoi-phuc"
ADMIN = "/quan-tri"
DOCUMENTS = "/van-ban"
DOCUMENT = "/van-ban/[document_id]"
REGISTER_DOCUMENT = "/van-ban/vao-so"
# Served by the service worker (pwa/public), not by Reflex: it works with no network.
OFFLINE_DOCUMENTS = "/van-ban/ngoai-tuyen"
HANDBOOK = "/so-tay"
HANDBOOK_PROFILE = "/so-tay/ho-so"
HANDBOOK_CHI_BO = "/so-tay/chi-bo/[organisation_id]"
HANDBOOK_MEETINGS = "/so-tay/hop"
HANDBOOK_MEETING = "/so-tay/hop/[meeting_id]"
HANDBOOK_LIBRARY = "/so-tay/thu-vien"
# The downloaded library, a page of the service worker (pwa/public/thu-vien-ngoai-tuyen.js).
HANDBOOK_LIBRARY_OFFLINE = "/so-tay/thu-vien/ngoai-tuyen"
HANDBOOK_COLLECTION = "/so-tay/thu-vien/tu-sach/[collection_id]"
HANDBOOK_DOCUMENT = "/so-tay/thu-vien/van-kien/[library_document_id]"
HANDBOOK_ARTICLE = "/so-tay/thu-vien/doc/[article_id]"
HANDBOOK_STUDY = "/so-tay/hoc-tap"
HANDBOOK_MODULE = "/so-tay/hoc-tap/[module_id]"
HANDBOOK_QUESTIONS = "/so-tay/hoi-dap"
HANDBOOK_QUESTION = "/so-tay/hoi-dap/[question_id]"
CONGRESS = "/dai-hoi"
CONGRESS_ONE = "/dai-hoi/[congress_id]"  # the delegate's screen, and the congress's home
CONGRESS_CHECKIN = "/dai-hoi/[congress_id]/diem-danh"
CONGRESS_CONSOLE = "/dai-hoi/[congress_id]/dieu-hanh"  # presidium and secretariat (tablet)
CONGRESS_CREDENTIALS = "/dai-hoi/[congress_id]/tham-tra"
CONGRESS_PROJECTOR = "/dai-hoi/[congress_id]/man-chieu"  # the hall's screen, no chrome
CONGRESS_SETUP = "/dai-hoi/[congress_id]/thiet-lap"
CONGRESS_POLL_PROJECTOR = "/dai-hoi/[congress_id]/man-chieu/bieu-quyet/[poll_id]"
CONGRESS_POLL = "/dai-hoi/[congress_id]/bieu-quyet/[poll_id]"  # vote, open/close, paper totals
# A secret poll's key ceremony (the counting board's key): pwa/public/khoa-kiem-phieu.js.
CONGRESS_POLL_KEY = "/dai-hoi/[congress_id]/bieu-quyet/[poll_id]/khoa"
CONGRESS_POLL_TALLY = "/dai-hoi/[congress_id]/bieu-quyet/[poll_id]/kiem-phieu"  # key holders
CONGRESS_POLL_BOARD = "/dai-hoi/[congress_id]/bieu-quyet/[poll_id]/bang-phieu"  # secret board
FEEDBACK = "/gop-y"
# A consultation: the draft read unit by unit, votes and comments (citizens), its counts.
FEEDBACK_CONSULTATION = "/gop-y/[consultation_id]"
FEEDBACK_MODERATION = "/gop-y/[consultation_id]/kiem-duyet"
FEEDBACK_SYNTHESIS = "/gop-y/[consultation_id]/tong-hop"
# A citizen's own comments (the "answered" notification opens it).
FEEDBACK_MINE = "/gop-y/cua-toi"
FEEDBACK_DRAFTS = "/gop-y/du-thao"
FEEDBACK_DRAFT = "/gop-y/du-thao/[draft_id]"
NOTIFICATIONS = "/thong-bao"
NOTIFICATION_SETTINGS = "/thong-bao/cai-dat"
OPEN_NOTIFICATION = "/thong-bao/mo/[notification_id]"
VERIFY = "/xac-minh"
# Citizens (shared/citizens.py names the pages the API sends the browser to).
CITIZEN = "/cong-dan"
CITIZEN_LOGIN = "/cong-dan/dang-nhap"
CITIZEN_CONSENT = "/cong-dan/dong-y"
CITIZEN_FAILURE = "/cong-dan/loi"


def document(document_id: int) -> str:
    return f"{DOCUMENTS}/{document_id}"


def filled(route: str, value: int) -> str:
    """A route with its one ``[parameter]`` filled in (``/so-tay/hop/[meeting_id]`` → …/12)."""
    head, _, tail = route.partition("[")
    return f"{head}{value}{tail.partition(']')[2]}"
