"""Dates and small texts as Vietnamese readers expect them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from frontend.theme import TIMEZONE

_ZONE = ZoneInfo(TIMEZONE)


def format_datetime(value: datetime | None, empty: str = "—") -> str:
    """``dd/mm/yyyy HH:MM`` (24 h) in Asia/Ho_Chi_Minh."""
    if value is None:
        return empty
    return value.astimezone(_ZONE).strftime("%d/%m/%Y %H:%M")


def device_label(user_agent: str) -> str:
    """A short, readable name for a browser from its user agent (``Chrome trên Android``)."""
    ua = user_agent or ""
    if "Edg/" in ua:
        browser = "Edge"
    elif "OPR/" in ua or "Opera" in ua:
        browser = "Opera"
    elif "CriOS" in ua or "Chrome/" in ua or "Chromium/" in ua:
        browser = "Chrome"
    elif "FxiOS" in ua or "Firefox/" in ua:
        browser = "Firefox"
    elif "Safari/" in ua:
        browser = "Safari"
    else:
        browser = "Trình duyệt"
    if "Android" in ua:
        system = "Android"
    elif "iPhone" in ua or "iPad" in ua:
        system = "iOS"
    elif "Windows" in ua:
        system = "Windows"
    elif "Mac OS X" in ua or "Macintosh" in ua:
        system = "macOS"
    elif "Linux" in ua:
        system = "Linux"
    else:
        return browser
    return f"{browser} trên {system}"
