"""Text fields of a PDF form, as a signing workflow uses them: created before a signature that
leaves them open, filled in a later revision that a signature's lock allows.

A field's look is declared on the field itself, the standard way (font size in ``/DA``,
alignment ``/Q``, a border colour in ``/MK``), so whoever fills it later renders the value as
the field asks. The rendering is the caller's: ``appearance`` is a one-page PDF the size of
the field (drawn with the document's own fonts, Vietnamese included), imported as the
widget's normal appearance. Viewers show exactly that, with no font of their own; the fields
are read-only in viewers (only the server fills them).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter, copy_into_new_writer

Rect = tuple[float, float, float, float]  # x1, y1, x2, y2 in points, from the bottom left
PRINT_FLAG = 4  # annotation flag: printed
READ_ONLY_FLAG = 1  # field flag: not editable in a viewer


ALIGN_LEFT, ALIGN_CENTRE = 0, 1


@dataclass(frozen=True)
class FieldLook:
    size: float = 10.0  # font size, points
    align: int = ALIGN_CENTRE  # /Q: 0 left, 1 centre, 2 right
    framed: bool = False  # a thin black border


@dataclass(frozen=True)
class TextField:
    name: str
    value: str
    appearance: bytes  # a one-page PDF, the size of the field, showing ``value``
    page: int = 0  # where a new field goes (0 = the first page)
    rect: Rect = (0.0, 0.0, 0.0, 0.0)
    look: FieldLook = FieldLook()


@dataclass(frozen=True)
class FieldState:
    """A text field found in a document."""

    name: str
    value: str
    rect: Rect
    look: FieldLook

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]


def _fields_array(writer: BasePdfFileWriter) -> generic.ArrayObject:
    """The document's ``/AcroForm /Fields``, created when missing; marked as updated."""
    root = writer.root
    try:
        form_ref = root.raw_get("/AcroForm")
    except KeyError:
        form_ref = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        root[pdf_name("/AcroForm")] = form_ref
        writer.update_root()
    if isinstance(form_ref, generic.IndirectObject):
        form = form_ref.get_object()
        writer.mark_update(form_ref)
    else:
        form = form_ref
        writer.update_root()
    if "/Fields" not in form:
        form[pdf_name("/Fields")] = generic.ArrayObject()
    fields = form.raw_get("/Fields")
    if isinstance(fields, generic.IndirectObject):
        writer.mark_update(fields)
        fields = fields.get_object()
    return fields


def _appearance(writer: BasePdfFileWriter, pdf: bytes) -> generic.DictionaryObject:
    xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(pdf), strict=False))
    return generic.DictionaryObject({pdf_name("/N"): xobject})


def _look(field: generic.DictionaryObject) -> FieldLook:
    size = 10.0
    parts = str(field.get("/DA", "")).split()
    if "Tf" in parts and parts.index("Tf") >= 1:
        try:
            size = float(parts[parts.index("Tf") - 1]) or size
        except ValueError:
            pass
    framed = "/BC" in field.get("/MK", generic.DictionaryObject())
    return FieldLook(size=size, align=int(field.get("/Q", ALIGN_LEFT)), framed=framed)


def text_fields(reader: PdfFileReader) -> dict[str, FieldState]:
    """The document's top-level text fields (with a widget of their own), by name."""
    try:
        refs = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return {}
    found: dict[str, FieldState] = {}
    for ref in refs:
        field = ref.get_object()
        if field.get("/FT") != "/Tx" or "/T" not in field or "/Rect" not in field:
            continue
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        name = str(field["/T"])
        found[name] = FieldState(
            name=name,
            value=str(field.get("/V", "")),
            rect=(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)),
            look=_look(field),
        )
    return found


def page_box(reader: PdfFileReader, page: int = 0) -> Rect:
    """The visible area of a page (its crop box, else its media box)."""
    target = _page(reader, page)
    box = target.get("/CropBox") or target.get("/MediaBox")
    x1, y1, x2, y2 = (float(v) for v in box)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _page(reader: PdfFileReader, page: int) -> generic.DictionaryObject:
    node = reader.root["/Pages"]
    # Walk the page tree; attributes like /MediaBox may be inherited from a parent node.
    inherited: dict[str, object] = {}
    index = page
    while node.get("/Type") != "/Page":
        for key in ("/MediaBox", "/CropBox"):
            if key in node:
                inherited[key] = node[key]
        for kid_ref in node["/Kids"]:
            kid = kid_ref.get_object()
            count = int(kid.get("/Count", 1)) if kid.get("/Type") == "/Pages" else 1
            if index < count:
                node = kid
                break
            index -= count
        else:
            raise IndexError(page)
    merged = generic.DictionaryObject({pdf_name(k): v for k, v in inherited.items()})
    merged.update(node)
    return merged


def add_text_fields(writer: BasePdfFileWriter, fields: Sequence[TextField]) -> None:
    """New read-only text fields, each a widget on its page showing its ``appearance``."""
    if not fields:
        return
    array = _fields_array(writer)
    for field in fields:
        page_ref, _ = writer.find_page_for_modification(field.page)
        widget = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): pdf_string(field.name),
                pdf_name("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(round(v, 2)) for v in field.rect]
                ),
                pdf_name("/F"): generic.NumberObject(PRINT_FLAG),
                pdf_name("/Ff"): generic.NumberObject(READ_ONLY_FLAG),
                pdf_name("/P"): page_ref,
                pdf_name("/V"): pdf_string(field.value),
                # Required of a text field; viewers show our appearance, not this font.
                pdf_name("/DA"): pdf_string(f"/Helv {field.look.size:g} Tf 0 g"),
                pdf_name("/Q"): generic.NumberObject(field.look.align),
                pdf_name("/AP"): _appearance(writer, field.appearance),
            }
        )
        if field.look.framed:
            widget[pdf_name("/MK")] = generic.DictionaryObject(
                {pdf_name("/BC"): generic.ArrayObject([generic.FloatObject(0)])}
            )
        widget_ref = writer.add_object(widget)
        writer.register_annotation(page_ref, widget_ref)
        array.append(widget_ref)


def fill_text_fields(writer: BasePdfFileWriter, fields: Sequence[TextField]) -> list[str]:
    """Set the value and the appearance of the named fields that exist (only those two keys
    change, which is what a signature's form-filling permission allows); their names."""
    wanted = {field.name: field for field in fields}
    filled: list[str] = []
    try:
        refs = list(writer.root["/AcroForm"]["/Fields"])
    except KeyError:
        return filled
    for ref in refs:
        existing = ref.get_object()
        field = wanted.get(str(existing.get("/T", "")))
        if field is None or existing.get("/FT") != "/Tx":
            continue
        existing[pdf_name("/V")] = pdf_string(field.value)
        existing[pdf_name("/AP")] = _appearance(writer, field.appearance)
        writer.mark_update(ref)
        filled.append(field.name)
    return filled


def restate_appearances(writer: BasePdfFileWriter, except_fields: Sequence[str]) -> None:
    """Write the appearance streams of the document's other fields again, unchanged, in
    the revision being made. pyHanko's difference analysis (0.38) takes an appearance stream
    last written before the signed revision for one changed in place, and reports its field,
    if locked, as modified by every later revision; written in the signed revision itself, it
    is judged by what really changes."""
    try:
        refs = list(writer.root["/AcroForm"]["/Fields"])
    except KeyError:
        return
    for ref in refs:
        field = ref.get_object()
        if field.get("/FT") == "/Sig" or str(field.get("/T", "")) in except_fields:
            continue
        for widget in [field, *(kid.get_object() for kid in field.get("/Kids", []))]:
            appearance = widget.get("/AP")
            if not isinstance(appearance, generic.DictionaryObject):
                continue
            for key in ("/N", "/R", "/D"):
                stream = appearance.raw_get(key) if key in appearance else None
                if isinstance(stream, generic.IndirectObject):
                    writer.mark_update(stream)


def with_text_fields(pdf: bytes, fields: Sequence[TextField]) -> bytes:
    """A copy of ``pdf`` (one revision, as a new file) with ``fields`` added."""
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf), strict=False))
    add_text_fields(writer, fields)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
