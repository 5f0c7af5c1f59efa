"""The two signatures of Nghị định 30/2020 on the PDF itself (no database): the lãnh đạo's
approval leaves exactly the số and ngày ban hành (and the organisation's signature field) open;
filling them keeps his signature valid, changing anything else does not; after the
organisation's signature nothing may change."""

from __future__ import annotations

import io
from datetime import date
from functools import cache

from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from backend.documents import release_form
from backend.documents.pdfgen import (
    DATE_FIELD,
    NUMBER_FIELD,
    NUMBER_LOOK,
    PartyDocument,
    field_appearance,
    render,
)
from backend.signing import ca as local_ca
from backend.signing.form_fields import TextField, fill_text_fields, text_fields, with_text_fields
from backend.signing.pdf import SigningMaterial, sign_pdf_bytes, verify_pdf_bytes
from tests.sample_pdfs import text_pdf

ISSUED = date(2026, 12, 6)


@cache
def authority() -> local_ca.LocalCA:
    return local_ca.new_ca("Tỉnh ủy Thử nghiệm")


def _material(seal: bool = False) -> SigningMaterial:
    ca = authority()
    key = ec.generate_private_key(ec.SECP256R1())
    if seal:
        cert = ca.issue_seal(
            key.public_key(), organisation_name="Văn phòng Tỉnh ủy", organisation_code="VPTU",
            crl_url=None,
        )  # fmt: skip
    else:
        cert = ca.issue(
            key.public_key(), full_name="Lãnh Đạo Thử", organisation_name="Văn phòng Tỉnh ủy",
            username="ld", crl_url=None,
        )  # fmt: skip
    return SigningMaterial(cert, key, (ca.certificate,))


def _sign(pdf: bytes, form, seal: bool = False) -> bytes:  # noqa: ANN001
    return sign_pdf_bytes(
        pdf,
        _material(seal),
        reason="Phát hành văn bản số 3-BC/VPTU" if seal else "Ký duyệt báo cáo: Thử",
        location=None,
        trust_roots=[authority().certificate],
        crls=[],
        form=form,
    )


def _validity(pdf: bytes) -> list[bool]:
    report = verify_pdf_bytes(pdf, trust_roots=[authority().certificate], crls=[])
    return [check.valid for check in report.signatures]


def _draft(extra: tuple[TextField, ...] = ()) -> bytes:
    pdf = render(
        PartyDocument(
            cap_tren="TỈNH ỦY BẮC NINH", co_quan="VĂN PHÒNG", so_ky_hieu="",
            noi_ban_hanh="Bắc Ninh", ngay=None, loai="BÁO CÁO", trich_yeu="Thử",
            paragraphs=["Nội dung thử."], chuc_vu="CHÁNH VĂN PHÒNG", nguoi_ky="Lãnh Đạo Thử",
        )
    )  # fmt: skip
    return with_text_fields(pdf, extra) if extra else pdf


def _refill(pdf: bytes, name: str, text: str) -> bytes:
    state = text_fields(PdfFileReader(io.BytesIO(pdf)))[name]
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    appearance = field_appearance(text, state.width, state.height, state.look)
    assert fill_text_fields(writer, [TextField(name, text, appearance)]) == [name]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_draft_of_the_apps_layout_carries_the_two_open_fields():
    fields = text_fields(PdfFileReader(io.BytesIO(_draft())))
    assert set(fields) == {NUMBER_FIELD, DATE_FIELD}
    assert {f.value for f in fields.values()} == {""}
    assert fields[NUMBER_FIELD].look == NUMBER_LOOK
    # a document that has its number and date prints them, with no field
    printed = render(
        PartyDocument(
            cap_tren="TỈNH ỦY BẮC NINH", co_quan="VĂN PHÒNG", so_ky_hieu="3-BC/VPTU",
            noi_ban_hanh="Bắc Ninh", ngay=ISSUED, loai="BÁO CÁO", trich_yeu="Thử",
            paragraphs=["Nội dung."],
        )
    )  # fmt: skip
    assert text_fields(PdfFileReader(io.BytesIO(printed))) == {}


def test_filling_the_open_fields_keeps_the_approval_and_both_signatures_verify():
    draft = _draft()
    approved = _sign(draft, release_form.approval(draft))
    assert _validity(approved) == [True]
    released = _sign(approved, release_form.completion(approved, "3-BC/VPTU", ISSUED), seal=True)
    assert _validity(released) == [True, True]
    values = {n: f.value for n, f in text_fields(PdfFileReader(io.BytesIO(released))).items()}
    assert values == {NUMBER_FIELD: "Số 3-BC/VPTU", DATE_FIELD: "ngày 06 tháng 12 năm 2026"}
    report = verify_pdf_bytes(released, trust_roots=[authority().certificate], crls=[])
    assert [s.field_name for s in report.signatures] == ["ChuKy1", release_form.SEAL_FIELD]


def test_the_approvals_lock_keeps_every_other_field():
    note = TextField(
        "GhiChu", "", field_appearance("", 100, 20, NUMBER_LOOK), rect=(50, 50, 150, 70)
    )
    draft = _draft((note,))
    approved = _sign(draft, release_form.approval(draft))
    # the number may be written in after the approval…
    assert _validity(_refill(approved, NUMBER_FIELD, "Số 3-BC/VPTU")) == [True]
    # …but not a field the lãnh đạo's lock covers
    assert _validity(_refill(approved, "GhiChu", "Sửa sau khi ký")) == [False]


def test_after_the_organisations_signature_the_number_cannot_change():
    draft = _draft()
    approved = _sign(draft, release_form.approval(draft))
    released = _sign(approved, release_form.completion(approved, "3-BC/VPTU", ISSUED), seal=True)
    changed = _refill(released, NUMBER_FIELD, "Số 4-BC/VPTU")
    # the lãnh đạo left the number open; the organisation's signature did not
    assert _validity(changed) == [True, False]


def test_a_copy_signed_before_the_fields_existed_is_sealed_without_them():
    signed_earlier = _sign(text_pdf("BAO CAO 3-BC/VPTU"), None)  # as signed before this order
    released = _sign(
        signed_earlier, release_form.completion(signed_earlier, "3-BC/VPTU", ISSUED), seal=True
    )
    assert _validity(released) == [True, True]
    assert text_fields(PdfFileReader(io.BytesIO(released))) == {}
