"""Demo data of later domains (documents, notifications …), run after the base seed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

SEED_HOOKS: list[Callable[[], Awaitable[dict[str, int]]]] = []


async def run_seed_hooks() -> dict[str, int]:
    counts: dict[str, int] = {}
    for hook in SEED_HOOKS:
        counts.update(await hook())
    return counts


from backend.notifications.seed import seed_notifications  # noqa: E402

SEED_HOOKS.append(seed_notifications)

from backend.documents.demo import seed_documents  # noqa: E402

SEED_HOOKS.append(seed_documents)
