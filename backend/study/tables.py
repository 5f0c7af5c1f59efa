from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.library.tables import LibraryArticle
from backend.members.tables import PartyMember
from backend.orgs.tables import Organisation


class StudyModule(Table, tablename="study_module"):
    title = Varchar(length=200)
    summary = Text(default="")
    organisation = ForeignKey(Organisation)  # its members and those below it study it
    deadline = Timestamptz()
    state = Varchar(length=20, index=True)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    published_at = Timestamptz(null=True, default=None)


class StudyReading(Table, tablename="study_reading"):
    module = ForeignKey(StudyModule, index=True)
    article = ForeignKey(LibraryArticle)
    position = Integer(default=0)


class StudyQuestion(Table, tablename="study_question"):
    module = ForeignKey(StudyModule, index=True)
    position = Integer(default=0)
    text = Text()
    choices = JSON(default="[]")
    correct = Integer()
    explanation = Text(default="")


class StudyAttempt(Table, tablename="study_attempt"):
    """A member's submitted answers (one per module; submitting again before the deadline
    replaces them)."""

    module = ForeignKey(StudyModule, index=True)
    user = ForeignKey(User, index=True)
    member = ForeignKey(PartyMember, null=True, on_delete=OnDelete.set_null)
    answers = JSON(default="[]")
    score = Integer()
    total = Integer()
    submitted_at = Timestamptz()
