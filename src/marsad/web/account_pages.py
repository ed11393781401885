"""Sign-in and -out, the language switch, a user's account page and the admins' user list."""

from __future__ import annotations

import duckdb
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

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
    client,
    connection,
    set_session_cookie,
    settings,
)
from marsad.web.guards import hashing_limiter, off_loop
from marsad.web.rendering import render, require_user, signed_in_form

router = APIRouter(include_in_schema=False)


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
    check_csrf(request, con, form.get("csrf"))
    username, password = str(form.get("username", ""))[:40], str(form.get("password", ""))[:200]
    limiter, address = settings(request).limiter, client(request)
    next_url = _local_path(str(form.get("next", "")))
    if limiter.blocked(address, username):
        return render(request, con, "login.html", {"error_key": "too_many", "next": next_url}, status=429)
    limiter.attempted(address, username)  # before hashing: concurrent guesses cannot all pass the check
    user = await off_loop(hashing_limiter(request), authenticate, con, username, password)
    if user is None:
        return render(request, con, "login.html", {"error_key": "bad_login", "next": next_url}, status=401)
    limiter.succeeded(address, username)
    end_session(con, request.cookies.get(SESSION_COOKIE))  # a fresh session id at every sign-in
    response = RedirectResponse(next_url, status_code=303)
    set_session_cookie(response, request, start_session(con, user))
    return response


@router.post("/logout")
async def logout(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form = await request.form()
    check_csrf(request, con, form.get("csrf"))
    end_session(con, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/events", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str) -> RedirectResponse:
    response = RedirectResponse(_local_path(request.query_params.get("next")), status_code=303)
    response.set_cookie(LANG_COOKIE, "en" if lang == "en" else "ar", max_age=365 * 86400, samesite="lax", path="/")
    return response



@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    require_user(request, con, "/account")
    return render(request, con, "account.html", {"done": request.query_params.get("done")})


@router.post("/account/password")
async def account_password(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form, user = await signed_in_form(request, con, "/account")
    new = str(form.get("new_password", ""))[:200]
    if new != str(form.get("confirm_password", ""))[:200]:
        return render(request, con, "account.html", {"error": "passwords_differ"}, status=422)
    try:
        token = await off_loop(hashing_limiter(request), change_password, con, user,
                               str(form.get("current_password", ""))[:200], new)
    except PermissionError:
        return render(request, con, "account.html", {"error": "bad_login"}, status=403)
    except ValueError as exc:
        return render(request, con, "account.html", {"error": "error", "detail": str(exc)}, status=422)
    response = RedirectResponse("/account?done=password", status_code=303)
    set_session_cookie(response, request, token)
    return response


@router.post("/account/token", response_class=HTMLResponse)
async def account_token(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form, user = await signed_in_form(request, con, "/account")
    response = render(request, con, "account.html", {"token": new_api_token(con, user)})
    response.headers["Cache-Control"] = "no-store"  # the token is shown once
    return response


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    user = require_user(request, con, "/admin/users")
    if user.role != "admin":
        return render(request, con, "message.html", {"message_key": "forbidden"}, status=403)
    return render(request, con, "users.html", {"users": list_users(con), "roles": ROLES})


@router.post("/admin/users/{username}/role")
async def users_set_role(request: Request, username: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Response:
    form, user = await signed_in_form(request, con, "/admin/users")
    try:
        set_role(con, user, username, str(form.get("role", "")))
    except PermissionError:
        return render(request, con, "message.html", {"message_key": "forbidden"}, status=403)
    except (ValueError, KeyError) as exc:
        return render(request, con, "message.html", {"message_key": "error", "detail": str(exc)}, status=422)
    return RedirectResponse("/admin/users", status_code=303)
