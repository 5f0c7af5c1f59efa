"""Signing and releasing an outgoing document through the documents API, in the order of Nghị
định 30/2020: the lãnh đạo signs the draft first with a passkey (an approval that leaves the số
and ngày ban hành open); the văn thư then releases it with his own passkey: the number is
allocated, number and date are written in, and the organisation's signature is applied. The
released PDF shows both in place and both signatures verify, with pyHanko, with poppler's
``pdfsig`` and with the public verify endpoint; one changed byte breaks them."""

from __future__ import annotations

import contextlib
import hashlib
import io

import anyio
import pytest
from PIL import Image

from tests.documents_support import make_org, pdf_bytes, person, register
from tests.pdf_readers import pdfsig, pyhanko_offline
from tests.sample_pdfs import text_pdf


@pytest.fixture
async def office(app):
    from backend.signing.authority import CertificateAuthority

    await app.state.services.get(CertificateAuthority).init("Tỉnh ủy Bắc Ninh")
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org(name="Chi bộ Ký Số Thử")
        yield {
            "drafter": await person(app, stack, "Cán Bộ Soạn Ký", ["can_bo"], org),
            "leader": await person(app, stack, "Lãnh Đạo Ký Số", ["lanh_dao", "can_bo"], org),
            "clerk": await person(app, stack, "Văn Thư Phát Hành", ["van_thu", "can_bo"], org),
        }


async def _draft_waiting_for_signature(office, content: bytes | None = None) -> dict:
    drafter = office["drafter"].client
    trich_yeu = "Báo cáo kết quả ứng dụng ký số"
    content = pdf_bytes(trich_yeu, loai="BÁO CÁO", issued=None) if content is None else content
    response = await register(
        drafter, {"direction": "di", "loai": "BC", "trich_yeu": trich_yeu}, content
    )
    assert response.status_code == 201, response.text
    submitted = await drafter.post(f"/api/documents/{response.json()['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    return submitted.json()


async def _ceremony(person, begin_path: str, finish_path: str):
    begin = await person.client.post(begin_path)
    assert begin.status_code == 200, begin.text
    challenge = begin.json()
    assertion = person.authenticator.get(challenge["options"])
    finish = await person.client.post(
        finish_path, json={"ceremony": challenge["ceremony"], "credential": assertion}
    )
    return challenge, finish


async def _sign(office, doc: dict) -> dict:
    path = f"/api/documents/{doc['id']}/sign"
    _, finish = await _ceremony(office["leader"], f"{path}/begin", f"{path}/finish")
    assert finish.status_code == 200, finish.text
    return finish.json()


async def _release(office, doc: dict):
    path = f"/api/documents/{doc['id']}/release"
    return await _ceremony(office["clerk"], f"{path}/begin", f"{path}/finish")


def _newest_signed(doc: dict) -> dict:
    return [f for f in doc["files"] if f["role"] == "signed"][-1]


async def _content(client, file: dict) -> bytes:
    content = (await client.get(f"/api/files/{file['sha256']}")).content
    assert hashlib.sha256(content).hexdigest() == file["sha256"]
    return content


def _fields(pdf: bytes) -> dict:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from backend.signing.form_fields import text_fields

    return text_fields(PdfFileReader(io.BytesIO(pdf)))


def _ink(image, rect, page_height: float, scale: float) -> int:
    """Dark pixels of ``image`` (a rendering of page 1 at ``scale`` pixels per point) inside the
    PDF rectangle ``rect``."""
    x1, y1, x2, y2 = rect
    box = (
        int(x1 * scale),
        int((page_height - y2) * scale),
        int(x2 * scale),
        int((page_height - y1) * scale),
    )
    return sum(image.convert("L").crop(box).histogram()[:128])


def _rendered(pdf: bytes, scale: float = 2.0):
    """Page 1 as a viewer shows it (form fields drawn)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        document.init_forms()
        page = document[0]
        return page.render(scale=scale).to_pil(), page.get_height()
    finally:
        document.close()


async def test_leader_signs_first_then_the_clerk_releases_with_number_and_date(office, app):
    from backend.core.clock import today
    from backend.documents.pdfgen import DATE_FIELD, NUMBER_FIELD, date_words
    from backend.signing.certificates import CertificateService

    doc = await _draft_waiting_for_signature(office)
    assert doc["so"] is None and doc["ky_hieu"] == "" and doc["ngay_ban_hanh"] is None
    leader, clerk = office["leader"], office["clerk"]
    original = next(f for f in doc["files"] if f["role"] == "original")

    # 1. the lãnh đạo's approval: bound to the draft's hash and to what he approves
    challenge, finish = await _ceremony(
        leader, f"/api/documents/{doc['id']}/sign/begin", f"/api/documents/{doc['id']}/sign/finish"
    )
    assert challenge["document_sha256"] == original["sha256"]
    assert challenge["intent"] == "Ký duyệt báo cáo: Báo cáo kết quả ứng dụng ký số"
    assert finish.status_code == 200, finish.text
    signed_doc = finish.json()
    assert signed_doc["status"] == "da_ky" and signed_doc["so"] is None
    assert signed_doc["nguoi_ky"] == "Lãnh Đạo Ký Số"
    signed = _newest_signed(signed_doc)
    assert signed["filename"].endswith("-da-ky.pdf")
    approved = await _content(leader.client, signed)
    report = (
        await leader.client.post(
            "/api/signing/verify", files={"data": ("da-ky.pdf", approved, "application/pdf")}
        )
    ).json()
    assert report["valid"] is True
    assert [s["signer_name"] for s in report["signatures"]] == ["Lãnh Đạo Ký Số"]
    # the number and date are still open in the approved copy
    assert {_fields(approved)[n].value for n in (NUMBER_FIELD, DATE_FIELD)} == {""}

    # the release endpoint of before is gone: the văn thư confirms with his passkey now
    assert (await clerk.client.post(f"/api/documents/{doc['id']}/release")).status_code in (
        404,
        405,
    )

    # 2. the văn thư's release: the number it will take is what he confirms
    challenge, finish = await _release(office, doc)
    assert challenge["document_sha256"] == signed["sha256"]
    assert challenge["intent"] == "Phát hành văn bản số 1-BC/CB"
    assert finish.status_code == 200, finish.text
    released_doc = finish.json()
    assert released_doc["status"] == "da_phat_hanh"
    assert (released_doc["so"], released_doc["ky_hieu"]) == (1, "1-BC/CB")
    assert released_doc["ngay_ban_hanh"] == today().isoformat()
    released_file = _newest_signed(released_doc)
    assert released_file["filename"].endswith("-phat-hanh.pdf")
    released = await _content(clerk.client, released_file)
    assert released.startswith(approved)  # an incremental update of the approved copy

    # the number and date are written in the fields, where the layout prints them
    fields = _fields(released)
    assert fields[NUMBER_FIELD].value == "Số 1-BC/CB"
    assert fields[DATE_FIELD].value == date_words(today())
    after, height = _rendered(released)
    before, _ = _rendered(approved)
    for name in (NUMBER_FIELD, DATE_FIELD):
        assert _ink(after, fields[name].rect, height, 2.0) > _ink(
            before, fields[name].rect, height, 2.0
        )
    number_x, number_y = fields[NUMBER_FIELD].rect[:2]
    date_x, date_y = fields[DATE_FIELD].rect[:2]
    assert number_x < 200 < date_x and number_y > 700 and date_y > 700  # the header: left, right

    # both signatures verify: the public endpoint, pyHanko offline, poppler/NSS
    report = (
        await clerk.client.post(
            "/api/signing/verify", files={"data": ("phat-hanh.pdf", released, "application/pdf")}
        )
    ).json()
    assert report["valid"] is True, report
    approval, seal = report["signatures"]
    assert (approval["signer_name"], seal["signer_name"]) == ("Lãnh Đạo Ký Số", "Chi bộ Ký Số Thử")
    assert seal["organisation"] == "Chi bộ Ký Số Thử"
    assert seal["reason"] == "Phát hành văn bản số 1-BC/CB"
    assert approval["later_changes"] == "Sau khi ký chỉ bổ sung chữ ký khác hoặc điền biểu mẫu."
    assert seal["covers_whole_document"] is True
    roots = await app.state.services.get(CertificateService).trust_roots()
    assert await anyio.to_thread.run_sync(pyhanko_offline, released, roots) == [True, True]
    readers = await anyio.to_thread.run_sync(pdfsig, released, roots)
    assert len(readers) == 2
    for finding in readers:
        assert finding["Signature Validation"] == "Signature is Valid.", finding
        assert finding["Certificate Validation"] == "Certificate is Trusted.", finding

    # one changed byte of the page (covered by both): neither signature holds
    position = released.index(b"stream\n") + 30
    tampered = released[:position] + bytes([released[position] ^ 0x01]) + released[position + 1 :]
    bad = (
        await clerk.client.post(
            "/api/signing/verify", files={"data": ("sua.pdf", tampered, "application/pdf")}
        )
    ).json()
    assert bad["valid"] is False
    assert [s["integrity_ok"] for s in bad["signatures"]] == [False, False]

    # the app's page image shows the number too
    images = []
    for file in (signed, released_file):
        page = await clerk.client.get(
            f"/api/files/{file['sha256']}/pages/1", params={"width": 1080}
        )
        assert page.status_code == 200
        images.append(Image.open(io.BytesIO(page.content)))
    scale = 1080 / 595.28
    ink = [_ink(image, fields[NUMBER_FIELD].rect, height, scale) for image in images]
    assert ink[1] > ink[0], ink

    timeline = (await clerk.client.get(f"/api/documents/{doc['id']}/timeline")).json()
    actions = [e["action"] for e in timeline]
    assert actions.count("status") == 3 and actions.count("signed") == 2
    assert any("cấp số 1-BC/CB" in e["text"] for e in timeline)


async def test_an_uploaded_draft_without_fields_gets_a_stamp_area(office):
    from backend.documents.pdfgen import DATE_FIELD, NUMBER_FIELD
    from backend.documents.release_form import STAMP_TOP

    content = text_pdf("BAO CAO", "Du thao tai len tu may tinh")
    assert _fields(content) == {}
    doc = await _draft_waiting_for_signature(office, content)
    approved_doc = await _sign(office, doc)
    approved = await _content(office["leader"].client, _newest_signed(approved_doc))
    stamp = _fields(approved)
    assert set(stamp) == {NUMBER_FIELD, DATE_FIELD}
    assert stamp[NUMBER_FIELD].rect[3] == pytest.approx(842 - STAMP_TOP, abs=0.01)
    assert stamp[NUMBER_FIELD].look.framed

    _, finish = await _release(office, approved_doc)
    assert finish.status_code == 200, finish.text
    released = await _content(office["clerk"].client, _newest_signed(finish.json()))
    assert _fields(released)[NUMBER_FIELD].value == f"Số {finish.json()['ky_hieu']}"
    after, height = _rendered(released)
    before, _ = _rendered(approved)
    rect = stamp[NUMBER_FIELD].rect
    assert _ink(after, rect, height, 2.0) > _ink(before, rect, height, 2.0)
    report = (
        await office["clerk"].client.post(
            "/api/signing/verify", files={"data": ("a.pdf", released, "application/pdf")}
        )
    ).json()
    assert report["valid"] is True and len(report["signatures"]) == 2


async def test_numbers_go_in_release_order_and_never_to_a_dropped_draft(office):
    first = await _draft_waiting_for_signature(office)
    returned = await office["leader"].client.post(
        f"/api/documents/{first['id']}/return", json={"note": "Bổ sung số liệu."}
    )
    assert returned.status_code == 200 and returned.json()["so"] is None
    second = await _draft_waiting_for_signature(office)
    third = await _draft_waiting_for_signature(office)
    for doc in (second, third):
        signed = await _sign(office, doc)
        assert signed["so"] is None and signed["ky_hieu"] == ""
    # the third is released first: it takes 1; the first, returned, has none
    _, finish = await _release(office, third)
    assert finish.json()["ky_hieu"] == "1-BC/CB"
    _, finish = await _release(office, second)
    assert finish.json()["ky_hieu"] == "2-BC/CB"
    view = (await office["leader"].client.get(f"/api/documents/{first['id']}")).json()
    assert view["status"] == "du_thao" and view["so"] is None


async def test_two_releases_confirming_the_same_number(office):
    """Both văn thư confirm "số 1"; the first release takes it, the second is refused without
    a trace in the register, and confirms "số 2" next."""
    from backend.documents.numbering import last_number
    from backend.orgs.services import organisation_id

    one, two = [await _sign(office, await _draft_waiting_for_signature(office)) for _ in "12"]
    clerk = office["clerk"]
    challenges = []
    for doc in (one, two):
        begin = await clerk.client.post(f"/api/documents/{doc['id']}/release/begin")
        challenges.append(begin.json())
    assert {c["intent"] for c in challenges} == {"Phát hành văn bản số 1-BC/CB"}
    results = []
    for doc, challenge in zip((one, two), challenges, strict=True):
        results.append(
            await clerk.client.post(
                f"/api/documents/{doc['id']}/release/finish",
                json={
                    "ceremony": challenge["ceremony"],
                    "credential": clerk.authenticator.get(challenge["options"]),
                },
            )
        )
    assert results[0].status_code == 200 and results[0].json()["ky_hieu"] == "1-BC/CB"
    assert results[1].status_code == 409, results[1].text
    assert results[1].json()["type"].endswith("/number_taken")
    assert "số 2-BC/CB" in results[1].json()["detail"]
    view = (await clerk.client.get(f"/api/documents/{two['id']}")).json()
    assert view["status"] == "da_ky" and view["so"] is None
    org = await organisation_id(clerk.me["organisation_code"])
    assert await last_number(org, "BC", view["nhiem_ky"]) == 1
    challenge, finish = await _release(office, two)
    assert challenge["intent"] == "Phát hành văn bản số 2-BC/CB"
    assert finish.status_code == 200 and finish.json()["ky_hieu"] == "2-BC/CB"


async def test_the_organisation_signs_with_one_seal(office, app):
    from backend.orgs.services import organisation_id
    from backend.signing.seals import SEAL_PREFIX
    from backend.vault.vault import KeyVault

    serials = []
    for _ in range(2):
        doc = await _sign(office, await _draft_waiting_for_signature(office))
        _, finish = await _release(office, doc)
        released = await _content(office["clerk"].client, _newest_signed(finish.json()))
        report = (
            await office["clerk"].client.post(
                "/api/signing/verify", files={"data": ("a.pdf", released, "application/pdf")}
            )
        ).json()
        serials.append(report["signatures"][1]["certificate_serial"])
    assert serials[0] == serials[1]
    # the văn thư's next confirmation names the organisation's certificate it will sign with
    doc = await _sign(office, await _draft_waiting_for_signature(office))
    begin = await office["clerk"].client.post(f"/api/documents/{doc['id']}/release/begin")
    assert begin.json()["certificate"]["serial"] == serials[0]
    assert begin.json()["certificate"]["subject_name"] == "Chi bộ Ký Số Thử"
    org = await organisation_id(office["clerk"].me["organisation_code"])
    stored = await app.state.services.get(KeyVault).get(f"{SEAL_PREFIX}{org}")
    assert stored is not None and "BEGIN CERTIFICATE" in stored.public
    # at rest the key is sealed with the secret key (the vault opened it for this read)
    from backend.vault.tables import ServerKey

    row = await ServerKey.select(ServerKey.sealed).where(ServerKey.name == f"{SEAL_PREFIX}{org}")
    assert stored.private not in bytes(row[0]["sealed"])


async def test_a_session_alone_cannot_sign_or_release(office):
    doc = await _draft_waiting_for_signature(office)
    leader = office["leader"].client
    forged = await leader.post(
        f"/api/documents/{doc['id']}/sign/finish",
        json={"ceremony": "c" * 30, "credential": {"id": "x", "response": {}}},
    )
    assert forged.status_code in (400, 403), forged.text
    # an assertion made for the intent of another document does not sign this one
    other = await _draft_waiting_for_signature(office)
    challenge = (await leader.post(f"/api/documents/{other['id']}/sign/begin")).json()
    assertion = office["leader"].authenticator.get(challenge["options"])
    misused = await leader.post(
        f"/api/documents/{doc['id']}/sign/finish",
        json={"ceremony": challenge["ceremony"], "credential": assertion},
    )
    assert misused.status_code in (400, 403, 409), misused.text
    for document_id in (doc["id"], other["id"]):
        view = (await leader.get(f"/api/documents/{document_id}")).json()
        assert view["status"] == "cho_ky"
        assert all(f["role"] != "signed" for f in view["files"])

    # the same for the release: a forged finish, then an assertion for another document's
    signed, signed_other = await _sign(office, doc), await _sign(office, other)
    clerk = office["clerk"]
    forged = await clerk.client.post(
        f"/api/documents/{signed['id']}/release/finish",
        json={"ceremony": "c" * 30, "credential": {"id": "x", "response": {}}},
    )
    assert forged.status_code in (400, 403), forged.text
    challenge = (
        await clerk.client.post(f"/api/documents/{signed_other['id']}/release/begin")
    ).json()
    misused = await clerk.client.post(
        f"/api/documents/{signed['id']}/release/finish",
        json={
            "ceremony": challenge["ceremony"],
            "credential": clerk.authenticator.get(challenge["options"]),
        },
    )
    assert misused.status_code in (400, 403, 409), misused.text
    for document_id in (signed["id"], signed_other["id"]):
        view = (await clerk.client.get(f"/api/documents/{document_id}")).json()
        assert view["status"] == "da_ky" and view["so"] is None


async def test_only_a_leader_signs_and_only_the_clerk_releases(office):
    doc = await _draft_waiting_for_signature(office)
    for who in ("drafter", "clerk"):
        response = await office[who].client.post(f"/api/documents/{doc['id']}/sign/begin")
        assert response.status_code == 403
    # before the signature the clerk cannot release either
    early = await office["clerk"].client.post(f"/api/documents/{doc['id']}/release/begin")
    assert early.status_code == 409 and "Chờ ký" in early.json()["detail"]
    signed = await _sign(office, doc)
    assert "release" not in signed["actions"]  # the leader's view
    for who in ("drafter", "leader"):
        response = await office[who].client.post(f"/api/documents/{doc['id']}/release/begin")
        assert response.status_code == 403
    view = (await office["clerk"].client.get(f"/api/documents/{doc['id']}")).json()
    assert "release" in view["actions"]
