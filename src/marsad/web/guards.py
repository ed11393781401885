"""Guards in front of the handlers: a request-body limit enforced before anything is read, the client's
address for rate limits (forwarded headers only from a configured proxy), and password hashing off the
event loop."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")
MAX_BODY_BYTES = 1 << 20  # 1 MiB: the biggest legitimate body (a comment, a review, a form) is a few kB
FORWARDED_UNTRUSTED = "forwarded-untrusted"


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {limit} bytes")


class BodyLimit:
    """ASGI middleware. A declared Content-Length over the limit is answered 413 before a byte of the body
    is read; a body without one (chunked) is cut off as soon as it passes the limit (413 too). Without
    this, a form is read whole before its CSRF token or the user is checked."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared == -1:
            await _refuse(send, 400, "Content-Length is not a number")
            return
        if declared is not None and declared > self.max_bytes:
            await _refuse(send, 413, BodyTooLarge(self.max_bytes).detail)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)  # answered 413 by the app's HTTPException handler
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when there is none, -1 when it is not a number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 20 else -1
    return None


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    # Connection: close, so the server stops reading the body the client goes on sending
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def client_address(request: Request, trusted_proxies: tuple[str, ...]) -> str:
    """The address rate limits count by. X-Forwarded-For is believed only when the peer is a configured
    proxy (then the nearest hop that is not a proxy is the client). Without a trusted peer, a request that
    carries the header counts as one anonymous client: the server in front of the app may already have put
    the header's value in place of the peer (uvicorn does so by default for loopback), so the peer cannot
    be trusted either, and rotating the header must not make new clients."""
    peer = request.client.host if request.client else "unknown"
    hops = [hop.strip() for value in request.headers.getlist("x-forwarded-for") for hop in value.split(",")]
    hops = [hop for hop in hops if hop]
    if not hops:
        return peer
    if peer not in trusted_proxies:
        return FORWARDED_UNTRUSTED
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop[:64]
    return peer


def request_scheme(request: Request, trusted_proxies: tuple[str, ...]) -> str:
    """http or https as the browser sees it: X-Forwarded-Proto counts from a configured proxy only."""
    proto = request.headers.get("x-forwarded-proto", "").strip().lower()
    if request.client and request.client.host in trusted_proxies and proto in ("http", "https"):
        return proto
    return request.url.scheme


async def off_loop(limiter: anyio.CapacityLimiter, fn: Callable[..., T], *args: Any) -> T:
    """Run blocking, CPU-heavy work (argon2: ~0.1 s and 64 MB each) in a worker thread, at most
    `limiter.total_tokens` at a time, so that a login storm neither stalls the event loop nor takes every
    thread and core the readers need."""
    return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)


def hashing_limiter(request: Request) -> anyio.CapacityLimiter:
    """The app's limiter for password hashing, made on first use (inside the event loop)."""
    state = request.app.state
    if getattr(state, "hashing", None) is None:
        state.hashing = anyio.CapacityLimiter(state.settings.hashing_threads)
    return state.hashing
