"""Publishing drafts and their versions (tổ biên tập), reading a version, the diff.

A draft is published from structured text or a DOCX (:mod:`backend.consultations.docx_text`)
read by the library's structure parser into units (:mod:`backend.consultations.units`). The
first version numbers its units' keys ``u1``, ``u2``…; a revised version keeps the key of every
unit matched to the previous version (:mod:`backend.consultations.matching`) and draws new keys
for the rest, so comments, which store the key, stay on their clause.
"""

from __future__ import annotations

from datetime import datetime

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.consultations.matching import OldUnit, diff, match_units
from backend.consultations.policy import POLICY, DraftRecord
from backend.consultations.tables import Consultation, Draft, DraftUnitRow, DraftVersion
from backend.consultations.units import Unit, read_units
from backend.core.clock import now
from backend.core.problems import Problem
from shared.accounts import Role
from shared.consultations import (
    ConsultationAction,
    DraftDetail,
    DraftSummary,
    DraftUnitView,
    DraftVersionSummary,
    DraftVersionView,
    SourceKind,
    UnitKind,
    VersionDiff,
)

DRAFT_NOT_FOUND = "Không tìm thấy dự thảo."
VERSION_NOT_FOUND = "Dự thảo không có phiên bản này."


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise Problem(400, "Tên dự thảo không được để trống.", code="empty_title")
    return cleaned


async def draft_row(draft_id: int) -> dict:
    row = await Draft.select().where(Draft.id == draft_id).first()
    if row is None:
        raise Problem(404, DRAFT_NOT_FOUND, code="draft_not_found")
    return row


async def _may_read(actor: Actor, draft_id: int) -> None:
    """Editors read every draft; anyone signed in reads one a consultation has opened."""
    if actor.has(Role.BIEN_TAP):
        return
    opened = await Consultation.exists().where(
        (Consultation.draft == draft_id) & (Consultation.opens_at <= now())
    )
    if not opened:
        raise Problem(404, DRAFT_NOT_FOUND, code="draft_not_found")


async def version_id(draft_id: int, number: int) -> int:
    row = (
        await DraftVersion.select(DraftVersion.id)
        .where((DraftVersion.draft == draft_id) & (DraftVersion.number == number))
        .first()
    )
    if row is None:
        raise Problem(404, VERSION_NOT_FOUND, code="version_not_found")
    return row["id"]


async def unit_rows(version: int) -> list[dict]:
    return (
        await DraftUnitRow.select()
        .where(DraftUnitRow.version == version)
        .order_by(DraftUnitRow.position)
    )


def unit_view(row: dict) -> DraftUnitView:
    return DraftUnitView(
        key=row["unit_key"],
        anchor=row["anchor"],
        kind=UnitKind(row["kind"]),
        label=row["label"],
        title=row["title"],
        text=row["text"],
        level=row["level"],
        parent=row["parent_key"],
        position=row["position"],
    )


def old_unit(row: dict) -> OldUnit:
    return OldUnit(
        key=row["unit_key"],
        anchor=row["anchor"],
        kind=UnitKind(row["kind"]),
        label=row["label"],
        title=row["title"],
        text=row["text"],
        content_hash=row["content_hash"],
        parent_key=row["parent_key"],
        position=row["position"],
    )


async def current_unit(draft_id: int, unit_key: str | None) -> tuple[int, dict | None]:
    """The current version's number and, when asked, one of its units (None if it has no unit
    of that key): one statement over the unique index (version, unit_key)."""
    rows = await Draft.raw(
        'SELECT v."number" AS "number", u."unit_key" AS "unit_key", u."title" AS "title", '
        'u."text" AS "text" FROM "draft" d '
        'JOIN "draft_version" v ON v."draft" = d."id" AND v."number" = d."current_version" '
        'LEFT JOIN "draft_unit" u ON u."version" = v."id" AND u."unit_key" = {} '
        'WHERE d."id" = {}',
        unit_key or "",
        draft_id,
    )
    if not rows:
        raise Problem(404, DRAFT_NOT_FOUND, code="draft_not_found")
    row = rows[0]
    return row["number"], row if row["unit_key"] is not None else None


async def current_units(draft_id: int) -> tuple[int, list[dict]]:
    """The current version's number and its unit rows."""
    draft = await draft_row(draft_id)
    number = draft["current_version"]
    return number, await unit_rows(await version_id(draft_id, number))


async def write_version(
    draft_id: int,
    number: int,
    source: SourceKind,
    text: str,
    note: str,
    units: list[Unit],
    how: dict[str, tuple[str, float]],
    stamp: datetime,
    published_by: int | None,
) -> None:
    """One version's row and its units' rows (inside the caller's transaction)."""
    [row] = await DraftVersion.insert(
        DraftVersion(
            draft=draft_id,
            number=number,
            source=source.value,
            source_text=text,
            note=note,
            published_by=published_by,
            published_at=stamp,
        )
    ).returning(DraftVersion.id)
    key_of = {u.anchor: u.key for u in units}
    rows = [
        DraftUnitRow(
            draft=draft_id,
            version=row["id"],
            unit_key=u.key,
            anchor=u.anchor,
            kind=u.kind.value,
            label=u.label,
            title=u.title,
            text=u.text,
            level=u.level,
            parent_key=key_of.get(u.parent_anchor) if u.parent_anchor else None,
            position=u.position,
            content_hash=u.content_hash,
            match=how.get(u.key, ("new", 1.0))[0],
            similarity=how.get(u.key, ("new", 1.0))[1],
        )
        for u in units
    ]
    for start in range(0, len(rows), 500):
        await DraftUnitRow.insert(*rows[start : start + 500])


class Drafts:
    # ---- writing ---------------------------------------------------------------------------

    async def create(
        self, actor: Actor, *, title: str, summary: str, text: str, source: SourceKind
    ) -> DraftDetail:
        POLICY.require(ConsultationAction.MANAGE, actor, None)
        title = _clean_title(title)
        units = read_units(text)
        for number, unit in enumerate(units, start=1):
            unit.key = f"u{number}"
        stamp = now()
        async with db.transaction():
            [row] = await Draft.insert(
                Draft(
                    title=title,
                    summary=summary.strip(),
                    current_version=1,
                    next_key=len(units) + 1,
                    created_by=actor.id,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(Draft.id)
            draft_id = row["id"]
            await write_version(draft_id, 1, source, text, "", units, {}, stamp, actor.id)
            await audit.record(
                "consultations.draft_published",
                actor_id=actor.id,
                target=f"draft:{draft_id}",
                ip=actor.ip,
                detail={"version": 1, "units": len(units)},
            )
        return await self.detail(actor, draft_id)

    async def revise(
        self, actor: Actor, draft_id: int, *, text: str, note: str, source: SourceKind
    ) -> DraftDetail:
        await draft_row(draft_id)
        POLICY.require(ConsultationAction.REVISE, actor, DraftRecord(draft_id))
        units = read_units(text)
        stamp = now()
        async with db.transaction():
            draft = await draft_row(draft_id)  # read again inside: two revisions in a row
            number = draft["current_version"]
            old = [old_unit(r) for r in await unit_rows(await version_id(draft_id, number))]
            next_key = draft["next_key"]

            def new_key() -> str:
                nonlocal next_key
                next_key += 1
                return f"u{next_key - 1}"

            matches = match_units(units, old, new_key)
            how: dict[str, tuple[str, float]] = {}
            for unit, found in zip(units, matches, strict=True):
                unit.key = found.key
                how[found.key] = (found.how, found.similarity)
            await write_version(
                draft_id, number + 1, source, text, note.strip(), units, how, stamp, actor.id
            )
            await Draft.update(
                {
                    Draft.current_version: number + 1,
                    Draft.next_key: next_key,
                    Draft.updated_at: stamp,
                }
            ).where(Draft.id == draft_id)
            await audit.record(
                "consultations.draft_revised",
                actor_id=actor.id,
                target=f"draft:{draft_id}",
                ip=actor.ip,
                detail={"version": number + 1, "units": len(units)},
            )
        return await self.detail(actor, draft_id)

    # ---- reading ---------------------------------------------------------------------------

    async def list(self, actor: Actor) -> list[DraftSummary]:
        POLICY.require(ConsultationAction.MANAGE, actor, None)
        rows = await Draft.select().order_by(Draft.updated_at, ascending=False)
        return [
            DraftSummary(
                id=r["id"],
                title=r["title"],
                summary=r["summary"],
                version=r["current_version"],
                updated_at=r["updated_at"],
            )
            for r in rows
        ]

    async def detail(self, actor: Actor, draft_id: int) -> DraftDetail:
        draft = await draft_row(draft_id)
        await _may_read(actor, draft_id)
        versions = (
            await DraftVersion.select(
                DraftVersion.id,
                DraftVersion.number,
                DraftVersion.source,
                DraftVersion.note,
                DraftVersion.published_at,
                DraftVersion.published_by.full_name.as_alias("published_by_name"),
            )
            .where(DraftVersion.draft == draft_id)
            .order_by(DraftVersion.number)
        )
        counts = {
            r["version"]: r["count"]
            for r in await DraftUnitRow.raw(
                'SELECT "version", COUNT(*) AS "count" FROM "draft_unit" WHERE "draft" = {} '
                'GROUP BY "version"',
                draft_id,
            )
        }
        return DraftDetail(
            id=draft_id,
            title=draft["title"],
            summary=draft["summary"],
            version=draft["current_version"],
            versions=[
                DraftVersionSummary(
                    number=v["number"],
                    source=SourceKind(v["source"]),
                    note=v["note"],
                    units=counts.get(v["id"], 0),
                    published_at=v["published_at"],
                    published_by_name=v["published_by_name"] or "",
                )
                for v in versions
            ],
            actions=POLICY.actions(actor, DraftRecord(draft_id)),
        )

    async def version(self, actor: Actor, draft_id: int, number: int) -> DraftVersionView:
        await draft_row(draft_id)
        await _may_read(actor, draft_id)
        vid = await version_id(draft_id, number)
        row = await DraftVersion.select().where(DraftVersion.id == vid).first()
        assert row is not None
        return DraftVersionView(
            draft_id=draft_id,
            number=number,
            note=row["note"],
            published_at=row["published_at"],
            units=[unit_view(r) for r in await unit_rows(vid)],
        )

    async def diff(
        self, actor: Actor, draft_id: int, old: int | None, new: int | None
    ) -> VersionDiff:
        draft = await draft_row(draft_id)
        await _may_read(actor, draft_id)
        new = new or draft["current_version"]
        old = old or max(new - 1, 1)
        if old == new:
            raise Problem(400, "Hãy chọn hai phiên bản khác nhau.", code="same_version")
        before = [old_unit(r) for r in await unit_rows(await version_id(draft_id, old))]
        after = [old_unit(r) for r in await unit_rows(await version_id(draft_id, new))]
        unchanged, changes = diff(before, after)
        return VersionDiff(
            draft_id=draft_id,
            from_version=old,
            to_version=new,
            unchanged=unchanged,
            changes=changes,
        )
