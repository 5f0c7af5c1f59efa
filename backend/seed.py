"""``dangbo seed-demo``: every domain's demo data, in the order of ``backend/domains.py``.
Idempotent: running it twice adds nothing."""

from __future__ import annotations

from backend.core.services import Services
from backend.domains import plugins


async def seed_demo(services: Services) -> dict[str, int]:
    counts: dict[str, int] = {}
    for domain in plugins():
        if domain.seed is not None:
            counts.update(await domain.seed(services))
    return counts
