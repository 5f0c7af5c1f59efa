"""Party-style PDFs (thể thức văn bản của Đảng) for the demo register and for tests.

Layout after Hướng dẫn 36-HD/VPTW: on the left the issuing body and "Số …", on the right
"ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date; the type and the trích yếu centred; the body;
the signature block. Set in a Vietnamese subset of DejaVu Sans that ships with the project
(``fonts/``, licence beside it), so it renders the same on any machine.

A draft (no number, no date yet) carries the số and the ngày ban hành as two read-only form
fields where they print (:data:`NUMBER_FIELD`, :data:`DATE_FIELD`): the văn thư's release
fills them after the lãnh đạo has signed (:mod:`backend.documents.release_form`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fpdf import FPDF

from backend.signing.form_fields import (
    ALIGN_CENTRE,
    ALIGN_LEFT,
    FieldLook,
    TextField,
    with_text_fields,
)

FONTS = Path(__file__).parent / "fonts"
logging.getLogger("fontTools").setLevel(logging.WARNING)  # font subsetting chatter

NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"
NUMBER_LOOK = FieldLook(size=11, align=ALIGN_CENTRE)
DATE_LOOK = FieldLook(size=10, align=ALIGN_LEFT)
NUMBER_PLACEHOLDER = "Số     -"
DATE_PLACEHOLDER = "ngày … tháng … năm …"
DATE_TEMPLATE = "ngày 00 tháng 00 năm 0000"  # the widest a date gets: digits are one width


@dataclass
class PartyDocument:
    cap_tren: str  # the level above the issuer, e.g. "ĐẢNG BỘ TỈNH BẮC NINH"
    co_quan: str  # the issuer, e.g. "TỈNH ỦY"
    so_ky_hieu: str  # "15-KH/TU" (empty for a draft: "Số    -KH/TU")
    noi_ban_hanh: str  # "Bắc Ninh"
    ngay: date | None
    loai: str  # "KẾ HOẠCH"
    trich_yeu: str
    paragraphs: list[str]
    chuc_vu: str = ""  # "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ"
    nguoi_ky: str = ""
    noi_nhan: list[str] = field(default_factory=list)
    do_khan: str = ""  # "HỎA TỐC", "KHẨN" … printed under the number


def date_words(day: date) -> str:
    """ "ngày 06 tháng 12 năm 2026": the date as a Party document prints it."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _date_line(place: str, day: date | None) -> str:
    if day is None:
        return f"{place}, ngày    tháng    năm 20  "
    return f"{place}, {date_words(day)}"


def add_fonts(pdf: FPDF) -> None:
    """Register the project's Vietnamese DejaVu subset as "DejaVu" (regular and bold): every
    PDF the app writes (documents, the congress's minutes) is set in it."""
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans-vi.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold-vi.ttf"))


def field_appearance(text: str, width: float, height: float, look: FieldLook) -> bytes:
    """What a form field of ``width`` × ``height`` points shows: ``text`` set as the page sets
    its own lines (same font, size and cell padding), as a one-page PDF."""
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    pdf.c_margin = 72 / 25.4  # 1 mm, the padding of the page's own cells
    add_fonts(pdf)
    pdf.add_page()
    if look.framed:
        pdf.set_line_width(0.6)
        pdf.rect(0.3, 0.3, width - 0.6, height - 0.6)
    pdf.set_font("DejaVu", "", look.size)
    pdf.set_xy(0, 0)
    pdf.cell(width, height, text, align={0: "L", 2: "R"}.get(look.align, "C"))
    return bytes(pdf.output())


@dataclass
class _Slot:
    """Where a field goes on the page, in the page's units (mm from the top left)."""

    name: str
    x: float
    y: float
    w: float
    h: float
    look: FieldLook
    placeholder: str


def _field(pdf: FPDF, slot: _Slot) -> TextField:
    k = pdf.k  # points per mm
    rect = (slot.x * k, (pdf.h - slot.y - slot.h) * k, (slot.x + slot.w) * k, (pdf.h - slot.y) * k)
    appearance = field_appearance(slot.placeholder, slot.w * k, slot.h * k, slot.look)
    return TextField(slot.name, "", appearance, page=0, rect=rect, look=slot.look)


def render(doc: PartyDocument) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    add_fonts(pdf)
    draft = not doc.so_ky_hieu and doc.ngay is None
    slots: list[_Slot] = []
    pdf.set_title(f"{doc.loai.title()} {doc.so_ky_hieu}".strip())
    pdf.set_creator("Đảng bộ số")
    pdf.add_page()
    left_w, right_w = 75, pdf.epw - 75
    top = pdf.get_y()

    pdf.set_font("DejaVu", "", 11)
    pdf.cell(left_w, 6, doc.cap_tren, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(left_w, 6, doc.co_quan, align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(left_w, 5, "*", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    number = f"Số {doc.so_ky_hieu}" if doc.so_ky_hieu else NUMBER_PLACEHOLDER
    if draft:
        slots.append(_Slot(NUMBER_FIELD, pdf.get_x(), pdf.get_y(), left_w, 6, NUMBER_LOOK, number))
        number = ""
    pdf.cell(left_w, 6, number, align="C", new_x="LEFT", new_y="NEXT")
    if doc.do_khan:
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(left_w, 6, doc.do_khan, align="C", new_x="LEFT", new_y="NEXT")
    bottom_left = pdf.get_y()

    pdf.set_xy(pdf.l_margin + left_w, top)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(right_w, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_x(pdf.l_margin + left_w)
    pdf.set_font("DejaVu", "", 10)
    if draft:
        # "<place>, " printed, the date a field beside it, the two centred as one line.
        prefix = f"{doc.noi_ban_hanh}, "
        prefix_w = pdf.get_string_width(prefix)
        date_w = pdf.get_string_width(DATE_TEMPLATE) + 2 * pdf.c_margin
        # The prefix's text starts one cell padding in from ``start``; so does the date's.
        start = pdf.l_margin + left_w + (right_w - prefix_w - date_w) / 2
        pdf.set_x(start)
        pdf.cell(prefix_w + pdf.c_margin, 10, prefix, align="L")
        slots.append(
            _Slot(
                DATE_FIELD, start + prefix_w, pdf.get_y(), date_w, 10, DATE_LOOK, DATE_PLACEHOLDER
            )
        )
    else:
        pdf.cell(right_w, 10, _date_line(doc.noi_ban_hanh, doc.ngay), align="C")

    pdf.set_xy(pdf.l_margin, max(bottom_left, pdf.get_y()) + 8)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, doc.loai, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, doc.trich_yeu, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, "-----", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font("DejaVu", "", 11)
    for paragraph in doc.paragraphs:
        text = paragraph.strip()
        if not text:
            continue
        heading = text.isupper() and len(text) < 120
        pdf.set_font("DejaVu", "B" if heading else "", 11)
        pdf.multi_cell(0, 6, text, align="L" if heading else "J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    if doc.chuc_vu or doc.nguoi_ky:
        pdf.ln(6)
        y = pdf.get_y()
        if doc.noi_nhan:
            pdf.set_font("DejaVu", "B", 9)
            pdf.cell(left_w, 5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 9)
            for line in doc.noi_nhan:
                pdf.cell(left_w, 5, line, new_x="LMARGIN", new_y="NEXT")
        end_left = pdf.get_y()
        pdf.set_xy(pdf.l_margin + left_w, y)
        pdf.set_font("DejaVu", "B", 11)
        for line in doc.chuc_vu.splitlines():
            pdf.set_x(pdf.l_margin + left_w)
            pdf.cell(right_w, 6, line, align="C", new_x="LEFT", new_y="NEXT")
        pdf.ln(18)
        pdf.set_x(pdf.l_margin + left_w)
        pdf.cell(right_w, 6, doc.nguoi_ky, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_y(max(end_left, pdf.get_y()))
    fields = [_field(pdf, slot) for slot in slots]
    rendered = bytes(pdf.output())
    return with_text_fields(rendered, fields) if fields else rendered


def paragraphs_of(text: str) -> list[str]:
    """Blank-line separated paragraphs, lines inside one joined; Markdown emphasis dropped."""
    blocks: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        joined = joined.replace("**", "").replace("*", "")
        if joined:
            blocks.append(joined)
    return blocks
