"""Connections to the store for the web app, the digest sender and the user command.

DuckDB lets one process write a file at a time, and `marsad run`, `marsad watch`, `marsad digest` and
`marsad user add` must be able to write while the server runs. So the server keeps one connection only
while it is busy, closes it after `idle_seconds` without requests, and lets it go at once when a writer
raises its flag (marsad.handoff): requests then wait for the writer's short turn. Each request gets its
own cursor (its own transaction). Opening costs ~35 ms, a cursor under 1 ms (measured on the test store).
"""

from __future__ import annotations

import atexit
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from marsad.handoff import wait_for_turn_end, writer_turn, writer_waiting
from marsad.store import Store, connect_waiting


class StoreBusy(RuntimeError):
    """Another process (a long `marsad run`) holds the store."""


def open_with_retry(path: str, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    try:
        return connect_waiting(path, wait_seconds=wait_seconds)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise StoreBusy(f"{path}: the store is busy (another marsad process is writing)") from exc


class Database:
    def __init__(self, path: str | Path, wait_seconds: float = 5.0, idle_seconds: float = 0.0):
        self.path = str(path)
        self.wait_seconds = wait_seconds
        self.idle_seconds = idle_seconds  # 0: close as soon as the last user is done (commands)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._last_used = 0.0
        self._stopped = threading.Event()
        Store(self.path).close()  # create or migrate once, up front
        if idle_seconds > 0:
            threading.Thread(target=self._close_when_idle, daemon=True, name="marsad-db-idle").start()
            # close before the interpreter tears DuckDB down under a still-running daemon thread (that aborts)
            atexit.register(self.close)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self.idle_seconds <= 0:  # a command (digest, user add): a writer's short turn, flag raised
            with writer_turn(self.path), self._cursor() as cursor:
                yield cursor
            return
        # the server: a writer's turn comes first (marsad.handoff); requests wait for it to end
        if writer_waiting(self.path):
            with self._lock:
                if self._users == 0:
                    self._close()
            if not wait_for_turn_end(self.path, self.wait_seconds):
                raise StoreBusy(f"{self.path}: the store is busy (another marsad process is writing)")
        with self._cursor() as cursor:
            yield cursor

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self._con is None:
                self._con = open_with_retry(self.path, self.wait_seconds)
            self._users += 1
            cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._last_used = time.monotonic()
                if self._users == 0 and (self.idle_seconds <= 0 or self._stopped.is_set()
                                         or writer_waiting(self.path)):
                    self._close()

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _close_when_idle(self) -> None:
        while not self._stopped.wait(self.idle_seconds / 2):
            with self._lock:
                if not self._stopped.is_set() and self._users == 0 and time.monotonic() - self._last_used >= self.idle_seconds:
                    self._close()

    def close(self) -> None:
        """Close for good: the idle thread stops too."""
        self._stopped.set()
        with self._lock:
            self._close()

    def secret(self) -> str:
        """The key that signs tokens and CSRF values: made once per store, kept in its meta table."""
        with self.connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()
            if row:
                return row[0]
            value = secrets.token_hex(32)
            con.execute("INSERT OR IGNORE INTO meta VALUES ('web_secret', ?)", [value])
            return con.execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()[0]
