"""Who may download a blob of the file store.

The store holds the files of several domains; each domain that references blobs registers a
check here. A check answers with the file name the user knows the blob by, or None.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from backend.accounts.services import CurrentUser

AccessCheck = Callable[[CurrentUser, str], Awaitable[str | None]]
ACCESS_CHECKS: list[AccessCheck] = []


def register_access_check(check: AccessCheck) -> AccessCheck:
    if check not in ACCESS_CHECKS:
        ACCESS_CHECKS.append(check)
    return check


async def downloadable_as(user: CurrentUser, sha256: str) -> str | None:
    for check in ACCESS_CHECKS:
        name = await check(user, sha256)
        if name:
            return name
    return None
