"""Học tập nghị quyết: study modules published by Tuyên giáo, taken by members."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.notifications.notifier import Notifier
from backend.study.controllers import StudyController
from backend.study.demo import seed_study
from backend.study.modules import Modules
from backend.study.policy import global_actions
from backend.study.tables import StudyAttempt, StudyModule, StudyQuestion, StudyReading


def build(services: Services) -> None:
    services.add(Modules(services.get(Notifier)))


DOMAIN = Domain(
    name="study",
    tables=[StudyModule, StudyReading, StudyQuestion, StudyAttempt],
    controllers=[StudyController],
    build=build,
    seed=seed_study,
    global_actions=global_actions,
)
