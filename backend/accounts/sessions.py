"""Server-side sessions: opening one at sign-in, resolving the cookie on every request, the
user's list of sessions, logging out, and the administrator's cut-off of a lost device.

Sessions are rows (``user_session``), so they survive restarts and can be listed and revoked;
the cookie holds a random token whose hash is the row's key.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from backend import db
from backend.accounts.identity import Actor, Client, roles_of
from backend.accounts.recovery_hold import OPEN_STATES, release_if_due
from backend.accounts.tables import Credential, UserSession
from backend.accounts.tokens import new_token, token_hash
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.convert import to_struct
from backend.core.domain import DomainHooks
from backend.core.problems import Problem
from backend.settings import Settings
from shared.accounts import ActiveSession, RecoveryState

SESSION_TOUCH_SECONDS = 60
SESSION_MEMO_SECONDS = 2.0
SESSION_MEMO_MAX = 10_000
_OPEN = ", ".join(f"'{state.value}'" for state in OPEN_STATES)

# The session lookup, written once: it runs on every authenticated request. It also finds
# the account recovery the session's passkey came from, and whether any recovery of the
# account is still open (then /api/me lists it for the user to refuse).
_SESSION_SQL = f"""
SELECT s.id, s.last_seen_at, s.expires_at, s.credential AS credential_id,
       u.id AS user_id, u.username, u.full_name, u.roles, u.is_active AS active,
       o.id AS org_id, o.code AS org_code, o.name AS org_name,
       r.id AS recovery_id, r.state AS recovery_state, r.release_at AS recovery_release_at,
       EXISTS (SELECT 1 FROM account_recovery p
               WHERE p."user" = u.id AND p.state IN ({_OPEN})) AS recoveries_open
FROM user_session s
JOIN app_user u ON u.id = s."user"
JOIN organisation o ON o.id = u.organisation
LEFT JOIN account_recovery r ON r.credential = s.credential
WHERE s.token_hash = {{}} AND s.revoked_at IS NULL
"""


def _aware(value: datetime | str) -> datetime:
    """Raw SQL on SQLite may hand back text; Piccolo's own queries convert it."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SessionService:
    def __init__(self, settings: Settings, hooks: DomainHooks) -> None:
        self.settings = settings
        self.hooks = hooks
        self._memo: dict[str, tuple[Actor, float]] = {}
        # The look-ups under way: the requests of one session that miss the memo together
        # (a page's parallel calls, the moment the memo expires) wait for one query, not one
        # each: under load, fifty at once queued on the database every two seconds.
        self._looking_up: dict[str, asyncio.Task[Actor | None]] = {}
        self._forgotten = 0  # counts forget(): a look-up begun before one is not remembered

    async def open(self, user_id: int, client: Client, credential_id: int | None = None) -> str:
        """A new session for the user, opened with the passkey ``credential_id`` (inside the
        caller's transaction); returns its token."""
        token = new_token()
        created = now()
        await UserSession.insert(
            UserSession(
                token_hash=token_hash(token),
                user=user_id,
                created_at=created,
                last_seen_at=created,
                expires_at=created + timedelta(hours=self.settings.session_absolute_hours),
                user_agent=client.user_agent[:200],
                credential=credential_id,
            )
        )
        return token

    async def resolve(self, token: str | None) -> Actor | None:
        """The signed-in user, or None when the session is unknown, revoked, idle or expired.

        Every API call asks this, so the answer is kept for a moment per process
        (``SESSION_MEMO_SECONDS``); logging out or revoking here drops it at once, and another
        worker notices within that moment.
        """
        if not token or len(token) > 100:
            return None
        digest = token_hash(token)
        memo = self._memo.get(digest)
        if memo is not None and memo[1] > time.monotonic():
            return memo[0]
        task = self._looking_up.get(digest)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._look_up(digest))
            self._looking_up[digest] = task
            task.add_done_callback(lambda done: self._looked_up(digest, done))
        # Shielded: one waiting request that goes away does not cancel the others' answer.
        return await asyncio.shield(task)

    def _looked_up(self, digest: str, done: asyncio.Task) -> None:
        if self._looking_up.get(digest) is done:  # not a newer one, begun after a forget()
            del self._looking_up[digest]

    async def _look_up(self, digest: str) -> Actor | None:
        forgotten = self._forgotten
        rows = await UserSession.raw(_SESSION_SQL, digest)
        row = rows[0] if rows else None
        if row is None or not row["active"]:
            return None
        current = now()
        last_seen = _aware(row["last_seen_at"])
        idle_limit = timedelta(minutes=self.settings.session_idle_minutes)
        if _aware(row["expires_at"]) <= current or last_seen + idle_limit <= current:
            return None
        if (current - last_seen).total_seconds() >= SESSION_TOUCH_SECONDS:
            await UserSession.update({UserSession.last_seen_at: current}).where(
                UserSession.id == row["id"]
            )
        held = row["recovery_state"] == RecoveryState.HELD.value
        if held and _aware(row["recovery_release_at"]) <= current:
            # The waiting period passed without a refusal: the passkey acts as the user now.
            await release_if_due(row["recovery_id"])
            held = False
        actor = Actor(
            id=row["user_id"],
            username=row["username"],
            full_name=row["full_name"],
            organisation_id=row["org_id"],
            organisation_code=row["org_code"],
            organisation_name=row["org_name"],
            roles=roles_of(row["roles"]),
            session_id=row["id"],
            credential_id=row["credential_id"],
            recovery_id=row["recovery_id"],
            recovery_held=held,
            recoveries_open=bool(row["recoveries_open"]),
        )
        if forgotten != self._forgotten:
            return actor  # read before a logout or revocation: answer this one, keep nothing
        if len(self._memo) >= SESSION_MEMO_MAX:
            self._memo.clear()
        self._memo[digest] = (actor, time.monotonic() + SESSION_MEMO_SECONDS)
        return actor

    async def keep_alive(self, session_id: int) -> bool:
        """An open live stream counts as activity (``docs/security.md``, "Live streams"): the
        session's last use becomes now, if it still works — not revoked, not idle past the
        limit, not past its absolute lifetime (which a stream never extends), its user
        active. False when it does not: the caller ends the stream."""
        current = now()
        idle_since = current - timedelta(minutes=self.settings.session_idle_minutes)
        touched = await UserSession.raw(
            "UPDATE user_session SET last_seen_at = {} WHERE id = {} AND revoked_at IS NULL "
            "AND expires_at > {} AND last_seen_at > {} AND EXISTS (SELECT 1 FROM app_user u "
            'WHERE u.id = user_session."user" AND u.is_active) RETURNING id',
            current,
            session_id,
            current,
            idle_since,
        )
        return bool(touched)

    def forget(self, user_id: int | None = None) -> None:
        """Drop remembered sessions (of one user, or all) so the next call asks the database;
        a look-up under way is left to its waiting requests, and the next one starts anew."""
        self._forgotten += 1
        self._looking_up.clear()
        if user_id is None:
            self._memo.clear()
            return
        for digest in [d for d, (u, _) in self._memo.items() if u.id == user_id]:
            self._memo.pop(digest, None)

    async def logout(self, actor: Actor) -> None:
        async with db.transaction():
            await UserSession.update({UserSession.revoked_at: now()}).where(
                UserSession.id == actor.session_id
            )
            await audit.record("logout", actor_id=actor.id, ip=actor.ip)
        self.forget(actor.id)

    async def logout_everywhere(self, actor: Actor) -> int:
        async with db.transaction():
            revoked = (
                await UserSession.update({UserSession.revoked_at: now()})
                .where((UserSession.user == actor.id) & UserSession.revoked_at.is_null())
                .returning(UserSession.id)
            )
            await audit.record(
                "logout.everywhere",
                actor_id=actor.id,
                ip=actor.ip,
                detail={"sessions": len(revoked)},
            )
        self.forget(actor.id)
        return len(revoked)

    async def active(self, actor: Actor) -> list[ActiveSession]:
        """The user's sessions that still work, the most recently used first."""
        current = now()
        rows = (
            await UserSession.select(
                UserSession.id,
                UserSession.created_at,
                UserSession.last_seen_at,
                UserSession.user_agent,
            )
            .where(
                (UserSession.user == actor.id)
                & UserSession.revoked_at.is_null()
                & (UserSession.expires_at > current)
                & (
                    UserSession.last_seen_at
                    > current - timedelta(minutes=self.settings.session_idle_minutes)
                )
            )
            .order_by(UserSession.last_seen_at, ascending=False)
        )
        return [to_struct(r, ActiveSession, current=r["id"] == actor.session_id) for r in rows]

    async def revoke(self, actor: Actor, session_id: int) -> None:
        async with db.transaction():
            revoked = (
                await UserSession.update({UserSession.revoked_at: now()})
                .where(
                    (UserSession.id == session_id)
                    & (UserSession.user == actor.id)
                    & UserSession.revoked_at.is_null()
                )
                .returning(UserSession.id)
            )
            if not revoked:
                raise Problem(404, "Không tìm thấy phiên đăng nhập.", code="unknown_session")
            await audit.record(
                "session.revoked", actor_id=actor.id, ip=actor.ip, target=f"session:{session_id}"
            )
        self.forget(actor.id)

    async def revoke_everything(self, user_id: int, actor: Actor | None) -> None:
        """A lost or stolen device: every passkey and session of the user ends, and what other
        domains keep for his devices (each plugin's ``forget_devices``), inside the caller's
        transaction; ``actor`` is the administrator (None from the command line). The caller
        forgets the sessions after the commit; other workers within ``SESSION_MEMO_SECONDS``."""
        at = now()
        passkeys = (
            await Credential.update({Credential.revoked_at: at})
            .where((Credential.user == user_id) & Credential.revoked_at.is_null())
            .returning(Credential.id)
        )
        sessions = (
            await UserSession.update({UserSession.revoked_at: at})
            .where((UserSession.user == user_id) & UserSession.revoked_at.is_null())
            .returning(UserSession.id)
        )
        counts = {"passkeys": len(passkeys), "sessions": len(sessions)}
        counts.update(await self.hooks.forget_devices(user_id))
        await audit.record(
            "account.revoked_by_admin",
            actor_id=actor.id if actor else None,
            target=f"user:{user_id}",
            ip=actor.ip if actor else "",
            detail=counts,
        )
