"""A camera video showing a QR code, for Chromium's fake camera in the browser tests.

Chromium started with ``--use-fake-device-for-media-stream
--use-file-for-fake-video-capture=<file.y4m>`` gives ``getUserMedia`` the frames of that file
(looped) instead of a camera, so the check-in screen's scanner (``pwa/public/quet-the.js``)
decodes a real picture of a card. The file is YUV4MPEG2 (``.y4m``), 4:2:0 (I420): each frame
is ``FRAME\\n`` then the luma plane (one byte a pixel) and the two chroma planes (a quarter of
that each). The QR is drawn in grey levels only (chroma 128), black modules on a white card
with a light grey surround, a little off centre and moving by a pixel from frame to frame like
a hand-held card.

    python -m tests.qr_video <text> <out.y4m>

``write_y4m([a, b], path)`` shows several cards one after the other.
"""

from __future__ import annotations

import sys
from pathlib import Path

import segno

WIDTH, HEIGHT = 640, 480
FPS = 10
BLACK, WHITE, SURROUND = 16, 235, 180


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR's modules (True is dark), with its four-module quiet zone."""
    qr = segno.make(text, error="m", micro=False)
    return [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=4)]


def luma_frame(matrix: list[list[bool]], dx: int = 0, dy: int = 0) -> bytearray:
    """One 640 × 480 luma plane: the QR as large as fits in 80 % of the height."""
    modules = len(matrix)
    scale = max(1, int(HEIGHT * 0.8) // modules)
    size = modules * scale
    left = (WIDTH - size) // 2 + dx
    top = (HEIGHT - size) // 2 + dy
    plane = bytearray([SURROUND]) * (WIDTH * HEIGHT)
    for r, row in enumerate(matrix):
        line = bytearray()
        for dark in row:
            line += bytes([BLACK if dark else WHITE]) * scale
        for y in range(top + r * scale, top + (r + 1) * scale):
            start = y * WIDTH + left
            plane[start : start + size] = line
    return plane


def write_y4m(text: str | list[str], path: Path, seconds: float = 3.0) -> Path:
    """The video: ``seconds`` of each text's QR in turn (cards shown one after the other; the
    browser plays the file in a loop)."""
    texts = [text] if isinstance(text, str) else list(text)
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    frames = max(1, int(seconds * FPS))
    path = Path(path)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for shown in texts:
            matrix = qr_matrix(shown)
            for index in range(frames):
                wobble = (index % 4) - 2  # a hand-held card: a pixel or two each way
                out.write(b"FRAME\n")
                out.write(luma_frame(matrix, dx=wobble, dy=-wobble))
                out.write(chroma)
                out.write(chroma)
    return path


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: python -m tests.qr_video <text> <out.y4m>")
    print(write_y4m(argv[0], Path(argv[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
