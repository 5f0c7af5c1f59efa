"""``/api/consultations/{id}``: the synthesis, its charts, the giải trình table, the report
as DOCX and XLSX."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post, put
from litestar.di import Provide
from litestar.params import Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.consultations.charts import Charts
from backend.consultations.explanations import Explanations
from backend.consultations.exports import DOCX_TYPE, XLSX_TYPE, report_docx, report_xlsx
from backend.consultations.synthesis import Synthesis
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.files.controllers import content_disposition
from shared.consultations import (
    ConsultationAction,
    ConsultationCharts,
    ConsultationSynthesis,
    ExplanationSet,
    ExplanationTable,
    ExplanationView,
)

UnitKeyPath = Annotated[str, Parameter(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$")]


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "content-disposition": content_disposition(filename, inline=False),
            "cache-control": "no-store",
        },
    )


class SynthesisController(Controller):
    path = "/api/consultations"
    tags = ["Góp ý dự thảo"]
    dependencies = {
        "actor": Provide(provide_actor),
        "synthesis": inject(Synthesis),
        "charts": inject(Charts),
        "explanations": inject(Explanations),
    }

    @get("/{consultation_id:int}/synthesis")
    async def synthesis(
        self, actor: Actor, synthesis: Synthesis, consultation_id: RowId
    ) -> ConsultationSynthesis:
        """Per unit: counts, agree and disagree, duplicate groups, themes with representative
        comments, the giải trình (tổ biên tập). Computed at the request."""
        return await synthesis.build(actor, consultation_id)

    @get("/{consultation_id:int}/charts")
    async def charts(
        self, actor: Actor, charts: Charts, consultation_id: RowId
    ) -> ConsultationCharts:
        """Visible comments over time, per unit and day, by age band and commune."""
        return await charts.data(actor, consultation_id)

    @get("/{consultation_id:int}/explanations")
    async def explanation_table(
        self, actor: Actor, explanations: Explanations, consultation_id: RowId
    ) -> ExplanationTable:
        """The giải trình table: every line for the editors, the published ones for others."""
        return await explanations.table(actor, consultation_id)

    @put("/{consultation_id:int}/explanations/{unit_key:str}")
    async def explain(
        self,
        actor: Actor,
        explanations: Explanations,
        consultation_id: RowId,
        unit_key: UnitKeyPath,
        data: ExplanationSet,
    ) -> ExplanationView:
        """Write the giải trình of one unit (until it is published)."""
        return await explanations.set(actor, consultation_id, unit_key, data)

    @post("/{consultation_id:int}/explanations/publish", status_code=200)
    async def publish_explanations(
        self, actor: Actor, explanations: Explanations, consultation_id: RowId
    ) -> ExplanationTable:
        """Publish the giải trình table once the consultation has ended; the authors of the
        comments it answers are told."""
        return await explanations.publish(actor, consultation_id)

    @get("/{consultation_id:int}/report.docx", opt={"media_type": DOCX_TYPE})
    async def report_docx(
        self, actor: Actor, synthesis: Synthesis, consultation_id: RowId
    ) -> Response:
        """The synthesis report as a Word document (tổ biên tập)."""
        found = await synthesis.build(actor, consultation_id, ConsultationAction.EXPORT)
        return _download(report_docx(found), DOCX_TYPE, f"tong-hop-gop-y-{consultation_id}.docx")

    @get("/{consultation_id:int}/report.xlsx", opt={"media_type": XLSX_TYPE})
    async def report_xlsx(
        self, actor: Actor, synthesis: Synthesis, consultation_id: RowId
    ) -> Response:
        """The synthesis report as a spreadsheet (tổ biên tập)."""
        found = await synthesis.build(actor, consultation_id, ConsultationAction.EXPORT)
        return _download(report_xlsx(found), XLSX_TYPE, f"tong-hop-gop-y-{consultation_id}.xlsx")
