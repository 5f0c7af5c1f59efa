"""Góp ý dự thảo: drafts and their versions, consultations, citizens' comments and votes,
moderation, the synthesis and the giải trình table."""

from backend.consultations.charts import Charts
from backend.consultations.explanations import Explanations
from backend.consultations.policy import global_actions
from backend.consultations.synthesis import Synthesis
from backend.consultations.synthesis_controllers import SynthesisController
from backend.consultations.tables import TABLES
from backend.core.domain import Domain
from backend.core.sealed import Sealer
from backend.core.services import Services
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    services.add(Synthesis())
    services.add(Charts())
    services.add(Explanations(services.get(Notifier), Sealer(services.settings.secret_key)))


DOMAIN = Domain(
    name="consultations",
    tables=TABLES,
    controllers=[SynthesisController],
    build=build,
    global_actions=global_actions,
)
