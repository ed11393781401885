"""Watchlist pages: subscribe (double opt-in by mail, pre-filled from the events page's filters), confirm,
one-click unsubscribe from the mail, and the owner's unsubscribe and delete buttons."""

from __future__ import annotations

import smtplib

import duckdb
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from marsad.web.context import connection, database, language, settings
from marsad.web.filters import filter_terms, page_filter_values
from marsad.web.rendering import render, require_user, signed_in_form
from marsad.web.reviews import EVENT_TYPES
from marsad.web.watchlists import (
    FREQUENCIES,
    WATCH_FIELDS,
    MailLimitReached,
    TokenError,
    confirm,
    confirmation_message,
    delete_own,
    forget,
    send,
    subscribe,
    unsubscribe,
    unsubscribe_own,
    user_subscriptions,
)

router = APIRouter(include_in_schema=False)


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    query = request.url.query[:2000]
    user = require_user(request, con, "/watchlists" + (f"?{query}" if query else ""))
    lang, params = language(request), request.query_params
    subscriptions = user_subscriptions(con, user)
    for sub in subscriptions:
        sub["terms"] = filter_terms(sub["filter"], lang)
    # "watch this filter" on the events page: the form starts with its filters; the ones a watchlist cannot keep are named
    asked = page_filter_values(params, params.getlist("type"))
    prefill = {k: v for k, v in asked.items() if k in WATCH_FIELDS}
    return render(request, con, "watchlists.html", {
        "subscriptions": subscriptions, "types": EVENT_TYPES, "frequencies": list(FREQUENCIES),
        "mail_on": settings(request).mail is not None, "sent": params.get("sent"), "done": params.get("done"),
        "prefill": prefill, "dropped": [t for t in filter_terms(asked, lang) if t["key"] not in WATCH_FIELDS]})


@router.post("/watchlists")
async def watchlists_subscribe(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form, user = await signed_in_form(request, con, "/watchlists")
    mail = settings(request).mail
    if mail is None:
        return render(request, con, "message.html", {"message_key": "mail_off"}, status=503)
    values = {k: str(form.get(k, "")) for k in form if k not in ("csrf", "types")}
    values["types"] = [str(t) for t in form.getlist("types")]
    try:
        sub_id = subscribe(con, user, str(form.get("email", "")), str(form.get("label", "")), values,
                           str(form.get("frequency", "daily")), settings(request).mail_limits)
    except MailLimitReached as exc:
        return render(request, con, "message.html", {"message_key": "too_many", "detail": str(exc)}, status=429)
    except ValueError as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    message = confirmation_message(con, mail, request.app.state.secret, sub_id, user.username)
    try:
        await run_in_threadpool(send, mail, message)  # SMTP can take seconds: not on the event loop
    except OSError as exc:
        forget(con, sub_id)  # no mail went out: no subscription either
        refused = isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPNotSupportedError)
        detail = "the mail server refused this address" if refused else "the confirmation mail could not be sent; try again later"
        return render(request, con, "message.html", {"message_key": "error", "detail": detail}, status=422 if refused else 503)
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


@router.post("/watchlists/{sub_id}/unsubscribe")
async def watchlist_stop(request: Request, sub_id: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    """The owner stops a watchlist's mails (POST, CSRF); anyone else's watchlist is not found."""
    _, user = await signed_in_form(request, con, "/watchlists")
    if not unsubscribe_own(con, user, sub_id[:64]):
        return render(request, con, "message.html", {"message_key": "not_found"}, status=404)
    return RedirectResponse("/watchlists?done=unsubscribed", status_code=303)


@router.post("/watchlists/{sub_id}/delete")
async def watchlist_delete(request: Request, sub_id: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    """The owner deletes a watchlist (POST, CSRF); anyone else's watchlist is not found."""
    _, user = await signed_in_form(request, con, "/watchlists")
    if not delete_own(con, user, sub_id[:64], settings(request).mail_limits):
        return render(request, con, "message.html", {"message_key": "not_found"}, status=404)
    return RedirectResponse("/watchlists?done=deleted", status_code=303)
