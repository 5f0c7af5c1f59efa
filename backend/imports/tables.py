from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.accounts.tables import User


class ImportJob(Table, tablename="import_job"):
    """One uploaded file being checked and written: what the importer's screen polls."""

    kind = Varchar(length=40)  # the layout
    scope = Varchar(length=80, default="")  # what the domain imports into ("organisation:12")
    filename = Varchar(length=200, default="")
    mode = Varchar(length=10)
    status = Varchar(length=20, index=True)
    created_by = ForeignKey(User, index=True)
    rows_total = Integer(default=0)
    rows_checked = Integer(default=0)
    created = Integer(default=0)
    updated = Integer(default=0)
    unchanged = Integer(default=0)
    error_count = Integer(default=0)
    errors = JSON(default="[]")
    message = Text(default="")
    ignored_columns = JSON(default="[]")
    started_at = Timestamptz()
    updated_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)
