"""/xac-minh: check the signatures of an uploaded PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from frontend.api import ApiError, api_client
from frontend.xac_minh import client
from shared.clock import dmy_hm
from shared.signing import SignatureCheck, SignatureReport

UPLOAD_ID = "xac_minh_pdf"


@dataclass
class SignatureRow:
    """One signature as the page shows it (texts already in Vietnamese)."""

    title: str
    signer_name: str
    organisation: str
    signing_time: str
    time_note: str
    integrity_ok: bool
    integrity_text: str
    chain_valid: bool
    chain_text: str
    coverage_ok: bool
    coverage_text: str
    reason: str
    valid: bool
    problems: list[str] = field(default_factory=list)


def _row(index: int, check: SignatureCheck) -> SignatureRow:
    is_timestamp = check.kind == "timestamp"
    trust_problems = [p for p in check.problems if "Chứng thư" in p]
    coverage_ok = check.covers_whole_document or (check.valid and bool(check.later_changes))
    return SignatureRow(
        title=f"Dấu thời gian {index}" if is_timestamp else f"Chữ ký {index}",
        signer_name=check.signer_name or "(không rõ tên)",
        organisation=check.organisation or "—",
        signing_time=dmy_hm(check.signing_time) or "không ghi",
        time_note=(
            "theo dấu thời gian của tổ chức cấp dấu thời gian"
            if check.time_source == "timestamp"
            else "theo khai báo của hệ thống ký (không có dấu thời gian)"
        ),
        integrity_ok=check.integrity_ok,
        integrity_text=(
            "Nội dung còn nguyên vẹn kể từ khi ký"
            if check.integrity_ok
            else "Nội dung đã bị thay đổi sau khi ký"
        ),
        chain_valid=check.chain_valid,
        chain_text=(
            f"Chứng thư tin cậy, do {check.issuer} cấp"
            if check.chain_valid
            else (trust_problems[0] if trust_problems else "Chứng thư số không được tin cậy")
        ),
        coverage_ok=coverage_ok,
        coverage_text=(
            "Chữ ký bao phủ toàn bộ tệp"
            if check.covers_whole_document
            else check.later_changes or "Chữ ký không bao phủ toàn bộ tệp"
        ),
        reason=check.reason or "—",
        valid=check.valid,
        problems=list(check.problems),
    )


class VerifyState(rx.State):
    # The page is public and prerendered: its picker shows once the app has started (this
    # page's load event), since a file chosen before that would go nowhere.
    ready: bool = False
    checking: bool = False
    error: str = ""
    checked: bool = False
    file_name: str = ""
    valid: bool = False
    signed: bool = False
    summary: str = ""
    document_sha256: str = ""
    signatures: list[SignatureRow] = []

    @rx.event
    def open(self):
        self.ready = True

    @rx.event
    async def check(self, files: list[rx.UploadFile]):
        if not files:
            return
        upload = files[0]
        self.checking, self.error, self.checked = True, "", False
        yield
        try:
            content = await upload.read()
            async with api_client(self) as api:
                report: SignatureReport = await client.verify_pdf(api, upload.name or "", content)
        except ApiError as error:
            self.error = error.detail
            self.checking = False
            return
        self.file_name = upload.name or "tệp PDF"
        self.valid = report.valid
        self.signed = report.signed
        self.summary = report.summary
        self.document_sha256 = report.document_sha256
        self.signatures = [_row(i, c) for i, c in enumerate(report.signatures, start=1)]
        self.checked = True
        self.checking = False
