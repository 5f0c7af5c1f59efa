"""The organisation tree (Tỉnh ủy → đảng bộ → chi bộ, MTTQ …)."""

from backend.core.domain import Domain
from backend.orgs.controllers import OrganisationController
from backend.orgs.demo import seed_organisations
from backend.orgs.tables import Organisation

DOMAIN = Domain(
    name="orgs",
    tables=[Organisation],
    controllers=[OrganisationController],
    seed=seed_organisations,
)
