"""Local time as the app shows it: Asia/Ho_Chi_Minh, ``dd/mm/yyyy`` and 24-hour clocks.

The API carries instants in UTC (ISO 8601) and calendar dates as dates; every place that turns
them into words for a person (the UI, the CLI, generated PDFs, notification texts) uses these.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_now() -> datetime:
    return datetime.now(LOCAL_TZ)


def today() -> date:
    """Today's date in Việt Nam (a deadline "today" ends at local midnight, not UTC's)."""
    return local_now().date()


def dmy(day: date | None) -> str:
    """``31/12/2026``; empty for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def dmy_hm(moment: datetime | None) -> str:
    """``31/12/2026 14:05`` in local time; empty for no instant. A naive value is UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
