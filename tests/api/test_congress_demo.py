"""``dangbo seed-demo`` gives a provincial congress: 300 delegates in 15 delegations with
kinds, ages, sex and ethnicities, its bodies assigned to demo users and approved, two sessions
with an agenda, a document, speakers and written contributions; run again, it adds nothing."""

from __future__ import annotations

from collections import Counter


async def test_the_demo_congress_and_a_second_seed_adds_nothing(settings, app):
    from backend.accounts.tables import User
    from backend.congress.credentials import base_figures
    from backend.congress.demo import NAME
    from backend.congress.tables import (
        AgendaItemRow,
        BodyApproval,
        BodyMember,
        Congress,
        CongressDocument,
        CongressSessionRow,
        Delegate,
        Speaker,
    )
    from backend.domains import build_services
    from backend.seed import seed_demo
    from shared.congress import APPROVED_BODIES, CongressBody, SpeakerKind

    [congress] = await Congress.select().where(Congress.name == NAME)
    delegates = await Delegate.select().where(Delegate.congress == congress["id"])
    assert len(delegates) == 300
    assert len({d["delegation"] for d in delegates}) == 15
    kinds = Counter(d["kind"] for d in delegates)
    assert kinds == {"chinh_thuc": 245, "duong_nhien": 45, "du_khuyet": 10}
    assert {d["sex"] for d in delegates} == {"nam", "nu"}
    assert len({d["ethnicity"] for d in delegates}) > 1
    assert len({d["full_name"] for d in delegates}) > 200
    assert all(1960 <= d["birth_year"] <= 1995 for d in delegates)
    assert all(d["birth_year"] + 18 <= d["party_joined_year"] for d in delegates)
    # One official absent throughout is replaced by an alternate, one is not.
    assert (await base_figures(congress["id"])).base == 290 - 1

    users = {
        u["username"]: u["id"]
        for u in await User.select(User.id, User.username).where(
            User.username.is_in(["bantochuc", "chutich", "daibieu", "daibieu2", "lanhdao"])
        )
    }
    linked = {d["user"] for d in delegates if d["user"] is not None}
    assert {users["daibieu"], users["daibieu2"], users["chutich"], users["lanhdao"]} == linked
    members = await BodyMember.select().where(BodyMember.congress == congress["id"])
    assert {CongressBody(m["body"]) for m in members} == set(CongressBody)
    assert (CongressBody.ORGANISING.value, users["bantochuc"]) in {
        (m["body"], m["user"]) for m in members
    }
    assert (CongressBody.PRESIDIUM.value, users["chutich"]) in {
        (m["body"], m["user"]) for m in members
    }
    approvals = await BodyApproval.select().where(BodyApproval.congress == congress["id"])
    assert {a["body"] for a in approvals} == {b.value for b in APPROVED_BODIES}
    sessions = await CongressSessionRow.select().where(
        CongressSessionRow.congress == congress["id"]
    )
    assert len(sessions) == 3  # the third holds the polls' items (backend/polls/demo.py)
    items = await AgendaItemRow.select().where(AgendaItemRow.congress == congress["id"])
    assert {i["session"] for i in items} == {s["id"] for s in sessions}
    speakers = await Speaker.select().where(Speaker.congress == congress["id"])
    assert {s["kind"] for s in speakers} == {SpeakerKind.SPEECH, SpeakerKind.WRITTEN}
    assert await CongressDocument.count().where(CongressDocument.congress == congress["id"]) == 1

    again = await seed_demo(build_services(settings))
    assert {k: again[k] for k in ("congresses", "congress_delegates", "congress_documents")} == {
        "congresses": 0,
        "congress_delegates": 0,
        "congress_documents": 0,
    }
    assert await Delegate.count().where(Delegate.congress == congress["id"]) == 300
