"""The web app's event pages: the table, one event with its evidence, reviews and comments, the review
queue, the timeline, map and network, and the API reference (server-rendered, Jinja2 autoescaping:
article text is untrusted)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import duckdb
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from marsad.web import data
from marsad.web.context import connection, settings
from marsad.web.filters import WATCHABLE
from marsad.web.rendering import page_reader, query_filter, query_string, render, require_user, signed_in_form
from marsad.web.reviews import (
    CORRECTABLE,
    EVENT_TYPES,
    SIDES,
    SWAP,
    ReviewError,
    add_comment,
    add_review,
    apply_review,
    comments_for,
    review_history,
)

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
MAX_PAGE = 10_000_000 // PAGE_SIZE  # the API's largest offset; a bigger page number shows that (empty) page
SORTABLE = ("date", "type", "actor", "recipient", "confidence", "published")
# the events page's filters under "more filters" (the <details> opens when one is set)
MORE_FILTERS = ("actor_country", "recipient_country", "place", "location_country", "precision", "source", "mode", "context",
                "min_confidence", "clustered", "review")
# what the field table and the header compare between the machine's record and the reviewed one
COMPARED = (("type",), ("mode",), ("actor", "text"), ("actor", "country"), ("actor", "group"), ("actor", "sector"),
            ("recipient", "text"), ("recipient", "country"), ("recipient", "group"), ("recipient", "sector"),
            ("location", "text"), ("location", "name"), ("location", "country"), ("date",))


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
    items, total = request.app.state.memo.get(
        ("events", repr(flt), page, sort), lambda: data.list_events(con, flt, PAGE_SIZE, (page - 1) * PAGE_SIZE, sort, "both"))
    pages = max(1, -(-total // PAGE_SIZE))
    return render(request, con, "events.html", {
        "items": items, "total": total, "page": page, "pages": pages, "sort": sort, "types": EVENT_TYPES,
        "selected_types": flt.types, "params": request.query_params, "query": lambda **kw: query_string(request, **kw),
        "export_query": query_string(request, page=None, sort=None), "watch_query": watch_query(request),
        "more_open": any(request.query_params.get(k) for k in MORE_FILTERS)})


def watch_query(request: Request) -> str:
    """The events page's filters that a watchlist can keep, for its "watch this filter" link."""
    params = request.query_params
    pairs = [("type", t) for t in params.getlist("type") if t] + [(k, params[k]) for k in WATCHABLE if params.get(k)]
    return "?" + urlencode(pairs) if pairs else ""


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    record = data.get_event(con, event_id[:64])
    if record is None:
        return render(request, con, "message.html", {"message_key": "not_found"}, status=404)
    text = record.pop("_article_text")
    history = review_history(con, event_id)
    state = history[-1]["action"] if history else "pending"
    # a correction is what the page shows, in the header, the field table and the highlights; the machine's
    # values stay beside it (`was`)
    shown = apply_review(record, history[-1]) if state == "correct" else record
    spans = reviewed_spans(record["evidence"]["spans"], shown)
    sentence = record.get("sentence") or {}
    # show the article around the event: the whole text when short, else the sentence's paragraph window
    window = (0, len(text)) if len(text) <= 6000 else (max(0, sentence.get("start", 0) - 1500), min(len(text), sentence.get("end", 0) + 1500))
    shown_spans = [{**s, "start": s["start"] - window[0], "end": s["end"] - window[0]} for s in spans
                   if s["start"] >= window[0] and s["end"] <= window[1]]
    return render(request, con, "event.html", {
        "e": shown, "machine": record, "was": machine_values(record, shown), "swapped": _swapped(history, state),
        "pieces": data.highlight(text[window[0]:window[1]], shown_spans), "cut_before": window[0] > 0,
        "cut_after": window[1] < len(text), "history": history, "state": state,
        "comments": comments_for(con, event_id), "cluster": data.cluster_members(con, record.get("cluster_id"), exclude=event_id),
        "types": EVENT_TYPES, "correctable": list(CORRECTABLE),
        "current": {key: _get(shown, path) for key, (path, _) in CORRECTABLE.items()}})


def _get(record: dict[str, Any] | None, path: tuple[str, ...]) -> Any:
    for key in path:
        record = (record or {}).get(key)
    return record


def machine_values(machine: dict[str, Any], shown: dict[str, Any]) -> dict[str, Any]:
    """The machine's value of every field a review changed ("actor.country": "MAR"), for the page to show
    beside the corrected one."""
    return {".".join(path): _get(machine, path) for path in COMPARED if _get(machine, path) != _get(shown, path)}


def _swapped(history: list[dict[str, Any]], state: str) -> bool:
    return state == "correct" and bool(history[-1]["changes"].get(SWAP))


def reviewed_spans(spans: list[dict[str, Any]], shown: dict[str, Any]) -> list[dict[str, Any]]:
    """The highlights follow the reviewed roles: after a swap the actor's words are the recipient's, and a
    removed participant or place is not highlighted."""
    out = []
    for span in spans:
        if span["role"] in SIDES:
            roles = [side for side in SIDES if _get(shown, (side, "start")) == span["start"]
                     and _get(shown, (side, "end")) == span["end"]]
            out += [{**span, "role": role} for role in roles]
        else:
            out.append(span)
    return out


@router.post("/events/{event_id}/review")
async def review_form(request: Request, event_id: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form, user = await signed_in_form(request, con, f"/events/{event_id}")
    action = str(form.get("action", ""))
    try:
        changes = form_changes(form) if action == "correct" else None
        add_review(con, event_id, user, action, changes, str(form.get("note", "")))
    except PermissionError:
        return render(request, con, "message.html", {"message_key": "forbidden"}, status=403)
    except (ReviewError, KeyError) as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    next_url = "/review" if form.get("from_queue") else f"/events/{event_id}"
    return RedirectResponse(next_url, status_code=303)


def form_changes(form: FormData) -> dict[str, Any]:
    """The review form's correction: typed values, the fields ticked "clear" (null), the parts ticked
    "remove" (null) and "swap". A field both typed and cleared is refused."""
    changes: dict[str, Any] = {k: str(form.get(k, "")) for k in CORRECTABLE if str(form.get(k, "")).strip()}
    for key in (str(v) for v in form.getlist("clear")):
        if key in changes:
            raise ReviewError(f"{key}: a new value and clear at once")
        if key not in CORRECTABLE and key not in SIDES:
            raise ReviewError(f"unknown field {key!r}")
        changes[key] = None
    if form.get(SWAP):
        changes[SWAP] = str(form.get(SWAP))
    return changes


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
    items, total = data.list_events(con, flt, 50, 0, "confidence", "both")
    # a corrected event shows as corrected
    shown = [(m.get("reviewed") or m) if m.get("review_state") == "correct" else m for m in items]
    return render(request, con, "review.html", {"items": shown, "total": total, "state": flt.review})


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
                                               "span": data.date_span(con, flt), "tiles": settings(request).tiles})


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
