"""What one electronic vote costs the database, pinned: the SQL statements and transactions
the vote's request issues (the session look-up aside, which each worker keeps for a moment).

A burst of 1,000 votes in 30 s (``docs/performance.md``, "Congress poll burst") is bound by
this count, so a change that adds a read to the vote path fails here and has to say why.
The turnout event sent a moment after the votes runs in a task of its own and is not counted
here; its cost is pinned by its own test below."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

import pytest

from tests.congress_support import hall
from tests.polls_support import check_in, in_session, make_poll, open_poll, polls_url

# The vote: one statement reads everything the rules judge (the congress, the actor's bodies
# and delegate row, the poll, the check-in, the participation, the candidates); one
# transaction inserts the participation row (holding the poll's row shared) and the ballot.
VOTE_STATEMENTS = 3
VOTE_TRANSACTIONS = 1
# The turnout event: one transaction reads the poll and its counts and appends the event.
TURNOUT_STATEMENTS = 4


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0


@contextlib.contextmanager
def counting(monkeypatch, task: asyncio.Task | None = None):
    """Counts the statements sent through the engine (and the transactions opened) by
    ``task`` (the current one by default): the request runs in the test's task under the
    ASGI transport, the turnout event in a task of its own."""
    from backend import db

    engine_class = type(db.engine())  # Piccolo's engines have slots: patch the class
    counted = Counted()
    watched = task or asyncio.current_task()
    run_querystring, run_ddl = engine_class.run_querystring, engine_class.run_ddl
    transaction = db.transaction

    async def counted_querystring(self, querystring, *args, **kwargs):
        if asyncio.current_task() is watched:
            counted.statements.append(str(querystring)[:160])
        return await run_querystring(self, querystring, *args, **kwargs)

    async def counted_ddl(self, ddl, *args, **kwargs):
        if asyncio.current_task() is watched:
            counted.statements.append(ddl[:160])
        return await run_ddl(self, ddl, *args, **kwargs)

    @contextlib.asynccontextmanager
    async def counted_transaction():
        if asyncio.current_task() is watched:
            counted.transactions += 1
        async with transaction():
            yield

    monkeypatch.setattr(engine_class, "run_querystring", counted_querystring)
    monkeypatch.setattr(engine_class, "run_ddl", counted_ddl)
    monkeypatch.setattr(db, "transaction", counted_transaction)
    yield counted


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


@pytest.fixture
def memo_sessions(monkeypatch):
    """Keep each signed-in session's look-up for the whole test, so that the count is the
    vote's own whatever the machine's load."""
    from backend.accounts import sessions

    monkeypatch.setattr(sessions, "SESSION_MEMO_SECONDS", 3600.0)


async def _counted_vote(people, built, poll, body, person_index=0) -> Counted:
    person = people.delegates[person_index]
    url = polls_url(built, poll["id"])
    seen = await person.client.get(url)  # the session's look-up, kept (``memo_sessions``)
    assert seen.status_code == 200, seen.text
    with pytest.MonkeyPatch.context() as patch, counting(patch) as counted:
        answer = await person.client.post(f"{url}/votes", json=body)
    assert answer.status_code == 201, answer.text
    return counted


def _explain(counted: Counted) -> str:
    return f"{counted.transactions} transaction(s):\n" + "\n".join(counted.statements)


async def test_a_vote_costs_a_fixed_number_of_statements(people, memo_sessions):
    built = await in_session(people)
    await check_in(built, "d1", "d2")
    poll = await make_poll(people, built)
    await open_poll(people, built, poll["id"])
    first = await _counted_vote(people, built, poll, {"choice": "tan_thanh"}, 0)
    assert len(first.statements) == VOTE_STATEMENTS, _explain(first)
    assert first.transactions == VOTE_TRANSACTIONS, _explain(first)
    # The second vote costs the same: nothing grows with the votes already cast.
    second = await _counted_vote(people, built, poll, {"choice": "khong_tan_thanh"}, 1)
    assert len(second.statements) == VOTE_STATEMENTS, _explain(second)


async def test_an_election_vote_costs_the_same(people, memo_sessions):
    built = await in_session(people)
    await check_in(built, "d1")
    poll = await make_poll(
        people,
        built,
        kind="bau_cu_so_du",
        title="Bầu cử thử",
        seats=2,
        candidates=[{"name": n} for n in ("Ứng viên A", "Ứng viên B", "Ứng viên C")],
    )
    ids = [c["id"] for c in poll["candidates"]]
    await open_poll(people, built, poll["id"])
    counted = await _counted_vote(people, built, poll, {"kept": ids[:2]})
    assert len(counted.statements) == VOTE_STATEMENTS, _explain(counted)
    assert counted.transactions == VOTE_TRANSACTIONS, _explain(counted)


async def test_the_turnout_event_does_not_read_every_participation(people, app):
    """The turnout counts by channel in the database: a fixed number of statements and no
    row per vote brought back."""
    from backend.polls.voting import TurnoutFeed

    built = await in_session(people)
    await check_in(built, "d1", "d2", "d3")
    poll = await make_poll(people, built)
    await open_poll(people, built, poll["id"])
    for person in people.delegates:
        answer = await person.client.post(
            f"{polls_url(built, poll['id'])}/votes", json={"choice": "tan_thanh"}
        )
        assert answer.status_code == 201, answer.text
    feed = app.state.services.get(TurnoutFeed)
    await feed.drain()
    with pytest.MonkeyPatch.context() as patch, counting(patch) as counted:
        turnout = await feed.send(built.id, poll["id"])
    assert (turnout.eligible, turnout.voted, turnout.electronic) == (3, 3, 3)
    assert len(counted.statements) == TURNOUT_STATEMENTS, _explain(counted)
    assert counted.transactions == 1, _explain(counted)


def _actor(user_id: int):
    from backend.accounts.identity import Actor

    return Actor(
        id=user_id,
        username="",
        full_name="",
        organisation_id=0,
        organisation_code="",
        organisation_name="",
        roles=[],
        session_id=0,
    )


async def _outcome(load):
    from backend.core.problems import Problem

    try:
        return await load()
    except Problem as problem:
        return (problem.status_code, problem.code)


async def test_the_vote_record_is_the_record_the_rules_see(people):
    """The one-statement ``vote_record`` gives what ``readable_poll`` and ``candidates_of``
    give, for everyone of the congress and outside it, in every state of a poll."""
    from backend.polls.detail import candidates_of, rules_of
    from backend.polls.records import readable_poll, vote_record

    built = await in_session(people)
    await check_in(built, "d1", "d2")
    resolution = await make_poll(people, built)
    election = await make_poll(
        people,
        built,
        kind="bau_cu_so_du",
        title="Bầu cử thử",
        seats=1,
        candidates=[{"name": n} for n in ("Ứng viên A", "Ứng viên B")],
        rules={"majority_numerator": 2, "majority_denominator": 3},
    )
    closed = await make_poll(people, built)
    for poll in (election, closed):
        await open_poll(people, built, poll["id"])
    for person in people.delegates[:1]:
        answer = await person.client.post(
            f"{polls_url(built, closed['id'])}/votes", json={"choice": "tan_thanh"}
        )
        assert answer.status_code == 201, answer.text
    answer = await people.chair.client.post(f"{polls_url(built, closed['id'])}/close")
    assert answer.status_code == 200, answer.text
    everyone = [
        people.organiser,
        people.chair,
        people.secretary,
        people.staff,
        *people.delegates,
        people.outsider,
    ]
    compared = 0
    for poll_id in (resolution["id"], election["id"], closed["id"], 999_999):
        for person in everyone:
            actor = _actor(person.id)

            async def old(actor=actor, poll_id=poll_id):
                row, record = await readable_poll(actor, built.id, poll_id)
                ids = [c.id for c in await candidates_of(poll_id)]
                return row["kind"], row["seats"], rules_of(row), record, sorted(ids)

            async def new(actor=actor, poll_id=poll_id):
                row, record, ids = await vote_record(actor, built.id, poll_id)
                return row["kind"], row["seats"], rules_of(row), record, sorted(ids)

            assert await _outcome(new) == await _outcome(old), (poll_id, person.me["full_name"])
            compared += 1
    assert compared == 4 * len(everyone)
    unknown = await _outcome(lambda: vote_record(_actor(people.chair.id), 999_999, 1))
    assert unknown == (404, "congress_not_found")
