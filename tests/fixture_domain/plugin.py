from backend.core.domain import Domain
from tests.fixture_domain.controllers import NoteController
from tests.fixture_domain.policy import global_actions
from tests.fixture_domain.tables import FixtureNote

DOMAIN = Domain(
    name="fixture_notes",
    tables=[FixtureNote],
    controllers=[NoteController],
    global_actions=global_actions,
)
