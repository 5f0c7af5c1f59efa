"""Draw the app icons (SVG) and render the PNGs the manifest and iPhones need.

Run from the repository root when the design changes (the PNGs are committed):

    .venv/bin/python pwa/tools/render_icons.py

The PNGs are rendered by the Debian Chromium through Playwright, so they are real,
anti-aliased images of the same SVG that the pages show.
"""

from __future__ import annotations

import math
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "public" / "icons"
RED = "#B71C1C"
RED_DARK = "#8E1414"
GOLD = "#F2C14E"


def star(cx: float, cy: float, outer: float) -> str:
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return " ".join(points)


def icon_svg(*, star_radius: float, rounded: bool) -> str:
    """512 × 512: a gold star on a deep red field (rounded corners for the page mark)."""
    corner = 112 if rounded else 0
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="{RED}"/><stop offset="1" stop-color="{RED_DARK}"/>'
        "</linearGradient></defs>"
        f'<rect width="512" height="512" rx="{corner}" fill="url(#g)"/>'
        f'<polygon points="{star(256, 270, star_radius)}" fill="{GOLD}"/>'
        "</svg>"
    )


# name -> (pixel size, svg)
PNGS = {
    "icon-192.png": (192, icon_svg(star_radius=170, rounded=False)),
    "icon-512.png": (512, icon_svg(star_radius=170, rounded=False)),
    # Maskable: the star stays inside the central 80 % safe zone whatever the mask.
    "icon-maskable-512.png": (512, icon_svg(star_radius=128, rounded=False)),
    # iOS rounds the corners itself and wants no transparency.
    "apple-touch-icon.png": (180, icon_svg(star_radius=150, rounded=False)),
}


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "mark.svg").write_text(icon_svg(star_radius=170, rounded=True) + "\n")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for name, (size, svg) in PNGS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                "<html><body style='margin:0;background:transparent'>"
                + svg.replace('width="512" height="512"', f'width="{size}" height="{size}"', 1)
                + "</body></html>"
            )
            page.screenshot(path=str(ICONS / name), omit_background=False)
            page.close()
            print(f"{name}: {size}×{size}")
        browser.close()


if __name__ == "__main__":
    main()
