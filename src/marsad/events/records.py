"""Turn the pipeline's token-level drafts into EVENTS.md records with character spans.

Also picks each event's place (a place after في/ب near the trigger, else the host of a visit)
and date (the date expression nearest the trigger in its sentence), and merges the mentions of
one event within an article (same type and the same parties) into one record.
"""

from __future__ import annotations

from spacy.tokens import Doc

from marsad.arabic.dates import DateMention
from marsad.events.coder import Draft, is_nominal
from marsad.knowledge.base import load_knowledge
from marsad.nlp.participants import Party
from marsad.nlp.pipeline import doc_text
from marsad.schema import Event, Participant, Place, Span

_LOCATIVE = {"في", "ب", "بمدينه", "بمقر", "داخل", "الي"}


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def participant_record(doc: Doc, party: Party | None) -> Participant | None:
    if party is None:
        return None
    if not party.hits:  # implied participant (an unnamed attacker)
        return Participant(text="", start=0, end=0, country=party.country, group=party.group, sector=party.sector)
    start, end = _char_span(doc, party.start, party.end)
    if party.first_clitic[:1] in ("و", "ف") and end - start > 2:
        start += 1  # "والسعودية": the conjunction is not part of the participant
    text = doc_text(doc)[start:end].strip("، ,")
    end = start + len(text)
    person = party.person
    title_hit = next((h for h in party.hits if h.label == "TITLE"), None)
    title = None
    if title_hit:
        t_start = doc[title_hit.start].idx
        person_hit = next((h for h in party.hits if h.label == "PER" and h.start > title_hit.start), None)
        t_end = doc[person_hit.start].idx if person_hit else end
        title = doc_text(doc)[t_start:t_end].strip("، ,") or None
    ident = party.country or party.group
    return Participant(
        text=text, start=start, end=end, name=person, name_ar=person, title=title,
        country=party.country, group=party.group, sector=party.sector,
        id=f"{ident}:{person}" if person and ident else None,
    )


def _place_from_hit(doc: Doc, hit_start: int, hit_end: int, entry) -> Place:
    kb = load_knowledge()
    start, end = _char_span(doc, hit_start, hit_end)
    if doc._.norms[hit_start][:1] in ("و", "ف") and doc._.norms[hit_start][1:2] in ("ا", "ب", "ل"):
        start += 1
    lat, lon, gid = entry.lat, entry.lon, entry.geonames_id
    if entry.label in ("CAPITAL", "COUNTRY"):
        place = kb.place_named(entry.name_ar) if entry.label == "CAPITAL" else None
        if place:
            lat, lon, gid = place.lat, place.lon, place.geonames_id
    return Place(text=doc_text(doc)[start:end], start=start, end=end, name=entry.name, name_ar=entry.name_ar or None,
                 country=entry.country, lat=lat, lon=lon, geonames_id=gid)


def _location(doc: Doc, draft: Draft, sentence: tuple[int, int]) -> Place | None:
    norms = doc._.norms
    best = None
    best_distance = 10**9
    for party in doc._.parties:
        if not (sentence[0] <= party.start < sentence[1]):
            continue
        for h in party.hits:
            if h.label not in ("PLACE", "CAPITAL", "COUNTRY") or not h.entry:
                continue
            locative = (h.clitic[-1:] == "ب") or (h.start > 0 and norms[h.start - 1] in _LOCATIVE)
            in_title = any(x.label in ("TITLE", "ORG", "PER") for x in party.hits)  # "أمن الدولة بمملكة بلجيكا"
            if not locative or in_title or abs(h.start - draft.trigger.start) > 25:
                continue
            if h.entry.country is None and h.label != "PLACE":
                continue
            distance = abs(h.start - draft.trigger.start)
            if distance < best_distance:
                best, best_distance = h, distance
    if best:
        return _place_from_hit(doc, best.start, best.end, best.entry)
    if draft.mode == "visit" or draft.type == "AGREE" and draft.future:
        host = draft.recipient
        if host and host.hits and {h.label for h in host.hits} <= {"COUNTRY", "CAPITAL", "HONORIFIC"}:
            h = next(h for h in host.hits if h.label in ("COUNTRY", "CAPITAL"))
            return _place_from_hit(doc, h.start, h.end, h.entry)
    return None


def _date(dates: list[DateMention], trigger_char: int, sentence: tuple[int, int]) -> DateMention | None:
    inside = [d for d in dates if sentence[0] <= d.start < sentence[1]]
    if not inside:
        return None
    return min(inside, key=lambda d: abs(d.start - trigger_char))


def _sentence_bounds(doc: Doc, index: int) -> tuple[int, int]:
    bounds = doc.user_data.get("marsad_sentence_bounds")
    if bounds is None:
        bounds = {}
        for i, s in enumerate(doc._.sentence_of):
            bounds.setdefault(s, [i, i + 1])[1] = i + 1
        doc.user_data["marsad_sentence_bounds"] = bounds
    start, end = bounds[index]
    return start, end


def drafts_to_events(doc: Doc, doc_id: str, url: str | None, published: str | None) -> list[Event]:
    events: list[Event] = []
    for draft in doc._.drafts:
        s_tok = _sentence_bounds(doc, draft.sentence)
        s_start, s_end = _char_span(doc, *s_tok)
        sentence_text = doc_text(doc)[s_start:s_end].strip()
        s_end = s_start + len(sentence_text)
        t_start, t_end = _char_span(doc, draft.trigger.start, draft.trigger.end)
        date = _date(doc._.dates or [], t_start, (s_start, s_end))
        ctx = list(draft.trigger.trigger.contexts)
        sectors = {p.sector for p in (draft.actor, draft.recipient) if p}
        if "SPY" in sectors and "intelligence" not in ctx:
            ctx.append("intelligence")
        if sectors & {"TER"} and "terrorism" not in ctx:
            ctx.append("terrorism")
        event = Event(
            doc_id=doc_id, url=url, published=published, type=draft.type, mode=draft.mode, contexts=ctx,
            cameo=draft.trigger.trigger.cameo if draft.type == draft.trigger.trigger.type else "036",
            actor=participant_record(doc, draft.actor), recipient=participant_record(doc, draft.recipient),
            location=_location(doc, draft, s_tok),
            date=date.value if date else None, date_precision=date.precision if date else None,
            date_text=date.text if date else None, future=draft.future, negated=draft.negated,
            trigger=Span(doc_text(doc)[t_start:t_end], t_start, t_end),
            sentence=Span(sentence_text, s_start, s_end),
            confidence=round(draft.confidence - (0.1 if draft.actor and draft.actor.defaulted else 0.0)
                             - (0.05 if is_nominal(draft.trigger, doc._.norms[draft.trigger.start - 1] if draft.trigger.start else '') else 0.0), 3),
        )
        if draft.trigger.trigger.frame == "host" and event.mode == "visit":
            event.cameo = "042"
        event.assign_id()
        events.append(event)
    return merge_mentions(events)


def _party_identity(p: Participant | None) -> str:
    return p.country or p.group or "" if p else ""


def merge_mentions(events: list[Event]) -> list[Event]:
    """One record per event within an article: same type and the same parties (and, when both name a
    person, the same person). The first mention is kept; later ones fill its missing date and place."""
    kept: list[Event] = []
    for e in events:
        twin = next((k for k in kept if _same_event(k, e)), None)
        if twin is None:
            kept.append(e)
            continue
        twin.confidence = round(min(0.99, max(twin.confidence, e.confidence) + 0.05), 3)
        if twin.date is None and e.date:
            twin.date, twin.date_precision, twin.date_text = e.date, e.date_precision, e.date_text
        if twin.location is None and e.location:
            twin.location = e.location
    return kept


def _same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or a.negated != b.negated:
        return False
    if _party_identity(a.actor) != _party_identity(b.actor):
        return False
    if a.recipient and b.recipient and _party_identity(a.recipient) != _party_identity(b.recipient):
        return False  # a mention without a recipient is the same event told less fully
    for pa, pb in ((a.actor, b.actor), (a.recipient, b.recipient)):
        if pa and pb and pa.name and pb.name and pa.name != pb.name and not (
            pa.name.split()[-1] == pb.name.split()[-1]
        ):
            return False
    return True
