"""The place stage: where an event happened, chosen among the places the article offers.

Candidates are "no place", the rule's choice (records._location), every place the gazetteers know in the
event's sentence, the sentence before, the article's first sentence (a dateline, a story's setting), the
sentence after and the rest of the article, the nearest place named after a place noun ("في حي البياع"), the nearest
named so without a preposition ("استهدف قرية الخديرة"), and the first named so in the sentence before and in the
article's first (session 64: stage CV 0.7561 → 0.7592 with the two, end to end 0.7315 → 0.7347), and the NER
model's places of the sentence that the gazetteers do not know (session 69: stage CV 0.7577 → 0.7592), and a city
named inside an institution's name ("قصر السلام في جدة", session 71). Besides where
each lies, a candidate carries the words around it and "no place" the words of the event's sentence (session 61:
the stage's own CV 0.709 → 0.749); every candidate carries the sentence's words too, by where it lies, and the
dateline's place is marked, and each place carries its own name (session 62: 0.7486 → 0.7542; end to end
0.7226 → 0.7309). One linear model scores each candidate, trained
as a choice among the event's candidates (a conditional logit); the likeliest wins, "no place" included. It is trained on the gold events
whose trigger a candidate of the trigger stage states (model.align), each labelled by EVENTS.md's place rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from marsad.arabic.clitics import prefix_variants
from marsad.arabic.normalize import normalize
from marsad.events.coder import Draft
from marsad.events.learned.boosted import BoostedTrees
from marsad.events.learned.features import word_stem
from marsad.events.learned.linear import LinearModel
from marsad.events.records import (
    _DIRECTIONS,
    _NAMED_PLACE_NOUNS,
    _PLACE_NOUNS,
    _VERBAL,
    _VIOLENT,
    _after_topic,
    _char_span,
    _doubtful,
    _is_locative,
    _location,
    _named_place,
    _place_from_hit,
    _sentence_bounds,
    _span_place,
    _strip_and,
)
from marsad.knowledge.base import load_knowledge
from marsad.knowledge.word_lists import word_list
from marsad.nlp.doc_cache import doc_text
from marsad.nlp.hits import Hit
from marsad.schema import Place

_PLACE_LABELS = ("PLACE", "CAPITAL", "COUNTRY")
_PREPOSITIONS = word_list("places.stage_prepositions")


@dataclass
class PlaceCandidate:
    place: Place | None  # None: the event has no place
    features: list[str]


def _bucket(d: int) -> str:
    return "0" if d <= 2 else "1" if d <= 5 else "2" if d <= 10 else "3" if d <= 20 else "4"


def _key(place: Place | None) -> tuple[str, str | None] | None:
    return (normalize(place.text).removeprefix("و"), place.country) if place is not None else None


def _mentions(doc: Doc) -> Counter[str]:
    counts = doc.user_data.get("marsad_place_mentions")
    if counts is None:
        counts = Counter(h.entry.name for h in doc._.hits or [] if h.label in _PLACE_LABELS and h.entry)
        doc.user_data["marsad_place_mentions"] = counts
    return counts


def _neighbour(doc: Doc, index: int, step: int) -> int | None:
    """The nearest sentence before (step −1) or after (+1) sentence `index` that has words: a line break is a
    sentence of its own."""
    last = doc._.sentence_of[-1] if len(doc) else -1
    index += step
    while 0 <= index <= last:
        start, end = _sentence_bounds(doc, index)
        if any(t.is_alpha for t in doc[start:end]):
            return index
        index += step
    return None


def _words_around(norms: Sequence[str], start: int, end: int) -> list[str]:
    """The two words before a place and the word after it ("قصف على …", "خلال زيارته …", "… الحدودي")."""
    word = lambda i: _strip_and(norms[i]) if 0 <= i < len(norms) else "^" if i < 0 else "$"  # noqa: E731
    return [f"w1={word(start - 1)}", f"w2={word(start - 2)}", f"a1={word(end)}"]


def _words_between(norms: Sequence[str], start: int, end: int, trigger: int) -> list[str]:
    """The words between the trigger and a place of its sentence (tokens start–end; the first eight), as a bag."""
    lo, hi = (end, trigger) if start < trigger else (trigger + 1, start)
    return sorted({f"bw={_strip_and(norms[i])}" for i in range(lo, min(hi, lo + 8)) if len(norms[i]) > 2})


def _inner_places(doc: Doc, org: Hit) -> list[Hit]:
    """The places named inside an institution's name after its first word ("قصر السلام في جدة", "شرطة دبي"): the
    name's hit covers them, so they are no hits of their own. Found once per hit (each event of the article asks)."""
    cache = doc.user_data.setdefault("marsad_inner_places", {})
    if (org.start, org.end) in cache:
        return cache[(org.start, org.end)]
    base = org.start + 1
    matches = load_knowledge().entities.find_all(list(doc._.norms[base:org.end]), prefix_variants)
    cache[(org.start, org.end)] = out = [
        Hit(base + m.start, base + m.end, m.value.label, m.value, m.clitic) for m in matches
        if m.value.label in ("PLACE", "CAPITAL") and m.value.kind != "needs_context"]
    return out


def _named_features(doc: Doc, place: Place, trigger: int) -> list[str]:
    """A named place of the event's sentence is read as a known one is: its side and distance, and the words around
    and between (session 63: stage CV 0.7542 → 0.7561, all five folds up)."""
    side = "before" if place.start < doc[trigger].idx else "after"
    extra = [f"side={side}"]
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is not None:
        norms = doc._.norms
        distance = span.start - trigger if side == "after" else trigger - span.end
        extra += [f"side={side}{_bucket(distance)}", *_words_around(norms, span.start, span.end),
                  *_words_between(norms, span.start, span.end, trigger)]
    return extra


# a dateline's place is set off from the credit or the text by a dash, a bar or a colon ("سبق – جدة:", "عين اليوم –
# الرياض |"), or followed by the date ("هافانا ١٥ - ٧ (اف ب)")
_DATELINE_BEFORE = ("-", "–", "—", "|")
_DATELINE_AFTER = (*_DATELINE_BEFORE, "/", ":")


def dateline_place(doc: Doc) -> tuple[str, str | None] | None:
    """The key of the place of the article's dateline: a known place among the text's first 16 tokens, set off by a
    dash, bar or colon, or followed by a date. Annotators place statements and meetings the sentence does not place
    at the dateline's city. Found once per article (each event's candidates ask for it)."""
    if "marsad_dateline" in doc.user_data:
        return doc.user_data["marsad_dateline"]
    doc.user_data["marsad_dateline"] = found = _find_dateline_place(doc)
    return found


def _find_dateline_place(doc: Doc) -> tuple[str, str | None] | None:
    text = doc_text(doc)
    for party in sorted((p for p in doc._.parties if p.start <= 15), key=lambda p: p.start):
        for h in party.hits:
            if h.label not in _PLACE_LABELS or not h.entry:
                continue
            start, end = _char_span(doc, h.start, h.end)
            after, before = text[end:end + 3].strip(), text[max(0, start - 3):start].strip()
            if after[:1] in _DATELINE_AFTER or after[:1].isdigit() or before[-1:] in _DATELINE_BEFORE:
                return _key(_place_from_hit(doc, h.start, h.end, h.entry, h.clitic))
    return None


def _unknown_model_places(doc: Doc) -> list[tuple[int, int]]:
    """The NER model's LOC spans that no gazetteer hit overlaps (token spans); found once per article (each event
    asks)."""
    found = doc.user_data.get("marsad_unknown_model_places")
    if found is None:
        known = {i for h in doc._.hits or [] for i in range(h.start, h.end)}
        found = [(a, b) for a, b, label in doc._.ner_spans or [] if label == "LOC" and known.isdisjoint(range(a, b))]
        doc.user_data["marsad_unknown_model_places"] = found
    return found


def _model_places(doc: Doc, sentence: tuple[int, int], trigger: int, limit: int = 2) -> list[tuple[int, int]]:
    """The NER model's LOC spans of the sentence that no gazetteer hit or trigger overlaps, nearest the trigger
    first (token spans)."""
    spans = [(a, b) for a, b in _unknown_model_places(doc) if sentence[0] <= a < sentence[1] and not a <= trigger < b]
    return sorted(spans, key=lambda s: abs(s[0] - trigger))[:limit]


def place_candidates(doc: Doc, draft: Draft) -> list[PlaceCandidate]:
    """Every place the event may have happened in, with its features; the first is "no place"."""
    etype, trigger = draft.type, draft.trigger.start
    sentence = _sentence_bounds(doc, draft.sentence)
    rule = _location(doc, draft, sentence)
    rule_key = _key(rule)
    kind = "verbal" if etype in _VERBAL else "violent" if etype in _VIOLENT else "other"
    mode = draft.mode or "-"
    actor = draft.actor.country if draft.actor else None
    recipient = draft.recipient.country if draft.recipient else None
    home = doc._.home
    norms = doc._.norms
    counts = _mentions(doc)
    out: list[PlaceCandidate] = []
    seen: set[tuple[str, str | None]] = set()

    def add(place: Place, source: str, extra: list[str]) -> None:
        key = _key(place)
        if key in seen:
            return
        seen.add(key)
        is_rule = key == rule_key
        country = ("actor" if place.country and place.country == actor else "recipient" if place.country and place.country == recipient
                   else "home" if place.country and place.country == home else "other" if place.country else "none")
        f = ["bias", f"src={source}", f"t={etype}|src={source}", f"k={kind}|src={source}", f"ctry={country}",
             f"t={etype}|ctry={country}", f"prec={place.precision}", f"k={kind}|prec={place.precision}", f"m={mode}|src={source}"]
        if is_rule:
            f += ["rule", f"t={etype}|rule", f"src={source}|rule"]
        for x in extra:
            f += [x, f"k={kind}|{x}", f"t={etype}|{x}", f"src={source}|{x}"]
        if "loc" in extra:
            f += [f"t={etype}|src={source}|loc", f"m={mode}|src={source}|loc", f"prec={place.precision}|src={source}|loc"]
        out.append(PlaceCandidate(place, f))

    # the sentence's places, nearest the trigger first, then the sentence before and the article's first
    regions = [("sent", sentence)]
    before = _neighbour(doc, draft.sentence, -1)
    if before is not None:
        regions.append(("prev", _sentence_bounds(doc, before)))
        first = _neighbour(doc, -1, 1)
        if first is not None and first < before:
            regions.append(("first", _sentence_bounds(doc, first)))
    after = _neighbour(doc, draft.sentence, 1)
    if after is not None:
        regions.append(("next", _sentence_bounds(doc, after)))
    regions.append(("article", (0, len(doc))))
    in_sentence = 0
    for source, (lo, hi) in regions:
        found = []
        for party in doc._.parties:
            if not lo <= party.start < hi:
                continue
            for k, h in enumerate(party.hits):
                if h.label == "ORG":
                    # a city inside an institution's name, "قصر السلام في جدة" (session 71, with four gazetteer towns:
                    # stage CV 0.7646 → 0.7664, 91 events fixed, 60 broken)
                    for inner in _inner_places(doc, h):
                        found.append((abs(inner.start - trigger) if source == "sent" else inner.start - lo, party, k, inner))
                if h.label not in _PLACE_LABELS or not h.entry:
                    continue
                found.append((abs(h.start - trigger) if source == "sent" else h.start - lo, party, k, h))
        found.sort(key=lambda x: x[0])
        loc_rank = 0
        for rank, (distance, party, k, h) in enumerate(found):
            extra = [f"lab={h.label}", f"rank={min(rank, 3)}", f"n={min(counts[h.entry.name], 4)}"]
            if _is_locative(doc, party, h):
                extra += ["loc", f"locrank={min(loc_rank, 2)}"]
                loc_rank += 1
            before = _strip_and(norms[h.start - 1]) if h.start > 0 else ""
            if "ب" in h.clitic[-1:]:
                extra.append("prep=ب")
            elif "ل" in h.clitic[-1:]:
                extra.append("prep=ل")
            elif before in _PREPOSITIONS:
                extra.append(f"prep={before}")
            extra += _words_around(norms, h.start, h.end)
            if any(x.label in ("TITLE", "ORG") for x in party.hits[:k]):
                extra.append("office")
            if k < len(party.hits) - 1:
                extra.append("chain_inner")
            if _doubtful(doc, h):
                extra.append("doubtful")
            if source == "sent":
                extra += _words_between(norms, h.start, h.end, trigger)
                side = "before" if h.start < trigger else "after"
                extra += [f"side={side}{_bucket(distance)}", f"side={side}"]
                if h.start > trigger and _after_topic(norms, trigger, h.start):
                    extra.append("topic")
                in_sentence += 1
            add(_place_from_hit(doc, h.start, h.end, h.entry, h.clitic), source, extra)
    state = (draft.recipient or draft.actor).country if (draft.recipient or draft.actor) else None
    named = _named_place(doc, sentence, trigger, [], topics=etype not in _VIOLENT, state=state)
    if named is not None:
        if rule is not None and _key(rule) == _key(named):
            named = rule  # the rule's, with the coordinates of a known place beside it
        add(named, "named", _named_features(doc, named, trigger))
    # and one named with no preposition, "استهدف قرية الخديرة" (session 64: stage CV 0.7561 → 0.7569, end to end
    # 0.7315 → 0.7342)
    unintroduced = _named_place(doc, sentence, trigger, [], topics=etype not in _VIOLENT, state=state, unintroduced=True)
    if unintroduced is not None:
        add(unintroduced, "loose", _named_features(doc, unintroduced, trigger))
    # places the NER model finds in the sentence and the gazetteers do not know ("في لافايت بولاية لويزيانا", "في
    # إقليم شرناق"). Session 69: stage CV 0.7577 → 0.7592 (a right candidate 0.932 → 0.935); end to end, the shipped
    # model's stage refitted with them against a refit without: 0.7082 → 0.7101 of 890 pairs on events_aq … aw,
    # 0.7215 → 0.7246 of 650 on events_v + w + ad
    for rank, span in enumerate(_model_places(doc, sentence, trigger)):
        found = _span_place(doc, sentence, span, [], state)
        add(found, "ner", [f"nerrank={rank}", *_named_features(doc, found, trigger)])
    # a state's capital or territory named by its nisba ("في العاصمة الجزائرية", "بالأراضي اليمنية"; session 70:
    # stage CV 0.7603 → 0.7615, a right candidate 0.935 → 0.937)
    for found, noun in _nisba_places(doc, sentence):
        add(found, "nisba", [f"nis={noun}", *_named_features(doc, found, trigger)])
    # the story's unknown places: the first named in the sentence before and in the article's first ("قتل ستة في
    # عملية انتحارية في مدينة بولي علم" told before "وأوضح أن ثلاثة مدنيين قتلوا")
    for source, (lo, hi) in regions[1:]:
        if source in ("prev", "first"):
            earlier = _named_place(doc, (lo, hi), lo, [], state=state)
            if earlier is not None:
                add(earlier, f"named_{source}", [])
    if rule is not None:
        add(rule, "rule", [])
    # how the sentence's places sit beside each other and the trigger (session 70: stage CV 0.7592 → 0.7603)
    _nesting_features(doc, sentence, out)
    _clause_features(doc, sentence, trigger, out)
    stem = word_stem(norms[trigger])
    n_loc = sum(1 for c in out if "loc" in c.features)
    words = sorted({_strip_and(norms[i]) for i in range(*sentence) if len(norms[i]) > 2})
    line = dateline_place(doc)
    for c in out:
        src = next(x for x in c.features if x.startswith("src="))
        c.features += [f"stem={stem}|{src}"] + ([f"stem={stem}|loc"] if "loc" in c.features else [])
        # the sentence's words on every candidate too, by where it lies (session 62: stage CV 0.7486 → 0.7513)
        c.features += [f"{src}|sw={w}" for w in words]
        if c.place is not None:
            # the place itself: some places are where things happen (a front, a capital's ministries), some are
            # mostly talked about (session 62: stage CV 0.7513 → 0.7542, all five folds up)
            name = c.place.name or normalize(c.place.text)
            c.features += [f"pn={name}", f"k={kind}|pn={name}"]
        if line is not None and c.place is not None and _key(c.place) == line:
            c.features += ["dateline", f"t={etype}|dateline", f"k={kind}|dateline", f"{src}|dateline", f"m={mode}|dateline"]
    none = [f"none|stem={stem}", *(f"none|sw={w}" for w in words), *(f"none|t={etype}|sw={w}" for w in words),
            "none", f"none|t={etype}", f"none|k={kind}", f"none|m={mode}", f"none|nsent={min(in_sentence, 3)}",
            f"none|nloc={min(n_loc, 2)}", f"none|k={kind}|nloc={min(n_loc, 2)}"]
    if rule is None:
        none += ["none|rule", f"none|t={etype}|rule"]
    return [PlaceCandidate(None, none)] + out


_TERRITORY_NOUNS = word_list("places.territory_nouns")
_CAPITAL_NOUN = "عاصمه"


def _nisba_places(doc: Doc, sentence: tuple[int, int]) -> list[tuple[Place, str]]:
    """Places named by a noun and a state's nisba in the sentence: its capital ("العاصمة الجزائرية": Algiers, with
    the capital's coordinates) or its territory, airspace or waters ("بالأراضي اليمنية", "الأجواء اللبنانية": the
    state). Annotators write these phrases as the place; each comes with its noun."""
    kb = load_knowledge()
    norms, text = doc._.norms, doc_text(doc)
    out = []
    for h in doc._.hits or []:
        if h.label != "NISBA" or not h.entry or not h.entry.country or not sentence[0] < h.start < sentence[1]:
            continue
        first = h.start - 1
        if _strip_and(norms[first]) == "الاقليميه" and first > sentence[0]:  # "المياه الإقليمية اللبنانية"
            first -= 1
        noun = _strip_and(norms[first])
        noun = noun[1:] if noun[:1] in "بل" and noun[1:3] == "ال" else noun
        noun = noun.removeprefix("ال")
        if noun != _CAPITAL_NOUN and noun not in _TERRITORY_NOUNS:
            continue
        start, end = _char_span(doc, first, h.end)
        if norms[first][:1] in ("و", "ف") and norms[first][1:2] in ("ا", "ب", "ل"):
            start += 1  # the conjunction is not the place's
        country = h.entry.country
        if noun == _CAPITAL_NOUN:
            capital = kb.place_named(kb.capital_names.get(country, ""))
            place = Place(text=text[start:end], start=start, end=end, name=capital.name if capital else None,
                          name_ar=kb.capital_names.get(country), country=country,
                          lat=capital.lat if capital else None, lon=capital.lon if capital else None,
                          geonames_id=capital.geonames_id if capital else None, precision="exact" if capital else "country")
        else:
            place = Place(text=text[start:end], start=start, end=end, name=None, name_ar=None, country=country,
                          precision="country")
        out.append((place, noun))
    return out


# the words that may stand between a place and the larger place that locates it ("مدينة المخاء بالمحافظة", "منطقة
# شقرة التابعة لمحافظة أبين", "قرية دوما جنوب نابلس"), besides place nouns and direction words
_NESTING_LINKS = word_list("places.nesting_links")
_CLAUSE_MARKS = frozenset({"،", ",", "؛", ";", ":"})


def _locates(words: list[str]) -> bool:
    """The words between two places say that the second locates the first: at most three, each a link word, a
    place noun or a direction, bare or after و, ب or ل."""
    if len(words) > 3:
        return False
    for word in words:
        word = word.removeprefix("و")
        forms = {word, word[1:] if word[:1] in "بل" else word, word.removesuffix("ي")}
        if not forms & (_NESTING_LINKS | _PLACE_NOUNS | _NAMED_PLACE_NOUNS | _DIRECTIONS):
            return False
    return True


def _nesting_features(doc: Doc, sentence: tuple[int, int], out: list[PlaceCandidate]) -> None:
    """A place of the sentence followed by another of its state that locates it is the finer ("nest=finer"), the
    other the coarser ("nest=coarser"); the stage learns which of the two each kind of event is placed at."""
    text = doc_text(doc)
    last = doc[sentence[1] - 1]
    lo, hi = doc[sentence[0]].idx, last.idx + len(last.text)
    inside = [c for c in out if c.place is not None and lo <= c.place.start < hi]
    for finer in inside:
        for coarser in inside:
            a, b = finer.place, coarser.place
            if coarser is finer or b.start < a.end or b.start - a.end > 40 or a.country and b.country and a.country != b.country:
                continue
            words = [w.strip("«»\"()") for w in normalize(text[a.end:b.start]).split()]
            if _locates([w for w in words if w]):
                if "nest=finer" not in finer.features:
                    finer.features.append("nest=finer")
                if "nest=coarser" not in coarser.features:
                    coarser.features.append("nest=coarser")


def _clause_features(doc: Doc, sentence: tuple[int, int], trigger: int, out: list[PlaceCandidate]) -> None:
    """How many commas, semicolons or colons stand between the trigger and a place of its sentence (0, 1, 2 or
    more): a place set off by them is often another clause's."""
    for c in out:
        if c.place is None:
            continue
        span = doc.char_span(c.place.start, c.place.end, alignment_mode="expand")
        if span is None or not sentence[0] <= span.start < sentence[1]:
            continue
        lo, hi = (span.end, trigger) if span.start < trigger else (trigger + 1, span.start)
        marks = sum(1 for t in doc[lo:hi] if t.text in _CLAUSE_MARKS)
        c.features.append(f"clause={min(marks, 2)}")


# a conditional logit over each event's candidates: 0.699 against 0.688 for a binary model (C 0.3) by 5-fold CV over
# the 5,471 gold events of 3,713 articles (session 17); L2 1 to 6 measure alike
PLACES_L2 = 3.0


def train_place_stage(groups: list[tuple[list[list[str]], list[str]]]) -> LinearModel | None:
    """The place stage from each gold event's candidates (their features) and labels (place_labels)."""
    if not groups:
        return None
    return LinearModel.fit_listwise(groups, l2=PLACES_L2)


# boosted trees beside the conditional logit (as the dyad stage's, dyads.py): their log-odds times this share are
# added to each candidate's score; fitted pointwise on every candidate of every gold event, over the features seen
# at least PLACE_TREES_MIN_COUNT times
PLACE_TREES_WEIGHT = 0.5
PLACE_TREES_MIN_COUNT = 20


_LEXICAL = ("w1=", "w2=", "a1=", "bw=", "stem=", "sw=", "pn=")


def _is_lexical(feature: str) -> bool:
    """A word feature, alone or crossed ("w1=في", "t=ASSAULT|bw=قصف", "none|t=ASSAULT|sw=قتل")."""
    return any(feature.startswith(p) or f"|{p}" in feature for p in _LEXICAL)


def train_place_trees(groups: list[tuple[list[list[str]], list[str]]], seed: int = 0) -> BoostedTrees | None:
    """Boosted trees scoring each place candidate right or not."""
    # the words around a place (_words_around, _words_between, the sentence's words, the trigger's stem) are the
    # logit's: as tree features they would make a dense matrix of tens of thousands of columns (20 GB)
    rows = [[f for f in features if not _is_lexical(f)] for candidates, _ in groups for features in candidates]
    labels = [label for _, group_labels in groups for label in group_labels]
    return BoostedTrees.fit(rows, labels, seed, min_count=PLACE_TREES_MIN_COUNT) if rows else None


def place_scores(model: LinearModel, candidates: list[PlaceCandidate], trees: BoostedTrees | None = None,
                 trees_weight: float = PLACE_TREES_WEIGHT) -> list[float]:
    """Each candidate's score under the logit, plus the trees' log-odds times `trees_weight` when given."""
    scores = [model.scores(c.features)[0] for c in candidates]
    if trees is not None and trees_weight:
        extra = trees.raw_many([c.features for c in candidates])
        scores = [s + trees_weight * float(t) for s, t in zip(scores, extra, strict=True)]
    return scores


def choose_place(model: LinearModel, candidates: list[PlaceCandidate], trees: BoostedTrees | None = None,
                 trees_weight: float = PLACE_TREES_WEIGHT, text: str | None = None) -> Place | None:
    scores = place_scores(model, candidates, trees, trees_weight)
    chosen = candidates[max(range(len(candidates)), key=scores.__getitem__)].place
    return narrowest(chosen, candidates, text) if text is not None else chosen


_FINENESS = {"exact": 0, "region": 1, "country": 2}
_NESTING_WORDS = frozenset({"في", "فى", "مركز", "بمنطقه", "بمحافظه", "بولايه", "باقليم", "بمدينه"})


def narrowest(chosen: Place | None, candidates: list[PlaceCandidate], text: str) -> Place | None:
    """"قاعدة العند العسكرية في محافظة لحج", "مدينة عتق مركز محافظة شبوة": when the stage chose the province or
    state that a finer place of the same state sits in, named just before it, the event is placed at the finer
    one, as annotators place it. Session 49, on the CV fold models' pooled predictions: 16 events placed right, 3
    wrong; place accuracy 0.6832 → 0.6856. A place named after a place noun without coordinates counts by its
    precision ("country"): counting it as fine measured lower (0.6848)."""
    if chosen is None or _FINENESS.get(chosen.precision or "", 3) == 0:
        return chosen
    best = chosen
    opens_with_bi = normalize(chosen.text)[:1] == "ب"  # "ناشفيل بولاية تينيسي"
    by_direction = _by_direction(chosen.text)  # "جنوب اليمن": a part of a state, no finer than a province in it
    for c in candidates:
        q = c.place
        if q is None or q.country != chosen.country or q.end > chosen.start or chosen.start - q.end > 40:
            continue
        between = [w.strip("«»\"()،,") for w in normalize(text[q.end:chosen.start]).split()]
        between = [w for w in between if w]
        finer = _FINENESS.get(q.precision or "", 3) < _FINENESS.get(best.precision or "", 3)
        if finer and len(between) <= 3 and (between and between[-1] in _NESTING_WORDS or opens_with_bi and len(between) <= 2):
            best = q
        elif best is chosen and by_direction and between in ([], ["في"]) and (
                _FINENESS.get(q.precision or "", 3) <= _FINENESS.get(chosen.precision or "", 3)):
            # "محافظة الضالع جنوب اليمن", "محافظة لحج في جنوب اليمن": the province, not the part of the country it
            # lies in (session 58, CV with session 54's fold models: 3 places right, none wrong; 0.6885 → 0.6891)
            best = q
    return best


def _by_direction(text: str) -> bool:
    words = normalize(text).split()
    return len(words) > 1 and words[0].removeprefix("ب").removeprefix("و") in _DIRECTIONS


def planned_visit_place(draft: Draft, candidates: list[PlaceCandidate]) -> Place | None:
    """A visit announced for later ("يزور أوباما غدا كينيا", coded AGREE) takes place where the visitor is going:
    the rule's place, the visit's destination, when the stage chose none (it learned that an AGREE seldom has a
    place). Session 49, on the CV fold models' pooled predictions: 12 events placed right, none wrong; place
    accuracy 0.6856 → 0.6884."""
    if draft.type != "AGREE" or not draft.future or draft.trigger.trigger.mode != "visit":
        return None
    return next((c.place for c in candidates if c.place is not None and "rule" in c.features), None)


def place_labels(candidates: list[PlaceCandidate], gold: dict[str, Any]) -> list[str] | None:
    """1 for each candidate that is the gold event's place by EVENTS.md's rule, else 0; None when no
    candidate is (the stage cannot learn from that event)."""
    from marsad.evaluate import _place_ok

    labels = ["1" if _place_ok({"location": _as_dict(c.place)}, gold) else "0" for c in candidates]
    return labels if "1" in labels else None


def _as_dict(place: Place | None) -> dict[str, Any] | None:
    return {"text": place.text, "country": place.country} if place is not None else None
