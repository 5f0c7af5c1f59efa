"""Calling the self-hosted scripts of ``pwa/public`` from Reflex events, without ``eval``.

The Content-Security-Policy forbids ``eval``, which ``rx.call_script`` and string callbacks
rely on. ``js_call`` compiles the call into the page bundle instead and hands the result of
the (possibly asynchronous) call to an event handler.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventChain
from reflex_base.vars.base import LiteralVar, Var
from reflex_base.vars.function import ArgsFunctionOperation


def js_call(expression: str, on_result: rx.event.EventHandler | None = None) -> rx.event.EventSpec:
    """Run ``expression`` (e.g. ``window.dangbo.signOut(false)``) on the client; when given,
    ``on_result`` receives what it returns or resolves to."""
    if on_result is None:
        body = Var(_js_expr=expression)
    else:
        callback = LiteralVar.create(
            EventChain.create(value=on_result, args_spec=lambda result: [result], key="result")
        )
        body = Var(
            _js_expr=f"Promise.resolve({expression}).then({callback})",
            _var_data=callback._get_all_var_data(),
        )
    return rx.call_function(ArgsFunctionOperation.create((), body))
