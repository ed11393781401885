"""The API's read cache (issue 14, marsad.web.read_cache): repeated anonymous reads are served from memory,
any write to the store empties it, and signed-in requests never touch it."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import duckdb
import httpx
import uvicorn
from web_support import free_port

from marsad.store import Store
from marsad.web.app import create_app
from marsad.web.context import WebSettings
from marsad.web.read_cache import ReadCache


def _insert(db, event_id: str) -> None:
    """An event written by another process, taking its turn as every writer does."""
    code = ("from marsad.store import Store\n"
            f"s = Store({str(db)!r})\n"
            "s.con.execute(\"INSERT INTO events (event_id, doc_id, published, type, negated, record) VALUES "
            f"('{event_id}', 'd-{event_id}', DATE '2015-08-01', 'CONSULT', false, "
            f"json_object('event_id', '{event_id}', 'type', 'CONSULT'))\")\n"
            "s.close()\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def _cache(app) -> ReadCache:
    layer = app.middleware_stack
    while not isinstance(layer, ReadCache):
        layer = layer.app
    return layer


def test_reads_are_cached_until_the_store_changes(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    _insert(db, "e1")
    app = create_app(WebSettings(db_path=str(db)))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            first = client.get("/api/stats").json()
            assert client.get("/api/stats").json() == first
            cache = _cache(app)
            assert cache.hits >= 1
            assert first["total"] == 1
            _insert(db, "e2")  # another process writes: the next read sees it
            assert client.get("/api/stats").json()["total"] == 2
            hits = cache.hits
            client.get("/api/events", headers={"Authorization": "Bearer not-a-token"})
            client.get("/api/events", headers={"Authorization": "Bearer not-a-token"})
            assert cache.hits == hits  # requests with credentials are never served from the cache
            assert sorted(e["event_id"] for e in client.get("/api/events").json()["items"]) == ["e1", "e2"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_page_data_is_reused_until_the_store_changes(tmp_path):
    """Pages are not cached whole (CSRF token, sign-in state), but the rows they show are (StoreMemo), until a
    write by any process changes the store file."""
    from marsad.web.read_cache import StoreMemo

    db = tmp_path / "s.duckdb"
    Store(db).close()
    _insert(db, "e1")
    memo = StoreMemo(str(db))
    calls = []

    def rows() -> list:
        calls.append(1)
        con = duckdb.connect(str(db), read_only=True)
        try:
            return [r[0] for r in con.execute("SELECT event_id FROM events ORDER BY 1").fetchall()]
        finally:
            con.close()

    assert memo.get(("events", 1), rows) == ["e1"] and memo.get(("events", 1), rows) == ["e1"]
    assert len(calls) == 1 and memo.hits == 1
    _insert(db, "e2")  # another process writes: the next read computes again
    assert memo.get(("events", 1), rows) == ["e1", "e2"] and len(calls) == 2
