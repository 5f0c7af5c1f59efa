"""Every route handler of the API, per domain."""

from backend.accounts.controllers import AdminController, AuthController, MeController
from backend.health.controllers import csrf_cookie, health
from backend.orgs.controllers import OrganisationController

ROUTE_HANDLERS = [
    health,
    csrf_cookie,
    AuthController,
    MeController,
    AdminController,
    OrganisationController,
]
