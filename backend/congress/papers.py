"""The text of a written contribution (tham luận), in the one file store, through the same
gate as every other upload.

The delegate attaches it to his own contribution while it waits for the secretariat. The
upload is held in memory and inspected by its bytes (PDF, DOCX, XLSX only); a file stamped
Mật, Tối mật or Tuyệt mật is a state secret and is dropped before anything of it is written
(``backend/documents/classification.py``, called where it lives); a scan with no text layer
needs the delegate's answer to the độ mật question. Who may download it: its delegate and
the members of the congress's bodies (:func:`readable_paper`, the files controller's hook).
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.live import lock_congress
from backend.congress.policy import POLICY
from backend.congress.records import congress_record, congress_row, readable_congress
from backend.congress.speakers import Speakers, speaker_record, speaker_row
from backend.congress.tables import Speaker
from backend.congress.timeline import TIMELINE
from backend.core.problems import Problem
from backend.documents.gate import gate_attachment
from backend.files.services import AsyncReadable, FileStore
from shared.congress import CongressAction
from shared.congress_hall import ItemSpeakers
from shared.documents import DoMat


def _refused(marking: str) -> Problem:
    return Problem(
        422,
        f"Tệp có dấu độ mật “{marking.capitalize()}”: tài liệu mật là bí mật nhà nước, không "
        "được đưa lên hệ thống kết nối Internet này. Tệp đã bị từ chối, không có gì được lưu.",
        code="classified",
        extra={"marking": marking},
    )


class Papers:
    def __init__(self, files: FileStore, speakers: Speakers) -> None:
        self.files = files
        self.speakers = speakers

    async def attach(
        self,
        actor: Actor,
        congress_id: int,
        speaker_id: int,
        source: AsyncReadable | bytes,
        filename: str,
        do_mat: DoMat | None = None,
    ) -> ItemSpeakers:
        _, record = await readable_congress(actor, congress_id)
        row = await speaker_row(congress_id, speaker_id)
        POLICY.require(CongressAction.ATTACH_PAPER, actor, speaker_record(record, row))
        staged = await self.files.receive(source, filename)
        name = await gate_attachment(
            self.files,
            staged,
            do_mat,
            actor=actor,
            audit_action="congress.refused_classified",
            target=f"congress:{congress_id}",
            refused=_refused,
            detail={"speaker": speaker_id},
        )
        async with self.files.placing(staged):
            async with db.transaction():
                await lock_congress(congress_id)
                row = await speaker_row(congress_id, speaker_id)
                POLICY.require(CongressAction.ATTACH_PAPER, actor, speaker_record(record, row))
                await self.files.record(staged)
                await Speaker.update({Speaker.sha256: staged.sha256, Speaker.filename: name}).where(
                    Speaker.id == speaker_id
                )
                await TIMELINE.record(
                    congress_id,
                    actor,
                    "paper_attached",
                    {"speaker": speaker_id, "sha256": staged.sha256, "filename": name},
                )
        return await self.speakers.item_list(actor, congress_id, row["item"])


async def readable_paper(actor: Actor, sha256: str) -> str | None:
    """The name under which ``actor`` may download the blob as a contribution's text (its
    delegate, or a member of one of the congress's bodies), or None."""
    rows = await Speaker.select(Speaker.congress, Speaker.delegate, Speaker.filename).where(
        Speaker.sha256 == sha256
    )
    for row in rows:
        record = await congress_record(actor, await congress_row(row["congress"]))
        if record.bodies or record.delegate_id == row["delegate"]:
            return row["filename"]
    return None
