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
from markupsafe import Markup
from starlette.datastructures import FormData

from marsad.query import EventFilter
from marsad.web.accounts import User
from marsad.web.context import check_csrf, connection, csrf_token, find_user, language, settings
from marsad.web.filters import build_filter
from marsad.web.i18n import VOCABULARY, translate, vocabulary_name

templates = Jinja2Templates(directory=str(FilePath(__file__).parent / "templates"))
# a missing value never prints as Python's "None": templates say what is missing (Desk.value), and this is the net
templates.env.finalize = lambda value: "" if value is None else value


def safe_href(url: str | None) -> str | None:
    """Links to sources only when they are http(s): an article's URL is untrusted too."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


class Desk:
    """Markup helpers for the event pages, in the UI language: PLOVER names, participants isolated from the
    page's bidi order, the actor → recipient arrow drawn for the page's direction, flags with tooltips, and
    a dash (or "none") for a missing value. Every value is escaped (article text is untrusted)."""

    def __init__(self, lang: str):
        self.lang = lang

    def t(self, key: str) -> str:
        return translate(key, self.lang)

    def name(self, kind: str, code: str | None) -> str:
        """A type, mode, context or date precision in the UI language (an unknown code as it is)."""
        return vocabulary_name(kind, code, self.lang) or code or ""

    def codes(self, kind: str, current: str | None = None) -> list[str]:
        """The known codes of a vocabulary (for a select), with the current value when it is another."""
        known = list(VOCABULARY.get(kind, {}))
        return known + [current] if current and current not in known else known

    def missing(self, key: str = "missing") -> Markup:
        return Markup('<span class="missing">{}</span>').format(self.t(key))

    def value(self, value: Any) -> Markup | Any:
        return self.missing() if value in (None, "", []) else value

    def code(self, value: str | None) -> Markup:
        return Markup("<code>{}</code>").format(value) if value else self.missing()

    def type_badge(self, code: str | None) -> Markup:
        if not code:
            return self.missing()
        return Markup('<span class="type t-{0}" title="PLOVER {0}" data-code="{0}">{1}</span>').format(
            code, self.name("type", code))

    def mode(self, code: str | None) -> Markup:
        if not code:
            return Markup("")
        known = vocabulary_name("mode", code, self.lang)
        return Markup('<span class="mode">{}</span>').format(known) if known else self.code(code)

    def contexts(self, codes: list[str] | None) -> Markup:
        if not codes:
            return self.missing()
        sep = "، " if self.lang == "ar" else ", "
        return Markup(sep).join(Markup('<span class="context">{}</span>').format(self.name("context", c)) for c in codes)

    def precision(self, code: str | None) -> Markup:
        if not code:
            return Markup("")
        return Markup('<small class="precision">({}: {})</small>').format(self.t("precision"), self.name("precision", code))

    def party(self, part: dict[str, Any] | None, role: str, with_code: bool = True) -> Markup:
        """A participant's Arabic text in a <bdi>, so that two Arabic names in an English line keep their
        order, with its state or group code; "none" when there is no participant."""
        code = (part or {}).get("country") or (part or {}).get("group")
        text = (part or {}).get("text") or code
        if not text:
            return Markup('<span class="party party-{} missing">{}</span>').format(role, self.t("none_party"))
        out = Markup('<bdi class="party party-{}" dir="auto">{}</bdi>').format(role, text)
        return out + (Markup(" <code>{}</code>").format(code) if code and with_code and code != text else Markup(""))

    def arrow(self) -> Markup:
        """From the actor to the recipient: in right-to-left pages the actor comes first on the right and the
        arrow points left. Drawn as SVG: the bundled Arabic font has no arrow glyph."""
        left = self.lang == "ar"
        path = "M22 6H3M8 1.5 3 6 8 10.5" if left else "M2 6H21M16 1.5 21 6 16 10.5"
        return Markup('<svg class="arrow points-{}" viewBox="0 0 24 12" width="24" height="12" role="img" '
                      'aria-label="{}"><title>{}</title><path d="{}" fill="none" stroke="currentColor" '
                      'stroke-width="1.8"/></svg>').format("left" if left else "right", self.t("acts_on"),
                                                           self.t("acts_on"), path)

    def dyad(self, record: dict[str, Any], with_code: bool = True) -> Markup:
        return (self.party(record.get("actor"), "actor", with_code) + Markup(" ") + self.arrow() + Markup(" ")
                + self.party(record.get("recipient"), "recipient", with_code))

    def flags(self, record: dict[str, Any]) -> Markup:
        """Future and negated events, as words with a tooltip (not a symbol the fonts may lack)."""
        out = Markup("")
        for flag in ("future", "negated"):
            if record.get(flag):
                out += Markup(' <span class="flag flag-{}" title="{}">{}</span>').format(
                    flag, self.t(f"{flag}_title"), self.t(flag))
        return out


def render(request: Request, con: duckdb.DuckDBPyConnection, name: str, context: dict[str, Any],
           status: int = 200) -> HTMLResponse:
    lang = language(request)
    context = {"request": request, "lang": lang, "dir": "rtl" if lang == "ar" else "ltr",
               "t": lambda key: translate(key, lang), "user": find_user(request, con), "csrf": csrf_token(request, con),
               "safe_href": safe_href, "path": request.url.path, "ui": Desk(lang), **context}
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
