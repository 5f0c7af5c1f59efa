"""The demo register that ``seed-demo`` ships: a demo login has an inbox."""

from __future__ import annotations

import io


async def test_demo_cadre_has_an_urgent_first_inbox_and_the_leader_a_draft_to_sign(app):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from backend.accounts.lookup import actor_for
    from backend.documents import queries
    from backend.documents.demo import seed_documents
    from backend.documents.document_files import original_file
    from backend.documents.pdfgen import DATE_FIELD, NUMBER_FIELD
    from backend.files.services import FileStore
    from backend.signing.form_fields import text_fields
    from shared.documents import Direction

    cadre = await actor_for("canbo")
    leader = await actor_for("lanhdao")
    page = await queries.inbox(cadre)
    assert len(page.items) >= 3
    first = page.items[0].document
    assert first.do_khan.value == "hoa_toc" and first.ky_hieu == "215-CV/BTCTU"
    assert all(i.document.trich_yeu for i in page.items)
    register = await queries.register(leader, direction=Direction.DI)
    # the draft waits for the leader's signature; its number comes when it is released
    drafts = [d for d in register.items if d.status.value == "cho_ky" and d.ky_hieu == ""]
    assert drafts
    # in the app's own layout: the số and ngày ban hành are the fields the release fills
    original = await original_file(drafts[0].id)
    pdf = await app.state.services.get(FileStore).read(original["sha256"])
    assert set(text_fields(PdfFileReader(io.BytesIO(pdf)))) == {NUMBER_FIELD, DATE_FIELD}
    hits = await queries.search_documents(leader, "so tay dang vien dien tu")
    assert hits.items and hits.items[0].document.ky_hieu == "45-KH/TU"
    # seeding again adds nothing
    assert await seed_documents(app.state.services) == {"documents": 0}
