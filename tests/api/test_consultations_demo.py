"""``dangbo seed-demo`` opens the shipped draft to comments with simulator citizens and a few
hundred comments (a campaign of near-duplicates among them); run again, it adds nothing."""

from __future__ import annotations

from collections import Counter


async def test_the_demo_consultation_and_a_second_seed_adds_nothing(settings, app):
    from backend.citizens.keys import CitizenKeys
    from backend.citizens.tables import Citizen
    from backend.consultations.demo import CAMPAIGN, CITIZENS, CONSULTATION_TITLE
    from backend.consultations.tables import Comment, Consultation, DraftUnitRow, UnitVote
    from backend.core.clock import now
    from backend.domains import build_services
    from backend.seed import seed_demo

    [consultation] = await Consultation.select().where(Consultation.title == CONSULTATION_TITLE)
    assert consultation["opens_at"] < now() < consultation["closes_at"]
    units = await DraftUnitRow.select().where(DraftUnitRow.draft == consultation["draft"])
    kinds = Counter(u["kind"] for u in units)
    assert kinds["phan"] == 4 and kinds["diem"] >= 15 and kinds["gach"] >= 8
    comments = await Comment.select().where(Comment.consultation == consultation["id"])
    assert 200 <= len(comments) <= 600
    assert len({c["author_token"] for c in comments}) >= 40
    assert {c["target"] for c in comments} == {"don_vi", "doan_trich", "toan_van"}
    campaign = [c for c in comments if c["text"].lower().rstrip(".!") in CAMPAIGN.lower()]
    assert len(campaign) >= 10
    # Comments carry coarse facts, never a name or a user id.
    assert all(c["commune"] and c["age_band"] for c in comments)
    names = {"Nguyễn", "Trần", "Phạm", "Hoàng"}
    assert not any(n in c["text"] for c in comments for n in names)
    keys = app.state.services.get(CitizenKeys)
    demo = [keys.pid_hash(f"0999{n:08d}") for n in range(CITIZENS)]
    citizens = await Citizen.select().where(Citizen.pid_hash.is_in(demo))
    assert len(citizens) == CITIZENS and all(c["consent_version"] for c in citizens)
    assert await UnitVote.count().where(UnitVote.consultation == consultation["id"]) >= 100

    again = await seed_demo(build_services(settings))
    assert again.get("consultations", 0) == 0 and "comments" not in again
    assert await Comment.count().where(Comment.consultation == consultation["id"]) == len(comments)
