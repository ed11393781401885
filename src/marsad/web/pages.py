"""The web app's pages (server-rendered, Jinja2 with autoescaping: article text is untrusted)."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any
from urllib.parse import urlencode, urlsplit

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from marsad.query import EventFilter
from marsad.web import data
from marsad.web.accounts import (
    ROLES,
    authenticate,
    change_password,
    end_session,
    list_users,
    new_api_token,
    set_role,
    start_session,
)
from marsad.web.context import (
    LANG_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    connection,
    cookie_secure,
    csrf_token,
    database,
    find_user,
    language,
    settings,
)
from marsad.web.filters import build_filter
from marsad.web.i18n import translate
from marsad.web.reviews import CORRECTABLE, EVENT_TYPES, ReviewError, add_comment, add_review, comments_for, review_history
from marsad.web.watchlists import FREQUENCIES, TokenError, confirm, send_confirmation, subscribe, unsubscribe, user_subscriptions

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(FilePath(__file__).parent / "templates"))
PAGE_SIZE = 25
SORTABLE = ("date", "type", "actor", "recipient", "confidence", "published")


def safe_href(url: str | None) -> str | None:
    """Links to sources only when they are http(s): an article's URL is untrusted too."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def render(request: Request, con: duckdb.DuckDBPyConnection, name: str, context: dict[str, Any],
           status: int = 200) -> HTMLResponse:
    lang = language(request)
    context = {"request": request, "lang": lang, "dir": "rtl" if lang == "ar" else "ltr",
               "t": lambda key: translate(key, lang), "user": find_user(request, con), "csrf": csrf_token(request),
               "safe_href": safe_href, "path": request.url.path, **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


def page_reader(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> duckdb.DuckDBPyConnection:
    if not settings(request).public_read and find_user(request, con) is None:
        raise HTTPException(401, "sign in to read")
    return con


def query_filter(request: Request) -> EventFilter:
    params = request.query_params
    return build_filter(params, params.getlist("type"))


def _query(request: Request, **changes: Any) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and k != "lang"]
    params += [(k, str(v)) for k, v in changes.items() if v not in (None, "")]
    return "?" + urlencode(params)


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
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    items, total = data.list_events(con, flt, PAGE_SIZE, (page - 1) * PAGE_SIZE, sort, "both")
    pages = max(1, -(-total // PAGE_SIZE))
    return render(request, con, "events.html", {
        "items": items, "total": total, "page": page, "pages": pages, "sort": sort, "types": EVENT_TYPES,
        "selected_types": flt.types, "params": request.query_params, "query": lambda **kw: _query(request, **kw),
        "export_query": _query(request, page=None, sort=None)})


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
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    user = find_user(request, con)
    if user is None:
        return RedirectResponse(f"/login?next=/events/{event_id}", status_code=303)
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
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    user = find_user(request, con)
    if user is None:
        return RedirectResponse(f"/login?next=/events/{event_id}", status_code=303)
    try:
        add_comment(con, event_id, user, str(form.get("body", "")))
    except (ReviewError, KeyError) as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    return RedirectResponse(f"/events/{event_id}#comments", status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/review", status_code=303)
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


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/account", status_code=303)
    return render(request, con, "account.html", {"done": request.query_params.get("done")})


@router.post("/account/password")
async def account_password(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/account", status_code=303)
    new = str(form.get("new_password", ""))[:200]
    if new != str(form.get("confirm_password", ""))[:200]:
        return render(request, con, "account.html", {"error": "passwords_differ"}, status=422)
    try:
        token = change_password(con, user, str(form.get("current_password", ""))[:200], new)
    except PermissionError:
        return render(request, con, "account.html", {"error": "bad_login"}, status=403)
    except ValueError as exc:
        return render(request, con, "account.html", {"error": "error", "detail": str(exc)}, status=422)
    response = RedirectResponse("/account?done=password", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=cookie_secure(request),
                        max_age=14 * 86400, path="/")
    return response


@router.post("/account/token", response_class=HTMLResponse)
async def account_token(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/account", status_code=303)
    response = render(request, con, "account.html", {"token": new_api_token(con, user)})
    response.headers["Cache-Control"] = "no-store"  # the token is shown once
    return response


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/admin/users", status_code=303)
    if user.role != "admin":
        return render(request, con, "message.html", {"message_key": "forbidden"}, status=403)
    return render(request, con, "users.html", {"users": list_users(con), "roles": ROLES})


@router.post("/admin/users/{username}/role")
async def users_set_role(request: Request, username: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/admin/users", status_code=303)
    try:
        set_role(con, user, username, str(form.get("role", "")))
    except PermissionError:
        return render(request, con, "message.html", {"message_key": "forbidden"}, status=403)
    except (ValueError, KeyError) as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    return RedirectResponse("/admin/users", status_code=303)


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


# ---- sign in / out, language ---------------------------------------------------------------------
def _local_path(value: str | None) -> str:
    """Only same-site paths after sign-in or a language switch (no open redirects)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/events"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> HTMLResponse:
    return render(request, con, "login.html", {"next": _local_path(request.query_params.get("next"))})


@router.post("/login")
async def login(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    username, password = str(form.get("username", ""))[:40], str(form.get("password", ""))[:200]
    limiter = settings(request).limiter
    client = request.client.host if request.client else "?"
    next_url = _local_path(str(form.get("next", "")))
    if limiter.blocked(client, username):
        return render(request, con, "login.html", {"error_key": "too_many", "next": next_url}, status=429)
    user = authenticate(con, username, password)
    if user is None:
        limiter.failed(client, username)
        return render(request, con, "login.html", {"error_key": "bad_login", "next": next_url}, status=401)
    limiter.succeeded(username)
    end_session(con, request.cookies.get(SESSION_COOKIE))  # a fresh session id at every sign-in
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(SESSION_COOKIE, start_session(con, user), httponly=True, samesite="lax",
                        secure=cookie_secure(request), max_age=14 * 86400, path="/")
    return response


@router.post("/logout")
async def logout(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    end_session(con, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/events", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str) -> RedirectResponse:
    response = RedirectResponse(_local_path(request.query_params.get("next")), status_code=303)
    response.set_cookie(LANG_COOKIE, "en" if lang == "en" else "ar", max_age=365 * 86400, samesite="lax", path="/")
    return response


# ---- watchlists -------------------------------------------------------------------------------------
@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/watchlists", status_code=303)
    return render(request, con, "watchlists.html", {
        "subscriptions": user_subscriptions(con, user), "types": EVENT_TYPES, "frequencies": list(FREQUENCIES),
        "mail_on": settings(request).mail is not None, "sent": request.query_params.get("sent")})


@router.post("/watchlists")
async def watchlists_subscribe(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    user = find_user(request, con)
    if user is None:
        return RedirectResponse("/login?next=/watchlists", status_code=303)
    mail = settings(request).mail
    if mail is None:
        return render(request, con, "message.html", {"message_key": "mail_off"}, status=503)
    values = {k: str(form.get(k, "")) for k in form if k not in ("csrf", "types")}
    values["types"] = [str(t) for t in form.getlist("types")]
    try:
        sub_id = subscribe(con, user, str(form.get("email", "")), str(form.get("label", "")), values,
                           str(form.get("frequency", "daily")))
    except ValueError as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    send_confirmation(con, mail, request.app.state.secret, sub_id)
    return RedirectResponse("/watchlists?sent=1", status_code=303)


@router.get("/watchlists/confirm", response_class=HTMLResponse)
def watchlists_confirm(request: Request, token: str = "", con: duckdb.DuckDBPyConnection = Depends(connection)) -> HTMLResponse:
    try:
        confirm(con, database(request).secret(), token)
    except TokenError as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=400)
    return render(request, con, "message.html", {"message_key": "confirmed"})


@router.api_route("/watchlists/unsubscribe", methods=["GET", "POST"], response_class=HTMLResponse)
def watchlists_unsubscribe(request: Request, token: str = "", con: duckdb.DuckDBPyConnection = Depends(connection)) -> HTMLResponse:
    """One click from the digest (GET), or the mail client's RFC 8058 one-click POST; the signed token is the key."""
    try:
        unsubscribe(con, database(request).secret(), token)
    except TokenError as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=400)
    return render(request, con, "message.html", {"message_key": "unsubscribed_done"})


