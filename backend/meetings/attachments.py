"""Documents attached to a meeting, in the one file store, through the same gate as documents.

An upload is held in memory, inspected by its bytes (PDF, DOCX, XLSX only;
``FileStore.receive``) and then passes the classification rule of the documents area
(``backend/documents/classification.py``, called where it lives) on every text the file carries:
a file stamped Mật, Tối mật or Tuyệt mật is a state secret and is dropped before anything of it
is written; a scan (no text layer) needs the secretary's answer to the độ mật question.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.documents.gate import gate_attachment
from backend.files.services import AsyncReadable, FileStore
from backend.meetings.detail import after_write
from backend.meetings.policy import POLICY, may_read
from backend.meetings.records import meeting_record, meeting_row, readable_meeting
from backend.meetings.tables import MeetingFile
from backend.meetings.timeline import TIMELINE
from shared.documents import DoMat
from shared.meetings import MeetingAction, MeetingDetail


def _refused(marking: str) -> Problem:
    return Problem(
        422,
        f"Tài liệu có dấu độ mật “{marking.capitalize()}”: tài liệu mật là bí mật nhà nước, "
        "không được đưa lên hệ thống kết nối Internet này. Tệp đã bị từ chối, không có gì được "
        "lưu. Hãy phổ biến tài liệu mật theo quy trình riêng tại cuộc họp.",
        code="classified",
        extra={"marking": marking},
    )


class MeetingFiles:
    def __init__(self, files: FileStore) -> None:
        self.files = files

    async def attach(
        self,
        actor: Actor,
        meeting_id: int,
        source: AsyncReadable | bytes,
        filename: str,
        do_mat: DoMat | None = None,
    ) -> MeetingDetail:
        _, record = await readable_meeting(actor, meeting_id)
        POLICY.require(MeetingAction.ATTACH_FILE, actor, record)
        staged = await self.files.receive(source, filename)
        name = await gate_attachment(
            self.files,
            staged,
            do_mat,
            actor=actor,
            audit_action="meeting.refused_classified",
            target=f"meeting:{meeting_id}",
            refused=_refused,
        )
        async with self.files.placing(staged):
            async with db.transaction():
                await self.files.record(staged)
                await MeetingFile.insert(
                    MeetingFile(
                        meeting=meeting_id,
                        sha256=staged.sha256,
                        filename=name,
                        mime=staged.mime,
                        size=staged.size,
                        uploaded_by=actor.id,
                        created_at=now(),
                    )
                )
                await TIMELINE.record(
                    meeting_id, actor, "file_added", {"sha256": staged.sha256, "filename": name}
                )
        return await after_write(actor, meeting_id)


async def readable_file(actor: Actor, sha256: str) -> str | None:
    """The name under which ``actor`` may download the blob as a meeting's file (the files
    controller's ``file_access`` hook), or None."""
    rows = await MeetingFile.select(MeetingFile.meeting, MeetingFile.filename).where(
        MeetingFile.sha256 == sha256
    )
    for row in rows:
        record, _ = await meeting_record(actor, await meeting_row(row["meeting"]))
        if may_read(actor, record):
            return row["filename"]
    return None
