"""Query-string filters → EventFilter, shared by the REST API and the pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query
from pydantic import BeforeValidator, StringConstraints

from marsad.query import ORDERS, EventFilter
from marsad.schema import PLACE_PRECISIONS
from marsad.web.i18n import translate, vocabulary_name
from marsad.web.reviews import EVENT_TYPES, VIEWS

TEXT_FILTERS = ("mode", "context", "actor_country", "recipient_country", "country", "actor_group", "recipient_group",
                "name", "place", "location_country", "source", "text")
REVIEW_STATES = ("pending", "reviewed", "accepted", "corrected", "rejected")


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name}: expected a date YYYY-MM-DD") from None


def build_filter(values: Mapping[str, Any], types: list[str]) -> EventFilter:
    """One EventFilter from plain values; unknown types and bad dates are refused, text is bound as is."""
    wanted = [t.strip().upper() for value in types for t in value.split(",") if t.strip()]
    unknown = [t for t in wanted if t not in EVENT_TYPES]
    if unknown:
        raise HTTPException(422, f"unknown event type {unknown[0]!r}")
    flt = EventFilter(types=wanted)
    for key in TEXT_FILTERS:
        value = values.get(key)
        if value:
            setattr(flt, key, str(value)[:300])
    flt.date_from = _date(values.get("date_from"), "date_from")
    flt.date_to = _date(values.get("date_to"), "date_to")
    if values.get("min_confidence") not in (None, ""):
        try:
            flt.min_confidence = float(values["min_confidence"])
        except (TypeError, ValueError):
            raise HTTPException(422, "min_confidence: expected a number") from None
    clustered = values.get("clustered")
    if clustered not in (None, ""):
        flt.clustered = str(clustered).lower() in ("1", "true", "yes")
    review = values.get("review")
    if review:
        if review not in REVIEW_STATES:
            raise HTTPException(422, f"review: one of {', '.join(REVIEW_STATES)}")
        flt.review = review
    precision = values.get("precision")
    if precision:
        if precision not in PLACE_PRECISIONS:
            raise HTTPException(422, f"precision: one of {', '.join(PLACE_PRECISIONS)}")
        flt.precision = precision
    return flt


# what the API's schema says a `type` value is: PLOVER types, any case, comma-separated (OpenAPI clients and
# property-based testers then send only values the API accepts)
TYPES_PATTERN = "(?i)^(" + "|".join(EVENT_TYPES) + r")(\s*,\s*(" + "|".join(EVENT_TYPES) + "))*$"


def _iso_date_only(value: object) -> object:
    """Query dates as YYYY-MM-DD only (pydantic would also take "0" as a Unix timestamp)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def api_filter(
    type: list[Annotated[str, StringConstraints(pattern=TYPES_PATTERN)]] = Query(  # noqa: A002
        [], description="PLOVER types; repeat or comma-separate"),
    mode: str | None = None, context: str | None = None,
    actor_country: str | None = Query(None, description="ISO 3166-1 alpha-3"), recipient_country: str | None = None,
    country: str | None = Query(None, description="either side"), actor_group: str | None = None,
    recipient_group: str | None = None,
    name: str | None = Query(None, description="a participant's name, Arabic or Latin, any spelling"),
    place: str | None = None,
    location_country: str | None = Query(None, description="the state the event took place in (ISO 3166-1 alpha-3)"),
    precision: Literal[PLACE_PRECISIONS] | None = Query(  # type: ignore[valid-type]
        None, description="the place's precision: exact (a city, town or site), region or country (only the state is known)"),
    date_from: IsoDate | None = Query(None, description="YYYY-MM-DD"),
    date_to: IsoDate | None = Query(None, description="YYYY-MM-DD"), source: str | None = None,
    text: str | None = Query(None, description="words of the evidence sentence"),
    min_confidence: float | None = None, clustered: bool | None = None,
    review: Literal[REVIEW_STATES] | None = Query(None, description="pending, reviewed, accepted, corrected or rejected"),  # type: ignore[valid-type]
) -> EventFilter:
    values = dict(locals())
    for key in ("date_from", "date_to"):
        values[key] = values[key].isoformat() if values[key] else None
    return build_filter(values, type)


def check_sort(sort: str) -> str:
    if sort not in ORDERS:
        raise HTTPException(422, f"sort: one of {', '.join(ORDERS)}")
    return sort


def check_view(view: str) -> str:
    if view not in VIEWS:
        raise HTTPException(422, f"view: one of {', '.join(VIEWS)}")
    return view


# ---- filters in words: the events page's active filters and a watchlist's, in the UI language -------------------
# (field, label key); "types" is the watchlists' name of the events page's repeated "type"
SUMMARY_LABELS = (("types", "types"), ("country", "either_country"), ("actor_country", "actor_country"),
                  ("recipient_country", "recipient_country"), ("actor_group", "actor_group"),
                  ("recipient_group", "recipient_group"), ("name", "name"), ("place", "place"),
                  ("location_country", "location_country"), ("precision", "place_precision"), ("text", "text"),
                  ("mode", "mode"), ("context", "context"), ("source", "source"), ("date_from", "date_from"),
                  ("date_to", "date_to"), ("min_confidence", "min_confidence"), ("clustered", "clustered"),
                  ("review", "review_state"))
CODE_FIELDS = ("country", "actor_country", "recipient_country", "actor_group", "recipient_group", "location_country", "source")
# the events page's filters a watchlist can keep (watchlists.WATCH_FIELDS, without types)
WATCHABLE = ("country", "actor_country", "recipient_country", "actor_group", "recipient_group", "name", "place", "text",
             "mode", "context", "source")


def page_filter_values(params: Mapping[str, Any], types: list[str]) -> dict[str, Any]:
    """The filters of a page's query string, as a watchlist stores them (types as a list)."""
    values: dict[str, Any] = {key: str(params.get(key))[:300] for key, _ in SUMMARY_LABELS[1:] if params.get(key)}
    wanted = [t.strip().upper() for value in types for t in value.split(",") if t.strip()]
    if wanted:
        values["types"] = wanted
    return values


def filter_terms(values: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each set filter as {key, label, value, code}: a label and a value in the UI language (codes stay codes)."""
    terms = []
    for key, label in SUMMARY_LABELS:
        value = values.get(key)
        if value in (None, "", []):
            continue
        terms.append({"key": key, "label": translate(label, lang), "value": _term_value(key, value, lang),
                      "code": key in CODE_FIELDS})
    return terms


def _term_value(key: str, value: Any, lang: str) -> str:
    if key == "types":
        codes = value if isinstance(value, list) else [value]
        return ("، " if lang == "ar" else ", ").join(vocabulary_name("type", str(c), lang) or str(c) for c in codes)
    if key in ("mode", "context"):
        return vocabulary_name(key, str(value), lang) or str(value)
    if key == "clustered":
        several = str(value).lower() in ("1", "true", "yes")
        return translate("several_articles" if several else "one_article", lang)
    if key == "review":
        return translate(str(value), lang)
    if key == "precision":
        return translate(f"precision_{value}", lang)
    return str(value)
