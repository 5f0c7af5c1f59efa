"""``GET /api/health`` and ``GET /api/csrf``. Built after the domains whose parts it checks."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.files.services import FileStore
from backend.health.controllers import HealthController, csrf_cookie
from backend.health.services import HealthProbe
from backend.notifications.delivery import PushSender
from backend.notifications.vapid import VapidKeys
from backend.signing.authority import CertificateAuthority


def build(services: Services) -> None:
    services.add(
        HealthProbe(
            services.settings,
            services.redis,
            services.get(FileStore),
            services.get(VapidKeys),
            services.get(CertificateAuthority),
            services.get(PushSender),
        )
    )


DOMAIN = Domain(name="health", controllers=[HealthController, csrf_cookie], build=build)
