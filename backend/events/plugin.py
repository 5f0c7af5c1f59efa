"""The live event stream: the log (``EventLog``), each worker's fan-out (``EventHub``) and
``GET /api/events/{stream}``. Other domains name their streams in ``Domain.event_streams``."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.events.controllers import EventController
from backend.events.hub import EventHub
from backend.events.log import EventLog
from backend.events.runtime import event_hub
from backend.events.tables import LiveStream, StreamEvent


def build(services: Services) -> None:
    log = services.add(EventLog(services.redis, services.settings.redis_prefix))
    services.add(EventHub(log))


DOMAIN = Domain(
    name="events",
    tables=[LiveStream, StreamEvent],
    controllers=[EventController],
    build=build,
    lifespan=event_hub,
)
