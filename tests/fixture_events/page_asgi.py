"""A bare page that follows a live stream with ``pwa/public/live.js``, served beside the API
with the fixture streams (``tests.fixture_events.asgi``): the browser test of ``live.js``
without building the Reflex app. The page shows the current item and the statuses; the
status line is ``live.js``'s own."""

from backend.settings import PROJECT_ROOT
from tests.fixture_events.asgi import app as api

LIVE_JS = PROJECT_ROOT / "pwa" / "public" / "live.js"
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Theo dõi trực tiếp</title>
<style>body{font-family:sans-serif;margin:0;padding:64px 16px 16px}h1{font-size:28px}</style>
</head><body>
<p>Nội dung đang thảo luận</p><h1 id="item">—</h1><p id="status"></p>
<script type="module">
import { subscribe } from "/live.js";
window.received = [];
window.statuses = [];
const stream = new URLSearchParams(location.search).get("stream");
subscribe(stream, {
  kinds: ["agenda.moved"],
  onEvent: (event) => {
    window.received.push(event.id);
    document.getElementById("item").textContent = event.data.title;
  },
  onStatus: (status) => {
    window.statuses.push(status);
    document.getElementById("status").textContent = status;
  },
});
</script>
</body></html>
"""


async def _send(send, content_type: str, body: bytes) -> None:
    headers = [(b"content-type", content_type.encode()), (b"cache-control", b"no-store")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/live.js":
        await _send(send, "text/javascript; charset=utf-8", LIVE_JS.read_bytes())
    elif scope["type"] == "http" and scope["path"] == "/theo-doi":
        await _send(send, "text/html; charset=utf-8", PAGE.encode())
    else:
        await api(scope, receive, send)
