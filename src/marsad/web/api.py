"""The REST API under /api. Reads are public or need a session/API token (configuration); writes
always need a user: an API token (Authorization: Bearer …) or a session cookie plus X-CSRF-Token."""

from __future__ import annotations

import itertools
from typing import Any, Literal

import duckdb
from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from marsad import export
from marsad.query import ORDERS, EventFilter
from marsad.web import data
from marsad.web.accounts import User
from marsad.web.context import check_csrf, connection, database, find_user, settings
from marsad.web.db import Database
from marsad.web.filters import api_filter, check_sort, check_view
from marsad.web.reviews import ACTIONS, EVENT_TYPES, VIEWS, ReviewError, add_comment, add_review, comments_for, review_history


class ErrorOut(BaseModel):
    detail: Any = Field(description="what was wrong: a message, or FastAPI's list of invalid fields")


# every address may answer these; documented so that clients (and schemathesis) know them
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text} for code, text in (
        (400, "a body that cannot be parsed"), (401, "a session or an API token is needed"), (403, "not allowed, or a bad CSRF token"),
        (404, "no such event, cluster or address"), (413, "request body too large"),
        (422, "invalid parameters or body"), (429, "too many attempts; try again later"),
        (503, "the store is busy (a writer's turn lasted too long); retry shortly"))}
router = APIRouter(prefix="/api", responses=ERRORS)
SORTS = tuple(ORDERS)
EXPORT_LIMIT = 100_000
EVENT_ID = Path(..., max_length=64)


def reader(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> duckdb.DuckDBPyConnection:
    user = find_user(request, con)
    if not settings(request).public_read and user is None:
        raise HTTPException(401, "reading needs a session or an API token", headers={"WWW-Authenticate": "Bearer"})
    return con


def writer(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> User:
    user = find_user(request, con)
    if user is None:
        raise HTTPException(401, "writing needs a session or an API token", headers={"WWW-Authenticate": "Bearer"})
    if not request.state.via_token:  # a browser session: cookies ride along on cross-site requests, so check CSRF
        check_csrf(request, con, request.headers.get("x-csrf-token"))
    return user


class EventPage(BaseModel):
    items: list[dict[str, Any]] = Field(description="event records as in EVENTS.md, plus cluster_id")
    total: int
    limit: int
    offset: int


class ReviewChanges(BaseModel):
    """Corrected values; a field left out keeps the machine's value, null or '' clears it."""
    model_config = ConfigDict(extra="forbid")
    type: Literal[EVENT_TYPES] | None = None  # type: ignore[valid-type]
    actor_country: str | None = Field(None, max_length=3)
    actor_group: str | None = Field(None, max_length=20)
    actor_sector: str | None = Field(None, max_length=3)
    recipient_country: str | None = Field(None, max_length=3)
    recipient_group: str | None = Field(None, max_length=20)
    recipient_sector: str | None = Field(None, max_length=3)
    location_name: str | None = Field(None, max_length=200)
    location_country: str | None = Field(None, max_length=3)
    date: str | None = Field(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    swap: bool | None = Field(None, description="true: the actor and the recipient change places")
    actor: None = Field(None, description="null: the event has no actor")
    recipient: None = Field(None, description="null: the event has no recipient")
    location: None = Field(None, description="null: the event has no place")


class ReviewIn(BaseModel):
    action: Literal[ACTIONS]  # type: ignore[valid-type]
    changes: ReviewChanges | None = Field(None, description="for 'correct'")
    note: str | None = Field(None, max_length=2000)


class CommentIn(BaseModel):
    body: str = Field(min_length=1, max_length=5000)


@router.get("/events", response_model=EventPage, summary="Events matching the filters, paged and sorted")
def events(flt: EventFilter = Depends(api_filter), limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000),
           sort: Literal[SORTS] = Query("published", description="published, date, confidence, type, actor, recipient; '-' for descending"),  # type: ignore[valid-type]
           view: Literal[VIEWS] = Query("machine", description="machine, reviewed (corrections applied, rejected left out) or both"),  # type: ignore[valid-type]
           con: duckdb.DuckDBPyConnection = Depends(reader)) -> dict[str, Any]:
    items, total = data.list_events(con, flt, limit, offset, check_sort(sort), check_view(view))
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/events/{event_id}", summary="One event record with its evidence and review state")
def event(event_id: str = EVENT_ID, con: duckdb.DuckDBPyConnection = Depends(reader)) -> dict[str, Any]:
    record = data.get_event(con, event_id)
    if record is None:
        raise HTTPException(404, "no such event")
    record["evidence"]["article"]["text"] = record.pop("_article_text")
    history = review_history(con, event_id)
    record["review_state"] = history[-1]["action"] if history else "pending"
    record["reviews"] = history
    record["cluster"] = data.cluster_members(con, record.get("cluster_id"), exclude=event_id)
    return record


@router.post("/events/{event_id}/review", status_code=201, summary="Record an analyst's review (accept, correct, reject)")
def review(event_id: str = EVENT_ID, body: ReviewIn = Body(...), user: User = Depends(writer),
           con: duckdb.DuckDBPyConnection = Depends(connection)) -> dict[str, Any]:
    try:
        changes = body.changes.model_dump(exclude_unset=True) if body.changes else None
        return add_review(con, event_id, user, body.action, changes, body.note)
    except PermissionError as exc:
        raise HTTPException(403, str(exc)) from None
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    except KeyError:
        raise HTTPException(404, "no such event") from None


@router.get("/events/{event_id}/reviews", summary="Every review of an event, oldest first")
def reviews(event_id: str = EVENT_ID, con: duckdb.DuckDBPyConnection = Depends(reader)) -> list[dict[str, Any]]:
    return review_history(con, event_id)


@router.get("/events/{event_id}/comments", summary="Comments on an event (authors by user name only)")
def comments(event_id: str = EVENT_ID, con: duckdb.DuckDBPyConnection = Depends(reader)) -> list[dict[str, Any]]:
    return comments_for(con, event_id)


@router.post("/events/{event_id}/comments", status_code=201, summary="Comment on an event")
def comment(event_id: str = EVENT_ID, body: CommentIn = Body(...), user: User = Depends(writer),
            con: duckdb.DuckDBPyConnection = Depends(connection)) -> dict[str, Any]:
    try:
        return add_comment(con, event_id, user, body.body)
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    except KeyError:
        raise HTTPException(404, "no such event") from None


@router.get("/clusters", summary="Event clusters (the same event reported by several articles)")
def clusters(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000),
             min_articles: int = Query(1, ge=1, le=100_000), con: duckdb.DuckDBPyConnection = Depends(reader)) -> dict[str, Any]:
    items, total = data.list_clusters(con, limit, offset, min_articles)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/clusters/{cluster_id}", summary="One cluster with its mentions and their sources")
def cluster(cluster_id: str = Path(..., max_length=64), con: duckdb.DuckDBPyConnection = Depends(reader)) -> dict[str, Any]:
    found = data.get_cluster(con, cluster_id)
    if found is None:
        raise HTTPException(404, "no such cluster")
    return found


@router.get("/actors", summary="States and groups by number of events")
def actors(flt: EventFilter = Depends(api_filter), limit: int = Query(100, ge=1, le=1000),
           con: duckdb.DuckDBPyConnection = Depends(reader)) -> list[dict[str, Any]]:
    return data.actors(con, flt, limit)


@router.get("/places", summary="Event locations with counts and names in Arabic and English")
def places(flt: EventFilter = Depends(api_filter), limit: int = Query(500, ge=1, le=5000),
           con: duckdb.DuckDBPyConnection = Depends(reader)) -> list[dict[str, Any]]:
    return data.places(con, flt, limit)


@router.get("/stats", summary="Counts by type, dyad and month")
def stats(flt: EventFilter = Depends(api_filter), con: duckdb.DuckDBPyConnection = Depends(reader)) -> dict[str, Any]:
    return data.stats(con, flt)


@router.get("/timeline", summary="Stories and events per period and type, with the type's PLOVER quad class")
def timeline(flt: EventFilter = Depends(api_filter),
             grain: Literal[data.GRAINS] = Query("month", description="day, week (ISO, from Monday), month or year"),  # type: ignore[valid-type]
             con: duckdb.DuckDBPyConnection = Depends(reader)) -> list[dict[str, Any]]:
    return data.timeline(con, flt, grain)


@router.get("/network", summary="Actor network: nodes and directed links (actor → recipient) weighted by stories, by quad class")
def network(flt: EventFilter = Depends(api_filter), max_edges: int = Query(150, ge=1, le=2000),
            level: Literal["state", "agency"] = Query("state", description="state: one node per state or group; "
                                                      "agency: states split by sector (MAR·COP, BEL·SPY)"),
            con: duckdb.DuckDBPyConnection = Depends(reader)) -> dict[str, Any]:
    return data.network(con, flt, max_edges, level)


EXPORT_COLUMNS = ("marsad", "acled", "gdelt")


def export_reader(request: Request) -> Database:
    """The reader's check for exports, on a connection let go at once: an export streams for as long as the
    client downloads, and holding the store that long would keep ingest waiting (marsad.handoff)."""
    with database(request).connect() as con:
        reader(request, con)
    return database(request)


def _export(db: Database, flt: EventFilter, fmt: str, view: str, bom: bool = False) -> StreamingResponse:
    """The export streamed in batches (marsad.export, as `marsad events --format …` writes it, byte for byte), each
    batch on the store only while it is read. The query and its first batch run before the answer starts, so that
    a failure is still an error status."""
    chunks = export.stream(db.connect, flt, fmt, view=check_view(view), limit=EXPORT_LIMIT, bom=bom)
    first = list(itertools.islice(chunks, 2))
    return StreamingResponse(itertools.chain(first, chunks), media_type=export.MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{export.FILENAMES[fmt]}"'})


@router.get("/export.jsonl", summary="Export matching events as JSON Lines (the full records)", response_class=StreamingResponse,
            responses={200: {"description": "one EVENTS.md record per line, with its cluster_id (at most 100,000)",
                             "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}})
def export_jsonl(flt: EventFilter = Depends(api_filter), view: Literal[VIEWS] = Query("machine"),  # type: ignore[valid-type]
                 db: Database = Depends(export_reader)) -> StreamingResponse:
    return _export(db, flt, "jsonl", view)


@router.get("/export.csv", summary="Export matching events as CSV: marsad's flat columns, or ACLED-like or GDELT-like ones",
            response_class=StreamingResponse,
            responses={200: {"description": "a header, then one row per event (at most 100,000); the columns: docs/exports.md",
                             "content": {"text/csv": {"schema": {"type": "string"}}}}})
def export_csv(flt: EventFilter = Depends(api_filter), view: Literal[VIEWS] = Query("machine"),  # type: ignore[valid-type]
               columns: Literal[EXPORT_COLUMNS] = Query(  # type: ignore[valid-type]
                   "marsad", description="marsad: marsad's flat columns; acled: ACLED-like; gdelt: GDELT-like (docs/exports.md)"),
               bom: bool = Query(False, description="start with a UTF-8 byte order mark (Excel then reads Arabic right)"),
               db: Database = Depends(export_reader)) -> StreamingResponse:
    return _export(db, flt, "csv" if columns == "marsad" else columns, view, bom)
