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

from backend.notifications.controllers import NotificationController, PushController  # noqa: E402

ROUTE_HANDLERS += [NotificationController, PushController]

from backend.documents.controllers import DocumentController  # noqa: E402
from backend.files.controllers import FileController  # noqa: E402

ROUTE_HANDLERS += [DocumentController, FileController]

from backend.documents.signing_controllers import DocumentSigningController  # noqa: E402

ROUTE_HANDLERS.append(DocumentSigningController)

from backend.signing.controllers import SigningController  # noqa: E402

ROUTE_HANDLERS.append(SigningController)
