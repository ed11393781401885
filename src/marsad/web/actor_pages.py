"""A page per actor (issue 13): a state, a state's agency, a group or a named person or body, with its
stories as actor and as recipient, its stories over time, the other parties of its events (its partners,
split into cooperation and conflict), the people and agencies acting for it, its latest events and how
many of them analysts have reviewed. The JSON twin is GET /api/actors/{kind}/{key}.

Addresses (the key is the events table's own column value, so a page holds exactly the events that
carry it on either side):

    /actors/state/SAU          e.actor_country or e.recipient_country = 'SAU'
    /actors/agency/SAU.MIL     the same side's country 'SAU' and sector 'MIL' (SAU·MIL, as the network names it)
    /actors/group/ISIS         e.actor_group or e.recipient_group = 'ISIS'
    /actors/name/<name>        e.actor_name or e.recipient_name = the name (URL-encoded), as the model wrote it

The counts are the machine's record (what the events table filters on); the review state says how many of
those events an analyst accepted, corrected or rejected. ?date_from=, ?date_to= and ?type= narrow the page.
All SQL is parameterised: the column names come from the fixed templates below, every value is bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import BaseModel, Field, StringConstraints

from marsad.query import EventFilter, totals
from marsad.web import data
from marsad.web.api import ERRORS, reader
from marsad.web.context import language
from marsad.web.filters import TYPES_PATTERN, IsoDate, build_filter
from marsad.web.i18n import translate
from marsad.web.names import SECTORS, Names, actor_names, country_names
from marsad.web.quad import QUADS, TYPE_QUAD, quad_of
from marsad.web.rendering import page_reader, render, templates
from marsad.web.reviews import EVENT_TYPES

KINDS = ("state", "agency", "group", "name")
ROLES = ("actor", "recipient")
PAGE_SIZE = 20
MAX_PARTNERS = 25
MAX_RELATED = 12
COOPERATION = [t for t, q in TYPE_QUAD.items() if q.endswith("cooperation")]
CONFLICT = [t for t, q in TYPE_QUAD.items() if q.endswith("conflict")]
REVIEW_STATES = ("pending", "accept", "correct", "reject")
_STATE = re.compile(r"[A-Z]{3}")
_GROUP = re.compile(r"[A-Z][A-Z0-9_]{1,39}")
_AGENCY = re.compile(r"([A-Z]{3})\s*[·./:_ -]\s*([A-Z]{3})")


@dataclass(frozen=True)
class Actor:
    """One party as the events table identifies it: kind and key (SAU, SAU.MIL, ISIS, a name)."""
    kind: str
    key: str

    def side(self, role: str) -> tuple[str, list[Any]]:
        """SQL (over `events e`) for "this actor is the event's `role`", with its parameters."""
        assert role in ROLES
        if self.kind == "state":
            return f"e.{role}_country = ?", [self.key]
        if self.kind == "agency":
            country, sector = self.key.split(".")
            return f"(e.{role}_country = ? AND e.{role}_sector = ?)", [country, sector]
        if self.kind == "group":
            return f"e.{role}_group = ?", [self.key]
        return f"e.{role}_name = ?", [self.key]

    @property
    def href(self) -> str:
        return actor_url(self.kind, self.key)

    def names(self) -> Names:
        if self.kind == "state":
            return country_names(self.key)
        if self.kind == "agency":
            return actor_names(self.key.replace(".", "·"), "agency")
        if self.kind == "group":
            return actor_names(self.key, "group")
        return {"ar": self.key, "en": self.key}

    def known(self) -> bool:
        """A state or group the knowledge base names (its page shows even with no events: a review may have
        corrected an event to it); a name is known by its events only."""
        if self.kind == "name" or (self.kind == "agency" and self.key.split(".")[1] not in SECTORS):
            return False
        base = self.key.split(".")[0]
        names = country_names(base) if self.kind != "group" else actor_names(base, "group")
        return names["en"] != base or names["ar"] != base

    def events_links(self) -> list[tuple[str, str]]:
        """(label key, /events?…) for the events table's filters that hold this actor's events."""
        if self.kind == "state":
            return [("all_its_events", _events_url(country=self.key)), ("events_as_actor", _events_url(actor_country=self.key)),
                    ("events_as_recipient", _events_url(recipient_country=self.key))]
        if self.kind == "group":
            return [("events_as_actor", _events_url(actor_group=self.key)), ("events_as_recipient", _events_url(recipient_group=self.key))]
        if self.kind == "agency":
            return [("its_state_events", _events_url(country=self.key.split(".")[0]))]
        return [("events_by_name", _events_url(name=self.key))]


def _events_url(**params: str) -> str:
    return "/events?" + urlencode(params)


def parse_actor(kind: str, raw: str) -> Actor | None:
    """The actor of an address, or None when the key cannot be one (the page then answers 404)."""
    raw = (raw or "").strip()
    if kind == "state" and _STATE.fullmatch(raw.upper()):
        return Actor(kind, raw.upper())
    if kind == "group" and _GROUP.fullmatch(raw.upper()):
        return Actor(kind, raw.upper())
    if kind == "agency" and (found := _AGENCY.fullmatch(raw.upper())):
        return Actor(kind, f"{found.group(1)}.{found.group(2)}")
    if kind == "name" and 0 < len(raw) <= 200 and not any(ord(c) < 32 for c in raw):
        return Actor(kind, raw)
    return None


def actor_url(kind: str, key: str | None) -> str | None:
    return f"/actors/{kind}/{quote(key, safe='')}" if key else None


def _href(kind: str, key: str | None) -> str | None:
    """The page of a key found in the store, when it is a valid key (a stray value gets no link)."""
    found = parse_actor(kind, key or "")
    return found.href if found and found.key == key else None


def actor_href(part: dict[str, Any] | None, prefer_name: bool = False) -> str | None:
    """A participant's page as the events table identifies it: its state, else its group, else its name
    (prefer_name: its name first, as the event page does)."""
    part = part or {}
    order = (("state", "country"), ("group", "group"), ("name", "name"))
    for kind, field_name in (order[2:] + order[:2] if prefer_name else order):
        if part.get(field_name):
            return _href(kind, part[field_name])
    return None


def _linked(href: str | None, inner: Markup) -> Markup:
    return Markup('<a class="actor-link" href="{}">{}</a>').format(href, inner) if href else inner


def party_link(ui: Any, part: dict[str, Any] | None, role: str, with_code: bool = True, prefer_name: bool = False) -> Markup:
    """ui.party(…) wrapped in a link to the participant's page (unchanged when it has no page)."""
    return _linked(actor_href(part, prefer_name), ui.party(part, role, with_code))


def link_to(kind: str, key: str | None, text: str) -> Markup:
    """A name (in a <bdi>) linked to the page of `kind`/`key`."""
    return _linked(_href(kind, key), Markup('<bdi dir="auto">{}</bdi>').format(text))


def code_link(ui: Any, kind: str, code: str | None) -> Markup:
    """ui.code(…) (a state's or group's code, or a dash) linked to its page."""
    return _linked(_href(kind, code), ui.code(code))


# the event pages and the events table link their participants here (templates/events.html, event.html)
templates.env.globals.update(actor_url=_href, actor_href=actor_href, party_link=party_link, link_to=link_to, code_link=code_link)


@dataclass
class ActorFilter(EventFilter):
    """The page's filter (dates, types) and the actor's condition: `scope` is SQL chosen by Actor.side."""
    scope: str = ""
    scope_params: list[Any] = field(default_factory=list)

    def where(self) -> tuple[str, list[Any]]:
        where, params = super().where()
        if not self.scope:
            return where, params
        return f"{where}{' AND ' if where else ' WHERE '}({self.scope})", [*params, *self.scope_params]


def actor_filter(base: EventFilter, actor: Actor, roles: tuple[str, ...] = ROLES) -> ActorFilter:
    parts = [actor.side(role) for role in roles]
    return ActorFilter(types=list(base.types), date_from=base.date_from, date_to=base.date_to,
                       scope=" OR ".join(sql for sql, _ in parts), scope_params=[p for _, ps in parts for p in ps])


def _flags(actor: Actor, base: EventFilter) -> tuple[str, list[Any], str, list[Any]]:
    """`events e` narrowed to the actor's events, with `a` and `r`: is it the actor, is it the recipient."""
    (a_sql, a_params), (r_sql, r_params) = actor.side("actor"), actor.side("recipient")
    where, params = actor_filter(base, actor).where()
    columns = f"({a_sql}) AS a, ({r_sql}) AS r, coalesce(e.cluster_id, e.event_id) AS story"
    return columns, [*a_params, *r_params], where, params


def summary(con: duckdb.DuckDBPyConnection, actor: Actor, base: EventFilter) -> dict[str, Any]:
    """Stories, events, articles and sources as actor, as recipient and on either side; stories by type and
    by quad class; the first and the last day. (Three plain counts cost less than one query of filtered
    distinct counts: 30 ms against 90 for Saudi Arabia's 34,000 events.)"""
    counts = {name: totals(con, actor_filter(base, actor, roles))
              for name, roles in (("as_actor", ("actor",)), ("as_recipient", ("recipient",)), ("either", ROLES))}
    where, params = actor_filter(base, actor).where()
    rows = con.execute(f"SELECT e.type, count(DISTINCT coalesce(e.cluster_id, e.event_id)), min({data.EVENT_DAY}), "
                       f"max({data.EVENT_DAY}) FROM events e{where} GROUP BY 1 ORDER BY 2 DESC, 1", params).fetchall()
    by_type = {r[0]: int(r[1]) for r in rows if r[0]}
    quads = {q: 0 for q in QUADS}
    for event_type, stories in by_type.items():
        if TYPE_QUAD.get(event_type):
            quads[TYPE_QUAD[event_type]] += stories
    firsts, lasts = [r[2] for r in rows if r[2]], [r[3] for r in rows if r[3]]
    return {**counts, "by_type": by_type, "quads": quads, "first": min(firsts).isoformat() if firsts else None,
            "last": max(lasts).isoformat() if lasts else None}


def partners(con: duckdb.DuckDBPyConnection, actor: Actor, base: EventFilter, limit: int = MAX_PARTNERS) -> list[dict[str, Any]]:
    """The other party of its events (a state, else a group, as the network's nodes), most stories first:
    the stories where it acts on them and where they act on it, and the stories of cooperation and of
    conflict (PLOVER quad classes). A state or group is not its own partner."""
    columns, cparams, where, params = _flags(actor, base)
    own = (actor.key, actor.kind == "group") if actor.kind in ("state", "group") else (None, None)
    rows = con.execute(
        f"WITH ev AS (SELECT {columns}, e.type, e.actor_country AS ac, e.actor_group AS ag, e.recipient_country AS rc, "
        f"e.recipient_group AS rg FROM events e{where}), "
        "sides AS (SELECT coalesce(rc, rg) AS partner, rc IS NULL AS grp, true AS it_acts, story, type FROM ev WHERE a "
        " UNION ALL SELECT coalesce(ac, ag), ac IS NULL, false, story, type FROM ev WHERE r) "
        "SELECT partner, grp, count(DISTINCT story) AS stories, count(*) AS events, "
        "count(DISTINCT story) FILTER (WHERE it_acts), count(DISTINCT story) FILTER (WHERE NOT it_acts), "
        "count(DISTINCT story) FILTER (WHERE list_contains(?, type)), count(DISTINCT story) FILTER (WHERE list_contains(?, type)) "
        "FROM sides WHERE partner IS NOT NULL AND NOT (partner IS NOT DISTINCT FROM ? AND grp IS NOT DISTINCT FROM ?) "
        "GROUP BY 1, 2 ORDER BY stories DESC, events DESC, partner LIMIT ?",
        [*cparams, *params, COOPERATION, CONFLICT, *own, limit]).fetchall()
    out = []
    for key, is_group, stories, events, it_acts, they_act, cooperation, conflict in rows:
        kind = "group" if is_group else "state"
        out.append({"kind": kind, "key": key, "names": actor_names(key, kind), "href": _href(kind, key),
                    "stories": int(stories), "events": int(events), "it_acts": int(it_acts), "they_act": int(they_act),
                    "cooperation": int(cooperation), "conflict": int(conflict)})
    return out


# what "acts for it" means per kind: (its kind of related actor, the actor-side and recipient-side columns)
RELATED = {"state": (("name", "e.actor_name", "e.recipient_name"), ("agency", "e.actor_sector", "e.recipient_sector")),
           "agency": (("name", "e.actor_name", "e.recipient_name"),),
           "group": (("name", "e.actor_name", "e.recipient_name"),),
           "name": (("code", "coalesce(e.actor_country, e.actor_group)", "coalesce(e.recipient_country, e.recipient_group)"),)}


def related(con: duckdb.DuckDBPyConnection, actor: Actor, base: EventFilter, limit: int = MAX_RELATED) -> list[dict[str, Any]]:
    """Who acts for it: the people and bodies named on its side and, for a state, its agencies (sectors);
    for a name, the states and groups it is coded with. One query for every kind of them."""
    columns, cparams, where, params = _flags(actor, base)
    kinds = RELATED[actor.kind]
    picked, sides = [], []
    for i, (kind, a_col, r_col) in enumerate(kinds):
        group_flag = ("e.actor_country IS NULL", "e.recipient_country IS NULL") if kind == "code" else ("false", "false")
        picked.append(f"{a_col} AS a{i}, {group_flag[0]} AS ag{i}, {r_col} AS r{i}, {group_flag[1]} AS rg{i}")
        sides.append(f"SELECT {i} AS k, a{i} AS v, ag{i} AS grp, story FROM ev WHERE a "
                     f"UNION ALL SELECT {i}, r{i}, rg{i}, story FROM ev WHERE r")
    rows = con.execute(
        f"WITH ev AS (SELECT {columns}, {', '.join(picked)} FROM events e{where}) "
        f"SELECT k, v, grp, count(DISTINCT story) AS stories, count(*) AS events FROM ({' UNION ALL '.join(sides)}) "
        "WHERE v IS NOT NULL GROUP BY 1, 2, 3 QUALIFY row_number() OVER (PARTITION BY k ORDER BY stories DESC, events DESC, v) <= ? "
        "ORDER BY k, stories DESC, events DESC, v", [*cparams, *params, limit]).fetchall()
    out = []
    for k, value, is_group, stories, events in rows:
        kind = kinds[k][0]
        if kind == "code":
            one = Actor("group" if is_group else "state", value)
        elif kind == "agency":
            one = Actor("agency", f"{actor.key}.{value}")
        else:
            one = Actor("name", value)
        out.append({"kind": one.kind, "key": one.key, "names": one.names(), "href": _href(one.kind, one.key),
                    "stories": int(stories), "events": int(events)})
    return out


def review_counts(con: duckdb.DuckDBPyConnection, actor: Actor, base: EventFilter) -> dict[str, int]:
    """Its events by their latest review: pending (never reviewed), accept, correct, reject."""
    where, params = actor_filter(base, actor).where()
    rows = con.execute(f"SELECT coalesce(rs.action, 'pending'), count(*) FROM events e "
                       f"LEFT JOIN review_state rs ON rs.event_id = e.event_id{where} GROUP BY 1", params).fetchall()
    found = {state: 0 for state in REVIEW_STATES}
    found.update({state: int(n) for state, n in rows})
    return found


def timeline(con: duckdb.DuckDBPyConnection, actor: Actor, base: EventFilter) -> list[dict[str, Any]]:
    """Stories and events per month and type, either side, as /api/timeline's rows without articles and
    sources (half the distinct counts: the chart shows stories)."""
    where, params = actor_filter(base, actor).where()
    rows = con.execute(
        f"SELECT CAST(date_trunc('month', {data.EVENT_DAY}) AS DATE) AS period, e.type, "
        f"count(DISTINCT coalesce(e.cluster_id, e.event_id)), count(*) FROM events e{where} "
        "GROUP BY 1, 2 HAVING period IS NOT NULL ORDER BY 1, 2", params).fetchall()
    return [{"period": r[0].isoformat(), "end": data.period_end(r[0], "month").isoformat(), "month": r[0].isoformat()[:7],
             "type": r[1], "quad": quad_of(r[1]), "stories": int(r[2]), "events": int(r[3])} for r in rows]


def latest(con: duckdb.DuckDBPyConnection, actor: Actor, base: EventFilter, limit: int, offset: int) -> list[dict[str, Any]]:
    """Its events, latest first, with their review state and the reviewed record (as /api/events?view=both)."""
    return data.page_of_events(con, actor_filter(base, actor), limit, offset, "-date", "both")


def profile(con: duckdb.DuckDBPyConnection, actor: Actor, base: EventFilter, limit: int = PAGE_SIZE,
            offset: int = 0) -> dict[str, Any]:
    return {"kind": actor.kind, "key": actor.key, "names": actor.names(), "href": actor.href,
            "counts": summary(con, actor, base), "review": review_counts(con, actor, base),
            "partners": partners(con, actor, base), "related": related(con, actor, base),
            "timeline": timeline(con, actor, base), "latest": latest(con, actor, base, limit, offset)}


def _page_filter(request: Request) -> EventFilter:
    """Only the period and the types narrow an actor's page."""
    params = request.query_params
    return build_filter({k: params.get(k) for k in ("date_from", "date_to")}, params.getlist("type"))


def _narrowed(flt: EventFilter) -> bool:
    return bool(flt.types or flt.date_from or flt.date_to)


# ---- the page -------------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


@router.get("/actors/{kind}/{key:path}", response_class=HTMLResponse)
def actor_page(request: Request, kind: str, key: str, con: duckdb.DuckDBPyConnection = Depends(page_reader)) -> HTMLResponse:
    actor = parse_actor(kind, key) if kind in KINDS else None
    if actor is None:
        return render(request, con, "message.html", {"message_key": "not_found"}, status=404)
    flt = _page_filter(request)
    try:
        page = min(10_000, max(1, int(request.query_params.get("page", "1")[:6])))
    except ValueError:
        page = 1
    found = profile(con, actor, flt, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    total = found["counts"]["either"]["events"]
    if total == 0 and not _narrowed(flt) and not actor.known():
        return render(request, con, "message.html", {"message_key": "not_found"}, status=404)
    kept = [(k, v) for k, v in request.query_params.multi_items() if k in ("date_from", "date_to", "type") and v]
    lang = language(request)
    strings = {k: translate(k, lang) for k in CHART_STRINGS}
    return render(request, con, "actor.html", {
        "a": found, "actor": actor, "page": page, "pages": max(1, -(-total // PAGE_SIZE)), "narrowed": _narrowed(flt),
        "flt": flt, "kept": kept, "query": lambda **kw: _query(kept, **kw), "events_links": actor.events_links(),
        "review_link": _review_link(actor), "chart_strings": strings, "types": EVENT_TYPES})


CHART_STRINGS = ("stories", "chart_events", "colour_type", "colour_quad", "click_for_period", "no_chart_data", "load_failed",
                 *(f"quad_{q}" for q in QUADS), *(f"plover_{t}" for t in EVENT_TYPES))


def _query(kept: list[tuple[str, str]], **changes: Any) -> str:
    pairs = [(k, v) for k, v in kept if k not in changes] + [(k, str(v)) for k, v in changes.items() if v not in (None, "")]
    return "?" + urlencode(pairs) if pairs else "?"


def _review_link(actor: Actor) -> str:
    """The review queue, narrowed to the actor's pending events when its filters can say so."""
    if actor.kind in ("state", "agency"):
        return "/review?" + urlencode({"country": actor.key.split(".")[0]})
    if actor.kind == "name":
        return "/review?" + urlencode({"name": actor.key})
    return "/review?" + urlencode({"actor_group": actor.key})


# ---- the JSON twin ------------------------------------------------------------------------------------------
class NamesOut(BaseModel):
    ar: str
    en: str


class CountsOut(BaseModel):
    stories: int = Field(description="stories (clusters: one real-world event however many reports)")
    events: int = Field(description="events (mentions)")
    articles: int
    sources: int


class SummaryOut(BaseModel):
    as_actor: CountsOut
    as_recipient: CountsOut
    either: CountsOut = Field(description="on either side (an event where it is both counts once)")
    by_type: dict[str, int] = Field(description="stories by PLOVER type, either side")
    quads: dict[str, int] = Field(description="stories by PLOVER quad class, either side")
    first: str | None = Field(description="the first event's day (YYYY-MM-DD)")
    last: str | None


class PartnerOut(BaseModel):
    kind: Literal["state", "group"]
    key: str
    names: NamesOut
    href: str | None = Field(description="its own actor page")
    stories: int
    events: int
    it_acts: int = Field(description="stories where this actor acts on the partner")
    they_act: int = Field(description="stories where the partner acts on this actor")
    cooperation: int = Field(description="stories of verbal or material cooperation")
    conflict: int = Field(description="stories of verbal or material conflict")


class RelatedOut(BaseModel):
    kind: Literal[KINDS]  # type: ignore[valid-type]
    key: str
    names: NamesOut
    href: str | None
    stories: int
    events: int


class PeriodOut(BaseModel):
    period: str = Field(description="the month's first day")
    end: str = Field(description="the month's last day")
    month: str = Field(description="YYYY-MM")
    type: str
    quad: str | None = Field(description="the type's PLOVER quad class")
    stories: int
    events: int


class ReviewCountsOut(BaseModel):
    pending: int
    accept: int
    correct: int
    reject: int


class ActorOut(BaseModel):
    kind: Literal[KINDS]  # type: ignore[valid-type]
    key: str
    names: NamesOut
    href: str = Field(description="the actor's page")
    counts: SummaryOut
    review: ReviewCountsOut = Field(description="its events by their latest review (machine record counted)")
    partners: list[PartnerOut] = Field(description="the other party of its events, most stories first")
    related: list[RelatedOut] = Field(description="people, bodies and agencies on its side; for a name, its states and groups")
    timeline: list[PeriodOut] = Field(description="stories per month and type, either side")
    latest: list[dict[str, Any]] = Field(description="its events, latest first, as /api/events?view=both")


api_router = APIRouter(prefix="/api", responses=ERRORS)


@api_router.get("/actors/{kind}/{key:path}", response_model=ActorOut,
                summary="One actor (state, agency SAU.MIL, group or name): stories, partners, timeline, reviews, latest events")
def actor_api(kind: Literal[KINDS] = Path(..., description="state, agency, group or name"),  # type: ignore[valid-type]
              key: str = Path(..., min_length=1, max_length=200, description="SAU, SAU.MIL, ISIS or a name"),
              type: list[Annotated[str, StringConstraints(pattern=TYPES_PATTERN)]] = Query(  # noqa: A002
                  [], description="PLOVER types; repeat or comma-separate"),
              date_from: IsoDate | None = Query(None, description="YYYY-MM-DD"),
              date_to: IsoDate | None = Query(None, description="YYYY-MM-DD"),
              limit: int = Query(PAGE_SIZE, ge=1, le=200), offset: int = Query(0, ge=0, le=100_000),
              con: duckdb.DuckDBPyConnection = Depends(reader)) -> dict[str, Any]:
    actor = parse_actor(kind, key)
    if actor is None:
        raise HTTPException(404, "no such actor")
    flt = build_filter({"date_from": date_from.isoformat() if date_from else None,
                        "date_to": date_to.isoformat() if date_to else None}, type)
    found = profile(con, actor, flt, limit, offset)
    if found["counts"]["either"]["events"] == 0 and not _narrowed(flt) and not actor.known():
        raise HTTPException(404, "no events of this actor")
    return found
