"""Every route the UI calls exists in the API, with that method and those query parameters.

The Reflex pages reach the API through the endpoints their areas' ``client.py`` declare
(``frontend.api.Endpoint``); the page scripts of ``pwa/public`` write theirs in JavaScript.
Both are held against the API's own OpenAPI document, so a route renamed on one side fails
here rather than only in a browser test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from frontend import api as ui_api
from frontend.areas import client_modules

ROOT = Path(__file__).resolve().parents[2]
_TYPED_PARAMETER = re.compile(r"\{(\w+):\w+\}")  # Litestar's {document_id:int}


def _template(path: str) -> str:
    return _TYPED_PARAMETER.sub(r"{\1}", path)


def _endpoints_in(value: object) -> list[ui_api.Endpoint]:
    if isinstance(value, ui_api.Endpoint):
        return [value]
    if isinstance(value, dict):
        return [e for v in value.values() for e in _endpoints_in(v)]
    if isinstance(value, list | tuple):
        return [e for v in value for e in _endpoints_in(v)]
    return []


def declared_endpoints() -> list[tuple[str, ui_api.Endpoint]]:
    """(where, endpoint) for every endpoint the UI's modules declare."""
    found = [("frontend.api", e) for e in _endpoints_in(list(vars(ui_api).values()))]
    for module in client_modules():
        found += [(module.__name__, e) for e in _endpoints_in(list(vars(module).values()))]
    return found


@pytest.fixture
async def openapi(client) -> dict:
    response = await client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


async def test_every_declared_endpoint_is_a_route_of_the_api(openapi):
    paths = {_template(path): operations for path, operations in openapi["paths"].items()}
    declared = declared_endpoints()
    # Every area that calls the API has a client module, and each declares its routes.
    assert {where for where, _ in declared} >= {
        "frontend.api",
        "frontend.account.client",
        "frontend.admin.client",
        "frontend.auth.client",
        "frontend.thong_bao.client",
        "frontend.van_ban.client",
        "frontend.xac_minh.client",
    }
    problems = []
    for where, endpoint in declared:
        path = _template(endpoint.path)
        operation = paths.get(path, {}).get(endpoint.method.lower())
        if operation is None:
            problems.append(f"{where}: {endpoint.method} {endpoint.path} is not in the API")
            continue
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        problems += [
            f"{where}: {endpoint.method} {endpoint.path} has no query parameter {name!r}"
            for name in endpoint.query
            if name not in query
        ]
    assert problems == []


def _api_literals_outside_clients() -> list[str]:
    """String constants naming an /api address in frontend modules that are not clients
    (docstrings aside): every address belongs in a client module's endpoints."""
    found = []
    for path in sorted((ROOT / "frontend").rglob("*.py")):
        if path.name == "client.py" or path == ROOT / "frontend" / "api.py":
            continue
        tree = ast.parse(path.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "/api/" in node.value
                and id(node) not in docstrings
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    return found


def test_pages_and_states_take_api_addresses_from_the_clients():
    assert _api_literals_outside_clients() == []


async def test_every_api_address_in_the_page_scripts_is_a_route_of_the_api(openapi):
    routes = [
        re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(_template(path))))
        for path in openapi["paths"]
    ]
    literal = re.compile(r"""["'`](/api/[^"'`?]*)""")
    scripts = sorted((ROOT / "pwa" / "public").glob("*.js"))
    assert scripts
    unknown = []
    for script in scripts:
        for address in literal.findall(script.read_text()):
            concrete = re.sub(r"\$\{[^}]*\}", "x", address)
            if not any(route.fullmatch(concrete) for route in routes):
                unknown.append(f"{script.name}: {address}")
    assert unknown == []


def test_an_endpoint_fills_its_path_and_query_and_refuses_what_it_does_not_declare():
    endpoint = ui_api.Endpoint("GET", "/api/files/{sha256}/pages/{page}", query=("width",))
    assert (
        endpoint.url({"width": 720}, sha256="ab/c", page=2) == "/api/files/ab%2Fc/pages/2?width=720"
    )
    assert endpoint.url({"width": None}, sha256="ab", page=1) == "/api/files/ab/pages/1"
    assert endpoint.url({"width": 0}, sha256="ab", page=1) == "/api/files/ab/pages/1?width=0"
    assert ui_api.Endpoint("GET", "/api/x", query=("download",)).url({"download": True}) == (
        "/api/x?download=true"
    )
    with pytest.raises(TypeError):
        endpoint.url(sha256="ab")  # a path parameter missing
    with pytest.raises(TypeError):
        endpoint.url({"zoom": 2}, sha256="ab", page=1)  # an undeclared query parameter
    assert endpoint.js_url(sha256="s", page="n") == (
        '"/api/files/" + encodeURIComponent(s) + "/pages/" + encodeURIComponent(n)'
    )
