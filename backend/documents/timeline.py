"""A document's timeline: writing its lines (with their audit records) and reading them back
as Vietnamese sentences."""

from __future__ import annotations

import json
from datetime import date

from backend.audit.timeline import Timeline
from backend.core.clock import dmy
from backend.core.convert import to_struct
from backend.documents.tables import DocumentEvent
from shared.documents import (
    ASSIGNMENT_ROLE_LABELS,
    STATUS_LABELS,
    AssignmentRole,
    Direction,
    DocumentStatus,
    TimelineEntry,
)

# Audit actions are ``document.<action>``, targets ``document:<id>``.
TIMELINE = Timeline(DocumentEvent, "document", "document")


def _names(items: list[dict]) -> str:
    return ", ".join(i.get("name", "") for i in items)


def _assigned(detail: dict) -> str:
    text = f"Phân công xử lý chính: {detail['main']['name']}"
    if detail.get("co"):
        text += f"; phối hợp: {_names(detail['co'])}"
    if detail.get("readers"):
        text += f"; để biết: {_names(detail['readers'])}"
    if detail.get("deadline"):
        text += f"; hạn {dmy(date.fromisoformat(detail['deadline']))}"
    if detail.get("instruction"):
        text += f". Ý kiến chỉ đạo: {detail['instruction']}"
    return text


def _forwarded(detail: dict) -> str:
    role = ASSIGNMENT_ROLE_LABELS[AssignmentRole(detail["role"])].lower()
    text = f"Chuyển tiếp ({role}) cho {_names(detail['to'])}"
    return text + (f": {detail['note']}" if detail.get("note") else "")


def _status(detail: dict) -> str:
    text = (
        f"Chuyển trạng thái: {STATUS_LABELS[DocumentStatus(detail['from'])]} → "
        f"{STATUS_LABELS[DocumentStatus(detail['to'])]}"
    )
    if detail.get("ky_hieu"):
        text += f" (cấp số {detail['ky_hieu']})"
    if detail.get("note"):
        text += f": {detail['note']}"
    return text


def describe_event(action: str, detail: dict) -> str:
    """The timeline line, in Vietnamese."""
    if action == "registered":
        if detail.get("direction") == Direction.DEN.value:
            return f"Vào sổ văn bản đến, số đến {detail.get('so_den')}"
        return "Tạo dự thảo văn bản đi"
    if action == "assigned":
        return _assigned(detail)
    if action == "forwarded":
        return _forwarded(detail)
    if action == "opinion":
        return "Ghi ý kiến xử lý"
    if action == "done":
        return f"Báo hoàn thành: {detail.get('result', '')}"
    if action == "status":
        return _status(detail)
    if action == "shared":
        return f"Chia sẻ cho {_names(detail['with'])}"
    if action == "file_added":
        return f"Thêm tệp {detail.get('filename', '')}"
    if action == "signed":
        return "Ký số văn bản"
    if action == "sent_to_leader":
        text = f"Trình lãnh đạo phân công: {_names(detail.get('to', []))}"
        return text + (f". {detail['note']}" if detail.get("note") else "")
    if action == "opened":
        return "Mở đọc lần đầu"
    if action == "classification_declared":
        return (
            "Xác nhận độ mật của tệp không có lớp chữ (bản quét, "
            f"{detail.get('image_only_pages', 0)} trang ảnh): không mật"
        )
    return action


def _detail_of(raw: object) -> dict:
    # A JSON column arrives as text on both engines unless Piccolo is asked to load it.
    return raw if isinstance(raw, dict) else json.loads(raw or "{}")


async def entries(document_id: int) -> list[TimelineEntry]:
    """The document's timeline, oldest first (readability is the caller's check)."""
    rows = (
        await DocumentEvent.select(
            DocumentEvent.id,
            DocumentEvent.at,
            DocumentEvent.action,
            DocumentEvent.detail,
            DocumentEvent.actor.full_name.as_alias("actor_name"),
        )
        .where(DocumentEvent.document == document_id)
        .order_by(DocumentEvent.id)
    )
    found = []
    for row in rows:
        detail = _detail_of(row["detail"])
        found.append(
            to_struct(
                row,
                TimelineEntry,
                actor_name=row["actor_name"] or "",
                text=describe_event(row["action"], detail),
                detail=detail,
            )
        )
    return found
