from litestar import Response, get
from litestar.handlers import HTTPRouteHandler

from backend.core.csrf import CSRF_PATH
from backend.health.services import HealthProbe
from shared.health import Health


def health_handlers(probe: HealthProbe) -> list[HTTPRouteHandler]:
    """Built around the app's probe: a handler without parameters skips Litestar's parameter
    parsing, which cost as much as the rest of this endpoint (monitors call it all the time)."""

    @get("/api/health", tags=["Hệ thống"])
    async def health() -> Response[Health]:
        report = await probe.current()
        return Response(report, status_code=200 if report.status == "ok" else 503)

    return [health, csrf_cookie]


@get(CSRF_PATH, tags=["Hệ thống"], status_code=204)
async def csrf_cookie() -> None:
    """Sets the CSRF cookie (the CSRF middleware does it on this request)."""
