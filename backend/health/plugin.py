"""``GET /api/health`` and ``GET /api/csrf``."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.health.controllers import csrf_cookie, health
from backend.health.services import HealthProbe


def build(services: Services) -> None:
    services.add(HealthProbe(services.redis))


DOMAIN = Domain(name="health", controllers=[health, csrf_cookie], build=build)
