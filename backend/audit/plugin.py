"""The hash-chained audit log (``dangbo audit verify`` in ``cli.py``)."""

from backend.audit.tables import AuditEvent
from backend.core.domain import Domain

DOMAIN = Domain(name="audit", tables=[AuditEvent])
