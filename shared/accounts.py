"""Accounts, passkeys and sessions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec


class Role(enum.StrEnum):
    CAN_BO = "can_bo"
    DANG_VIEN = "dang_vien"
    DAI_BIEU = "dai_bieu"
    BAN_TO_CHUC = "ban_to_chuc"
    CONG_DAN = "cong_dan"
    BIEN_TAP = "bien_tap"
    QUAN_TRI = "quan_tri"
    # Document roles (sổ văn bản): a văn thư keeps the register, a lãnh đạo assigns and signs.
    VAN_THU = "van_thu"
    LANH_DAO = "lanh_dao"
    # Propaganda and education staff: they publish and version the Party library and the
    # resolution-study modules (not quan_tri, and not bien_tap, which belongs to comments).
    TUYEN_GIAO = "tuyen_giao"


ROLE_LABELS: dict[Role, str] = {
    Role.CAN_BO: "Cán bộ",
    Role.DANG_VIEN: "Đảng viên",
    Role.DAI_BIEU: "Đại biểu",
    Role.BAN_TO_CHUC: "Ban tổ chức đại hội",
    Role.CONG_DAN: "Công dân",
    Role.BIEN_TAP: "Tổ biên tập",
    Role.QUAN_TRI: "Quản trị",
    Role.VAN_THU: "Văn thư",
    Role.LANH_DAO: "Lãnh đạo",
    Role.TUYEN_GIAO: "Tuyên giáo",
}


class AccountAction(enum.StrEnum):
    """Global actions of the accounts area (``/api/me``'s ``actions["accounts"]``)."""

    INVITE = "invite"  # invite a user, re-issue a link for a lost device (administrators)
    LIST_USERS = "list_users"  # the user list with passkeys and sessions (administrators)
    # Confirm a held account recovery as the second person: another administrator than the
    # one who issued the link, or the head (lãnh đạo) of the user's organisation.
    CONFIRM_RECOVERY = "confirm_recovery"


class RecoveryState(enum.StrEnum):
    """An administrator's re-issued enrollment link for a user who already had a passkey."""

    WAITING_FOR_ENROLMENT = "cho_dang_ky"  # the link is out; no passkey enrolled yet
    HELD = "dang_giu"  # a passkey was enrolled through it; it may do nothing as the user yet
    CONFIRMED = "da_xac_nhan"  # a second person confirmed: the passkey acts as the user
    RELEASED = "het_thoi_gian_cho"  # the waiting period passed without the user refusing
    REFUSED = "bi_tu_choi"  # the user refused it from another device: passkey and sessions gone
    EXPIRED = "het_han"  # the link expired unused, or a newer link replaced it


RECOVERY_STATE_LABELS: dict[RecoveryState, str] = {
    RecoveryState.WAITING_FOR_ENROLMENT: "Chờ đăng ký khóa mới",
    RecoveryState.HELD: "Đang chờ xác nhận",
    RecoveryState.CONFIRMED: "Đã được xác nhận",
    RecoveryState.RELEASED: "Đã hết thời gian chờ",
    RecoveryState.REFUSED: "Đã bị từ chối",
    RecoveryState.EXPIRED: "Đã hết hạn",
}


class Recovery(msgspec.Struct, frozen=True):
    id: int
    user_id: int
    username: str
    full_name: str
    organisation_name: str
    state: RecoveryState
    issued_by_name: str
    issued_at: datetime
    revoked_existing: bool  # the link also ended every old passkey and session (stolen device)
    passkey_name: str | None = None  # the passkey enrolled through the link
    enrolled_at: datetime | None = None
    # When the hold ends by itself unless the user refuses or someone confirms first.
    release_at: datetime | None = None
    confirmed_by_name: str | None = None
    confirmed_at: datetime | None = None


class Me(msgspec.Struct, frozen=True):
    id: int
    username: str
    full_name: str
    organisation_code: str
    organisation_name: str
    roles: list[Role]
    # What the user may do on no particular record, per domain: the values of that domain's
    # action enum (``{"documents": ["register_incoming", …], "accounts": ["invite"]}``). The UI
    # offers exactly these; it keeps no role lists of its own.
    actions: dict[str, list[str]] = {}
    # Set when this session was opened with a passkey whose recovery is still held: the UI
    # shows only the recovery page, and the API refuses everything else (403 recovery_held).
    recovery: Recovery | None = None
    # Recoveries of this user's own account that he may still refuse from this device.
    recoveries_to_review: list[Recovery] = []
    # How many days this device may show the documents it saved for offline reading without
    # the server confirming the session again (DANGBO_OFFLINE_DAYS); then they are erased.
    offline_days: int = 7


class Passkey(msgspec.Struct, frozen=True):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    backed_up: bool


class PasskeyRename(msgspec.Struct, frozen=True):
    # At least one visible character: the name is stored stripped.
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=r"\S")]


class ActiveSession(msgspec.Struct, frozen=True):
    id: int
    created_at: datetime
    last_seen_at: datetime
    user_agent: str
    current: bool


class InvitationCreate(msgspec.Struct, frozen=True):
    """A new user (``full_name`` and ``roles`` required), or, with ``username``, a new link for
    an existing user who lost his device (name and roles stay as they are). With
    ``revoke_existing`` as well, the user's passkeys stop working and his sessions end at once
    (a lost or stolen device)."""

    full_name: Annotated[str, msgspec.Meta(min_length=2, max_length=120)] | None = None
    roles: list[Role] = []
    organisation_code: str | None = None
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=80)] | None = None
    revoke_existing: bool = False
    # A second new user with the same name in the same organisation within a minute is refused
    # (409 duplicate_invitation) unless this is set: a double tap must not create two accounts.
    confirm_duplicate: bool = False


class InvitationCreated(msgspec.Struct, frozen=True):
    url: str
    username: str
    expires_at: datetime
    # A re-issued link for a user who already had a passkey: what it enrols is held until a
    # second person confirms it or the waiting period passes (see docs/security.md).
    recovery: Recovery | None = None


class UserSummary(msgspec.Struct, frozen=True):
    """A row of the administrator's user list."""

    id: int
    username: str
    full_name: str
    organisation_code: str
    organisation_name: str
    roles: list[Role]
    active: bool
    passkeys: int
    passkey_last_used_at: datetime | None
    sessions: int
    recovery_state: RecoveryState | None = None


class UserPage(msgspec.Struct, frozen=True):
    items: list[UserSummary]
    next_cursor: str | None


class InvitationInfo(msgspec.Struct, frozen=True):
    full_name: str
    username: str
    organisation_name: str
    expires_at: datetime


class RegistrationBegin(msgspec.Struct, frozen=True):
    token: Annotated[str, msgspec.Meta(min_length=10, max_length=200)]


class LoginBegin(msgspec.Struct, frozen=True):
    username: Annotated[str, msgspec.Meta(max_length=80)] | None = None


class CeremonyOptions(msgspec.Struct, frozen=True):
    """WebAuthn options for ``navigator.credentials``; ``ceremony`` names the server-side
    challenge so the finish call can take it (once)."""

    ceremony: str
    options: dict


class CeremonyFinish(msgspec.Struct, frozen=True):
    ceremony: Annotated[str, msgspec.Meta(min_length=10, max_length=100)]
    credential: dict
    name: Annotated[str, msgspec.Meta(max_length=80)] | None = None


class LoginResult(msgspec.Struct, frozen=True):
    me: Me
