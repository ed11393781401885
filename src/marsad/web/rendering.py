"""What every page shares: the templates, rendering with the language, user and CSRF token, the filter
from the query string, and reading rights."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any
from urllib.parse import urlencode, urlsplit

import duckdb
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from marsad.query import EventFilter
from marsad.web.accounts import User
from marsad.web.context import check_csrf, connection, csrf_token, find_user, language, settings
from marsad.web.filters import build_filter
from marsad.web.i18n import translate

templates = Jinja2Templates(directory=str(FilePath(__file__).parent / "templates"))


def safe_href(url: str | None) -> str | None:
    """Links to sources only when they are http(s): an article's URL is untrusted too."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def render(request: Request, con: duckdb.DuckDBPyConnection, name: str, context: dict[str, Any],
           status: int = 200) -> HTMLResponse:
    lang = language(request)
    context = {"request": request, "lang": lang, "dir": "rtl" if lang == "ar" else "ltr",
               "t": lambda key: translate(key, lang), "user": find_user(request, con), "csrf": csrf_token(request, con),
               "safe_href": safe_href, "path": request.url.path, **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


def page_reader(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> duckdb.DuckDBPyConnection:
    if not settings(request).public_read and find_user(request, con) is None:
        raise HTTPException(401, "sign in to read")
    return con


def query_filter(request: Request) -> EventFilter:
    params = request.query_params
    return build_filter(params, params.getlist("type"))


def query_string(request: Request, **changes: Any) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and k != "lang"]
    params += [(k, str(v)) for k, v in changes.items() if v not in (None, "")]
    return "?" + urlencode(params)




class SignInNeeded(Exception):
    """Raised by a page that needs a user; the app answers with the sign-in page, coming back to `back`."""

    def __init__(self, back: str):
        super().__init__(back)
        self.back = back


def require_user(request: Request, con: duckdb.DuckDBPyConnection, back: str) -> User:
    user = find_user(request, con)
    if user is None:
        raise SignInNeeded(back)
    return user


async def signed_in_form(request: Request, con: duckdb.DuckDBPyConnection, back: str) -> tuple[FormData, User]:
    """A posted form with its CSRF token checked, and the signed-in user who sent it."""
    form = await request.form()
    check_csrf(request, con, form.get("csrf"))
    return form, require_user(request, con, back)
