"""The classification gates a document passes before anything of it is stored: the độ mật the
clerk states, every metadata field, and every text its file carries; and, for a file whose
pages are only images (a scan), the clerk's explicit answer to the độ mật question.

A refusal is audited (``document.refused_classified``, with where the marking was found and
none of the document's content) and tells the clerk, in Vietnamese, that nothing was stored.
The upload is still only in memory then (:mod:`backend.files.services`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.problems import Problem
from backend.documents.classification import find_marking, marking_in_file, scan_question
from backend.files.services import FileStore, StagedFile
from shared.documents import Direction, DocumentMetadata, DoMat

MARKING_OF = {DoMat.MAT: "MẬT", DoMat.TOI_MAT: "TỐI MẬT", DoMat.TUYET_MAT: "TUYỆT MẬT"}
_METADATA_FIELDS = ("so_ky_hieu", "trich_yeu", "co_quan_ban_hanh", "nguoi_ky")


async def refuse_classified(
    actor: Actor, marking: str, where: str, direction: Direction
) -> Problem:
    """Audit the refusal (without any of the document's content) and build the error."""
    await audit.record(
        "document.refused_classified",
        actor_id=actor.id,
        target=f"organisation:{actor.organisation_code}",
        ip=actor.ip,
        detail={"marking": marking, "where": where, "direction": direction.value},
    )
    return Problem(
        422,
        f"Văn bản có độ mật “{marking.capitalize() if marking != 'MẬT' else 'Mật'}” là bí mật "
        "nhà nước: hệ thống này kết nối Internet nên không được tiếp nhận, lưu trữ hay xử lý "
        "văn bản mật. Văn bản đã bị từ chối và không có gì được lưu. Hãy xử lý theo quy trình "
        "văn bản mật trên giấy hoặc mạng nội bộ riêng.",
        code="classified",
        extra={"marking": marking},
    )


async def gate_metadata(actor: Actor, meta: DocumentMetadata) -> None:
    """The stated classification first, then a marking typed into the metadata."""
    if meta.do_mat is not None and meta.do_mat is not DoMat.KHONG:
        raise await refuse_classified(actor, MARKING_OF[meta.do_mat], "do_mat", meta.direction)
    for field in _METADATA_FIELDS:
        marking = find_marking(getattr(meta, field) or "")
        if marking:
            raise await refuse_classified(actor, marking, field, meta.direction)


async def gate_file(
    actor: Actor, staged: StagedFile, direction: Direction, do_mat: DoMat | None
) -> None:
    """Every text the file carries; then, for a scan, the clerk's answer. ``do_mat`` is the
    answer given with this upload (None: not asked yet)."""
    assert staged.inspected is not None
    found = marking_in_file(staged.inspected.carried)
    if found:
        where, marking = found
        raise await refuse_classified(actor, marking, f"file:{where}", direction)
    if staged.inspected.has_unreadable_pages and do_mat is None:
        raise scan_question(staged.inspected.image_only_pages)


def declared_for_scan(staged: StagedFile, do_mat: DoMat | None) -> dict | None:
    """The timeline and audit detail of the clerk's answer for a scan, or None when the file's
    own text was checked."""
    assert staged.inspected is not None
    if not staged.inspected.has_unreadable_pages or do_mat is None:
        return None
    return {
        "do_mat": do_mat.value,
        "image_only_pages": staged.inspected.image_only_pages,
        "sha256": staged.sha256,
    }


async def gate_attachment(
    files: FileStore,
    staged: StagedFile,
    do_mat: DoMat | None,
    *,
    actor: Actor,
    audit_action: str,
    target: str,
    refused: Callable[[str], Problem],
    detail: Mapping[str, object] | None = None,
) -> str:
    """The gate of a file attached to something other than a document of the register (a
    meeting's files, a congress's documents, a contribution's text): a marking in any text the
    file carries, or one the uploader states, drops the file (audited as ``audit_action`` on
    ``target``, none of its content) and raises ``refused(marking)``; a scan without the
    uploader's answer raises the độ mật question. Answers the name to keep it under, with the
    extension of the kind its bytes showed."""
    assert staged.inspected is not None
    found = marking_in_file(staged.inspected.carried)
    if found is None and do_mat not in (None, DoMat.KHONG):
        found = ("do_mat", MARKING_OF[do_mat])
    if found:
        files.discard(staged)
        where, marking = found
        await audit.record(
            audit_action,
            actor_id=actor.id,
            target=target,
            ip=actor.ip,
            detail={"marking": marking, "where": where, **(detail or {})},
        )
        raise refused(marking)
    if staged.inspected.has_unreadable_pages and do_mat is None:
        files.discard(staged)
        raise scan_question(staged.inspected.image_only_pages)
    extension = staged.inspected.kind.extension
    name = staged.filename
    if not name.lower().endswith(extension):
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}{extension}"
    return name
