"""The API app factory."""

from __future__ import annotations

import gc
import warnings

from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from redis.asyncio import Redis

from backend import db
from backend.accounts.services import AccountService
from backend.core.logging import RequestLog, configure_logging, log_response
from backend.core.problems import exception_to_problem
from backend.core.stores import OneTimeStore, make_store
from backend.health.services import HealthProbe
from backend.lifespan_hooks import LIFESPAN_HOOKS
from backend.routes import ROUTE_HANDLERS
from backend.settings import Settings, get_settings

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"


NOT_AUTH_PATH = r"^(?!/api/auth/)"


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging()
    engine = db.create_engine(settings.database_url)
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    prefix = settings.redis_prefix
    stores = {
        "rate_limit": make_store(settings.redis_url, f"{prefix}:ratelimit"),
        "ceremonies": make_store(settings.redis_url, f"{prefix}:ceremonies"),
    }
    channels_backend = (
        RedisChannelsPubSubBackend(redis=redis) if redis is not None else MemoryChannelsBackend()
    )
    channels = ChannelsPlugin(backend=channels_backend, arbitrary_channels_allowed=True)
    state = State(
        {
            "settings": settings,
            "redis": redis,
            "accounts": AccountService(settings, OneTimeStore(stores["ceremonies"])),
            "health": HealthProbe(redis),
        }
    )

    async def on_startup(app: Litestar) -> None:
        await db.start(engine)
        # What exists after start-up lives as long as the process: keep the collector from
        # scanning it again and again (fewer, shorter pauses under load).
        gc.collect()
        gc.freeze()

    async def on_shutdown(app: Litestar) -> None:
        await db.stop(engine)
        if redis is not None:
            await redis.aclose()

    with warnings.catch_warnings():
        # The pattern deliberately matches every path but the auth ones (see below).
        warnings.filterwarnings("ignore", message="Middleware 'RateLimitMiddleware' exclude")
        return Litestar(
            route_handlers=ROUTE_HANDLERS,
            state=state,
            stores=stores,
            plugins=[channels],
            on_startup=[on_startup],
            on_shutdown=[on_shutdown],
            lifespan=list(LIFESPAN_HOOKS),  # domain background services (push delivery)
            before_send=[log_response],
            exception_handlers={Exception: exception_to_problem},
            csrf_config=CSRFConfig(
                secret=settings.secret_key,
                cookie_name=CSRF_COOKIE,
                header_name=CSRF_HEADER,
                cookie_secure=settings.is_https,
                cookie_samesite="strict",
                cookie_httponly=False,  # the page's script echoes it in the header
            ),
            middleware=[
                RequestLog,
                RateLimitConfig(
                    rate_limit=("minute", settings.auth_rate_limit_per_minute),
                    store="rate_limit",
                    # Only the auth endpoints are throttled. A path pattern is decided before the
                    # middleware builds a Request, unlike a check handler, so other requests pay
                    # nothing for it.
                    exclude=[NOT_AUTH_PATH],
                ).middleware,
            ],
            openapi_config=OpenAPIConfig(
                title="Đảng bộ số API",
                version="0.1.0",
                path="/api/schema",
                # JSON only: the HTML viewers load scripts from a CDN, which the CSP forbids.
                render_plugins=[JsonRenderPlugin()],
            ),
            request_max_body_size=settings.max_upload_mb * 1024 * 1024 + 1024 * 1024,
            debug=False,
        )
