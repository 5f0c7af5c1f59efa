"""Tells the page's own scripts that the app has started: ``window.dangbo.started`` and a
``dangbo:started`` event on the document, from a layout effect in a wrap around the pages.

A layout effect runs inside the commit of the hydrated page, before any event can reach it:
React's handlers answer from then on, and no tap falls between them and the signal (a plain
effect runs a frame later, and a tap then would be answered by React and held as well). Until
then a tap on a prerendered form would be submitted by the browser itself; the
page's first script holds such a submission and sends it again on this event
(``pwa/first-paint.mjs``, ``HOLD_EARLY_SUBMIT``). ``install(app)``.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars import VarData
from reflex_base.vars.base import Var

STARTED_WRAP = (3, "DangboStarted")  # inside Reflex's own wraps, around the pages

_EFFECT = """useLayoutEffect(() => {
  (window.dangbo = window.dangbo || {}).started = true;
  document.dispatchEvent(new Event("dangbo:started"));
}, []);"""

# Renders nothing; carries the effect.
_started_signal = Var(
    _js_expr="null",
    _var_data=VarData(imports={"react": ["useLayoutEffect"]}, hooks={_EFFECT: None}),
)


def install(app: rx.App) -> None:
    app.app_wraps[STARTED_WRAP] = lambda _stateful: rx.fragment(_started_signal)
