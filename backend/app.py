"""The API app factory."""

from __future__ import annotations

import gc

from litestar import Litestar, Router
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.datastructures import State
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from redis.asyncio import Redis

from backend import db
from backend.accounts.services import AccountService
from backend.core.csrf import csrf_middleware
from backend.core.logging import configure_logging, request_log
from backend.core.problems import exception_to_problem
from backend.core.requests import AppRequest
from backend.core.stores import OneTimeStore, make_store
from backend.health.controllers import health_handlers
from backend.health.services import HealthProbe
from backend.lifespan_hooks import LIFESPAN_HOOKS
from backend.routes import AUTH_HANDLERS, ROUTE_HANDLERS
from backend.settings import Settings, get_settings


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
        }
    )

    health = HealthProbe(redis)

    async def on_startup(app: Litestar) -> None:
        await db.start(engine)
        # What exists after start-up lives as long as the process: keep the collector from
        # scanning it again and again (fewer, shorter pauses under load).
        gc.collect()
        gc.freeze()

    async def on_shutdown(app: Litestar) -> None:
        request_log.flush()
        await db.stop(engine)
        if redis is not None:
            await redis.aclose()

    # Only the passkey ceremonies and logins are throttled: a router of their own carries the
    # limiter, so no other request passes through it.
    auth = Router(
        path="/",
        route_handlers=AUTH_HANDLERS,
        middleware=[
            RateLimitConfig(
                rate_limit=("minute", settings.auth_rate_limit_per_minute), store="rate_limit"
            ).middleware
        ],
    )
    return Litestar(
        route_handlers=[auth, *health_handlers(health), *ROUTE_HANDLERS],
        state=state,
        stores=stores,
        plugins=[channels],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        lifespan=list(LIFESPAN_HOOKS),  # domain background services (push delivery)
        request_class=AppRequest,  # refuses U+0000 in JSON bodies
        exception_handlers={Exception: exception_to_problem},
        # Request logs and security headers: backend.core.edge.Edge, around the whole app.
        middleware=[csrf_middleware(secret=settings.secret_key, https=settings.is_https)],
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
