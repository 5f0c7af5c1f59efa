"""Page images of absurd pages: a 100 × 14,400 pt page comes out scaled within bounds, a
1 × 14,400 pt page is refused with a 4xx — never a 500 — and the API process does not grow:
rendering happens in a worker process with capped memory. A failure is remembered, not
rendered again on every retry."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from PIL import Image

from tests.documents_support import incoming_meta, make_org, person, register
from tests.sample_pdfs import odd_page_pdf

CLEAR_REFS = Path("/proc/self/clear_refs")


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _reset_peak() -> None:
    # "5" resets the peak resident set size (VmHWM) to the current one (Linux 4.0+).
    CLEAR_REFS.write_text("5")


@pytest.fixture
async def clerk(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await person(app, stack, "Văn Thư Xem Trang", ["van_thu", "can_bo"], await make_org())


async def _sha(clerk, content: bytes) -> str:
    response = await register(clerk.client, incoming_meta(), content, "trang-la.pdf")
    assert response.status_code == 201, response.text
    return response.json()["files"][0]["sha256"]


async def test_absurd_pages_are_scaled_or_refused_and_the_api_does_not_grow(clerk):
    from backend.files.render_worker import MAX_PIXELS, MAX_SIDE

    long_page = await _sha(clerk, odd_page_pdf(100, 14_400, "Trang dai"))
    sliver = await _sha(clerk, odd_page_pdf(1, 14_400, "Trang hep"))
    _reset_peak()
    before = _peak_rss_mb()

    scaled = await clerk.client.get(f"/api/files/{long_page}/pages/1", params={"width": 1080})
    assert scaled.status_code == 200, scaled.text
    image = Image.open(io.BytesIO(scaled.content))
    assert image.format == "WEBP"
    assert image.width <= 1080 and image.height <= MAX_SIDE
    assert image.width * image.height <= MAX_PIXELS

    refused = await clerk.client.get(f"/api/files/{sliver}/pages/1", params={"width": 1080})
    assert refused.status_code == 422, refused.text
    assert refused.json()["type"].endswith("/page_too_large")
    assert "tải tệp về" in refused.json()["detail"]

    grown = _peak_rss_mb() - before
    assert grown < 60, f"the API process grew by {grown:.0f} MB"


async def test_a_failure_is_remembered_not_rendered_again(clerk, app, monkeypatch):
    from backend.files.pages import PageImages

    sliver = await _sha(clerk, odd_page_pdf(1, 14_400, "Mot lan"))
    first = await clerk.client.get(f"/api/files/{sliver}/pages/1", params={"width": 720})
    assert first.status_code == 422

    pages = app.state.services.get(PageImages)

    async def must_not_render(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pages, "_in_worker", must_not_render)
    again = await clerk.client.get(f"/api/files/{sliver}/pages/1", params={"width": 720})
    assert again.status_code == 422 and again.json()["type"].endswith("/page_too_large")


async def test_a_worker_that_dies_costs_the_page_not_the_api(clerk, app):
    """A worker killed while rendering (as the kernel kills one out of memory) makes that
    page a 422; the API goes on, and the next page renders in a fresh worker."""
    import signal

    from backend.files import render_worker
    from backend.files.pages import PageImages

    pages = app.state.services.get(PageImages)
    sha = await _sha(clerk, odd_page_pdf(595, 842, "Trang binh thuong"))
    first = await clerk.client.get(f"/api/files/{sha}/pages/1", params={"width": 360})
    assert first.status_code == 200
    assert await pages._in_worker(_kill_self, signal.SIGKILL) == render_worker.FAILED
    again = await clerk.client.get(f"/api/files/{sha}/pages/1", params={"width": 720})
    assert again.status_code == 200, again.text


def _kill_self(signum: int) -> None:
    import os

    os.kill(os.getpid(), signum)
