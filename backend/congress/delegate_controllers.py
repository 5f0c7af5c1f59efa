"""``/api/congresses/{id}/delegates``: the delegate list and its import, the credentials
review and its report."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.congress import delegates as queries
from backend.congress.credentials import Credentials
from backend.congress.credentials_report import credentials_report
from backend.congress.importing import DelegateImport
from backend.congress.policy import POLICY
from backend.congress.records import readable_congress
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.paging import Limit
from backend.imports.jobs import ImportRunner
from backend.imports.uploads import ImportForm, read_upload
from shared.congress import (
    CongressAction,
    CredentialRejection,
    CredentialReplacement,
    CredentialsReport,
    CredentialStatus,
    DelegateDetail,
    DelegateKind,
    DelegatePage,
    WholeAbsence,
)
from shared.imports import ImportJob

Delegation = Annotated[str, Parameter(max_length=200, description="đoàn đại biểu")]


class CongressDelegateController(Controller):
    path = "/api/congresses/{congress_id:int}"
    tags = ["Đại hội"]
    dependencies = {
        "actor": Provide(provide_actor),
        "importer": inject(DelegateImport),
        "runner": inject(ImportRunner),
        "credentials": inject(Credentials),
    }

    @get("/delegates")
    async def delegates(
        self,
        actor: Actor,
        congress_id: RowId,
        delegation: Delegation | None = None,
        kind: DelegateKind | None = None,
        status: CredentialStatus | None = None,
        cursor: str | None = None,
        limit: Limit = 50,
    ) -> DelegatePage:
        """The delegates (the congress's bodies), by số thẻ; filter by delegation, kind and
        credential status."""
        return await queries.delegates(
            actor,
            congress_id,
            delegation=delegation,
            kind=kind,
            status=status,
            cursor=cursor,
            limit=limit,
        )

    @get("/delegates/{delegate_id:int}")
    async def delegate(
        self, actor: Actor, congress_id: RowId, delegate_id: RowId
    ) -> DelegateDetail:
        """One delegate: for the congress's bodies and for the delegate himself."""
        return await queries.one(actor, congress_id, delegate_id)

    @post("/delegates/imports", status_code=202)
    async def import_delegates(
        self,
        actor: Actor,
        importer: DelegateImport,
        runner: ImportRunner,
        congress_id: RowId,
        data: Annotated[ImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> ImportJob:
        """Import the delegate list (CSV or XLSX, layout ``dai_bieu``; the organising
        committee). Answers the job at once; poll ``GET /api/imports/{id}``. Every bad row is
        reported and nothing is written unless every row is right."""
        congress, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.IMPORT_DELEGATES, actor, record)
        content, filename = await read_upload(data.file)
        plan = importer.plan(actor, congress_id, congress["name"])
        return await runner.start(actor, plan, content, filename, data.mode)

    # ---- credentials ------------------------------------------------------------------

    @post("/delegates/{delegate_id:int}/credentials/accept", status_code=200)
    async def accept(
        self, actor: Actor, credentials: Credentials, congress_id: RowId, delegate_id: RowId
    ) -> DelegateDetail:
        """The credentials committee accepts the delegate's credentials."""
        return await credentials.accept(actor, congress_id, delegate_id)

    @post("/delegates/{delegate_id:int}/credentials/reject", status_code=200)
    async def reject(
        self,
        actor: Actor,
        credentials: Credentials,
        congress_id: RowId,
        delegate_id: RowId,
        data: CredentialRejection,
    ) -> DelegateDetail:
        """The credentials committee rejects them, with the reason."""
        return await credentials.reject(actor, congress_id, delegate_id, data)

    @post("/delegates/{delegate_id:int}/credentials/replace", status_code=200)
    async def replace(
        self,
        actor: Actor,
        credentials: Credentials,
        congress_id: RowId,
        delegate_id: RowId,
        data: CredentialReplacement,
    ) -> DelegateDetail:
        """An official delegate replaced by an alternate, who is counted in his place."""
        return await credentials.replace(actor, congress_id, delegate_id, data)

    @post("/delegates/{delegate_id:int}/absence", status_code=200)
    async def absence(
        self,
        actor: Actor,
        credentials: Credentials,
        congress_id: RowId,
        delegate_id: RowId,
        data: WholeAbsence,
    ) -> DelegateDetail:
        """Absent for the whole congress, with the reason (``absent: false`` withdraws it)."""
        return await credentials.absence(actor, congress_id, delegate_id, data)

    @get("/credentials/report")
    async def report(self, actor: Actor, congress_id: RowId) -> CredentialsReport:
        """The credentials committee's report: counts, breakdowns, the majority base."""
        return await credentials_report(actor, congress_id)
