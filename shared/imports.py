"""Imports of tabular files (CSV, XLSX) with row-level errors: the job a client polls."""

from __future__ import annotations

import enum
from datetime import datetime

import msgspec


class ImportStatus(enum.StrEnum):
    CHECKING = "dang_kiem_tra"  # reading and checking every row; nothing written
    REJECTED = "co_loi"  # some rows are wrong: nothing was written
    VALID = "hop_le"  # checked only (mode "check"): every row is right, nothing written
    WRITING = "dang_ghi"  # every row is right; writing them in one transaction
    DONE = "xong"  # written
    FAILED = "that_bai"  # the file could not be read, or the work stopped: nothing written


IMPORT_STATUS_LABELS: dict[ImportStatus, str] = {
    ImportStatus.CHECKING: "Đang kiểm tra",
    ImportStatus.REJECTED: "Có dòng sai, chưa ghi gì",
    ImportStatus.VALID: "Hợp lệ (chỉ kiểm tra)",
    ImportStatus.WRITING: "Đang ghi",
    ImportStatus.DONE: "Đã nhập xong",
    ImportStatus.FAILED: "Không nhập được",
}

FINISHED_IMPORTS = frozenset(
    {ImportStatus.REJECTED, ImportStatus.VALID, ImportStatus.DONE, ImportStatus.FAILED}
)


class ImportMode(enum.StrEnum):
    APPLY = "apply"  # check, then write when every row is right
    CHECK = "check"  # check only


class RowError(msgspec.Struct, frozen=True):
    # The line of the file (CSV) or the row number Excel shows (XLSX); 1 is the header row.
    line: int
    column: str  # the column's header as the layout names it; "" for the whole row
    reason: str  # Vietnamese, says how to fix it


class ImportJob(msgspec.Struct, frozen=True):
    id: int
    kind: str  # the layout: "dang_vien", later "dai_bieu" …
    filename: str
    status: ImportStatus
    status_label: str
    mode: ImportMode
    rows_total: int  # data rows in the file (known once it is read)
    rows_checked: int  # progress of the check
    created: int  # records added (when written)
    updated: int  # records updated by their natural key (when written)
    unchanged: int
    errors: list[RowError]  # the first errors, by line (every bad row when fewer than 1,000)
    error_count: int
    message: str  # a file-level explanation (wrong encoding, missing columns …)
    ignored_columns: list[str]
    started_at: datetime
    finished_at: datetime | None = None


class ImportColumn(msgspec.Struct, frozen=True):
    header: str
    required: bool
    description: str  # what goes in it, with the format (dd/mm/yyyy …)


class ImportLayout(msgspec.Struct, frozen=True):
    kind: str
    title: str
    natural_key: str  # the header of the column a re-import updates by
    columns: list[ImportColumn]
