"""The check-in scanner decodes a card from the camera, in a page of the built app.

Chromium's camera is a video of a QR code (``tests/qr_video.py``, made with segno, as the
cards are); ``/quet-the.js`` (qr-scanner, bundled: ``/qr-scanner.min.js`` and its worker) opens
it, decodes the card's text and hands it over once however long the card stays in view. A
browser without a camera gets the Vietnamese fallback to typing the card's number.
"""

from __future__ import annotations

import secrets

import pytest

from tests.e2e.conftest import DEFAULT_TIMEOUT_MS, SHOTS, context_options
from tests.qr_video import write_y4m

pytestmark = pytest.mark.e2e

# A page of the app with a video element, the scanner loaded as the check-in page loads it.
SETUP = """async () => {
  const video = document.createElement("video");
  video.id = "scan-video";
  video.muted = true;
  video.playsInline = true;
  video.style.width = "320px";
  document.body.prepend(video);
  window.scanned = [];
  window.said = [];
  await new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.type = "module";
    script.src = "/quet-the.js";
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
  return window.dangbo.quetThe.start("scan-video", {
    onToken: (text) => window.scanned.push(text),
    onMessage: (text, kind) => window.said.push([kind, text]),
  });
}"""


def test_the_camera_reads_a_card_once(live_server, camera_browser, tmp_path):
    token = "DB1." + secrets.token_urlsafe(40)  # about as long as a card's sealed token
    video = write_y4m(token, tmp_path / "the.y4m")
    context = camera_browser(video).new_context(**context_options())
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url("/dang-nhap"))
    assert page.evaluate(SETUP) is True, page.evaluate("window.said")
    page.wait_for_function("() => window.scanned.length > 0", timeout=20_000)
    # The card stays in front of the camera: it is still one scan a few seconds later.
    page.wait_for_timeout(2500)
    assert page.evaluate("window.scanned") == [token]
    assert ["info", "Đưa mã QR trên thẻ đại biểu vào khung hình."] in page.evaluate("window.said")
    folder = SHOTS / "congress"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "scan-fake-camera.png"))
    page.evaluate("window.dangbo.quetThe.stop()")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_no_camera_says_type_the_number(live_server, browser):
    context = browser.new_context(**context_options())
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.goto(live_server.url("/dang-nhap"))
    # A device without a camera: getUserMedia finds none.
    page.evaluate(
        """() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException("Requested device not found", "NotFoundError"));
      navigator.mediaDevices.enumerateDevices = () => Promise.resolve([]);
    }"""
    )
    assert page.evaluate(SETUP) is False
    said = page.evaluate("window.said")
    assert said[-1] == ["error", "Thiết bị này không có máy ảnh. Hãy nhập số thẻ bên dưới."], said
    context.close()
