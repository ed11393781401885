"""The FastAPI application: REST API, pages, static files, security headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException  # also the routing errors (404, 405) Starlette raises
from starlette.routing import Match

from marsad import __version__
from marsad.web import account_pages, actor_pages, api, pages, watchlist_pages
from marsad.web.context import CSRF_COOKIE, WebSettings, cookie_secure
from marsad.web.db import Database, StoreBusy
from marsad.web.guards import BodyLimit
from marsad.web.read_cache import ReadCache, StoreMemo
from marsad.web.rendering import SignInNeeded

STATIC = Path(__file__).parent / "static"
# everything is served by marsad itself: no external script, style, font or map layer
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def tile_origin(template: str | None) -> str | None:
    """The origin a tile URL template points at; refuses anything but http(s) with {z}, {x} and {y}."""
    if not template:
        return None
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc or not all(k in template for k in ("{z}", "{x}", "{y}")):
        raise ValueError(f"{template!r}: a tile URL is http(s)://host/…{{z}}/{{x}}/{{y}}…")
    return f"{parts.scheme}://{parts.netloc}"


def create_app(web_settings: WebSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.close()  # let go of the store file when the server stops

    # docs_url=None: FastAPI's own /docs pulls Swagger UI from a CDN; pages.api_reference renders it here instead
    app = FastAPI(title="marsad", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Security-diplomacy events coded from Arabic news (PLOVER/CAMEO), with Arabic evidence. "
                              "Event records follow EVENTS.md.")
    app.state.settings = web_settings
    origin = tile_origin(web_settings.tiles)
    csp = CSP.format(tiles=f" {origin}" if origin else "")
    app.state.db = Database(web_settings.db_path, idle_seconds=web_settings.idle_seconds)
    app.state.memo = StoreMemo(web_settings.db_path)  # the events page's rows, until the store changes
    app.state.secret = app.state.db.secret()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(account_pages.router)
    app.include_router(watchlist_pages.router)
    app.include_router(actor_pages.router)  # /actors/{kind}/{key}
    app.include_router(actor_pages.api_router)  # /api/actors/{kind}/{key}
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(ReadCache, db_path=web_settings.db_path)  # repeated anonymous reads, until the store changes
    app.add_middleware(BodyLimit, max_bytes=web_settings.max_body_bytes)  # inside `security`: its headers apply

    @app.middleware("http")
    async def security(request: Request, call_next) -> Response:
        response = await call_next(request)
        new_cookie = request.state._state.get("new_csrf_cookie")
        if new_cookie:
            response.set_cookie(CSRF_COOKIE, new_cookie, httponly=True, samesite="strict", secure=cookie_secure(request), path="/")
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.exception_handler(SignInNeeded)
    async def sign_in(_request: Request, exc: SignInNeeded) -> RedirectResponse:
        return RedirectResponse(f"/login?next={quote(exc.back)}", status_code=303)

    @app.exception_handler(StoreBusy)
    async def busy(_request: Request, exc: StoreBusy) -> JSONResponse:
        return JSONResponse({"detail": "the store is busy (another marsad process is writing); retry shortly"},
                            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        headers = exc.headers
        if exc.status_code == 405:  # Starlette names only the first route's methods; a path may have several
            headers = {**(headers or {}), "Allow": allowed_methods(app, request)}
        if request.url.path.startswith("/api") or request.url.path.startswith("/static"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
        return Response(f"{exc.status_code}: {exc.detail}", status_code=exc.status_code, headers=headers,
                        media_type="text/plain; charset=utf-8")

    return app


def allowed_methods(app: FastAPI, request: Request) -> str:
    """Every method some route answers on this path (for the Allow header of a 405)."""
    methods: set[str] = set()
    routes = list(app.router.routes)
    while routes:
        route = routes.pop()
        included = getattr(route, "original_router", None)  # FastAPI ≥ 0.130 keeps included routers whole
        if included is not None:
            routes.extend(included.routes)
        elif getattr(route, "methods", None) and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))
