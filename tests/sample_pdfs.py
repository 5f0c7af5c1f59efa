"""Small, real PDFs for tests, written with pypdf (a page of Helvetica text per line)."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(*lines: str) -> bytes:
    """One A4 page showing ``lines`` (ASCII) in an uncompressed content stream, so a test can
    find a line's bytes in the file and change one of them."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    ops = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    ops += [f"({_escape(line)}) Tj T*" for line in lines]
    ops.append("ET")
    content = DecodedStreamObject()
    content.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _helvetica(writer: PdfWriter):
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_metadata(content: bytes, **info: str) -> bytes:
    """``content`` with document information entries (``Title="…"`` → ``/Title``)."""
    writer = PdfWriter(clone_from=io.BytesIO(content))
    writer.add_metadata({f"/{key}": value for key, value in info.items()})
    return _written(writer)


def with_free_text(content: bytes, text: str) -> bytes:
    """``content`` with a FreeText annotation (a comment typed on the page) saying ``text``."""
    from pypdf.annotations import FreeText

    writer = PdfWriter(clone_from=io.BytesIO(content))
    writer.add_annotation(0, FreeText(text=text, rect=(50, 50, 300, 100)))
    return _written(writer)


def with_drawn_stamp(content: bytes, text: str) -> bytes:
    """``content`` with a Stamp annotation whose appearance draws ``text`` (ASCII), and no
    /Contents: only the appearance stream carries the words."""
    from pypdf.generic import ArrayObject, FloatObject

    writer = PdfWriter(clone_from=io.BytesIO(content))
    appearance = DecodedStreamObject()
    appearance.set_data(f"BT /F1 24 Tf 10 15 Td ({_escape(text)}) Tj ET".encode("latin-1"))
    appearance.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 220, 50)]),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): _helvetica(writer)})}
            ),
        }
    )
    stamp = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Stamp"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (300, 700, 520, 750)]),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
        }
    )
    writer.add_annotation(0, stamp)
    return _written(writer)


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages are only images, as a scanner makes them: no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4")
    for number in range(pages):
        image = Image.new("L", (400, 560), 255)
        draw = ImageDraw.Draw(image)
        draw.rectangle((40, 40, 360, 120), outline=0, width=4)
        draw.line((40, 200 + number * 10, 360, 200 + number * 10), fill=0, width=3)
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210)
    return bytes(pdf.output())


def odd_page_pdf(width: float, height: float, text: str = "Trang") -> bytes:
    """One page of ``width`` × ``height`` points, with a line of text."""
    writer = PdfWriter()
    page = writer.add_blank_page(width, height)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): _helvetica(writer)})}
    )
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 1 Tf 0 {height - 2} Td ({_escape(text)}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    return _written(writer)
