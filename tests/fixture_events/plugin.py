"""A domain with one kind of live stream and nothing else, for the event stream's tests and
benchmark (they must not depend on any real domain's streams): ``hall:{organisation id}``,
readable by the users of that organisation."""

from backend.accounts.identity import Actor
from backend.core.domain import Domain

PACKAGE = "tests.fixture_events"


async def may_read_hall(actor: Actor, organisation_id: int) -> bool:
    return actor.organisation_id == organisation_id


DOMAIN = Domain(name="fixture_events", event_streams={"hall": may_read_hall})
