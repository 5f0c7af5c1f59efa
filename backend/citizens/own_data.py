"""A citizen's own record: reading it, accepting the consent notice, downloading everything
the app holds about him, and erasing it (data-subject requests under Luật 91/2025).

Erasure is crypto-shredding: the person key is destroyed, so his sealed name and the tokens
that link him to his comments (``keys.py``) can never be recomputed; the keyed hash of his
number and his coarse facts go too, his sessions end and his account is closed. What stays is
said in ``ERASURE_KEEPS`` and in docs/security.md.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.sessions import SessionService
from backend.accounts.tables import Credential, User, UserSession
from backend.audit import services as audit
from backend.audit.tables import AuditEvent
from backend.citizens import consent
from backend.citizens.keys import CitizenKeys
from backend.citizens.policy import POLICY
from backend.citizens.tables import Citizen
from backend.core.clock import now
from backend.core.domain import DomainHooks
from backend.core.problems import Problem
from shared.citizens import (
    AgeBand,
    CitizenAction,
    CitizenAuditEvent,
    CitizenDataExport,
    CitizenErased,
    CitizenProfile,
    CitizenSessionRecord,
    ConsentNotice,
)

EXPORT_NOTES = [
    "Ứng dụng không lưu số định danh cá nhân của bạn: chỉ lưu một mã băm có khóa để mỗi người "
    "chỉ có một tài khoản.",
    "Ứng dụng không lưu ngày sinh, chỉ lưu nhóm tuổi; không lưu ảnh căn cước.",
    "Họ tên được mã hóa bằng khóa riêng của bạn; bản này được giải mã để gửi cho chính bạn.",
]
ERASURE_KEEPS = [
    "Nội dung các ý kiến góp ý được giữ dưới dạng ẩn danh nếu quy chế của đợt lấy ý kiến quy "
    "định như vậy; không ai còn biết được ý kiến nào là của bạn.",
    "Nhật ký kiểm tra (không sửa được) giữ các dòng ghi theo mã tài khoản, không có họ tên hay "
    "số định danh.",
]
DATA_ERASED = "Dữ liệu của công dân này đã được xóa."


class CitizenData:
    def __init__(self, keys: CitizenKeys, sessions: SessionService, hooks: DomainHooks) -> None:
        self.keys = keys
        self.sessions = sessions
        self.hooks = hooks

    async def profile(self, actor: Actor) -> CitizenProfile:
        POLICY.require(CitizenAction.DOWNLOAD_DATA, actor, None)
        row = await self.keys.row(actor.id)
        key = self.keys.person_key(row)
        band = row["age_band"]
        return CitizenProfile(
            full_name=self.keys.open_name(key, actor.id, row["name_sealed"] or b""),
            age_band=AgeBand(band) if band in AgeBand._value2member_map_ else AgeBand.UNKNOWN,
            province=row["province"],
            commune=row["commune"],
            account_level=row["account_level"],
            consent_version=row["consent_version"],
            consent_at=row["consent_at"],
            created_at=row["created_at"],
            actions=POLICY.actions(actor, None),
        )

    async def notice(self, actor: Actor | None) -> ConsentNotice:
        """The current notice; for a citizen, whether he accepted it."""
        if actor is None or not POLICY.allows(CitizenAction.ACCEPT_CONSENT, actor, None):
            return consent.notice()
        row = await Citizen.select(Citizen.consent_version, Citizen.consent_at).where(
            (Citizen.user == actor.id) & Citizen.erased_at.is_null()
        )
        if not row:
            return consent.notice()
        return consent.notice(row[0]["consent_version"], row[0]["consent_at"])

    async def accept(self, actor: Actor, version: str) -> ConsentNotice:
        POLICY.require(CitizenAction.ACCEPT_CONSENT, actor, None)
        if version != consent.VERSION:
            raise Problem(
                409,
                f"Thông báo đã được cập nhật (phiên bản {consent.VERSION}). Hãy đọc lại bản "
                "mới rồi đồng ý.",
                code="consent_outdated",
                extra={"consent_version": consent.VERSION},
            )
        await self.keys.row(actor.id)  # 410 after erasure
        at = now()
        async with db.transaction():
            await Citizen.update(
                {Citizen.consent_version: consent.VERSION, Citizen.consent_at: at}
            ).where(Citizen.user == actor.id)
            await audit.record(
                "citizen.consent_accepted",
                actor_id=actor.id,
                target=f"user:{actor.id}",
                detail={"version": consent.VERSION},
            )
        return consent.notice(consent.VERSION, at)

    async def export(self, actor: Actor) -> CitizenDataExport:
        profile = await self.profile(actor)
        sessions = await UserSession.select(
            UserSession.created_at, UserSession.last_seen_at, UserSession.user_agent
        ).where(UserSession.user == actor.id)
        events = (
            await AuditEvent.select(AuditEvent.occurred_at, AuditEvent.action, AuditEvent.ip)
            .where(AuditEvent.actor_id == actor.id)
            .order_by(AuditEvent.id)
        )
        domains = await self.hooks.citizen_data(actor)
        async with db.transaction():
            await audit.record(
                "citizen.data_exported",
                actor_id=actor.id,
                target=f"user:{actor.id}",
            )
        return CitizenDataExport(
            generated_at=now(),
            profile=profile,
            sessions=[CitizenSessionRecord(**s) for s in sessions],
            audit_events=[
                CitizenAuditEvent(at=e["occurred_at"], action=e["action"], ip=e["ip"])
                for e in events
            ],
            domains=domains,
            notes=EXPORT_NOTES,
        )

    async def erase(self, actor: Actor) -> CitizenErased:
        POLICY.require(CitizenAction.ERASE_DATA, actor, None)
        at = now()
        async with db.transaction():
            # Before the key is destroyed: each domain finds his records by their tokens one
            # last time and unlinks them (the comments' sealed notice address, or the
            # comments themselves where the consultation keeps none after erasure).
            key = self.keys.person_key(await self.keys.row(actor.id))
            unlinked = await self.hooks.forget_citizen(
                actor.id, lambda scope: CitizenKeys.token_with(key, scope)
            )
            erased = (
                await Citizen.update(
                    {
                        Citizen.person_key_sealed: None,
                        Citizen.name_sealed: None,
                        Citizen.pid_hash: None,
                        Citizen.age_band: AgeBand.UNKNOWN.value,
                        Citizen.province: "",
                        Citizen.commune: "",
                        Citizen.erased_at: at,
                    }
                )
                .where((Citizen.user == actor.id) & Citizen.erased_at.is_null())
                .returning(Citizen.id)
            )
            if not erased:
                raise Problem(410, DATA_ERASED, code="citizen_erased")
            ended = (
                await UserSession.update({UserSession.revoked_at: at})
                .where((UserSession.user == actor.id) & UserSession.revoked_at.is_null())
                .returning(UserSession.id)
            )
            await Credential.update({Credential.revoked_at: at}).where(
                (Credential.user == actor.id) & Credential.revoked_at.is_null()
            )
            await User.update({User.is_active: False}).where(User.id == actor.id)
            forgotten = await self.hooks.forget_devices(actor.id)
            await audit.record(
                "citizen.erased",
                actor_id=actor.id,
                target=f"user:{actor.id}",
                detail={"sessions": len(ended), **forgotten, **unlinked},
            )
        self.sessions.forget(actor.id)
        return CitizenErased(erased_at=at, sessions_ended=len(ended), kept=ERASURE_KEEPS)
