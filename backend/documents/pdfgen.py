"""Party-style PDFs (thể thức văn bản của Đảng) for the demo register and for tests.

Layout after Hướng dẫn 36-HD/VPTW: on the left the issuing body and "Số …", on the right
"ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date; the type and the trích yếu centred; the body;
the signature block. Set in a Vietnamese subset of DejaVu Sans that ships with the project
(``fonts/``, licence beside it), so it renders the same on any machine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
logging.getLogger("fontTools").setLevel(logging.WARNING)  # font subsetting chatter


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


def _date_line(place: str, day: date | None) -> str:
    if day is None:
        return f"{place}, ngày    tháng    năm 20  "
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def render(doc: PartyDocument) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans-vi.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold-vi.ttf"))
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
    number = f"Số {doc.so_ky_hieu}" if doc.so_ky_hieu else "Số     -"
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
    return bytes(pdf.output())


def paragraphs_of(text: str) -> list[str]:
    """Blank-line separated paragraphs, lines inside one joined; Markdown emphasis dropped."""
    blocks: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        joined = joined.replace("**", "").replace("*", "")
        if joined:
            blocks.append(joined)
    return blocks
