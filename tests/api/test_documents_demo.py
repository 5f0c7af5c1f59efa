"""The demo register that ``seed-demo`` ships: a demo login has an inbox."""

from __future__ import annotations


async def test_demo_cadre_has_an_urgent_first_inbox_and_the_leader_a_draft_to_sign(app):
    from backend.accounts.lookup import actor_for
    from backend.documents import queries
    from backend.documents.demo import seed_documents
    from shared.documents import Direction

    cadre = await actor_for("canbo")
    leader = await actor_for("lanhdao")
    page = await queries.inbox(cadre)
    assert len(page.items) >= 3
    first = page.items[0].document
    assert first.do_khan.value == "hoa_toc" and first.ky_hieu == "215-CV/BTCTU"
    assert all(i.document.trich_yeu for i in page.items)
    register = await queries.register(leader, direction=Direction.DI)
    assert any(
        d.status.value == "cho_ky" and d.ky_hieu.endswith("-BC/VPTU") for d in register.items
    )
    hits = await queries.search_documents(leader, "so tay dang vien dien tu")
    assert hits.items and hits.items[0].document.ky_hieu == "45-KH/TU"
    # seeding again adds nothing
    assert await seed_documents(app.state.services) == {"documents": 0}
