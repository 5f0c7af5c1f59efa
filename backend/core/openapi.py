"""The OpenAPI document names every answer an operation can give, problems included.

Litestar documents the success answer and a 400 in its own shape; ours are RFC 9457 problem
details (``backend/core/problems.py``) sent as ``application/problem+json``. After the app is
built, each operation gets the problem answers that apply to it, read from what the handler
is:

- 400: it takes parameters or a body (validation, an id out of range, JSON nested too deep);
- 401 and 403: it needs a session (it or one of its dependencies takes ``actor``); 403 also
  for every unsafe method (the CSRF check), and for a session whose passkey is held by an
  account recovery;
- 404: it has path parameters, or it is a write whose body can name a record (an unknown
  record);
- 409 and 422: an unsafe method with a session (the record's state, or its content, refuses
  the write);
- 413: it takes a body (the size limit);
- 429: it sits behind the auth rate limit (with ``Retry-After``);
- anything else the handler declares itself: ``opt={"problems": (410,)}``.

A 204 answer has no content, whatever the handler's return annotation says. A handler that
answers with bytes rather than a struct names their type (``opt={"media_type": "image/webp"}``,
``"*/*"`` for a stored file of any type), and one that answers a conditional request with 304
says so (``opt={"not_modified": True}``). A client
generated from the document knows every status it can get, and a schemathesis run checks the
answers against it (``tests/api/test_openapi_conformance.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.middleware.rate_limit import RateLimitMiddleware
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIFormat,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
)
from litestar.routes import HTTPRoute

from backend.core.problems import PROBLEM_JSON

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    description="RFC 9457 problem details, with a Vietnamese ``detail`` that says how to fix it.",
    required=["type", "title", "status", "detail"],
    properties={
        "type": Schema(
            type=OpenAPIType.STRING,
            description="https://dangbo.vn/problems/<code> (about:blank when there is no code)",
        ),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "instance": Schema(type=OpenAPIType.STRING),
        "errors": Schema(type=OpenAPIType.ARRAY, items=Schema(type=OpenAPIType.OBJECT)),
    },
    additional_properties=True,
)

_WHEN: dict[int, str] = {
    400: "Dữ liệu gửi lên không hợp lệ.",
    401: "Chưa đăng nhập, hoặc phiên đăng nhập đã hết hạn.",
    403: "Không có quyền, thiếu mã CSRF, hoặc khóa truy cập đang chờ xác nhận khôi phục.",
    404: "Không tìm thấy.",
    409: "Trạng thái hiện tại không cho phép thao tác này.",
    410: "Không còn hiệu lực.",
    413: "Dữ liệu gửi lên quá lớn.",
    415: "Định dạng không được hỗ trợ.",
    422: "Nội dung không được chấp nhận.",
    429: "Quá nhiều yêu cầu; thử lại sau Retry-After giây.",
    503: "Dịch vụ chưa sẵn sàng.",
}


def _takes(handler: HTTPRouteHandler, name: str) -> bool:
    """Whether the handler, or a dependency it asks for (at any depth), takes ``name``."""
    dependencies = handler.resolve_dependencies()
    seen: set[str] = set()
    pending = list(handler.parsed_fn_signature.parameters)
    while pending:
        parameter = pending.pop()
        if parameter == name:
            return True
        if parameter in seen or parameter not in dependencies:
            continue
        seen.add(parameter)
        provider = dependencies[parameter].dependency
        try:
            pending.extend(inspect.signature(provider).parameters)
        except (TypeError, ValueError):
            continue
    return False


def _rate_limited(handler: HTTPRouteHandler) -> bool:
    return any(
        getattr(middleware, "middleware", middleware) is RateLimitMiddleware
        for middleware in handler.resolve_middleware()
    )


def problem_statuses(handler: HTTPRouteHandler, operation: Operation, method: str) -> set[int]:
    """The problem answers that apply to one operation (see the module's rules)."""
    parameters = operation.parameters or []
    has_path = any(getattr(p, "param_in", "") == "path" for p in parameters)
    has_body = operation.request_body is not None
    session = _takes(handler, "actor")
    found: set[int] = set(handler.opt.get("problems", ()))
    if parameters or has_body:
        found.add(400)
    if has_body:
        found.add(413)
    if session:
        found |= {401, 403}
    if method in UNSAFE:
        found.add(403)
        if session:
            found |= {409, 422}
    # An unknown record: named in the path, or in the body of a write (the chi bộ a meeting is
    # scheduled for, the users a document is assigned to).
    if has_path or (has_body and session and method in UNSAFE):
        found.add(404)
    if _rate_limited(handler):
        found.add(429)
    return found


_BINARY = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)


def _description(response: OpenAPIResponse | Reference | None) -> str:
    return getattr(response, "description", "") or "OK"


def _problem_response(status: int) -> OpenAPIResponse:
    headers = None
    if status == 429:
        headers = {
            "Retry-After": OpenAPIHeader(
                schema=Schema(type=OpenAPIType.STRING), description="giây cần chờ"
            )
        }
    return OpenAPIResponse(
        description=_WHEN.get(status, HTTPStatus(status).phrase),
        content={
            PROBLEM_JSON: OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Problem"))
        },
        headers=headers,
    )


def _operations(app: Litestar) -> Iterable[tuple[str, str, HTTPRouteHandler]]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            for method in handler.http_methods:
                yield route.path_format or "/", method, handler


def document_problems(app: Litestar) -> OpenAPI:
    """Add the problem answers to the app's (cached) OpenAPI document; returns it."""
    openapi = app.openapi_schema
    if openapi.components is None:
        openapi.components = Components()
    schemas: dict[str, Any] = dict(openapi.components.schemas or {})
    schemas["Problem"] = PROBLEM_SCHEMA
    openapi.components.schemas = schemas
    for path, method, handler in _operations(app):
        path_item = (openapi.paths or {}).get(path)
        operation = getattr(path_item, method.lower(), None) if path_item else None
        if operation is None:
            continue
        responses = dict(operation.responses or {})
        if "media_type" in handler.opt:
            success = str(handler.status_code)
            responses[success] = OpenAPIResponse(
                description=_description(responses.get(success)),
                content={handler.opt["media_type"]: OpenAPIMediaType(schema=_BINARY)},
            )
        if handler.opt.get("not_modified"):
            responses["304"] = OpenAPIResponse(description="Bản đã lưu vẫn còn đúng (ETag).")
        statuses = problem_statuses(handler, operation, method)
        for status, response in responses.items():
            if status == "204" and isinstance(response, OpenAPIResponse):
                response.content = None  # no body, whatever the return annotation says
            elif status.startswith("4"):
                statuses.add(int(status))  # Litestar's own shape: ours replaces it
        for status in sorted(statuses):
            responses[str(status)] = _problem_response(status)
        operation.responses = responses
    return openapi
