"""``dangbo backup`` and ``dangbo restore``: one archive with everything a restore needs but
the secret key (commands only: no tables, no routes)."""

from backend.core.domain import Domain

DOMAIN = Domain(name="backup")
