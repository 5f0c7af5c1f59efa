"""``dangbo seed-demo`` gives the handbook a chi bộ with members and positions, a past and an
upcoming meeting, the shipped library collection, a study module and a few Q&As; run again, it
adds nothing."""

from __future__ import annotations

from backend.core.clock import now


async def test_the_demo_chi_bo_and_a_second_seed_adds_nothing(settings, app):
    from backend.domains import build_services
    from backend.meetings.tables import Meeting
    from backend.members.demo import CHI_BO
    from backend.members.tables import PartyMember
    from backend.orgs.positions import holders_in
    from backend.orgs.services import organisation_id
    from backend.questions.tables import Question
    from backend.seed import seed_demo
    from shared.meetings import MeetingStatus

    chi_bo = await organisation_id(CHI_BO)
    members = await PartyMember.select().where(PartyMember.organisation == chi_bo)
    assert len(members) == 7
    assert sum(1 for m in members if m["mien_sinh_hoat"]) == 1
    assert sum(1 for m in members if m["user"] is not None) == 4
    assert {h.position_label for h in await holders_in(chi_bo)} == {
        "Bí thư",
        "Phó Bí thư",
        "Chi ủy viên",
    }
    meetings = await Meeting.select().where(Meeting.organisation == chi_bo)
    past = [m for m in meetings if m["starts_at"] < now()]
    upcoming = [m for m in meetings if m["starts_at"] > now()]
    assert any(m["status"] == MeetingStatus.HELD and m["minutes_published_at"] for m in past)
    assert any(m["status"] == MeetingStatus.INVITED for m in upcoming)
    assert await Question.count().where(Question.organisation == chi_bo) >= 3

    again = await seed_demo(build_services(settings))
    handbook = ("positions", "party_members", "meetings", "library_documents", "study_modules",
                "questions")  # fmt: skip
    assert {k: again[k] for k in handbook} == dict.fromkeys(handbook, 0)
