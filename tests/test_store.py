"""The event store: idempotent and resumable runs, migrations, clusters, filters and exports."""
import csv
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import duckdb
import pandas as pd
import pytest

from marsad.cluster import cluster_events
from marsad.query import EventFilter, count_events, select_events
from marsad.store import MIGRATIONS, SCHEMA_VERSION, Store

MARSAD = [sys.executable, "-m", "marsad.cli"]
TABLES = ("articles", "mentions", "events")


def counts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES)
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus_slice(shared, tmp_path_factory):
    """The first 250 SaudiNewsNet articles as JSON Lines (written to a temp dir, never to the repo)."""
    path = tmp_path_factory.mktemp("corpus") / "slice.jsonl"
    zpath = sorted((shared / "corpus" / "saudinewsnet" / "zips").glob("*.zip"))[0]
    with zipfile.ZipFile(zpath) as z:
        articles = json.loads(z.read(z.namelist()[0]))[:250]
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles) + "\n", encoding="utf-8")
    return path


def test_run_twice_same_counts(corpus_slice, tmp_path):
    db = tmp_path / "a.duckdb"
    first = subprocess.run([*MARSAD, "run", str(corpus_slice), "--db", str(db), "--workers", "2"],
                           capture_output=True, text=True, timeout=600)
    assert first.returncode in (0, 1), first.stderr
    once = counts(db)
    assert once[0] > 200 and once[2] > 50
    second = subprocess.run([*MARSAD, "run", str(corpus_slice), "--db", str(db)], capture_output=True, text=True,
                            timeout=600)
    assert "unchanged articles skipped" in second.stderr
    assert counts(db) == once


def _articles_between_turns(db) -> int:
    """Articles stored so far by a running `marsad run`, which holds the file only while it writes."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except (duckdb.IOException, duckdb.CatalogException):
        return 0
    try:
        return con.execute("select count(*) from articles").fetchone()[0]
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def _stored(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("select doc_id, url from articles order by doc_id").fetchall(),
                con.execute("select event_id, record from events order by event_id").fetchall())
    finally:
        con.close()


def test_sigkill_then_resume_gives_the_same_store(corpus_slice, tmp_path):
    # the same articles arrive again under other URLs at the end: the first copy must win in both runs
    lines = corpus_slice.read_text(encoding="utf-8").splitlines()
    again = [json.dumps({**json.loads(ln), "url": json.loads(ln).get("url", "") + "?again"}, ensure_ascii=False)
             for ln in lines[:40]]
    inputs = tmp_path / "with_copies.jsonl"
    inputs.write_text("\n".join(lines + again) + "\n", encoding="utf-8")
    whole = tmp_path / "whole.duckdb"
    subprocess.run([*MARSAD, "run", str(inputs), "--db", str(whole), "--batch", "20"], capture_output=True,
                   timeout=600)
    killed = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([*MARSAD, "run", str(inputs), "--db", str(killed), "--batch", "20"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and _articles_between_turns(killed) < 40:
        time.sleep(0.05)  # wait until some batches are committed (read between the run's turns)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = counts(killed)
    assert 0 < partial[0] < counts(whole)[0], "the run was not killed mid-way"
    subprocess.run([*MARSAD, "run", str(inputs), "--db", str(killed), "--batch", "20"], capture_output=True,
                   timeout=600)
    assert counts(killed) == counts(whole)
    articles, events = _stored(whole)
    assert not any(url and url.endswith("?again") for _, url in articles)
    assert _stored(killed) == (articles, events)


def test_migrates_a_version_1_database(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(MIGRATIONS[0])
    con.execute("INSERT INTO articles (doc_id, text, status) VALUES ('old', 'نص', 'ok')")
    con.close()
    store = Store(db)
    assert store.schema_version() == SCHEMA_VERSION
    cols = {r[0] for r in store.con.execute("select column_name from information_schema.columns "
                                             "where table_name = 'events'").fetchall()}
    assert {"cluster_id", "names_norm", "place_norm"} <= cols
    assert store.con.execute("select count(*) from articles").fetchone()[0] == 1  # data kept
    store.close()


@pytest.fixture
def sample_db(tmp_path):
    db = tmp_path / "s.duckdb"
    r = subprocess.run([*MARSAD, "run", "--db", str(db)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return db


def test_filters(sample_db):
    store = Store(sample_db, read_only=True)
    con = store.con
    assert count_events(con, EventFilter(country="SAU")) == 1
    assert count_events(con, EventFilter(types=["CONSULT"], recipient_country="SAU")) == 1
    assert count_events(con, EventFilter(name="الاردني")) == 1  # without hamza it still finds الأردني
    # the reception in Riyadh, the sample's one event there (its attack in Mogadishu is near the trigger bar)
    assert count_events(con, EventFilter(place="الرياض")) == 1
    assert count_events(con, EventFilter(date_from="2025-05-01", date_to="2025-05-31")) >= 1
    assert count_events(con, EventFilter(text="خلية")) >= 1
    top = con.execute("select max(confidence) from events").fetchone()[0]
    assert count_events(con, EventFilter(min_confidence=top)) >= 1
    assert count_events(con, EventFilter(min_confidence=top + 0.001)) == 0
    hostile = "'; DROP TABLE events; --"
    for field in ("name", "place", "text", "source", "mode", "context", "country"):
        assert count_events(con, EventFilter(**{field: hostile})) == 0
    assert con.execute("select count(*) from events").fetchone()[0] > 0
    store.close()


def test_exports_agree(sample_db, tmp_path):
    n = counts(sample_db)[2]
    csv_path = tmp_path / "e.csv"
    r = subprocess.run([*MARSAD, "events", "--db", str(sample_db), "--format", "csv", "-o", str(csv_path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(csv_path, encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == n
    assert len(pd.read_csv(csv_path)) == n
    assert duckdb.connect().execute(f"select count(*) from read_csv_auto('{csv_path}')").fetchone()[0] == n
    pq = tmp_path / "pq"
    r = subprocess.run([*MARSAD, "events", "--db", str(sample_db), "--format", "parquet", "-o", str(pq)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    query = f"select count(*) from read_parquet('{pq}/*/*.parquet', hive_partitioning=1)"
    assert duckdb.connect().execute(query).fetchone()[0] == n
    assert len(pd.read_parquet(pq)) == n
    jl = subprocess.run([*MARSAD, "events", "--db", str(sample_db), "--format", "jsonl"], capture_output=True, text=True)
    assert len(jl.stdout.splitlines()) == n
    bad = subprocess.run([*MARSAD, "events", "--db", str(sample_db), "--sql", "delete from events"],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and counts(sample_db)[2] == n


SAME_STORY = "تعاون امني بين المغرب واسبانيا لتفكيك خليه ارهابيه في طنجه"


def _event(con, event_id, doc_id, day, site, actor="MAR", recipient="ESP", type_="COOPERATE", text=SAME_STORY):
    con.execute(
        "INSERT INTO events (event_id, doc_id, published, type, mode, actor_country, recipient_country, "
        "location_country, date, date_precision, negated, site, confidence, record, search_norm) "
        "VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, ?, 'day', false, ?, 0.8, '{}', ?)",
        [event_id, doc_id, day, type_, actor, recipient, day, site, text])


def test_clusters_join_reports_of_one_event_and_keep_others_apart(tmp_path):
    store = Store(tmp_path / "c.duckdb")
    con = store.con
    _event(con, "e1", "d1", "2025-01-10", "a.ma")
    _event(con, "e2", "d2", "2025-01-11", "b.es")
    _event(con, "e3", "d3", "2025-01-11", "b.es")
    _event(con, "e4", "d4", "2025-03-01", "a.ma")  # weeks later: another event
    _event(con, "e5", "d5", "2025-01-10", "a.ma", actor="DZA")  # another dyad
    _event(con, "e6", "d6", "2025-01-10", "c.ma", type_="CONSULT", actor="ESP", recipient="MAR")
    _event(con, "e7", "d7", "2025-01-10", "d.ma", type_="CONSULT", actor="MAR", recipient="ESP")  # unordered
    _event(con, "e8", "d8", "2025-01-10", "e.ma", text="اتفاق تجاري جديد حول الصيد البحري والموانئ")  # other story
    stats = cluster_events(con)
    rows = dict(con.execute("select event_id, cluster_id from events").fetchall())
    assert rows["e1"] == rows["e2"] == rows["e3"]
    assert len({rows["e1"], rows["e4"], rows["e5"], rows["e8"]}) == 4
    assert rows["e6"] == rows["e7"]
    big = con.execute("select num_mentions, num_articles, num_sources, first_seen from clusters "
                      "where cluster_id = ?", [rows["e1"]]).fetchone()
    assert big[:3] == (3, 3, 2) and str(big[3]) == "2025-01-10"
    assert stats.clusters == 5 and stats.multi_article == 2
    cols, got = select_events(con, EventFilter(clustered=True), ["event_id"])
    assert {r[0] for r in got} == {"e1", "e2", "e3", "e6", "e7"}
    store.close()
