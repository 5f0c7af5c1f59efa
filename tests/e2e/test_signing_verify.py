"""The verify screen (/xac-minh) in a real browser: valid in green, tampered in red, unsigned
and garbage explained; screenshots at 360 × 640."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.conftest import SHOTS
from tests.sample_pdfs import text_pdf

pytestmark = pytest.mark.e2e


def _signed_by_server_ca(live_server) -> bytes:
    """A PDF signed with a certificate of the server's own CA (as a colleague's signature
    made through the app would be), built here so the test does not depend on documents."""
    from cryptography.hazmat.primitives.asymmetric import ec

    from backend import db
    from backend.domains import build_services
    from backend.settings import load_settings
    from backend.signing.authority import CertificateAuthority
    from backend.signing.pdf import SigningMaterial, sign_pdf_bytes

    live_server.cli("ca", "init")
    settings = load_settings(live_server.env)
    ca_store = build_services(settings).get(CertificateAuthority)
    # The CA lives in the server's database: read it there, off Playwright's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        authority = pool.submit(db.run, ca_store.load, settings.database_url).result()
    assert authority is not None
    key = ec.generate_private_key(ec.SECP256R1())
    cert = authority.issue(
        key.public_key(),
        full_name="Nguyễn Văn Hùng",
        organisation_name="Văn phòng Tỉnh ủy",
        username="lanhdao",
        crl_url=None,
    )
    # pyHanko runs its own event loop: keep it off Playwright's thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            sign_pdf_bytes,
            text_pdf("KE HOACH So 15-KH/TU", "Trien khai chuyen doi so nam 2026"),
            SigningMaterial(cert, key, (authority.certificate,)),
            reason="Ký văn bản số 15-KH/TU",
            location="Bắc Ninh",
            trust_roots=[authority.certificate],
            crls=[],
        ).result()


def _upload(page, name: str, content: bytes) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}]
    )


def test_verify_screen_reports_valid_tampered_unsigned_and_garbage(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    signed = _signed_by_server_ca(live_server)
    at = signed.rfind(b"Trien khai")
    tampered = bytearray(signed)
    tampered[at] ^= 0x01

    page = new_page_with_authenticator()
    enroll_via_ui(page, roles=("can_bo",), name="Người Kiểm Tra Chữ Ký", org="VPTU")
    page.goto(live_server.url("/xac-minh"))
    page.get_by_text("Chọn tệp PDF đã ký số").wait_for()
    page.screenshot(path=str(SHOTS / "xac-minh-trong.png"))

    _upload(page, "15-KH-TU.pdf", signed)
    page.get_by_role("heading", name="Chữ ký số hợp lệ").wait_for()
    page.get_by_text("Nguyễn Văn Hùng").first.wait_for()
    page.get_by_text("Nội dung còn nguyên vẹn kể từ khi ký").wait_for()
    page.get_by_text("Chứng thư tin cậy, do Tỉnh ủy Bắc Ninh CA (nội bộ) cấp").wait_for()
    page.screenshot(path=str(SHOTS / "xac-minh-hop-le.png"))
    page.screenshot(path=str(SHOTS / "xac-minh-hop-le-full.png"), full_page=True)

    _upload(page, "15-KH-TU-da-sua.pdf", bytes(tampered))
    page.get_by_role("heading", name="Chữ ký số KHÔNG hợp lệ").wait_for()
    page.get_by_text("Nội dung đã bị thay đổi sau khi ký").first.wait_for()
    page.screenshot(path=str(SHOTS / "xac-minh-khong-hop-le.png"))
    page.screenshot(path=str(SHOTS / "xac-minh-khong-hop-le-full.png"), full_page=True)

    _upload(page, "chua-ky.pdf", text_pdf("Ban nhap"))
    page.get_by_role("heading", name="Không có chữ ký số").wait_for()
    page.screenshot(path=str(SHOTS / "xac-minh-chua-ky.png"))

    _upload(page, "rac.pdf", b"day khong phai PDF" * 20)
    page.get_by_text("Tệp tải lên không phải là tệp PDF.").wait_for()
    page.screenshot(path=str(SHOTS / "xac-minh-loi.png"))


SIGN_FLOW = """
async (pdfBase64) => {
  const bytes = Uint8Array.from(atob(pdfBase64), (c) => c.charCodeAt(0));
  const form = new FormData();
  form.append("metadata", JSON.stringify({
    direction: "di", loai: "BC", trich_yeu: "Báo cáo kết quả chuyển đổi số quý IV",
  }));
  form.append("file", new Blob([bytes], { type: "application/pdf" }), "bao-cao.pdf");
  const created = await fetch("/api/documents/", {
    method: "POST", body: form, credentials: "same-origin",
    headers: { "x-csrftoken": await window.dangbo.csrfToken() },
  });
  if (!created.ok) return { error: "register " + created.status + " " + (await created.text()) };
  const doc = await created.json();
  await window.dangbo.post(`/api/documents/${doc.id}/submit`, {});
  const problem = await window.dangbo.signWithPasskey(
    `/api/documents/${doc.id}/sign/begin`, `/api/documents/${doc.id}/sign/finish`);
  if (problem) return { error: "sign " + problem };
  const result = window.dangbo.lastSigningResult;
  const file = result.files.find((f) => f.role === "signed");
  const data = new Uint8Array(await (await fetch("/api/files/" + file.sha256)).arrayBuffer());
  let binary = "";
  for (const byte of data) binary += String.fromCharCode(byte);
  return { ky_hieu: result.ky_hieu, status: result.status, signed: btoa(binary) };
}
"""


def test_leader_signs_with_passkey_then_verify_says_valid_and_after_one_byte_invalid(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    """The whole path in a browser: the virtual authenticator answers the step-up that
    /signing.js runs, the server signs, the signed file downloaded from the API is valid on
    /xac-minh; with one byte changed it is not."""
    import base64

    live_server.cli("ca", "init")
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="lanhdao")
    page.wait_for_function("() => window.dangbo && window.dangbo.signWithPasskey")
    outcome = page.evaluate(
        SIGN_FLOW, base64.b64encode(text_pdf("BAO CAO", "Ket qua chuyen doi so")).decode()
    )
    assert "error" not in outcome, outcome
    assert outcome["status"] == "da_ky"
    signed = base64.b64decode(outcome["signed"])

    page.goto(live_server.url("/xac-minh"))
    page.get_by_text("Chọn tệp PDF đã ký số").wait_for()
    _upload(page, "bao-cao-da-ky.pdf", signed)
    page.get_by_role("heading", name="Chữ ký số hợp lệ").wait_for()
    page.get_by_text("Nguyễn Văn Hùng").first.wait_for()
    # the lãnh đạo approves the draft; its number comes when the văn thư releases it
    assert outcome["ky_hieu"] == ""
    page.get_by_text("Ký duyệt báo cáo: Báo cáo kết quả chuyển đổi số quý IV").wait_for()

    tampered = bytearray(signed)
    tampered[signed.rfind(b"Ket qua")] ^= 0x01
    _upload(page, "bao-cao-da-sua.pdf", bytes(tampered))
    page.get_by_role("heading", name="Chữ ký số KHÔNG hợp lệ").wait_for()
