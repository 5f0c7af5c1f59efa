from litestar import Response, get
from litestar.datastructures import State

from backend import db
from shared.health import Health


@get("/api/health", tags=["Hệ thống"], exclude_from_csrf=True)
async def health(state: State) -> Response[Health]:
    try:
        await db.engine().run_ddl("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database = "error"
    redis = "not_configured"
    if state.redis is not None:
        try:
            await state.redis.ping()
            redis = "ok"
        except Exception:  # noqa: BLE001
            redis = "error"
    ok = database == "ok" and redis != "error"
    return Response(
        Health(status="ok" if ok else "degraded", database=database, redis=redis),
        status_code=200 if ok else 503,
    )


@get("/api/csrf", tags=["Hệ thống"], status_code=204)
async def csrf_cookie() -> None:
    """Sets the CSRF cookie (Litestar's middleware does it on any safe request)."""
