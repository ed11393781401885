"""Filtered event queries: the one place that turns filters into parameterised SQL.

Used by `marsad events`, `marsad stats` and (later) the REST API. Values are always bound
parameters; only column names chosen here are spliced into the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from marsad.arabic.normalize import normalize

# GDELT-like flat columns for CSV and Parquet exports.
FLAT_COLUMNS = [
    "event_id", "doc_id", "url", "site", "published", "date", "date_precision", "type", "mode", "cameo",
    "actor_text", "actor_name", "actor_country", "actor_group", "actor_sector",
    "recipient_text", "recipient_name", "recipient_country", "recipient_group", "recipient_sector",
    "location_text", "location_name", "location_country", "lat", "lon", "location_precision", "future", "negated",
    "trigger_text", "sentence_text", "confidence", "cluster_id",
]


@dataclass
class EventFilter:
    types: list[str] = field(default_factory=list)
    mode: str | None = None
    context: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    country: str | None = None  # either side
    actor_group: str | None = None
    recipient_group: str | None = None
    name: str | None = None  # a participant's name or text, Arabic or Latin, any spelling variant
    place: str | None = None
    location_country: str | None = None  # the state the event took place in
    precision: str | None = None  # the place's precision: exact | region | country (schema.PLACE_PRECISIONS)
    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    text: str | None = None
    min_confidence: float | None = None
    clustered: bool | None = None  # True: reported by several articles; False: by one
    include_negated: bool = True
    review: str | None = None  # pending | reviewed | accepted | corrected | rejected (web app, schema v4)
    exclude_rejected: bool = False  # the reviewed view: events an analyst rejected are left out
    stored_after: datetime | None = None  # watchlist digests: events of articles stored after this time

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        if self.types:
            add(f"e.type IN ({', '.join('?' * len(self.types))})", *[t.upper() for t in self.types])
        if self.mode:
            add("e.mode = ?", self.mode)
        if self.context:
            add("list_contains(e.contexts, ?)", self.context)
        for column, value in (("actor_country", self.actor_country), ("recipient_country", self.recipient_country),
                              ("actor_group", self.actor_group), ("recipient_group", self.recipient_group)):
            if value:
                add(f"e.{column} = ?", value.upper())
        if self.country:
            add("(e.actor_country = ? OR e.recipient_country = ?)", self.country.upper(), self.country.upper())
        if self.name:
            add("e.names_norm LIKE ? ESCAPE '\\'", _like(normalize(self.name)))
        if self.place:
            add("e.place_norm LIKE ? ESCAPE '\\'", _like(normalize(self.place)))
        if self.location_country:
            add("e.location_country = ?", self.location_country.upper())
        if self.precision:
            add("e.location_precision = ?", self.precision)
        if self.date_from:
            add("coalesce(TRY_CAST(e.date AS DATE), e.published) >= CAST(? AS DATE)", self.date_from)
        if self.date_to:
            add("coalesce(TRY_CAST(e.date AS DATE), e.published) <= CAST(? AS DATE)", self.date_to)
        if self.source:
            add("(e.site = ? OR e.url LIKE ? ESCAPE '\\')", self.source, _like(self.source))
        if self.text:
            add("e.search_norm LIKE ? ESCAPE '\\'", _like(normalize(self.text)))
        if self.min_confidence is not None:
            add("e.confidence >= ?", self.min_confidence)
        if self.clustered is not None:
            add(("" if self.clustered else "NOT ") + "coalesce((SELECT c.num_articles > 1 FROM clusters c "
                "WHERE c.cluster_id = e.cluster_id), false)")
        if not self.include_negated:
            add("NOT e.negated")
        if self.review == "pending":
            add("e.event_id NOT IN (SELECT event_id FROM review_state)")
        elif self.review == "reviewed":
            add("e.event_id IN (SELECT event_id FROM review_state)")
        elif self.review in ("accepted", "corrected", "rejected"):
            add("e.event_id IN (SELECT event_id FROM review_state WHERE action = ?)", self.review.removesuffix("ed"))
        if self.exclude_rejected:
            add("e.event_id NOT IN (SELECT event_id FROM review_state WHERE action = 'reject')")
        if self.stored_after is not None:
            add("e.doc_id IN (SELECT doc_id FROM articles WHERE processed_at > ?)", self.stored_after)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# sort keys the CLI and the API accept; a leading '-' sorts descending
ORDERS = {
    "published": "e.published, e.doc_id, e.event_id", "-published": "e.published DESC, e.doc_id, e.event_id",
    "date": "coalesce(TRY_CAST(e.date AS DATE), e.published), e.event_id",
    "-date": "coalesce(TRY_CAST(e.date AS DATE), e.published) DESC, e.event_id",
    "confidence": "e.confidence, e.event_id", "-confidence": "e.confidence DESC, e.event_id",
    "type": "e.type, e.published, e.event_id", "-type": "e.type DESC, e.published, e.event_id",
    "actor": "e.actor_country NULLS LAST, e.actor_group, e.event_id", "-actor": "e.actor_country DESC NULLS LAST, e.actor_group, e.event_id",
    "recipient": "e.recipient_country NULLS LAST, e.recipient_group, e.event_id",
    "-recipient": "e.recipient_country DESC NULLS LAST, e.recipient_group, e.event_id",
}


def select_events(con, flt: EventFilter, columns: list[str] | None = None, limit: int | None = None,
                  offset: int = 0, order: str = "published") -> tuple[list[str], list[tuple]]:
    where, params = flt.where()
    cols = columns or ["record"]
    order_sql = ORDERS.get(order, ORDERS["published"])
    sql = f"SELECT {', '.join('e.' + c for c in cols)} FROM events e{where} ORDER BY {order_sql}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, int(limit), int(offset)]
    cur = con.execute(sql, params)
    return cols, cur.fetchall()


def count_events(con, flt: EventFilter) -> int:
    where, params = flt.where()
    return con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]


# A story is a cluster of events (one real-world event, however many reports); an event not clustered
# yet is its own story. Counts are of stories first, with mentions (events), articles and sources beside
# them, as GDELT's NumMentions / NumArticles / NumSources.
STORY_COUNTS = ("count(DISTINCT coalesce(e.cluster_id, e.event_id)) AS stories, count(*) AS events, "
                "count(DISTINCT e.doc_id) AS articles, count(DISTINCT coalesce(e.site, e.doc_id)) AS sources")
COUNT_COLUMNS = ("stories", "events", "articles", "sources")


def stats(con, flt: EventFilter) -> dict[str, list[tuple]]:
    """Rows of (key, stories, events, articles, sources) by type, dyad and month, most stories first."""
    where, params = flt.where()
    base = f"FROM events e{where}"
    return {
        "by type": con.execute(f"SELECT e.type, {STORY_COUNTS} {base} GROUP BY 1 ORDER BY 2 DESC, 1", params).fetchall(),
        "by dyad": con.execute(
            "SELECT coalesce(e.actor_country, e.actor_group, '-') || ' → ' || "
            f"coalesce(e.recipient_country, e.recipient_group, '-') AS dyad, {STORY_COUNTS} {base} "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20", params).fetchall(),
        "by month": con.execute(
            "SELECT strftime(coalesce(TRY_CAST(e.date AS DATE), e.published), '%Y-%m') AS month, "
            f"{STORY_COUNTS} {base} GROUP BY 1 ORDER BY 1", params).fetchall(),
    }


def totals(con, flt: EventFilter) -> dict[str, int]:
    """Stories, events, articles and sources matching the filter."""
    where, params = flt.where()
    row = con.execute(f"SELECT {STORY_COUNTS} FROM events e{where}", params).fetchall()[0]
    return dict(zip(COUNT_COLUMNS, (int(v) for v in row), strict=True))


# ---- `marsad events --sql`: the user's own query, reading the store and nothing else ----------------------
class SqlRefused(ValueError):
    """A --sql query that is not one SELECT."""


def lock_down(con, allowed_directories: list[str]) -> None:
    """No file, extension or network access beyond the store (and its Parquet shards), with DuckDB's own
    switches; then the configuration is locked, so the query cannot SET them back."""
    if allowed_directories:
        listed = ", ".join("'" + d.rstrip("/").replace("'", "''") + "/'" for d in allowed_directories)
        con.execute(f"SET allowed_directories = [{listed}]")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def read_query(con, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one SELECT (DESCRIBE, SHOW and SUMMARIZE are SELECTs too) on a locked-down connection. Anything
    else is refused before it runs: COPY, ATTACH, INSTALL/LOAD, SET, PRAGMA, CALL and EXPLAIN (EXPLAIN
    ANALYZE runs its statement, a COPY included)."""
    statements = con.extract_statements(sql)
    if len(statements) != 1:
        raise SqlRefused(f"one query at a time, not {len(statements)}")
    kind = {"LOAD": "INSTALL or LOAD"}.get(statements[0].type.name, statements[0].type.name)
    if kind != "SELECT":
        raise SqlRefused(f"only SELECT queries are allowed, not {kind}")
    cur = con.execute(sql)
    return [d[0] for d in cur.description], cur.fetchall()
