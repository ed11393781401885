"""Turn the pipeline's token-level drafts into EVENTS.md records with character spans.

Also picks each event's place (a place after في/ب near the trigger, else the host of a visit)
and date (the date expression nearest the trigger in its sentence), and merges the mentions of
one event within an article (same type and the same parties) into one record.
"""

from __future__ import annotations

from spacy.tokens import Doc

from marsad.arabic.dates import DateMention
from marsad.events.casualties import casualty_kinds, event_casualties, merge_casualties
from marsad.events.coder import Draft, is_nominal
from marsad.events.ontology import cameo_for
from marsad.knowledge.base import load_knowledge
from marsad.knowledge.word_lists import word_list
from marsad.nlp.doc_cache import doc_text
from marsad.nlp.participants import Party
from marsad.schema import Event, Participant, Place, Span

_LOCATIVE = word_list("places.locative")
_PLACE_NOUNS = word_list("places.place_nouns")
# "في شمال وشرق الموصل", "في وسط كابول": words between the preposition and the place
_DIRECTIONS = word_list("places.directions")
# nouns that introduce a place by name, known or not: "في حي البياع", "على قرى الكصيبة", "في بلدة شيلوبي"
_NAMED_PLACE_NOUNS = word_list("places.named_place_nouns")


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
    name, lat, lon, gid, precision = entry.name, entry.lat, entry.lon, entry.geonames_id, entry.precision
    if entry.label in ("CAPITAL", "COUNTRY"):
        place = kb.place_named(entry.name_ar) if entry.label == "CAPITAL" else None
        if place:  # the capital's own name ("Riyadh"), not its state's (a CAPITAL entry's name)
            name, lat, lon, gid, precision = place.name, place.lat, place.lon, place.geonames_id, place.precision or "exact"
    return Place(text=doc_text(doc)[start:end], start=start, end=end, name=name, name_ar=entry.name_ar or None,
                 country=entry.country, lat=lat, lon=lon, geonames_id=gid,
                 precision=place_precision(precision, lat, lon, entry.country))


def place_precision(kind: str | None, lat: float | None, lon: float | None, country: str | None) -> str | None:
    """A place's precision (schema.PLACE_PRECISIONS), as ACLED's geo-precision: a gazetteer place keeps its
    kind (a city or site: exact; a province or region: region) when it has coordinates; a state named, or a
    place without coordinates (a capital's metonym, a neighbourhood marsad does not know), locates the event
    in its country only; a place with neither coordinates nor a state has no precision."""
    if lat is not None and lon is not None and kind in ("exact", "region"):
        return kind
    return "country" if country else None


def _is_locative(doc: Doc, party: Party, hit) -> bool:
    """A place named as where something happens: "بالرباط", "في روما", "في مدينة الرياض"."""
    norms = doc._.norms
    first = party.hits[0]
    if first.clitic[-1:] == "ب" or hit.clitic[-1:] == "ب":
        return True
    i = first.start - 1
    while i >= 0 and first.start - i <= 4 and _strip_and(norms[i]) in _DIRECTIONS:
        i -= 1  # "في شمال وشرق الموصل"
    before = norms[max(0, i - 1):i + 1] if i >= 0 else []
    return bool(before) and (before[-1] in _LOCATIVE or before[-1][:1] == "ب" and _strip_and(before[-1][1:]) in _DIRECTIONS
                             or (len(before) == 2 and before[0] in _LOCATIVE and before[1] in _PLACE_NOUNS))


def _strip_and(token: str) -> str:
    return token[1:] if token[:1] == "و" and len(token) > 3 else token


def _place_hits(doc: Doc, start: int, end: int, trigger: int | None = None, max_distance: int = 25):
    """Locative place hits between token `start` and `end`, nearest the trigger first."""
    found = []
    for party in doc._.parties:
        if not (start <= party.start < end):
            continue
        office = any(x.label in ("TITLE", "ORG", "PER") for x in party.hits)
        for h in party.hits:
            if h.label not in ("PLACE", "CAPITAL", "COUNTRY") or not h.entry or not _is_locative(doc, party, h):
                continue
            if office and not (h.label == "PLACE" and h.clitic[-1:] == "ب"):
                continue  # "أمن الدولة بمملكة بلجيكا" names an office; "قوة الطوارئ بمنطقة عسير" a place
            distance = abs(h.start - trigger) if trigger is not None else h.start
            if distance <= max_distance:
                found.append((distance, -h.start if h.label == "PLACE" else 0, h))
    return [h for _, _, h in sorted(found, key=lambda x: (x[0], x[1]))]


def _named_place(doc: Doc, sentence: tuple[int, int], trigger: int, hits) -> Place | None:
    """A place the gazetteers do not know, named after a place noun and a preposition ("في حي البياع",
    "على قرى الكصيبة"), nearer the trigger than any known place; its state is the nearest known place's
    or state's in the sentence. A known place right after it ("مديرية يريم بمحافظة إب", "حي البياع في بغداد")
    lends it its coordinates and precision, as ACLED codes a place it cannot find at the nearest one it can."""
    from marsad.nlp.hits import plausible_name_word

    norms, texts = doc._.norms, [t.text for t in doc[sentence[0]:sentence[1]]]
    taken = {i for p in doc._.parties for i in range(p.start, p.end)}
    nearest_known = abs(hits[0].start - trigger) if hits else 10**9
    best = None
    for i in range(sentence[0] + 1, sentence[1] - 1):
        noun = norms[i][1:] if norms[i][:1] == "ب" else norms[i]
        if noun not in _NAMED_PLACE_NOUNS or not (norms[i][:1] == "ب" or norms[i - 1] in _LOCATIVE | {"علي", "من"}):
            continue
        j = i + 1
        while (j < sentence[1] and j - i <= 2 and j not in taken and _strip_and(norms[j]) not in _DIRECTIONS
               and plausible_name_word(norms[j], texts[j - sentence[0]])):
            j += 1
        if j == i + 1 or abs(i - trigger) >= nearest_known or abs(i - trigger) > 25:
            continue
        if best is None or abs(i - trigger) < abs(best[0] - trigger):
            best = (i, j)
    if best is None:
        return None
    states = [(abs(p.start - best[0]), p.country) for p in doc._.parties
              if sentence[0] <= p.start < sentence[1] and p.country and {h.label for h in p.hits} & {"PLACE", "COUNTRY", "CAPITAL"}]
    country = min(states)[1] if states else doc._.home
    start, end = _char_span(doc, best[0], best[1])
    text = doc_text(doc)[start:end]
    within = next((h for h in hits if best[1] <= h.start <= best[1] + 2), None)  # "… بمحافظة إب", "…، في بغداد"
    if within is not None:
        known = _place_from_hit(doc, within.start, within.end, within.entry)
        return Place(text=text, start=start, end=end, name=None, name_ar=text, country=known.country or country,
                     lat=known.lat, lon=known.lon, precision=known.precision)
    return Place(text=text, start=start, end=end, name=None, name_ar=text, country=country,
                 precision=place_precision(None, None, None, country))


def _location(doc: Doc, draft: Draft, sentence: tuple[int, int]) -> Place | None:
    hits = _place_hits(doc, sentence[0], sentence[1], draft.trigger.start)
    named = _named_place(doc, sentence, draft.trigger.start, hits)
    if named is not None:
        return named
    # a chain "العاصمة الإيطالية روما": the most specific (last) place of the nearest chain
    if hits:
        best = hits[0]
        return _place_from_hit(doc, best.start, best.end, best.entry)
    if draft.mode == "visit" or draft.type == "AGREE" and draft.future:
        host = draft.recipient
        if host and host.hits and {h.label for h in host.hits} <= {"COUNTRY", "CAPITAL", "HONORIFIC"}:
            h = next((h for h in host.hits if h.label in ("COUNTRY", "CAPITAL")), None)
            if h is not None:  # a host named by an honorific alone has no place
                return _place_from_hit(doc, h.start, h.end, h.entry)
    # no story-wide fallback: an event whose sentence names no place has none (annotators agree, and the
    # article's opening place was wrong for 54 of 77 such events in the annotated articles)
    return None


def _date(dates: list[DateMention], trigger_char: int, sentence: tuple[int, int]) -> DateMention | None:
    """The date expression nearest the trigger in its sentence, else the article's first one when it
    comes earlier: news anchors its main event once ("أمس") and tells the rest of the story after it."""
    inside = [d for d in dates if sentence[0] <= d.start < sentence[1]]
    if not inside:
        return dates[0] if dates and dates[0].start < sentence[0] else None
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


def _casualty_sentences(doc: Doc, draft: Draft, coded: dict[str, set[int]], up_to: int = 2) -> list[tuple[int, int]]:
    """The sentences after an event's that may give its toll: up to two with words, and none from a
    sentence that codes another event of the same type on (that event reads its own figures)."""
    _sentence_bounds(doc, draft.sentence)
    bounds = doc.user_data["marsad_sentence_bounds"]
    same_type = coded.get(draft.type, set())
    out: list[tuple[int, int]] = []
    index = draft.sentence + 1
    while len(out) < up_to and index in bounds and index not in same_type:
        start, end = _char_span(doc, *bounds[index])
        if any(c.isalnum() for c in doc_text(doc)[start:end]):
            out.append((start, end))
        index += 1
    return out


def drafts_to_events(doc: Doc, doc_id: str, url: str | None, published: str | None) -> list[Event]:
    events: list[Event] = []
    coded: dict[str, set[int]] = {}  # event type → the sentences coding one
    for draft in doc._.drafts:
        coded.setdefault(draft.type, set()).add(draft.sentence)
    # where a named person or an office begins: "مقتل مايكل براون" counts one
    persons = frozenset(doc[h.start].idx for h in doc._.hits or [] if h.label in ("PER", "TITLE"))
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
            cameo=cameo_for(draft.type, draft.trigger.trigger.type, draft.trigger.trigger.cameo),
            actor=participant_record(doc, draft.actor), recipient=participant_record(doc, draft.recipient),
            location=_location(doc, draft, s_tok),
            date=date.value if date else None, date_precision=date.precision if date else None,
            date_text=date.text if date else None, future=draft.future, negated=draft.negated,
            trigger=Span(doc_text(doc)[t_start:t_end], t_start, t_end),
            sentence=Span(sentence_text, s_start, s_end),
            # penalties for a defaulted actor and a nominal trigger, never below 0 (a probability's scale)
            confidence=round(max(0.0, draft.confidence - (0.1 if draft.actor and draft.actor.defaulted else 0.0)
                             - (0.05 if is_nominal(draft.trigger, doc._.norms[draft.trigger.start - 1] if draft.trigger.start else '') else 0.0)), 3),
        )
        if draft.trigger.trigger.frame == "host" and event.mode == "visit":
            event.cameo = "042"
        kinds = casualty_kinds(event.type, event.mode)
        if kinds:  # killed and wounded of an ASSAULT, arrested of a COERCE arrest (README: the event record)
            later = _casualty_sentences(doc, draft, coded)
            reach = later[-1][1] if later else s_end
            event.casualties = event_casualties(
                doc_text(doc), (s_start, s_end), (t_start, t_end), kinds, later=later,
                exclude=[(d.start, d.end) for d in doc._.dates or [] if d.end > s_start and d.start < reach], persons=persons)
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
        if (twin.recipient is None and e.recipient is not None) or (twin.actor is None and e.actor is not None):
            # the fuller mention names the recipient: it becomes the record, the other its support
            kept[kept.index(twin)] = e
            e, twin = twin, e
        twin.confidence = round(min(0.99, max(twin.confidence, e.confidence) + 0.05), 3)
        if twin.date is None and e.date:
            twin.date, twin.date_precision, twin.date_text = e.date, e.date_precision, e.date_text
        if twin.location is None and e.location:
            twin.location = e.location
        twin.casualties = merge_casualties(twin.casualties, e.casualties)
    return kept


def _same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or a.negated != b.negated:
        return False
    if a.actor and b.actor and _party_identity(a.actor) != _party_identity(b.actor):
        return False
    if a.recipient and b.recipient and _party_identity(a.recipient) != _party_identity(b.recipient):
        return False  # a mention without a recipient is the same event told less fully
    for pa, pb in ((a.actor, b.actor), (a.recipient, b.recipient)):
        if pa and pb and pa.name and pb.name and pa.name != pb.name and not (
            pa.name.split()[-1] == pb.name.split()[-1]
        ):
            return False
    return True
