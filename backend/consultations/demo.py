"""Demo data (``dangbo seed-demo``): the draft the project ships, opened to comments."""

from __future__ import annotations

from backend.core.services import Services


async def seed_consultations(services: Services) -> dict[str, int]:
    return {}
