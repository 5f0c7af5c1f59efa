"""The counting board's key ceremony over the API, with the browsers' secret part done in
Python (``tests/ceremony_support.py``): a full ceremony of three members with k = 2 whose
fingerprint every member computes alike and whose shares decrypt; a bad key proof, a bad test
decryption and outsiders refused; a complaint answered with a bad share excludes its sender
and starts again, one answered with the right share leaves the share public; a secret poll
opens only once its key is ready."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import pytest

from backend import db
from backend.ballots.crypto.elgamal import encrypt_random
from backend.ballots.crypto.group import base, hex_bytes
from backend.ballots.crypto.tally import Totals, combine, partial_decrypt
from backend.ballots.keys import ready_key
from tests.ceremony_support import (
    Member,
    ceremony_url,
    commit_all,
    detail_of,
    open_all,
    post_ok,
    run_ceremony,
    share_all,
)
from tests.congress_support import Hall, add_body, hall
from tests.documents_support import Person, person
from tests.polls_support import code_of, in_session, make_poll, polls_url


@dataclass
class Board:
    people: Hall
    counters: list[Person]  # people.staff first, then the others


@pytest.fixture(scope="module")
async def board(app):
    async with contextlib.AsyncExitStack() as stack:
        people = await hall(app, stack)
        others = [
            await person(app, stack, f"Kiểm Phiếu Viên {i}", ["dang_vien"], "DBTP.CB01")
            for i in range(1, 4)
        ]
        yield Board(people, [people.staff, *others])


async def _secret_poll(board: Board, counters: int = 3):
    """A congress in session with ``counters`` members on its counting board and a secret
    strike-out poll in preparation; the ceremony's URL."""
    built = await in_session(board.people, extra_delegates=2)
    for counter in board.counters[1:counters]:
        await add_body(built.id, "kiem_phieu", counter.id)
    poll = await make_poll(
        board.people,
        built,
        kind="bau_cu_so_du",
        mode="bi_mat",
        title="Bầu Ban Chấp hành (phiếu kín)",
        seats=2,
        candidates=[{"name": n} for n in ("Ứng Viên Một", "Ứng Viên Hai", "Ứng Viên Ba")],
    )
    return built, poll, ceremony_url(built.id, poll["id"])


@pytest.fixture
def events(app):
    from backend.events.log import EventLog

    return app.state.services.get(EventLog)


def _members(board: Board, count: int) -> list[Member]:
    return [Member(client=p.client) for p in board.counters[:count]]


async def test_a_full_ceremony_makes_a_key_any_two_decrypt_with(board, events):
    people = board.people
    built, poll, url = await _secret_poll(board)
    # The poll does not open without its key.
    early = await people.chair.client.post(f"{polls_url(built, poll['id'])}/open")
    assert early.status_code == 409 and code_of(early) == "key_not_ready"
    started = await people.secretary.client.post(url, json={"threshold": 2})
    assert started.status_code == 201, started.text
    state = started.json()
    assert state["ceremony"]["status"] == "cam_ket" and state["ceremony"]["size"] == 3
    assert "start" in state["actions"] and "commit" not in state["actions"]
    members = _members(board, 3)
    mine = (await members[0].client.get(url)).json()
    assert mine["ceremony"]["me"] == 1 and "commit" in mine["actions"]

    detail = await commit_all(url, members)
    assert detail["status"] == "gui_phan_khoa" and detail["election_key"]
    detail = await share_all(url, members)
    assert detail["status"] == "kiem_tra" and len(detail["sealed"]) == 6
    assert len(detail["fingerprint_groups"]) == 8
    assert all(not v for v in (await open_all(url, members)).values())
    # Every member computes the same fingerprint from what he was shown, the server's one.
    prints = {m.local_fingerprint(await detail_of(m.client, url)) for m in members}
    assert prints == {detail["fingerprint"]}
    # Nothing secret reached the server: no share in any answer, sealed blobs only.
    for m in members:
        assert encode(m.share) not in str(detail) and encode(m.f(m.x)) not in str(detail)

    for m in members[:2]:
        await post_ok(
            m.client, f"{url}/confirmation", m.confirm_body(await detail_of(m.client, url))
        )
    again = await members[0].client.post(
        f"{url}/confirmation", json=members[0].confirm_body(await detail_of(members[0].client, url))
    )
    assert again.status_code == 409 and code_of(again) == "already_confirmed"
    not_yet = (await people.chair.client.get(f"{polls_url(built, poll['id'])}/key")).json()
    assert not not_yet["ready"] and not_yet["public_key"] is None
    assert await ready_key(poll["id"]) is None
    last = members[2]
    done = await post_ok(
        last.client, f"{url}/confirmation", last.confirm_body(await detail_of(last.client, url))
    )
    assert done["key_ready"] and done["ceremony"]["status"] == "hoan_tat"
    assert "start" not in done["actions"]

    key = (await people.delegates[0].client.get(f"{polls_url(built, poll['id'])}/key")).json()
    assert key["ready"] and key["threshold"] == 2 and key["size"] == 3
    assert (
        key["public_key"] == detail["election_key"] and key["fingerprint"] == detail["fingerprint"]
    )
    assert [t["x"] for t in key["trustees"]] == [1, 2, 3]
    # Each member's share fits his public part; any two of three decrypt a total.
    publics = {t["x"]: hex_bytes(t["public"]) for t in key["trustees"]}
    for m in members:
        assert base(m.share) == publics[m.x]
    ct, _ = encrypt_random(hex_bytes(key["public_key"]), 1)
    totals = Totals((ct,), 1)
    q, board_hash = b"q" * 64, b"b" * 64
    for pair in ((0, 1), (0, 2), (1, 2)):
        partials = [
            partial_decrypt(q, board_hash, members[i].x, members[i].share, totals) for i in pair
        ]
        assert combine(q, board_hash, totals, 2, publics, partials) == [1]
    ready = await ready_key(poll["id"])
    assert ready is not None and ready.public_key.hex() == key["public_key"]
    assert ready.threshold == 2 and ready.trustees[2] == (board.counters[1].id, publics[2])
    # A started ceremony cannot start again once the key is ready; the poll opens now.
    restart = await people.chair.client.post(url, json={})
    assert restart.status_code == 409 and code_of(restart) == "key_ready"
    opened = await people.chair.client.post(f"{polls_url(built, poll['id'])}/open")
    assert opened.status_code == 200, opened.text
    # Each step told the congress's stream (no transcript in it), the last one "ready".
    progress = [
        e.data
        for e in await events.read(f"congress:{built.id}", 0)
        if e.kind == "ballot_key.progress"
    ]
    assert [p["status"] for p in progress[:2]] == ["cam_ket", "cam_ket"]
    assert progress[-1] == {
        "poll": poll["id"],
        "ceremony": done["ceremony"]["id"],
        "status": "hoan_tat",
        "ready": True,
    }
    assert len(progress) == 1 + 3 + 3 + 3  # start, commitments, shares, confirmations


def encode(k: int) -> str:
    return k.to_bytes(32, "little").hex()


async def test_who_may_take_part(board):
    people = board.people
    built, poll, url = await _secret_poll(board)
    member = board.counters[0].client
    # Before any ceremony: the board sees there is none; nobody else sees anything.
    assert (await member.get(url)).json()["ceremony"] is None
    delegate = await people.delegates[0].client.get(url)
    assert delegate.status_code == 403
    outsider = await people.outsider.client.get(url)
    assert outsider.status_code == 404
    # The counting board does not start it; a delegate does not either.
    for client in (member, people.delegates[0].client):
        refused = await client.post(url, json={})
        assert refused.status_code == 403, refused.text
    board_too_small = await people.chair.client.post(url, json={})
    assert board_too_small.status_code == 201  # three members: staff and two others
    too_high = await people.chair.client.post(url, json={"threshold": 4})
    assert too_high.status_code == 422 and code_of(too_high) == "bad_threshold"
    # A delegate (not on the board) cannot commit, nor read shares.
    stranger = Member(client=people.delegates[0].client)
    body = stranger.commit_body("dangbo/congress/0/poll/0/ceremony/0", 1, 2)
    refused = await people.delegates[0].client.post(f"{url}/commitments", json=body)
    assert refused.status_code == 403 and "Ban Kiểm phiếu" in refused.json()["detail"]
    assert (await people.delegates[0].client.get(f"{url}/shares")).status_code == 403
    # Sharing before everyone committed is out of turn.
    early = await member.post(f"{url}/shares", json={"shares": []})
    assert early.status_code in (400, 409)
    # A poll that is not secret has no ceremony.
    open_poll = await make_poll(people, built, title="Biểu quyết công khai")
    other = await people.chair.client.post(ceremony_url(built.id, open_poll["id"]), json={})
    assert other.status_code == 409 and code_of(other) == "not_secret"


async def test_a_bad_key_proof_and_a_bad_test_decryption_are_refused(board):
    people = board.people
    _, _, url = await _secret_poll(board)
    await people.chair.client.post(url, json={"threshold": 2})
    members = _members(board, 3)
    first = members[0]
    detail = await detail_of(first.client, url)
    # A proof made for another ceremony, or tampered with, does not verify.
    wrong = first.commit_body(detail["ceremony_id"] + "x", detail["me"], detail["threshold"])
    body = first.commit_body(detail["ceremony_id"], detail["me"], detail["threshold"])
    refused = await first.client.post(f"{url}/commitments", json=wrong)
    assert refused.status_code == 422 and code_of(refused) == "bad_key_proof"
    assert "khoá bí mật" in refused.json()["detail"]
    tampered = body | {"proof": {"c": body["proof"]["z"], "z": body["proof"]["c"]}}
    refused = await first.client.post(f"{url}/commitments", json=tampered)
    assert refused.status_code == 422 and code_of(refused) == "bad_key_proof"
    identity = "01" + "00" * 31
    refused = await first.client.post(
        f"{url}/commitments", json=body | {"commitments": [identity, body["commitments"][1]]}
    )
    assert refused.status_code == 422 and code_of(refused) == "bad_point"
    short = await first.client.post(
        f"{url}/commitments", json=body | {"commitments": body["commitments"][:1] * 3}
    )
    assert short.status_code in (400, 422)
    # Nothing was stored: the member has not committed yet.
    assert not (await detail_of(first.client, url))["members"][0]["commitments"]
    await post_ok(first.client, f"{url}/commitments", body)
    await commit_all(url, members[1:])
    await share_all(url, members)
    await open_all(url, members)
    detail = await detail_of(first.client, url)
    # A test decryption with a share that is not his.
    wrong_share = first.confirm_body(detail, share=first.share + 1)
    refused = await first.client.post(f"{url}/confirmation", json=wrong_share)
    assert refused.status_code == 422 and code_of(refused) == "bad_decryption_proof"
    # A fingerprint other than the ceremony's.
    right = first.confirm_body(detail)
    other = right | {"fingerprint": "0" * 128}
    refused = await first.client.post(f"{url}/confirmation", json=other)
    assert refused.status_code == 409 and code_of(refused) == "fingerprint_mismatch"
    no_backup = await first.client.post(f"{url}/confirmation", json=right | {"backup_saved": False})
    assert no_backup.status_code == 422 and code_of(no_backup) == "backup_not_saved"
    assert not (await detail_of(first.client, url))["members"][0]["confirmed"]
    await post_ok(first.client, f"{url}/confirmation", right)


async def test_a_bad_revealed_share_excludes_its_sender_and_restarts(board):
    people = board.people
    _, _, url = await _secret_poll(board, counters=4)
    started = (await people.chair.client.post(url, json={"threshold": 2})).json()
    assert started["ceremony"]["size"] == 4
    members = _members(board, 4)
    await commit_all(url, members)
    cheat = members[3]
    detail = await detail_of(cheat.client, url)
    # The fourth member sends the first a share that is not f(1).
    body = cheat.shares_body(detail["ceremony_id"], detail["members"])
    for item in body["shares"]:
        if item["recipient"] == 1:
            item["sealed"] = cheat.seal(
                detail["ceremony_id"], 1, bytes.fromhex(detail["members"][0]["transport_key"]), 7
            )
    for m in members[:3]:
        await post_ok(
            m.client, f"{url}/shares", m.shares_body(detail["ceremony_id"], detail["members"])
        )
    await post_ok(cheat.client, f"{url}/shares", body)
    bad = await open_all(url, members)
    assert bad == {1: [4], 2: [], 3: [], 4: []}
    state = await post_ok(members[0].client, f"{url}/complaints", {"accused": 4})
    assert state["ceremony"]["complaints"][0]["verdict"] == "cho_tra_loi"
    # Nobody confirms while a complaint waits; only the accused answers it.
    waiting = await members[1].client.post(
        f"{url}/confirmation", json=members[1].confirm_body(await detail_of(members[1].client, url))
    )
    assert waiting.status_code == 409 and code_of(waiting) == "complaint_pending"
    not_accused = await members[1].client.post(
        f"{url}/reveals", json={"accuser": 1, "share": encode(7)}
    )
    assert not_accused.status_code == 409
    # He reveals the bad share again: excluded; a new run with the three others starts.
    after = await post_ok(cheat.client, f"{url}/reveals", {"accuser": 1, "share": encode(7)})
    fresh = after["ceremony"]
    assert fresh["status"] == "cam_ket" and fresh["size"] == 3
    assert fresh["excluded_users"] == [board.counters[3].id]
    assert [m["user_id"] for m in fresh["members"]] == [c.id for c in board.counters[:3]]
    assert fresh["ceremony_id"] != detail["ceremony_id"]
    assert (await cheat.client.get(url)).json()["ceremony"]["me"] is None
    assert (await cheat.client.post(f"{url}/commitments", json={})).status_code in (400, 403)
    # The three run the new ceremony to the end.
    honest = _members(board, 3)
    done = await run_ceremony(url, honest)
    assert done["key_ready"]


async def test_a_right_revealed_share_dismisses_the_complaint(board):
    people = board.people
    _, _, url = await _secret_poll(board)
    await people.chair.client.post(url, json={"threshold": 2})
    members = _members(board, 3)
    await commit_all(url, members)
    await share_all(url, members)
    await open_all(url, members)
    before = await detail_of(members[0].client, url)
    await post_ok(members[1].client, f"{url}/confirmation", members[1].confirm_body(before))
    # A member complains without cause; the accused reveals the right share.
    await post_ok(members[0].client, f"{url}/complaints", {"accused": 2})
    share = members[1].f(1)
    state = await post_ok(
        members[1].client, f"{url}/reveals", {"accuser": 1, "share": encode(share)}
    )
    ceremony = state["ceremony"]
    assert ceremony["complaints"][0]["verdict"] == "bac"
    assert ceremony["complaints"][0]["share"] == encode(share)  # public by design
    # The transcript changed: a new fingerprint, the earlier confirmation void.
    assert ceremony["fingerprint"] != before["fingerprint"]
    assert not any(m["confirmed"] for m in ceremony["members"])
    for m in members:
        assert m.local_fingerprint(await detail_of(m.client, url)) == ceremony["fingerprint"]
    state = {}
    for m in members:
        state = await post_ok(
            m.client, f"{url}/confirmation", m.confirm_body(await detail_of(m.client, url))
        )
    assert state["key_ready"]


async def test_a_poll_in_preparation_is_deleted_with_its_ceremony(board):
    people = board.people
    built, poll, url = await _secret_poll(board)
    await people.chair.client.post(url, json={"threshold": 2})
    await commit_all(url, _members(board, 3))
    gone = await people.chair.client.delete(polls_url(built, poll["id"]))
    assert gone.status_code == 204, gone.text
    assert (await people.chair.client.get(url)).status_code == 404


async def test_reading_the_ceremony_gives_the_stream_position_its_screen_follows_from(
    board, events
):
    """The key ceremony's screen follows ``ballot_key.progress`` from the event before its
    read, not from the congress's first event (every check-in of the congress): GET gives the
    stream's last id, read before the ceremony; a write's answer gives none; a later step is
    an event after the id the screen was given."""
    built, poll, url = await _secret_poll(board)
    stream = f"congress:{built.id}"
    async with db.transaction():  # the congress's earlier life: none of it is this screen's
        for present in (1, 2, 3):
            await events.append(stream, "checkin.counted", {"present": present})
    started = await board.people.secretary.client.post(url, json={"threshold": 2})
    assert started.status_code == 201, started.text
    assert started.json()["last_event_id"] is None  # a write's answer
    head = await events.last_id(stream)
    read = (await board.counters[1].client.get(url)).json()
    assert read["last_event_id"] == head and read["ceremony"]["status"] == "cam_ket"

    first = _members(board, 1)[0]
    detail = await detail_of(first.client, url)
    await post_ok(
        first.client,
        f"{url}/commitments",
        first.commit_body(detail["ceremony_id"], detail["me"], detail["threshold"]),
    )
    later = [e for e in await events.read(stream, head) if e.kind == "ballot_key.progress"]
    assert [e.data["poll"] for e in later] == [poll["id"]]
    again = (await board.counters[1].client.get(url)).json()
    assert again["last_event_id"] == later[-1].id > head
