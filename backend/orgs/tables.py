from piccolo.columns import ForeignKey, Timestamptz, Varchar
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table


class Organisation(Table, tablename="organisation"):
    code = Varchar(length=40, unique=True, index=True)  # mã định danh
    name = Varchar(length=255)
    kind = Varchar(length=30)
    parent = ForeignKey("self", null=True)


class OrgPosition(Table, tablename="org_position"):
    """A position (bí thư, phó bí thư, chi ủy viên, cấp ủy viên) held by a user in an
    organisation. The user table is referenced by name: ``accounts`` already imports this
    module for the organisation."""

    organisation = ForeignKey(Organisation, index=True)
    user = ForeignKey(LazyTableReference("User", module_path="backend.accounts.tables"), index=True)
    position = Varchar(length=20)
    since = Timestamptz()
