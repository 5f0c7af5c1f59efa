"""The options the Văn bản screens offer in their selects (value for the API, Vietnamese
label to show)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.documents import DO_KHAN_LABELS, DOCUMENT_TYPES


@dataclass
class Choice:
    value: str
    label: str


TYPE_CHOICES = [Choice(code, f"{name} ({code})") for code, name in DOCUMENT_TYPES.items()]
URGENCY_CHOICES = [Choice(k.value, v) for k, v in DO_KHAN_LABELS.items()]
# Offered so that a clerk can say what a document is; the API refuses all but "khong".
CLASSIFICATION_CHOICES = [
    Choice("khong", "Không mật"),
    Choice("mat", "Mật"),
    Choice("toi_mat", "Tối mật"),
    Choice("tuyet_mat", "Tuyệt mật"),
]
