"""An uploaded import file, read whole (imports are small) with the size limit checked first."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.datastructures import UploadFile

from backend.core.problems import Problem
from backend.files.services import safe_filename
from backend.imports.jobs import MAX_BYTES
from shared.imports import ImportMode


@dataclass
class ImportForm:
    """``file``: the CSV or XLSX; ``mode``: ``apply`` (default) or ``check`` (check only)."""

    file: UploadFile
    mode: ImportMode = ImportMode.APPLY


async def read_upload(upload: UploadFile) -> tuple[bytes, str]:
    try:
        data = await upload.read(MAX_BYTES + 1)
    finally:
        await upload.close()
    if len(data) > MAX_BYTES:
        raise Problem(
            413,
            f"Tệp nhập quá {MAX_BYTES // (1024 * 1024)} MB; hãy tách thành nhiều tệp.",
            code="file_too_large",
        )
    return data, safe_filename(upload.filename or "", default="tep-nhap")
