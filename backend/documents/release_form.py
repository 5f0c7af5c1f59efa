"""The số and ngày ban hành of an outgoing document, in the order of Nghị định 30/2020: the
lãnh đạo signs the draft first, then the văn thư writes the number and the date in and applies
the organisation's signature.

The lãnh đạo's approval signature leaves two read-only text fields open (:data:`NUMBER_FIELD`,
:data:`DATE_FIELD`) and the empty signature field of the organisation (:data:`SEAL_FIELD`);
its FieldMDP lock keeps everything else as he signed it. Where the fields are:

- a draft in the app's own layout (:mod:`backend.documents.pdfgen`) has them where "Số …" and
  "…, ngày … tháng … năm …" print;
- any other draft (uploaded as it was written) gets a stamp area, added in the approval's own
  revision: a framed box of two lines in the top margin of the first page, at its right
  (``STAMP_*``). Hướng dẫn 36-HD/VPTW leaves a top margin of 20–25 mm; the box takes the
  12 mm below the page's top edge, so the text of such a draft stays clear of it.

At release the văn thư's revision fills both (value and appearance, nothing else: what the
approval's lock permits) and the organisation signs :data:`SEAL_FIELD`, whose lock allows no
later change.
"""

from __future__ import annotations

import io
from datetime import date

from pyhanko.pdf_utils.reader import PdfFileReader

from backend.documents.pdfgen import (
    DATE_FIELD,
    DATE_PLACEHOLDER,
    NUMBER_FIELD,
    NUMBER_PLACEHOLDER,
    date_words,
    field_appearance,
)
from backend.signing.form_fields import FieldLook, FieldState, TextField, page_box, text_fields
from backend.signing.pdf import Approval, Completion

SEAL_FIELD = "ChuKyCoQuan"
MM = 72 / 25.4
STAMP_WIDTH = 75 * MM
STAMP_LINE = 6 * MM
STAMP_TOP = 3 * MM  # below the page's top edge
STAMP_RIGHT = 15 * MM  # from the page's right edge
STAMP_LOOK = FieldLook(size=10, framed=True)


def number_words(ky_hieu: str) -> str:
    return f"Số {ky_hieu}"


def _reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf), strict=False)


def _stamp_area(reader: PdfFileReader) -> tuple[TextField, ...]:
    """The two fields of the stamp area, stacked at the top right of the first page."""
    x1, _y1, x2, y2 = page_box(reader, 0)
    right = x2 - STAMP_RIGHT
    left = max(x1, right - STAMP_WIDTH)
    top = y2 - STAMP_TOP
    fields = []
    for row, (name, placeholder) in enumerate(
        ((NUMBER_FIELD, NUMBER_PLACEHOLDER), (DATE_FIELD, DATE_PLACEHOLDER))
    ):
        upper = top - row * STAMP_LINE
        rect = (left, upper - STAMP_LINE, right, upper)
        appearance = field_appearance(placeholder, right - left, STAMP_LINE, STAMP_LOOK)
        fields.append(TextField(name, "", appearance, page=0, rect=rect, look=STAMP_LOOK))
    return tuple(fields)


def approval(pdf: bytes) -> Approval:
    """The lãnh đạo's signature on ``pdf``: the number and date fields left open (added as a
    stamp area when the draft has neither), the organisation's signature field created."""
    reader = _reader(pdf)
    present = text_fields(reader)
    missing = [name for name in (NUMBER_FIELD, DATE_FIELD) if name not in present]
    add = tuple(f for f in _stamp_area(reader) if f.name in missing) if missing else ()
    return Approval(open_fields=(NUMBER_FIELD, DATE_FIELD), completed_by=SEAL_FIELD, add=add)


def _filled(state: FieldState, text: str) -> TextField:
    return TextField(
        state.name,
        text,
        field_appearance(text, state.width, state.height, state.look),
        look=state.look,
    )


def completion(pdf: bytes, ky_hieu: str, issued: date) -> Completion:
    """The văn thư's revision of the lãnh đạo's signed ``pdf``: "Số <ky_hieu>" and
    "ngày … tháng … năm …" of ``issued`` written into the fields, as each field's own look
    asks. A copy signed before the fields existed gets the organisation's signature only."""
    present = text_fields(_reader(pdf))
    texts = {NUMBER_FIELD: number_words(ky_hieu), DATE_FIELD: date_words(issued)}
    fill = tuple(_filled(present[name], text) for name, text in texts.items() if name in present)
    return Completion(fill=fill, signature_field=SEAL_FIELD)
