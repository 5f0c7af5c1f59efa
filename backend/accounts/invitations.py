"""Invitations: single-use enrollment links, for a new user or for a lost device.

An administrator (or ``dangbo invite``) creates a link; the person opens it on his phone and
registers a passkey (``registration.py``). Only the newest link of a user works, for
``settings.invitation_hours``. Re-issued with ``revoke_existing``, the user's passkeys and
sessions end in the same step (a stolen phone). A link re-issued for a user who has or had a
passkey is an account recovery (``recoveries.py``): what it enrolls is held.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Any

from backend import db
from backend.accounts.identity import Actor, Client
from backend.accounts.recoveries import RecoveryService
from backend.accounts.recovery_views import recovery
from backend.accounts.refusals import refused
from backend.accounts.sessions import SessionService
from backend.accounts.tables import Invitation, User
from backend.accounts.tokens import new_token, token_hash
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.convert import to_struct
from backend.core.problems import Problem
from backend.core.text import fold
from backend.orgs.tables import Organisation
from backend.settings import Settings
from shared.accounts import InvitationCreated, InvitationInfo, Role


async def username_for(full_name: str) -> str:
    """``Nguyễn Văn An`` → ``nguyenvanan`` (then ``nguyenvanan2`` …): ASCII, easy to type."""
    base = re.sub(r"[^a-z0-9]", "", fold(full_name))[:60] or "nguoidung"
    candidate, n = base, 1
    while await User.exists().where(User.username == candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate


DUPLICATE_SECONDS = 60


async def _refuse_a_recent_twin(full_name: str, organisation_id: int) -> None:
    """Inside the invitation's transaction: a user of the same name, in the same organisation,
    invited less than a minute ago, is most likely this one again (a double tap, a retry)."""
    if db.is_postgres():
        # Two such requests at once wait for each other here (SQLite's write lock does that).
        digest = hashlib.sha256(f"invitation:{organisation_id}:{full_name}".encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        await db.engine().run_ddl(f"SELECT pg_advisory_xact_lock({key})")
    twin = await User.exists().where(
        (User.organisation == organisation_id)
        & (User.full_name == full_name)
        & (User.created_at > now() - timedelta(seconds=DUPLICATE_SECONDS))
    )
    if twin:
        raise Problem(
            409,
            f"Vừa mời một người tên '{full_name}' trong tổ chức này chưa đầy một phút trước. "
            "Nếu đây đúng là một người khác cùng họ tên, hãy xác nhận để mời tiếp.",
            code="duplicate_invitation",
        )


class InvitationService:
    def __init__(
        self, settings: Settings, sessions: SessionService, recoveries: RecoveryService
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.recoveries = recoveries

    async def invite(
        self,
        *,
        full_name: str,
        roles: list[Role],
        organisation_code: str | None,
        username: str | None = None,
        revoke_existing: bool = False,
        actor: Actor | None = None,
        allow_recent_twin: bool = True,
    ) -> InvitationCreated:
        """Create (or, for a lost device, re-issue) a link; ``actor`` is the administrator
        (None from the command line). Without ``allow_recent_twin`` (the admin screen's
        endpoint, unless the administrator confirmed), a new user with the same name in the
        same organisation as one invited less than ``DUPLICATE_SECONDS`` ago is refused: a
        double tap must not make two accounts."""
        token = new_token()
        expires_at = now() + timedelta(hours=self.settings.invitation_hours)
        created_by = actor.id if actor else None
        ip = actor.ip if actor else ""
        async with db.transaction():
            if username:
                user = await User.objects().where(User.username == username).first()
                if user is None:
                    raise Problem(404, f"Không có người dùng '{username}'.", code="unknown_user")
                # Older links for this user stop working: only the newest one counts.
                await Invitation.update({Invitation.used_at: now()}).where(
                    (Invitation.user == user.id) & Invitation.used_at.is_null()
                )
                action = "invitation.reissued"
                if revoke_existing:
                    await self.sessions.revoke_everything(user.id, actor)
            elif revoke_existing:
                raise Problem(
                    400,
                    "Chỉ thu hồi khóa cũ khi cấp lại cho người dùng đã có (cần tên đăng nhập).",
                    code="validation",
                )
            else:
                user = await self._new_user(full_name, roles, organisation_code, allow_recent_twin)
                action = "invitation.created"
            stored = await Invitation.insert(
                Invitation(
                    token_hash=token_hash(token),
                    user=user.id,
                    created_by=created_by,
                    created_at=now(),
                    expires_at=expires_at,
                )
            )
            detail: dict = {"roles": json.loads(user.roles) if isinstance(user.roles, str) else []}
            recovery_id = None
            if username:
                # A user who has or had a passkey: the link is an account recovery (held).
                recovery_id = await self.recoveries.open(
                    user.id, stored[0]["id"], expires_at, actor, revoke_existing
                )
                if recovery_id is not None:
                    detail["recovery"] = recovery_id
            await audit.record(
                action, actor_id=created_by, target=f"user:{user.id}", ip=ip, detail=detail
            )
        if revoke_existing:
            self.sessions.forget(user.id)  # after the commit, so no request re-reads them first
        return InvitationCreated(
            url=f"{self.settings.origin}/dang-ky/{token}",
            username=user.username,
            expires_at=expires_at,
            recovery=await recovery(recovery_id) if recovery_id is not None else None,
        )

    async def _new_user(
        self,
        full_name: str,
        roles: list[Role],
        organisation_code: str | None,
        allow_recent_twin: bool = True,
    ) -> User:
        """An inactive user (active once he registers a passkey), in the given organisation
        or the root of the tree."""
        if organisation_code:
            org = await Organisation.objects().where(Organisation.code == organisation_code).first()
        else:
            org = (
                await Organisation.objects()
                .where(Organisation.parent.is_null())
                .order_by(Organisation.id)
                .first()
            )
        if org is None:
            raise Problem(
                404,
                f"Không có tổ chức mã '{organisation_code or 'gốc'}'.",
                code="unknown_organisation",
            )
        if not allow_recent_twin:
            await _refuse_a_recent_twin(full_name.strip(), org.id)
        user = User(
            username=await username_for(full_name),
            full_name=full_name.strip(),
            organisation=org.id,
            roles=json.dumps(sorted({r.value for r in roles})),
            is_active=False,
            created_at=now(),
        )
        await user.save()
        return user

    async def valid(self, token: str, client: Client) -> dict[str, Any]:
        """The invitation row of a link that can still be used; an unknown, used or expired
        link is refused (and audited)."""
        row = (
            await Invitation.select(
                Invitation.id, Invitation.user, Invitation.expires_at, Invitation.used_at
            )
            .where(Invitation.token_hash == token_hash(token))
            .first()
        )
        problem = None
        if row is None:
            problem = Problem(404, "Liên kết đăng ký không tồn tại.", code="invitation_unknown")
        elif row["used_at"] is not None:
            problem = Problem(
                410,
                "Liên kết đăng ký đã được sử dụng. Hãy đề nghị quản trị gửi lại.",
                code="invitation_used",
            )
        elif row["expires_at"] <= now():
            problem = Problem(
                410,
                "Liên kết đăng ký đã hết hạn (72 giờ). Hãy đề nghị quản trị gửi lại.",
                code="invitation_expired",
            )
        if problem is not None:
            target = f"user:{row['user']}" if row is not None else ""
            raise await refused(problem, "invitation.refused", client, target=target)
        assert row is not None
        return row

    async def info(self, token: str, client: Client) -> InvitationInfo:
        """Whom a valid link enrolls, shown before the passkey is created."""
        row = await self.valid(token, client)
        user = (
            await User.select(
                User.full_name,
                User.username,
                User.organisation.name.as_alias("organisation_name"),
            )
            .where(User.id == row["user"])
            .first()
        )
        return to_struct(user, InvitationInfo, expires_at=row["expires_at"])

    async def use(self, invitation_id: int | None) -> None:
        """Spend the link (inside the registration's transaction): a link used or expired since
        the ceremony began is refused, and the whole registration rolls back."""
        used = (
            await Invitation.update({Invitation.used_at: now()})
            .where(
                (Invitation.id == invitation_id)
                & Invitation.used_at.is_null()
                & (Invitation.expires_at > now())
            )
            .returning(Invitation.id)
        )
        if not used:
            raise Problem(
                410,
                "Liên kết đăng ký đã được sử dụng hoặc đã hết hạn.",
                code="invitation_used",
            )
