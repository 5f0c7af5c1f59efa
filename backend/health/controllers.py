from litestar import Request, Response, get

from backend.core.csrf import CSRF_PATH
from backend.health.services import HealthProbe
from shared.health import Health


@get("/api/health", tags=["Hệ thống"])
async def health(request: Request) -> Response[Health]:
    """Monitors call this often: it takes only the request (no parameters to parse) and the
    probe answers from a result at most a second old."""
    probe: HealthProbe = request.app.state.services.get(HealthProbe)
    report = await probe.current()
    return Response(report, status_code=200 if report.status == "ok" else 503)


@get(CSRF_PATH, tags=["Hệ thống"], status_code=204)
async def csrf_cookie() -> None:
    """Sets the CSRF cookie (the CSRF middleware does it on this request)."""
