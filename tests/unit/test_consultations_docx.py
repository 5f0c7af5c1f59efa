"""A DOCX draft as text, without a database: Word's numbering written back, broken and
oversized packages refused."""

from __future__ import annotations

import io

import pytest

from backend.consultations import docx_text
from backend.core.problems import Problem


def _docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("I. MỤC TIÊU")
    document.add_paragraph("Tăng trưởng nhanh", style="List Number")
    document.add_paragraph("Bền vững", style="List Number")
    document.add_paragraph("Trong mọi lĩnh vực.", style="List Bullet")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Ô trong bảng"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_numbering_is_written_back():
    text = docx_text.docx_to_text(_docx())
    assert text.split("\n\n") == [
        "I. MỤC TIÊU",
        "1. Tăng trưởng nhanh",
        "2. Bền vững",
        "- Trong mọi lĩnh vực.",
        "Ô trong bảng",
    ]


def test_broken_and_oversized_packages_are_refused(monkeypatch):
    with pytest.raises(Problem) as broken:
        docx_text.docx_to_text(b"not a zip")
    assert broken.value.status_code == 422
    monkeypatch.setattr(docx_text, "MAX_UNPACKED", 1000)
    with pytest.raises(Problem) as big:
        docx_text.docx_to_text(_docx())
    assert big.value.detail == "Tài liệu Word quá lớn khi giải nén."
