"""Records passed from stage to stage. Every stage takes one of these and returns the next."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """Raw input as read from a source, before extraction."""

    source: str  # file path, URL or "<stdin>", for error messages and provenance
    content: str  # decoded text (HTML or plain)
    kind: str  # "html" | "text" | "record" (already-structured article)
    doc_id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    site: str | None = None


@dataclass
class Mention:
    """An entity mention in an article's text."""

    text: str
    start: int
    end: int
    label: str  # PER, ORG, LOC, GPE, NORP (nisba), TITLE, MISC
    name: str | None = None
    country: str | None = None
    group: str | None = None
    sector: str | None = None


@dataclass
class Article:
    doc_id: str
    url: str | None
    title: str | None
    text: str
    published: str | None
    site: str | None
    language: str | None
    source: str = ""
    status: str = "ok"  # ok | skipped
    reason: str | None = None
    content_hash: str | None = None  # of the source document: an unchanged input is not processed again
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Participant:
    text: str
    start: int
    end: int
    name: str | None = None
    name_ar: str | None = None
    title: str | None = None
    country: str | None = None
    group: str | None = None
    sector: str | None = None
    id: str | None = None

    def party_key(self) -> str:
        """Identity used to merge mentions of one event: state or group, then the person."""
        return f"{self.country or ''}/{self.group or ''}"


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str | None = None
    name_ar: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    # optional, beyond EVENTS.md (as ACLED's geo-precision): how closely the place is located, one of PLACE_PRECISIONS
    precision: str | None = None


# exact: a city, town or site, with its coordinates; region: a province, governorate or region (coordinates: its
# centroid or seat); country: only the state is known (a state named, or a place marsad cannot geocode)
PLACE_PRECISIONS = ("exact", "region", "country")


@dataclass
class Span:
    text: str
    start: int
    end: int


# Kinds of casualty figure an event may carry (an extension of EVENTS.md, see README: the event record).
CASUALTY_KINDS = ("killed", "wounded", "killed_or_wounded", "arrested")


@dataclass
class Casualty:
    """A figure the text states: how many were killed, wounded, killed and wounded together ("مقتل وإصابة 20"),
    or arrested, with its evidence span. `count` is None for a figure stated without a number ("إصابة العشرات")."""

    count: int | None
    qualifier: str  # exact | at_least ("ما لا يقل عن 15") | about ("نحو 100") | vague (no number)
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Casualty:
        count = d.get("count")
        return cls(count=int(count) if count is not None else None,
                   qualifier=d.get("qualifier") or ("exact" if count is not None else "vague"),
                   text=d.get("text") or "", start=int(d.get("start") or 0), end=int(d.get("end") or 0))


def casualties_from_dict(d: dict[str, Any] | None) -> dict[str, Casualty] | None:
    """The `casualties` object of a record (kinds not stated are absent or null) → figures by kind."""
    if not d:
        return None
    out = {k: Casualty.from_dict(v) for k, v in d.items() if k in CASUALTY_KINDS and v}
    return out or None


@dataclass
class Event:
    doc_id: str
    url: str | None
    published: str | None
    type: str
    mode: str | None
    contexts: list[str]
    cameo: str | None
    actor: Participant | None
    recipient: Participant | None
    location: Place | None
    date: str | None
    date_precision: str | None
    date_text: str | None
    future: bool
    negated: bool
    trigger: Span
    sentence: Span
    confidence: float
    event_id: str = ""
    # optional, beyond EVENTS.md: figures by kind (CASUALTY_KINDS) for ASSAULT and arrest events; None when none is stated
    casualties: dict[str, Casualty] | None = None

    def assign_id(self) -> None:
        key = "|".join(
            [
                self.doc_id,
                str(self.sentence.start),
                str(self.sentence.end),
                self.type,
                self.actor.party_key() if self.actor else "",
                self.recipient.party_key() if self.recipient else "",
            ]
        )
        # two events of one sentence with the same type and states differ by their trigger or their
        # participants' spans (two officials of one state each calling): they must not share an id
        key += f"|{self.trigger.start}|{self.actor.start if self.actor else ''}|{self.recipient.start if self.recipient else ''}"
        self.event_id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        order = ["event_id", "doc_id", "url", "published", "type", "mode", "contexts", "cameo", "actor",
                 "recipient", "location", "date", "date_precision", "date_text", "future", "negated",
                 "trigger", "sentence", "confidence"]
        out = {k: d[k] for k in order}
        if self.casualties:  # an optional field: present only when the text states a figure
            out["casualties"] = {k: self.casualties[k].to_dict() for k in CASUALTY_KINDS if k in self.casualties}
        return out
