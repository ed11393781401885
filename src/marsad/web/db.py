"""Connections to the store for the web app, the digest sender and the user command.

The server opens the DuckDB file per request instead of holding it: DuckDB lets one process write
a file at a time, and `marsad run`, `marsad digest` and `marsad user add` must be able to write
between requests. Opening costs ~45 ms on a 200 MB store (measured on the 31k-article corpus).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from marsad.store import Store


class StoreBusy(RuntimeError):
    """Another process (a long `marsad run`) holds the store."""


class Database:
    def __init__(self, path: str | Path, wait_seconds: float = 5.0):
        self.path = str(path)
        self.wait_seconds = wait_seconds
        Store(self.path).close()  # create or migrate once, up front

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                con = duckdb.connect(self.path)
                break
            except duckdb.IOException as exc:  # "Could not set lock on file": another process writes
                if time.monotonic() > deadline:
                    raise StoreBusy(f"{self.path}: the store is busy (another marsad process is writing)") from exc
                time.sleep(0.1)
        try:
            yield con
        finally:
            con.close()

    def secret(self) -> str:
        """The key that signs tokens and CSRF values: made once per store, kept in its meta table."""
        with self.connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()
            if row:
                return row[0]
            value = secrets.token_hex(32)
            con.execute("INSERT OR IGNORE INTO meta VALUES ('web_secret', ?)", [value])
            return con.execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()[0]
