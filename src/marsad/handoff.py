"""Taking turns on the store file: ingest and serving without blocking each other.

DuckDB lets one process at a time open a database file. `marsad serve` must keep answering while
`marsad run` or `marsad watch` ingests, and the ingest must never fail on the server's lock. The design
(chosen over Parquet segments read by the server: the same guarantees with no second storage layout; see
README "Ingest while serving"):

- A writer does its slow work (reading, extraction, NER, coding, clustering's scoring) without the file,
  and holds the file only for short turns: one batch of inserts, one clustering write.
- Before each turn it raises a flag, a small file beside the store (`STORE.writer`, holding its pid), and
  lowers it after. The server checks the flag before every request: while it is up, the server lets its
  connection go as soon as the requests in flight end, and new requests wait for the turn to end (at most
  the server's wait limit, then 503).
- A flag whose process is gone (a writer killed mid-turn) is ignored and removed.

A turn lasts a batch write (well under a second for 50 articles), so readers wait at most that long.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path


def flag_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.writer")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_held: dict[str, int] = {}  # flag path → turns this process holds (one process shares one flag)
_held_lock = threading.Lock()


def writer_waiting(db_path: str | Path) -> bool:
    """Whether a live writer in another process wants or holds the store file now (a stale flag is
    removed; this process's own flag does not count: its connections share one database)."""
    flag = flag_path(db_path)
    try:
        text = flag.read_text()
    except OSError:
        return False
    pids = [int(p) for p in text.split() if p.isdigit()]
    if pids == [os.getpid()]:
        return False
    if pids and not any(_alive(p) for p in pids):
        with contextlib.suppress(OSError):
            flag.unlink()
        return False
    return True


@contextlib.contextmanager
def writer_turn(db_path: str | Path) -> Iterator[None]:
    """Raise the flag for the duration of the block; turns of one process share it (counted)."""
    flag = flag_path(db_path)
    key = str(flag)
    with _held_lock:
        if _held.get(key, 0) == 0:
            flag.write_text(f"{os.getpid()}\n")
        _held[key] = _held.get(key, 0) + 1
    try:
        yield
    finally:
        with _held_lock:
            _held[key] -= 1
            if _held[key] == 0:
                del _held[key]
                with contextlib.suppress(OSError):
                    flag.unlink()


def wait_for_turn_end(db_path: str | Path, timeout: float, poll: float = 0.02) -> bool:
    """Wait while a writer's flag is up; False when it is still up after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while writer_waiting(db_path):
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)
    return True
