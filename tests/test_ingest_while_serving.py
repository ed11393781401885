"""Ingest and serving share the store without blocking each other (issue 14, marsad.handoff): `marsad run`
writes while eight clients read the API and pages, no request fails or gets a 503, the run does not fail
on the server's lock, and the store ends as it would without the load. (Latencies are measured, not
asserted, by bench/soak.py.)"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import duckdb
import httpx
from web_support import LiveServer

from marsad.handoff import flag_path, writer_turn, writer_waiting
from marsad.web.context import WebSettings
from marsad.web.db import Database

MARSAD = [sys.executable, "-m", "marsad.cli"]
READS = ["/api/events?limit=50", "/events", "/api/stats", "/api/network", "/api/timeline"]


def _slices(shared: Path, tmp_path: Path) -> tuple[Path, Path]:
    zpath = sorted((shared / "corpus" / "saudinewsnet" / "zips").glob("*.zip"))[1]
    with zipfile.ZipFile(zpath) as z:
        articles = json.loads(z.read(z.namelist()[0]))[:160]
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    for path, part in ((first, articles[:60]), (second, articles[60:])):
        path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in part) + "\n", encoding="utf-8")
    return first, second


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MARSAD, "run", *args], capture_output=True, text=True, timeout=600)


def _contents(db: Path) -> tuple[list, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("select doc_id, url from articles order by doc_id").fetchall(),
                con.execute("select event_id, type, cluster_id from events order by event_id").fetchall())
    finally:
        con.close()


def test_a_run_writes_while_eight_clients_read(shared, tmp_path):
    first, second = _slices(shared, tmp_path)
    db = tmp_path / "served.duckdb"
    assert _run(str(first), "--db", str(db)).returncode in (0, 1)
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    stop = threading.Event()

    def reader(k: int, base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            i = k
            while not stop.is_set():
                started = time.perf_counter()
                status = client.get(READS[i % len(READS)]).status_code
                latencies.append(time.perf_counter() - started)
                statuses[status] += 1
                i += 1

    with LiveServer(WebSettings(db_path=str(db))) as base:
        readers = [threading.Thread(target=reader, args=(k, base)) for k in range(8)]
        for t in readers:
            t.start()
        time.sleep(1.0)  # the server holds the file, as under any load
        run = _run(str(second), "--db", str(db), "--batch", "10")
        time.sleep(0.5)
        stop.set()
        for t in readers:
            t.join(timeout=60)
    assert run.returncode in (0, 1) and "lock" not in run.stderr.lower(), run.stderr
    assert " 0 errors" in run.stderr and "error:" not in run.stderr, run.stderr
    assert set(statuses) == {200}, statuses  # no 503: requests waited for the writer's turns
    assert len(latencies) > 100
    # the store is the same as after the same runs without readers
    alone = tmp_path / "alone.duckdb"
    _run(str(first), "--db", str(alone))
    _run(str(second), "--db", str(alone), "--batch", "10")
    assert _contents(db) == _contents(alone)


def test_the_server_lets_go_when_a_writer_raises_its_flag(tmp_path):
    db = tmp_path / "s.duckdb"
    database = Database(db, wait_seconds=5.0, idle_seconds=30.0)  # a server that would keep the file 30 s
    with database.connect() as con:
        con.execute("select 1")
    assert database._con is not None
    # a writer in another process raises its flag and opens the file while the server is idle
    code = ("import duckdb, sys, time\n"
            "from marsad.handoff import writer_turn\n"
            f"with writer_turn({str(db)!r}):\n"
            "    time.sleep(0.3)\n"  # the server sees the flag at its next request and lets go
            f"    con = duckdb.connect({str(db)!r}); con.execute('create table t (x int)'); con.close()\n")
    writer = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 10
    while not writer_waiting(db) and time.monotonic() < deadline:
        time.sleep(0.01)
    with database.connect() as con:  # waits for the turn to end, then reads what the writer wrote
        assert con.execute("select count(*) from t").fetchone()[0] == 0
    assert writer.wait(timeout=30) == 0
    database.close()


def test_a_dead_writers_flag_is_ignored(tmp_path):
    db = tmp_path / "s.duckdb"
    flag_path(db).write_text("999999999\n")  # no such process
    assert not writer_waiting(db) and not flag_path(db).exists()
    with writer_turn(db), writer_turn(db):  # one process's turns share one flag
        assert flag_path(db).exists() and not writer_waiting(db)  # its own flag does not stop this process
    assert not flag_path(db).exists()


def _turn_taker(db: Path, seconds: float, gap: float | None) -> subprocess.Popen:
    """A writer in another process taking back-to-back short turns (as a watch over a long feed)."""
    code = ("import sys, time\n"
            "import marsad.store as st\n"
            + (f"st.TURN_GAP_SECONDS = {gap}\n" if gap is not None else "")
            + f"store = st.Store({str(db)!r}); store.release()\n"
            f"end = time.monotonic() + {seconds}\n"
            "n = 0\n"
            "while time.monotonic() < end:\n"
            "    with store.turn() as con:\n"
            "        con.execute(\"INSERT OR REPLACE INTO seen_urls VALUES (?, now(), 200)\", [str(n)])\n"
            "    n += 1\n"
            "print(n)\n")
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def _reads_during(db: Path, writer: subprocess.Popen, wait_seconds: float) -> tuple[int, int]:
    database = Database(db, wait_seconds=wait_seconds, idle_seconds=30.0)
    ok = busy = 0
    while writer.poll() is None:
        try:
            with database.connect() as con:
                con.execute("SELECT count(*) FROM seen_urls").fetchone()
            ok += 1
        except Exception:  # StoreBusy: the request waited longer than the server's limit
            busy += 1
    database.close()
    return ok, busy


def test_back_to_back_turns_leave_readers_room(tmp_path):
    """A writer's turns follow each other closely (a watch storing many articles, a long run); readers
    must still get in between them, not wait past the server's limit (the soak's 503s)."""
    db = tmp_path / "s.duckdb"
    Database(db).close()
    writer = _turn_taker(db, seconds=4.0, gap=None)
    ok, busy = _reads_during(db, writer, wait_seconds=1.0)
    turns = int(writer.communicate(timeout=60)[0])
    assert busy == 0 and ok > 10 and turns > 10


def test_a_slow_export_download_lets_a_writer_in_between_batches(web_site, tmp_path):
    """An export streams for as long as the client downloads; each batch holds the store only while it is read,
    so a writer's turn comes between two batches (before: the server held the file until the download ended)."""
    import shutil

    from marsad import export
    from marsad.query import EventFilter

    db = tmp_path / "copy.duckdb"
    shutil.copy(web_site.db, db)
    con = duckdb.connect(str(db), read_only=True)
    total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    database = Database(db, wait_seconds=5.0, idle_seconds=30.0)
    chunks = export.stream(database.connect, EventFilter(), "jsonl", batch=2)
    lines = next(chunks).decode().splitlines()  # the client has read one batch
    code = ("from marsad.handoff import writer_turn\n"
            "from marsad.store import connect_waiting\n"
            f"with writer_turn({str(db)!r}):\n"
            f"    con = connect_waiting({str(db)!r}, wait_seconds=30); con.execute('create table written (x int)'); con.close()\n")
    writer = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    batches_before_the_write = 0
    for chunk in chunks:  # a slow client: a batch every 0.1 s
        lines += chunk.decode().splitlines()
        if writer.poll() is None:
            batches_before_the_write += 1
        time.sleep(0.1)
    assert writer.wait(timeout=60) == 0, writer.stderr.read()
    assert len(lines) == total > 20
    assert batches_before_the_write < total // 2 - 2  # the writer was in long before the download ended
    database.close()
