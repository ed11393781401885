"""A cache of the API's read responses, valid until the store changes.

Readers far outnumber writes: a dashboard asks for the same stats, timeline and network again and again,
and over 100k events one such answer costs DuckDB 0.1-0.4 s. So a successful GET of a read address is kept
and served again for as long as the store file is unchanged. The store's version is the size and
modification time of its file and its write-ahead log, read with two stat calls per request: any write —
an ingest's turn, a review, a new session — changes it and empties the cache.

Only anonymous reads are cached (no session cookie, no Authorization header): what a signed-in user sees
is never served to someone else, and private mode's 401s are never cached (only 200s are).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

CACHED_PATHS = {"/api/events", "/api/stats", "/api/places", "/api/timeline", "/api/network", "/api/actors",
                "/api/clusters"}
MAX_ENTRIES = 512
MAX_BODY_BYTES = 2 << 20


def store_version(db_path: str) -> tuple:
    out: list[Any] = []
    for path in (db_path, f"{db_path}.wal"):
        try:
            st = os.stat(path)
            out += [st.st_size, st.st_mtime_ns]
        except OSError:
            out += [None, None]
    return tuple(out)


class ReadCache:
    """ASGI middleware: serves repeated anonymous GETs of CACHED_PATHS from memory while the store is unchanged."""

    def __init__(self, app, db_path: str, max_entries: int = MAX_ENTRIES) -> None:
        self.app, self.db_path, self.max_entries = app, db_path, max_entries
        self.entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.version: tuple | None = None
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def _key(self, scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope["path"]
        if path not in CACHED_PATHS and not path.startswith(("/api/clusters/", "/api/actors/")):
            return None
        headers = dict(scope.get("headers") or [])
        if b"authorization" in headers or b"marsad_session=" in headers.get(b"cookie", b""):
            return None
        lang = b""
        for part in headers.get(b"cookie", b"").split(b";"):
            if part.strip().startswith(b"marsad_lang="):
                lang = part.strip()
        return path, scope.get("query_string", b""), lang

    def _lookup(self, key: tuple) -> tuple[int, list, bytes] | None:
        version = store_version(self.db_path)
        with self.lock:
            if version != self.version:
                self.entries.clear()
                self.version = version
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def _keep(self, key: tuple, version: tuple, entry: tuple[int, list, bytes]) -> None:
        with self.lock:
            if version != self.version:
                return  # the store changed while the answer was computed
            self.entries[key] = entry
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    async def __call__(self, scope, receive, send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        entry = self._lookup(key)
        if entry is not None:
            self.hits += 1
            status, headers, body = entry
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        version = store_version(self.db_path)
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self._remember(key, version, started, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _remember(self, key: tuple, version: tuple, started: dict[str, Any], body: bytes) -> None:
        headers = list(started.get("headers") or [])
        if started.get("status") != 200 or len(body) > MAX_BODY_BYTES:
            return
        if any(name.lower() == b"set-cookie" for name, _ in headers):
            return
        self._keep(key, version, (200, headers, body))


class StoreMemo:
    """Query results kept until the store changes, for pages: a page itself cannot be cached (it carries the
    visitor's CSRF token and sign-in state), but the data it shows is the same for everyone. Results are
    shared between requests: callers must not change them."""

    def __init__(self, db_path: str, max_entries: int = 256) -> None:
        self.db_path, self.max_entries = db_path, max_entries
        self.entries: OrderedDict[tuple, Any] = OrderedDict()
        self.version: tuple | None = None
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        version = store_version(self.db_path)
        with self.lock:
            if version != self.version:
                self.entries.clear()
                self.version = version
            if key in self.entries:
                self.hits += 1
                self.entries.move_to_end(key)
                return self.entries[key]
        self.misses += 1
        value = compute()
        with self.lock:
            if version == self.version:  # else the store changed while it was computed
                self.entries[key] = value
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
        return value
