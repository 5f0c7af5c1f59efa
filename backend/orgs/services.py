"""The organisation tree, and who belongs to an organisation."""

from __future__ import annotations

from backend.accounts.identity import roles_of
from backend.accounts.tables import User
from backend.core.problems import Problem
from backend.orgs.tables import Organisation as OrganisationTable
from shared.accounts import Role
from shared.orgs import Organisation, OrgKind


async def list_organisations() -> list[Organisation]:
    rows = await OrganisationTable.select(
        OrganisationTable.id,
        OrganisationTable.code,
        OrganisationTable.name,
        OrganisationTable.kind,
        OrganisationTable.parent.code.as_alias("parent_code"),
    ).order_by(OrganisationTable.id)
    return [
        Organisation(
            id=r["id"],
            code=r["code"],
            name=r["name"],
            kind=OrgKind(r["kind"]),
            parent_code=r["parent_code"],
        )
        for r in rows
    ]


async def organisation_struct(organisation_id: int) -> Organisation:
    row = (
        await OrganisationTable.select(
            OrganisationTable.id,
            OrganisationTable.code,
            OrganisationTable.name,
            OrganisationTable.kind,
            OrganisationTable.parent.code.as_alias("parent_code"),
        )
        .where(OrganisationTable.id == organisation_id)
        .first()
    )
    if row is None:
        raise Problem(404, "Không tìm thấy tổ chức.", code="organisation_not_found")
    return Organisation(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        kind=OrgKind(row["kind"]),
        parent_code=row["parent_code"],
    )


async def ensure_organisation(code: str, name: str, kind: OrgKind, parent_code: str | None) -> int:
    """Create the organisation if it is missing (idempotent seeding); returns its id."""
    existing = (
        await OrganisationTable.select(OrganisationTable.id)
        .where(OrganisationTable.code == code)
        .first()
    )
    if existing:
        return existing["id"]
    parent_id = None
    if parent_code:
        parent = (
            await OrganisationTable.select(OrganisationTable.id)
            .where(OrganisationTable.code == parent_code)
            .first()
        )
        parent_id = parent["id"]
    row = OrganisationTable(code=code, name=name, kind=kind.value, parent=parent_id)
    await row.save()
    return row.id


async def descendant_ids(org_id: int) -> set[int]:
    """The organisation and everything below it."""
    rows = await OrganisationTable.select(OrganisationTable.id, OrganisationTable.parent)
    children: dict[int | None, list[int]] = {}
    for r in rows:
        children.setdefault(r["parent"], []).append(r["id"])
    found, stack = set(), [org_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


async def organisation_id(code: str) -> int | None:
    row = (
        await OrganisationTable.select(OrganisationTable.id)
        .where(OrganisationTable.code == code)
        .first()
    )
    return row["id"] if row else None


async def members_named(organisation_id: int, user_ids: list[int]) -> dict[int, str]:
    """The full names of those of ``user_ids`` who belong to the organisation (the others are
    left out: the caller says what that means)."""
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(
        User.id.is_in(user_ids) & (User.organisation == organisation_id)
    )
    return {r["id"]: r["full_name"] for r in rows}


async def leaders_of(organisation_id: int) -> list[int]:
    """The ids of the organisation's lãnh đạo."""
    rows = await User.select(User.id, User.roles).where(User.organisation == organisation_id)
    return [r["id"] for r in rows if Role.LANH_DAO in roles_of(r["roles"])]
