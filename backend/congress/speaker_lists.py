"""Reading the speakers lists: an item's list in its order, and who has the floor and who
is next (for the live state and the events that redraw it)."""

from __future__ import annotations

from datetime import datetime

from backend.congress.tables import Speaker
from backend.core.clock import now
from shared.congress import SpeakerKind, SpeakerStatus
from shared.congress_hall import OwnRequest, SpeakerEntry

# Order of an item's list: the speaker now, the queue in its order, the written contributions
# waiting for the secretariat, those who spoke (in the order they spoke), the rest.
_RANK = {
    SpeakerStatus.SPEAKING: 0,
    SpeakerStatus.QUEUED: 1,
    SpeakerStatus.REQUESTED: 2,
    SpeakerStatus.DONE: 3,
    SpeakerStatus.DECLINED: 4,
    SpeakerStatus.WITHDRAWN: 5,
}
NEXT_SHOWN = 2

_COLUMNS = (
    Speaker.id,
    Speaker.item,
    Speaker.delegate,
    Speaker.delegate.full_name.as_alias("full_name"),
    Speaker.delegate.delegation.as_alias("delegation"),
    Speaker.kind,
    Speaker.status,
    Speaker.position,
    Speaker.title,
    Speaker.summary,
    Speaker.planned_minutes,
    Speaker.review_note,
    Speaker.floor_at,
    Speaker.finished_at,
    Speaker.created_at,
    Speaker.sha256,
    Speaker.filename,
)


def _elapsed(floor_at: datetime | None, finished_at: datetime | None) -> float | None:
    if floor_at is None:
        return None
    return round(((finished_at or now()) - floor_at).total_seconds() / 60, 1)


def entry_of(row: dict) -> SpeakerEntry:
    return SpeakerEntry(
        id=row["id"],
        item_id=row["item"],
        delegate_id=row["delegate"],
        full_name=row["full_name"],
        delegation=row["delegation"],
        kind=SpeakerKind(row["kind"]),
        status=SpeakerStatus(row["status"]),
        position=row["position"],
        title=row["title"],
        summary=row["summary"],
        planned_minutes=row["planned_minutes"],
        review_note=row["review_note"],
        floor_at=row["floor_at"],
        finished_at=row["finished_at"],
        elapsed_minutes=_elapsed(row["floor_at"], row["finished_at"]),
        created_at=row["created_at"],
        sha256=row["sha256"],
        filename=row["filename"],
    )


def _key(entry: SpeakerEntry) -> tuple:
    rank = _RANK[entry.status]
    if entry.status is SpeakerStatus.DONE:
        return (rank, entry.floor_at or entry.created_at, entry.id)
    return (rank, entry.position, entry.created_at, entry.id)


async def item_entries(item_id: int) -> list[SpeakerEntry]:
    rows = await Speaker.select(*_COLUMNS).where(Speaker.item == item_id)
    return sorted((entry_of(r) for r in rows), key=_key)


async def delegate_requests(congress_id: int, delegate_id: int) -> list[OwnRequest]:
    """A delegate's own requests and contributions in the congress, newest first."""
    rows = await Speaker.select(
        *_COLUMNS,
        Speaker.item.title.as_alias("item_title"),
        Speaker.item.session.title.as_alias("session_title"),
    ).where((Speaker.congress == congress_id) & (Speaker.delegate == delegate_id))
    found = [
        OwnRequest(
            **{f: getattr(entry_of(r), f) for f in SpeakerEntry.__struct_fields__},
            item_title=r["item_title"],
            session_title=r["session_title"],
        )
        for r in rows
    ]
    return sorted(found, key=lambda e: (e.created_at, e.id), reverse=True)


async def speaker_entry(speaker_id: int) -> SpeakerEntry | None:
    row = await Speaker.select(*_COLUMNS).where(Speaker.id == speaker_id).first()
    return entry_of(row) if row else None


async def floor_of(item_id: int | None) -> tuple[SpeakerEntry | None, list[SpeakerEntry]]:
    """Who has the floor on the item, and the next ones on its list."""
    if item_id is None:
        return None, []
    entries = await item_entries(item_id)
    speaking = next((e for e in entries if e.status is SpeakerStatus.SPEAKING), None)
    queued = [e for e in entries if e.status is SpeakerStatus.QUEUED]
    return speaking, queued[:NEXT_SHOWN]
