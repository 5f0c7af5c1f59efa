"""Each user's choices per kind of notification: push on or off, and quiet hours.

Quiet hours are minutes after local midnight (Asia/Ho_Chi_Minh), a window that may run past
midnight; a push that falls in them waits until they end, unless it is urgent. With no stored
preference a kind is pushed at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.clock import LOCAL_TZ
from backend.core.problems import Problem
from backend.notifications import sql
from backend.notifications.tables import NotificationPreference
from shared.notifications import (
    KIND_LABELS,
    NotificationKind,
    NotificationPreferenceView,
    PreferencesUpdate,
)


def quiet_until(moment: datetime, start: int | None, end: int | None) -> datetime | None:
    """If ``moment`` falls in the quiet hours [start, end) (minutes after local midnight,
    Asia/Ho_Chi_Minh; a window may run past midnight), the UTC instant they end; else None."""
    if start is None or end is None or start == end:
        return None
    local = moment.astimezone(LOCAL_TZ)
    minute = local.hour * 60 + local.minute
    if start < end:
        if not start <= minute < end:
            return None
        ends_on: date = local.date()
    else:
        if start > minute >= end:
            return None
        ends_on = local.date() + timedelta(days=1) if minute >= start else local.date()
    ends = datetime.combine(ends_on, time(end // 60, end % 60), LOCAL_TZ)
    return ends.astimezone(UTC)


async def push_due_times(
    users: list[int], kind: NotificationKind, urgent: bool, moment: datetime
) -> dict[datetime, list[int]]:
    """Users whose push of ``kind`` is on, grouped by when it may go out (quiet hours)."""
    prefs = await NotificationPreference.raw(
        'SELECT "user", "push_enabled", "quiet_start", "quiet_end" FROM "notification_preference" '
        'WHERE "kind" = {} AND ' + sql.in_ids('"user"'),
        kind.value,
        sql.ids(users),
    )
    by_user = {row["user"]: row for row in prefs}
    groups: dict[datetime, list[int]] = {}
    for user in users:
        pref = by_user.get(user)
        due = moment
        if pref is not None:
            if not pref["push_enabled"]:
                continue
            if not urgent:
                due = quiet_until(moment, pref["quiet_start"], pref["quiet_end"]) or moment
        groups.setdefault(due, []).append(user)
    return groups


def _minutes(clock: str | None) -> int | None:
    if clock is None:
        return None
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int | None) -> str | None:
    return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _check(update: PreferencesUpdate) -> None:
    kinds = [item.kind for item in update.items]
    if len(set(kinds)) != len(kinds):
        raise Problem(422, "Mỗi loại thông báo chỉ được khai báo một lần.", code="duplicate_kind")
    for item in update.items:
        if (item.quiet_start is None) != (item.quiet_end is None):
            raise Problem(
                422,
                f"Giờ yên tĩnh của mục «{KIND_LABELS[item.kind]}» cần cả giờ bắt đầu và giờ "
                "kết thúc (hoặc bỏ trống cả hai).",
                code="quiet_hours_incomplete",
            )
        if item.quiet_start is not None and item.quiet_start == item.quiet_end:
            raise Problem(
                422,
                f"Giờ yên tĩnh của mục «{KIND_LABELS[item.kind]}» phải có giờ bắt đầu khác "
                "giờ kết thúc.",
                code="quiet_hours_empty",
            )


class PreferenceService:
    async def of(self, actor: Actor) -> list[NotificationPreferenceView]:
        """One line per kind, stored or default (push on, no quiet hours)."""
        rows = await NotificationPreference.select().where(NotificationPreference.user == actor.id)
        stored = {row["kind"]: row for row in rows}
        views = []
        for kind in NotificationKind:
            row = stored.get(kind.value)
            views.append(
                NotificationPreferenceView(
                    kind=kind,
                    label=KIND_LABELS[kind],
                    push_enabled=bool(row["push_enabled"]) if row else True,
                    quiet_start=_clock(row["quiet_start"]) if row else None,
                    quiet_end=_clock(row["quiet_end"]) if row else None,
                )
            )
        return views

    async def update(
        self, actor: Actor, update: PreferencesUpdate
    ) -> list[NotificationPreferenceView]:
        _check(update)
        async with db.transaction():
            for item in update.items:
                await NotificationPreference.insert(
                    NotificationPreference(
                        user=actor.id,
                        kind=item.kind.value,
                        push_enabled=item.push_enabled,
                        quiet_start=_minutes(item.quiet_start),
                        quiet_end=_minutes(item.quiet_end),
                    )
                ).on_conflict(
                    target=(NotificationPreference.user, NotificationPreference.kind),
                    action="DO UPDATE",
                    values=[
                        NotificationPreference.push_enabled,
                        NotificationPreference.quiet_start,
                        NotificationPreference.quiet_end,
                    ],
                )
            await audit.record(
                "notifications.preferences",
                actor_id=actor.id,
                target=f"user:{actor.id}",
                ip=actor.ip,
                detail={"kinds": sorted(item.kind.value for item in update.items)},
            )
        return await self.of(actor)
