"""Preparing polls over the API: rule overrides recorded with their sources, edits and
deletion only in preparation, agenda items of the congress only, the list's actions."""

from __future__ import annotations

import contextlib

import pytest

from tests.congress_support import hall
from tests.polls_support import code_of, in_session, make_poll, open_poll, polls_url


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


async def test_overrides_are_recorded_and_edits_stop_at_opening(people):
    built = await in_session(people)
    poll = await make_poll(
        people,
        built,
        kind="bau_cu_so_du",
        title="Bầu thử có số dư",
        seats=2,
        candidates=[{"name": n} for n in ("Một", "Hai", "Ba")],
        rules={"majority_numerator": 2, "majority_denominator": 3, "max_kept": 1},
    )
    rules = {r["key"]: r for r in poll["rules"]}
    assert rules["majority"]["overridden"] and rules["majority"]["value"] == "Quá 2/3 cơ số"
    assert rules["max_kept"]["overridden"] and rules["max_kept"]["value"] == "1"
    assert not rules["min_kept"]["overridden"] and not rules["base"]["overridden"]
    assert all("190-QĐ/TW" in r["source"] for r in poll["rules"])

    url = polls_url(built, poll["id"])
    edited = await people.organiser.client.patch(
        url, json={"title": "  Bầu   thử  ", "candidates": [{"name": n} for n in "ABCD"]}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "Bầu thử" and len(edited.json()["candidates"]) == 4
    too_few = await people.chair.client.patch(url, json={"seats": 4})
    assert too_few.status_code == 422 and code_of(too_few) == "poll_shape"
    by_delegate = await people.delegates[0].client.patch(url, json={"title": "Khác"})
    assert by_delegate.status_code == 403

    await open_poll(people, built, poll["id"])
    assert (await people.chair.client.patch(url, json={"title": "Muộn"})).status_code == 409
    assert (await people.chair.client.delete(url)).status_code == 409
    reopened = await people.chair.client.post(f"{url}/open")
    assert reopened.status_code == 409


async def test_deleting_in_preparation_and_foreign_items(people):
    built = await in_session(people)
    other = await in_session(people)
    poll = await make_poll(people, built)
    listed = (await people.chair.client.get(polls_url(built))).json()
    assert listed["actions"] == ["prepare"] and [p["id"] for p in listed["items"]] == [poll["id"]]
    assert listed["items"][0]["item_title"] == "Nội dung 1.1"
    assert (await people.chair.client.delete(polls_url(built, poll["id"]))).status_code == 204
    assert (await people.chair.client.get(polls_url(built, poll["id"]))).status_code == 404
    foreign = await people.chair.client.post(
        polls_url(built),
        json={
            "item_id": other.items[other.sessions[0]][0],
            "kind": "bieu_quyet",
            "mode": "cong_khai",
            "title": "Sai đại hội",
        },
    )
    assert foreign.status_code == 404
    # A poll of one congress is not reached through another.
    theirs = await make_poll(people, other)
    assert (await people.chair.client.get(polls_url(built, theirs["id"]))).status_code == 404
    blank = await people.chair.client.post(
        polls_url(built),
        json={"item_id": built.items[built.sessions[0]][0], "kind": "bieu_quyet",
              "mode": "cong_khai", "title": "   "},
    )  # fmt: skip
    assert blank.status_code == 422
