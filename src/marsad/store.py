"""The DuckDB store: articles, entity mentions, events, event clusters and runs.

- Re-processing an article replaces its rows (same doc_id); an unchanged article (same content
  hash) is skipped, so re-running a job never duplicates data and a killed job resumes.
- Writes are batched: many articles per transaction. A run killed at any point (SIGKILL included)
  leaves only whole batches, because DuckDB rolls an unfinished transaction back.
- The schema carries a version; `migrate` applies the steps a database has not seen yet.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from marsad import __version__
from marsad.arabic.normalize import normalize
from marsad.handoff import writer_turn
from marsad.schema import Article, Event

SCHEMA_VERSION = 7
TURN_GAP_SECONDS = 0.1  # the least time between two turns of one writer (Store.turn)

# Each step takes the schema from version i to i + 1. Never edit a released step: add one.
MIGRATIONS: list[str | Callable[[duckdb.DuckDBPyConnection], None]] = [
    # 0 → 1: the first tables
    """
    CREATE TABLE IF NOT EXISTS articles (
      doc_id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, text VARCHAR, published DATE, site VARCHAR,
      language VARCHAR, source VARCHAR, status VARCHAR, reason VARCHAR, processed_at TIMESTAMP, run_id VARCHAR
    );
    CREATE TABLE IF NOT EXISTS mentions (
      doc_id VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER, label VARCHAR, name VARCHAR,
      country VARCHAR, "group" VARCHAR, sector VARCHAR
    );
    CREATE TABLE IF NOT EXISTS events (
      event_id VARCHAR PRIMARY KEY, doc_id VARCHAR, url VARCHAR, published DATE, type VARCHAR, mode VARCHAR,
      contexts VARCHAR[], cameo VARCHAR,
      actor_text VARCHAR, actor_country VARCHAR, actor_group VARCHAR, actor_sector VARCHAR,
      recipient_text VARCHAR, recipient_country VARCHAR, recipient_group VARCHAR, recipient_sector VARCHAR,
      location_text VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
      date VARCHAR, date_precision VARCHAR, future BOOLEAN, negated BOOLEAN, trigger_text VARCHAR,
      confidence DOUBLE, record JSON
    );
    CREATE TABLE IF NOT EXISTS runs (
      run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, marsad_version VARCHAR,
      inputs VARCHAR, articles INTEGER, events INTEGER, skipped INTEGER, errors INTEGER, error_lines VARCHAR
    );
    """,
    # 1 → 2: content hashes (skip unchanged articles), names and spans on events, clusters
    """
    ALTER TABLE articles ADD COLUMN IF NOT EXISTS content_hash VARCHAR;
    ALTER TABLE articles ADD COLUMN IF NOT EXISTS marsad_version VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS actor_name VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS recipient_name VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS location_name VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS site VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS sentence_text VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS cluster_id VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS search_norm VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS names_norm VARCHAR;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS place_norm VARCHAR;
    ALTER TABLE runs ADD COLUMN IF NOT EXISTS unchanged INTEGER;
    CREATE TABLE IF NOT EXISTS clusters (
      cluster_id VARCHAR PRIMARY KEY, type VARCHAR, actor_key VARCHAR, recipient_key VARCHAR,
      location_country VARCHAR, first_date DATE, last_date DATE, first_seen DATE,
      num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER, representative_event_id VARCHAR
    );
    CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id);
    CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
    """,
    # 2 → 3: live monitoring: conditional-request state per feed, and every article URL fetched once
    """
    CREATE TABLE IF NOT EXISTS feed_state (
      url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, checked_at TIMESTAMP, status INTEGER
    );
    CREATE TABLE IF NOT EXISTS seen_urls (url VARCHAR PRIMARY KEY, first_seen TIMESTAMP, status INTEGER);
    """,
    # 3 → 4: the web app: accounts, sessions, analyst reviews (machine output is never changed), comments,
    # watchlist subscriptions
    """
    CREATE TABLE IF NOT EXISTS users (
      user_id VARCHAR PRIMARY KEY, username VARCHAR UNIQUE, email VARCHAR, password_hash VARCHAR, role VARCHAR,
      api_token_hash VARCHAR, created_at TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS sessions (
      session_hash VARCHAR PRIMARY KEY, user_id VARCHAR, csrf_token VARCHAR, created_at TIMESTAMP, expires_at TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS reviews (
      review_id VARCHAR PRIMARY KEY, event_id VARCHAR, user_id VARCHAR, action VARCHAR, changes JSON, note VARCHAR,
      created_at TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS comments (
      comment_id VARCHAR PRIMARY KEY, event_id VARCHAR, user_id VARCHAR, body VARCHAR, created_at TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS subscriptions (
      sub_id VARCHAR PRIMARY KEY, user_id VARCHAR, email VARCHAR, label VARCHAR, filter JSON, frequency VARCHAR,
      created_at TIMESTAMP, confirmed_at TIMESTAMP, last_sent_at TIMESTAMP, unsubscribed_at TIMESTAMP
    );
    CREATE INDEX IF NOT EXISTS reviews_event ON reviews (event_id);
    CREATE INDEX IF NOT EXISTS comments_event ON comments (event_id);
    CREATE OR REPLACE VIEW review_state AS
      SELECT * FROM reviews QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY created_at DESC, review_id DESC) = 1;
    """,
    # 4 → 5: a story's consensus: how many of its reports agree on its actor, recipient, place and day, and
    # what the others say
    """
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS actor_support INTEGER;
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS recipient_support INTEGER;
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS location_support INTEGER;
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS date DATE;
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS date_support INTEGER;
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS disagreements JSON;
    """,
    # 5 → 6: a story's casualty figures (the highest its reports give: tolls are revised upwards)
    """
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS killed INTEGER;
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS wounded INTEGER;
    ALTER TABLE clusters ADD COLUMN IF NOT EXISTS arrested INTEGER;
    """,
    # 6 → 7: a place's precision (exact, region, country), backfilled from the stored records (_add_location_precision)
    lambda con: _add_location_precision(con),
]

ARTICLE_COLUMNS = ["doc_id", "url", "title", "text", "published", "site", "language", "source", "status", "reason",
                   "processed_at", "run_id", "content_hash", "marsad_version"]
MENTION_COLUMNS = ["doc_id", "text", "start", "end", "label", "name", "country", "group", "sector"]
EVENT_COLUMNS = [
    "event_id", "doc_id", "url", "published", "type", "mode", "contexts", "cameo",
    "actor_text", "actor_country", "actor_group", "actor_sector",
    "recipient_text", "recipient_country", "recipient_group", "recipient_sector",
    "location_text", "location_country", "lat", "lon", "date", "date_precision", "future", "negated",
    "trigger_text", "confidence", "record", "actor_name", "recipient_name", "location_name", "site",
    "sentence_text", "cluster_id", "search_norm", "names_norm", "place_norm", "location_precision",
]

SCHEMA_SKETCH = """\
articles (doc_id PK, url, title, text, published, site, language, status, content_hash, run_id, …)
   │ 1
   ├──< mentions (doc_id → articles, text, start, end, label, name, country, group, sector)
   │ 1
   └──< events (event_id PK, doc_id → articles, type, mode, contexts, cameo,
   │            actor_* / recipient_* (text, country, group, sector, name), location_* (text, country,
   │            name, lat, lon, precision), date, date_precision, future, negated, trigger_text, sentence_text,
   │            confidence, record JSON = the full EVENTS.md record with spans, cluster_id → clusters)
clusters (cluster_id PK, type, actor_key, recipient_key, location_country, first_date, last_date,
          first_seen, num_mentions, num_articles, num_sources, representative_event_id → events,
          actor_support, recipient_support, location_support, date, date_support, disagreements JSON,
          killed, wounded, arrested)
   — one row per story: the consensus of its reports (the value most reports give, and how many give it)
runs (run_id PK, started_at, finished_at, marsad_version, inputs, articles, events, skipped,
      unchanged, errors, error_lines)
feed_state (url PK, etag, last_modified, checked_at, status)   — marsad watch
seen_urls (url PK, first_seen, status)                         — marsad watch: never fetched twice
users (user_id PK, username, email, password_hash (argon2), role, api_token_hash)   — marsad serve
sessions (session_hash PK, user_id → users, csrf_token, expires_at)
reviews (review_id PK, event_id → events, user_id → users, action, changes JSON, note, created_at)
   review_state = the latest review of each event (a view); events themselves are never edited
comments (comment_id PK, event_id → events, user_id → users, body, created_at)
subscriptions (sub_id PK, user_id → users, email, label, filter JSON, frequency, confirmed_at, last_sent_at, …)
A store filled by `marsad run --shards DIR` reads articles, mentions and events as views over
DIR/{articles,mentions,events}/SLOT.parquet (nothing copied), keeps cluster ids in
event_clusters (event_id PK, cluster_id), and shows bad records in the view shard_errors.
meta (key PK, value)  — schema_version
"""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends, roll back when it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def connect_waiting(path: str, read_only: bool = False, wait_seconds: float = 15.0) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting while another process holds it (`marsad serve` lets it go when a writer's
    flag is up: marsad.handoff); then fail with DuckDB's own message."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _add_location_precision(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 6 → 7: the events' location_precision column, filled for the rows stored before it from what their
    records say: coordinates of a region of the gazetteers → region, other coordinates → exact, a state alone →
    country (what marsad.events.records.place_precision decides for new records); the records get the key too.
    A store reading Parquet shards cannot change them: its old rows read as NULL."""
    kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'events'").fetchone()
    if kind is None:
        return
    if kind[0] == "VIEW":
        _ensure_view_column(con, "events", "location_precision", "VARCHAR")
        return
    from marsad.knowledge.base import region_points

    con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS location_precision VARCHAR")
    points = sorted(region_points())
    con.register("region_points", pa.table({"lat": [p[0] for p in points], "lon": [p[1] for p in points]}))
    try:
        con.execute("""
            UPDATE events SET location_precision = CASE
              WHEN lat IS NOT NULL AND lon IS NOT NULL AND EXISTS
                (SELECT 1 FROM region_points r WHERE r.lat = events.lat AND r.lon = events.lon) THEN 'region'
              WHEN lat IS NOT NULL AND lon IS NOT NULL THEN 'exact'
              WHEN location_country IS NOT NULL THEN 'country' END
            WHERE location_precision IS NULL AND json_type(record, '$.location') = 'OBJECT'""")
    finally:
        con.unregister("region_points")
    con.execute("""UPDATE events SET record = json_merge_patch(record, json_object('location', json_object('precision', location_precision)))
                   WHERE location_precision IS NOT NULL AND json_extract(record, '$.location.precision') IS NULL""")


def _ensure_view_column(con: duckdb.DuckDBPyConnection, view: str, column: str, sql_type: str) -> None:
    """A view that lacks a column (one over Parquet files written before the column existed) gets it, as NULL."""
    if column in {r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()}:
        return
    sql = con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ? AND NOT internal", [view]).fetchone()[0]
    select = sql.split(" AS ", 1)[1].rstrip().rstrip(";")
    con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT *, NULL::{sql_type} AS {column} FROM ({select})")


class Store:
    """The store file, held with a writer's flag raised (marsad.handoff) for as long as it is open:
    `marsad serve` lets the file go and waits while the flag is up. Long ingests `release()` it between
    short `turn()`s."""

    def __init__(self, path: str | Path = "marsad.duckdb", read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        self._flag = contextlib.ExitStack()
        self._released_at = 0.0
        self.con = self._open()
        if not read_only:
            self.migrate()

    def _open(self) -> duckdb.DuckDBPyConnection:
        self._flag.enter_context(writer_turn(self.path))
        try:
            return connect_waiting(self.path, self.read_only)
        except BaseException:
            self._flag.close()
            raise

    # ---- taking turns with marsad serve (marsad.handoff) ----------------------------------------
    def release(self) -> None:
        """Let the file go (and lower the flag): a long ingest holds it only while it writes."""
        if self.con is not None:
            self.con.close()
            self.con = None  # type: ignore[assignment]
        self._flag.close()

    @contextmanager
    def turn(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Hold the file for one short piece of work (a batch of inserts), then let it go again.
        Nested turns share the connection; a store that was not released stays open."""
        if self.con is not None:
            yield self.con
            return
        # leave readers a moment between two turns: the server polls the flag every 20 ms and needs
        # ~35 ms to reopen; back-to-back turns would otherwise starve its waiting requests into 503s
        wait = TURN_GAP_SECONDS - (time.monotonic() - self._released_at)
        if wait > 0:
            time.sleep(wait)
        self.con = self._open()
        try:
            yield self.con
        finally:
            self.release()
            self._released_at = time.monotonic()

    # ---- schema -------------------------------------------------------------------------
    def schema_version(self) -> int:
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row:
            return int(row[0])
        has_articles = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'").fetchone()[0]
        return 1 if has_articles else 0  # a database from before versioning is version 1

    def migrate(self) -> int:
        version = self.schema_version()
        for step in range(version, SCHEMA_VERSION):
            with transaction(self.con) as con:
                migration = MIGRATIONS[step]
                if callable(migration):
                    migration(con)
                else:
                    con.execute(migration)
                con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(step + 1)])
        return SCHEMA_VERSION

    def close(self) -> None:
        self.release()

    # ---- runs -----------------------------------------------------------------------------
    def start_run(self, inputs: list[str]) -> str:
        started = datetime.now(UTC)
        run_id = started.strftime("%Y%m%dT%H%M%S%f")
        self.con.execute("INSERT INTO runs (run_id, started_at, marsad_version, inputs) VALUES (?, ?, ?, ?)",
                         [run_id, started.replace(tzinfo=None), __version__, json.dumps(inputs, ensure_ascii=False)])
        return run_id

    def finish_run(self, run_id: str, articles: int, events: int, skipped: int, errors: list[str],
                   unchanged: int = 0) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, articles = ?, events = ?, skipped = ?, errors = ?, error_lines = ?, "
            "unchanged = ? WHERE run_id = ?",
            [datetime.now(UTC).replace(tzinfo=None), articles, events, skipped, len(errors),
             "\n".join(errors), unchanged, run_id],
        )

    # ---- writes -----------------------------------------------------------------------------
    def known_hashes(self) -> dict[str, str]:
        """doc_id → content hash of every stored article: what a re-run may skip."""
        return dict(self.con.execute("SELECT doc_id, content_hash FROM articles").fetchall())

    def save(self, article: Article, events: list[Event], run_id: str | None = None) -> None:
        self.save_batch([(article, events)], run_id)

    def save_batch(self, batch: Iterable[tuple[Article, list[Event]]], run_id: str | None = None) -> None:
        """Replace everything stored for these articles, in one transaction."""
        if self.sharded():
            raise RuntimeError(f"{self.path} reads Parquet shards from {self.shards_dir()}; run with --shards there")
        # the same article twice in one batch (a syndicated story read twice): the last copy wins
        batch = list({a.doc_id: (a, events) for a, events in batch}.values())
        if not batch:
            return
        tables = batch_tables(batch, run_id)
        # Arrow tables, not executemany: DuckDB inserts a column batch some hundred times faster than rows.
        ids = pa.table({"doc_id": [a.doc_id for a, _ in batch]})
        con = self.con
        con.register("batch_ids", ids)
        try:
            with transaction(con):
                for table in ("events", "mentions", "articles"):
                    con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM batch_ids)")
                for name, columns in (("articles", ARTICLE_COLUMNS), ("mentions", MENTION_COLUMNS), ("events", EVENT_COLUMNS)):
                    rows = tables[name]
                    if rows.num_rows:
                        cols = ", ".join(f'"{c}"' for c in columns)
                        con.register("batch_rows", rows)
                        verb = "INSERT OR REPLACE" if name == "events" else "INSERT"  # an event id seen twice: one row
                        con.execute(f"{verb} INTO {name} ({cols}) SELECT {cols} FROM batch_rows")
                        con.unregister("batch_rows")
        finally:
            con.unregister("batch_ids")

    # ---- Parquet shards (the sharded engines write them, the store reads them in place) -------
    def sharded(self) -> bool:
        return self.shards_dir() is not None

    def shards_dir(self) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'shards_dir'").fetchone()
        return row[0] if row else None

    def attach_shards(self, directory: str | Path, files: dict[str, list[str]]) -> None:
        """Serve articles, mentions and events from Parquet files without copying them: the tables become
        views over read_parquet. `files` maps each table to its completed shard files. A store that already
        holds rows of its own is refused (its rows would hide behind the views)."""
        directory = str(Path(directory).resolve())
        current = self.shards_dir()
        if current and current != directory:
            raise ValueError(f"{self.path} already reads shards from {current}")
        if not current:
            held = sum(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events"))
            if held:
                raise ValueError(f"{self.path} already holds {held} rows of its own; attach shards to a new store file")
        if not files.get("articles"):
            return  # nothing completed yet: keep the empty tables
        with transaction(self.con) as con:
            if not current:
                for table in ("events", "mentions", "articles"):
                    con.execute(f"DROP TABLE IF EXISTS {table}")
                con.execute("CREATE TABLE IF NOT EXISTS event_clusters (event_id VARCHAR PRIMARY KEY, cluster_id VARCHAR)")
                con.execute("INSERT OR REPLACE INTO meta VALUES ('shards_dir', ?)", [directory])
            # a view's SQL cannot take parameters: the file names are quoted as SQL strings here
            def parquet(table: str, with_filename: bool = False) -> str:
                listed = ", ".join("'" + f.replace("'", "''") + "'" for f in sorted(files.get(table) or []))
                return f"read_parquet([{listed}], union_by_name = true{', filename = true' if with_filename else ''})"
            # An article read twice (in two shards): the copy from the later input wins, as in a table store.
            # Which copy is kept is decided here, once, into a small key table (doc_id, shard slot); the
            # views join it instead of ranking every row at every query (an API page: 250 → 125 ms on the corpus).
            con.execute(f"CREATE OR REPLACE TABLE shard_kept AS SELECT doc_id, run_id AS slot FROM {parquet('articles')} "
                        "QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY source DESC, run_id DESC) = 1")
            con.execute(f"CREATE OR REPLACE VIEW articles AS SELECT p.* EXCLUDE (published), CAST(p.published AS DATE) AS published "
                        f"FROM {parquet('articles')} p SEMI JOIN shard_kept k ON k.doc_id = p.doc_id AND k.slot = p.run_id")
            of_kept_copy = "SEMI JOIN shard_kept k ON k.doc_id = p.doc_id AND k.slot = parse_filename(p.filename, true)"
            if files.get("mentions"):
                con.execute(f"CREATE OR REPLACE VIEW mentions AS SELECT p.* EXCLUDE (filename) FROM {parquet('mentions', True)} p "
                            f"{of_kept_copy}")
            else:
                con.execute("CREATE OR REPLACE VIEW mentions AS SELECT NULL::VARCHAR AS doc_id, NULL::VARCHAR AS text, "
                            "NULL::INTEGER AS start, NULL::INTEGER AS \"end\", NULL::VARCHAR AS label, NULL::VARCHAR AS name, "
                            "NULL::VARCHAR AS country, NULL::VARCHAR AS \"group\", NULL::VARCHAR AS sector WHERE false")
            if files.get("events"):
                con.execute(f"CREATE OR REPLACE VIEW events AS SELECT p.* EXCLUDE (cluster_id, published, filename), "
                            "CAST(p.published AS DATE) AS published, c.cluster_id "
                            f"FROM {parquet('events', True)} p LEFT JOIN event_clusters c ON c.event_id = p.event_id "
                            f"{of_kept_copy}")
                _ensure_view_column(con, "events", "location_precision", "VARCHAR")  # shards written before schema 7
            else:
                con.execute("CREATE OR REPLACE VIEW events AS SELECT * FROM (SELECT NULL::VARCHAR AS event_id) WHERE false")
            if files.get("errors"):
                con.execute(f"CREATE OR REPLACE VIEW shard_errors AS SELECT * FROM {parquet('errors')}")

    # ---- reads ------------------------------------------------------------------------------
    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT record FROM events ORDER BY published, doc_id, event_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [json.loads(r[0]) for r in self.con.execute(sql).fetchall()]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events", "clusters", "runs")}


_ARROW_TYPES = {"published": pa.string(), "processed_at": pa.timestamp("us"), "start": pa.int32(), "end": pa.int32(),
                "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(), "future": pa.bool_(),
                "negated": pa.bool_(), "contexts": pa.list_(pa.string())}


def batch_tables(batch: list[tuple[Article, list[Event]]], run_id: str | None = None) -> dict[str, pa.Table]:
    """The rows of a batch of articles as Arrow tables (articles, mentions, events): what the store
    inserts and what the sharded engines write as Parquet."""
    now = datetime.now(UTC).replace(tzinfo=None)
    articles = _table(ARTICLE_COLUMNS, [
        [a.doc_id, a.url, a.title, a.text, a.published, a.site, a.language, a.source, a.status, a.reason,
         now, run_id, a.content_hash or content_hash(a.text), __version__] for a, _ in batch])
    mentions = _table(MENTION_COLUMNS, [
        [a.doc_id, m.text, m.start, m.end, m.label, m.name, m.country, m.group, m.sector]
        for a, _ in batch for m in a.mentions])
    unique_events = {e.event_id: (e, a.site) for a, events in batch for e in events}
    events = _table(EVENT_COLUMNS, [_event_row(e, site) for e, site in unique_events.values()])
    return {"articles": articles, "mentions": mentions, "events": events}


def _table(columns: list[str], rows: list[list[Any]]) -> pa.Table:
    return pa.table({c: pa.array([r[i] for r in rows], type=_ARROW_TYPES.get(c, pa.string()))
                     for i, c in enumerate(columns)})


def _event_row(e: Event, site: str | None) -> list[Any]:
    a, r, loc = e.actor, e.recipient, e.location
    return [
        e.event_id, e.doc_id, e.url, e.published, e.type, e.mode, e.contexts, e.cameo,
        a.text if a else None, a.country if a else None, a.group if a else None, a.sector if a else None,
        r.text if r else None, r.country if r else None, r.group if r else None, r.sector if r else None,
        loc.text if loc else None, loc.country if loc else None, loc.lat if loc else None, loc.lon if loc else None,
        e.date, e.date_precision, e.future, e.negated, e.trigger.text, e.confidence,
        json.dumps(e.to_dict(), ensure_ascii=False),
        a.name if a else None, r.name if r else None, loc.name if loc else None, site, e.sentence.text, None,
        *_search_texts(e), loc.precision if loc else None,
    ]


def _search_texts(e: Event) -> tuple[str, str, str]:
    """Folded (sentence and all, names, place) text, so that filters match any spelling variant."""
    names = " | ".join(x for p in (e.actor, e.recipient) if p for x in (p.text, p.name or "", p.title or ""))
    place = " | ".join([e.location.text, e.location.name or "", e.location.name_ar or ""]) if e.location else ""
    return normalize(" | ".join([names, place, e.sentence.text])), normalize(names), normalize(place)
