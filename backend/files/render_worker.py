"""What runs inside a page-rendering worker process (see :mod:`backend.files.pages`).

The worker's address space is capped (``RLIMIT_AS``) when it starts, so a page that would need
gigabytes fails there, as an ordinary error, and the API process never grows. The pixels of an
image are bounded by area and by side: a page far longer than it is wide (100 × 14,400 pt) is
rendered narrower than asked; one that would not even be a pixel wide is refused.

Only pypdfium2 and Pillow are imported here: the worker starts in a fresh interpreter.
"""

from __future__ import annotations

import math
import os
import resource

MAX_PIXELS = 1080 * 1080 * 4  # about 4.7 million: an A4 page at 1080 px is 1.65 million
MAX_SIDE = 8192  # well inside WebP's 16,383
WORKER_MEMORY = 1024 * 1024 * 1024

# What a worker answers: "ok", or the reason the page cannot be shown.
OK = "ok"
NO_SUCH_PAGE = "page_not_found"
TOO_LARGE = "page_too_large"
FAILED = "render_failed"


def limit_memory(limit: int = WORKER_MEMORY) -> None:
    """The worker process's initializer: cap its address space."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def bounded_scale(page_width: float, page_height: float, width: int) -> float | None:
    """The scale that makes the page ``width`` pixels wide, or less when the image would pass
    :data:`MAX_PIXELS` or :data:`MAX_SIDE`; None when the page cannot be shown at all."""
    if page_width <= 0 or page_height <= 0:
        return None
    scale = min(
        width / page_width,
        math.sqrt(MAX_PIXELS / (page_width * page_height)),
        MAX_SIDE / max(page_width, page_height),
    )
    if page_width * scale < 16 or page_height * scale < 16:
        return None  # a sliver no one can read
    return scale


def count_pages(pdf_path: str) -> int | str:
    """The number of pages, or :data:`FAILED`."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf_path)
    except pdfium.PdfiumError:
        return FAILED
    try:
        return len(document)
    finally:
        document.close()


def render_page(pdf_path: str, page_number: int, width: int, target: str) -> str:
    """Render one page as a WebP at ``target``; answer :data:`OK` or why not."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf_path)
    except pdfium.PdfiumError:
        return FAILED
    try:
        if not 1 <= page_number <= len(document):
            return NO_SUCH_PAGE
        # Form fields are drawn too (a released document's số and ngày ban hành are filled
        # form fields): pdfium draws widgets only with its form environment, made before any
        # page is loaded.
        document.init_forms()
        page = document[page_number - 1]
        scale = bounded_scale(page.get_width(), page.get_height(), width)
        if scale is None:
            return TOO_LARGE
        try:
            image = page.render(scale=scale).to_pil()
            partial = f"{target}.{os.getpid()}.part"
            image.save(partial, format="WEBP", quality=82, method=4)
            os.replace(partial, target)
        except MemoryError:
            return TOO_LARGE
        except (pdfium.PdfiumError, OSError, ValueError):
            return FAILED
        return OK
    finally:
        document.close()
