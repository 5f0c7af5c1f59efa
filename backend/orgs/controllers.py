from litestar import Controller, delete, get, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.orgs import positions
from backend.orgs.policy import POLICY
from backend.orgs.services import list_organisations, organisation_struct
from shared.orgs import (
    OrgAction,
    Organisation,
    OrganisationPositions,
    PositionAssign,
    PositionHolder,
)


async def _positions_of(actor: Actor, organisation_id: int) -> OrganisationPositions:
    return OrganisationPositions(
        organisation=await organisation_struct(organisation_id),
        holders=await positions.holders_in(organisation_id),
        actions=[a for a in POLICY.actions(actor, None) if a is OrgAction.MANAGE_POSITIONS],
    )


class OrganisationController(Controller):
    path = "/api/orgs"
    tags = ["Tổ chức"]
    dependencies = {"actor": Provide(provide_actor)}

    @get("/")
    async def list(self, actor: Actor) -> list[Organisation]:
        return await list_organisations()


class PositionController(Controller):
    """Positions in an organisation: who leads a chi bộ and who sits on its cấp ủy."""

    path = "/api/orgs"
    tags = ["Tổ chức"]
    dependencies = {"actor": Provide(provide_actor)}

    @get("/positions/mine")
    async def my_positions(self, actor: Actor) -> list[PositionHolder]:
        """The positions the caller holds: which chi bộ he leads, which cấp ủy he sits on."""
        return await positions.positions_of(actor.id)

    @get("/{organisation_id:int}/positions")
    async def organisation_positions(
        self, actor: Actor, organisation_id: RowId
    ) -> OrganisationPositions:
        """The organisation's bí thư, phó bí thư and cấp ủy members."""
        return await _positions_of(actor, organisation_id)

    @post("/{organisation_id:int}/positions", status_code=201)
    async def assign_position(
        self, actor: Actor, organisation_id: RowId, data: PositionAssign
    ) -> OrganisationPositions:
        POLICY.require(OrgAction.MANAGE_POSITIONS, actor, None)
        await positions.assign(actor, organisation_id, data)
        return await _positions_of(actor, organisation_id)

    @delete("/{organisation_id:int}/positions/{position_id:int}", status_code=200)
    async def end_position(
        self, actor: Actor, organisation_id: RowId, position_id: RowId
    ) -> OrganisationPositions:
        POLICY.require(OrgAction.MANAGE_POSITIONS, actor, None)
        await positions.end(actor, organisation_id, position_id)
        return await _positions_of(actor, organisation_id)
