"""Who may do what: one table per domain, read by the commands and by the UI.

A domain lists its actions in an ``Action`` enum in ``shared/<domain>.py`` and gives each a
:class:`Rule` in ``backend/<domain>/policy.py``:

- ``who``: may this actor ever do it to this record? If not: 403 with ``refusal``.
- ``when``: does the record's state allow it now? If not: the problem ``not_now`` builds
  (usually a 409 naming the state).

A command calls ``POLICY.require(action, actor, record)`` before it writes; a detail answer
lists ``POLICY.actions(actor, record)``, the actions that would pass both checks, and the UI
offers exactly those. The rule is written once, so the buttons and the refusals cannot drift.
Actions on no particular record (register a document, invite a user) use ``None`` as the
record and reach the UI through ``/api/me``.

Rules are plain functions of the actor and an already loaded record: the tables are unit
tested without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from backend.core.problems import Problem

A = TypeVar("A", bound=Enum)
C = TypeVar("C")


def always(_record: Any) -> bool:
    return True


@dataclass(frozen=True)
class Rule(Generic[C]):
    who: Callable[[Any, C], bool]
    refusal: str
    when: Callable[[C], bool] = always
    not_now: Callable[[C], Problem] | None = None
    code: str = "forbidden"

    def passes(self, actor: Any, record: C) -> bool:
        """Both checks, without building the refusal (``/api/me`` asks every rule of every
        domain on every call, and a Problem is an exception: costly to make)."""
        return bool(self.who(actor, record)) and bool(self.when(record))

    def refuse(self, actor: Any, record: C) -> Problem | None:
        """The problem that stops ``actor`` now, or None."""
        if not self.who(actor, record):
            return Problem(403, self.refusal, code=self.code)
        if not self.when(record):
            if self.not_now is None:
                return Problem(409, self.refusal, code="invalid_transition")
            return self.not_now(record)
        return None


class Policy(Generic[A, C]):
    def __init__(self, rules: Mapping[A, Rule[C]]) -> None:
        self.rules = dict(rules)

    def allows(self, action: A, actor: Any, record: C) -> bool:
        return self.rules[action].passes(actor, record)

    def require(self, action: A, actor: Any, record: C) -> None:
        problem = self.rules[action].refuse(actor, record)
        if problem is not None:
            raise problem

    def actions(self, actor: Any, record: C) -> list[A]:
        """Every action of the table ``actor`` may take on ``record`` now, in table order."""
        return [action for action, rule in self.rules.items() if rule.passes(actor, record)]


R = TypeVar("R")


def on(
    kind: type[R],
    who: Callable[[Any, R], bool],
    refusal: str,
    when: Callable[[R], bool] | None = None,
    not_now: Callable[[R], Problem] | None = None,
) -> Rule[Any]:
    """A rule about records of one ``kind``: never true of another kind, or of no record.

    For a domain whose one action table covers several kinds of record (a meeting and the
    chi bộ that holds it), so that ``POLICY.actions(actor, meeting)`` lists only the
    meeting's actions."""

    def when_now(record: Any) -> bool:
        return isinstance(record, kind) and (when is None or when(record))

    def problem(record: Any) -> Problem:
        assert not_now is not None  # asked only after ``who`` passed, so of the right kind
        return not_now(record)

    return Rule(
        lambda actor, record: isinstance(record, kind) and who(actor, record),
        refusal,
        when_now,
        problem if not_now is not None else None,
    )
