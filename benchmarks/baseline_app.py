"""The baseline for the API load benchmark: a bare Litestar app with one handler.

No middleware, no database, no dependencies: what Litestar and granian cost on their own.
"""

from litestar import Litestar, get


@get("/api/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar(route_handlers=[health], openapi_config=None)
