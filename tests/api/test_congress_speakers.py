"""Speakers over the API: delegates ask to speak (refused on a closed item), file written
contributions that the secretariat approves or declines with a note; the presidium orders the
list, gives the floor (one speaker at a time) and ends speeches with their time; a delegate
withdraws his own request. Each change is a ``speakers.changed`` event; the delegate is
notified when his contribution is reviewed and when he is given the floor."""

from __future__ import annotations

import contextlib
import hashlib

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


def _type(response) -> str:
    return response.json()["type"].rsplit("/", 1)[1]


async def _running(people, **kwargs):
    """A congress whose first session is open (its first item current)."""
    built = await staged_congress(people, **kwargs)
    opened = await people.chair.client.post(
        f"/api/congresses/{built.id}/sessions/{built.sessions[0]}/open"
    )
    assert opened.status_code == 200, opened.text
    return built


def _items(built, session: int = 0) -> list[int]:
    return built.items[built.sessions[session]]


async def _ask(person, built, item_id: int, minutes: int | None = 5):
    body = {"planned_minutes": minutes} if minutes else {}
    return await person.client.post(
        f"/api/congresses/{built.id}/items/{item_id}/speakers", json=body
    )


async def _notes(person) -> list[dict]:
    return (await person.client.get("/api/notifications")).json()["items"]


async def test_the_list_from_request_to_speech(people, events):
    built = await _running(people)
    item = _items(built)[0]
    base = f"/api/congresses/{built.id}"
    d1, d2, d3 = people.delegates

    asked = [await _ask(d, built, item) for d in (d1, d2, d3)]
    assert [a.status_code for a in asked] == [201] * 3, asked[-1].text
    listed = asked[-1].json()
    assert [s["full_name"] for s in listed["speakers"]] == [
        d.me["full_name"] for d in asked and (d1, d2, d3)
    ]
    assert [s["position"] for s in listed["speakers"]] == [1, 2, 3]
    assert listed["actions"] == ["request_to_speak"]
    ids = [s["id"] for s in listed["speakers"]]
    twice = await _ask(d1, built, item)
    assert twice.status_code == 409 and "đã đăng ký" in twice.json()["detail"]

    # The presidium orders the list: every queued request exactly once.
    order = f"{base}/items/{item}/speakers/order"
    partial = await people.chair.client.put(order, json={"speaker_ids": ids[:2]})
    assert partial.status_code == 422 and "đúng mỗi đại biểu" in partial.json()["detail"]
    doubled = await people.chair.client.put(order, json={"speaker_ids": [ids[0], *ids]})
    assert doubled.status_code == 422
    assert (await people.secretary.client.put(order, json={"speaker_ids": ids})).status_code == 403
    ordered = await people.chair.client.put(order, json={"speaker_ids": [ids[2], ids[0], ids[1]]})
    assert ordered.status_code == 200, ordered.text
    assert [s["id"] for s in ordered.json()["speakers"]] == [ids[2], ids[0], ids[1]]
    assert ordered.json()["actions"] == ["give_floor"]

    # The floor: one at a time; giving it to the next finishes the one speaking.
    floor = await people.chair.client.post(f"{base}/speakers/{ids[2]}/floor")
    assert floor.status_code == 200, floor.text
    speaking = floor.json()["speakers"][0]
    assert speaking["id"] == ids[2] and speaking["status"] == "dang_phat_bieu"
    assert speaking["floor_at"] is not None
    live = (await d1.client.get(f"{base}/live")).json()
    assert live["speaker"]["full_name"] == d3.me["full_name"]
    assert [s["id"] for s in live["next_speakers"]] == [ids[0], ids[1]]
    told = await _notes(d3)
    assert told[0]["title"] == "Mời đồng chí phát biểu" and told[0]["kind"] == "dai_hoi"
    assert told[0]["urgent"] is True

    nxt = await people.chair.client.post(f"{base}/speakers/{ids[0]}/floor")
    by_id = {s["id"]: s for s in nxt.json()["speakers"]}
    assert by_id[ids[2]]["status"] == "da_phat_bieu" and by_id[ids[2]]["finished_at"]
    assert by_id[ids[0]]["status"] == "dang_phat_bieu"
    again = await people.chair.client.post(f"{base}/speakers/{ids[2]}/floor")
    assert again.status_code == 409 and "Đã phát biểu" in again.json()["detail"]

    # Ending a speech records its time against the plan.
    ended = await people.chair.client.post(f"{base}/speakers/{ids[0]}/finish")
    assert ended.status_code == 200
    done = {s["id"]: s for s in ended.json()["speakers"]}[ids[0]]
    assert done["status"] == "da_phat_bieu" and done["planned_minutes"] == 5
    assert done["elapsed_minutes"] is not None and 0 <= done["elapsed_minutes"] < 1
    not_speaking = await people.chair.client.post(f"{base}/speakers/{ids[0]}/finish")
    assert not_speaking.status_code == 409 and _type(not_speaking) == "not_speaking"
    assert (
        await people.secretary.client.post(f"{base}/speakers/{ids[1]}/floor")
    ).status_code == 403
    assert (await d2.client.post(f"{base}/speakers/{ids[1]}/floor")).status_code == 403

    log = [e for e in await events.read(f"congress:{built.id}", 0) if e.kind == "speakers.changed"]
    # Three requests, one order, two floors, one end.
    assert len(log) == 7
    assert log[3].data["next_speakers"][0]["id"] == ids[2]
    assert log[4].data["speaker"]["id"] == ids[2] and log[4].data["item_id"] == item
    assert log[6].data["speaker"] is None and log[6].data["changed"] == {
        "id": ids[0],
        "delegate_id": built.delegates["d1"],
        "kind": "phat_bieu",
        "status": "da_phat_bieu",
    }


async def test_speaking_requests_on_a_closed_item_are_refused(people):
    built = await _running(people)
    first, second, _ = _items(built)
    moved = await people.chair.client.post(
        f"/api/congresses/{built.id}/agenda/move", json={"to": "next"}
    )
    assert moved.status_code == 200
    closed = await _ask(people.delegates[0], built, first)
    assert closed.status_code == 409 and _type(closed) == "item_closed"
    assert closed.json()["detail"] == "Nội dung này đã kết thúc, không đăng ký phát biểu được nữa."
    written = await people.delegates[0].client.post(
        f"/api/congresses/{built.id}/items/{first}/contributions", json={"title": "Tham luận"}
    )
    assert written.status_code == 409 and _type(written) == "item_closed"
    from backend.congress.tables import AgendaItemRow

    await AgendaItemRow.update({AgendaItemRow.speaking_open: False}).where(
        AgendaItemRow.id == second
    )
    locked = await _ask(people.delegates[0], built, second)
    assert locked.status_code == 409 and "khóa đăng ký" in locked.json()["detail"]
    # The list of a closed item still reads, without the request action.
    listed = await people.delegates[0].client.get(
        f"/api/congresses/{built.id}/items/{first}/speakers"
    )
    assert listed.status_code == 200 and listed.json()["actions"] == []


async def test_who_may_ask_to_speak(people):
    built = await _running(people)
    item = _items(built)[0]
    await add_delegate(
        built.id, "Người bị loại", user_id=people.outsider.id, credential_status="khong_hop_le"
    )
    refused = await _ask(people.outsider, built, item)
    assert refused.status_code == 403 and "đủ tư cách" in refused.json()["detail"]
    chair = await _ask(people.chair, built, item)
    assert chair.status_code == 403
    missing = await _ask(people.delegates[0], built, 2147483647)
    assert missing.status_code == 404
    other = await staged_congress(people)
    foreign_item = _items(other)[0]
    crossed = await _ask(people.delegates[0], built, foreign_item)
    assert crossed.status_code == 404
    too_long = await _ask(people.delegates[0], built, item, minutes=500)
    assert too_long.status_code == 400


async def test_written_contributions_are_reviewed_by_the_secretariat(people, events):
    built = await _running(people)
    item = _items(built)[1]
    base = f"/api/congresses/{built.id}"
    d1, d2, _ = people.delegates
    path = f"{base}/items/{item}/contributions"
    blank = await d1.client.post(path, json={"title": "   "})
    assert blank.status_code == 422 and "tiêu đề" in blank.json()["detail"]
    filed = await d1.client.post(
        path, json={"title": "Nâng cao chất lượng  sinh hoạt chi bộ", "summary": "Tóm tắt."}
    )
    assert filed.status_code == 201, filed.text
    [entry] = filed.json()["speakers"]
    assert entry["kind"] == "tham_luan" and entry["status"] == "cho_duyet"
    assert entry["title"] == "Nâng cao chất lượng sinh hoạt chi bộ"
    # Every subscriber learns that the list changed, not the waiting paper's title.
    [filed_event] = [
        e for e in await events.read(f"congress:{built.id}", 0) if e.kind == "speakers.changed"
    ]
    assert filed_event.data["changed"]["id"] == entry["id"]
    assert "sinh hoạt" not in str(filed_event.data) and "Tóm tắt" not in str(filed_event.data)
    other = await d2.client.post(path, json={"title": "Công tác kiểm tra"})
    other_id = [s for s in other.json()["speakers"] if s["full_name"] == d2.me["full_name"]][0]
    # Another delegate does not see a paper still waiting; the secretariat sees both.
    seen = (await d2.client.get(f"{base}/items/{item}/speakers")).json()["speakers"]
    assert [s["full_name"] for s in seen] == [d2.me["full_name"]]
    kept = (await people.secretary.client.get(f"{base}/items/{item}/speakers")).json()
    assert len(kept["speakers"]) == 2 and kept["actions"] == ["keep_speakers"]

    review = f"{base}/speakers/{entry['id']}/review"
    assert (await people.chair.client.post(review, json={"approve": True})).status_code == 403
    assert (await d1.client.post(review, json={"approve": True})).status_code == 403
    no_note = await people.secretary.client.post(review, json={"approve": False})
    assert no_note.status_code == 422 and "lý do" in no_note.json()["detail"]
    approved = await people.secretary.client.post(
        review, json={"approve": True, "planned_minutes": 7}
    )
    assert approved.status_code == 200, approved.text
    mine = {s["id"]: s for s in approved.json()["speakers"]}[entry["id"]]
    assert mine["status"] == "trong_danh_sach" and mine["planned_minutes"] == 7
    twice = await people.secretary.client.post(review, json={"approve": False, "note": "x"})
    assert twice.status_code == 409 and "không xét duyệt lại" in twice.json()["detail"]
    told = await _notes(d1)
    assert told[0]["title"] == "Tham luận của đồng chí đã được duyệt"

    declined = await people.secretary.client.post(
        f"{base}/speakers/{other_id['id']}/review",
        json={"approve": False, "note": "Trùng nội dung với tham luận khác"},
    )
    assert declined.status_code == 200
    told = await _notes(d2)
    assert told[0]["title"] == "Tham luận của đồng chí không được duyệt"
    assert told[0]["body"] == "Trùng nội dung với tham luận khác"

    # A speech request is not reviewed by the secretariat.
    asked = await _ask(d2, built, item)
    speech = [s for s in asked.json()["speakers"] if s["kind"] == "phat_bieu"][0]
    not_paper = await people.secretary.client.post(
        f"{base}/speakers/{speech['id']}/review", json={"approve": True}
    )
    assert not_paper.status_code == 409 and "Chỉ tham luận" in not_paper.json()["detail"]
    # The approved paper is on the list, after no one; the floor only on the current item.
    not_current = await people.chair.client.post(f"{base}/speakers/{entry['id']}/floor")
    assert not_current.status_code == 409 and "đang diễn ra" in not_current.json()["detail"]


async def test_a_delegate_withdraws_only_his_own_request(people):
    built = await _running(people)
    item = _items(built)[0]
    base = f"/api/congresses/{built.id}"
    asked = await _ask(people.delegates[0], built, item)
    [mine] = asked.json()["speakers"]
    assert mine["actions"] == ["withdraw_speech"]
    seen = (await people.delegates[1].client.get(f"{base}/items/{item}/speakers")).json()
    assert seen["speakers"][0]["id"] == mine["id"] and seen["speakers"][0]["actions"] == []
    path = f"{base}/speakers/{mine['id']}/withdraw"
    other = await people.delegates[1].client.post(path)
    assert other.status_code == 403 and "chính mình" in other.json()["detail"]
    assert (await people.chair.client.post(path)).status_code == 403
    withdrawn = await people.delegates[0].client.post(path)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["speakers"][0]["status"] == "da_rut"
    assert withdrawn.json()["speakers"][0]["actions"] == []
    again = await people.delegates[0].client.post(path)
    assert again.status_code == 409 and "không rút được" in again.json()["detail"]
    # He may ask again after withdrawing.
    assert (await _ask(people.delegates[0], built, item)).status_code == 201
    # Moving on ends whoever speaks.
    [queued] = [
        s
        for s in (await people.chair.client.get(f"{base}/items/{item}/speakers")).json()["speakers"]
        if s["status"] == "trong_danh_sach"
    ]
    await people.chair.client.post(f"{base}/speakers/{queued['id']}/floor")
    moved = await people.chair.client.post(f"{base}/agenda/move", json={"to": "next"})
    assert moved.json()["speaker"] is None
    after = (await people.chair.client.get(f"{base}/items/{item}/speakers")).json()
    assert {s["id"]: s["status"] for s in after["speakers"]}[queued["id"]] == "da_phat_bieu"


async def test_a_contribution_s_text_is_attached_through_the_classification_gate(people):
    from backend.files.tables import StoredFile
    from tests.documents_support import pdf_bytes
    from tests.sample_pdfs import scanned_pdf

    built = await _running(people)
    item = _items(built)[0]
    base = f"/api/congresses/{built.id}"
    d1, d2, _ = people.delegates
    filed = await d1.client.post(
        f"{base}/items/{item}/contributions", json={"title": "Tham luận có toàn văn"}
    )
    [paper] = filed.json()["speakers"]
    assert paper["actions"] == ["withdraw_speech", "attach_paper"] and paper["sha256"] is None
    path = f"{base}/speakers/{paper['id']}/file"

    def form(content: bytes, name: str = "tham-luan.pdf"):
        return {"files": {"file": (name, content, "application/pdf")}}

    secret = pdf_bytes("về công tác xây dựng Đảng", stamp="MẬT")
    refused = await d1.client.post(path, **form(secret))
    assert refused.status_code == 422 and _type(refused) == "classified"
    assert "không có gì được lưu" in refused.json()["detail"]
    assert (
        await StoredFile.count().where(StoredFile.sha256 == hashlib.sha256(secret).hexdigest()) == 0
    )
    scan = await d1.client.post(path, **form(scanned_pdf()))
    assert scan.status_code == 422 and _type(scan) == "classification_question"
    not_pdf = await d1.client.post(path, **form(b"not a pdf at all"))
    assert not_pdf.status_code == 422
    other = await d2.client.post(path, **form(pdf_bytes("khác")))
    assert other.status_code == 403 and "của chính mình" in other.json()["detail"]

    attached = await d1.client.post(path, **form(pdf_bytes("về nâng cao chất lượng"), "tham-luan"))
    assert attached.status_code == 200, attached.text
    [entry] = attached.json()["speakers"]
    assert entry["filename"] == "tham-luan.pdf" and len(entry["sha256"]) == 64
    blob = f"/api/files/{entry['sha256']}"
    # Its delegate and the congress's bodies read it; another delegate and outsiders do not.
    assert (await d1.client.get(blob)).status_code == 200
    assert (await people.secretary.client.get(blob)).status_code == 200
    assert (await d2.client.get(blob)).status_code in (403, 404)
    assert (await people.outsider.client.get(blob)).status_code in (403, 404)

    reviewed = await people.secretary.client.post(
        f"{base}/speakers/{paper['id']}/review", json={"approve": True}
    )
    assert reviewed.status_code == 200
    late = await d1.client.post(path, **form(pdf_bytes("bản sửa")))
    assert late.status_code == 409 and _type(late) == "paper_reviewed"
    speech = await _ask(d1, built, item)
    [request] = [s for s in speech.json()["speakers"] if s["kind"] == "phat_bieu"]
    not_paper = await d1.client.post(f"{base}/speakers/{request['id']}/file", **form(b"x"))
    assert not_paper.status_code == 409 and "Chỉ tham luận" in not_paper.json()["detail"]


async def test_a_delegate_reads_his_own_requests_and_withdraws_a_waiting_one(people):
    """``GET …/speakers/mine``: his requests and papers across the congress, newest first,
    with their items and statuses; withdrawing is offered only while one waits."""
    built = await _running(people)
    first, second = _items(built)[0], _items(built)[1]
    base = f"/api/congresses/{built.id}"
    d1, d2, _ = people.delegates
    mine = f"{base}/speakers/mine"
    assert (await d1.client.get(mine)).json() == {"requests": []}

    spoken = (await _ask(d1, built, first)).json()["speakers"][0]
    filed = await d1.client.post(
        f"{base}/items/{second}/contributions", json={"title": "Công tác dân vận"}
    )
    paper = [s for s in filed.json()["speakers"] if s["kind"] == "tham_luan"][0]
    await _ask(d2, built, first)  # another delegate's request is not his
    declined = await people.secretary.client.post(
        f"{base}/speakers/{paper['id']}/review", json={"approve": False, "note": "Trùng ý"}
    )
    assert declined.status_code == 200

    listed = (await d1.client.get(mine)).json()["requests"]
    assert [r["id"] for r in listed] == [paper["id"], spoken["id"]]
    by_id = {r["id"]: r for r in listed}
    assert by_id[paper["id"]]["status"] == "khong_duyet"
    assert by_id[paper["id"]]["review_note"] == "Trùng ý"
    assert by_id[paper["id"]]["actions"] == []
    assert by_id[spoken["id"]]["status"] == "trong_danh_sach"
    assert by_id[spoken["id"]]["actions"] == ["withdraw_speech"]
    sessions = (await d1.client.get(base)).json()["sessions"]
    items = {i["id"]: i["title"] for s in sessions for i in s["items"]}
    assert by_id[spoken["id"]]["item_title"] == items[first]
    assert by_id[paper["id"]]["item_title"] == items[second]
    assert by_id[spoken["id"]]["session_title"] == sessions[0]["title"]

    withdrawn = await d1.client.post(f"{base}/speakers/{spoken['id']}/withdraw")
    assert withdrawn.status_code == 200
    after = {r["id"]: r for r in (await d1.client.get(mine)).json()["requests"]}
    assert after[spoken["id"]]["status"] == "da_rut" and after[spoken["id"]]["actions"] == []
    # The bodies, who are no delegates, have no requests; a stranger gets the congress's 404.
    assert (await people.secretary.client.get(mine)).json() == {"requests": []}
    assert (await people.outsider.client.get(mine)).status_code == 404
