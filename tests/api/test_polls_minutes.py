"""The biên bản kiểm phiếu: generated at close into the file store, its text holding the
counts, percentages of the base and the names; downloadable by the congress, not by an
outsider."""

from __future__ import annotations

import contextlib
import io

import pytest
from pypdf import PdfReader

from tests.congress_support import add_body, hall
from tests.polls_support import check_in, close_poll, in_session, make_poll, open_poll, polls_url


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


async def _vote(person, built, poll_id, body):
    response = await person.client.post(f"{polls_url(built, poll_id)}/votes", json=body)
    assert response.status_code == 201, response.text


async def test_resolution_minutes_hold_the_counts(people):
    built = await in_session(people, extra_delegates=3)  # base 6, majority 4
    await check_in(built, "d1", "d2", "d3")
    poll = await make_poll(people, built, title="Thông qua Nghị quyết Đại hội")
    await open_poll(people, built, poll["id"])
    for person, choice in zip(
        people.delegates, ["tan_thanh", "tan_thanh", "khong_tan_thanh"], strict=True
    ):
        await _vote(person, built, poll["id"], {"choice": choice})
    closed = await close_poll(people, built, poll["id"])
    minutes = closed["minutes"]
    assert minutes is not None and len(minutes["sha256"]) == 64
    assert minutes["signers_expected"] == 1 and minutes["signatures"] == []

    got = await people.delegates[0].client.get(f"/api/files/{minutes['sha256']}")
    assert got.status_code == 200, got.text
    assert got.content.startswith(b"%PDF")
    text = _text(got.content)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Thông qua Nghị quyết Đại hội" in text
    assert "Cơ sở tính tỷ lệ (cố định khi mở bỏ phiếu): 6" in text
    assert "Số phiếu tối thiểu để đạt: 4" in text
    # Electronic source and total: issued 3, received 3, valid 3, invalid 0.
    assert "Tổng cộng 3 3 3 0" in text
    # Two of six is 33,33% of the base: not passed.
    assert "2 33,33%" in text and "1 16,67%" in text
    assert "KHÔNG THÔNG QUA" in text
    # The counting board's member, not yet signed.
    assert people.staff.me["full_name"] in text
    assert "Chưa có thành viên nào ký" in text

    outsider = await people.outsider.client.get(f"/api/files/{minutes['sha256']}")
    assert outsider.status_code in (403, 404)


async def test_election_minutes_name_the_elected_and_the_ties(people):
    built = await in_session(people, extra_delegates=1)  # base 4, majority 3
    await check_in(built, "d1", "d2", "d3")
    poll = await make_poll(
        people,
        built,
        kind="bau_cu_so_du",
        title="Bầu Ban Chấp hành",
        seats=2,
        candidates=[{"name": "Nguyễn Văn Ánh"}, {"name": "Trần Thị Bình"}, {"name": "Lê Cường"}],
    )
    ids = [c["id"] for c in poll["candidates"]]
    await open_poll(people, built, poll["id"])
    # Ánh 3, Bình 3, Cường 0: both elected with 75% of the base.
    for person in people.delegates:
        await _vote(person, built, poll["id"], {"kept": ids[:2]})
    closed = await close_poll(people, built, poll["id"])
    data = await people.chair.client.get(f"/api/files/{closed['minutes']['sha256']}")
    assert data.status_code == 200, data.text
    text = _text(data.content)
    assert "Bầu Ban Chấp hành" in text and "Số lượng cần bầu: 2" in text
    assert "Nguyễn Văn Ánh 3 75,00% Trúng cử" in text
    assert "Lê Cường 0 0,00%" in text
    assert "Trúng cử: Nguyễn Văn Ánh, Trần Thị Bình." in text


async def _sign(person, built, poll_id):
    url = f"{polls_url(built, poll_id)}/minutes/sign"
    begin = await person.client.post(f"{url}/begin")
    if begin.status_code != 200:
        return begin, None
    challenge = begin.json()
    finish = await person.client.post(
        f"{url}/finish",
        json={
            "ceremony": challenge["ceremony"],
            "credential": person.authenticator.get(challenge["options"]),
        },
    )
    return finish, challenge


async def _closed_resolution(people):
    built = await in_session(people)
    await add_body(built.id, "kiem_phieu", people.secretary.id)
    await check_in(built, "d1", "d2")
    poll = await make_poll(people, built, title="Biểu quyết chương trình")
    await open_poll(people, built, poll["id"])
    return built, poll


async def test_sign_off_with_a_passkey_once_per_member(people):
    from backend.audit.tables import AuditEvent
    from backend.polls.tables import PollMinutesSignature

    built, poll = await _closed_resolution(people)
    # Before close: no minutes to sign.
    early, _ = await _sign(people.staff, built, poll["id"])
    assert early.status_code == 409, early.text
    await _vote(people.delegates[0], built, poll["id"], {"choice": "tan_thanh"})
    closed = await close_poll(people, built, poll["id"])
    first_sha = closed["minutes"]["sha256"]
    assert closed["minutes"]["signers_expected"] == 2

    # Neither a delegate nor the presidium signs the counting board's minutes.
    for stranger in (people.delegates[0], people.chair):
        refused, _ = await _sign(stranger, built, poll["id"])
        assert refused.status_code == 403, refused.text
    outsider, _ = await _sign(people.outsider, built, poll["id"])
    assert outsider.status_code == 404

    signed, challenge = await _sign(people.staff, built, poll["id"])
    assert signed.status_code == 200, signed.text
    assert challenge["minutes_sha256"] == first_sha
    body = signed.json()
    names = [s["full_name"] for s in body["minutes"]["signatures"]]
    assert names == [people.staff.me["full_name"]]
    second_sha = body["minutes"]["sha256"]
    assert second_sha != first_sha  # regenerated with the sign-off
    text = _text((await people.delegates[1].client.get(f"/api/files/{second_sha}")).content)
    assert f"{people.staff.me['full_name']}: đã ký lúc" in text
    assert "sign_minutes" not in body["actions"]

    again, _ = await _sign(people.staff, built, poll["id"])
    assert again.status_code == 409 and "đã ký" in again.json()["detail"]

    # The next member signs the new hash.
    other, challenge = await _sign(people.secretary, built, poll["id"])
    assert other.status_code == 200, other.text
    assert challenge["minutes_sha256"] == second_sha
    assert len(other.json()["minutes"]["signatures"]) == 2

    rows = await PollMinutesSignature.select().where(PollMinutesSignature.poll == poll["id"])
    assert sorted(r["user"] for r in rows) == sorted([people.staff.id, people.secretary.id])
    audited = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.action == "congress.poll.minutes_signed"
    )
    assert len(audited) >= 2


async def test_the_database_refuses_a_second_signature(people):
    from backend.core.clock import now
    from backend.polls.tables import PollMinutesSignature

    built, poll = await _closed_resolution(people)
    await close_poll(people, built, poll["id"])
    row = PollMinutesSignature(
        poll=poll["id"], user=people.staff.id, credential_id="1", signed_at=now()
    )
    await PollMinutesSignature.insert(row)
    with pytest.raises(Exception, match="(?i)unique"):
        await PollMinutesSignature.insert(
            PollMinutesSignature(
                poll=poll["id"], user=people.staff.id, credential_id="2", signed_at=now()
            )
        )


async def test_a_member_who_began_before_another_signed_confirms_again(people):
    built, poll = await _closed_resolution(people)
    await close_poll(people, built, poll["id"])
    url = f"{polls_url(built, poll['id'])}/minutes/sign"
    late = (await people.secretary.client.post(f"{url}/begin")).json()
    done, _ = await _sign(people.staff, built, poll["id"])
    assert done.status_code == 200, done.text
    stale = await people.secretary.client.post(
        f"{url}/finish",
        json={
            "ceremony": late["ceremony"],
            "credential": people.secretary.authenticator.get(late["options"]),
        },
    )
    assert stale.status_code == 409 and "cập nhật" in stale.json()["detail"]


async def test_a_close_whose_minutes_fail_still_closes_and_the_next_read_makes_them(
    people, monkeypatch
):
    """The close has committed when the minutes are made: their failure is logged, never a
    500, and the poll's next read makes them."""
    from backend.polls import minutes as minutes_module

    built, poll = await _closed_resolution(people)
    real_render = minutes_module.render

    def broken(_content):
        raise OSError("no space left on device")

    monkeypatch.setattr(minutes_module, "render", broken)
    closed = await close_poll(people, built, poll["id"])
    assert closed["status"] == "da_dong"
    assert closed["minutes"] is not None and closed["minutes"]["sha256"] is None

    monkeypatch.setattr(minutes_module, "render", real_render)
    read = await people.delegates[0].client.get(polls_url(built, poll["id"]))
    assert read.status_code == 200, read.text
    sha256 = read.json()["minutes"]["sha256"]
    assert sha256 is not None and len(sha256) == 64
    got = await people.delegates[0].client.get(f"/api/files/{sha256}")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
