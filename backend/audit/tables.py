from piccolo.columns import JSON, BigInt, Timestamptz, Varchar
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_event"):
    """Append-only (database triggers refuse UPDATE and DELETE) and hash-chained."""

    occurred_at = Timestamptz()
    actor_id = BigInt(null=True, default=None)
    action = Varchar(length=60, index=True)
    target = Varchar(length=120, default="")
    ip = Varchar(length=64, default="")
    detail = JSON(default="{}")
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64, unique=True)
