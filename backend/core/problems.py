"""RFC 9457 problem details with Vietnamese text, for every error the API returns."""

from __future__ import annotations

import traceback
from http import HTTPStatus
from pathlib import Path

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import NotFoundException, TooManyRequestsException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

PROBLEM_JSON = "application/problem+json"

# JSON nesting the API accepts (``backend/core/requests.py`` measures it before decoding).
MAX_JSON_DEPTH = 64
TOO_DEEP_DETAIL = (
    f"Dữ liệu JSON lồng nhau quá sâu (tối đa {MAX_JSON_DEPTH} cấp). "
    "Hãy kiểm tra lại dữ liệu gửi lên."
)

# PostgreSQL's "character not in repertoire" (U+0000 in text) and "untranslatable character".
_UNSTORABLE_TEXT = frozenset({"22021", "22P05"})

_DEFAULT_DETAIL = {
    400: "Dữ liệu gửi lên không đúng định dạng.",
    401: "Bạn cần đăng nhập để tiếp tục.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy nội dung yêu cầu.",
    405: "Phương thức không được hỗ trợ.",
    409: "Dữ liệu đã thay đổi hoặc bị trùng, vui lòng thử lại.",
    413: "Dữ liệu gửi lên quá lớn.",
    415: "Định dạng dữ liệu không được hỗ trợ.",
    422: "Dữ liệu không hợp lệ.",
    429: "Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút.",
    500: "Lỗi hệ thống, vui lòng thử lại sau.",
    503: "Dịch vụ tạm thời không sẵn sàng.",
}


class Problem(HTTPException):
    """An expected failure with a Vietnamese explanation of how to fix it."""

    def __init__(
        self, status_code: int, detail: str, *, code: str = "", extra: dict | None = None
    ) -> None:
        super().__init__(status_code=status_code, detail=detail, extra=extra or {})
        self.code = code


def problem_response(
    request: Request | None,
    status: int,
    detail: str,
    code: str = "",
    extra: dict | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict = {
        "type": f"https://dangbo.vn/problems/{code}" if code else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
    if extra:
        body.update(extra)
    headers = dict(headers or {})
    if status == 429 and extra and "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_detail(exc: ValidationException) -> tuple[str, dict]:
    errors = exc.extra if isinstance(exc.extra, list) else []
    fields = [e.get("key") for e in errors if isinstance(e, dict) and e.get("key")]
    if fields:
        return (
            "Dữ liệu không hợp lệ ở trường: " + ", ".join(sorted(set(map(str, fields)))) + ".",
            {"errors": errors},
        )
    return "Dữ liệu gửi lên không đúng định dạng.", {"errors": errors} if errors else {}


_log = structlog.get_logger("dangbo")


def _log_unexpected(request: Request, exc: Exception, event: str = "unhandled_error") -> None:
    """One JSON line like the request log's: the route template, the exception's type and where
    it was raised. Not its message, which can quote the data (a name, a username) it failed on."""
    frames = traceback.extract_tb(exc.__traceback__)[-12:]
    _log.error(
        event,
        method=request.scope.get("method", ""),
        route=request.scope.get("path_template") or "<unmatched>",
        error=f"{type(exc).__module__}.{type(exc).__qualname__}",
        frames=[f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames],
    )


def exception_to_problem(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Problem):
        extra = exc.extra if isinstance(exc.extra, dict) else None
        return problem_response(request, exc.status_code, exc.detail, exc.code, extra)
    if isinstance(exc, ValidationException):
        detail, extra = _validation_detail(exc)
        return problem_response(request, 400, detail, "validation", extra)
    if isinstance(exc, NotAuthorizedException):
        return problem_response(request, 401, _DEFAULT_DETAIL[401], "unauthenticated")
    if isinstance(exc, PermissionDeniedException):
        # Litestar's CSRF middleware raises this too.
        if "CSRF" in (exc.detail or ""):
            return problem_response(
                request, 403, "Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang.", "csrf"
            )
        return problem_response(request, 403, _DEFAULT_DETAIL[403], "forbidden")
    if isinstance(exc, TooManyRequestsException):
        # Keeps the RateLimit-* headers the limiter computed, and says when to retry.
        headers = dict(exc.headers or {})
        headers.setdefault("Retry-After", headers.get("RateLimit-Reset", "60"))
        return problem_response(request, 429, _DEFAULT_DETAIL[429], "rate_limited", headers=headers)
    if isinstance(exc, NotFoundException):
        return problem_response(request, 404, _DEFAULT_DETAIL[404], "not_found")
    if isinstance(exc, HTTPException):
        status = exc.status_code
        # Litestar's own headers go along: a 405 names the allowed methods (Allow).
        return problem_response(
            request,
            status,
            _DEFAULT_DETAIL.get(status, HTTPStatus(status).phrase),
            headers=dict(exc.headers or {}),
        )
    if isinstance(exc, RecursionError) and "deserializing" in str(exc):
        # msgspec's decoder on JSON that reached it without the depth check (a form field that
        # holds JSON, such as the document form's metadata): the same answer as the check's.
        return problem_response(request, 400, TOO_DEEP_DETAIL, "too_deep")
    if getattr(exc, "sqlstate", None) in _UNSTORABLE_TEXT:
        # Text PostgreSQL cannot hold that reached it by a way the request checks do not
        # cover (a query or path parameter): the statement failed, nothing was written. Logged
        # as well, in case the text was the server's own doing.
        _log_unexpected(request, exc, event="unstorable_text")
        return problem_response(
            request,
            400,
            "Dữ liệu gửi lên chứa ký tự không được phép (như ký tự NUL). Hãy xóa rồi gửi lại.",
            "unstorable_text",
        )
    _log_unexpected(request, exc)
    return problem_response(
        request, HTTP_500_INTERNAL_SERVER_ERROR, _DEFAULT_DETAIL[500], "internal"
    )


__all__ = ["PROBLEM_JSON", "MediaType", "Problem", "exception_to_problem", "problem_response"]
