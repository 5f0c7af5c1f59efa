"""A document's files: the rows that name its blobs in the one file store."""

from __future__ import annotations

from backend.core.clock import now
from backend.documents.tables import DocumentFile
from backend.files.inspection import FileKind
from backend.files.services import FileStore, StagedFile
from shared.documents import FileRole


def stored_name(staged: StagedFile) -> str:
    """The upload's name, with the extension its content has (``phu-luc`` → ``phu-luc.docx``)."""
    kind = staged.inspected.kind if staged.inspected else FileKind.PDF
    name = staged.filename
    if not name.lower().endswith(kind.extension):
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}{kind.extension}"
    return name


async def record_file(
    files: FileStore, document_id: int, staged: StagedFile, role: FileRole, uploaded_by: int
) -> None:
    """The blob's store row and the document's file row (inside the caller's transaction)."""
    await files.record(staged)
    await DocumentFile.insert(
        DocumentFile(
            document=document_id,
            sha256=staged.sha256,
            filename=stored_name(staged),
            mime=staged.mime,
            size=staged.size,
            role=role.value,
            uploaded_by=uploaded_by,
            created_at=now(),
        )
    )


async def original_file(document_id: int) -> dict | None:
    """The newest original: the draft's current version, the file to sign."""
    return (
        await DocumentFile.select()
        .where(
            (DocumentFile.document == document_id) & (DocumentFile.role == FileRole.ORIGINAL.value)
        )
        .order_by(DocumentFile.id, ascending=False)
        .first()
    )
