"""Positions in an organisation: who leads a chi bộ and who sits on a cấp ủy.

Global roles say what kind of user someone is; positions say what he is *to one
organisation*. The bí thư and phó bí thư lead it (a chi bộ's secretary side: meetings,
member records, corrections); with the chi ủy viên / cấp ủy viên they are its cấp ủy.

The policy tables of the handbook's domains stay pure functions: a service loads the actor's
:class:`Standing` and the record's :class:`Place` (its organisation and the organisations
above it) once, puts them in the record the rules judge, and the rules only compare sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.orgs.tables import Organisation, OrgPosition
from shared.orgs import (
    PARTY_KINDS,
    POSITION_LABELS,
    OrgKind,
    Position,
    PositionAssign,
    PositionHolder,
)

LEADING = (Position.BI_THU, Position.PHO_BI_THU)
COMMITTEE = tuple(Position)


@dataclass(frozen=True)
class Standing:
    """The positions one user holds, as (organisation id, position) pairs."""

    held: frozenset[tuple[int, Position]] = frozenset()

    def holds(self, organisation_id: int, *positions: Position) -> bool:
        return any((organisation_id, p) in self.held for p in positions or COMMITTEE)

    def leads(self, organisation_id: int) -> bool:
        """Bí thư or phó bí thư of the organisation."""
        return self.holds(organisation_id, *LEADING)

    def on_committee(self, organisation_id: int) -> bool:
        """On the organisation's cấp ủy (any position in it)."""
        return self.holds(organisation_id, *COMMITTEE)

    @property
    def organisations(self) -> set[int]:
        return {org for org, _ in self.held}

    def led(self) -> set[int]:
        return {org for org, p in self.held if p in LEADING}


NO_STANDING = Standing()


@dataclass(frozen=True)
class Place:
    """An organisation and those above it, nearest first (``lineage[0]`` is itself)."""

    lineage: tuple[int, ...]

    @property
    def organisation_id(self) -> int:
        return self.lineage[0]

    @property
    def above(self) -> tuple[int, ...]:
        return self.lineage[1:]


def led_by(standing: Standing, place: Place) -> bool:
    """The actor leads the organisation itself (its bí thư or phó bí thư)."""
    return standing.leads(place.organisation_id)


def committee_above(standing: Standing, place: Place) -> bool:
    """The actor sits on the cấp ủy of an organisation above this one."""
    return any(standing.on_committee(org) for org in place.above)


# ---- loading ---------------------------------------------------------------------------------


async def standing_of(user_id: int) -> Standing:
    rows = await OrgPosition.select(OrgPosition.organisation, OrgPosition.position).where(
        OrgPosition.user == user_id
    )
    return Standing(frozenset((r["organisation"], Position(r["position"])) for r in rows))


async def place_of(organisation_id: int) -> Place:
    """The organisation and its ancestors (a few queries: the tree is shallow)."""
    lineage: list[int] = []
    current: int | None = organisation_id
    while current is not None and current not in lineage:
        row = (
            await Organisation.select(Organisation.parent).where(Organisation.id == current).first()
        )
        if row is None:
            break
        lineage.append(current)
        current = row["parent"]
    return Place(tuple(lineage) or (organisation_id,))


async def holders(organisation_id: int, positions: Iterable[Position] = COMMITTEE) -> list[int]:
    """The users holding any of ``positions`` in the organisation."""
    wanted = [p.value for p in positions]
    rows = await OrgPosition.select(OrgPosition.user).where(
        (OrgPosition.organisation == organisation_id) & OrgPosition.position.is_in(wanted)
    )
    return sorted({r["user"] for r in rows})


def _holder_columns() -> tuple:
    return (
        OrgPosition.id,
        OrgPosition.organisation.as_alias("organisation_id"),
        OrgPosition.organisation.code.as_alias("organisation_code"),
        OrgPosition.organisation.name.as_alias("organisation_name"),
        OrgPosition.organisation.kind.as_alias("organisation_kind"),
        OrgPosition.user.as_alias("user_id"),
        OrgPosition.user.full_name.as_alias("full_name"),
        OrgPosition.position,
    )


def _holder(row: dict) -> PositionHolder:
    position = Position(row["position"])
    return PositionHolder(
        id=row["id"],
        organisation_id=row["organisation_id"],
        organisation_code=row["organisation_code"],
        organisation_name=row["organisation_name"],
        organisation_kind=OrgKind(row["organisation_kind"]),
        user_id=row["user_id"],
        full_name=row["full_name"] or "",
        position=position,
        position_label=POSITION_LABELS[position],
    )


async def holders_in(organisation_id: int) -> list[PositionHolder]:
    rows = (
        await OrgPosition.select(*_holder_columns())
        .where(OrgPosition.organisation == organisation_id)
        .order_by(OrgPosition.id)
    )
    order = list(Position)
    return sorted((_holder(r) for r in rows), key=lambda h: (order.index(h.position), h.id))


async def positions_of(user_id: int) -> list[PositionHolder]:
    rows = (
        await OrgPosition.select(*_holder_columns())
        .where(OrgPosition.user == user_id)
        .order_by(OrgPosition.id)
    )
    return [_holder(r) for r in rows]


# ---- giving and ending positions --------------------------------------------------------------


async def organisation_row(organisation_id: int) -> dict:
    row = await Organisation.select().where(Organisation.id == organisation_id).first()
    if row is None:
        raise Problem(404, "Không tìm thấy tổ chức.", code="organisation_not_found")
    return row


def _check_fits(kind: OrgKind, position: Position) -> None:
    if kind not in PARTY_KINDS:
        raise Problem(
            422,
            "Chỉ giao chức vụ đảng trong tổ chức đảng (Tỉnh ủy, đảng bộ, chi bộ).",
            code="not_a_party_organisation",
        )
    if position is Position.CHI_UY_VIEN and kind is not OrgKind.CHI_BO:
        raise Problem(422, "Chi ủy viên chỉ có ở chi bộ.", code="position_mismatch")
    if position is Position.CAP_UY_VIEN and kind is OrgKind.CHI_BO:
        raise Problem(422, "Ở chi bộ, thành viên cấp ủy là chi ủy viên.", code="position_mismatch")


async def assign(actor: Actor | None, organisation_id: int, data: PositionAssign) -> PositionHolder:
    """Give ``data.user_id`` the position (inside the caller's transaction or its own)."""
    org = await organisation_row(organisation_id)
    _check_fits(OrgKind(org["kind"]), data.position)
    if not await User.exists().where(User.id == data.user_id):
        raise Problem(422, "Không tìm thấy người dùng được giao chức vụ.", code="unknown_user")
    async with db.transaction():
        taken = await OrgPosition.select(OrgPosition.user, OrgPosition.position).where(
            OrgPosition.organisation == organisation_id
        )
        if any(r["user"] == data.user_id and r["position"] == data.position for r in taken):
            raise Problem(409, "Người này đã giữ chức vụ đó.", code="position_held")
        if data.position is Position.BI_THU and any(
            r["position"] == Position.BI_THU for r in taken
        ):
            raise Problem(
                409,
                "Tổ chức đã có bí thư. Hãy kết thúc chức vụ của bí thư cũ trước.",
                code="position_held",
            )
        # Checked above; a concurrent request for the same holds the unique indexes instead.
        inserted = (
            await OrgPosition.insert(
                OrgPosition(
                    organisation=organisation_id,
                    user=data.user_id,
                    position=data.position.value,
                    since=now(),
                )
            )
            .on_conflict()
            .returning(OrgPosition.id)
        )
        if not inserted:
            raise Problem(409, "Chức vụ này vừa được giao.", code="position_held")
        [row] = inserted
        await audit.record(
            "org.position_assigned",
            actor_id=actor.id if actor else None,
            target=f"organisation:{org['code']}",
            ip=actor.ip if actor else "",
            detail={"user_id": data.user_id, "position": data.position.value},
        )
    [holder] = [h for h in await holders_in(organisation_id) if h.id == row["id"]]
    return holder


async def end(actor: Actor, organisation_id: int, position_id: int) -> None:
    org = await organisation_row(organisation_id)
    async with db.transaction():
        row = (
            await OrgPosition.select()
            .where((OrgPosition.id == position_id) & (OrgPosition.organisation == organisation_id))
            .first()
        )
        if row is None:
            raise Problem(404, "Không tìm thấy chức vụ này.", code="position_not_found")
        await OrgPosition.delete().where(OrgPosition.id == position_id)
        await audit.record(
            "org.position_ended",
            actor_id=actor.id,
            target=f"organisation:{org['code']}",
            ip=actor.ip,
            detail={"user_id": row["user"], "position": row["position"]},
        )
