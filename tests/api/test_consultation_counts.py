"""The live counts of a consultation (the ``counts.changed`` events and the detail's counts)
are kept as comments and votes change, not recounted: they must match a recount after
comments, withdrawals, hiding, restoring, votes changed and taken back, comments written
straight into the table, and comments sent at the same moment. A comment costs the same
statements with a few comments or thousands."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import uuid

import pytest

from tests.consultations_support import citizen, editor, open_consultation, publish, unit_by_text


@pytest.fixture
async def scene(app):
    async with contextlib.AsyncExitStack() as stack:
        ed = await editor(app, stack)
        citizens = [await citizen(app, stack, f"Người Đếm {n}") for n in range(4)]
        draft = await publish(ed)
        consultation = await open_consultation(ed, draft["id"])
        yield {"editor": ed, "citizens": citizens, "consultation": consultation}


async def _recount(consultation_id: int) -> dict:
    """What the counts must be, counted from the rows."""
    from backend.consultations.tables import Comment, UnitVote

    visible = await Comment.select(Comment.unit_key).where(
        (Comment.consultation == consultation_id) & (Comment.status == "hien_thi")
    )
    votes = await UnitVote.select(UnitVote.unit_key, UnitVote.choice).where(
        UnitVote.consultation == consultation_id
    )
    units: dict[str, list[int]] = {}
    for r in visible:
        if r["unit_key"] is not None:
            units.setdefault(r["unit_key"], [0, 0, 0])[0] += 1
    for r in votes:
        units.setdefault(r["unit_key"], [0, 0, 0])[1 if r["choice"] == "tan_thanh" else 2] += 1
    return {
        "comments": len(visible),
        "whole_draft": sum(1 for r in visible if r["unit_key"] is None),
        "votes": len(votes),
        "units": {k: v for k, v in units.items() if any(v)},
    }


async def _counts_shown(client, consultation_id: int) -> dict:
    detail = (await client.get(f"/api/consultations/{consultation_id}")).json()["counts"]
    return {
        "comments": detail["comments"],
        "whole_draft": detail["whole_draft"],
        "votes": detail["votes"],
        "units": {u["key"]: [u["comments"], u["agree"], u["disagree"]] for u in detail["units"]},
    }


async def _last_event(app, consultation_id: int, unit: str | None) -> dict:
    """The last ``counts.changed`` of one unit (None: the whole draft). The counts go out
    shortly after the commits, one event per unit for a burst, so it is waited for."""
    from backend.consultations.live import Live
    from backend.events.log import EventLog

    await app.state.services.get(Live).drain()
    log = app.state.services.get(EventLog)
    events = await log.read(f"consultation:{consultation_id}", 0, limit=10_000)
    return [e.data for e in events if e.data["unit"] == unit][-1]


async def test_the_counts_match_a_recount_after_every_kind_of_change(app, scene):
    from backend import db
    from backend.consultations.tables import Comment

    cid = scene["consultation"]["id"]
    ed = scene["editor"].client
    a, b, c, d = (p.client for p in scene["citizens"])
    poor = unit_by_text(scene["consultation"], "Tỷ lệ hộ nghèo")["key"]
    budget = unit_by_text(scene["consultation"], "Thu ngân sách")["key"]
    url = f"/api/consultations/{cid}/comments"
    made = []
    for who, body in [
        (a, {"target": "don_vi", "unit_key": poor, "text": "Một"}),
        (a, {"target": "don_vi", "unit_key": poor, "text": "Hai"}),
        (b, {"target": "don_vi", "unit_key": budget, "text": "Ba"}),
        (b, {"target": "toan_van", "text": "Bốn"}),
        (c, {"target": "toan_van", "text": "Năm"}),
        (c, {"target": "don_vi", "unit_key": poor, "text": "Sáu"}),
    ]:
        answer = await who.post(url, json=body)
        assert answer.status_code == 201, answer.text
        made.append(answer.json())
    event = await _last_event(app, cid, poor)
    assert event == {"comments": 6, "votes": 0, "unit": poor, "unit_comments": 3, "agree": 0,
                     "disagree": 0}  # fmt: skip

    # Withdrawn by its author, hidden by the editors (then withdrawn: counted out once only),
    # hidden and restored.
    assert (await a.post(f"/api/consultations/comments/{made[0]['id']}/withdraw")).is_success
    assert (await _last_event(app, cid, poor))["comments"] == 5
    hide = {"reason": "Không phù hợp"}
    assert (
        await ed.post(f"/api/consultations/comments/{made[2]['id']}/hide", json=hide)
    ).is_success
    assert (await b.post(f"/api/consultations/comments/{made[2]['id']}/withdraw")).is_success
    assert (
        await ed.post(f"/api/consultations/comments/{made[4]['id']}/hide", json=hide)
    ).is_success
    assert (await _last_event(app, cid, None))["comments"] == 3
    assert (await ed.post(f"/api/consultations/comments/{made[4]['id']}/restore")).is_success
    restored = {"comments": 4, "votes": 0, "unit": None, "unit_comments": 2, "agree": 0,
                "disagree": 0}  # fmt: skip
    assert await _last_event(app, cid, None) == restored

    # Votes: cast, changed, the same again, taken back.
    vote = f"/api/consultations/{cid}/units/{poor}/vote"
    assert (await a.put(vote, json={"choice": "tan_thanh"})).is_success
    assert (await b.put(vote, json={"choice": "tan_thanh"})).is_success
    assert (await c.put(vote, json={"choice": "tan_thanh"})).is_success
    assert (await d.put(vote, json={"choice": "khong_tan_thanh"})).is_success
    assert (await b.put(vote, json={"choice": "khong_tan_thanh"})).is_success
    assert (await c.put(vote, json={"choice": "tan_thanh"})).is_success  # the same again
    assert (await d.delete(vote)).is_success
    assert (await d.delete(vote)).is_success  # nothing left to take back
    assert (await a.put(f"/api/consultations/{cid}/units/{budget}/vote",
                        json={"choice": "khong_tan_thanh"})).is_success  # fmt: skip
    voted = {"comments": 4, "votes": 4, "unit": budget, "unit_comments": 0, "agree": 0,
             "disagree": 1}  # fmt: skip
    assert await _last_event(app, cid, budget) == voted

    # Rows written straight into the table (a bulk load, the demo) and deleted (an erasure).
    from backend.core.clock import now

    async with db.transaction():
        await Comment.insert(
            *[
                Comment(consultation=cid, target="don_vi", unit_key=budget, version_seen=1,
                        author_token=f"{n:064x}", text=f"Nạp {n}", status="hien_thi",
                        created_at=now())
                for n in range(5)
            ]
        )  # fmt: skip
        await Comment.delete().where(
            (Comment.consultation == cid) & (Comment.author_token == f"{0:064x}")
        )

    expected = await _recount(cid)
    assert expected == {
        "comments": 8,
        "whole_draft": 2,
        "votes": 4,
        "units": {poor: [2, 2, 1], budget: [4, 0, 1]},
    }
    assert await _counts_shown(ed, cid) == expected
    listed = {r["id"]: r["comments"] for r in (await ed.get("/api/consultations")).json()}
    assert listed[cid] == 8


async def test_comments_sent_at_once_end_with_the_count_of_the_last_commit(app, scene):
    """The counts are read once the stream's turn is taken, after the comments' commits: the
    events' totals never go down in the stream's order, and the last is the count of all,
    whatever the interleaving."""
    from backend.consultations.live import Live
    from backend.events.log import EventLog

    cid = scene["consultation"]["id"]
    poor = unit_by_text(scene["consultation"], "Tỷ lệ hộ nghèo")["key"]
    url = f"/api/consultations/{cid}/comments"

    async def send(who, n: int) -> int:
        answer = await who.client.post(
            url, json={"target": "don_vi", "unit_key": poor, "text": f"Cùng lúc {n}"},
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )  # fmt: skip
        return answer.status_code

    statuses = await asyncio.gather(*(send(who, n) for n in range(5) for who in scene["citizens"]))
    assert statuses == [201] * 20
    await app.state.services.get(Live).drain()
    log = app.state.services.get(EventLog)
    events = await log.read(f"consultation:{cid}", 0)
    totals = [e.data["comments"] for e in events]
    assert totals == sorted(totals) and totals[-1] == 20, totals
    assert [e.data["unit_comments"] for e in events] == totals
    assert await _counts_shown(scene["editor"].client, cid) == await _recount(cid)


async def test_the_detail_gives_the_stream_position_its_page_follows_from(app, scene):
    """The reader follows the counts from the event before its read, not from the stream's
    first: GET gives the stream's last id, read before the consultation."""
    from backend.consultations.live import Live
    from backend.events.log import EventLog

    cid = scene["consultation"]["id"]
    url = f"/api/consultations/{cid}/comments"
    for n in range(3):
        answer = await scene["citizens"][n].client.post(
            url, json={"target": "toan_van", "text": f"Vị trí {n}"}
        )
        assert answer.status_code == 201, answer.text
    await app.state.services.get(Live).drain()
    head = await app.state.services.get(EventLog).last_id(f"consultation:{cid}")
    assert head > 0
    detail = (await scene["citizens"][0].client.get(f"/api/consultations/{cid}")).json()
    assert detail["last_event_id"] == head
    assert detail["counts"]["comments"] >= 3


async def test_a_comment_costs_the_same_statements_after_thousands(app, scene, monkeypatch):
    """Statements sent to the database for one comment (the request but its session): the same
    for the first comments and after 3,000 more on the unit, none of them a COUNT."""
    from piccolo.engine.base import Engine

    from backend import db
    from backend.consultations.live import Live
    from backend.consultations.tables import Comment
    from backend.core.clock import now

    cid = scene["consultation"]["id"]
    poor = unit_by_text(scene["consultation"], "Tỷ lệ hộ nghèo")["key"]
    me = scene["citizens"][0].client
    live = app.state.services.get(Live)
    sent: list[str] = []
    # Only this request's statements (and its child tasks'), not those of tasks started
    # before it (the event hubs' listeners read their streams now and then).
    in_request: contextvars.ContextVar[bool] = contextvars.ContextVar("in_request", default=False)

    def record(_engine, query_id: int, query: str) -> None:
        if in_request.get():
            sent.append(query)

    monkeypatch.setattr(Engine, "print_query", record)

    async def one_comment(n: int) -> list[str]:
        sent.clear()
        db.engine().log_queries = True
        mark = in_request.set(True)
        try:
            answer = await me.post(
                f"/api/consultations/{cid}/comments",
                json={"target": "don_vi", "unit_key": poor, "text": f"Đếm câu lệnh {n}"},
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
            await live.drain()  # the counts' event, sent after the commit, is the comment's too
        finally:
            in_request.reset(mark)
            db.engine().log_queries = False
        assert answer.status_code == 201, answer.text
        # The session's look-up is kept for a few seconds per process and made again after:
        # it belongs to the clock, not to the comment.
        return [q for q in sent if "user_session" not in q]

    await one_comment(0)  # the stream's and the tally's first rows
    early = await one_comment(1)
    async with db.transaction():
        for start in range(0, 3000, 500):
            await Comment.insert(
                *[
                    Comment(consultation=cid, target="don_vi", unit_key=poor, version_seen=1,
                            author_token=f"{n:064x}", text=f"Nạp {n}", status="hien_thi",
                            created_at=now())
                    for n in range(start, start + 500)
                ]
            )  # fmt: skip
    late = await one_comment(2)
    assert len(late) == len(early), "\n".join(q[:150] for q in late)
    assert not [q for q in late if "COUNT(" in q.upper()]
    # PostgreSQL: the consultation with the draft's unit, the citizen, the Idempotency-Key,
    # the insert, the search entry, the tally, the stream's number, the event. SQLite writes
    # the search entry with four more statements (its two full-text tables).
    assert len(late) <= (8 if db.is_postgres() else 12), "\n".join(late)
    assert (await _last_event(app, cid, poor))["comments"] == 3003
