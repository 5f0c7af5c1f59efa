from piccolo.columns import JSON, ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.orgs.tables import Organisation


class Question(Table, tablename="question"):
    """A member's question to a cấp ủy (private), its answer, and its anonymous FAQ form."""

    asker = ForeignKey(User, index=True)
    organisation = ForeignKey(Organisation, index=True)  # whose cấp ủy is asked
    text = Text()
    status = Varchar(length=20, index=True)
    answer = Text(default="")
    answered_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    answered_at = Timestamptz(null=True, default=None)
    faq_question = Text(default="")
    faq_answer = Text(default="")
    faq_published_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class QuestionEvent(Table, tablename="question_event"):
    """The question's timeline (no text of it: a question may carry a political opinion)."""

    question = ForeignKey(Question, index=True)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=40)
    detail = JSON(default="{}")
    at = Timestamptz()
