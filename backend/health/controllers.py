from litestar import Response, get
from litestar.datastructures import State

from shared.health import Health


@get("/api/health", tags=["Hệ thống"], exclude_from_csrf=True)
async def health(state: State) -> Response[Health]:
    report = await state.health.current()
    return Response(report, status_code=200 if report.status == "ok" else 503)


@get("/api/csrf", tags=["Hệ thống"], status_code=204)
async def csrf_cookie() -> None:
    """Sets the CSRF cookie (Litestar's middleware does it on any safe request)."""
