"""Every text a PDF carries: the pages' text (what search indexes), and for the classification
gate also its annotations (FreeText, Stamp, widgets: their contents, rich text, titles and the
text their appearance streams draw), form field values, the document information dictionary,
the XMP metadata and the bookmarks. Pages that show only images (a scan) are counted: their
stamp, if any, cannot be read, so the clerk is asked.

pypdf reads the structure; the text an annotation's appearance draws is read by pypdfium2
after flattening that page (a copy in memory), so a stamp drawn only in an appearance stream
is found as well.

PDFium is not thread-safe: two calls at once, even on two documents, crash or corrupt the
process. Uploads are inspected in worker threads, so every PDFium call here holds one
process-wide lock (rendering runs in worker processes of its own and needs none).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

MAX_TEXT_CHARS = 2_000_000  # what goes to the search index; a book-length PDF is far below it
_ANNOTATION_KEYS = ("/Contents", "/RC", "/T", "/Subj", "/TU", "/V", "/CA", "/RV")
_TAGS = re.compile(r"<[^>]*>")
_LETTER = re.compile(r"[^\W\d_]")
_PDFIUM = threading.Lock()


@dataclass
class PdfTexts:
    text: str  # the pages' text, for search
    pages: int
    image_only_pages: int  # pages with images and no text: a scan
    carried: list[tuple[str, str]] = field(default_factory=list)  # (where, text) for the gate


def _resolved(value: PdfObject | None) -> PdfObject | None:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _strings(value: PdfObject | None, depth: int = 0) -> Iterator[str]:
    """The text strings in a value (a string, a name, or an array of them)."""
    value = _resolved(value)
    if value is None or depth > 4:
        return
    if isinstance(value, ArrayObject):
        for item in value:
            yield from _strings(item, depth + 1)
    elif isinstance(value, str):
        yield _TAGS.sub(" ", str(value))


def _has_images(resources: PdfObject | None, depth: int = 0) -> bool:
    resources = _resolved(resources)
    if not isinstance(resources, DictionaryObject) or depth > 3:
        return False
    objects = _resolved(resources.get("/XObject"))
    if not isinstance(objects, DictionaryObject):
        return False
    for value in objects.values():
        xobject = _resolved(value)
        if not isinstance(xobject, DictionaryObject):
            continue
        if xobject.get("/Subtype") == "/Image":
            return True
        if xobject.get("/Subtype") == "/Form" and _has_images(xobject.get("/Resources"), depth + 1):
            return True
    return False


def _annotations(page: DictionaryObject) -> list[DictionaryObject]:
    annotations = _resolved(page.get("/Annots"))
    if not isinstance(annotations, ArrayObject):
        return []
    found = []
    for item in annotations:
        annotation = _resolved(item)
        if isinstance(annotation, DictionaryObject):
            found.append(annotation)
    return found


def _annotation_texts(annotation: DictionaryObject) -> Iterator[str]:
    for key in _ANNOTATION_KEYS:
        yield from _strings(annotation.get(key))
    characteristics = _resolved(annotation.get("/MK"))  # a widget's caption
    if isinstance(characteristics, DictionaryObject):
        for key in ("/CA", "/RC", "/AC"):
            yield from _strings(characteristics.get(key))


def _outline_titles(outline: list, depth: int = 0) -> Iterator[str]:
    for item in outline:
        if isinstance(item, list):
            if depth < 20:
                yield from _outline_titles(item, depth + 1)
        elif getattr(item, "title", None):
            yield str(item.title)


def _xmp_text(reader: PdfReader) -> str:
    root = _resolved(reader.trailer.get("/Root"))
    if not isinstance(root, DictionaryObject):
        return ""
    stream = _resolved(root.get("/Metadata"))
    if stream is None or not hasattr(stream, "get_data"):
        return ""
    raw = stream.get_data().decode("utf-8", "replace")
    return "\n".join(line for line in _TAGS.sub("\n", raw).splitlines() if line.strip())


def _appearance_texts(data: bytes, page_indexes: list[int]) -> list[str]:
    """The text the annotations of these pages draw, read from a flattened copy."""
    if not page_indexes:
        return []
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    texts: list[str] = []
    with _PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            for index in page_indexes:
                page = document[index]
                pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
                page.close()
                page = document[index]  # a flattened page shows its new content once reloaded
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_range())
                finally:
                    textpage.close()
                    page.close()
        finally:
            document.close()
    return texts


def pdf_texts(data: bytes, reader: PdfReader) -> PdfTexts:
    """What ``reader`` (opened on ``data``, not encrypted) carries."""
    parts: list[str] = []
    carried: list[tuple[str, str]] = []
    size = 0
    image_only = 0
    annotated: list[int] = []
    for index, page in enumerate(reader.pages):
        text = page.extract_text() or ""
        carried.append(("page_text", text))
        if size <= MAX_TEXT_CHARS:
            parts.append(text)
            size += len(text)
        if not _LETTER.search(text) and _has_images(page.get("/Resources")):
            image_only += 1
        annotations = _annotations(page)
        if annotations:
            annotated.append(index)
        for annotation in annotations:
            carried += [("annotations", t) for t in _annotation_texts(annotation)]
    carried += [("annotations", t) for t in _appearance_texts(data, annotated)]
    for field_ in (reader.get_fields() or {}).values():
        for key in ("/V", "/TU", "/T"):
            carried += [("form_fields", t) for t in _strings(field_.get(key))]
    info = reader.metadata or {}
    carried += [("metadata", t) for value in info.values() for t in _strings(value)]
    carried.append(("metadata", _xmp_text(reader)))
    carried += [("outline", t) for t in _outline_titles(reader.outline)]
    return PdfTexts(
        text="\n".join(parts),
        pages=len(reader.pages),
        image_only_pages=image_only,
        carried=[(where, t) for where, t in carried if t and t.strip()],
    )


def open_pdf(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data), strict=False)
