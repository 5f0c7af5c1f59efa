"""``/api/documents/{id}/sign/…``: signing an outgoing document with a passkey step-up.

The document rules (who may sign, which file, the intent shown to the signer) come from
:mod:`backend.documents.services`; the WebAuthn step-up, the key and PAdES from
:mod:`backend.signing.signer`.
"""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor, provide_client
from backend.accounts.identity import Actor, Client
from backend.core.inject import inject
from backend.documents import services
from backend.files.services import file_store
from backend.signing.signer import SigningService
from shared.documents import DocumentDetail
from shared.signing import SigningChallenge, SigningFinish


class DocumentSigningController(Controller):
    path = "/api/documents"
    tags = ["Văn bản"]
    dependencies = {
        "actor": Provide(provide_actor),
        "client": Provide(provide_client, sync_to_thread=False),
        "signing": inject(SigningService),
    }

    @post(
        "/{document_id:int}/sign/begin",
        status_code=200,
    )
    async def sign_begin(
        self, document_id: int, actor: Actor, signing: SigningService
    ) -> SigningChallenge:
        """WebAuthn options whose challenge is bound to this PDF's SHA-256 and to the intent
        "Ký văn bản số …"."""
        row, original = await services.signing_subject(actor, document_id)
        return await signing.begin_signing(actor, original["sha256"], services.signing_intent(row))

    @post(
        "/{document_id:int}/sign/finish",
        status_code=200,
    )
    async def sign_finish(
        self,
        document_id: int,
        data: SigningFinish,
        actor: Actor,
        client: Client,
        signing: SigningService,
    ) -> DocumentDetail:
        """Verify the fresh assertion, sign the stored PDF (PAdES) and keep the signed copy."""
        row, original = await services.signing_subject(actor, document_id)
        pdf = await file_store().read(original["sha256"])
        signed = await signing.finish_signing(
            actor,
            data.ceremony,
            data.credential,
            pdf,
            services.signing_intent(row),
            document_ref=f"document:{document_id}",
        )
        return await services.record_signed(
            actor,
            document_id,
            signed.data,
            client,
            {
                "certificate_serial": signed.certificate.serial,
                "signer": signed.certificate.subject_name,
            },
        )
