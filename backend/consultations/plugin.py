"""Góp ý dự thảo: drafts and their versions, consultations, citizens' comments and votes,
moderation, the synthesis and the giải trình table."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from backend.citizens.keys import CitizenKeys
from backend.consultations import indexing
from backend.consultations.charts import Charts
from backend.consultations.commenting import Commenting
from backend.consultations.consulting import Consultations
from backend.consultations.controllers import ConsultationController
from backend.consultations.demo import seed_consultations
from backend.consultations.draft_controllers import DraftController
from backend.consultations.drafting import Drafts
from backend.consultations.erasure import forget_citizen
from backend.consultations.explanations import Explanations
from backend.consultations.limits import CommentLimiter
from backend.consultations.live import STREAM, Live, may_follow
from backend.consultations.moderation import Moderation
from backend.consultations.policy import global_actions
from backend.consultations.synthesis import Synthesis
from backend.consultations.synthesis_controllers import SynthesisController
from backend.consultations.tables import TABLES
from backend.core.domain import Domain
from backend.core.sealed import Sealer
from backend.core.services import Services
from backend.core.stores import make_store
from backend.events.log import EventLog
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    settings = services.settings
    keys = services.get(CitizenKeys)
    live = Live(services.get(EventLog))
    sealer = Sealer(settings.secret_key)
    # The app's rate-limit store (Redis across workers); a command-line run gets its own.
    store = services.stores.setdefault(
        "rate_limit", make_store(settings.redis_url, f"{settings.redis_prefix}:ratelimit")
    )
    services.add(live)
    services.add(Drafts())
    services.add(Consultations(keys))
    services.add(Commenting(keys, CommentLimiter(store), live, sealer))
    services.add(Moderation(services.get(Notifier), live, sealer))
    services.add(Synthesis())
    services.add(Charts())
    services.add(Explanations(services.get(Notifier), sealer))


@asynccontextmanager
async def counts_sent_before_shutdown(app: Litestar) -> AsyncIterator[None]:
    """The counts scheduled by the last writes go out before the database closes."""
    try:
        yield
    finally:
        await app.state.services.get(Live).drain()


DOMAIN = Domain(
    name="consultations",
    tables=TABLES,
    controllers=[DraftController, ConsultationController, SynthesisController],
    build=build,
    seed=seed_consultations,
    global_actions=global_actions,
    search_index=indexing.reindex_all,
    event_streams={STREAM: may_follow},
    forget_citizen=forget_citizen,
    lifespan=counts_sent_before_shutdown,
)
