"""Hỏi – đáp: questions to the cấp ủy and the anonymous FAQ."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.notifications.notifier import Notifier
from backend.questions import indexing
from backend.questions.asking import Questions
from backend.questions.controllers import QuestionController
from backend.questions.demo import seed_questions
from backend.questions.policy import global_actions
from backend.questions.tables import Question, QuestionEvent


def build(services: Services) -> None:
    services.add(Questions(services.get(Notifier)))


DOMAIN = Domain(
    name="questions",
    tables=[Question, QuestionEvent],
    controllers=[QuestionController],
    build=build,
    seed=seed_questions,
    global_actions=global_actions,
    search_index=indexing.reindex_all,
)
