"""The DuckDB store: articles, entity mentions, events and runs.

Re-processing an article replaces its rows (same doc_id), so re-running a job never duplicates
data; each article's rows are written in one transaction, so a killed run leaves whole articles.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from marsad import __version__
from marsad.schema import Article, Event

SCHEMA = """
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
"""


class Store:
    def __init__(self, path: str | Path = "marsad.duckdb", read_only: bool = False):
        self.path = str(path)
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self.con.execute(SCHEMA)

    def close(self) -> None:
        self.con.close()

    def start_run(self, inputs: list[str]) -> str:
        started = datetime.now(UTC)
        run_id = started.strftime("%Y%m%dT%H%M%S%f")
        self.con.execute("INSERT INTO runs (run_id, started_at, marsad_version, inputs) VALUES (?, ?, ?, ?)",
                         [run_id, started.replace(tzinfo=None), __version__, json.dumps(inputs, ensure_ascii=False)])
        return run_id

    def finish_run(self, run_id: str, articles: int, events: int, skipped: int, errors: list[str]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, articles = ?, events = ?, skipped = ?, errors = ?, error_lines = ? "
            "WHERE run_id = ?",
            [datetime.now(UTC).replace(tzinfo=None), articles, events, skipped, len(errors),
             "\n".join(errors), run_id],
        )

    def save(self, article: Article, events: list[Event], run_id: str | None = None) -> None:
        """Replace everything stored for this article, in one transaction."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("events", "mentions", "articles"):
                con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [article.doc_id])
            con.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article.doc_id, article.url, article.title, article.text, article.published, article.site,
                 article.language, article.source, article.status, article.reason,
                 datetime.now(UTC).replace(tzinfo=None), run_id],
            )
            if article.mentions:
                con.executemany(
                    "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [[article.doc_id, m.text, m.start, m.end, m.label, m.name, m.country, m.group, m.sector]
                     for m in article.mentions],
                )
            if events:
                con.executemany(
                    "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?, ?, ?, ?)",
                    [_event_row(e) for e in events],
                )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT record FROM events ORDER BY published, doc_id, event_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [json.loads(r[0]) for r in self.con.execute(sql).fetchall()]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events", "runs")}


def _event_row(e: Event) -> list[Any]:
    a, r, loc = e.actor, e.recipient, e.location
    return [
        e.event_id, e.doc_id, e.url, e.published, e.type, e.mode, e.contexts, e.cameo,
        a.text if a else None, a.country if a else None, a.group if a else None, a.sector if a else None,
        r.text if r else None, r.country if r else None, r.group if r else None, r.sector if r else None,
        loc.text if loc else None, loc.country if loc else None, loc.lat if loc else None, loc.lon if loc else None,
        e.date, e.date_precision, e.future, e.negated, e.trigger.text, e.confidence,
        json.dumps(e.to_dict(), ensure_ascii=False),
    ]
