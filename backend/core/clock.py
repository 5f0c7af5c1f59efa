"""The server's clock: instants in UTC for storage, and the local calendar for rules
("overdue", "today's number") from :mod:`shared.clock`."""

from datetime import UTC, datetime

from shared.clock import LOCAL_TZ, dmy, dmy_hm, today

__all__ = ["LOCAL_TZ", "dmy", "dmy_hm", "now", "today"]


def now() -> datetime:
    return datetime.now(UTC)
