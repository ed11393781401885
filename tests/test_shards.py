"""Sharded runs: Parquet shards written by the engines and read by the store in place."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import httpx
import pytest
from web_support import LiveServer

from marsad.engine.shards import completed, plan_shards, run_shards_local
from marsad.web.context import WebSettings

MARSAD = [sys.executable, "-m", "marsad.cli"]


@pytest.fixture(scope="module")
def corpus_files(shared, tmp_path_factory) -> Path:
    """200 SaudiNewsNet articles as 8 JSON Lines files (8 shards)."""
    zpath = sorted((shared / "corpus" / "saudinewsnet" / "zips").glob("*.zip"))[2]
    with zipfile.ZipFile(zpath) as z:
        articles = [a for a in json.loads(z.read(z.namelist()[0])) if (a.get("content") or "").strip()][:200]
    folder = tmp_path_factory.mktemp("shard-inputs")
    for i in range(8):
        with open(folder / f"part-{i}.jsonl", "w", encoding="utf-8") as f:
            for a in articles[i * 25:(i + 1) * 25]:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return folder


def marsad(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MARSAD, *args], capture_output=True, text=True, timeout=600)


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def copy_inputs(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_sharded_store_equals_table_store(corpus_files, tmp_path):
    table, sharded = tmp_path / "table.duckdb", tmp_path / "sharded.duckdb"
    assert marsad("run", str(corpus_files), "--db", str(table), "--workers", "2").returncode == 0
    done = marsad("run", str(corpus_files), "--shards", str(tmp_path / "shards"), "--db", str(sharded), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "8 shards: 0 complete already, 8 to process" in done.stderr
    query = "SELECT event_id, record FROM events ORDER BY event_id"
    assert rows(sharded, query) == rows(table, query) and len(rows(table, query)) > 20
    assert rows(sharded, "SELECT count(*) FROM articles") == rows(table, "SELECT count(*) FROM articles")
    # clusters are computed over the shards too, and the event views carry their ids
    cluster_query = "SELECT count(*), sum(num_articles) FROM clusters"
    assert rows(sharded, cluster_query) == rows(table, cluster_query)
    clustered = "SELECT event_id, cluster_id FROM events ORDER BY event_id"
    assert rows(sharded, clustered) == rows(table, clustered)
    # nothing was copied: the store reads the Parquet files in place
    assert rows(sharded, "SELECT table_type FROM information_schema.tables WHERE table_name = 'events'") == [("VIEW",)]
    consult = rows(table, "SELECT count(*) FROM events WHERE type = 'CONSULT'")[0][0]
    events = marsad("events", "--db", str(sharded), "--format", "jsonl", "--type", "CONSULT")
    assert events.returncode == 0 and len(events.stdout.splitlines()) == consult
    # the web app serves a sharded store as it serves any other
    with LiveServer(WebSettings(db_path=str(sharded))) as base:
        body = httpx.get(base + "/api/events", params={"type": "CONSULT", "limit": 500}).json()
        assert body["total"] == consult
        one = httpx.get(f"{base}/api/events/{body['items'][0]['event_id']}").json()
        text = one["evidence"]["article"]["text"]
        assert all(text[s["start"]:s["end"]] == s["text"] for s in one["evidence"]["spans"])


def test_rerun_skips_complete_shards_and_redoes_changed_ones(corpus_files, tmp_path):
    inputs = copy_inputs(corpus_files, tmp_path / "in")
    db, shards = tmp_path / "s.duckdb", tmp_path / "shards"
    args = ["run", str(inputs), "--shards", str(shards), "--db", str(db), "--workers", "2"]
    assert marsad(*args).returncode == 0
    before = rows(db, "SELECT count(*), count(DISTINCT event_id) FROM events")[0]
    again = marsad(*args)
    assert "8 shards: 8 complete already, 0 to process" in again.stderr
    assert rows(db, "SELECT count(*), count(DISTINCT event_id) FROM events")[0] == before
    # one input changes: only its shard is redone, in place, so nothing is counted twice
    first = sorted(inputs.iterdir())[0]
    lines = first.read_text(encoding="utf-8").splitlines()
    first.write_text("\n".join(lines[:-5]) + "\n", encoding="utf-8")
    redone = marsad(*args)
    assert "8 shards: 7 complete already, 1 to process" in redone.stderr
    articles = rows(db, "SELECT count(*), count(DISTINCT doc_id) FROM articles")[0]
    assert articles[0] == articles[1] and rows(db, "SELECT count(*), count(DISTINCT event_id) FROM events")[0][0] <= before[0]
    # a shard killed half-way leaves no marker and is done again
    marker = next((shards / "_complete").glob("*.json"))
    marker.unlink()
    assert "8 shards: 7 complete already, 1 to process" in marsad(*args).stderr
    # rows cannot be written into a store that reads shards: one line says so
    for command in (["run", str(inputs)], ["watch", "http://127.0.0.1:9/feed", "--once"]):
        refused = marsad(*command, "--db", str(db))
        assert refused.returncode == 1 and f"reads Parquet shards from {shards.resolve()}" in refused.stderr, refused.stderr


def test_bad_records_go_to_the_errors_shard(corpus_files, tmp_path):
    inputs = copy_inputs(corpus_files, tmp_path / "in")
    (inputs / "broken.jsonl").write_text('{"title": "x", "text": "نص"}\n{not json\n', encoding="utf-8")
    (inputs / "binary.jsonl").write_bytes(bytes(range(256)) * 8)
    db, shards = tmp_path / "s.duckdb", tmp_path / "shards"
    done = marsad("run", str(inputs), "--shards", str(shards), "--db", str(db), "--workers", "2")
    assert done.returncode == 1
    errors = rows(db, "SELECT source, reason FROM shard_errors ORDER BY source")
    assert any("broken.jsonl" in s for s, _ in errors) and any("binary.jsonl" in s for s, _ in errors)
    assert all(f"error: {s}" in done.stderr for s, _ in errors)  # one line per bad input, naming it
    good = marsad("run", str(corpus_files), "--shards", str(tmp_path / "good"), "--db", str(tmp_path / "good.duckdb"), "--workers", "2")
    assert rows(db, "SELECT count(*) FROM events") == rows(tmp_path / "good.duckdb", "SELECT count(*) FROM events")
    assert good.returncode == 0


def test_a_store_with_rows_of_its_own_is_not_attached(corpus_files, tmp_path):
    db = tmp_path / "own.duckdb"
    assert marsad("run", "--db", str(db)).returncode == 0  # the bundled sample, into tables
    refused = marsad("run", str(corpus_files), "--shards", str(tmp_path / "shards"), "--db", str(db))
    assert refused.returncode == 1 and "holds" in refused.stderr and "Traceback" not in refused.stderr


def test_plan_groups_small_files(tmp_path):
    for i in range(5):
        (tmp_path / f"page-{i}.html").write_text(f"<html><body><p>{i}</p></body></html>", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text("{}\n", encoding="utf-8")
    shards, problems = plan_shards([str(tmp_path)], files_per_shard=2)
    assert not problems and sorted(len(s.paths) for s in shards) == [1, 1, 2, 2]
    again, _ = plan_shards([str(tmp_path)], files_per_shard=2)
    assert [s.slot for s in again] == [s.slot for s in shards]  # stable names across runs
    reports = list(run_shards_local(shards, str(tmp_path / "out"), "2025-01-01", workers=1))
    assert len(reports) == 4 and set(completed(tmp_path / "out")) == {s.slot for s in shards}


def test_a_big_json_lines_file_is_cut_into_line_shards(corpus_files, tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_text("".join(f.read_text(encoding="utf-8") for f in sorted(corpus_files.iterdir())), encoding="utf-8")
    shards, _ = plan_shards([str(big)], shard_bytes=big.stat().st_size // 5)
    assert 5 <= len(shards) <= 6 and shards[0].lines[0] == 0 and shards[-1].lines[1] == big.stat().st_size
    assert all(a.lines[1] == b.lines[0] for a, b in zip(shards, shards[1:], strict=False))  # contiguous, no line lost
    table, sharded = tmp_path / "table.duckdb", tmp_path / "sharded.duckdb"
    assert marsad("run", str(big), "--db", str(table), "--workers", "1").returncode == 0
    done = marsad("run", str(big), "--shards", str(tmp_path / "shards"), "--shard-mb", str(big.stat().st_size / 5 / 2**20),
                  "--db", str(sharded), "--workers", "2")
    assert done.returncode == 0 and f"{len(shards)} shards: 0 complete already" in done.stderr
    query = "SELECT event_id, record FROM events ORDER BY event_id"
    assert rows(sharded, query) == rows(table, query)
    sources = "SELECT doc_id, source FROM articles ORDER BY doc_id"  # records keep their path:line names
    assert rows(sharded, sources) == rows(table, sources)
