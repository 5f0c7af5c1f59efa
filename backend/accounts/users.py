"""The administrator's list of users: search by name or user name, keyset paging by user name,
and for each user his roles, organisation, passkeys (how many, last used), live sessions and
the state of his latest account recovery. Re-inviting and revoking go through the invitation
endpoint."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from piccolo.columns import Varchar
from piccolo.columns.combination import Where

from backend import db
from backend.accounts.identity import roles_of
from backend.accounts.recovery_hold import current_state
from backend.accounts.tables import AccountRecovery, Credential, User, UserSession
from backend.core.clock import now
from backend.core.convert import to_struct
from backend.core.paging import decode_cursor, encode_cursor, page_of
from backend.core.text import fold
from backend.settings import Settings
from shared.accounts import RecoveryState, UserPage, UserSummary

# LIKE's own wildcards are not searched for (a name never holds them).
_WILDCARDS = re.compile(r"[%_\\]")


def _patterns(q: str) -> tuple[str, str]:
    """(as typed, for the full name; folded and without spaces, for the user name, which is
    the folded name: ``Văn An`` finds ``nguyenvanan``)."""
    typed = " ".join(_WILDCARDS.sub("", q).split())
    folded = re.sub(r"[^a-z0-9]", "", fold(typed))
    return f"%{typed}%", f"%{folded}%"


def _contains(column: Varchar, pattern: str) -> Where:
    """Case-insensitive on PostgreSQL; SQLite's LIKE already is, for ASCII letters (the user
    names), and its ILIKE would only warn."""
    return column.ilike(pattern) if db.is_postgres() else column.like(pattern)


class UserDirectory:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def page(self, q: str | None, cursor: str | None, limit: int) -> UserPage:
        query = User.select(
            User.id,
            User.username,
            User.full_name,
            User.roles,
            User.is_active.as_alias("active"),
            User.organisation.code.as_alias("organisation_code"),
            User.organisation.name.as_alias("organisation_name"),
        )
        if q and q.strip():
            by_name, by_username = _patterns(q)
            condition = _contains(User.full_name, by_name)
            if by_username != "%%":
                condition = condition | _contains(User.username, by_username)
            query = query.where(condition)
        if cursor:
            (after,) = decode_cursor(cursor, (str,))
            query = query.where(User.username > after)
        rows, more = page_of(await query.order_by(User.username).limit(limit + 1), limit)
        ids = [row["id"] for row in rows]
        passkeys = await self._passkeys(ids)
        sessions = await self._sessions(ids)
        recoveries = await self._latest_recoveries(ids)
        items = [
            to_struct(
                row,
                UserSummary,
                roles=roles_of(row["roles"]),
                passkeys=len(passkeys[row["id"]]),
                passkey_last_used_at=max(
                    (used for used in passkeys[row["id"]] if used is not None), default=None
                ),
                sessions=sessions[row["id"]],
                recovery_state=recoveries.get(row["id"]),
            )
            for row in rows
        ]
        return UserPage(
            items=items, next_cursor=encode_cursor([rows[-1]["username"]]) if more else None
        )

    async def _passkeys(self, ids: list[int]) -> dict[int, list[datetime | None]]:
        """The last use of each live passkey, by user."""
        found: dict[int, list[datetime | None]] = defaultdict(list)
        if ids:
            rows = await Credential.select(Credential.user, Credential.last_used_at).where(
                Credential.user.is_in(ids) & Credential.revoked_at.is_null()
            )
            for row in rows:
                found[row["user"]].append(row["last_used_at"])
        return found

    async def _sessions(self, ids: list[int]) -> dict[int, int]:
        """How many sessions of each user still work (not ended, not expired, not idle)."""
        found: dict[int, int] = defaultdict(int)
        if ids:
            current = now()
            rows = await UserSession.select(UserSession.user).where(
                UserSession.user.is_in(ids)
                & UserSession.revoked_at.is_null()
                & (UserSession.expires_at > current)
                & (
                    UserSession.last_seen_at
                    > current - timedelta(minutes=self.settings.session_idle_minutes)
                )
            )
            for row in rows:
                found[row["user"]] += 1
        return found

    async def _latest_recoveries(self, ids: list[int]) -> dict[int, RecoveryState]:
        found: dict[int, dict[str, Any]] = {}
        if ids:
            rows = (
                await AccountRecovery.select(
                    AccountRecovery.user,
                    AccountRecovery.state,
                    AccountRecovery.release_at,
                    AccountRecovery.link_expires_at,
                )
                .where(AccountRecovery.user.is_in(ids))
                .order_by(AccountRecovery.id)
            )
            found = {row["user"]: row for row in rows}  # the newest wins
        at = now()
        return {
            user: current_state(
                row["state"],
                release_at=row["release_at"],
                link_expires_at=row["link_expires_at"],
                at=at,
            )
            for user, row in found.items()
        }
