"""Delegate cards as a PDF to print: one card for a delegate, or A4 sheets of eight (two
columns, four rows of 105 × 74.25 mm, the A7 size) with dashed cut lines between them.

A card shows the congress's name, "THẺ ĐẠI BIỂU", the QR of the card's token (vector: one
filled path per QR, so it prints sharp at any size), the delegate's name, kind, delegation,
số thẻ and the day the token stops working. Set in the project's Vietnamese fonts
(:func:`backend.documents.pdfgen.add_fonts`).

Pure: no database, so the controllers render it in a worker thread (300 cards take about a
second on an idle machine, 40 KB of PDF a page, a few MB of memory).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import segno
from fpdf import FPDF

from backend.documents.pdfgen import add_fonts
from shared.congress import DELEGATE_KIND_LABELS, DelegateKind
from shared.congress_hall import DelegateCard

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
CELL_W, CELL_H = PAGE_W / COLUMNS, PAGE_H / ROWS  # 105 × 74.25: A7, landscape
INSET = 4.0  # the card's frame inside its cell: printers leave the sheet's edges blank
QR_LEFT, QR_TOP, QR_SIZE = 3.0, 18.0, 42.0  # from the frame's top left; quiet zone included
QR_BORDER = 4  # modules of quiet zone
QR_MASK = 0
TEXT_LEFT = QR_LEFT + QR_SIZE + 2.0
RED = (180, 0, 0)


@dataclass(frozen=True)
class PrintableCard:
    congress_name: str
    full_name: str
    kind: DelegateKind
    delegation: str
    code: str
    card_version: int
    token: str
    last_day: date  # the token works until the end of this day


def printable(card: DelegateCard) -> PrintableCard:
    return PrintableCard(
        congress_name=card.congress_name,
        full_name=card.full_name,
        kind=card.kind,
        delegation=card.delegation,
        code=card.code,
        card_version=card.card_version,
        token=card.token,
        last_day=(card.valid_until - timedelta(seconds=1)).date(),
    )


def qr_modules(token: str) -> list[list[bool]]:
    """The QR of ``token`` as the card prints it (error correction M, the quiet zone
    included); True is a dark module. The mask is fixed: choosing the best of the eight
    took ~60 % of a 300-card batch, and any mask reads (the screen's card keeps segno's
    choice)."""
    code = segno.make_qr(token, error="m", boost_error=False, mask=QR_MASK)
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=QR_BORDER)]


def slot_origin(index: int) -> tuple[float, float]:
    """The top left of the frame of the card at ``index`` on its page, in mm."""
    place = index % PER_PAGE
    column, row = place % COLUMNS, place // COLUMNS
    return column * CELL_W + INSET, row * CELL_H + INSET


def qr_box(index: int) -> tuple[float, float, float]:
    """Where the QR of the card at ``index`` prints on its page: left, top, size in mm."""
    x, y = slot_origin(index)
    return x + QR_LEFT, y + QR_TOP, QR_SIZE


def _draw_qr(pdf: FPDF, token: str, left: float, top: float, size: float) -> None:
    # One path of a rectangle per run of dark modules, filled once: drawing each run with
    # pdf.rect() costs ~70 µs a call (300 cards took seconds), and one fill leaves no seams.
    modules = qr_modules(token)
    unit = size / len(modules)
    k, page_h = pdf.k, pdf.h
    ops: list[str] = []
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            x = (left + start * unit) * k
            y = (page_h - top - (r + 1) * unit) * k
            ops.append(f"{x:.2f} {y:.2f} {(c - start) * unit * k:.2f} {unit * k:.2f} re")
    pdf._out("q 0 g " + " ".join(ops) + " f Q")  # fpdf2 has no public raw path


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap in the current font (fpdf2's multi_cell dry run is ten times
    slower, and a card has four wrapped fields)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        tried = f"{line} {word}" if line else word
        if line and pdf.get_string_width(tried) > width:
            lines.append(line)
            line = word
        else:
            line = tried
    return [*lines, line] if line else lines


def _lines(pdf: FPDF, text: str, width: float, size: float, most: int, bold: bool) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``most`` lines: the font shrinks to 80 % first,
    then the last line ends with an ellipsis."""
    style = "B" if bold else ""
    width -= 2 * pdf.c_margin
    for step in (1.0, 0.9, 0.8):
        pdf.set_font("DejaVu", style, size * step)
        lines = _wrap(pdf, text, width)
        if len(lines) <= most:
            return lines
    kept = lines[:most]
    last = kept[-1]
    while last and pdf.get_string_width(last + "…") > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def _text(pdf: FPDF, x: float, y: float, width: float, lines: list[str], height: float) -> float:
    for line in lines:
        pdf.set_xy(x, y)
        pdf.cell(width, height, line, align="L")
        y += height
    return y


def _card(pdf: FPDF, card: PrintableCard, index: int) -> None:
    x, y = slot_origin(index)
    w, h = CELL_W - 2 * INSET, CELL_H - 2 * INSET
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.5)
    pdf.rect(x, y, w, h)

    name = _lines(pdf, card.congress_name.upper(), w - 4, 7.5, 2, bold=True)
    pdf.set_text_color(0)
    top = y + 1.5
    for line in name:
        pdf.set_xy(x + 2, top)
        pdf.cell(w - 4, 3.5, line, align="C")
        top += 3.5
    pdf.set_font("DejaVu", "B", 13)
    pdf.set_text_color(*RED)
    pdf.set_xy(x, y + 10)
    pdf.cell(w, 6, "THẺ ĐẠI BIỂU", align="C")
    pdf.set_text_color(0)

    _draw_qr(pdf, card.token, x + QR_LEFT, y + QR_TOP, QR_SIZE)

    left, width = x + TEXT_LEFT, w - TEXT_LEFT - 2
    name_lines = _lines(pdf, card.full_name, width, 11, 2, bold=True)
    top = _text(pdf, left, y + QR_TOP + 2, width, name_lines, 5)
    pdf.set_font("DejaVu", "", 8.5)
    kind = f"Đại biểu {DELEGATE_KIND_LABELS[card.kind].lower()}"
    top = _text(pdf, left, top + 1, width, [kind], 4)
    top = _text(pdf, left, top, width, _lines(pdf, card.delegation, width, 8.5, 3, False), 4)
    pdf.set_font("DejaVu", "B", 11)
    top = _text(pdf, left, top + 2, width, [f"Số thẻ: {card.code}"], 5.5)
    pdf.set_font("DejaVu", "", 7)
    valid = f"Hiệu lực đến hết ngày {card.last_day:%d/%m/%Y}"
    if card.card_version > 1:
        valid += f" · cấp lần {card.card_version}"
    _text(pdf, left, top + 1, width, _lines(pdf, valid, width, 7, 2, False), 3.2)


def _cut_lines(pdf: FPDF, on_page: int) -> None:
    """Dashed lines between the cells in use (the sheet's own edges need no cut)."""
    pdf.set_draw_color(150)
    pdf.set_line_width(0.2)
    rows = (on_page + COLUMNS - 1) // COLUMNS
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.line(CELL_W, 0, CELL_W, rows * CELL_H)
        for row in range(1, min(rows, ROWS - 1) + 1):
            pdf.line(0, row * CELL_H, PAGE_W, row * CELL_H)


def render_cards(cards: Iterable[PrintableCard], title: str) -> bytes:
    """The cards in order, eight to an A4 page."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0.5
    add_fonts(pdf)
    pdf.set_title(title)
    pdf.set_creator("Đảng bộ số")
    count = 0
    for count, card in enumerate(cards):
        if count % PER_PAGE == 0:
            if count:
                _cut_lines(pdf, PER_PAGE)
            pdf.add_page()
        _card(pdf, card, count)
    if pdf.page == 0:
        raise ValueError("no cards to print")
    _cut_lines(pdf, count % PER_PAGE + 1)
    return bytes(pdf.output())
