"""``dangbo seed-demo`` gives the demo congress its polls: a resolution vote and the bí thư's
election (one candidate, one seat) in preparation, and the election of 15 from 18 on paper,
open with its ballots handed out and totals entered, which add up and elect 15; run again, it
adds nothing."""

from __future__ import annotations


async def test_the_demo_polls_and_a_second_seed_adds_nothing(settings, app):
    from backend.congress.demo import NAME
    from backend.congress.tables import Congress
    from backend.domains import build_services
    from backend.polls.detail import candidates_of, result_of, sources_of
    from backend.polls.tables import Poll, PollParticipation
    from backend.seed import seed_demo

    [congress] = await Congress.select().where(Congress.name == NAME)
    polls = {
        p["kind"]: p
        for p in await Poll.select().where(Poll.congress == congress["id"]).order_by(Poll.id)
    }
    assert set(polls) == {"bieu_quyet", "bau_cu_so_du", "bau_cu_khong_so_du"}
    assert polls["bieu_quyet"]["status"] == "chuan_bi"
    secretary = polls["bau_cu_khong_so_du"]
    assert secretary["seats"] == 1 and len(await candidates_of(secretary["id"])) == 1

    election = polls["bau_cu_so_du"]
    assert (election["seats"], election["mode"], election["status"]) == (15, "giay", "dang_mo")
    candidates = await candidates_of(election["id"])
    assert len(candidates) == 18
    assert election["base"] == 289  # 290 officials, one absent throughout with no alternate
    handed = await PollParticipation.count().where(PollParticipation.poll == election["id"])
    sources = await sources_of(election["id"])
    assert [s.source for s in sources] == ["giay"] and sources[0].issued == handed == 270
    assert sources[0].received == sources[0].valid + sources[0].invalid
    result = result_of(election, candidates, sources)
    assert len(result.elected) == 15 and result.ties == [] and result.majority == 145
    assert all(c.votes >= 145 for c in result.candidates if c.elected)

    again = await seed_demo(build_services(settings))
    assert again["polls"] == 0
    assert await Poll.count().where(Poll.congress == congress["id"]) == 3
