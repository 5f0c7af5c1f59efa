"""``/api/members``: a member's own record, a chi bộ's roll and its import, corrections."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.imports.jobs import ImportRunner
from backend.imports.uploads import ImportForm, read_upload
from backend.members.corrections import Corrections
from backend.members.importing import MemberImport
from backend.members.policy import POLICY
from backend.members.profiles import Profiles
from backend.members.records import roll_record
from shared.imports import ImportJob
from shared.members import (
    Correction,
    CorrectionCreate,
    CorrectionResolve,
    MemberAction,
    MemberProfile,
    MemberRoll,
)


class MemberController(Controller):
    path = "/api/members"
    tags = ["Hồ sơ đảng viên"]
    dependencies = {
        "actor": Provide(provide_actor),
        "profiles": inject(Profiles),
        "corrections": inject(Corrections),
        "importer": inject(MemberImport),
        "runner": inject(ImportRunner),
    }

    @get("/me", opt={"problems": (404,)})
    async def own(self, actor: Actor, profiles: Profiles) -> MemberProfile:
        """The caller's own record (số định danh masked); each read is audited."""
        return await profiles.own(actor)

    @get("/{member_id:int}")
    async def profile(self, actor: Actor, profiles: Profiles, member_id: RowId) -> MemberProfile:
        """A record the caller may read: his own, or one of a chi bộ whose roll he keeps."""
        return await profiles.profile(actor, member_id)

    @post("/{member_id:int}/corrections", status_code=201)
    async def request_correction(
        self,
        actor: Actor,
        profiles: Profiles,
        corrections: Corrections,
        member_id: RowId,
        data: CorrectionCreate,
    ) -> MemberProfile:
        """Ask the chi bộ to correct a field of one's own record."""
        await corrections.request(actor, member_id, data)
        return await profiles.profile(actor, member_id)

    @post("/corrections/{correction_id:int}/resolve", status_code=200)
    async def resolve_correction(
        self, actor: Actor, corrections: Corrections, correction_id: RowId, data: CorrectionResolve
    ) -> Correction:
        """Accept (writing the value) or reject (with a reason) a correction request."""
        return await corrections.resolve(actor, correction_id, data)

    @get("/rolls/{organisation_id:int}", opt={"problems": (422,)})
    async def roll(self, actor: Actor, profiles: Profiles, organisation_id: RowId) -> MemberRoll:
        """A chi bộ's members and pending corrections, for its secretary."""
        return await profiles.roll(actor, organisation_id)

    @post("/rolls/{organisation_id:int}/imports", status_code=202)
    async def import_roll(
        self,
        actor: Actor,
        importer: MemberImport,
        runner: ImportRunner,
        organisation_id: RowId,
        data: Annotated[ImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> ImportJob:
        """Import the chi bộ's member list (CSV or XLSX, layout ``dang_vien``). Answers the job
        at once; poll ``GET /api/imports/{id}`` until it is finished. Every bad row is
        reported and nothing is written unless every row is right."""
        org, record = await roll_record(actor, organisation_id)
        POLICY.require(MemberAction.IMPORT, actor, record)
        content, filename = await read_upload(data.file)
        plan = importer.plan(actor, organisation_id, org["code"])
        return await runner.start(actor, plan, content, filename, data.mode)
