"""Open electronic votes over the API: opening fixes the base and notifies the delegates;
one vote per present, eligible delegate (the database's UNIQUE holds against a double submit
and two phones at once); votes only inside the open window; bad ballots refused; results only
after close, with who voted how; the live turnout event."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from tests.congress_support import add_delegate, hall
from tests.polls_support import (
    check_in,
    close_poll,
    code_of,
    in_session,
    make_poll,
    open_poll,
    polls_url,
)


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


@pytest.fixture
def events(app):
    from backend.events.log import EventLog

    return app.state.services.get(EventLog)


async def _vote(person, built, poll_id, body):
    return await person.client.post(f"{polls_url(built, poll_id)}/votes", json=body)


async def test_a_resolution_vote_from_open_to_result(people, events):
    from backend.notifications.tables import Notification

    built = await in_session(people, extra_delegates=3)  # 6 officials: base 6, majority 4
    await check_in(built, "d1", "d2", "d3")
    poll = await make_poll(people, built)
    assert poll["status"] == "chuan_bi" and "open" in poll["actions"]
    assert poll["base"] is None and poll["result"] is None
    opened = await open_poll(people, built, poll["id"])
    assert opened["status"] == "dang_mo" and opened["base"] == 6
    # Every delegate with an account is told at once, whatever his quiet hours.
    told = await Notification.select(Notification.user, Notification.urgent).where(
        Notification.link == f"/dai-hoi/{built.id}/bieu-quyet/{poll['id']}"
    )
    assert {n["user"] for n in told} == {d.id for d in people.delegates}
    assert all(n["urgent"] for n in told)

    seen = await people.delegates[0].client.get(polls_url(built, poll["id"]))
    assert seen.json()["actions"] == ["read", "vote"]
    for person, choice in zip(
        people.delegates, ["tan_thanh", "tan_thanh", "khong_tan_thanh"], strict=True
    ):
        answer = await _vote(person, built, poll["id"], {"choice": choice})
        assert answer.status_code == 201, answer.text
        assert answer.json()["channel"] == "dien_tu"
    # Before close: turnout only, never the result.
    early = await people.delegates[0].client.get(f"{polls_url(built, poll['id'])}/result")
    assert early.status_code == 409 and "sau khi kết thúc" in early.json()["detail"]
    detail = (await people.outsider.client.get(polls_url(built, poll["id"]))).status_code
    assert detail == 404
    turnout = (await people.secretary.client.get(f"{polls_url(built, poll['id'])}/turnout")).json()
    assert (turnout["eligible"], turnout["voted"], turnout["electronic"]) == (3, 3, 0 + 3)
    # The live turnout follows the last vote within a second.
    live = []
    for _ in range(20):
        live = [e for e in await events.read(f"congress:{built.id}", 0) if e.kind == "poll.turnout"]
        if live and live[-1].data["voted"] == 3:
            break
        await asyncio.sleep(0.05)
    assert live and live[-1].data["voted"] == 3
    assert "result" not in live[-1].data

    closed = await close_poll(people, built, poll["id"])
    result = closed["result"]
    assert result["base"] == 6 and result["majority"] == 4
    yes = next(c for c in result["choices"] if c["choice"] == "tan_thanh")
    # Two of six is not more than half of the base, though it is most of the valid ballots.
    assert yes["votes"] == 2 and result["passed"] is False
    assert [s["source"] for s in result["sources"]] == ["dien_tu"]
    assert result["total"]["valid"] == 3
    named = {v["full_name"]: v["choice"] for v in closed["named_votes"]}
    assert named[people.delegates[2].me["full_name"]] == "khong_tan_thanh"
    kinds = [e.kind for e in await events.read(f"congress:{built.id}", 0)]
    assert kinds.index("poll.opened") < kinds.index("poll.closed")
    final = [e for e in await events.read(f"congress:{built.id}", 0) if e.kind == "poll.closed"]
    assert final[-1].data["result"]["passed"] is False
    after = await _vote(people.delegates[0], built, poll["id"], {"choice": "tan_thanh"})
    assert after.status_code == 409


async def test_a_double_submit_and_two_phones_give_one_vote(people):
    from backend.polls.tables import PollBallot, PollParticipation

    built = await in_session(people)
    await check_in(built, "d1")
    poll = await make_poll(people, built)
    await open_poll(people, built, poll["id"])
    answers = await asyncio.gather(
        *[_vote(people.delegates[0], built, poll["id"], {"choice": "tan_thanh"}) for _ in range(8)]
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] + [409] * 7, [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 409).json()
    assert refused["detail"].startswith("Đồng chí đã biểu quyết")
    assert await PollParticipation.count().where(PollParticipation.poll == poll["id"]) == 1
    assert await PollBallot.count().where(PollBallot.poll == poll["id"]) == 1


async def test_the_database_refuses_a_second_participation(people):
    """The constraint itself, not only the code: a raw second row fails."""
    from backend.core.clock import now
    from backend.polls.tables import PollParticipation

    built = await in_session(people)
    poll = await make_poll(people, built)
    row = {"poll": poll["id"], "delegate": built.delegates["d1"], "at": now()}
    await PollParticipation.insert(PollParticipation(channel="giay", **row))
    with pytest.raises(Exception):  # noqa: B017 - each engine raises its own integrity error
        await PollParticipation.insert(PollParticipation(channel="dien_tu", **row))


async def test_votes_only_inside_the_open_window(people):
    built = await in_session(people)
    await check_in(built, "d1")
    poll = await make_poll(people, built)
    before = await _vote(people.delegates[0], built, poll["id"], {"choice": "tan_thanh"})
    assert before.status_code == 409 and code_of(before) == "poll_not_open"
    await open_poll(people, built, poll["id"])
    await close_poll(people, built, poll["id"])
    after = await _vote(people.delegates[0], built, poll["id"], {"choice": "tan_thanh"})
    assert after.status_code == 409 and code_of(after) == "poll_closed"
    assert "kết thúc" in after.json()["detail"]


async def test_an_absent_or_ineligible_delegate_does_not_vote(people):
    from backend.congress.tables import Delegate

    built = await in_session(people)
    await check_in(built, "d2", "d3")
    poll = await make_poll(people, built)
    await open_poll(people, built, poll["id"])
    absent = await _vote(people.delegates[0], built, poll["id"], {"choice": "tan_thanh"})
    assert absent.status_code == 403 and code_of(absent) == "not_checked_in"
    assert "chưa điểm danh" in absent.json()["detail"]
    await Delegate.update({Delegate.credential_status: "khong_hop_le"}).where(
        Delegate.id == built.delegates["d2"]
    )
    refused = await _vote(people.delegates[1], built, poll["id"], {"choice": "tan_thanh"})
    assert refused.status_code == 403 and "đủ tư cách" in refused.json()["detail"]
    outsider = await _vote(people.chair, built, poll["id"], {"choice": "tan_thanh"})
    assert outsider.status_code == 403
    ok = await _vote(people.delegates[2], built, poll["id"], {"choice": "khong_bieu_quyet"})
    assert ok.status_code == 201


async def _election(people, built, kind, seats, names):
    return await make_poll(
        people,
        built,
        kind=kind,
        title="Bầu cử thử",
        seats=seats,
        candidates=[{"name": n} for n in names],
    )


async def test_strike_out_ballots_refused_with_the_reason(people):
    built = await in_session(people)
    await check_in(built, "d1")
    poll = await _election(
        people, built, "bau_cu_so_du", 2, ["Ứng viên A", "Ứng viên B", "Ứng viên C"]
    )
    ids = [c["id"] for c in poll["candidates"]]
    await open_poll(people, built, poll["id"])
    cases = [
        ({"kept": ids}, "nhiều hơn số cần bầu"),
        ({"kept": []}, "gạch hết tên"),
        ({"kept": [ids[0], 999_999]}, "không có trong danh sách"),
        ({"kept": [ids[0], ids[0]]}, "hai lần"),
        ({"choice": "tan_thanh"}, "danh sách những người được giữ lại"),
    ]
    for body, words in cases:
        answer = await _vote(people.delegates[0], built, poll["id"], body)
        assert answer.status_code == 422, (body, answer.text)
        assert words in answer.json()["detail"], answer.json()["detail"]
    ok = await _vote(people.delegates[0], built, poll["id"], {"kept": ids[:2]})
    assert ok.status_code == 201


async def test_a_confirmation_ballot_is_valid_even_all_against(people):
    built = await in_session(people, extra_delegates=1)  # 4 officials: majority 3
    await check_in(built, "d1", "d2", "d3")
    poll = await _election(people, built, "bau_cu_khong_so_du", 1, ["Đồng chí Bí Thư"])
    [cid] = [c["id"] for c in poll["candidates"]]
    await open_poll(people, built, poll["id"])
    marks = ["dong_y", "dong_y", "khong_dong_y"]
    for person, mark in zip(people.delegates, marks, strict=True):
        answer = await _vote(
            person, built, poll["id"], {"marks": [{"candidate_id": cid, "mark": mark}]}
        )
        assert answer.status_code == 201, answer.text
    unknown = await _vote(
        people.delegates[0],
        built,
        poll["id"],
        {"marks": [{"candidate_id": 999_999, "mark": "dong_y"}]},
    )
    assert unknown.status_code in (409, 422)
    result = (await close_poll(people, built, poll["id"]))["result"]
    [candidate] = result["candidates"]
    assert (candidate["votes"], candidate["against"]) == (2, 1)
    # Two of a base of four is not more than half: not elected.
    assert candidate["elected"] is False and result["elected"] == []


async def test_the_base_leaves_out_the_absent_without_alternate(people):
    built = await in_session(people)
    await add_delegate(built.id, "Vắng Cả Đại Hội", absent_whole=True, code="V001")
    await add_delegate(built.id, "Dự Khuyết", kind="du_khuyet", code="K001")
    poll = await make_poll(people, built)
    opened = await open_poll(people, built, poll["id"])
    assert opened["base"] == 3  # three officials; the absent one and the alternate are out


async def test_preparing_refusals(people):
    built = await in_session(people)
    url = polls_url(built)
    body = {"item_id": built.items[built.sessions[0]][0], "mode": "cong_khai", "title": "Thử"}
    secret = await people.chair.client.post(
        url, json=body | {"kind": "bieu_quyet", "mode": "bi_mat"}
    )
    # A secret poll is prepared, but opens only once the counting board's key is ready.
    assert secret.status_code == 201, secret.text
    early = await people.chair.client.post(f"{polls_url(built, secret.json()['id'])}/open")
    assert early.status_code == 409 and code_of(early) == "key_not_ready"
    few = await people.chair.client.post(
        url,
        json=body
        | {"kind": "bau_cu_so_du", "seats": 2, "candidates": [{"name": "A"}, {"name": "B"}]},
    )
    assert few.status_code == 422 and "nhiều ứng cử viên hơn" in few.json()["detail"]
    delegate = await people.delegates[0].client.post(url, json=body | {"kind": "bieu_quyet"})
    assert delegate.status_code == 403
    counter_candidate = await add_delegate(
        built.id, "Kiểm Phiếu Viên", user_id=people.staff.id, code="KP01"
    )
    counted = await people.chair.client.post(
        url,
        json=body
        | {
            "kind": "bau_cu_khong_so_du",
            "candidates": [{"name": "Kiểm Phiếu Viên", "delegate_id": counter_candidate}],
        },
    )
    assert counted.status_code == 422 and "Ban Kiểm phiếu" in counted.json()["detail"]
    listed = (await people.delegates[0].client.get(url)).json()
    assert listed["actions"] == []


async def test_a_close_amid_votes_counts_every_vote_it_acknowledged(people):
    """Votes and the close at the same moment: each vote answered 201 is in the result, each
    other one was refused because the poll had closed."""
    built = await in_session(people)
    await check_in(built, "d1", "d2", "d3")
    poll = await make_poll(people, built)
    await open_poll(people, built, poll["id"])
    url = polls_url(built, poll["id"])
    votes = [
        _vote(person, built, poll["id"], {"choice": "tan_thanh"}) for person in people.delegates
    ]
    *answers, closing = await asyncio.gather(*votes, people.chair.client.post(f"{url}/close"))
    assert closing.status_code == 200, closing.text
    accepted = [a for a in answers if a.status_code == 201]
    assert all(code_of(a) == "poll_closed" for a in answers if a.status_code != 201)
    result = (await people.chair.client.get(f"{url}/result")).json()
    assert result["total"]["valid"] == len(accepted)
    assert result["choices"][0]["votes"] == len(accepted)


async def test_reading_a_poll_gives_the_stream_position_its_page_follows_from(people, events):
    """The vote screen follows the turnout from the event before its read, not from the
    congress's first event: GET gives the stream's last id, read before the poll (an event
    after it is in the answer or comes from the stream); a write's answer gives none."""
    built = await in_session(people, extra_delegates=1)
    await check_in(built, "d1", "d2")
    poll = await make_poll(people, built)
    assert poll["last_event_id"] is None  # a write's answer
    opened = await open_poll(people, built, poll["id"])
    assert opened["last_event_id"] is None
    answer = await _vote(people.delegates[0], built, poll["id"], {"choice": "tan_thanh"})
    assert answer.status_code == 201, answer.text
    stream = f"congress:{built.id}"
    for _ in range(40):  # the turnout event follows the vote within a second
        turnouts = [e for e in await events.read(stream, 0) if e.kind == "poll.turnout"]
        if turnouts and turnouts[-1].data["voted"] == 1:
            break
        await asyncio.sleep(0.05)
    head = await events.last_id(stream)
    assert head >= turnouts[-1].id > 0
    read = (await people.delegates[1].client.get(polls_url(built, poll["id"]))).json()
    listed = (await people.delegates[1].client.get(polls_url(built))).json()
    # Nothing written since: both give the head, and the page shows the turnout it carried.
    assert read["last_event_id"] == listed["last_event_id"] == head
    assert read["turnout"]["voted"] == 1
