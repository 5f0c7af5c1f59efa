"""Uploads are inspected in worker threads and PDFium is not thread-safe: without the one lock
around its calls, eight threads reading stamped PDFs at once crashed the process (a
segmentation fault) or read one document's stamp into another's. The threads run in a child
process so that a crash is reported as this test's failure instead of ending the suite."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import concurrent.futures

    from backend.files.inspection import inspect_bytes
    from tests.sample_pdfs import text_pdf, with_drawn_stamp

    pdfs = [with_drawn_stamp(text_pdf(f"Trang {i} " * 30), f"MAT {i}") for i in range(8)]
    expected = [inspect_bytes(pdf).carried for pdf in pdfs]

    def read(n):
        return inspect_bytes(pdfs[n % 8]).carried == expected[n % 8]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        same = list(pool.map(read, range(1600)))
    print(same.count(True), "of", len(same))
    """
)


def test_eight_threads_read_stamped_pdfs_at_once():
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip() == "1600 of 1600"
