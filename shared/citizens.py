"""Công dân: citizens signed in through VNeID, their consent and their own data.

A citizen is a user with the role ``cong_dan`` whose account row holds no personal data; what
the app keeps about him (a keyed hash of his number, his name sealed under a key of his own,
coarse facts for the charts) is in the ``citizen`` table of ``backend/citizens``. Other domains
know him by a pseudonymous token per scope (``backend/citizens/keys.py``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import msgspec


class AgeBand(enum.StrEnum):
    """Coarse age, derived from the birth date at sign-in (the date itself is not kept)."""

    UNDER_18 = "duoi_18"
    FROM_18_TO_29 = "18_29"
    FROM_30_TO_44 = "30_44"
    FROM_45_TO_59 = "45_59"
    FROM_60 = "tu_60"
    UNKNOWN = "khong_ro"


AGE_BAND_LABELS: dict[AgeBand, str] = {
    AgeBand.UNDER_18: "Dưới 18 tuổi",
    AgeBand.FROM_18_TO_29: "18–29 tuổi",
    AgeBand.FROM_30_TO_44: "30–44 tuổi",
    AgeBand.FROM_45_TO_59: "45–59 tuổi",
    AgeBand.FROM_60: "Từ 60 tuổi",
    AgeBand.UNKNOWN: "Không rõ",
}


class CitizenAction(enum.StrEnum):
    # Global, for a citizen (``/api/me``'s ``actions["citizens"]``).
    ACCEPT_CONSENT = "accept_consent"
    DOWNLOAD_DATA = "download_data"
    ERASE_DATA = "erase_data"


class CitizenFacts(msgspec.Struct, frozen=True):
    """What a comment may carry about its author for the charts: no name, no number."""

    age_band: AgeBand
    province: str = ""  # tỉnh/thành phố, when VNeID gives it
    commune: str = ""  # xã/phường/đặc khu (two-level local government since 1/7/2025)


class ConsentSection(msgspec.Struct, frozen=True):
    heading: str
    paragraphs: list[str]


class ConsentNotice(msgspec.Struct, frozen=True):
    """The notice under Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 shown before a first comment."""

    version: str
    title: str
    sections: list[ConsentSection]
    accepted: bool = False  # by the signed-in citizen, this version
    accepted_at: datetime | None = None


class ConsentAccept(msgspec.Struct, frozen=True):
    # The version the citizen read: accepting an older notice is refused (409).
    version: str


class CitizenProfile(msgspec.Struct, frozen=True):
    """The signed-in citizen's own record, as he may read it (his name unsealed for him)."""

    full_name: str
    age_band: AgeBand
    province: str
    commune: str
    account_level: int
    consent_version: str
    consent_at: datetime | None
    created_at: datetime
    actions: list[CitizenAction] = []


class CitizenSessionRecord(msgspec.Struct, frozen=True):
    created_at: datetime
    last_seen_at: datetime
    user_agent: str


class CitizenAuditEvent(msgspec.Struct, frozen=True):
    at: datetime
    action: str  # e.g. "login.succeeded", "citizen.consent_accepted"
    ip: str = ""


class CitizenDataExport(msgspec.Struct, frozen=True):
    """Everything the app holds about the citizen (a data subject's request): his record, his
    sessions, and each domain's part (``domains["consultations"]``: his comments and votes)."""

    generated_at: datetime
    profile: CitizenProfile
    sessions: list[CitizenSessionRecord]
    audit_events: list[CitizenAuditEvent]  # the audit log's rows about his account
    domains: dict[str, Any]
    # What the app does not keep, said plainly.
    notes: list[str]


class CitizenErase(msgspec.Struct, frozen=True):
    confirm: bool  # must be true: the UI asks first


class CitizenErased(msgspec.Struct, frozen=True):
    erased_at: datetime
    sessions_ended: int
    kept: list[str]  # what stays, and why (anonymous comments, the audit rows by user id)


class VneidStart(msgspec.Struct, frozen=True):
    """Where the browser goes to sign in at VNeID (the authorize address with ``state``)."""

    url: str


class VneidFailure(enum.StrEnum):
    """Why a VNeID sign-in did not go through (the failure page says it in Vietnamese)."""

    STATE = "vneid_state"  # unknown, replayed or expired ``state``
    CODE = "vneid_code"  # the provider refused the code (replayed or expired)
    UNREADABLE = "vneid_unreadable"  # a response that does not decrypt or parse
    CLAIMS = "vneid_claims"  # the identity lacks a number or a name
    LEVEL = "vneid_level"  # account level below the configured minimum
    UNAVAILABLE = "vneid_unavailable"  # timeout, connection refused, 5xx
    DENIED = "vneid_denied"  # the citizen cancelled at VNeID
    OFF = "vneid_off"  # VNeID is not configured on this installation
    CLOSED = "vneid_closed"  # the citizen's account was closed by an administrator


VNEID_FAILURE_TEXTS: dict[VneidFailure, tuple[str, str]] = {
    VneidFailure.STATE: (
        "Phiên đăng nhập không còn hiệu lực",
        "Lượt đăng nhập này đã hết hạn, đã được dùng, hoặc được mở từ trình duyệt khác. Hãy "
        "bấm “Đăng nhập bằng VNeID” để bắt đầu lại.",
    ),
    VneidFailure.CODE: (
        "VNeID không chấp nhận mã đăng nhập",
        "Mã đăng nhập đã hết hạn hoặc đã được dùng. Hãy đăng nhập lại từ đầu; nếu vẫn không "
        "được, hãy thử lại sau ít phút.",
    ),
    VneidFailure.UNREADABLE: (
        "Không đọc được phản hồi của VNeID",
        "Phản hồi của VNeID không giải mã được. Chưa có tài khoản nào được tạo. Hãy thử lại; "
        "nếu lỗi lặp lại, hãy báo cho quản trị hệ thống.",
    ),
    VneidFailure.CLAIMS: (
        "Thông tin định danh chưa đủ",
        "VNeID không gửi đủ số định danh và họ tên. Chưa có tài khoản nào được tạo.",
    ),
    VneidFailure.LEVEL: (
        "Tài khoản VNeID chưa đủ mức định danh",
        "Góp ý dự thảo văn kiện cần tài khoản định danh điện tử mức 2. Hãy nâng mức tài khoản "
        "tại cơ quan Công an nơi cư trú rồi đăng nhập lại.",
    ),
    VneidFailure.UNAVAILABLE: (
        "Chưa kết nối được với VNeID",
        "Hệ thống định danh điện tử đang không phản hồi. Chưa có tài khoản nào được tạo. Hãy "
        "thử lại sau ít phút.",
    ),
    VneidFailure.DENIED: (
        "Bạn đã hủy đăng nhập",
        "Bạn đã không cho phép chia sẻ thông tin từ VNeID. Bạn có thể đăng nhập lại bất cứ "
        "lúc nào.",
    ),
    VneidFailure.CLOSED: (
        "Tài khoản công dân đã bị khóa",
        "Tài khoản gắn với định danh này đang bị khóa. Hãy liên hệ quản trị hệ thống nếu bạn "
        "cho rằng đây là nhầm lẫn.",
    ),
    VneidFailure.OFF: (
        "Chưa bật đăng nhập bằng VNeID",
        "Hệ thống chưa được cấu hình kết nối VNeID. Hãy liên hệ quản trị hệ thống.",
    ),
}

# The UI's pages the API sends the browser to after VNeID (frontend/cong_dan).
CITIZEN_HOME_PAGE = "/cong-dan"
CONSENT_PAGE = "/cong-dan/dong-y"
DATA_PAGE = "/cong-dan/du-lieu"
FAILURE_PAGE = "/cong-dan/loi"
