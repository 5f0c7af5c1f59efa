"""What a notification about a document is about, told to its reader when he reads the
notification list: the document's số/ký hiệu (or số đến) and trích yếu, only for documents he
may read now. The push message itself stays without any of it: it passes through the browser
vendor's push service (see ``docs/documents.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from backend.accounts.identity import Actor
from backend.core.ids import in_range
from backend.documents.tables import Document
from backend.documents.visibility import Visibility, visibility_sql
from shared.documents import DOCUMENT_TYPES, Direction

_LINK = re.compile(r"/van-ban/(\d{1,10})")
TRICH_YEU_MAX = 160


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TRICH_YEU_MAX else text[: TRICH_YEU_MAX - 1].rstrip() + "…"


def describe(row: dict) -> str:
    """``15-KH/TU — Kế hoạch tổ chức …``; an incoming copy without a number by its số đến; a
    draft by its type."""
    if row["ky_hieu"]:
        name = f"Số {row['ky_hieu']}"
    elif row["direction"] == Direction.DEN.value and row["so_den"]:
        name = f"Số đến {row['so_den']}"
    else:
        name = f"Dự thảo {DOCUMENT_TYPES.get(row['loai'], row['loai']).lower()}"
    return f"{name} — {_clip(row['trich_yeu'])}"


async def notification_subjects(actor: Actor, links: Sequence[str]) -> dict[str, str]:
    """link → description, for the links to documents ``actor`` may read."""
    by_id: dict[int, list[str]] = {}
    for link in links:
        match = _LINK.fullmatch(link)
        if match and in_range(int(match.group(1))):
            by_id.setdefault(int(match.group(1)), []).append(link)
    if not by_id:
        return {}
    ids = list(by_id)
    where, args = visibility_sql(Visibility.of(actor), "d")
    rows = await Document.raw(
        'SELECT d."id", d."ky_hieu", d."so_den", d."direction", d."loai", d."trich_yeu" '
        'FROM "document" d WHERE d."id" IN (' + ", ".join("{}" for _ in ids) + f") AND {where}",
        *ids,
        *args,
    )
    return {link: describe(row) for row in rows for link in by_id[row["id"]]}
