"""Reading a live stream in tests: a streaming ASGI client (httpx's ASGI transport waits for
the whole body, which a live stream never ends) and an SSE parser."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field


@dataclass
class Sse:
    id: int | None
    event: str | None
    data: dict | None


@dataclass
class SseParser:
    """Splits a byte stream into SSE messages; comments are counted, ``retry:`` kept."""

    buffer: bytes = b""
    comments: int = 0
    retry: int | None = None
    events: list[Sse] = field(default_factory=list)
    # Messages without an id: the "ready" after the catching up.
    controls: list[Sse] = field(default_factory=list)

    def feed(self, chunk: bytes) -> list[Sse]:
        self.buffer += chunk.replace(b"\r\n", b"\n")
        found = []
        while b"\n\n" in self.buffer:
            block, self.buffer = self.buffer.split(b"\n\n", 1)
            event_id = kind = data = None
            for line in block.decode().split("\n"):
                name, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if name == "":
                    self.comments += 1
                elif name == "id":
                    event_id = int(value)
                elif name == "event":
                    kind = value
                elif name == "data":
                    data = json.loads(value)
                elif name == "retry":
                    self.retry = int(value)
            if data is not None and event_id is None:
                self.controls.append(Sse(event_id, kind, data))
            elif data is not None:
                found.append(Sse(event_id, kind, data))
        self.events += found
        return found


class AsgiStream:
    """One GET to an ASGI app whose body is read piece by piece as it comes."""

    def __init__(self, app, path: str, headers: dict[str, str]) -> None:
        self.app = app
        self.path, _, self.query = path.partition("?")
        self.headers = headers
        self.status: int | None = None
        self.response_headers: dict[str, str] = {}
        self.body: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.parser = SseParser()
        self._started = asyncio.Event()
        self._disconnect = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._finished = False

    async def __aenter__(self) -> AsgiStream:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "root_path": "",
            "query_string": self.query.encode(),
            "headers": [(k.lower().encode(), v.encode()) for k, v in self.headers.items()],
            "client": ("127.0.0.1", 50001),
            "server": ("localhost", 3000),
        }
        sent_request = False

        async def receive():
            nonlocal sent_request
            if not sent_request:
                sent_request = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await self._disconnect.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                self.status = message["status"]
                self.response_headers = {
                    k.decode().lower(): v.decode() for k, v in message.get("headers", [])
                }
                self._started.set()
            elif message["type"] == "http.response.body":
                if message.get("body"):
                    await self.body.put(message["body"])
                if not message.get("more_body", False):
                    self._finished = True
                    await self.body.put(None)

        async def run():
            try:
                await self.app(scope, receive, send)
            finally:
                await self.body.put(None)
                self._started.set()

        self._task = asyncio.create_task(run())
        await asyncio.wait_for(self._started.wait(), 30)
        return self

    async def __aexit__(self, *exc) -> None:
        self._disconnect.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 10)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task

    @property
    def ended(self) -> bool:
        """The server finished the response (or the app returned)."""
        return self._finished or (self._task is not None and self._task.done())

    async def text(self) -> str:
        """The whole body of a response that ends (a refusal)."""
        chunks = []
        while (chunk := await asyncio.wait_for(self.body.get(), 30)) is not None:
            chunks.append(chunk)
        return b"".join(chunks).decode()

    async def events(self, count: int, within: float = 10.0) -> list[Sse]:
        """The next ``count`` events (fails after ``within`` seconds)."""
        found: list[Sse] = []
        async with asyncio.timeout(within):
            while len(found) < count:
                chunk = await self.body.get()
                if chunk is None:
                    raise AssertionError(f"the stream ended after {len(found)} events")
                found += self.parser.feed(chunk)
        return found

    async def connected(self, within: float = 10.0) -> None:
        """Until the stream's "ready": subscribed, and the catching up is over."""
        async with asyncio.timeout(within):
            while not any(control.event == "ready" for control in self.parser.controls):
                chunk = await self.body.get()
                if chunk is None:
                    raise AssertionError("the stream ended before it was connected")
                self.parser.feed(chunk)

    async def until_end(self, within: float) -> None:
        async with asyncio.timeout(within):
            while (chunk := await self.body.get()) is not None:
                self.parser.feed(chunk)


def cookie_header(client) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())
