"""Read models for the API and the pages: event lists, one event with its evidence, clusters, actors,
places, timeline, map and network data. All SQL is parameterised (filters go through EventFilter)."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from marsad.query import COUNT_COLUMNS, STORY_COUNTS, EventFilter, count_events, select_events, totals
from marsad.query import stats as filter_stats
from marsad.web.reviews import review_states, view_record


def list_events(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int | None, offset: int, sort: str,
                view: str = "machine") -> tuple[list[dict[str, Any]], int]:
    if view == "reviewed":
        flt.exclude_rejected = True
    _, rows = select_events(con, flt, columns=["record", "cluster_id"], limit=limit, offset=offset, order=sort)
    records = []
    for record_json, cluster_id in rows:
        record = json.loads(record_json)
        record["cluster_id"] = cluster_id
        records.append(record)
    states = review_states(con, [r["event_id"] for r in records])
    items = [v for r in records if (v := view_record(r, states.get(r["event_id"]), view)) is not None]
    return items, count_events(con, flt)


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """The machine record, its review state and its evidence: the article and the spans to highlight."""
    row = con.execute("SELECT e.record, e.cluster_id, a.title, a.text, a.url, a.site, a.published FROM events e "
                      "LEFT JOIN articles a USING (doc_id) WHERE e.event_id = ?", [event_id]).fetchone()
    if not row:
        return None
    record = json.loads(row[0])
    record["cluster_id"] = row[1]
    text = row[3] or ""
    spans = []
    for role in ("trigger", "actor", "recipient", "location", "sentence"):
        part = record.get(role)
        if part and part.get("start") is not None and part.get("end") is not None:
            spans.append({"role": role, "start": part["start"], "end": part["end"], "text": part.get("text")})
    date_text = record.get("date_text")
    sentence = record.get("sentence") or {}
    if date_text and sentence.get("text") and date_text in sentence["text"]:
        start = sentence["start"] + sentence["text"].index(date_text)
        spans.append({"role": "date", "start": start, "end": start + len(date_text), "text": date_text})
    record["evidence"] = {
        "article": {"doc_id": record["doc_id"], "title": row[2], "url": row[4], "site": row[5],
                    "published": row[6].isoformat() if row[6] else None},
        "sentence": sentence.get("text"),
        "spans": [s for s in spans if 0 <= s["start"] < s["end"] <= len(text)],
    }
    record["_article_text"] = text
    return record


def highlight(text: str, spans: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Cut the text at every span boundary: [(piece, roles covering it)] for the template to wrap and escape."""
    cuts = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        roles = [s["role"] for s in spans if s["start"] <= a and b <= s["end"]]
        pieces.append((text[a:b], roles))
    return pieces


def cluster_members(con: duckdb.DuckDBPyConnection, cluster_id: str | None, exclude: str | None = None) -> list[dict]:
    if not cluster_id:
        return []
    rows = con.execute("SELECT e.event_id, e.doc_id, e.url, e.site, e.published, e.sentence_text, a.title FROM events e "
                       "LEFT JOIN articles a USING (doc_id) WHERE e.cluster_id = ? AND e.event_id IS DISTINCT FROM ? "
                       "ORDER BY e.published, e.event_id LIMIT 200", [cluster_id, exclude]).fetchall()
    return [{"event_id": r[0], "doc_id": r[1], "url": r[2], "site": r[3], "published": r[4].isoformat() if r[4] else None,
             "sentence": r[5], "title": r[6]} for r in rows]


def get_cluster(con: duckdb.DuckDBPyConnection, cluster_id: str) -> dict[str, Any] | None:
    cur = con.execute("SELECT * FROM clusters WHERE cluster_id = ?", [cluster_id])
    row = cur.fetchone()
    if not row:
        return None
    out = _jsonable(dict(zip([d[0] for d in cur.description], row, strict=True)))
    out["mentions"] = cluster_members(con, cluster_id)
    return out


def list_clusters(con: duckdb.DuckDBPyConnection, limit: int, offset: int, min_articles: int = 1) -> tuple[list[dict], int]:
    cur = con.execute("SELECT * FROM clusters WHERE num_articles >= ? ORDER BY num_articles DESC, first_date DESC, cluster_id "
                      "LIMIT ? OFFSET ?", [min_articles, limit, offset])
    names = [d[0] for d in cur.description]
    items = [_jsonable(dict(zip(names, r, strict=True))) for r in cur.fetchall()]
    total = con.execute("SELECT count(*) FROM clusters WHERE num_articles >= ?", [min_articles]).fetchone()[0]
    return items, total


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def actors(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int = 100) -> list[dict[str, Any]]:
    """States and groups with how often they act and are acted upon."""
    where, params = flt.where()
    rows = con.execute(
        "WITH sides AS ("
        f" SELECT coalesce(e.actor_country, e.actor_group) AS key, 1 AS as_actor, 0 AS as_recipient FROM events e{where}"
        f" UNION ALL SELECT coalesce(e.recipient_country, e.recipient_group), 0, 1 FROM events e{where})"
        " SELECT key, sum(as_actor + as_recipient) AS n, sum(as_actor), sum(as_recipient) FROM sides WHERE key IS NOT NULL"
        " GROUP BY key ORDER BY n DESC, key LIMIT ?", [*params, *params, limit]).fetchall()
    return [{"actor": r[0], "events": int(r[1]), "as_actor": int(r[2]), "as_recipient": int(r[3])} for r in rows]


def places(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int = 500) -> list[dict[str, Any]]:
    where, params = flt.where()
    extra = " AND " if where else " WHERE "
    rows = con.execute(
        f"SELECT e.location_name, e.location_country, avg(e.lat), avg(e.lon), {STORY_COUNTS} FROM events e{where}"
        f"{extra}e.location_country IS NOT NULL GROUP BY 1, 2 ORDER BY stories DESC, events DESC, 2, 1 LIMIT ?",
        [*params, limit]).fetchall()
    return [{"name": r[0], "country": r[1], "lat": r[2], "lon": r[3], **_counts(r[4:])} for r in rows]


def _counts(row: tuple) -> dict[str, int]:
    return dict(zip(COUNT_COLUMNS, (int(v) for v in row), strict=True))


def stats(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> dict[str, Any]:
    """Counts by type, dyad and month: stories first (a story is one real-world event), then events
    (mentions), articles and sources."""
    result = filter_stats(con, flt)
    total = totals(con, flt)
    return {"total": total["events"], "totals": total,
            "by_type": [{"type": r[0], **_counts(r[1:])} for r in result["by type"]],
            "by_dyad": [{"dyad": r[0], **_counts(r[1:])} for r in result["by dyad"]],
            "by_month": [{"month": r[0], **_counts(r[1:])} for r in result["by month"]]}


def timeline(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> list[dict[str, Any]]:
    where, params = flt.where()
    rows = con.execute(
        "SELECT strftime(coalesce(TRY_CAST(e.date AS DATE), e.published), '%Y-%m') AS month, e.type, "
        f"{STORY_COUNTS} FROM events e{where} GROUP BY 1, 2 HAVING month IS NOT NULL ORDER BY 1, 2", params).fetchall()
    return [{"month": r[0], "type": r[1], **_counts(r[2:])} for r in rows]


def network(con: duckdb.DuckDBPyConnection, flt: EventFilter, max_edges: int = 150, level: str = "state") -> dict[str, Any]:
    """States and groups as nodes, links weighted by the events between them (either direction).
    level="agency" splits a state into its agencies by sector: MAR·COP (police), BEL·SPY (intelligence)."""
    where, params = flt.where()
    extra = " AND " if where else " WHERE "

    def node(side: str) -> str:
        base = f"coalesce(e.{side}_country, e.{side}_group)"
        if level == "agency":
            return f"CASE WHEN e.{side}_sector IS NOT NULL AND e.{side}_country IS NOT NULL THEN {base} || '·' || e.{side}_sector ELSE {base} END"
        return base

    rows = con.execute(
        "SELECT least(a, r) AS x, greatest(a, r) AS y, count(DISTINCT story) AS stories, count(*) AS n FROM ("
        f" SELECT {node('actor')} AS a, {node('recipient')} AS r, coalesce(e.cluster_id, e.event_id) AS story"
        f" FROM events e{where}{extra}coalesce(e.actor_country, e.actor_group) IS NOT NULL"
        " AND coalesce(e.recipient_country, e.recipient_group) IS NOT NULL)"
        " WHERE a <> r GROUP BY 1, 2 ORDER BY stories DESC, n DESC, 1, 2 LIMIT ?", [*params, max_edges]).fetchall()
    weight: dict[str, list[int]] = {}
    for x, y, stories, n in rows:
        for key in (x, y):
            w = weight.setdefault(key, [0, 0])
            w[0] += stories
            w[1] += n
    return {"nodes": [{"id": k, "stories": v[0], "events": v[1]}
                      for k, v in sorted(weight.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))],
            "links": [{"source": x, "target": y, "stories": int(st), "events": int(n)} for x, y, st, n in rows]}
