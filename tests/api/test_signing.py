"""Signing (ký số): the local CA, remote signing gated by a passkey assertion, verification."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import msgspec
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from backend.accounts.sessions import SessionService
from backend.core.clock import now
from backend.core.problems import Problem
from backend.signing.certificates import CertificateService
from backend.signing.signer import SigningService
from backend.signing.verification import VerificationService
from tests.conftest import ORIGIN, make_client, prime_csrf
from tests.helpers import new_user
from tests.sample_pdfs import text_pdf

INTENT = "Ký văn bản số 15-KH/TU"


# ---- fixtures and helpers -----------------------------------------------------------------


@pytest.fixture
async def signing(app):
    """The app's signing service, with the local CA in place (created once per run)."""
    from backend.signing.authority import CertificateAuthority

    await app.state.services.get(CertificateAuthority).init("Tỉnh ủy Bắc Ninh")
    return app.state.services.get(SigningService)


async def our_ca(app) -> x509.Certificate:
    from backend.signing.authority import CertificateAuthority

    certificate = await app.state.services.get(CertificateAuthority).certificate()
    assert certificate is not None
    return certificate


@pytest.fixture
def certificates(app) -> CertificateService:
    return app.state.services.get(CertificateService)


@pytest.fixture
def verification(app) -> VerificationService:
    return app.state.services.get(VerificationService)


async def current_user(app, client):
    user = await app.state.services.get(SessionService).resolve(
        client.cookies.get("dangbo_session")
    )
    assert user is not None
    return user


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


async def audit_actions(actor_id: int) -> list[str]:
    from backend.audit.tables import AuditEvent

    rows = await AuditEvent.select(AuditEvent.action).where(AuditEvent.actor_id == actor_id)
    return [r["action"] for r in rows]


async def sign_with_passkey(signing, user, authenticator, pdf: bytes, intent: str = INTENT):
    from backend.accounts.identity import Client

    user = user.coming_from(Client(ip="127.0.0.1"))
    challenge = await signing.begin_signing(user, sha256(pdf), intent)
    assertion = authenticator.get(challenge.options)
    return await signing.finish_signing(user, challenge.ceremony, assertion, pdf, intent)


async def pyhanko_status(signed: bytes, roots: list[x509.Certificate]):
    """Validate with pyHanko directly: an independent check of what our verifier says."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(signed))
    context = ValidationContext(
        trust_roots=[
            asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in roots
        ]
    )
    return [await async_validate_pdf_signature(sig, context) for sig in reader.embedded_signatures]


def tamper(signed: bytes, marker: bytes) -> bytes:
    """Change one byte inside the signed range: the first byte of ``marker``'s last copy."""
    at = signed.rfind(marker)
    assert at > 0
    changed = bytearray(signed)
    changed[at] = changed[at] ^ 0x01
    return bytes(changed)


class ForeignCA:
    """A CA that is not ours (RSA, with an intermediate), like a public CA's chain."""

    def __init__(self) -> None:
        issued = now()
        self.root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Root CA Thử nghiệm")])
        self.root = self._cert(
            root_name, root_name, self.root_key.public_key(), self.root_key, issued, ca=True
        )
        self.sub_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        sub_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sub CA Thử nghiệm")])
        self.sub = self._cert(
            sub_name, root_name, self.sub_key.public_key(), self.root_key, issued, ca=True
        )

    @staticmethod
    def _cert(subject, issuer, public_key, signing_key, issued, *, ca: bool):
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(issued - timedelta(minutes=5))
            .not_valid_after(issued + timedelta(days=365))
            .add_extension(
                x509.BasicConstraints(ca=ca, path_length=None if not ca else 1), critical=True
            )
            .add_extension(
                x509.KeyUsage(
                    digital_signature=not ca,
                    content_commitment=not ca,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=ca,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
        )
        if not ca:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
        return builder.sign(signing_key, hashes.SHA256())

    def issue(self, full_name: str) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cơ quan khác"),
                x509.NameAttribute(NameOID.COMMON_NAME, full_name),
            ]
        )
        cert = self._cert(
            subject, self.sub.subject, key.public_key(), self.sub_key, now(), ca=False
        )
        return cert, key

    def bundle(self, path: Path) -> Path:
        path.write_bytes(self.root.public_bytes(serialization.Encoding.PEM))
        return path


async def sign_elsewhere(pdf: bytes, cert, key, chain) -> bytes:
    """Sign with pyHanko outside our service, as another organisation's software would."""
    import anyio

    from backend.signing.pdf import SigningMaterial, sign_pdf_bytes

    return await anyio.to_thread.run_sync(
        lambda: sign_pdf_bytes(
            pdf,
            SigningMaterial(cert, key, tuple(chain)),
            reason="Phát hành",
            location=None,
            trust_roots=[],
            crls=[],
        )
    )


async def verify_upload(client, content: bytes, name: str = "van-ban.pdf"):
    return await client.post(
        "/api/signing/verify", files={"data": (name, content, "application/pdf")}
    )


# ---- the CA ---------------------------------------------------------------------------------


async def test_ca_init_creates_a_proper_root_and_keeps_it(app, settings):
    from backend.signing import ca as local_ca
    from backend.signing.authority import CA_KEY, CertificateAuthority
    from backend.signing.keys import fingerprint
    from backend.signing.tables import SigningKey
    from backend.vault.tables import ServerKey
    from backend.vault.vault import KeyVault

    authority = app.state.services.get(CertificateAuthority)
    ca, _ = await authority.init("Tỉnh ủy Bắc Ninh")
    cert = ca.certificate
    assert cert.subject == cert.issuer
    assert local_ca.common_name(cert) == "Tỉnh ủy Bắc Ninh CA (nội bộ)"
    cert.verify_directly_issued_by(cert)  # self-signed, signature valid
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)

    # In the database, sealed: neither the PEM nor the DER of the key is there.
    row = await ServerKey.select().where(ServerKey.name == CA_KEY).first()
    assert b"PRIVATE KEY" not in bytes(row["sealed"])
    assert local_ca.private_der(ca) not in bytes(row["sealed"])

    again, created = await authority.init("Tỉnh ủy khác")
    assert not created and again.certificate == cert

    # Another machine (its own services, the same database and secret key): the same CA.
    elsewhere = CertificateAuthority(settings, KeyVault(settings.secret_key))
    assert fingerprint(await elsewhere.certificate()) == fingerprint(cert)

    # A wrong secret key does not open it, and says why.
    wrong = msgspec.structs.replace(settings, secret_key="khóa khác")
    with pytest.raises(local_ca.CAError, match="SECRET_KEY"):
        await CertificateAuthority(wrong, KeyVault(wrong.secret_key)).load()
    assert await CertificateAuthority(wrong, KeyVault(wrong.secret_key)).check() == "error"

    # --force: a new root; the old one kept as retired; keys it issued stop.
    replaced, created = await authority.init("Tỉnh ủy Bắc Ninh", force=True)
    assert created and replaced.certificate != cert
    retired = await ServerKey.select(ServerKey.public).where(
        ServerKey.name == "signing.ca.retired:" + fingerprint(cert)[:16]
    )
    assert x509.load_pem_x509_certificate(retired[0]["public"].encode()) == cert
    assert not await SigningKey.exists().where(
        (SigningKey.source == "local_ca") & SigningKey.revoked_at.is_null()
    )


async def test_a_ca_kept_in_files_by_an_earlier_version_is_imported_once(settings, tmp_path):
    from cryptography.hazmat.primitives import serialization as ser

    from backend.signing import ca as local_ca
    from backend.signing.authority import CertificateAuthority
    from backend.signing.keys import ca_key_passphrase, fingerprint
    from backend.vault.tables import ServerKey
    from backend.vault.vault import KeyVault

    old = local_ca.new_ca("Tỉnh ủy Cũ")
    (tmp_path / "ca").mkdir()
    (tmp_path / "ca" / "ca.pem").write_bytes(old.certificate.public_bytes(ser.Encoding.PEM))
    (tmp_path / "ca" / "ca.key").write_bytes(
        old.key.private_bytes(
            ser.Encoding.PEM,
            ser.PrivateFormat.PKCS8,
            ser.BestAvailableEncryption(ca_key_passphrase(settings.secret_key)),
        )
    )
    own = msgspec.structs.replace(settings, ca_dir=tmp_path / "ca")
    vault = KeyVault(own.secret_key)
    authority = CertificateAuthority(own, vault)
    # The app's CA exists already in this database, so the file is not needed: kept as is.
    assert await authority.load() is not None
    # With no CA in the database the files are imported, once.
    saved = await ServerKey.select().where(ServerKey.name == "signing.ca").first()
    await ServerKey.delete().where(ServerKey.name == "signing.ca")
    vault.forget()
    try:
        imported = await authority.load()
        assert fingerprint(imported.certificate) == fingerprint(old.certificate)
        (tmp_path / "ca" / "ca.key").unlink()
        vault.forget()
        assert fingerprint((await authority.load()).certificate) == fingerprint(old.certificate)
    finally:
        await ServerKey.delete().where(ServerKey.name == "signing.ca")
        await ServerKey.insert(ServerKey(**{k: v for k, v in saved.items() if k != "id"}))
        app_vault = KeyVault(settings.secret_key)
        assert await CertificateAuthority(settings, app_vault).load() is not None


def test_ca_init_command_is_idempotent_on_any_machine(settings, tmp_path):
    def dangbo(*args: str, machine: str) -> subprocess.CompletedProcess:
        var_dir = tmp_path / machine
        env = {**os.environ, "DANGBO_VAR_DIR": str(var_dir), "DANGBO_CA_DIR": str(var_dir)}
        return subprocess.run(
            [sys.executable, "-m", "backend.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = dangbo("ca", "init", machine="may-1")
    assert first.returncode == 0, first.stderr
    assert "Tỉnh ủy Bắc Ninh CA (nội bộ)" in first.stdout  # named after the root organisation
    fingerprint = first.stdout.rsplit("SHA-256: ", 1)[1].strip()
    for machine in ("may-1", "may-2"):
        again = dangbo("ca", "init", machine=machine)
        assert again.returncode == 0, again.stderr
        assert "Không ghi đè" in again.stdout
        assert again.stdout.rsplit("SHA-256: ", 1)[1].strip() == fingerprint
    shown = dangbo("ca", "show", machine="may-2")
    assert "CA nội bộ: Tỉnh ủy Bắc Ninh CA (nội bộ)" in shown.stdout
    assert fingerprint in shown.stdout
    assert not list(tmp_path.rglob("*.key"))  # nothing written to the machines' disks


async def test_user_certificate_chains_to_the_ca(client, app, signing, certificates):
    from backend.signing import ca as local_ca
    from backend.signing.keys import KeyUnavailable, open_private_key
    from backend.signing.tables import SigningKey

    await new_user(client, "Đỗ Thị Chứng Thư", ["lanh_dao", "can_bo"], "VPTU")
    user = await current_user(app, client)
    info = await certificates.issue_certificate(user.id)
    assert info.subject_name == "Đỗ Thị Chứng Thư"
    assert info.organisation == "Văn phòng Tỉnh ủy"
    assert info.issuer == "Tỉnh ủy Bắc Ninh CA (nội bộ)"
    # Issuing again without --replace keeps the same certificate.
    assert (await certificates.issue_certificate(user.id)) == info

    row = await SigningKey.select().where(SigningKey.user == user.id).first()
    cert = x509.load_pem_x509_certificate(row["certificate"].encode())
    ca_cert = await our_ca(app)
    cert.verify_directly_issued_by(ca_cert)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert local_ca.EKU_DOCUMENT_SIGNING in eku
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    crl_url = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints)
    assert crl_url.value[0].full_name[0].value == certificates.crl_url

    # The key at rest opens only with the secret key and only for its own row.
    sealed = bytes(row["sealed_key"])
    assert b"PRIVATE KEY" not in sealed
    key = open_private_key(signing.settings.secret_key, sealed, f"{user.id}:{row['fingerprint']}")
    assert key.public_key() == cert.public_key()
    with pytest.raises(KeyUnavailable):
        open_private_key(signing.settings.secret_key, sealed, f"{user.id + 1}:{row['fingerprint']}")
    with pytest.raises(KeyUnavailable):
        open_private_key("khóa khác", sealed, f"{user.id}:{row['fingerprint']}")

    mine = await client.get("/api/signing/certificate")
    assert mine.status_code == 200
    assert mine.json()["fingerprint_sha256"] == info.fingerprint_sha256


# ---- signing behind the passkey -------------------------------------------------------------


async def test_sign_with_passkey_assertion_produces_a_valid_pades_signature(
    client, app, signing, verification
):

    authenticator = await new_user(client, "Nguyễn Văn Ký", ["lanh_dao", "can_bo"], "VPTU")
    user = await current_user(app, client)
    pdf = text_pdf("Ke hoach so 15-KH/TU", "Trien khai chuyen doi so")

    signed = await sign_with_passkey(signing, user, authenticator, pdf)
    assert signed.original_sha256 == sha256(pdf)
    assert signed.data.startswith(pdf)  # an incremental update: the original bytes untouched
    assert signed.certificate.subject_name == "Nguyễn Văn Ký"

    [status] = await pyhanko_status(signed.data, [await our_ca(app)])
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.md_algorithm == "sha256"
    assert status.signing_cert.subject.native["common_name"] == "Nguyễn Văn Ký"

    report = await verification.verify(signed.data)
    assert report.valid and report.signed
    [check] = report.signatures
    assert check.signer_name == "Nguyễn Văn Ký"
    assert check.organisation == "Văn phòng Tỉnh ủy"
    assert check.integrity_ok and check.chain_valid and check.covers_whole_document
    assert check.reason == INTENT
    assert check.time_source == "signer"
    assert abs(check.signing_time - signed.signed_at) < timedelta(minutes=1)
    assert "hợp lệ" in report.summary

    response = await verify_upload(client, signed.data)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["valid"] is True
    assert body["signatures"][0]["signer_name"] == "Nguyễn Văn Ký"
    assert body["signatures"][0]["signing_time"].endswith("Z")
    assert "document.signed" in await audit_actions(user.id)
    assert "signing.certificate_issued" in await audit_actions(user.id)


async def test_one_changed_byte_makes_the_signature_invalid(client, app, signing, verification):
    authenticator = await new_user(client, "Trần Văn Toàn Vẹn", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    signed = await sign_with_passkey(signing, user, authenticator, text_pdf("So tien: 1000000"))
    tampered = tamper(signed.data, b"So tien")

    report = await verification.verify(tampered)
    assert report.signed and not report.valid
    [check] = report.signatures
    assert not check.integrity_ok and not check.valid
    assert any("bị thay đổi" in p for p in check.problems)
    assert "KHÔNG hợp lệ" in report.summary

    response = await verify_upload(client, tampered)
    assert response.status_code == 200
    assert response.json()["valid"] is False


async def test_signing_without_an_assertion_is_refused(client, app, signing):

    await new_user(client, "Lê Không Xác Nhận", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    pdf = text_pdf("Khong co xac nhan")
    challenge = await signing.begin_signing(user, sha256(pdf), INTENT)
    for credential in ({}, {"id": "AAAA", "rawId": "AAAA", "response": {}}):
        with pytest.raises(Problem) as refused:
            await signing.finish_signing(user, challenge.ceremony, credential, pdf, INTENT)
        assert 400 <= refused.value.status_code < 500
    # Nor with a ceremony that was never a signing step-up (a login challenge).
    login = await client.post("/api/auth/login/begin", json={})
    with pytest.raises(Problem) as wrong_kind:
        await signing.finish_signing(user, login.json()["ceremony"], {}, pdf, INTENT)
    assert 400 <= wrong_kind.value.status_code < 500
    actions = await audit_actions(user.id)
    assert "document.signed" not in actions
    assert "document.sign_refused" in actions


async def test_assertion_for_another_document_is_refused(client, app, signing):

    authenticator = await new_user(client, "Phạm Văn Đổi Tệp", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    shown = text_pdf("Van ban da duyet")
    swapped = text_pdf("Van ban khac")
    challenge = await signing.begin_signing(user, sha256(shown), INTENT)
    assertion = authenticator.get(challenge.options)
    with pytest.raises(Problem) as refused:
        await signing.finish_signing(user, challenge.ceremony, assertion, swapped, INTENT)
    assert refused.value.status_code == 409
    assert "đã thay đổi" in refused.value.detail

    # The assertion was bound to the hash, not just checked against a stored value: with a
    # fresh ceremony for the swapped file, the old assertion still does not fit.
    other = await signing.begin_signing(user, sha256(swapped), INTENT)
    with pytest.raises(Problem) as stale:
        await signing.finish_signing(user, other.ceremony, assertion, swapped, INTENT)
    assert stale.value.status_code == 400
    assert "document.signed" not in await audit_actions(user.id)


async def test_assertion_for_another_intent_is_refused(client, app, signing):

    authenticator = await new_user(client, "Vũ Văn Ý Định", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    pdf = text_pdf("Quyet dinh")
    challenge = await signing.begin_signing(user, sha256(pdf), "Ký văn bản số 3-QĐ/TU")
    assertion = authenticator.get(challenge.options)
    with pytest.raises(Problem) as refused:
        await signing.finish_signing(
            user, challenge.ceremony, assertion, pdf, "Ký văn bản số 4-QĐ/TU"
        )
    assert refused.value.status_code == 403
    assert "document.signed" not in await audit_actions(user.id)


async def test_replayed_signing_ceremony_is_refused(client, app, signing):

    authenticator = await new_user(client, "Hoàng Phát Lại", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    pdf = text_pdf("Mot lan ky")
    challenge = await signing.begin_signing(user, sha256(pdf), INTENT)
    assertion = authenticator.get(challenge.options)
    first = await signing.finish_signing(user, challenge.ceremony, assertion, pdf, INTENT)
    assert first.data
    with pytest.raises(Problem) as replay:
        await signing.finish_signing(user, challenge.ceremony, assertion, pdf, INTENT)
    assert replay.value.status_code == 400
    assert replay.value.code == "challenge_used"
    assert (await audit_actions(user.id)).count("document.signed") == 1


async def test_another_users_assertion_or_session_cannot_sign(client, app, signing):
    from tests.conftest import make_client, prime_csrf

    alice_key = await new_user(client, "Ngô Thị Chủ Khóa", ["lanh_dao"], "VPTU")
    alice = await current_user(app, client)
    async with make_client(app) as other:
        await prime_csrf(other)
        bob_key = await new_user(other, "Đinh Văn Người Khác", ["lanh_dao"], "VPTU")
        bob = await current_user(app, other)
    pdf = text_pdf("Chi mot nguoi ky")

    # Bob's authenticator answers Alice's challenge.
    challenge = await signing.begin_signing(alice, sha256(pdf), INTENT)
    with pytest.raises(Problem) as foreign_key:
        await signing.finish_signing(
            alice, challenge.ceremony, bob_key.get(challenge.options), pdf, INTENT
        )
    assert 400 <= foreign_key.value.status_code < 500

    # Bob's session tries to finish Alice's ceremony with Alice's assertion.
    challenge = await signing.begin_signing(alice, sha256(pdf), INTENT)
    assertion = alice_key.get(challenge.options)
    with pytest.raises(Problem) as foreign_session:
        await signing.finish_signing(bob, challenge.ceremony, assertion, pdf, INTENT)
    assert foreign_session.value.status_code == 403

    for person in (alice, bob):
        assert "document.signed" not in await audit_actions(person.id)


async def test_begin_signing_rejects_bad_input(client, app, signing):
    await new_user(client, "Lý Văn Đầu Vào", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    for digest, intent in (("abc", INTENT), ("G" * 64, INTENT), (sha256(b"x"), "Ký")):
        with pytest.raises(Problem) as bad:
            await signing.begin_signing(user, digest, intent)
        assert bad.value.status_code == 400


async def test_finish_signing_refuses_a_non_pdf(client, app, signing):

    authenticator = await new_user(client, "Mai Văn Tệp Hỏng", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    garbage = b"day khong phai PDF" * 10
    challenge = await signing.begin_signing(user, sha256(garbage), INTENT)
    with pytest.raises(Problem) as refused:
        await signing.finish_signing(
            user, challenge.ceremony, authenticator.get(challenge.options), garbage, INTENT
        )
    assert refused.value.status_code == 400
    assert "không phải là tệp PDF" in refused.value.detail


async def test_two_signers_on_one_document(client, app, signing, verification):
    from tests.conftest import make_client, prime_csrf

    first_key = await new_user(client, "Người Ký Thứ Nhất", ["lanh_dao"], "VPTU")
    first = await current_user(app, client)
    async with make_client(app) as other:
        await prime_csrf(other)
        second_key = await new_user(other, "Người Ký Thứ Hai", ["lanh_dao"], "BTCTU")
        second = await current_user(app, other)
    once = await sign_with_passkey(signing, first, first_key, text_pdf("Lien tich"))
    twice = await sign_with_passkey(
        signing, second, second_key, once.data, "Ký văn bản số 2-CTr/TU"
    )
    report = await verification.verify(twice.data)
    assert report.valid, report
    earlier, later = report.signatures
    assert earlier.signer_name == "Người Ký Thứ Nhất" and not earlier.covers_whole_document
    assert earlier.later_changes and earlier.valid
    assert later.signer_name == "Người Ký Thứ Hai" and later.covers_whole_document


# ---- revocation and real CAs ---------------------------------------------------------------


async def test_revoked_certificate_is_listed_and_reported(
    client, app, signing, certificates, verification
):
    authenticator = await new_user(client, "Tạ Văn Thu Hồi", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    signed = await sign_with_passkey(signing, user, authenticator, text_pdf("Truoc thu hoi"))
    assert (await verification.verify(signed.data)).valid

    revoked = await certificates.revoke_certificate(user.id)
    assert revoked is not None and revoked.serial == signed.certificate.serial
    crl = x509.load_der_x509_crl((await client.get("/api/signing/crl")).content)
    assert crl.get_revoked_certificate_by_serial_number(int(revoked.serial, 16)) is not None

    report = await verification.verify(signed.data)
    assert not report.valid
    [check] = report.signatures
    assert check.integrity_ok and not check.chain_valid
    assert any("thu hồi" in p for p in check.problems)

    # The next authorised signature gets a new certificate.
    again = await sign_with_passkey(signing, user, authenticator, text_pdf("Sau thu hoi"))
    assert again.certificate.serial != revoked.serial
    assert (await verification.verify(again.data)).valid


async def test_pdf_signed_elsewhere_is_reported_and_trusted_when_configured(
    client, app, signing, tmp_path, verification
):
    await new_user(client, "Người Kiểm Tra", ["can_bo"], "VPTU")
    foreign = ForeignCA()
    cert, key = foreign.issue("Nguyễn Thị Bên Ngoài")
    signed = await sign_elsewhere(text_pdf("Cong van den"), cert, key, [foreign.sub, foreign.root])

    report = await verification.verify(signed)
    [check] = report.signatures
    assert check.signer_name == "Nguyễn Thị Bên Ngoài"
    assert check.integrity_ok and not check.chain_valid and not report.valid
    assert any("tin cậy" in p for p in check.problems)

    configured = msgspec.structs.replace(
        signing.settings, signing_trust_roots=foreign.bundle(tmp_path / "roots.pem")
    )
    trusting = VerificationService(
        configured, CertificateService(configured, signing.certificates.authority)
    )
    trusted = await trusting.verify(signed)
    assert trusted.valid, trusted
    assert trusted.signatures[0].issuer == "Sub CA Thử nghiệm"
    assert not (await trusting.verify(tamper(signed, b"Cong van"))).valid


async def test_imported_real_ca_certificate_signs_behind_the_passkey(client, app, tmp_path):
    from backend.accounts.step_up import StepUpCeremony
    from backend.signing.seals import OrganisationSeals
    from tests.conftest import make_client, prime_csrf

    foreign = ForeignCA()
    configured = msgspec.structs.replace(
        app.state.settings, signing_trust_roots=foreign.bundle(tmp_path / "roots.pem")
    )
    certificates = CertificateService(
        configured, app.state.services.get(CertificateService).authority
    )
    signing = SigningService(
        configured,
        app.state.services.get(StepUpCeremony),
        certificates,
        app.state.services.get(OrganisationSeals),
    )
    verification = VerificationService(configured, certificates)
    authenticator = await new_user(client, "Cao Văn Chứng Thư Thật", ["lanh_dao"], "VPTU")
    user = await current_user(app, client)
    cert, key = foreign.issue("Cao Văn Chứng Thư Thật")

    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Problem, match="không khớp"):
        await certificates.import_certificate(user.id, cert, other_key, [foreign.sub])
    lone_cert, lone_key = ForeignCA().issue("Không Ai Tin")
    with pytest.raises(Problem) as untrusted:
        await certificates.import_certificate(user.id, lone_cert, lone_key, [])
    assert untrusted.value.code == "signing_chain_invalid"

    info = await certificates.import_certificate(user.id, cert, key, [foreign.sub])
    assert info.source == "imported"
    # Importing it again changes nothing; giving the same certificate to someone else is refused.
    again = await certificates.import_certificate(user.id, cert, key, [foreign.sub])
    assert again.fingerprint_sha256 == info.fingerprint_sha256
    async with make_client(app) as other:
        await prime_csrf(other)
        await new_user(other, "Người Mượn Chứng Thư", ["lanh_dao"], "VPTU")
        borrower = await current_user(app, other)
    with pytest.raises(Problem) as taken:
        await certificates.import_certificate(borrower.id, cert, key, [foreign.sub])
    assert taken.value.status_code == 409
    signed = await sign_with_passkey(signing, user, authenticator, text_pdf("Ky bang CA that"))
    assert signed.certificate.fingerprint_sha256 == info.fingerprint_sha256
    report = await verification.verify(signed.data)
    assert report.valid, report
    assert report.signatures[0].issuer == "Sub CA Thử nghiệm"
    [status] = await pyhanko_status(signed.data, [foreign.root])
    assert status.bottom_line


# ---- the verify endpoint --------------------------------------------------------------------


async def test_unsigned_pdf_is_reported_as_unsigned(client):
    await new_user(client, "Người Xem Văn Bản", ["can_bo"], "VPTU")
    response = await verify_upload(client, text_pdf("Chua ky"))
    assert response.status_code == 200
    body = response.json()
    assert body["signed"] is False and body["valid"] is False
    assert body["signatures"] == []
    assert "không có chữ ký" in body["summary"]


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02 day la rac" * 50,
        b"%PDF-1.7\n rac rac rac \n%%EOF",
        b"PK\x03\x04" + os.urandom(200),
    ],
    ids=["garbage", "pdf-header-only", "zip"],
)
async def test_garbage_upload_is_a_vietnamese_400(client, content):
    await new_user(client, "Người Gửi Rác", ["can_bo"], "VPTU")
    response = await verify_upload(client, content, name="tep.pdf")
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert "PDF" in detail and ("không" in detail or "hỏng" in detail)


async def test_verify_is_public_and_needs_a_file(client, app, signing):
    """Other agencies and citizens check a signed document without an account."""
    async with make_client(app) as anonymous:
        await prime_csrf(anonymous)
        unsigned = await verify_upload(anonymous, text_pdf("x"))
        assert unsigned.status_code == 200, unsigned.text
        assert unsigned.json()["signed"] is False
        empty = await verify_upload(anonymous, b"")
        assert empty.status_code == 400
        no_file = await anonymous.post("/api/signing/verify", data={"khac": "1"})
        assert no_file.status_code == 400
        assert no_file.headers["content-type"].startswith("application/problem+json")
        raw = await anonymous.post(
            "/api/signing/verify",
            content=text_pdf("y"),
            headers={"content-type": "application/pdf"},
        )
        assert raw.status_code == 200 and raw.json()["signed"] is False


async def test_public_verify_of_a_signed_pdf_larger_than_a_spool_keeps_nothing(
    client, app, signing, settings, monkeypatch
):
    """A file over 1 MiB (where a multipart parser would spool to a temporary file) is
    checked in memory: no temporary file is made, nothing new appears under var/."""
    import tempfile

    made: list[str] = []
    for name in ("mkstemp", "TemporaryFile", "NamedTemporaryFile"):
        original = getattr(tempfile, name)
        monkeypatch.setattr(
            tempfile, name, lambda *a, _o=original, _n=name, **k: made.append(_n) or _o(*a, **k)
        )
    rollover = tempfile.SpooledTemporaryFile.rollover
    monkeypatch.setattr(
        tempfile.SpooledTemporaryFile,
        "rollover",
        lambda self: made.append("spooled") or rollover(self),
    )
    authenticator = await new_user(client, "Trần Văn Ký Lớn", ["lanh_dao", "can_bo"], "VPTU")
    user = await current_user(app, client)
    big = text_pdf("Bao cao", *(os.urandom(500).hex() for _ in range(1600)))
    assert len(big) > 1_500_000
    signed = await sign_with_passkey(signing, user, authenticator, big)
    before = {p for p in settings.var_dir.rglob("*") if p.is_file()}
    made.clear()
    async with make_client(app) as anonymous:
        await prime_csrf(anonymous)
        report = await verify_upload(anonymous, signed.data)
    assert report.status_code == 200, report.text
    assert report.json()["valid"] is True
    assert made == []
    assert {p for p in settings.var_dir.rglob("*") if p.is_file()} - before == set()


async def test_public_verify_is_rate_limited_per_address(app, settings):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("10.20.30.40", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as visitor:
        await prime_csrf(visitor)
        answers = [
            (await verify_upload(visitor, text_pdf("z"))).status_code
            for _ in range(settings.verify_rate_limit_per_minute + 1)
        ]
        refused = await verify_upload(visitor, text_pdf("z"))
    assert answers[: settings.verify_rate_limit_per_minute - 1].count(200) >= 1
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["type"].endswith("/rate_limited")


async def test_ca_certificate_is_public(client, signing):
    response = await client.get("/api/signing/ca.pem")
    assert response.status_code == 200
    cert = x509.load_pem_x509_certificate(response.content)
    assert "CA (nội bộ)" in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
