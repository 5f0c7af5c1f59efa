"""The live event stream."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.events.log import EventLog
from backend.events.tables import LiveStream, StreamEvent


def build(services: Services) -> None:
    services.add(EventLog(services.redis, services.settings.redis_prefix))


DOMAIN = Domain(
    name="events",
    tables=[LiveStream, StreamEvent],
    build=build,
)
