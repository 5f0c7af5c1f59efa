"""Secret ballots over the API, with the phone's and the members' parts done in Python by the
core and the test dealer's key (tests/secret_ballot_support.py): cast → paper → close (the board
frozen) → two of three partial decryptions → the result with the paper figures, the board
published, a tracker found, ``verify-tally`` passing and naming each tampering; every bad
ballot refused with nothing stored; a double submit, two phones, a replay, a copied ballot or
a reused ciphertext leave one ballot."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json

import pytest

from backend.ballots.verify_tally import verify
from tests.congress_support import add_body, hall
from tests.documents_support import person
from tests.polls_support import check_in, close_poll, code_of, in_session, polls_url
from tests.secret_ballot_support import (
    ballot_of,
    cast,
    context_of,
    partial_of,
    secret_poll,
)


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        found = await hall(app, stack)
        found.counters = [
            found.staff,
            *[
                await person(app, stack, f"Kiểm Phiếu Viên {i}", ["dang_vien"], "DBTP.CB01")
                for i in (1, 2)
            ],
        ]
        yield found


async def _congress(people):
    built = await in_session(people, extra_delegates=2)
    for counter in people.counters[1:]:
        await add_body(built.id, "kiem_phieu", counter.id)
    return built


async def _counts(poll_id: int) -> tuple[int, int, int]:
    from backend.ballots.board_tables import SecretBallot, SecretCiphertext
    from backend.polls.tables import PollParticipation

    return (
        await SecretBallot.count().where(SecretBallot.poll == poll_id),
        await SecretCiphertext.count().where(SecretCiphertext.poll == poll_id),
        await PollParticipation.count().where(PollParticipation.poll == poll_id),
    )


async def _partial(person, built, poll_id, body):
    return await person.client.post(f"{polls_url(built, poll_id)}/tally/partials", json=body)


async def _board(person, built, poll_id) -> dict:
    answer = await person.client.get(f"{polls_url(built, poll_id)}/secret-board")
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_cast_close_decrypt_publish_and_verify(people, tmp_path, capsys):
    built = await _congress(people)
    await check_in(built, "d1", "d2", "d3")
    counters = [c.id for c in people.counters]
    poll = await secret_poll(people, built, counters)
    context = context_of(built, poll)
    a, b, c = (x["id"] for x in poll["candidates"])
    trackers = []
    key_url = f"{polls_url(built, poll['id'])}/key"
    for voter, kept in zip(people.delegates[:2], ([1, 1, 0], [0, 1, 1]), strict=True):
        # The key tells the vote screen whether to offer the ballot (the policy's ``cast``).
        assert (await voter.client.get(key_url)).json()["actions"] == ["cast"]
        ballot, _ = ballot_of(context, kept)
        answer = await cast(voter, built, poll["id"], ballot)
        assert answer.status_code == 201, answer.text
        trackers.append(answer.json()["tracker"])
        assert (await voter.client.get(key_url)).json()["actions"] == []
    assert (await people.staff.client.get(key_url)).json()["actions"] == []
    assert await _counts(poll["id"]) == (2, 6, 2)
    # The third delegate votes on paper; the board enters its figures.
    staff = people.staff
    issued = await staff.client.post(
        f"{polls_url(built, poll['id'])}/paper-ballots", json={"delegate_id": built.delegates["d3"]}
    )
    assert issued.status_code in (200, 201), issued.text
    paper = {
        "issued": 1,
        "received": 1,
        "not_returned": 0,
        "valid": 1,
        "invalid": 0,
        "candidates": [
            {"candidate_id": a, "votes": 1},
            {"candidate_id": b, "votes": 0},
            {"candidate_id": c, "votes": 1},
        ],
    }
    entered = await staff.client.put(f"{polls_url(built, poll['id'])}/paper-totals", json=paper)
    assert entered.status_code == 200, entered.text
    # Before close there is no board.
    early = await people.delegates[0].client.get(f"{polls_url(built, poll['id'])}/secret-board")
    assert early.status_code == 409 and code_of(early) == "not_frozen"

    await close_poll(people, built, poll["id"])
    document = await _board(people.delegates[0], built, poll["id"])
    board = document["board"]
    assert sorted(b["tracker"] for b in board["ballots"]) == sorted(trackers)
    names = [d.me["full_name"] for d in people.delegates[:2]]
    assert board["voters"] == sorted(names)
    assert "delegate" not in json.dumps(board["ballots"])
    assert document["counts"] is None and document["result"] is None
    tally = (await staff.client.get(f"{polls_url(built, poll['id'])}/tally")).json()
    assert tally["board_hash"] == document["board_hash"] and "decrypt" in tally["actions"]
    assert tally["member"] == 1
    seen = (await people.delegates[0].client.get(f"{polls_url(built, poll['id'])}/tally")).json()
    assert seen["member"] is None and seen["actions"] == ["read_board"]
    # A ballot cannot be cast any more.
    late, _ = ballot_of(context, [1, 0, 0])
    after = await cast(people.delegates[2], built, poll["id"], late)
    assert after.status_code == 409

    # A bad proof, a delegate who holds no share, another member's index: refused.
    bad = partial_of(document, 2)
    bad["proofs"][0]["z"] = bad["proofs"][1]["z"]
    refused = await _partial(people.counters[1], built, poll["id"], bad)
    assert refused.status_code == 422 and code_of(refused) == "bad_decryption_proof"
    assert "giải mã" in refused.json()["detail"]
    outsider = await _partial(people.delegates[0], built, poll["id"], partial_of(document, 1))
    assert outsider.status_code == 403
    wrong = await _partial(people.counters[1], built, poll["id"], partial_of(document, 1))
    assert wrong.status_code == 422 and code_of(wrong) == "wrong_member"

    from backend.polls.tables import PollMinutes

    at_close = await PollMinutes.select(PollMinutes.sha256).where(PollMinutes.poll == poll["id"])
    first = await _partial(staff, built, poll["id"], partial_of(document, 1))
    assert first.status_code == 201, first.text
    assert first.json()["decrypted_by"] == [1] and first.json()["counts"] is None
    again = await _partial(staff, built, poll["id"], partial_of(document, 1))
    assert again.status_code == 409 and code_of(again) == "already_decrypted"
    second = await _partial(people.counters[2], built, poll["id"], partial_of(document, 3))
    assert second.status_code == 201, second.text
    assert second.json()["counts"] == [1, 2, 1]
    # The minutes are made again with the decrypted source beside the paper one.
    now_minutes = await PollMinutes.select(PollMinutes.sha256).where(PollMinutes.poll == poll["id"])
    assert len(at_close) == len(now_minutes) == 1 and now_minutes != at_close

    result = (await people.chair.client.get(f"{polls_url(built, poll['id'])}/result")).json()
    assert [s["source"] for s in result["sources"]] == ["giay", "bi_mat"]
    votes = {x["candidate_id"]: x["votes"] for x in result["total"]["candidates"]}
    assert votes == {a: 2, b: 2, c: 2}
    assert result["total"]["valid"] == 3

    published = await _board(people.delegates[1], built, poll["id"])
    assert published["counts"] == [1, 2, 1]
    assert published["result"]["total"] == result["total"]
    assert published["result"]["elected"] == result["elected"]
    found = await people.delegates[0].client.get(
        f"{polls_url(built, poll['id'])}/secret-board/trackers/{trackers[0]}"
    )
    assert found.json()["found"] is True
    missing = await people.delegates[0].client.get(
        f"{polls_url(built, poll['id'])}/secret-board/trackers/{'0' * 64}"
    )
    assert missing.json()["found"] is False

    # verify-tally passes on the board as published …
    assert verify(published) == []
    from backend.ballots.cli import cmd_verify_tally

    path = tmp_path / "board.json"
    path.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    assert cmd_verify_tally(type("Args", (), {"board": str(path)})()) == 0
    assert "ĐẠT" in capsys.readouterr().out
    # … and names each tampering.
    for change, words in _tamperings(published, context):
        tampered = copy.deepcopy(published)
        change(tampered)
        failures = verify(tampered)
        assert any(w in f for f in failures for w in [words]), (words, failures)
        path.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
        assert cmd_verify_tally(type("Args", (), {"board": str(path)})()) == 1
        assert "KHÔNG ĐẠT" in capsys.readouterr().out


def _tamperings(published: dict, context):
    def ciphertext(doc):
        cts = doc["board"]["ballots"][0]["ballot"]["ciphertexts"]
        cts[0], cts[1] = cts[1], cts[0]

    def proof(doc):
        p = doc["board"]["ballots"][1]["ballot"]["bit_proofs"][0]
        p["z"][0], p["z"][1] = p["z"][1], p["z"][0]

    def partial(doc):
        d = doc["partial_decryptions"][0]["d"]
        d[0], d[1] = d[1], d[0]

    def result(doc):
        doc["result"]["elected"] = list(reversed(doc["result"]["elected"])) + [0]

    def added(doc):
        extra, _ = ballot_of(context, [1, 0, 0])
        from backend.ballots.crypto.ballot import Ballot, tracker

        doc["board"]["ballots"].append(
            {"tracker": tracker(context, Ballot.from_json(context, extra)), "ballot": extra}
        )

    return [
        (ciphertext, "Phiếu thứ 1"),
        (proof, "Phiếu thứ 2"),
        (partial, "Phần giải mã của thành viên số 1"),
        (result, "Kết quả công bố khác"),
        (added, "Số phiếu trên bảng (3) khác số đại biểu đã bỏ phiếu điện tử (2)"),
    ]


def _bad_ballots(context, other):
    good, _ = ballot_of(context, [1, 1, 0])

    def replaced(path_change):
        ballot = copy.deepcopy(good)
        path_change(ballot)
        return ballot

    def bad_point(b):
        b["ciphertexts"][0]["a"] = "01" + "00" * 31  # the identity

    def not_hex(b):
        b["ciphertexts"][0]["b"] = "zz" * 32

    def small_order(b):
        b["ciphertexts"][1]["a"] = "00" * 32  # a point of order 4

    def bad_proof(b):
        z = b["bit_proofs"][2]["z"]
        z[0], z[1] = z[1], z[0]

    def short(b):
        b["ciphertexts"].pop()
        b["bit_proofs"].pop()

    foreign, _ = ballot_of(other, [1, 1, 0])
    return [
        (replaced(bad_point), "bad_point"),
        (replaced(not_hex), "bad_encoding"),
        (replaced(small_order), "bad_point"),
        (replaced(bad_proof), "bad_bit_proof"),
        (replaced(short), "wrong_shape"),
        (foreign, "bad_bit_proof"),  # another poll's ballot: its proofs hash that poll
    ]


async def test_bad_ballots_are_refused_and_nothing_is_stored(people):
    built = await _congress(people)
    await check_in(built, "d1", "d2")
    counters = [c.id for c in people.counters]
    poll = await secret_poll(people, built, counters)
    other = await secret_poll(people, built, counters, title="Bầu lần hai")
    context = context_of(built, poll)
    for ballot, code in _bad_ballots(context, context_of(built, other)):
        answer = await cast(people.delegates[0], built, poll["id"], ballot)
        assert answer.status_code == 422, (code, answer.text)
        assert code_of(answer) == code and answer.json()["detail"].startswith("Phiếu không hợp lệ")
    good, _ = ballot_of(context, [1, 1, 0])
    absent = await cast(people.delegates[2], built, poll["id"], good)  # not checked in
    assert absent.status_code == 403 and code_of(absent) == "not_checked_in"
    outsider = await cast(people.outsider, built, poll["id"], good)
    assert outsider.status_code in (403, 404)
    assert await _counts(poll["id"]) == (0, 0, 0)
    await close_poll(people, built, poll["id"])
    closed = await cast(people.delegates[0], built, poll["id"], good)
    assert closed.status_code == 409 and code_of(closed) == "poll_closed"
    assert await _counts(poll["id"]) == (0, 0, 0)
    # An open (named) poll takes no secret ballot.
    from tests.polls_support import make_poll, open_poll

    named = await make_poll(people, built, title="Biểu quyết công khai")
    await open_poll(people, built, named["id"])
    wrong = await cast(people.delegates[0], built, named["id"], good)
    assert wrong.status_code == 409 and code_of(wrong) == "not_secret"


async def test_one_ballot_at_most_per_delegate_and_per_ciphertext(people):
    built = await _congress(people)
    await check_in(built, "d1", "d2", "d3")
    poll = await secret_poll(people, built, [c.id for c in people.counters])
    context = context_of(built, poll)
    ballot, rs = ballot_of(context, [1, 0, 1])
    # A double submit and two phones at once: one ballot.
    other, other_rs = ballot_of(context, [0, 1, 1])
    answers = await asyncio.gather(
        *[cast(people.delegates[0], built, poll["id"], ballot) for _ in range(5)],
        cast(people.delegates[0], built, poll["id"], other),
    )
    assert sorted(a.status_code for a in answers) == [201] + [409] * 5, [a.text for a in answers]
    assert {code_of(a) for a in answers if a.status_code == 409} == {"already_voted"}
    assert await _counts(poll["id"]) == (1, 3, 1)
    if answers[-1].status_code == 201:  # the other phone won the race: that ballot is the cast one
        ballot, rs, first = other, other_rs, 0
    else:
        first = 1
    # A replayed or copied ballot: refused, and the copier may still vote his own.
    copied = await cast(people.delegates[1], built, poll["id"], ballot)
    assert copied.status_code == 409 and code_of(copied) == "ballot_replayed"
    assert "sao chép" in copied.json()["detail"]
    # A valid ballot reusing one ciphertext already cast (same choice, same randomness).
    reused, _ = ballot_of(context, [first, 1, 1 - first], randomness=[rs[0], 11, 12])
    again = await cast(people.delegates[1], built, poll["id"], reused)
    assert again.status_code == 409 and code_of(again) == "ballot_replayed"
    assert await _counts(poll["id"]) == (1, 3, 1)
    own, _ = ballot_of(context, [1, 1, 0])
    mine = await cast(people.delegates[1], built, poll["id"], own)
    assert mine.status_code == 201, mine.text
    # Two delegates racing with the same copied ballot: one of them.
    copy_of, _ = ballot_of(context, [0, 1, 1])
    raced = await asyncio.gather(
        cast(people.delegates[2], built, poll["id"], copy_of),
        cast(people.delegates[2], built, poll["id"], copy_of),
    )
    assert sorted(a.status_code for a in raced) == [201, 409]
    assert await _counts(poll["id"]) == (3, 9, 3)


@pytest.mark.parametrize(
    ("kind", "fields", "bits", "counts"),
    [
        ("bieu_quyet", {"candidates": [], "seats": 1}, [[1, 0, 0], [0, 0, 1]], [1, 0, 1]),
        (
            "bau_cu_khong_so_du",
            {"seats": 2, "candidates": [{"name": "Một"}, {"name": "Hai"}]},
            [[1, 0, 0, 1], [1, 0, 0, 0]],
            [2, 0, 0, 1],
        ),
    ],
)
async def test_every_kind_tallies(people, kind, fields, bits, counts):
    built = await _congress(people)
    await check_in(built, "d1", "d2")
    poll = await secret_poll(people, built, [c.id for c in people.counters], kind=kind, **fields)
    context = context_of(built, poll)
    for voter, chosen in zip(people.delegates, bits, strict=False):
        ballot, _ = ballot_of(context, chosen)
        answer = await cast(voter, built, poll["id"], ballot)
        assert answer.status_code == 201, answer.text
    await close_poll(people, built, poll["id"])
    document = await _board(people.chair, built, poll["id"])
    for member, x in ((people.counters[1], 2), (people.counters[2], 3)):
        answer = await _partial(member, built, poll["id"], partial_of(document, x))
        assert answer.status_code == 201, answer.text
    assert answer.json()["counts"] == counts
    published = await _board(people.chair, built, poll["id"])
    assert verify(published) == []


async def test_proofs_are_checked_in_the_process_pool(app):
    from backend.ballots.check_pool import BallotChecker
    from tests.vectors.ballot_fixtures import CONTEXTS

    checker = app.state.services.get(BallotChecker)
    assert checker.workers >= 1 and checker._pool is not None  # started with the app
    context = CONTEXTS["resolution"]
    ballot, _ = ballot_of(context, [0, 1, 0])
    valid, tracker, firsts = await checker.check(context.to_json(), ballot)
    assert valid and len(tracker) == 64 and firsts == [c["a"] for c in ballot["ciphertexts"]]
    ballot["bit_proofs"][0]["z"].reverse()
    assert (await checker.check(context.to_json(), ballot))[:2] == (False, "bad_bit_proof")


async def test_key_holders_follow_the_ballots_while_the_poll_is_open(people):
    built = await _congress(people)
    await check_in(built, "d1", "d2")
    poll = await secret_poll(people, built, [c.id for c in people.counters])
    context = context_of(built, poll)
    url = f"{polls_url(built, poll['id'])}/secret-ballots"
    holder = people.counters[1]
    empty = await holder.client.get(url)
    assert empty.status_code == 200, empty.text
    assert empty.json()["ballots"] == [] and empty.json()["status"] == "dang_mo"
    assert empty.json()["context_hash"] == context.hash.hex()
    assert "follow_ballots" in empty.json()["actions"]
    trackers = []
    for voter, kept in zip(people.delegates[:2], ([1, 1, 0], [0, 1, 1]), strict=True):
        answer = await cast(voter, built, poll["id"], ballot_of(context, kept)[0])
        trackers.append(answer.json()["tracker"])
    first = (await holder.client.get(url)).json()
    assert [b["tracker"] for b in first["ballots"]] == trackers
    assert first["frozen"] is False and first["more"] is False
    assert (await holder.client.get(url, params={"after": 2**31})).status_code == 400
    after = first["ballots"][0]["seq"]
    rest = (await holder.client.get(url, params={"after": after})).json()
    assert [b["tracker"] for b in rest["ballots"]] == trackers[1:]
    # A delegate, or a counting-board member who holds no share of this key: refused.
    for outsider in (people.delegates[0], people.chair):
        refused = await outsider.client.get(url)
        assert refused.status_code == 403, refused.text
    await close_poll(people, built, poll["id"])
    closed = (await holder.client.get(url)).json()
    assert closed["frozen"] is True and closed["ballots"] == []  # the board is read instead
