"""The biên bản kiểm phiếu: generated at close into the file store, its text holding the
counts, percentages of the base and the names; downloadable by the congress, not by an
outsider."""

from __future__ import annotations

import contextlib
import io

import pytest
from pypdf import PdfReader

from tests.congress_support import hall
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
