"""Look and feel shared by every page: colours, sizes, the Radix theme."""

from __future__ import annotations

import reflex as rx

# A deep Party red; white text on it passes WCAG AA (5.6:1). The Radix red scale is retuned
# to it in styles/app.css so buttons, links and focus rings all use the same red.
PARTY_RED = "#C62828"
PARTY_RED_DARK = "#B71C1C"
GOLD = "#F2C14E"
THEME_COLOUR = PARTY_RED_DARK
BACKGROUND_COLOUR = "#FFFFFF"

APP_NAME = "Đảng bộ số"
TIMEZONE = "Asia/Ho_Chi_Minh"


def app_theme() -> rx.Component:
    return rx.theme(accent_color="red", gray_color="gray", radius="large", scaling="100%")
