"""The line that says, in Vietnamese, when the app's live connection is lost and when it is
back. It replaces Reflex's own overlay (an English toast "Cannot connect to server…", a
pulsing icon titled "Connection Error…") in the app's wraps: ``install(app)``.

- While the state socket cannot connect: "Mất kết nối — đang thử lại…" (Reflex retries by
  itself). The element carries ``data-dangbo-connection="lost"``: ``/app.js`` then turns a
  tap on a link into a full navigation, which the service worker answers with the saved copy
  or the offline page, never with the previous page's data.
- Once it connects again: "Đã kết nối lại" for a few seconds. Reflex's reconnection sends
  ``hydrate_and_load``, which runs the page's ``on_load`` again: the data is read afresh.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.constants import Hooks, Imports
from reflex_base.vars import VarData
from reflex_base.vars.base import Var
from reflex_components_core.core.banner import has_connection_errors

OVERLAY_WRAP = (5, "Overlay")  # Reflex's own overlay: its connection toast and pulser
SHOW_RECONNECTED_MS = 4000

_RECONNECTED_EFFECT = f"""useEffect(() => {{
  if (connectErrors.length > 0) {{
    dangboWasLost.current = true;
    setDangboReconnected(false);
    return undefined;
  }}
  if (!dangboWasLost.current) return undefined;
  dangboWasLost.current = false;
  setDangboReconnected(true);
  const timer = setTimeout(() => setDangboReconnected(false), {SHOW_RECONNECTED_MS});
  return () => clearTimeout(timer);
}}, [connectErrors]);"""

# True for a few seconds after the socket connected again following a loss.
reconnected = Var(
    _js_expr="dangboReconnected",
    _var_type=bool,
    _var_data=VarData(
        imports={
            **Imports.CONNECT_ERRORS,
            "react": ["useContext", "useEffect", "useRef", "useState"],
        },
        hooks={
            Hooks.CONNECT_ERRORS: None,
            "const [dangboReconnected, setDangboReconnected] = useState(false);": None,
            "const dangboWasLost = useRef(false);": None,
            _RECONNECTED_EFFECT: None,
        },
    ),
)

_LINE_STYLE = {
    "position": "fixed",
    "top": "0",
    "left": "0",
    "right": "0",
    "zIndex": "50",
    "display": "flex",
    "alignItems": "center",
    "justifyContent": "center",
    "gap": "8px",
    "minHeight": "44px",
    "padding": "8px 12px",
    "fontSize": "16px",
    "fontWeight": "700",
    "textAlign": "center",
}


def _line(text: str, icon: str, state: str, colours: dict[str, str]) -> rx.Component:
    return rx.el.div(
        rx.icon(icon, size=20, aria_hidden="true"),
        rx.el.span(text),
        role="status",
        custom_attrs={"data-dangbo-connection": state},
        style={**_LINE_STYLE, **colours},
    )


def connection_line() -> rx.Component:
    # Two siblings, both always mounted: the second one's hooks must live through the outage
    # to know, once connected, that there was one.
    return rx.fragment(
        rx.cond(
            has_connection_errors,
            _line(
                "Mất kết nối — đang thử lại…",
                "wifi-off",
                "lost",
                {"background": "#5c1010", "color": "#ffffff"},
            ),
        ),
        rx.cond(
            reconnected,
            _line(
                "Đã kết nối lại",
                "wifi",
                "back",
                {"background": "#1b5e20", "color": "#ffffff"},
            ),
        ),
    )


def install(app: rx.App) -> None:
    """Put the line in place of Reflex's overlay (pages without state get nothing)."""
    app.app_wraps[OVERLAY_WRAP] = lambda stateful: connection_line() if stateful else None
