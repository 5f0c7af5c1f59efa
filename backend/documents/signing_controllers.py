"""``/api/documents/{id}/sign/…`` and ``…/release/…``: the two signatures of an outgoing
document, each behind a passkey step-up (Nghị định 30/2020: the lãnh đạo's approval first, then
the văn thư's release with the number, the date and the organisation's signature).

The document rules (who may sign or release, which file, what the person confirms) come from
:mod:`backend.documents.outgoing`; the fields the signatures leave and fill from
:mod:`backend.documents.release_form`; the WebAuthn step-up, the keys and PAdES from
:mod:`backend.signing.signer`.
"""

from __future__ import annotations

import anyio
from litestar import Controller, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.clock import today
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.documents import release_form
from backend.documents.outgoing import (
    Outgoing,
    approval_intent,
    release_intent,
    release_number,
    release_subject,
    signing_subject,
)
from backend.files.services import FileStore
from backend.signing.signer import SigningService
from shared.documents import DocumentDetail
from shared.signing import SigningChallenge, SigningFinish


class DocumentSigningController(Controller):
    path = "/api/documents"
    tags = ["Văn bản"]
    dependencies = {
        "actor": Provide(provide_actor),
        "signing": inject(SigningService),
        "files": inject(FileStore),
        "outgoing": inject(Outgoing),
    }

    @post("/{document_id:int}/sign/begin", status_code=200)
    async def sign_begin(
        self, document_id: RowId, actor: Actor, signing: SigningService
    ) -> SigningChallenge:
        """WebAuthn options whose challenge is bound to this PDF's SHA-256 and to the intent
        "Ký duyệt …" (the lãnh đạo's approval; the number is not known yet)."""
        row, original = await signing_subject(actor, document_id)
        return await signing.begin_signing(actor, original["sha256"], approval_intent(row))

    @post("/{document_id:int}/sign/finish", status_code=200)
    async def sign_finish(
        self,
        document_id: RowId,
        data: SigningFinish,
        actor: Actor,
        signing: SigningService,
        files: FileStore,
        outgoing: Outgoing,
    ) -> DocumentDetail:
        """Verify the fresh assertion, sign the stored PDF (PAdES, leaving the số and ngày ban
        hành open for the văn thư) and keep the signed copy."""
        row, original = await signing_subject(actor, document_id)
        pdf = await files.read(original["sha256"])
        signed = await signing.finish_signing(
            actor,
            data.ceremony,
            data.credential,
            pdf,
            approval_intent(row),
            document_ref=f"document:{document_id}",
            form=await anyio.to_thread.run_sync(release_form.approval, pdf),
        )
        return await outgoing.record_signed(
            actor,
            row,
            original,
            signed.data,
            {
                "certificate_serial": signed.certificate.serial,
                "signer": signed.certificate.subject_name,
            },
        )

    @post("/{document_id:int}/release/begin", status_code=200)
    async def release_begin(
        self, document_id: RowId, actor: Actor, signing: SigningService
    ) -> SigningChallenge:
        """WebAuthn options for the văn thư, bound to the signed copy's SHA-256 and to the
        intent "Phát hành văn bản số …" with the number the release will take."""
        row, signed = await release_subject(actor, document_id)
        _, ky_hieu = await release_number(row)
        return await signing.begin_sealing(
            actor, signed["sha256"], release_intent(ky_hieu), organisation_id=row["org_id"]
        )

    @post("/{document_id:int}/release/finish", status_code=200)
    async def release_finish(
        self,
        document_id: RowId,
        data: SigningFinish,
        actor: Actor,
        signing: SigningService,
        files: FileStore,
        outgoing: Outgoing,
    ) -> DocumentDetail:
        """Verify the văn thư's fresh assertion; write the number and today's date into the
        lãnh đạo's signed copy, apply the organisation's signature, allocate the number and
        release the document."""
        row, signed = await release_subject(actor, document_id)
        number = await release_number(row)
        issued = today()
        pdf = await files.read(signed["sha256"])
        form = await anyio.to_thread.run_sync(release_form.completion, pdf, number[1], issued)
        try:
            released = await signing.finish_sealing(
                actor,
                data.ceremony,
                data.credential,
                pdf,
                release_intent(number[1]),
                organisation_id=row["org_id"],
                form=form,
                document_ref=f"document:{document_id}",
            )
        except Problem as problem:
            if problem.code != "intent_changed":
                raise
            # Only the number can differ: another release took the one he confirmed.
            raise Problem(
                409,
                f"Số văn bản vừa được cấp cho văn bản khác; văn bản này sẽ phát hành với số "
                f"{number[1]}. Chưa phát hành: hãy xác nhận lại.",
                code="number_taken",
            ) from problem
        return await outgoing.record_release(actor, row, signed, released, number, issued)
