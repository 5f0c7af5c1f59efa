"""Loading what the study rules judge: a module with the actor's place in its scope."""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.members.records import Membership, membership_of
from backend.orgs.positions import Standing, place_of, standing_of
from backend.orgs.services import descendant_ids
from backend.study.policy import ModuleRecord, may_read
from backend.study.tables import StudyModule, StudyQuestion
from shared.study import ModuleState

NOT_FOUND = "Không tìm thấy chuyên đề học tập."


@dataclass(frozen=True)
class Scope:
    """Who a module is for: its organisation and every one below it."""

    organisation_id: int
    organisations: frozenset[int]
    above: tuple[int, ...]  # the organisations over it


async def scope_of(organisation_id: int) -> Scope:
    place = await place_of(organisation_id)
    return Scope(organisation_id, frozenset(await descendant_ids(organisation_id)), place.above)


def oversees_any(standing: Standing, scope: Scope) -> bool:
    """On the cấp ủy of an organisation in the scope or over it."""
    return any(
        standing.on_committee(org) for org in standing.organisations
        if org in scope.organisations or org in scope.above
    )  # fmt: skip


async def module_row(module_id: int) -> dict:
    row = (
        await StudyModule.select(
            StudyModule.all_columns(),
            StudyModule.organisation.name.as_alias("organisation_name"),
        )
        .where(StudyModule.id == module_id)
        .first()
    )
    if row is None:
        raise Problem(404, NOT_FOUND, code="module_not_found")
    return row


@dataclass(frozen=True)
class Seen:
    """A module as one actor sees it."""

    row: dict
    record: ModuleRecord
    scope: Scope
    membership: Membership | None
    standing: Standing


async def seen_module(actor: Actor, module_id: int) -> Seen:
    """The module, or a 404 when the actor may not read it."""
    row = await module_row(module_id)
    scope = await scope_of(row["organisation"])
    membership = await membership_of(actor.id)
    standing = await standing_of(actor.id)
    record = ModuleRecord(
        state=ModuleState(row["state"]),
        before_deadline=now() < row["deadline"],
        has_questions=await StudyQuestion.exists().where(StudyQuestion.module == module_id),
        in_scope=membership is not None and membership.organisation_id in scope.organisations,
        oversees=oversees_any(standing, scope),
    )
    if not may_read(actor, record):
        raise Problem(404, NOT_FOUND, code="module_not_found")
    return Seen(row, record, scope, membership, standing)
