"""Paper ballots over the API: the counting board hands them to present delegates (never to
one who voted electronically, and no electronic vote after one), enters totals that must add
up, and the paper and electronic sources end in one result; a poll with paper ballots out
closes only with their totals in; a candidate on the counting board does not count."""

from __future__ import annotations

import contextlib

import pytest

from tests.congress_support import add_body, add_delegate, hall
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


async def _issue(person, built, poll_id, delegate_id):
    return await person.client.post(
        f"{polls_url(built, poll_id)}/paper-ballots", json={"delegate_id": delegate_id}
    )


async def _totals(person, built, poll_id, body):
    return await person.client.put(f"{polls_url(built, poll_id)}/paper-totals", json=body)


async def _election(people, built, mode="cong_khai"):
    return await make_poll(
        people,
        built,
        kind="bau_cu_so_du",
        mode=mode,
        title="Bầu Ban Chấp hành thử",
        seats=2,
        candidates=[{"name": n} for n in ("Ứng Viên Một", "Ứng Viên Hai", "Ứng Viên Ba")],
    )


async def test_paper_and_electronic_end_in_one_result(people):
    built = await in_session(people, extra_delegates=3)  # base 6, majority 4
    await check_in(built, "d1", "d2", "d3", "x0", "x1", "x2")
    poll = await _election(people, built)
    a, b, c = (x["id"] for x in poll["candidates"])
    await open_poll(people, built, poll["id"])
    staff = people.staff  # on the counting board
    seen = (await staff.client.get(polls_url(built, poll["id"]))).json()
    assert {"issue_paper", "enter_paper"} <= set(seen["actions"])
    # The electronic voters.
    for person, kept in zip(people.delegates[:2], ([a, b], [a, c]), strict=True):
        answer = await person.client.post(
            f"{polls_url(built, poll['id'])}/votes", json={"kept": kept}
        )
        assert answer.status_code == 201, answer.text
    # Who voted electronically gets no paper ballot.
    twice = await _issue(staff, built, poll["id"], built.delegates["d1"])
    assert twice.status_code == 409 and "đã biểu quyết điện tử" in twice.json()["detail"]
    # Paper ballots to four present delegates.
    for label in ("d3", "x0", "x1", "x2"):
        issued = await _issue(staff, built, poll["id"], built.delegates[label])
        assert issued.status_code == 201, issued.text
    assert len(issued.json()["items"]) == 4
    again = await _issue(staff, built, poll["id"], built.delegates["x0"])
    assert again.status_code == 409 and code_of(again) == "paper_ballot_issued"
    # Who holds a paper ballot does not vote electronically.
    paper_holder = await people.delegates[2].client.post(
        f"{polls_url(built, poll['id'])}/votes", json={"kept": [a]}
    )
    assert paper_holder.status_code == 409 and code_of(paper_holder) == "paper_ballot_issued"
    # Not closed while the paper totals are missing.
    early = await people.chair.client.post(f"{polls_url(built, poll['id'])}/close")
    assert early.status_code == 409 and code_of(early) == "paper_missing"
    entered = await _totals(
        staff,
        built,
        poll["id"],
        {
            "issued": 4,
            "received": 4,
            "not_returned": 0,
            "valid": 3,
            "invalid": 1,
            "candidates": [
                {"candidate_id": a, "votes": 3},
                {"candidate_id": b, "votes": 1},
                {"candidate_id": c, "votes": 2},
            ],
        },
    )
    assert entered.status_code == 200, entered.text
    assert entered.json()["paper_entered"] and entered.json()["result"] is None
    late = await _issue(staff, built, poll["id"], built.delegates["d2"])
    assert late.status_code == 409
    result = (await close_poll(people, built, poll["id"]))["result"]
    assert [s["source"] for s in result["sources"]] == ["dien_tu", "giay"]
    total = result["total"]
    assert (total["issued"], total["received"], total["valid"], total["invalid"]) == (6, 6, 5, 1)
    votes = {x["candidate_id"]: x["votes"] for x in result["candidates"]}
    assert votes == {a: 5, b: 2, c: 3}
    assert result["elected"] == [a] and result["majority"] == 4
    assert result["candidates"][0]["percent_of_base"] == round(500 / 6, 2)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"issued": 2, "received": 1, "not_returned": 0, "valid": 1, "invalid": 0}, "phát ra (2)"),
        ({"issued": 2, "received": 2, "not_returned": 0, "valid": 1, "invalid": 0}, "thu vào (2)"),
        ({"issued": 3, "received": 3, "not_returned": 0, "valid": 3, "invalid": 0},
         "ghi nhận nhận phiếu giấy (2)"),
        (
            {"issued": 2, "received": 2, "not_returned": 0, "valid": 2, "invalid": 0,
             "choices": {"tan_thanh": 1}},
            "(1) phải bằng số phiếu hợp lệ (2)",
        ),
        (
            {"issued": 2, "received": 2, "not_returned": 0, "valid": 2, "invalid": 0,
             "choices": {"co_le": 2}},
            "không có trên phiếu",
        ),
    ],
)  # fmt: skip
async def test_paper_totals_that_do_not_add_up_are_refused(people, body, words):
    from backend.polls.tables import PollSourceCount

    built = await in_session(people)
    await check_in(built, "d1", "d2")
    poll = await make_poll(people, built, mode="giay")
    await open_poll(people, built, poll["id"])
    for label in ("d1", "d2"):
        assert (
            await _issue(people.staff, built, poll["id"], built.delegates[label])
        ).status_code == 201
    answer = await _totals(people.staff, built, poll["id"], body)
    assert answer.status_code == 422, answer.text
    assert words in answer.json()["detail"], answer.json()["detail"]
    assert not await PollSourceCount.exists().where(PollSourceCount.poll == poll["id"])


async def test_a_paper_poll_from_ballots_to_result(people):
    built = await in_session(people)
    await check_in(built, "d1", "d2", "d3")
    poll = await make_poll(people, built, mode="giay")
    await open_poll(people, built, poll["id"])
    electronic = await people.delegates[0].client.post(
        f"{polls_url(built, poll['id'])}/votes", json={"choice": "tan_thanh"}
    )
    assert electronic.status_code == 409 and code_of(electronic) == "electronic_not_offered"
    for label in ("d1", "d2", "d3"):
        await _issue(people.staff, built, poll["id"], built.delegates[label])
    listed = (await people.chair.client.get(f"{polls_url(built, poll['id'])}/paper-ballots")).json()
    assert len(listed["items"]) == 3
    hidden = await people.delegates[0].client.get(f"{polls_url(built, poll['id'])}/paper-ballots")
    assert hidden.status_code == 403
    body = {"issued": 3, "received": 3, "not_returned": 0, "valid": 3, "invalid": 0,
            "choices": {"tan_thanh": 2, "khong_tan_thanh": 1}}  # fmt: skip
    assert (await _totals(people.staff, built, poll["id"], body)).status_code == 200
    by_delegate = await _totals(people.delegates[0], built, poll["id"], body)
    assert by_delegate.status_code == 403
    closed = await close_poll(people, built, poll["id"])
    assert closed["result"]["passed"] is True  # 2 of a base of 3
    assert [s["source"] for s in closed["result"]["sources"]] == ["giay"]
    assert closed["named_votes"] is None


async def test_paper_only_to_a_present_eligible_delegate(people):
    built = await in_session(people)
    await check_in(built, "d1")
    refused_id = await add_delegate(built.id, "Không Đủ Tư Cách", credential_status="khong_hop_le")
    poll = await make_poll(people, built, mode="giay")
    before = await _issue(people.staff, built, poll["id"], built.delegates["d1"])
    assert before.status_code == 409 and code_of(before) == "poll_not_open"
    await open_poll(people, built, poll["id"])
    absent = await _issue(people.staff, built, poll["id"], built.delegates["d2"])
    assert absent.status_code == 409 and "chưa điểm danh" in absent.json()["detail"]
    refused = await _issue(people.staff, built, poll["id"], refused_id)
    assert refused.status_code == 409 and "không được công nhận" in refused.json()["detail"]
    unknown = await _issue(people.staff, built, poll["id"], 9_999_999)
    assert unknown.status_code == 404
    by_chair = await _issue(people.chair, built, poll["id"], built.delegates["d1"])
    assert by_chair.status_code == 403


async def test_a_counter_who_stands_does_not_count_that_poll(people):
    """A candidate linked to a counting-board member is refused when preparing; one who joins
    the board afterwards cannot count the poll he stands in."""
    from backend.congress.tables import BodyMember

    built = await in_session(people)
    await BodyMember.delete().where(
        (BodyMember.congress == built.id) & (BodyMember.body == "kiem_phieu")
    )
    staff_delegate = await add_delegate(
        built.id, "Người Ứng Cử", user_id=people.staff.id, code="S001"
    )
    poll = await make_poll(
        people,
        built,
        kind="bau_cu_khong_so_du",
        mode="giay",
        title="Bầu thử",
        candidates=[{"name": "Người Ứng Cử", "delegate_id": staff_delegate}],
    )
    await add_body(built.id, "kiem_phieu", people.staff.id)
    await open_poll(people, built, poll["id"])
    seen = (await people.staff.client.get(polls_url(built, poll["id"]))).json()
    assert "enter_paper" not in seen["actions"]
    answer = await _totals(
        people.staff, built, poll["id"],
        {"issued": 0, "received": 0, "not_returned": 0, "valid": 0, "invalid": 0},
    )  # fmt: skip
    assert answer.status_code == 403 and "ứng cử" in answer.json()["detail"]
