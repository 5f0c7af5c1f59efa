"""What the search index holds: entries of several kinds of record, each with its own scope.

An entry is one record of one kind (a document, a library article, a FAQ answer; later a
comment), with its text in two parts, the metadata and the body. Its id is the kind's code
× 2³² + the record's id: one kind's entries are one range of ids, "newest record first" is the
id descending on both engines, and each kind's words have indexes of their own (its FTS5
tables on SQLite, partial GIN indexes over its range on PostgreSQL), so a kind of a few
hundred records is not searched through the words of 100,000 documents. ``scope`` is the
record's place inside its kind, the column a kind's permission rule reads: a document's
organisation, a library article's collection, the organisation whose cấp ủy published a FAQ
answer.

Who may find what is the kind's own rule, given to every search as a :class:`Scope` (a
SQL condition over the entry row ``e``). The rules live with their domains: documents in
``backend.documents.visibility``; the library and the FAQ index published content only, and
their policy tables say who reads it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

ID_SPAN = 2**32  # record ids are 32-bit (backend.core.ids.MAX_ID)


class Kind(enum.IntEnum):
    """The kinds of record the one index holds; the value is the id range's code (never
    reuse one: entries of the old kind would be found as the new)."""

    DOCUMENT = 1
    LIBRARY_ARTICLE = 2
    FAQ = 3
    COMMENT = 4  # citizens' comments on drafts (editors only)

    @property
    def label(self) -> str:
        return self.name.lower()

    def entry_id(self, record: int) -> int:
        return self.value * ID_SPAN + record

    def record_of(self, entry_id: int) -> int:
        return entry_id - self.value * ID_SPAN

    @property
    def bounds(self) -> tuple[int, int]:
        """The first and last entry id of this kind."""
        return self.value * ID_SPAN, (self.value + 1) * ID_SPAN - 1


@dataclass(frozen=True)
class Scope:
    """The entries a caller may find: a WHERE fragment over the entry row ``e`` (columns
    ``record`` and ``scope``), with Piccolo ``{}`` placeholders and their arguments."""

    where: str = "TRUE"
    args: tuple = ()

    @classmethod
    def within(cls, scope: int | None) -> Scope:
        """Every entry, or those of one scope (a collection, an organisation) when given."""
        return cls() if scope is None else cls('e."scope" = {}', (scope,))


@dataclass(frozen=True)
class Hit:
    record: int
    exact: bool  # every word matched with its exact diacritics
    in_metadata: bool  # every word matched in the metadata
