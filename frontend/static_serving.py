"""Two small fixes to how the built pages and assets are served (before Reflex sees a request).

- ``/dang-nhap`` is answered from ``dang-nhap/index.html`` directly; the static server would
  first redirect to ``/dang-nhap/``, a whole extra round trip on a phone network.
- Vite's files under ``/assets/`` carry a content hash in their name: browsers may keep them
  for a year without asking again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from litestar.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = (b"cache-control", b"public, max-age=31536000, immutable")


def static_tuning(app: ASGIApp, static_root: Callable[[], Path]) -> ASGIApp:
    @lru_cache(maxsize=512)
    def is_prerendered_page(path: str) -> bool:
        return (static_root() / path.strip("/") / "index.html").is_file()

    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/assets/"):

            async def send_cacheable(message: Message) -> None:
                if message["type"] == "http.response.start" and message["status"] == 200:
                    headers = [h for h in message.get("headers", []) if h[0] != IMMUTABLE[0]]
                    message["headers"] = [*headers, IMMUTABLE]
                await send(message)

            await app(scope, receive, send_cacheable)
            return
        if (
            path != "/"
            and not path.endswith("/")
            and "." not in path.rsplit("/", 1)[-1]
            and is_prerendered_page(path)
        ):
            scope = {**scope, "path": path + "/", "raw_path": (path + "/").encode()}
        await app(scope, receive, send)

    return serve
