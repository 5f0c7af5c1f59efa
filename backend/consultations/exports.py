"""The synthesis report as an office files it: DOCX (python-docx) and XLSX (openpyxl).

Both are built in memory from one ``ConsultationSynthesis`` and streamed to the editor (not
kept in the file store: the report is a view of the comments at the moment it is asked for,
and its date says so). The DOCX reads as a báo cáo tổng hợp: the title block (the body and
the national motto's place, the date), the general figures, then per unit its counts, agree
and disagree, duplicate groups, themes with representative comments and the giải trình, and
the giải trình table at the end. The XLSX holds the same figures as tables an office sorts and
sums: one sheet per kind of line.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from shared.clock import LOCAL_TZ, dmy
from shared.consultations import (
    CONSULTATION_STATUS_LABELS,
    DECISION_LABELS,
    ConsultationSynthesis,
    UnitSynthesis,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BODY = "TỔ BIÊN TẬP VĂN KIỆN"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
REPORT_TITLE = "BÁO CÁO TỔNG HỢP Ý KIẾN GÓP Ý CỦA NHÂN DÂN"
NO_DECISION = "Chưa giải trình"


def _local_date(s: ConsultationSynthesis) -> str:
    day = s.generated_at.astimezone(LOCAL_TZ).date()
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def general_figures(s: ConsultationSynthesis) -> list[tuple[str, int]]:
    return [
        ("Số góp ý đang hiển thị", s.comments),
        ("Số góp ý sau khi gộp các ý kiến trùng lặp", s.distinct),
        ("Số người góp ý", s.authors),
        ("Số lượt biểu thị tán thành, không tán thành", s.votes),
        ("Số nhóm ý kiến trùng lặp từ nhiều người (chiến dịch)", s.campaigns),
        ("Số góp ý bị ẩn khi kiểm duyệt", s.hidden),
        ("Số góp ý người viết đã rút", s.withdrawn),
    ]


def _decision(u: UnitSynthesis) -> tuple[str, str]:
    if u.explanation is None:
        return NO_DECISION, ""
    return DECISION_LABELS[u.explanation.decision], u.explanation.reason


def _themes_line(u: UnitSynthesis) -> str:
    return "; ".join(f"{t.label or 'Ý kiến khác'} ({t.comments})" for t in u.themes)


# ---- DOCX ---------------------------------------------------------------------------------------


def _centered(doc, text: str, *, bold: bool = False, size: int = 13, italic: bool = False):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return p


def _cell(cell, text: str, *, bold: bool = False, center: bool = True) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold


def report_docx(s: ConsultationSynthesis) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = doc.add_table(rows=2, cols=2)
    _cell(head.cell(0, 0), BODY, bold=True)
    _cell(head.cell(0, 1), PARTY, bold=True)
    _cell(head.cell(1, 0), "*")
    _cell(head.cell(1, 1), _local_date(s))
    _centered(doc, REPORT_TITLE, bold=True, size=14)
    _centered(doc, f"đối với {s.draft_title or s.title}", bold=True)
    _centered(
        doc,
        f"{s.title} (phiên bản {s.version}), từ {dmy(s.opens_at.astimezone(LOCAL_TZ).date())}"
        f" đến {dmy(s.closes_at.astimezone(LOCAL_TZ).date())};"
        f" {CONSULTATION_STATUS_LABELS[s.status].lower()}",
        italic=True,
    )

    doc.add_heading("I. TÌNH HÌNH CHUNG", level=1)
    figures = doc.add_table(rows=1, cols=2)
    figures.style = "Table Grid"
    _cell(figures.rows[0].cells[0], "Nội dung", bold=True)
    _cell(figures.rows[0].cells[1], "Số lượng", bold=True)
    for name, value in general_figures(s):
        cells = figures.add_row().cells
        _cell(cells[0], name, center=False)
        _cell(cells[1], str(value))

    doc.add_heading("II. TỔNG HỢP Ý KIẾN THEO TỪNG PHẦN CỦA DỰ THẢO", level=1)
    for number, u in enumerate(s.units, start=1):
        doc.add_heading(f"{number}. {u.label}", level=2)
        counts = doc.add_table(rows=2, cols=4)
        counts.style = "Table Grid"
        for i, (name, value) in enumerate(
            [
                ("Số góp ý", u.comments),
                ("Sau khi gộp trùng lặp", u.distinct),
                ("Tán thành", u.agree),
                ("Không tán thành", u.disagree),
            ]
        ):
            _cell(counts.cell(0, i), name, bold=True)
            _cell(counts.cell(1, i), str(value))
        for g in u.groups:
            kind = "Chiến dịch" if g.campaign else "Ý kiến trùng lặp"
            doc.add_paragraph(
                f"{kind}: {g.comments} góp ý từ {g.authors} người: “{g.text}”",
                style="List Bullet",
            )
        for t_number, t in enumerate(u.themes, start=1):
            p = doc.add_paragraph()
            p.add_run(f"Chủ đề {t_number}: {t.label or 'Ý kiến khác'}").bold = True
            p.add_run(f" ({t.comments} góp ý, {t.distinct} ý kiến khác nhau)")
            for r in t.representatives:
                more = f" (cùng {r.group_size} góp ý)" if r.group_size > 1 else ""
                doc.add_paragraph(f"{r.author}{more}: “{r.text}”", style="List Bullet 2")
        decision, reason = _decision(u)
        p = doc.add_paragraph()
        p.add_run("Giải trình: ").bold = True
        p.add_run(decision + (f". {reason}" if reason else ""))

    doc.add_heading("III. BẢNG GIẢI TRÌNH, TIẾP THU", level=1)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    names = ["STT", "Phần, điều, đoạn", "Số góp ý", "Tiếp thu, giải trình", "Lý do"]
    for i, name in enumerate(names):
        _cell(table.rows[0].cells[i], name, bold=True)
    for number, u in enumerate(s.units, start=1):
        decision, reason = _decision(u)
        cells = table.add_row().cells
        _cell(cells[0], str(number))
        _cell(cells[1], u.label, center=False)
        _cell(cells[2], str(u.comments))
        _cell(cells[3], decision, center=False)
        _cell(cells[4], reason, center=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---- XLSX ---------------------------------------------------------------------------------------

UNIT_COLUMNS = [
    ("STT", 6),
    ("Phần, điều, đoạn", 50),
    ("Mã đơn vị", 10),
    ("Số góp ý", 10),
    ("Sau khi gộp trùng lặp", 12),
    ("Tán thành", 10),
    ("Không tán thành", 12),
    ("Chủ đề", 50),
    ("Tiếp thu, giải trình", 20),
    ("Lý do", 60),
]


def _put(ws, row: int, column: int, value: str | int):
    """A cell whose text stays text: a citizen's "=HYPERLINK(…)" is not a formula."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _header(ws, row: int, columns: list[tuple[str, int]]) -> None:
    for i, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=i, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def report_xlsx(s: ConsultationSynthesis) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws["A1"] = BODY
    ws["A1"].font = Font(bold=True)
    ws["F1"] = PARTY
    ws["F1"].font = Font(bold=True)
    ws["F2"] = _local_date(s)
    _put(ws, 3, 1, f"{REPORT_TITLE} ĐỐI VỚI {(s.draft_title or s.title).upper()}").font = Font(
        bold=True, size=14
    )
    _put(ws, 4, 1, f"{s.title} (phiên bản {s.version})")
    row = 6
    for name, value in general_figures(s):
        _put(ws, row, 2, name)
        _put(ws, row, 4, value)
        row += 1
    row += 1
    _header(ws, row, UNIT_COLUMNS)
    for number, u in enumerate(s.units, start=1):
        decision, reason = _decision(u)
        row += 1
        values = [
            number, u.label, u.key or "", u.comments, u.distinct, u.agree, u.disagree,
            _themes_line(u), decision, reason,
        ]  # fmt: skip
        for i, value in enumerate(values, start=1):
            _put(ws, row, i, value).alignment = Alignment(
                vertical="top", wrap_text=isinstance(value, str)
            )

    themes = wb.create_sheet("Chủ đề")
    _header(
        themes,
        1,
        [("Phần, điều, đoạn", 40), ("Chủ đề", 40), ("Số góp ý", 10), ("Ý kiến khác nhau", 12),
         ("Người góp ý", 24), ("Ý kiến tiêu biểu", 80), ("Cùng nội dung", 10)],
    )  # fmt: skip
    row = 1
    for u in s.units:
        for t in u.themes:
            for r in t.representatives:
                row += 1
                for i, value in enumerate(
                    [u.label, t.label or "Ý kiến khác", t.comments, t.distinct, r.author,
                     r.text, r.group_size],
                    start=1,
                ):  # fmt: skip
                    _put(themes, row, i, value)

    groups = wb.create_sheet("Trùng lặp")
    _header(
        groups,
        1,
        [("Phần, điều, đoạn", 40), ("Nội dung", 80), ("Số góp ý", 10), ("Số người", 10),
         ("Chiến dịch", 10)],
    )  # fmt: skip
    row = 1
    for u in s.units:
        for g in u.groups:
            row += 1
            for i, value in enumerate(
                [u.label, g.text, g.comments, g.authors, "Có" if g.campaign else "Không"], start=1
            ):
                _put(groups, row, i, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
