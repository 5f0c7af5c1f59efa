"""The organisation tree (Tỉnh ủy → đảng bộ → chi bộ, MTTQ …)."""

from backend.core.domain import Domain
from backend.orgs.controllers import OrganisationController, PositionController
from backend.orgs.demo import seed_organisations
from backend.orgs.policy import global_actions
from backend.orgs.tables import Organisation, OrgPosition

DOMAIN = Domain(
    name="orgs",
    # OrgPosition's user column refers to accounts' table by name; the engine binds both.
    tables=[Organisation, OrgPosition],
    controllers=[OrganisationController, PositionController],
    seed=seed_organisations,
    global_actions=global_actions,
)
