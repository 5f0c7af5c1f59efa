"""Every text a Word (.docx) or Excel (.xlsx) file carries, read with the standard library
(``zipfile`` + ``xml.etree`` iterparse): only text is needed, so python-docx/openpyxl would add
weight without adding anything here.

For search: the text of the document's paragraphs (body, headers, footers, footnotes,
endnotes) or of the workbook's cells. For the classification gate: every XML part of the
package — text boxes and shapes, comments, tracked deletions, core, app and custom
properties, sheet names, defined names, sheet headers and footers, drawings, WordArt
(``v:textpath string="…"``) — as lines: a paragraph's runs joined (Word splits a word into
runs wherever its formatting changes), every other text and named attribute on its own line.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

MAX_TEXT_CHARS = 2_000_000

# Local names: a paragraph (Word, DrawingML), a shared or inline string item (Excel) …
_PARAGRAPHS = frozenset({"p", "si", "is"})
# … and the runs of text inside one (deleted text is still in the file).
_RUNS = frozenset({"t", "delText"})
# Attributes that hold text a reader sees: sheet and defined names, WordArt, alt text,
# data-validation prompts, table column names.
_TEXT_ATTRIBUTES = frozenset(
    {"name", "string", "title", "descr", "tooltip", "prompt", "promptTitle", "error", "errorTitle"}
)
_HEADER_FOOTER = frozenset(
    {"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"}
)
# Excel's header/footer codes: &L &C &R start a section; fonts, sizes, colours, fields.
_SECTION = re.compile(r"&[LCR]")
_CODES = re.compile(r'&K[0-9A-Fa-f]{6}|&K\d\d[+-]\d{3}|&"[^"]*"|&\d+|&[A-Za-z]')

_SEARCHED = {
    "docx": re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml"),
    "xlsx": re.compile(r"xl/(sharedStrings|worksheets/sheet\d+)\.xml"),
}
_WHERE = [
    (re.compile(r"word/document\.xml"), "body"),
    (re.compile(r"word/(header|footer)\d*\.xml"), "headers_footers"),
    (re.compile(r"word/(footnotes|endnotes)\.xml"), "notes"),
    (re.compile(r"(word|xl)/comments\d*\.xml|xl/threadedComments/.*"), "comments"),
    (re.compile(r"docProps/.*"), "properties"),
    (re.compile(r"xl/(sharedStrings|worksheets/sheet\d+)\.xml"), "cells"),
    (re.compile(r"xl/workbook\.xml"), "sheet_names"),
]


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def where_of(part: str) -> str:
    for pattern, where in _WHERE:
        if pattern.fullmatch(part):
            return where
    return "other_parts"


def _header_footer_lines(value: str) -> list[str]:
    return _CODES.sub("", _SECTION.sub("\n", value.replace("&&", "&"))).splitlines()


def part_lines(
    archive: zipfile.ZipFile, name: str, *, everything: bool
) -> Iterator[tuple[str | None, str]]:
    """The lines of one XML part: each paragraph's runs joined; with ``everything``, also every
    other text and text attribute on a line of its own. Each comes with where it is when that
    is not the part's own place (a worksheet's page header), else None."""
    buffers: list[list[str]] = []
    with archive.open(name) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            local = _local(element.tag)
            if event == "start":
                if local in _PARAGRAPHS:
                    buffers.append([])
                continue
            if local in _RUNS:
                if buffers:
                    buffers[-1].append(element.text or "")
                elif everything and element.text:
                    yield None, element.text
            elif local in _PARAGRAPHS:
                line = "".join(buffers.pop()) if buffers else ""
                if line:
                    yield None, line
            elif everything:
                if local in _HEADER_FOOTER and element.text:
                    for line in _header_footer_lines(element.text):
                        yield "headers_footers", line
                elif len(element) == 0 and element.text and element.text.strip():
                    yield None, element.text
                for attribute, value in element.attrib.items():
                    if _local(attribute) in _TEXT_ATTRIBUTES and value.strip():
                        yield None, value
            element.clear()


def _is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".vml")) and not name.startswith("[Content_Types]")


def search_text(archive: zipfile.ZipFile, kind: str) -> str:
    """The text search indexes: paragraphs of the document, or the workbook's strings."""
    pattern = _SEARCHED[kind]
    names = sorted(n for n in archive.namelist() if pattern.fullmatch(n))
    if kind == "docx":  # the body first
        names.sort(key=lambda n: n != "word/document.xml")
    parts: list[str] = []
    size = 0
    for name in names:
        for _, line in part_lines(archive, name, everything=False):
            parts.append(line)
            size += len(line)
            if size > MAX_TEXT_CHARS:
                return "\n".join(parts)
    return "\n".join(parts)


def carried_texts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(where, line) for every text in every XML part of the package."""
    for name in archive.namelist():
        if _is_xml_part(name):
            where = where_of(name)
            for inside, line in part_lines(archive, name, everything=True):
                yield inside or where, line


def has_media(archive: zipfile.ZipFile) -> bool:
    return any(re.match(r"(word|xl)/media/", n) for n in archive.namelist())
