"""Every route handler of the API, per domain (health: built by the app factory)."""

from backend.accounts.controllers import AdminController, AuthController, MeController
from backend.documents.controllers import DocumentController
from backend.documents.signing_controllers import DocumentSigningController
from backend.files.controllers import FileController
from backend.notifications.controllers import NotificationController, PushController
from backend.orgs.controllers import OrganisationController
from backend.signing.controllers import SigningController

# Rate-limited (see the app factory).
AUTH_HANDLERS = [AuthController]

ROUTE_HANDLERS = [
    MeController,
    AdminController,
    OrganisationController,
    NotificationController,
    PushController,
    DocumentController,
    FileController,
    DocumentSigningController,
    SigningController,
]
