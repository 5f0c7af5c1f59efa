"""Signing an outgoing document through the documents API: numbered at submission, signed by a
lãnh đạo with a fresh passkey assertion bound to the PDF's SHA-256 and the intent, released by
the văn thư; the signed copy verifies, and one changed byte does not."""

from __future__ import annotations

import contextlib
import hashlib

import pytest

from tests.documents_support import make_org, pdf_bytes, person, register


@pytest.fixture
async def office(app):
    from backend.signing.authority import CertificateAuthority

    await app.state.services.get(CertificateAuthority).init("Tỉnh ủy Bắc Ninh")
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        yield {
            "drafter": await person(app, stack, "Cán Bộ Soạn Ký", ["can_bo"], org),
            "leader": await person(app, stack, "Lãnh Đạo Ký Số", ["lanh_dao", "can_bo"], org),
            "clerk": await person(app, stack, "Văn Thư Phát Hành", ["van_thu", "can_bo"], org),
        }


async def _draft_waiting_for_signature(office) -> dict:
    drafter = office["drafter"].client
    response = await register(
        drafter,
        {"direction": "di", "loai": "BC", "trich_yeu": "Báo cáo kết quả ứng dụng ký số"},
        pdf_bytes("Báo cáo kết quả ứng dụng ký số", loai="BÁO CÁO"),
    )
    assert response.status_code == 201, response.text
    submitted = await drafter.post(f"/api/documents/{response.json()['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    return submitted.json()


async def test_leader_signs_with_a_passkey_and_the_clerk_releases(office):
    doc = await _draft_waiting_for_signature(office)
    leader = office["leader"]
    original = next(f for f in doc["files"] if f["role"] == "original")

    begin = await leader.client.post(f"/api/documents/{doc['id']}/sign/begin")
    assert begin.status_code == 200, begin.text
    challenge = begin.json()
    assert challenge["document_sha256"] == original["sha256"]
    assert challenge["intent"] == f"Ký văn bản số {doc['ky_hieu']}"

    assertion = leader.authenticator.get(challenge["options"])
    finish = await leader.client.post(
        f"/api/documents/{doc['id']}/sign/finish",
        json={"ceremony": challenge["ceremony"], "credential": assertion},
    )
    assert finish.status_code == 200, finish.text
    signed_doc = finish.json()
    assert signed_doc["status"] == "da_ky"
    assert signed_doc["nguoi_ky"] == "Lãnh Đạo Ký Số"
    signed = next(f for f in signed_doc["files"] if f["role"] == "signed")
    assert signed["filename"].endswith("-da-ky.pdf")

    content = (await leader.client.get(f"/api/files/{signed['sha256']}")).content
    assert hashlib.sha256(content).hexdigest() == signed["sha256"]
    report = await leader.client.post(
        "/api/signing/verify", files={"data": ("da-ky.pdf", content, "application/pdf")}
    )
    assert report.status_code == 200, report.text
    assert report.json()["valid"] is True
    assert report.json()["signatures"][0]["signer_name"] == "Lãnh Đạo Ký Số"

    # one byte of the page's content stream (covered by the signature) changed
    position = content.index(b"stream\n") + 30
    tampered = content[:position] + bytes([content[position] ^ 0x01]) + content[position + 1 :]
    bad = await leader.client.post(
        "/api/signing/verify", files={"data": ("sua.pdf", tampered, "application/pdf")}
    )
    assert bad.status_code == 200, bad.text
    assert bad.json()["valid"] is False
    assert bad.json()["signatures"][0]["integrity_ok"] is False

    released = await office["clerk"].client.post(f"/api/documents/{doc['id']}/release")
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "da_phat_hanh"
    assert released.json()["ngay_ban_hanh"] is not None
    timeline = (await office["clerk"].client.get(f"/api/documents/{doc['id']}/timeline")).json()
    assert [e["action"] for e in timeline].count("status") == 3
    assert "signed" in [e["action"] for e in timeline]


async def test_a_session_alone_cannot_sign(office):
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


async def test_only_a_leader_of_the_organisation_signs(office):
    doc = await _draft_waiting_for_signature(office)
    for who in ("drafter", "clerk"):
        response = await office[who].client.post(f"/api/documents/{doc['id']}/sign/begin")
        assert response.status_code == 403
