"""One story, many mentions: cross-article clustering of stored events.

Events are blocked by type, dyad (the parties' states or groups; unordered for meetings that are
not visits) and the place's state, sorted by date inside a block, and a new cluster starts where
the gap to the previous mention exceeds the window. Everything is one SQL statement over sorted
blocks, so the cost grows like a sort (n log n), never like all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

DEFAULT_WINDOW_DAYS = 2

_KEYED = """
WITH keyed AS (
  SELECT e.event_id, e.doc_id, e.type, e.mode, e.site, e.published,
         coalesce(e.actor_country, e.actor_group, '-') AS a_key,
         coalesce(e.recipient_country, e.recipient_group, '-') AS r_key,
         coalesce(e.location_country, '-') AS loc_key,
         coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), e.published) AS day,
         e.confidence
  FROM events e
  WHERE NOT e.negated AND e.published IS NOT NULL
),
blocked AS (
  SELECT *,
         -- a meeting that is not a visit has no direction: its dyad is unordered
         CASE WHEN type = 'CONSULT' AND coalesce(mode, '') <> 'visit' AND r_key < a_key THEN r_key ELSE a_key END AS k1,
         CASE WHEN type = 'CONSULT' AND coalesce(mode, '') <> 'visit' AND r_key < a_key THEN a_key ELSE r_key END AS k2
  FROM keyed
),
gaps AS (
  SELECT *, CASE WHEN day - lag(day) OVER w > {window} OR lag(day) OVER w IS NULL THEN 1 ELSE 0 END AS starts
  FROM blocked
  WINDOW w AS (PARTITION BY type, k1, k2, loc_key ORDER BY day, event_id)
),
numbered AS (
  SELECT *, sum(starts) OVER (PARTITION BY type, k1, k2, loc_key ORDER BY day, event_id
                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n
  FROM gaps
)
SELECT event_id, doc_id, type, site, published, k1, k2, loc_key, day, confidence,
       md5(type || '|' || k1 || '|' || k2 || '|' || loc_key || '|' || CAST(min(day) OVER c AS VARCHAR)) AS cluster_id
FROM numbered
WINDOW c AS (PARTITION BY type, k1, k2, loc_key, n)
"""


@dataclass
class ClusterStats:
    events: int
    clusters: int
    multi_article: int


def cluster_events(con: duckdb.DuckDBPyConnection, window_days: int = DEFAULT_WINDOW_DAYS) -> ClusterStats:
    """(Re)compute every event's cluster and the clusters table, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE assigned AS " + _KEYED.format(window=int(window_days)))
        con.execute("UPDATE events SET cluster_id = NULL")
        con.execute("UPDATE events SET cluster_id = a.cluster_id FROM assigned a WHERE events.event_id = a.event_id")
        con.execute("DELETE FROM clusters")
        con.execute("""
            INSERT INTO clusters
            SELECT cluster_id, any_value(type), any_value(k1), any_value(k2), any_value(loc_key),
                   min(day), max(day), min(published), count(*), count(DISTINCT doc_id),
                   count(DISTINCT coalesce(site, doc_id)), arg_max(event_id, confidence)
            FROM assigned GROUP BY cluster_id
        """)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    events, clusters, multi = con.execute(
        "SELECT (SELECT count(*) FROM assigned), count(*), count(*) FILTER (WHERE num_articles > 1) FROM clusters"
    ).fetchone()
    return ClusterStats(events, clusters, multi)
