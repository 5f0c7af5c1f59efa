"""Look and feel shared by every page: colours, sizes, the Radix theme."""

from __future__ import annotations

import reflex as rx
from reflex_components_radix.plugin import RadixThemesPlugin

# A deep Party red; white text on it passes WCAG AA (5.6:1). The Radix red scale is retuned
# to it in styles/app.css so buttons, links and focus rings all use the same red.
PARTY_RED = "#C62828"
PARTY_RED_DARK = "#B71C1C"
GOLD = "#F2C14E"
THEME_COLOUR = PARTY_RED_DARK
BACKGROUND_COLOUR = "#FFFFFF"

APP_NAME = "Đảng bộ số"


def app_theme() -> rx.Component:
    return rx.theme(accent_color="red", gray_color="gray", radius="large", scaling="100%")


# Radix Themes ships every colour scale (light and dark) in styles.css, 180 KB of the
# render-blocking stylesheet. Only the scales the app uses are loaded: the accent, the grays,
# and the few status colours. A component given another color_scheme would render uncoloured:
# add its scale here first.
RADIX_COLOUR_SCALES = ("gray", "red", "green", "amber", "orange", "blue")


class RadixThemesTrimmedPlugin(RadixThemesPlugin):
    """Radix Themes with only the colour tokens in ``RADIX_COLOUR_SCALES``."""

    def get_frontend_dependencies(self, **context):
        # Declared by a plugin, a package is also exposed whole on window.__reflex for
        # components built at run time, which defeats tree-shaking: 170 KB more script on
        # every page. The app builds none, and the package is still installed because the
        # Radix components import it.
        return ()

    def get_stylesheet_paths(self, **context):
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{c}.css" for c in RADIX_COLOUR_SCALES),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )
