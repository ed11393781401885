"""Read models for the API and the pages: event lists, one event with its evidence, clusters, actors,
places, timeline, map and network data. All SQL is parameterised (filters go through EventFilter)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import duckdb

from marsad.query import COUNT_COLUMNS, STORY_COUNTS, EventFilter, count_events, select_events, totals
from marsad.query import stats as filter_stats
from marsad.web.names import actor_names, country_names
from marsad.web.quad import QUADS, TYPE_QUAD, dominant, quad_of
from marsad.web.reviews import review_states, view_record


def list_events(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int | None, offset: int, sort: str,
                view: str = "machine") -> tuple[list[dict[str, Any]], int]:
    if view == "reviewed":
        flt.exclude_rejected = True
    return page_of_events(con, flt, limit, offset, sort, view), count_events(con, flt)


def page_of_events(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int | None, offset: int, sort: str,
                   view: str = "machine") -> list[dict[str, Any]]:
    """The matching records in order, each with its cluster id, in the chosen review view."""
    _, rows = select_events(con, flt, columns=["record", "cluster_id"], limit=limit, offset=offset, order=sort)
    records = []
    for record_json, cluster_id in rows:
        record = json.loads(record_json)
        record["cluster_id"] = cluster_id
        records.append(record)
    states = review_states(con, [r["event_id"] for r in records])
    return [v for r in records if (v := view_record(r, states.get(r["event_id"]), view)) is not None]


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
    """Event locations (place and state) with their counts, most stories first; names in both UI languages."""
    where, params = flt.where()
    extra = " AND " if where else " WHERE "
    # a place at each precision apart: a capital (exact, a marker) and its state named alone (country: the shading only)
    rows = con.execute(
        f"SELECT e.location_name, e.location_country, e.location_precision, avg(e.lat), avg(e.lon), "
        f"mode(json_extract_string(e.record, '$.location.name_ar')), {STORY_COUNTS} FROM events e{where}"
        f"{extra}e.location_country IS NOT NULL GROUP BY 1, 2, 3 ORDER BY stories DESC, events DESC, 2, 1, 3 LIMIT ?",
        [*params, limit]).fetchall()
    return [{"name": r[0], "country": r[1], "precision": r[2], "lat": r[3], "lon": r[4],
             "names": {"ar": r[5] or r[0], "en": r[0] or r[5]} if r[0] or r[5] else None,
             "country_names": country_names(r[1]), **_counts(r[6:])} for r in rows]


def date_span(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> dict[str, str] | None:
    """The days the map's time slider runs over, for the filter with its dates left out: from the day before which
    2% of the events fall (the news also dates events decades back: 1909 would squeeze the rest into a sliver) to
    the last. Both handles at the ends mean no dates at all, so those earliest events are never hidden by default."""
    where, params = replace(flt, date_from=None, date_to=None).where()
    row = con.execute(f"SELECT quantile_disc({EVENT_DAY}, 0.02), max({EVENT_DAY}) FROM events e{where}", params).fetchone()
    return {"first": row[0].isoformat(), "last": row[1].isoformat()} if row and row[0] else None


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


GRAINS = ("day", "week", "month", "year")
EVENT_DAY = "coalesce(TRY_CAST(e.date AS DATE), e.published)"  # the day the date filters compare


def timeline(con: duckdb.DuckDBPyConnection, flt: EventFilter, grain: str = "month") -> list[dict[str, Any]]:
    """Counts by period and type. A period is a day, an ISO week (from Monday), a month or a year: `period` is
    its first day and `end` its last (the date_from and date_to of the events behind it), `month` the month
    it starts in; `quad` is the type's PLOVER quad class."""
    if grain not in GRAINS:
        raise ValueError(f"grain: one of {', '.join(GRAINS)}")
    where, params = flt.where()
    rows = con.execute(
        f"SELECT CAST(date_trunc('{grain}', {EVENT_DAY}) AS DATE) AS period, e.type, {STORY_COUNTS} FROM events e{where} "
        "GROUP BY 1, 2 HAVING period IS NOT NULL ORDER BY 1, 2", params).fetchall()
    return [{"period": r[0].isoformat(), "end": period_end(r[0], grain).isoformat(), "month": f"{r[0].year:04d}-{r[0].month:02d}",
             "grain": grain, "type": r[1], "quad": quad_of(r[1]), **_counts(r[2:])} for r in rows]


def period_end(start: date, grain: str) -> date:
    if grain == "week":
        return start + timedelta(days=6)
    if grain == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if grain == "year":
        return start.replace(month=12, day=31)
    return start


def network(con: duckdb.DuckDBPyConnection, flt: EventFilter, max_edges: int = 150, level: str = "state") -> dict[str, Any]:
    """States and groups as nodes; directed links from actor to recipient, weighted by stories, with their
    stories by PLOVER quad class (`quads`, the largest is `quad`) and by type. Nodes carry their kind
    (state, agency or group), their names in both UI languages and their stories as actor and as recipient.
    level="agency" splits a state into its agencies by sector: MAR·COP (police), BEL·SPY (intelligence)."""
    where, params = flt.where()
    extra = " AND " if where else " WHERE "

    def node(side: str) -> str:
        base = f"coalesce(e.{side}_country, e.{side}_group)"
        if level == "agency":
            return f"CASE WHEN e.{side}_sector IS NOT NULL AND e.{side}_country IS NOT NULL THEN {base} || '·' || e.{side}_sector ELSE {base} END"
        return base

    def kind(side: str) -> str:
        return f"CASE WHEN e.{side}_country IS NULL THEN 'group' WHEN {node(side)} LIKE '%·%' THEN 'agency' ELSE 'state' END"

    rows = con.execute(
        f"WITH ev AS (SELECT {node('actor')} AS a, {kind('actor')} AS ak, {node('recipient')} AS r, {kind('recipient')} AS rk,"
        f" e.actor_country AS ac, e.actor_group AS ag, e.recipient_country AS rc, e.recipient_group AS rg,"
        f" coalesce(e.cluster_id, e.event_id) AS story, e.type AS type"
        f" FROM events e{where}{extra}coalesce(e.actor_country, e.actor_group) IS NOT NULL"
        " AND coalesce(e.recipient_country, e.recipient_group) IS NOT NULL),"
        " top AS (SELECT a, r, count(DISTINCT story) AS stories, count(*) AS n FROM ev WHERE a <> r GROUP BY 1, 2"
        " ORDER BY stories DESC, n DESC, 1, 2 LIMIT ?)"
        " SELECT t.a, t.r, t.stories, t.n, ev.type, count(DISTINCT ev.story), any_value(ev.ak), any_value(ev.rk),"
        " any_value(coalesce(ev.ac, ev.ag)), any_value(coalesce(ev.rc, ev.rg))"
        " FROM top t JOIN ev USING (a, r) GROUP BY 1, 2, 3, 4, 5 ORDER BY 3 DESC, 4 DESC, 1, 2, 5",
        [*params, max_edges]).fetchall()
    links: dict[tuple[str, str], dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for a, r, stories, n, event_type, type_stories, a_kind, r_kind, a_base, r_base in rows:
        link = links.get((a, r))
        if link is None:
            link = links[(a, r)] = {"source": a, "target": r, "stories": int(stories), "events": int(n), "quads": {}, "types": {}}
            for key, node_kind, base, role in ((a, a_kind, a_base, "as_actor"), (r, r_kind, r_base, "as_recipient")):
                found = nodes.setdefault(key, _node(key, node_kind, base))
                found["stories"] += int(stories)
                found["events"] += int(n)
                found[role] += int(stories)
        link["types"][event_type] = int(type_stories)
        quad = quad_of(event_type)
        if quad:
            link["quads"][quad] = link["quads"].get(quad, 0) + int(type_stories)
    for link in links.values():
        link["quad"] = dominant(link["quads"])
    return {"nodes": sorted(nodes.values(), key=lambda v: (-v["stories"], -v["events"], v["id"])),
            "links": list(links.values()), "quads": list(QUADS), "quad_classes": TYPE_QUAD}


def _node(key: str, kind: str, base: str) -> dict[str, Any]:
    """A network node: for the events behind it, a state's (or an agency's) country or a group's id."""
    sector = key.partition("·")[2] if kind == "agency" else None
    return {"id": key, "kind": kind, "names": actor_names(key, kind), "country": base if kind != "group" else None,
            "group": base if kind == "group" else None, "sector": sector, "stories": 0, "events": 0,
            "as_actor": 0, "as_recipient": 0}
