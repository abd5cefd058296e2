"""HTTP limits in front of the chat server (an ASGI middleware for Gradio's FastAPI app).

Gradio serves more than the chat needs. Measured against this app: POST /gradio_api/run/chat
answered outside the queue (8 such requests took the server from 0.56 to 2.9 GB) and
/gradio_api/upload stored 1 GiB in 4 s though the page has no upload. So:

* **Only the queue runs events**: a POST is accepted on the queue's routes only (`queue/join`,
  the `call/` API that joins the queue, `cancel`, `reset`); every other POST gets 404.
  Uploads (`upload`, `process_recording`) are among those refused: the chat takes no files.
* **Bodies are small**: a request body over `MAX_REQUEST_BYTES` gets 413 before the app reads
  it (the longest legitimate body, a thumbs-up carrying one answer, is a few kB).
"""

from __future__ import annotations

import json
import re

# A question is at most 2,000 raw characters; a feedback event carries one rendered answer.
MAX_REQUEST_BYTES = 256 << 10
QUEUE_ROUTES = re.compile(r"^(?:/gradio_api)?/(?:queue/join|call/[^/]+(?:/[^/]+)?|cancel|reset)/?$")


class TooLarge(Exception):
    pass


class RequestGuard:
    """ASGI middleware: refuses POSTs off the queue's routes and oversized bodies."""

    def __init__(self, app, max_body_bytes: int = MAX_REQUEST_BYTES):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if not QUEUE_ROUTES.match(path):
            return await _refuse(send, 404, "Not found: this server answers through its queue only")
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            return await _refuse(send, 413, f"Request body over {self.max_body_bytes:,} bytes")
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise TooLarge
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except TooLarge:
            if not started:
                await _refuse(send, 413, f"Request body over {self.max_body_bytes:,} bytes")


async def _refuse(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
