"""Delegate cards and check-in over the API: the card's QR token (sealed, bound to the
congress, the delegate and his card's version, expiring), scans and manual entries, duplicate
scans that find the first check-in (one row, even ten at once), refused delegates and closed
sessions, excused absences, the live counts and the quorum, and the events they append."""

from __future__ import annotations

import asyncio
import base64
import contextlib
from datetime import timedelta

import pytest

from tests.congress_support import add_delegate, hall, staged_congress


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


@pytest.fixture
def events(app):
    from backend.events.log import EventLog

    return app.state.services.get(EventLog)


def _url(built, session: int = 0) -> str:
    return f"/api/congresses/{built.id}/sessions/{built.sessions[session]}"


async def _card(client, congress_id: int) -> dict:
    response = await client.get(f"/api/congresses/{congress_id}/card")
    assert response.status_code == 200, response.text
    return response.json()


async def _scan(client, built, token: str, session: int = 0):
    return await client.post(f"{_url(built, session)}/checkins", json={"token": token})


async def test_a_delegate_sees_his_card_and_the_qr_hides_his_id(people):
    built = await staged_congress(people)
    delegate = people.delegates[0]
    card = await _card(delegate.client, built.id)
    assert card["full_name"] == delegate.me["full_name"]
    assert card["code"] == "T001" and card["kind"] == "chinh_thuc"
    assert card["delegate_id"] == built.delegates["d1"]
    token = card["token"]
    assert token.startswith(f"DH1.{built.id}.") and len(token) < 80
    # The id is sealed: neither in the clear nor in the base-32 body as plain bytes.
    body = token.rsplit(".", 1)[1]
    raw = base64.b32decode(body + "=" * (-len(body) % 8))
    assert built.delegates["d1"].to_bytes(4, "big") not in raw
    assert str(built.delegates["d1"]) not in token.split(".", 2)[2]
    assert card["qr_svg"].startswith("<svg") and "</svg>" in card["qr_svg"]
    # The day after the congress's last day, at midnight in Việt Nam.
    assert card["valid_until"].endswith("+07:00")
    # Two readings of the same card give tokens that both work (a fresh nonce each time).
    again = await _card(delegate.client, built.id)
    assert again["token"] != token
    scanned = await _scan(people.staff.client, built, again["token"])
    assert scanned.status_code == 200 and scanned.json()["delegate_id"] == built.delegates["d1"]


async def test_who_gets_a_card(people):
    built = await staged_congress(people)
    refused = await add_delegate(
        built.id, "Đại biểu bị loại", user_id=people.outsider.id, credential_status="khong_hop_le"
    )
    outsider = await people.outsider.client.get(f"/api/congresses/{built.id}/card")
    assert outsider.status_code == 409
    assert "không được công nhận" in outsider.json()["detail"]
    chair = await people.chair.client.get(f"/api/congresses/{built.id}/card")
    assert chair.status_code == 403 and "Chỉ đại biểu" in chair.json()["detail"]
    other = await staged_congress(people)
    stranger = await people.outsider.client.get(f"/api/congresses/{other.id}/card")
    assert stranger.status_code == 404
    anonymous = await people.anonymous.get(f"/api/congresses/{built.id}/card")
    assert anonymous.status_code == 401
    # Printing: the organising committee only.
    path = f"/api/congresses/{built.id}/delegates/{refused}/card"
    printed = await people.organiser.client.get(path)
    assert printed.status_code == 200 and printed.json()["full_name"] == "Đại biểu bị loại"
    staff = await people.staff.client.get(path)
    assert staff.status_code == 403 and "Ban Tổ chức" in staff.json()["detail"]
    missing = await people.organiser.client.get(
        f"/api/congresses/{built.id}/delegates/{built.delegates['d1'] + 100000}/card"
    )
    assert missing.status_code == 404 and "đại biểu" in missing.json()["detail"]


async def test_forged_expired_foreign_and_reissued_cards_are_refused(people, monkeypatch):
    from backend.congress import cards

    built = await staged_congress(people)
    token = (await _card(people.delegates[0].client, built.id))["token"]
    staff = people.staff.client

    # One bit flipped in the sealed body.
    head, body = token.rsplit(".", 1)
    raw = bytearray(base64.b32decode(body + "=" * (-len(body) % 8)))
    raw[20] ^= 0x01
    flipped = f"{head}.{base64.b32encode(bytes(raw)).decode().rstrip('=')}"
    for bad in (flipped, "DH1.1.AAAAAAAAAAAAAAAAAAAAAAAA", "xin chào", token + "A"):
        refused = await _scan(people.staff.client, built, bad)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["type"].endswith("/card_invalid")
        assert "không phải thẻ đại biểu hợp lệ" in refused.json()["detail"]

    # Another congress's card, and the same card with this congress's id written in front.
    other = await staged_congress(people)
    foreign = (await _card(people.delegates[0].client, other.id))["token"]
    refused = await _scan(staff, built, foreign)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/card_other_congress")
    assert "đại hội khác" in refused.json()["detail"]
    relabelled = foreign.replace(f"DH1.{other.id}.", f"DH1.{built.id}.")
    refused = await _scan(staff, built, relabelled)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/card_invalid")

    # Expired: the clock at the start of the day after the token's last day.
    card = await _card(people.delegates[0].client, built.id)
    from datetime import datetime

    until = datetime.fromisoformat(card["valid_until"])
    monkeypatch.setattr(cards, "now", lambda: until - timedelta(seconds=1))
    assert (await _scan(staff, built, token)).status_code == 200
    monkeypatch.setattr(cards, "now", lambda: until)
    refused = await _scan(staff, built, card["token"], session=1)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/card_expired")
    assert "hết hạn" in refused.json()["detail"]
    monkeypatch.undo()

    # Reissued: the old card fails, the new one works; only the organisers reissue.
    path = f"/api/congresses/{built.id}/delegates/{built.delegates['d1']}/card/reissue"
    assert (await people.staff.client.post(path)).status_code == 403
    new = await people.organiser.client.post(path)
    assert new.status_code == 200 and new.json()["card_version"] == card["card_version"] + 1
    refused = await _scan(staff, built, card["token"], session=1)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/card_reissued")
    assert "đã được cấp lại" in refused.json()["detail"]
    assert (await _scan(staff, built, new.json()["token"], session=1)).status_code == 200
    mine = await _card(people.delegates[0].client, built.id)
    assert mine["card_version"] == new.json()["card_version"]


async def test_check_in_by_scan_and_by_number_with_counts_quorum_and_events(people, events):
    from backend.congress.tables import Checkin

    built = await staged_congress(people, extra_delegates=3)
    await add_delegate(built.id, "Dự khuyết", kind="du_khuyet")
    await add_delegate(built.id, "Đương nhiên", kind="duong_nhien")
    await add_delegate(built.id, "Vắng cả đại hội", absent_whole=True, absence_reason="Ốm nặng")
    await add_delegate(built.id, "Bị loại", credential_status="khong_hop_le")
    replaced = await add_delegate(built.id, "Được thay", credential_status="da_thay_the")
    await add_delegate(
        built.id, "Dự khuyết thay thế", kind="du_khuyet", code="ALT1", replaces_id=replaced
    )
    stream = f"congress:{built.id}"
    staff = people.staff.client
    url = f"{_url(built)}/checkins"

    token = (await _card(people.delegates[0].client, built.id))["token"]
    first = await staff.post(url, json={"token": token})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["already"] is False and body["method"] == "qr"
    assert body["full_name"] == people.delegates[0].me["full_name"]
    counts = body["attendance"]
    # Summoned: 3 + 3 official, 2 alternates (one replacing the delegate he replaced), 1 ex
    # officio, 1 absent for the whole congress; not the refused one, not the one replaced.
    assert counts["summoned"] == 10
    assert (counts["present"], counts["excused"], counts["absent"]) == (1, 1, 8)
    # Base: the 6 official and 1 ex officio delegates and the alternate who replaced one (not
    # the other alternate, not the one absent for the whole congress): two thirds is 6.
    assert (counts["base"], counts["base_present"], counts["needed"]) == (8, 1, 6)
    assert counts["quorum"] is False
    kinds = {k["kind"]: k for k in counts["by_kind"]}
    assert kinds["chinh_thuc"]["summoned"] == 7 and kinds["chinh_thuc"]["excused"] == 1
    assert kinds["du_khuyet"] == {
        "kind": "du_khuyet", "summoned": 2, "present": 0, "excused": 0, "absent": 2
    }  # fmt: skip

    again = await staff.post(url, json={"token": token})
    assert again.status_code == 200
    assert again.json()["already"] is True and again.json()["at"] == body["at"]
    typed = await staff.post(url, json={"code": "T001"})
    assert typed.json()["already"] is True and typed.json()["method"] == "qr"

    for code in ("T002", " T003 ", "X0000"):
        response = await staff.post(url, json={"code": code})
        assert response.status_code == 200 and response.json()["method"] == "thu_cong"
    four = response.json()["attendance"]
    assert (four["present"], four["base_present"], four["quorum"]) == (4, 4, False)
    response = await staff.post(url, json={"code": "ALT1"})
    last = response.json()["attendance"]
    assert (last["present"], last["base_present"], last["quorum"]) == (5, 5, False)
    response = await staff.post(url, json={"code": "X0001"})
    last = response.json()["attendance"]
    assert (last["present"], last["base_present"], last["quorum"]) == (6, 6, True)
    rows = await Checkin.select(Checkin.delegate).where(Checkin.session == built.sessions[0])
    assert len(rows) == 6

    # One event per new check-in, carrying the counts as they were after it.
    counted = [e for e in await events.read(stream, 0) if e.kind == "checkin.counted"]
    assert [e.data["present"] for e in counted] == [1, 2, 3, 4, 5, 6]
    assert (
        counted[-1].data["quorum"] is True and counted[-1].data["session_id"] == built.sessions[0]
    )

    attendance = await people.chair.client.get(f"{_url(built)}/attendance")
    assert attendance.status_code == 200
    seen = attendance.json()
    assert seen["counts"] == last
    absent = {a["full_name"]: a for a in seen["absent"]}
    assert absent["Vắng cả đại hội"]["presence"] == "vang_co_ly_do"
    assert absent["Vắng cả đại hội"]["reason"] == "Ốm nặng"
    assert "Bị loại" not in absent and "Được thay" not in absent and len(absent) == 4
    # Delegates do not see the roll call; outsiders do not learn the congress exists.
    delegate = await people.delegates[0].client.get(f"{_url(built)}/attendance")
    assert delegate.status_code == 403 and "các ban" in delegate.json()["detail"]
    assert (await people.outsider.client.get(f"{_url(built)}/attendance")).status_code == 404


async def test_who_may_check_in_and_what_is_refused(people):
    built = await staged_congress(people)
    refused_id = await add_delegate(
        built.id,
        "Không đủ tư cách",
        code="R001",
        credential_status="khong_hop_le",
        credential_reason="Đang bị kỷ luật",
    )
    await add_delegate(built.id, "Đã thay", code="R002", credential_status="da_thay_the")
    url = f"{_url(built)}/checkins"

    for someone in (people.delegates[0], people.chair, people.secretary):
        refused = await someone.client.post(url, json={"code": "T001"})
        assert refused.status_code == 403, someone.me["full_name"]
        assert "tổ điểm danh" in refused.json()["detail"]
    assert (await people.outsider.client.post(url, json={"code": "T001"})).status_code == 404
    # The organising committee may check in too.
    assert (await people.organiser.client.post(url, json={"code": "T001"})).status_code == 200

    staff = people.staff.client
    rejected = await staff.post(url, json={"code": "R001"})
    assert rejected.status_code == 409 and rejected.json()["type"].endswith("/credentials_refused")
    assert "Đang bị kỷ luật" in rejected.json()["detail"]
    replaced = await staff.post(url, json={"code": "R002"})
    assert replaced.status_code == 409 and "dự khuyết" in replaced.json()["detail"]
    unknown = await staff.post(url, json={"code": "Z999"})
    assert unknown.status_code == 404 and "Z999" in unknown.json()["detail"]
    for body in ({}, {"code": "T001", "token": "DH1.1.AAAA"}, {"code": "  "}):
        both = await staff.post(url, json=body)
        assert both.status_code == 422 and "một trong hai" in both.json()["detail"]
    assert (await staff.post(url, json={"code": "T002", "extra": 1})).status_code == 400
    assert (
        await staff.post(f"/api/congresses/{built.id}/sessions/2147483647/checkins", json={})
    ).status_code == 404
    # The card of a refused delegate, printed before his credentials were refused, fails too.
    printed = await people.organiser.client.get(
        f"/api/congresses/{built.id}/delegates/{refused_id}/card"
    )
    scanned = await staff.post(url, json={"token": printed.json()["token"]})
    assert scanned.status_code == 409 and scanned.json()["type"].endswith("/credentials_refused")


async def test_a_closed_session_refuses_check_in(people):
    from backend.congress.tables import CongressSessionRow

    built = await staged_congress(people)
    await CongressSessionRow.update({CongressSessionRow.status: "da_be_mac"}).where(
        CongressSessionRow.id == built.sessions[0]
    )
    refused = await people.staff.client.post(f"{_url(built)}/checkins", json={"code": "T001"})
    assert refused.status_code == 409 and refused.json()["type"].endswith("/session_closed")
    assert "đã bế mạc" in refused.json()["detail"]
    # The other session is still open to check-in.
    assert (
        await people.staff.client.post(f"{_url(built, 1)}/checkins", json={"code": "T001"})
    ).status_code == 200


async def test_ten_identical_scans_at_once_make_one_check_in(people, events):
    from backend.congress.tables import Checkin

    built = await staged_congress(people)
    token = (await _card(people.delegates[1].client, built.id))["token"]
    answers = await asyncio.gather(*(_scan(people.staff.client, built, token) for _ in range(10)))
    assert [a.status_code for a in answers] == [200] * 10, [a.text for a in answers]
    bodies = [a.json() for a in answers]
    assert sum(1 for b in bodies if not b["already"]) == 1
    assert len({b["at"] for b in bodies}) == 1
    rows = await Checkin.select().where(
        (Checkin.session == built.sessions[0]) & (Checkin.delegate == built.delegates["d2"])
    )
    assert len(rows) == 1
    counted = [e for e in await events.read(f"congress:{built.id}", 0)]
    assert [e.kind for e in counted] == ["checkin.counted"]


async def test_different_delegates_at_once_each_counted_once(people, events):
    built = await staged_congress(people, extra_delegates=12)
    staff = people.staff.client
    codes = [f"X{i:04d}" for i in range(12)] * 2
    answers = await asyncio.gather(
        *(staff.post(f"{_url(built)}/checkins", json={"code": c}) for c in codes)
    )
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    assert sum(1 for a in answers if not a.json()["already"]) == 12
    counted = await events.read(f"congress:{built.id}", 0)
    # In commit order, each event's count is one more than the one before: no count lost.
    assert [e.data["present"] for e in counted] == list(range(1, 13))


async def test_excused_absence_needs_a_reason(people):
    built = await staged_congress(people)
    url = f"{_url(built)}/absences"
    staff = people.staff.client
    missing = await staff.post(url, json={"delegate_id": built.delegates["d3"], "reason": "  "})
    assert missing.status_code == 422 and "lý do" in missing.json()["detail"]
    excused = await staff.post(
        url, json={"delegate_id": built.delegates["d3"], "reason": "Đi công tác  nước ngoài"}
    )
    assert excused.status_code == 200, excused.text
    body = excused.json()
    assert (body["counts"]["present"], body["counts"]["excused"], body["counts"]["absent"]) == (
        0,
        1,
        2,
    )
    [absent] = [a for a in body["absent"] if a["delegate_id"] == built.delegates["d3"]]
    assert absent["reason"] == "Đi công tác nước ngoài" and absent["presence"] == "vang_co_ly_do"
    # Changing the reason keeps one absence.
    again = await staff.post(url, json={"delegate_id": built.delegates["d3"], "reason": "Ốm"})
    assert again.json()["counts"]["excused"] == 1
    # Present after all: he counts as present, and can no longer be excused.
    await staff.post(f"{_url(built)}/checkins", json={"code": "T003"})
    after = (await staff.get(f"{_url(built)}/attendance")).json()
    assert (after["counts"]["present"], after["counts"]["excused"]) == (1, 0)
    present = await staff.post(url, json={"delegate_id": built.delegates["d3"], "reason": "Ốm"})
    assert present.status_code == 409 and "có mặt" in present.json()["detail"]
    unknown = await staff.post(url, json={"delegate_id": 2147483647, "reason": "Ốm"})
    assert unknown.status_code == 404
    delegate = await people.delegates[0].client.post(
        url, json={"delegate_id": built.delegates["d1"], "reason": "Ốm"}
    )
    assert delegate.status_code == 403
