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
CONGRESS = "/dai-hoi"
FEEDBACK = "/gop-y"
NOTIFICATIONS = "/thong-bao"
NOTIFICATION_SETTINGS = "/thong-bao/cai-dat"
OPEN_NOTIFICATION = "/thong-bao/mo/[notification_id]"
VERIFY = "/xac-minh"


def document(document_id: int) -> str:
    return f"{DOCUMENTS}/{document_id}"
