"""The audit chain's head, kept outside the database.

The hash chain shows a changed or deleted row only while a later row still links to it:
deleting the newest rows (or every row) leaves a shorter chain that is still valid. So
``dangbo audit verify`` writes the head it has just verified to a file, and the next run checks
that this row is still there with the same hash and the same number of rows up to it.

Nothing is written when an event is appended: events join their callers' transactions, which
may still roll back, and the hot path should not pay for a file write. The cost is a window:
rows appended after the last checkpoint and then deleted before the next run go unnoticed.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated

import msgspec

from backend.audit.services import verify_chain
from backend.audit.tables import AuditEvent
from backend.core.clock import now
from shared.clock import dmy_hm

FILE_NAME = "audit-checkpoint.json"


class Checkpoint(msgspec.Struct, frozen=True):
    id: Annotated[int, msgspec.Meta(ge=0)]  # 0: the chain was empty
    hash: Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
    count: Annotated[int, msgspec.Meta(ge=0)]  # rows up to and including ``id``
    verified_at: Annotated[datetime, msgspec.Meta(tz=True)]


class CheckpointError(Exception):
    """The checkpoint file exists but cannot be read as a checkpoint."""


class Verification(msgspec.Struct, frozen=True):
    ok: bool
    message: str  # for the operator, in Vietnamese, one or more lines
    first_bad_id: int | None = None
    written: Checkpoint | None = None  # the new checkpoint, when ok


def default_path(var_dir: Path) -> Path:
    return var_dir / FILE_NAME


def read_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint in ``path``, or None if there is none yet."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CheckpointError(str(exc)) from exc
    try:
        return msgspec.json.decode(data, type=Checkpoint)
    except msgspec.DecodeError as exc:  # also covers ValidationError
        raise CheckpointError(str(exc)) from exc


def write_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Write atomically: a crash leaves the old checkpoint or the new one, never half of one.

    The temporary file is created 0600 by ``mkstemp`` and renamed over the old file. Losing the
    rename in a power cut only keeps the previous checkpoint, which is still a true one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(msgspec.json.format(msgspec.json.encode(checkpoint)) + b"\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def _differs(previous: Checkpoint) -> str:
    """Why the database no longer matches ``previous``; empty if it still does."""
    if previous.id:
        row = await AuditEvent.select(AuditEvent.hash).where(AuditEvent.id == previous.id).first()
        if row is None:
            return "bản ghi này có ở điểm kiểm tra lần trước nhưng không còn (đã bị xóa)"
        if row["hash"] != previous.hash:
            return "mã băm khác với điểm kiểm tra lần trước (bản ghi bị thay hoặc chuỗi bị ghi lại)"
    count = await AuditEvent.count().where(AuditEvent.id <= previous.id)
    if count != previous.count:
        return (
            f"đến bản ghi này còn {count} bản ghi, điểm kiểm tra lần trước ghi {previous.count} "
            "(có bản ghi bị xóa)"
        )
    return ""


async def verify_with_checkpoint(path: Path) -> Verification:
    """Verify the chain, compare it with the checkpoint in ``path``, then advance it.

    On any failure the checkpoint is left as it was: it is the evidence of what was there.
    """
    try:
        previous = read_checkpoint(path)
    except CheckpointError as exc:
        return Verification(
            False,
            f"Không đọc được điểm kiểm tra {path}: {exc}\n"
            "Tệp bị hỏng hoặc bị sửa; lệnh không ghi đè nó. Hãy xem lại tệp (hoặc lấy bản sao "
            "đầu chuỗi đã lưu ở nơi khác) trước khi xóa nó để bắt đầu lại.",
        )

    report = await verify_chain()
    if not report.ok:
        return Verification(
            False,
            f"Nhật ký KHÔNG toàn vẹn tại bản ghi #{report.first_bad_id}: {report.reason} "
            f"(đã kiểm {report.checked} bản ghi trước đó).",
            report.first_bad_id,
        )

    lines = [f"Nhật ký kiểm tra toàn vẹn: {report.checked} bản ghi hợp lệ."]
    if previous is not None:
        reason = await _differs(previous)
        if reason:
            return Verification(
                False,
                f"Nhật ký KHÔNG toàn vẹn tại bản ghi #{previous.id}: {reason}.\n"
                f"Điểm kiểm tra lần trước ({dmy_hm(previous.verified_at)}): bản ghi "
                f"#{previous.id}, {previous.count} bản ghi, mã băm {previous.hash}.\n"
                f"Tệp {path} được giữ nguyên.",
                previous.id,
            )
        lines.append(
            f"Khớp với điểm kiểm tra lần trước ({dmy_hm(previous.verified_at)}): bản ghi "
            f"#{previous.id}, {previous.count} bản ghi."
        )

    checkpoint = Checkpoint(
        id=report.head_id,
        hash=report.head_hash,
        count=report.checked,
        verified_at=now(),
    )
    try:
        write_checkpoint(path, checkpoint)
    except OSError as exc:
        return Verification(
            False, "\n".join([*lines, f"Không ghi được điểm kiểm tra {path}: {exc}"])
        )
    lines.append(f"Đầu chuỗi: #{checkpoint.id} {checkpoint.hash}")
    lines.append(f"Đã lưu điểm kiểm tra: {path}")
    return Verification(True, "\n".join(lines), written=checkpoint)
