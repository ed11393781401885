"""What every request needs: the store connection, the signed-in user, the CSRF check, the language."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb
from fastapi import HTTPException, Request, Response

from marsad.web.accounts import (
    SESSION_DAYS,
    LoginLimiter,
    User,
    session_hash,
    session_user,
    user_for_api_token,
)
from marsad.web.db import Database
from marsad.web.guards import MAX_BODY_BYTES, client_address, request_scheme
from marsad.web.watchlists import MailLimits, MailSettings

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
    max_body_bytes: int = MAX_BODY_BYTES  # bigger request bodies are refused (413) before they are read
    trusted_proxies: tuple[str, ...] = ()  # peers whose X-Forwarded-For is believed (rate limits count by client)
    hashing_threads: int = 1  # argon2 hashes at a time (each takes ~0.1 s of CPU and 64 MB)
    mail_limits: MailLimits = field(default_factory=MailLimits)


def settings(request: Request) -> WebSettings:
    return request.app.state.settings


def client(request: Request) -> str:
    """The client's address, as rate limits count it (guards.client_address)."""
    return client_address(request, settings(request).trusted_proxies)


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


# ---- CSRF. An anonymous browser gets a random cookie, and its token is the cookie's HMAC under the store
# secret; a signed-in browser's token is the HMAC of its session instead. A page on another site can make
# the browser send the cookies but can neither read them nor sign them, and a token (with its cookie)
# taken from one session is worth nothing in another.
def csrf_cookie_value(request: Request) -> str:
    value = request.cookies.get(CSRF_COOKIE)
    if not value:
        value = request.state._state.get("new_csrf_cookie") or secrets.token_urlsafe(24)
        request.state.new_csrf_cookie = value
    return value


def _mac(request: Request, purpose: str, value: str) -> str:
    secret = request.app.state.secret
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _same(expected: str, submitted: str) -> bool:
    return hmac.compare_digest(expected.encode(), submitted.encode("utf-8", "surrogatepass"))  # bytes: any text compares


def _live_session(request: Request, con: duckdb.DuckDBPyConnection) -> str | None:
    """The session cookie, when it belongs to a live session (not an API token's request)."""
    if find_user(request, con) is None or request.state.via_token:
        return None
    return request.cookies.get(SESSION_COOKIE)


def csrf_token(request: Request, con: duckdb.DuckDBPyConnection) -> str:
    session = _live_session(request, con)
    if session:
        return _mac(request, "session", session_hash(session))
    return _mac(request, "browser", csrf_cookie_value(request))


def check_csrf(request: Request, con: duckdb.DuckDBPyConnection, submitted: object) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    session = _live_session(request, con)
    if not isinstance(submitted, str) or not submitted or not (cookie or session):
        raise HTTPException(403, "missing CSRF token")
    if session:
        # signed in: only the session's own token (a token from before sign-in, or from a cookie someone
        # planted in the browser, is refused)
        if _same(_mac(request, "session", session_hash(session)), submitted):
            return
    elif cookie and _same(_mac(request, "browser", cookie), submitted):
        return
    raise HTTPException(403, "bad CSRF token")


def cookie_secure(request: Request) -> bool:
    configured = settings(request).secure_cookies
    if configured is not None:
        return configured
    return request_scheme(request, settings(request).trusted_proxies) == "https"


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "ar"
    return lang if lang in ("ar", "en") else "ar"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=cookie_secure(request),
                        max_age=SESSION_DAYS * 86400, path="/")
