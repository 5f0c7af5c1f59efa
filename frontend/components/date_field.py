"""Date fields that show and accept dd/mm/yyyy whatever the browser's language.

A browser's own date picker (``<input type="date">``) follows the browser's locale: an
English-language phone shows and expects mm/dd/yyyy. These fields are plain text inputs with
a numeric keyboard; ``mask_dmy`` puts the slashes in as the person types (a controlled
field) and ``parse_dmy`` reads what was typed, with a Vietnamese message when it is not a
date.

    date_field("han_xu_ly", value=State.fields.get("han_xu_ly", ""),
               on_change=lambda v: State.set_date("han_xu_ly", v))
    date_field("deadline")  # in an ``rx.form``: read at submit with parse_dmy
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import reflex as rx

PLACEHOLDER = "dd/mm/yyyy"
_DIGITS = "0123456789"
_SEPARATORS = "/.- "
# What may be typed: day, month, year with any of the separators, or eight digits.
_TYPED = re.compile(r"\d{1,2}[/.\- ]\d{1,2}[/.\- ]\d{4}|\d{8}")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class DateInputError(ValueError):
    """What was typed is not a date; ``str(error)`` says so in Vietnamese."""


def mask_dmy(text: str) -> str:
    """What a dd/mm/yyyy field shows for ``text``: digits and slashes only, a slash after
    a two-digit day and month, four digits of year at most.

    ``"05122026"`` → ``"05/12/2026"``; ``"5-12-2026"`` → ``"5/12/2026"``; ``"05/"`` stays."""
    parts = [""]
    for char in text:
        if char in _DIGITS:
            if len(parts) < 3 and len(parts[-1]) == 2:
                parts.append("")
            if len(parts) == 3 and len(parts[-1]) == 4:
                break
            parts[-1] += char
        elif char in _SEPARATORS and parts[-1] and len(parts) < 3:
            parts.append("")
    return "/".join(parts)


def parse_dmy(text: str, label: str = "Ngày") -> date | None:
    """The date typed as dd/mm/yyyy (or d/m/yyyy, or eight digits), ``None`` when empty.

    Raises ``DateInputError`` with a Vietnamese message naming the field otherwise."""
    text = text.strip()
    if not text:
        return None
    typed = mask_dmy(text)
    match = _DMY.fullmatch(typed) if _TYPED.fullmatch(text) else None
    if match is None:
        raise DateInputError(f"{label}: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026.")
    day, month, year = (int(group) for group in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(f"{label}: ngày {typed} không có trên lịch.") from None


def date_field(
    name: str,
    value: rx.Var | None = None,
    on_change: Any = None,
    *,
    id: str | None = None,
    size: str = "3",
) -> rx.Component:
    """A dd/mm/yyyy text field. With ``value`` and ``on_change`` it is controlled (the
    state applies ``mask_dmy``); without them, the form that holds it reads it at submit."""
    props: dict[str, Any] = {}
    if value is not None:
        props["value"] = value
    if on_change is not None:
        props["on_change"] = on_change
    return rx.input(
        name=name,
        id=id or name,
        type="text",
        input_mode="numeric",
        placeholder=PLACEHOLDER,
        max_length=10,
        auto_complete="off",
        size=size,
        **props,
    )
