"""The page's address as the browser has it now, for a page to check that what its state
holds belongs to this address.

A Reflex page's state changes only when the server answers an event. Between a tap on
another record's link and the answer of its load (or for ever, when the connection is lost)
the state still holds the previous record: a page that compares the record it holds with
``route_param`` shows a skeleton instead of another record's data.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex_base.vars import VarData
from reflex_base.vars.base import Var

_PARAMS_HOOK = "const dangboRouteParams = useParams();"


def route_param(name: str) -> rx.Var[str]:
    """The dynamic part ``name`` of the address (``/van-ban/[document_id]``), from React
    Router's ``useParams``: it changes with the address, before any event reaches the server.
    """
    return Var(
        _js_expr=f"String(dangboRouteParams[{json.dumps(name)}] ?? '')",
        _var_type=str,
        _var_data=VarData(imports={"react-router": ["useParams"]}, hooks={_PARAMS_HOOK: None}),
    )
