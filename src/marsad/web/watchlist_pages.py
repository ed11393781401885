"""Watchlist pages: subscribe (double opt-in by mail), confirm, one-click unsubscribe."""

from __future__ import annotations

import smtplib

import duckdb
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from marsad.web.context import connection, database, settings
from marsad.web.rendering import render, require_user, signed_in_form
from marsad.web.reviews import EVENT_TYPES
from marsad.web.watchlists import (
    FREQUENCIES,
    MailLimitReached,
    TokenError,
    confirm,
    confirmation_message,
    forget,
    send,
    subscribe,
    unsubscribe,
    user_subscriptions,
)

router = APIRouter(include_in_schema=False)


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    user = require_user(request, con, "/watchlists")
    return render(request, con, "watchlists.html", {
        "subscriptions": user_subscriptions(con, user), "types": EVENT_TYPES, "frequencies": list(FREQUENCIES),
        "mail_on": settings(request).mail is not None, "sent": request.query_params.get("sent")})


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


