"""Render the notification badge: a white star on transparency, 96 × 96.

Android draws a notification's badge as a one-colour silhouette of its alpha channel, so the
full-colour app icon would show as a plain square; this is the star alone. Run from the
repository root when the design changes (the PNG is committed):

    .venv/bin/python pwa/tools/render_badge.py
"""

from __future__ import annotations

import math
from pathlib import Path

from playwright.sync_api import sync_playwright

TARGET = Path(__file__).resolve().parent.parent / "public" / "icons" / "badge-96.png"
SIZE = 96


def star_points(cx: float, cy: float, outer: float) -> str:
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return " ".join(points)


def main() -> None:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="{SIZE}" '
        f'height="{SIZE}"><polygon points="{star_points(48, 52, 44)}" fill="#FFFFFF"/></svg>'
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        page.set_content(
            "<html><body style='margin:0;background:transparent'>" + svg + "</body></html>"
        )
        page.screenshot(path=str(TARGET), omit_background=True)
        browser.close()
    print(f"{TARGET.name}: {SIZE}×{SIZE}")


if __name__ == "__main__":
    main()
