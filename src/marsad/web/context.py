"""What every request needs: the store connection, the signed-in user, the CSRF check, the language."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb
from fastapi import HTTPException, Request, Response

from marsad.web.accounts import SESSION_DAYS, LoginLimiter, User, session_user, user_for_api_token
from marsad.web.db import Database
from marsad.web.watchlists import MailSettings

SESSION_COOKIE = "marsad_session"
CSRF_COOKIE = "marsad_csrf"
LANG_COOKIE = "marsad_lang"


@dataclass
class WebSettings:
    db_path: str
    public_read: bool = True  # False: reading needs a session or an API token too
    mail: MailSettings | None = None
    secure_cookies: bool | None = None  # None: Secure when the request came over https
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    tiles: str | None = None  # a tile server's URL template ({z}/{x}/{y}) for the map; none: the bundled layer only
    idle_seconds: float = 1.0  # release the store after this long without requests (other processes may write)


def settings(request: Request) -> WebSettings:
    return request.app.state.settings


def database(request: Request) -> Database:
    return request.app.state.db


def connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with database(request).connect() as con:
        yield con


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def find_user(request: Request, con: duckdb.DuckDBPyConnection) -> User | None:
    if "user" not in request.state._state:
        token = bearer_token(request)
        request.state.user = (user_for_api_token(con, token) if token
                              else session_user(con, request.cookies.get(SESSION_COOKIE)))
        request.state.via_token = bool(token)
    return request.state.user


# ---- CSRF: a random cookie, and a form field / header that must equal its HMAC under the store secret.
# A page on another site can make the browser send the cookie but can neither read it nor sign it.
def csrf_cookie_value(request: Request) -> str:
    value = request.cookies.get(CSRF_COOKIE)
    if not value:
        value = request.state._state.get("new_csrf_cookie") or secrets.token_urlsafe(24)
        request.state.new_csrf_cookie = value
    return value


def csrf_token(request: Request) -> str:
    secret = request.app.state.secret
    return hmac.new(secret.encode(), csrf_cookie_value(request).encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted:
        raise HTTPException(403, "missing CSRF token")
    expected = hmac.new(request.app.state.secret.encode(), cookie.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, submitted):
        raise HTTPException(403, "bad CSRF token")


def cookie_secure(request: Request) -> bool:
    configured = settings(request).secure_cookies
    return configured if configured is not None else request.url.scheme == "https"


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "ar"
    return lang if lang in ("ar", "en") else "ar"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=cookie_secure(request),
                        max_age=SESSION_DAYS * 86400, path="/")
