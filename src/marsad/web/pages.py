"""The web app's event pages: the table, one event with its evidence, reviews and comments, the review
queue, the timeline, map and network, and the API reference (server-rendered, Jinja2 autoescaping:
article text is untrusted)."""

from __future__ import annotations

import duckdb
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from marsad.web import data
from marsad.web.context import connection, settings
from marsad.web.rendering import page_reader, query_filter, query_string, render, require_user, signed_in_form
from marsad.web.reviews import CORRECTABLE, EVENT_TYPES, ReviewError, add_comment, add_review, comments_for, review_history

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
MAX_PAGE = 10_000_000 // PAGE_SIZE  # the API's largest offset; a bigger page number shows that (empty) page
SORTABLE = ("date", "type", "actor", "recipient", "confidence", "published")


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=303)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    flt = query_filter(request)
    sort = request.query_params.get("sort", "-date")
    if sort.lstrip("-") not in SORTABLE:
        sort = "-date"
    try:
        page = min(MAX_PAGE, max(1, int(request.query_params.get("page", "1")[:20])))
    except ValueError:
        page = 1
    items, total = data.list_events(con, flt, PAGE_SIZE, (page - 1) * PAGE_SIZE, sort, "both")
    pages = max(1, -(-total // PAGE_SIZE))
    return render(request, con, "events.html", {
        "items": items, "total": total, "page": page, "pages": pages, "sort": sort, "types": EVENT_TYPES,
        "selected_types": flt.types, "params": request.query_params, "query": lambda **kw: query_string(request, **kw),
        "export_query": query_string(request, page=None, sort=None)})


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    record = data.get_event(con, event_id[:64])
    if record is None:
        return render(request, con, "message.html", {"message_key": "not_found"}, status=404)
    text = record.pop("_article_text")
    spans = record["evidence"]["spans"]
    sentence = record.get("sentence") or {}
    # show the article around the event: the whole text when short, else the sentence's paragraph window
    window = (0, len(text)) if len(text) <= 6000 else (max(0, sentence.get("start", 0) - 1500), min(len(text), sentence.get("end", 0) + 1500))
    shown = [{**s, "start": s["start"] - window[0], "end": s["end"] - window[0]} for s in spans
             if s["start"] >= window[0] and s["end"] <= window[1]]
    history = review_history(con, event_id)
    return render(request, con, "event.html", {
        "e": record, "pieces": data.highlight(text[window[0]:window[1]], shown), "cut_before": window[0] > 0,
        "cut_after": window[1] < len(text), "history": history, "state": history[-1]["action"] if history else "pending",
        "comments": comments_for(con, event_id), "cluster": data.cluster_members(con, record.get("cluster_id"), exclude=event_id),
        "types": EVENT_TYPES, "correctable": list(CORRECTABLE)})


@router.post("/events/{event_id}/review")
async def review_form(request: Request, event_id: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form, user = await signed_in_form(request, con, f"/events/{event_id}")
    action = str(form.get("action", ""))
    changes = {k: str(form.get(k, "")) for k in CORRECTABLE if str(form.get(k, "")).strip()} if action == "correct" else None
    try:
        add_review(con, event_id, user, action, changes, str(form.get("note", "")))
    except PermissionError:
        return render(request, con, "message.html", {"message_key": "forbidden"}, status=403)
    except (ReviewError, KeyError) as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    next_url = "/review" if form.get("from_queue") else f"/events/{event_id}"
    return RedirectResponse(next_url, status_code=303)


@router.post("/events/{event_id}/comments")
async def comment_form(request: Request, event_id: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form, user = await signed_in_form(request, con, f"/events/{event_id}")
    try:
        add_comment(con, event_id, user, str(form.get("body", "")))
    except (ReviewError, KeyError) as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    return RedirectResponse(f"/events/{event_id}#comments", status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    user = require_user(request, con, "/review")
    if not user.can_review():
        return render(request, con, "message.html", {"message_key": "forbidden"}, status=403)
    flt = query_filter(request)
    flt.review = flt.review or "pending"
    items, total = data.list_events(con, flt, 50, 0, "confidence", "machine")
    return render(request, con, "review.html", {"items": items, "total": total, "state": flt.review})


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    flt = query_filter(request)
    return render(request, con, "chart.html", {"chart": "timeline", "title_key": "by_type", "types": EVENT_TYPES,
                                               "selected_types": flt.types, "data": data.timeline(con, flt)})


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    flt = query_filter(request)
    return render(request, con, "chart.html", {"chart": "map", "title_key": "map", "note_key": "map_note", "types": EVENT_TYPES,
                                               "selected_types": flt.types, "data": data.places(con, flt),
                                               "tiles": settings(request).tiles})


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    flt = query_filter(request)
    level = "agency" if request.query_params.get("level") == "agency" else "state"
    return render(request, con, "chart.html", {"chart": "graph", "title_key": "graph", "note_key": "graph_note", "types": EVENT_TYPES,
                                               "selected_types": flt.types, "level": level,
                                               "data": data.network(con, flt, 80, level)})


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> HTMLResponse:
    """The REST API's reference, rendered from the OpenAPI document (FastAPI's Swagger UI would need a CDN)."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema", {})
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "parameters": op.get("parameters", []), "body": body.get("$ref", "").rsplit("/", 1)[-1],
                               "responses": sorted(op.get("responses", {}))})
    return render(request, con, "api_docs.html", {"operations": operations, "version": spec["info"]["version"]})
