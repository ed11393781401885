"""One story, many mentions: cross-article clustering of stored events.

Blocking keeps the cost near-linear: events are grouped by type, dyad (the parties' states or
groups; unordered for meetings that are not visits) and the place's state, and sorted by date.
Inside a block an event joins an open cluster (one whose last mention is within the window) when
their evidence is alike: the Jaccard overlap of the folded words of parties, place and sentence.
One-sided events ("Egypt rejects …" with no recipient) need more overlap than dyadic ones, since
the dyad alone says little. Comparisons are bounded by the window, never all pairs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from marsad.store import transaction

DEFAULT_WINDOW_DAYS = 2
DYADIC_OVERLAP = 0.25
ONE_SIDED_OVERLAP = 0.3
_MAX_OPEN_COMPARED = 50

_ROWS = """
WITH keyed AS (
  SELECT event_id, doc_id, type, site, published, search_norm,
         coalesce(actor_name, '') AS actor_name,
         coalesce(actor_country, actor_group, '-') AS a_key,
         coalesce(recipient_country, recipient_group, '-') AS r_key,
         coalesce(location_country, '-') AS loc_key,
         coalesce(TRY_CAST(CASE WHEN date_precision = 'day' THEN date END AS DATE), published) AS day,
         coalesce(mode, '') AS mode, confidence
  FROM events
  WHERE NOT negated AND published IS NOT NULL
)
SELECT * FROM keyed
ORDER BY type,
         CASE WHEN type = 'CONSULT' AND mode <> 'visit' AND r_key < a_key THEN r_key ELSE a_key END,
         CASE WHEN type = 'CONSULT' AND mode <> 'visit' AND r_key < a_key THEN a_key ELSE r_key END,
         loc_key, day, event_id
"""

_WORD = re.compile(r"[\w\u0621-\u064a]{3,}")


@dataclass
class ClusterStats:
    events: int
    clusters: int
    multi_article: int


@dataclass
class _Open:
    cluster_id: str
    words: set[str]
    last_day: date
    people: set[str]  # the actors' names: two named people are two statements, two cables, two visits


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall(text or ""))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _block_key(row: tuple) -> tuple:
    _, _, etype, _, _, _, _, a_key, r_key, loc_key, _, mode, _ = row
    if etype == "CONSULT" and mode != "visit" and r_key < a_key:
        a_key, r_key = r_key, a_key  # a meeting that is not a visit has no direction
    return etype, a_key, r_key, loc_key


def assign_clusters(rows: list[tuple], window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, str]:
    """event_id → cluster_id for rows sorted by block and day."""
    assigned: dict[str, str] = {}
    current_block = None
    open_clusters: list[_Open] = []
    for row in rows:
        event_id, _, _, _, _, search, actor_name, a_key, r_key, _, day, _, _ = row
        person = actor_name.split()[-1] if actor_name else ""
        block = _block_key(row)
        if block != current_block:
            current_block, open_clusters = block, []
        open_clusters = [c for c in open_clusters if (day - c.last_day).days <= window_days]
        words = _words(search)
        threshold = ONE_SIDED_OVERLAP if "-" in (a_key, r_key) else DYADIC_OVERLAP
        best, best_score = None, threshold
        for cluster in open_clusters[-_MAX_OPEN_COMPARED:]:
            if person and cluster.people and person not in cluster.people:
                continue
            score = _overlap(words, cluster.words)
            if score >= best_score:
                best, best_score = cluster, score
        if best is None:
            cid = hashlib.md5(f"{'|'.join(block)}|{day}|{event_id}".encode()).hexdigest()[:16]
            best = _Open(cid, words, day, {person} - {""})
            open_clusters.append(best)
        else:
            best.last_day = day
            best.words |= words
            if person:
                best.people.add(person)
        assigned[event_id] = best.cluster_id
    return assigned


def cluster_events(con: duckdb.DuckDBPyConnection, window_days: int = DEFAULT_WINDOW_DAYS) -> ClusterStats:
    """(Re)compute every event's cluster and the clusters table, in one transaction."""
    rows = con.execute(_ROWS).fetchall()
    assigned = assign_clusters(rows, window_days)
    table = pa.table({"event_id": list(assigned), "cluster_id": list(assigned.values())})
    con.register("assigned_clusters", table)
    try:
        events_are_a_view = con.execute("SELECT count(*) FROM information_schema.tables "
                                        "WHERE table_name = 'events' AND table_type = 'VIEW'").fetchone()[0]
        with transaction(con):
            if events_are_a_view:  # a store over Parquet shards: cluster ids live beside the read-only files
                con.execute("DELETE FROM event_clusters")
                con.execute("INSERT INTO event_clusters SELECT event_id, cluster_id FROM assigned_clusters")
            else:
                con.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
                con.execute("UPDATE events SET cluster_id = a.cluster_id FROM assigned_clusters a "
                            "WHERE events.event_id = a.event_id")
            con.execute("DELETE FROM clusters")
            con.execute("""
                INSERT INTO clusters
                SELECT e.cluster_id, any_value(e.type),
                       any_value(coalesce(e.actor_country, e.actor_group, '-')),
                       any_value(coalesce(e.recipient_country, e.recipient_group, '-')),
                       any_value(coalesce(e.location_country, '-')),
                       min(coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), e.published)),
                       max(coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), e.published)),
                       min(e.published), count(*), count(DISTINCT e.doc_id), count(DISTINCT coalesce(e.site, e.doc_id)),
                       arg_max(e.event_id, e.confidence)
                FROM events e WHERE e.cluster_id IS NOT NULL GROUP BY e.cluster_id
            """)
    finally:
        con.unregister("assigned_clusters")
    clusters, multi = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE num_articles > 1) FROM clusters").fetchone()
    return ClusterStats(len(assigned), clusters, multi)
