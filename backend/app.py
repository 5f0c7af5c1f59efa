"""The API app factory: the domains of ``backend/domains.py``, wired once."""

from __future__ import annotations

import gc
from collections.abc import Sequence

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
from backend.audit.acting import request_scope
from backend.core.csrf import csrf_middleware
from backend.core.logging import configure_logging, request_log
from backend.core.openapi import document_problems
from backend.core.problems import exception_to_problem
from backend.core.request_info import client_ip
from backend.core.requests import AppRequest
from backend.core.stores import make_store
from backend.domains import build_services, plugins
from backend.settings import Settings, get_settings, require_safe_for_production


def create_app(settings: Settings | None = None, packages: Sequence[str] | None = None) -> Litestar:
    """The API for ``settings`` (read from the environment when not given), made of the
    domains in ``packages`` (``backend.domains.PACKAGES`` when not given)."""
    settings = settings or get_settings()
    require_safe_for_production(settings)  # production mode refuses an unsafe set-up
    configure_logging()
    engine = db.create_engine(settings.database_url)
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    prefix = settings.redis_prefix
    stores = {
        "rate_limit": make_store(settings.redis_url, f"{prefix}:ratelimit"),
        "ceremonies": make_store(settings.redis_url, f"{prefix}:ceremonies"),
    }
    domains = plugins(packages)
    services = build_services(settings, redis=redis, stores=stores, packages=packages)
    channels_backend = (
        RedisChannelsPubSubBackend(redis=redis) if redis is not None else MemoryChannelsBackend()
    )
    channels = ChannelsPlugin(backend=channels_backend, arbitrary_channels_allowed=True)
    tables = [table for domain in domains for table in domain.tables]

    async def on_startup(app: Litestar) -> None:
        await db.start(engine, tables)
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
        route_handlers=[h for domain in domains for h in domain.rate_limited],
        middleware=[
            RateLimitConfig(
                rate_limit=("minute", settings.auth_rate_limit_per_minute),
                store="rate_limit",
                # The same address as the audit log's (X-Forwarded-For from listed proxies).
                identifier_for_request=client_ip,
            ).middleware
        ],
    )
    app = Litestar(
        route_handlers=[auth, *(h for domain in domains for h in domain.controllers)],
        state=State({"settings": settings, "services": services}),
        stores=stores,
        plugins=[channels],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        # Domain background services (push delivery), left in reverse order before the
        # database closes.
        lifespan=[domain.lifespan for domain in domains if domain.lifespan is not None],
        request_class=AppRequest,  # refuses U+0000 in JSON bodies
        exception_handlers={Exception: exception_to_problem},
        # Request logs, security headers and no-store: backend.core.edge.Edge, around it all.
        middleware=[
            csrf_middleware(secret=settings.secret_key, https=settings.is_https),
            request_scope,  # the audit log names a recovered passkey's recovery on every act
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
    document_problems(app)  # every operation's problem answers, in its OpenAPI document
    return app
