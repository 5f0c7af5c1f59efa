from piccolo.columns import ForeignKey, Text, Timestamptz
from piccolo.table import Table

from backend.accounts.tables import User


class FixtureNote(Table, tablename="fixture_note"):
    author = ForeignKey(User)
    text = Text()
    created_at = Timestamptz()
