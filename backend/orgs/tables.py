from piccolo.columns import ForeignKey, Varchar
from piccolo.table import Table


class Organisation(Table, tablename="organisation"):
    code = Varchar(length=40, unique=True, index=True)  # mã định danh
    name = Varchar(length=255)
    kind = Varchar(length=30)
    parent = ForeignKey("self", null=True)
