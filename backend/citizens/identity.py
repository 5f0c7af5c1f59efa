"""What VNeID says about a person, once its response is decrypted and checked: held in memory
for the length of a sign-in, never stored as such (``registry.py`` keeps only what
``docs/citizens.md`` lists)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shared.citizens import AgeBand


@dataclass(frozen=True, kw_only=True)
class VneidIdentity:
    pid: str = field(repr=False)  # số định danh cá nhân: never logged, never stored
    full_name: str = field(repr=False)
    birth_date: date | None = field(default=None, repr=False)
    account_level: int
    province: str = ""
    commune: str = ""


def age_band(birth_date: date | None, on: date) -> AgeBand:
    if birth_date is None:
        return AgeBand.UNKNOWN
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if years < 18:
        return AgeBand.UNDER_18
    if years < 30:
        return AgeBand.FROM_18_TO_29
    if years < 45:
        return AgeBand.FROM_30_TO_44
    if years < 60:
        return AgeBand.FROM_45_TO_59
    return AgeBand.FROM_60
