"""Tells the page's own scripts that the app has started: ``window.dangbo.started`` and a
``dangbo:started`` event on the document, from an effect in the app's outermost wrap.

An effect runs once React has committed the hydrated page, so its handlers answer from then
on. Until then a tap on a prerendered form would be submitted by the browser itself; the
page's first script holds such a submission and sends it again on this event
(``pwa/first-paint.mjs``, ``HOLD_EARLY_SUBMIT``). ``install(app)``.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars import VarData
from reflex_base.vars.base import Var

STARTED_WRAP = (3, "DangboStarted")  # inside Reflex's own wraps, around the pages

_EFFECT = """useEffect(() => {
  (window.dangbo = window.dangbo || {}).started = true;
  document.dispatchEvent(new Event("dangbo:started"));
}, []);"""

# Renders nothing; carries the effect.
_started_signal = Var(
    _js_expr="null",
    _var_data=VarData(imports={"react": ["useEffect"]}, hooks={_EFFECT: None}),
)


def install(app: rx.App) -> None:
    app.app_wraps[STARTED_WRAP] = lambda _stateful: rx.fragment(_started_signal)
