"""marsad's analysis as a spaCy `Language` for Arabic.

Stages are registered components working on `Doc` extensions, in this order:
  (tokenizer         punctuation glued to words split off: nlp.tokenizer)
  marsad_norms       folded form of each token (offsets untouched: tokens keep their `idx`)
  marsad_sentences   sentence boundaries (not at "د." or inside 3.5; at line breaks)
  marsad_entities    gazetteer hits (clitic-aware), trigger hits, person names → doc.ents
  marsad_actors      chains of hits → participants with state/group/sector
  marsad_dates       date expressions resolved against the publication date
  marsad_events      triggers + participants → event drafts
Users who know spaCy can remove, replace or add a stage: `nlp.remove_pipe("marsad_dates")`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from marsad.arabic.clitics import prefix_variants, word_variants
from marsad.arabic.dates import find_dates
from marsad.arabic.normalize import normalize, normalize_keep_taa
from marsad.events.learned.clusters import token_clusters
from marsad.knowledge.base import load_knowledge
from marsad.knowledge.word_lists import word_list
from marsad.nlp.doc_cache import doc_text, token_texts
from marsad.nlp.hits import (
    Hit,
    family_nisbas,
    gazetteer_hits,
    honorific_of_pronoun,
    honorific_pronoun,
    introduced_as_place,
    name_words,
    person_hits,
    plausible_name_word,
)
from marsad.nlp.non_events import not_an_event
from marsad.nlp.participants import (
    _GENERIC_IDS,
    _MONARCHIES,
    _PLACE_WORDS,
    ACCREDITED_TO,
    Context,
    Party,
    _royal_title,
    about_terrorism,
    chain_hits,
    home_country,
    resolve_party,
)
from marsad.nlp.party_states import context_of, restate
from marsad.nlp.tokenizer import split_glued_punctuation
from marsad.nlp.trigger_hits import TriggerHit
from marsad.nlp.unlisted_nouns import marked, unlisted_noun_hits

for _name, _default in [("norms", None), ("hits", None), ("ner_spans", None), ("trigger_hits", None), ("parties", None),
                        ("dates", None), ("drafts", None), ("published", None), ("site_country", None),
                        ("home", None), ("sentence_of", None)]:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

_QUOTES = re.compile(r"[«»\"“”„'‘’()\[\]]")
# "د." "م." "أ.د.": one letter and a full stop abbreviates a title, it does not end a sentence
_ABBREVIATION = re.compile(r"(?:[\u0621-\u064a]\.){1,3}")
_SENTENCE_END = {".", "!", "?", "؟", "…"}
_SPACY_LABEL = {"PER": "PER", "ORG": "ORG", "COUNTRY": "GPE", "CAPITAL": "GPE", "PLACE": "LOC", "NISBA": "NORP",
                "TITLE": "TITLE", "GENERIC": "MISC", "HOME": "GPE"}


def _unquoted(norm: str) -> str:
    """A token without the quotes, dashes and slashes glued to it ("الجنسية-", "/يوسف"), and without the full
    stop or comma the tokenizer leaves after a closing quote ("الأمريكية”." is الامريكيه)."""
    bare = _QUOTES.sub("", norm)
    quoted = bare != norm
    bare = bare.strip("-–—/")
    if quoted and len(bare) > 2 and bare[-1] in ".,،:؛":
        bare = bare[:-1]
    return bare or norm


# words repeat: each distinct token is folded once per process
@lru_cache(maxsize=300_000)
def _match_form(text: str) -> str:
    return _unquoted(normalize(text))


@lru_cache(maxsize=300_000)
def _trigger_form(text: str) -> str:
    return _unquoted(normalize_keep_taa(text))


@Language.component("marsad_norms")
def norms_component(doc: Doc) -> Doc:
    # quotes glued to a word ("و«الائتلاف", "الأمريكية”") are not part of it for matching
    doc._.norms = [_match_form(t) for t in token_texts(doc)]
    return doc


@Language.component("marsad_sentences")
def sentences_component(doc: Doc) -> Doc:
    """A sentence ends at . ! ? ؟ or a line break. "د." and "3.5" are single tokens, so they never end one."""
    sentence_of = []
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    current = 0
    texts = token_texts(doc)
    for i in range(len(texts)):
        prev = texts[i - 1] if i else ""
        # a sentence ends at a full stop, also one clustered with quotes or brackets ('".', '».')
        boundary = i == 0 or "\n" in prev or (prev[-1:] in _SENTENCE_END and not _ABBREVIATION.fullmatch(prev))
        if boundary:
            starts[i, 0] = 1
            current += i > 0
        sentence_of.append(current)
    if len(doc):
        doc.from_array([SENT_START], starts.astype("uint64"))  # one call: setting token.is_sent_start is O(n) each
    doc._.sentence_of = sentence_of
    return doc


@Language.factory("marsad_ner", default_config={"model": None})
def make_ner(nlp: Language, name: str, model: str | None):
    """The trained NER model (marsad's CRF): spans on doc._.ner_spans, used by marsad_entities."""
    from marsad.nlp.ner.model import DEFAULT_MODEL_DIR, default_model

    ner = default_model(str(model or DEFAULT_MODEL_DIR))

    def ner_component(doc: Doc) -> Doc:
        doc._.ner_spans = _ner_spans(doc, ner) if ner is not None else []
        return doc

    return ner_component


def _ner_spans(doc: Doc, ner) -> list[tuple[int, int, str]]:
    """Model spans for the sentences that can hold an event (those with a trigger word): the model's
    job in the pipeline is to find the participants the gazetteers do not know."""
    kb = load_knowledge()
    texts = token_texts(doc)
    trigger_norms = [_trigger_form(t) for t in texts]
    doc.user_data["marsad_trigger_norms"] = trigger_norms
    matches = doc.user_data["marsad_trigger_matches"] = kb.triggers.find_all(trigger_norms, word_variants)
    with_trigger = {doc._.sentence_of[m.start] for m in matches}
    spans: list[tuple[int, int, str]] = []
    bounds: dict[int, list[int]] = {}
    for i, s in enumerate(doc._.sentence_of):
        if s in with_trigger and not texts[i].isspace():
            bounds.setdefault(s, []).append(i)
    for idx in bounds.values():
        tokens = [texts[i] for i in idx]
        for start, end, label in ner.spans(tokens):
            spans.append((idx[start], idx[end - 1] + 1, label))
    return spans


_PUBLICATION = re.compile(r'^[وف]?لـ?["«“]')


def _publication(hit: Hit, texts: list[str]) -> bool:
    """"قالت مصادر لـ«الرياض»": a place's name in quotes after ل is the newspaper told, not the place."""
    return hit.label in ("CAPITAL", "PLACE", "COUNTRY") and bool(_PUBLICATION.match(texts[hit.start]))


# the wire agencies a credit names by their nisba alone: وكالة الصحافة الفرنسية (AFP), وكالة الأنباء الألمانية (DPA)
_AGENCY_NISBAS = frozenset({"الفرنسيه", "الالمانيه"})


def _agency_credit(hit: Hit, texts: list[str], norms: list[str]) -> bool:
    """"(الفرنسية)", "(الفرنسية - ارشيف)": AFP's or DPA's nisba alone in parentheses is the agency's credit under a
    photo or at a paragraph's end, not France or Germany ("خادمة (إندونيسية)" is a gloss, and stays)."""
    if hit.label != "NISBA" or hit.start == 0 or not texts[hit.start - 1].endswith("(") \
            or norms[hit.start] not in _AGENCY_NISBAS:
        return False
    return ")" in texts[hit.end - 1] or hit.end < len(texts) and texts[hit.end][:1] in (")", "-", "–")


_BEFORE_PLACE = word_list("places.locative") | word_list("places.directions") | word_list("places.place_nouns")


def _as_place(hit: Hit, norms: list[str]) -> bool:
    """Introduced as a place: "بليون", "في ليون", "قرب ليون", "مدينة ليون"."""
    return hit.clitic[-1:] in ("ب", "ل") or (hit.start > 0 and norms[hit.start - 1] in _BEFORE_PLACE)


def _choose_homonyms(hits: list[Hit], kb, norms: list[str]) -> list[Hit]:
    """A city name several states' cities bear (زنجبار: Zanzibar and Zinjibar) is the one in a state the
    article names, when it names that state and not the state of the gazetteer's first reading."""
    if not any(h.entry.geonames_id in kb.place_homonyms for h in hits if h.label == "PLACE"):
        return hits
    named = Counter(h.entry.country for h in hits
                    if h.entry is not None and h.entry.country and h.entry.geonames_id not in kb.place_homonyms)
    out = []
    for h in hits:
        alternatives = kb.place_homonyms.get(h.entry.geonames_id) if h.label == "PLACE" else None
        if alternatives:
            best = h.entry
            if not named[h.entry.country]:
                best = max(alternatives[1:], key=lambda e: named[e.country])
                best = best if named[best.country] else h.entry
            if best.kind == "needs_context" and not introduced_as_place(norms, h.start, h.clitic):
                continue  # kept by gazetteer_hits for a namesake the article did not choose
            if best is not h.entry:
                h.entry, h.label = best, best.label
        out.append(h)
    return out


# knowledge/data/word_lists.tsv: "المطارات الداخلية" (domestic airports), "الانتخابات البلدية" are not the bodies
_ADJECTIVE_BODIES = word_list("actors.adjective_bodies")
_BODY_NOUNS = word_list("actors.body_nouns")


def _an_adjective(h: Hit, norms: list[str]) -> bool:
    if h.label != "ORG" or h.end - h.start != 1 or h.clitic or h.start == 0 or norms[h.start] not in _ADJECTIVE_BODIES:
        return False
    before = norms[h.start - 1]
    return before.startswith("ال") and len(before) > 3 and before not in _BODY_NOUNS


_BARE_QAEDA = frozenset({"القاعده", "للقاعده", "بالقاعده"})
_QAEDA_NAMERS = word_list("groups.qaeda_namers")


def _the_base_is_not_al_qaeda(hits: list[Hit], norms: list[str]) -> list[Hit]:
    """"قاعدة العند … غارات على المواقع الداخلية للقاعدة": in an article about a named base ("قاعدة X"), a bare
    "القاعدة" is that base, unless the article names the group as a group somewhere ("تنظيم القاعدة", "عناصر
    القاعدة", "القاعدة في جزيرة العرب")."""
    bare = [h for h in hits if h.label == "ORG" and h.entry and h.entry.group == "ALQAEDA" and h.end - h.start == 1
            and norms[h.start].lstrip("وف") in _BARE_QAEDA]
    if not bare:
        return hits
    named_base = any(n.removeprefix("و").removeprefix("ل").removeprefix("ب") == "قاعده" and i + 1 < len(norms)
                     and norms[i + 1][:1].isalpha() for i, n in enumerate(norms))
    as_group = any(h.entry and h.entry.group == "ALQAEDA" and h not in bare for h in hits) or any(
        _named_as_group(norms, h.start) for h in bare)
    if not named_base or as_group:
        return hits
    # "داعش أو القاعدة": beside another armed group's name it is the group
    groups = [h for h in hits if h.label == "ORG" and h.entry and h.entry.kind == "group" and h.entry.group != "ALQAEDA"]
    listed = {id(h) for h in bare if any(abs(g.start - h.start) <= 3 for g in groups)}
    return [h for h in hits if h not in bare or id(h) in listed]


def _named_as_group(norms: list[str], start: int) -> bool:
    """"عناصر القاعدة", "مسلحين من القاعدة": a word for the group's members or branch right before it."""
    before = [norms[i].removeprefix("و") for i in (start - 1, start - 2) if i >= 0]
    return bool(before) and (before[0] in _QAEDA_NAMERS or before[0] == "من" and before[1:] != [] and before[1] in _QAEDA_NAMERS)


@Language.component("marsad_entities")
def entities_component(doc: Doc) -> Doc:
    kb = load_knowledge()
    norms = doc._.norms
    texts = token_texts(doc)
    hits = _choose_homonyms([h for h in gazetteer_hits(norms, kb) if not _publication(h, texts) and not _agency_credit(h, texts, norms)],
                            kb, norms)
    hits = _the_base_is_not_al_qaeda(hits, norms)
    hits = [h for h in hits if not _an_adjective(h, norms)]
    trigger_hits = []
    covered = set()
    for h in hits:
        if h.label != "GENERIC":
            # a common-noun participant may be the event itself: "هجوم انتحاري" is both the attack and, in
            # "أدان الهجوم الانتحاري", the unnamed attackers it stands for
            covered.update(range(h.start, h.end))
    trigger_norms = doc.user_data.get("marsad_trigger_norms") or [
        _unquoted(n) for n in (normalize_keep_taa(t) for t in texts)]
    matches = doc.user_data.pop("marsad_trigger_matches", None)
    if matches is None:
        matches = kb.triggers.find_all(trigger_norms, word_variants)
    for m in matches:
        if covered.isdisjoint(range(m.start, m.end)) and not not_an_event(m.value.type, m.start, m.end, norms):
            suffixed = m.end - m.start == 1 and not any(v in kb.triggers for v in prefix_variants(trigger_norms[m.start]))
            trigger_hits.append(TriggerHit(m.start, m.end, m.value, " ".join(norms[m.start:m.end]), m.clitic, suffixed))
    # the model's persons first (gazetteer and trigger words win where they overlap, except that a name right
    # after a title or honorific is a name: "الأمير فيصل بن بندر" although "فيصل" reads as "and arrives"), then
    # the title-and-honorific heuristic for names the model missed
    gazetteer_taken = {i for h in hits for i in range(h.start, h.end)}
    trigger_taken = {i for t in trigger_hits for i in range(t.start, t.end)}
    after_title = {h.end for h in hits if h.label in ("TITLE", "HONORIFIC")}
    model_persons = [Hit(a, b, "PER", None, name=" ".join(texts[a:b])) for a, b, label in (doc._.ner_spans or [])
                     if label == "PER" and gazetteer_taken.isdisjoint(range(a, b))
                     and (a in after_title or trigger_taken.isdisjoint(range(a, b)))
                     and all(plausible_name_word(norms[i], texts[i]) for i in range(a, b))]
    if model_persons and trigger_taken:
        named = {i for h in model_persons for i in range(h.start, h.end)}
        trigger_hits = [t for t in trigger_hits if named.isdisjoint(range(t.start, t.end))]
    blocking = hits + [Hit(t.start, t.end, "TRIGGER", None) for t in trigger_hits] + model_persons
    name_like = name_words(texts, norms)
    first = person_hits(texts, norms, blocking, set(), name_like) + model_persons
    # later mentions by surname ("حموشي") or the full name again
    known = {norms[h.end - 1] for h in first + [h for h in hits if h.label == "PER"] if h.end - h.start >= 2}
    # "وأضاف ليون": a person's surname that is also a town's name is the person again, unless it is
    # introduced as a place ("في ليون", "بليون")
    surname_towns = {id(h) for h in hits if h.label == "PLACE" and h.end - h.start == 1 and norms[h.start] in known
                     and not _as_place(h, norms) and all(f.start != h.start for f in first)}
    if surname_towns:
        hits = [h for h in hits if id(h) not in surname_towns]
        blocking = [h for h in blocking if id(h) not in surname_towns]
    persons = person_hits(texts, norms, blocking + first, known, name_like) + first
    hits, persons = family_nisbas(hits, persons, norms, texts)
    all_hits = sorted(hits + persons, key=lambda h: h.start)
    doc._.hits = all_hits
    doc._.trigger_hits = trigger_hits
    ents = [Span(doc, h.start, h.end, label=_SPACY_LABEL[h.label]) for h in all_hits if h.label in _SPACY_LABEL]
    doc.set_ents(ents, default="outside")
    return doc


@Language.component("marsad_actors")
def actors_component(doc: Doc) -> Doc:
    norms = doc._.norms
    texts = token_texts(doc)
    hits = list(doc._.hits)
    home = home_country(hits, doc._.site_country)
    doc._.home = home
    chains = chain_hits(hits, norms, texts, doc._.sentence_of, doc._.published)
    context = context_of(doc)
    parties = [resolve_party(chain, context, norms) for chain in chains]
    _titled_across_place(parties, norms)
    _state_where_it_serves(parties, norms)
    _members_of(parties, norms)
    _suspects_of_terror(parties, norms, doc._.sentence_of)
    _people_of_the_scene(parties, norms, doc._.sentence_of, home if home == doc._.site_country else None)
    _link_persons(parties, norms)
    _king_of_the_article(parties, norms)
    _titles_named_again(parties, norms)
    _secretary_general_of_the_body(parties)
    parties = _anaphora(parties, hits, norms, doc._.sentence_of)
    _counterpart_sectors(parties, doc._.sentence_of)
    parties = _with_unlisted_nouns(doc, parties, hits, context)
    restate(parties, hits, context, norms, doc._.sentence_of)
    doc._.parties = parties
    return doc


def _with_unlisted_nouns(doc: Doc, parties: list[Party], hits: list[Hit], context: Context) -> list[Party]:
    """The parties, and one more for each participant named by a common noun the knowledge lacks (unlisted_nouns).
    Looked for last, among the words no hit or party covers, as the models were trained: they add parties and
    change none."""
    covered = marked(len(doc), [(h.start, h.end) for h in hits] + [(p.start, p.end) for p in parties])
    triggers = marked(len(doc), [(t.start, t.end) for t in doc._.trigger_hits or []])
    extra = unlisted_noun_hits(doc._.norms, token_texts(doc), doc._.sentence_of, covered, triggers, token_clusters(doc))
    if not extra:
        return parties
    return sorted(parties + [resolve_party([h], context, doc._.norms) for h in extra], key=lambda p: p.start)


_ANAPHORA = word_list("chains.anaphora")
_OWN_COUNTRY = word_list("chains.own_country")
# honorific → itself and the offices it is used for (word list entries "جلالة:ملك")
_HONORIFIC_TITLES: dict[str, set[str]] = {}
for _pair in word_list("chains.honorific_titles"):
    _honorific, _title = _pair.split(":")
    _HONORIFIC_TITLES.setdefault(_honorific, {_honorific}).add(_title)


def _honorific_offices(norm: str) -> set[str]:
    """The honorific a pronoun form stands on and the offices it is used for ("جلالته": جلاله, ملك, عاهل …)."""
    honorific = honorific_of_pronoun(norm)
    return _HONORIFIC_TITLES.get(honorific, set()) if honorific else set()


# the clitics an antecedent may carry before its noun: "وزارة", "لوزارة", and the definite "المجلس الوطني"
_DEFINITE_CLITICS = {"ال", "وال", "بال", "فال", "لل", "ولل", "وبال"}
_ANTECEDENT_CLITICS = {"", "و", "ب", "ل", "ف", "وب", "ول", "فب"} | _DEFINITE_CLITICS


def _names_again(token: str, anaphor: str) -> bool:
    """Is `token` ("وزاره", "لوزاره", "وحركه", "المجلس") the noun the definite anaphor ("الوزاره") repeats?"""
    noun = anaphor[2:]
    return token.endswith(noun) and token[: len(token) - len(noun)] in _ANTECEDENT_CLITICS


@lru_cache(maxsize=100_000)
def _anaphor_noun(norm: str) -> str | None:
    """The definite head noun of the anaphora list a word is, behind its clitics ("وللجنة" → "اللجنة"), or None."""
    variants = prefix_variants(norm)
    found = next((v for v in variants if v in _ANAPHORA), None)
    if found is None and "لل" in norm[:4]:
        # "للجنة": لِ + اللجنة, written with one lam less
        found = next(("ال" + v for v in variants if "ال" + v in _ANAPHORA), None)
    return found


def _antecedent(earlier: list[Party], norms: list[str], i: int, anaphor: str, named_at: list[int]) -> Party | None:
    """The party the article last named with the anaphor's noun: an organisation the knowledge knows by it
    ("مجلس الأمن الدولي"); failing that, a body named by the noun and its state or holder ("الهيئة السعودية
    للمهندسين", "سفارة خادم الحرمين الشريفين", "قائد الفرقة 30"): the party over the noun or right after it.
    A known organisation goes first: a centre in Aden named after KSrelief does not make "المركز" Yemen's.
    `named_at`: the tokens that name the noun (_names_again), in order."""
    named = [p for p in earlier if any(h.label == "ORG" and _names_again(norms[h.start], anaphor) for h in p.hits)]
    if named:
        return named[-1]
    for j in reversed([j for j in named_at if j < i]):
        owner = next((p for p in earlier if p.start <= j < p.end), None)
        if owner is None:
            # the noun's owner right after it: its genitive after an indefinite noun ("سفارة خادم الحرمين"), or a
            # nisba after a definite one ("الهيئة السعودية"); not the object after a bare subject ("وطالبت اللجنة إسرائيل")
            after = next((p for p in earlier if p.start == j + 1), None)
            definite = norms[j][: len(norms[j]) - len(anaphor) + 2] in _DEFINITE_CLITICS
            if after is not None and (not definite or _adjective(after, norms)):
                owner = after
        if owner is not None and not owner.dual:
            return owner
    return None


def _adjective(party: Party, norms: list[str]) -> bool:
    """Does the party open with a nisba ("المصرية"; "السعودية", the feminine nisba the country's name is spelt as)?"""
    first = party.hits[0]
    return first.label == "NISBA" or first.label == "COUNTRY" and norms[first.start].endswith("يه")


def _anaphora(parties: list[Party], hits: list[Hit], norms: list[str], sentence_of: list[int]) -> list[Party]:
    """Participants named again without a name. "الوزارة", "الحركة" (a definite head noun alone, behind its clitics)
    is the organisation the article last named with that noun ("وزارة الداخلية البحرينية", "حركة طالبان");
    "بلاده" is the state of the official the sentence named before it. Both become participants of their own, as the
    named mention is."""
    covered = {i for h in hits for i in range(h.start, h.end)}
    found: list[Party] = []
    named_at: dict[str, list[int]] = {}  # anaphor → the tokens naming its noun
    for i, norm in enumerate(norms):
        if i in covered:
            continue
        honorific = honorific_pronoun(norm)
        anaphor = None if honorific or norm in _OWN_COUNTRY else _anaphor_noun(norm)
        if not (anaphor or norm in _OWN_COUNTRY or honorific):
            continue
        earlier = [p for p in parties if p.end <= i and p.identified and not p.place_only]
        if honorific:
            # "سموه", "لمعاليه": the last person the article named with a title or an honorific
            titled = [p for p in earlier if p.person and any(h.label in ("TITLE", "HONORIFIC") for h in p.hits)]
            # of those, the last named with this honorific or an office it stands for ("جلالته": the king,
            # not the emir named after him)
            own = _honorific_offices(norm)
            fitting = [p for p in titled if any(own & set(prefix_variants(n)) for n in norms[p.start:p.end])]
            if titled:
                p = (fitting or titled)[-1]
                found.append(Party(i, i + 1, [Hit(i, i + 1, "PER", None)], country=p.country, group=p.group,
                                   sector=p.sector, defaulted=p.defaulted, person=p.person))
            continue
        if norm in _OWN_COUNTRY:
            same = [p for p in earlier if sentence_of[p.start] == sentence_of[i] and p.country
                    and any(h.label in ("TITLE", "PER") for h in p.hits)]
            if same:
                p = same[-1]
                governing = next((q for q in parties if q.end == i and not q.place_only), None)
                if governing is not None and _stateless_office(governing):
                    # "سفير بلاده", "قوات بلاده": the office or body of his country, one participant
                    governing.end = i + 1
                    governing.hits = [*governing.hits, Hit(i, i + 1, "HOME", None)]
                    governing.country, governing.group, governing.defaulted = p.country, None, False
                else:
                    found.append(Party(i, i + 1, [Hit(i, i + 1, "HOME", None)], country=p.country, sector="GOV"))
            continue
        following = next((p for p in parties if p.start == i + 1), None)
        if following is not None and _adjective(following, norms):
            continue  # "الإدارة المصرية": a body named with its state, not named again
        if anaphor not in named_at:
            named_at[anaphor] = [j for j, n in enumerate(norms) if _names_again(n, anaphor)]
        p = _antecedent(earlier, norms, i, anaphor, named_at[anaphor])
        if p is not None:
            org = next((h for h in p.hits if h.label == "ORG" and _names_again(norms[h.start], anaphor)), None)
            entry = org.entry if org is not None else None
            found.append(Party(i, i + 1, [Hit(i, i + 1, "ORG", entry)], country=p.country, group=p.group,
                               sector=entry.sector if entry and entry.sector else p.sector, defaulted=p.defaulted))
    return sorted(parties + found, key=lambda p: p.start) if found else parties


def _stateless_office(p: Party) -> bool:
    """An office or body named with no state of its own ("سفير", "وزير خارجية", "قوات"): "بلاده" after it names it."""
    labels = {h.label for h in p.hits}
    return bool(labels & {"TITLE", "ORG"}) and not labels & {"COUNTRY", "NISBA", "CAPITAL", "PLACE", "HOME", "PER"}


def _bare_definite_title(p: Party, norms: list[str]) -> str | None:
    """The title noun ("وزير") of a party that is one definite title word alone ("الوزير", "وقال السفير"), or None."""
    if len(p.hits) != 1 or p.hits[0].label != "TITLE" or p.end - p.start != 1:
        return None
    definite = [v for v in prefix_variants(norms[p.start]) if v.startswith("ال") and len(v) > 4]
    return definite[-1][2:] if definite else None


def _titles_named_again(parties: list[Party], norms: list[str]) -> None:
    """"وقال الوزير" after "وزير الخارجية المصري سامح شكري": a definite title alone, of no stated state, is the
    official the article last named with that title, and takes his state or group (issue 11: a later mention by a
    pronoun-free title). The antecedent must be identified by its own words, not by the article's home."""
    for k, p in enumerate(parties):
        if p.country or p.group:
            continue
        noun = _bare_definite_title(p, norms)
        if noun is None:
            continue
        for q in reversed(parties[:k]):
            if q.place_only or not q.identified or q.defaulted:
                continue
            # the title among the antecedent's words: its own title, or inside a known name ("البابا بنديكت")
            words = [norms[h.start] for h in q.hits if h.label == "TITLE"] + [
                norms[i] for h in q.hits if h.label == "PER" and h.entry is not None for i in range(h.start, h.end)]
            if any(noun in variants or "ال" + noun in variants for variants in map(prefix_variants, words)):
                p.country, p.group = q.country, q.group
                p.sector = p.sector or q.sector
                break


def _secretary_general_of_the_body(parties: list[Party]) -> None:
    """"وقال الأمين العام" alone, in a story about the Gulf Cooperation Council, is the council's secretary-general, not
    an official of the state the article is about: an international body the article names, the last before him or
    else the first after (in the gold, the 13 bare secretaries-general are all an organisation's)."""
    bodies = [q for q in parties if q.group and not q.country and q.sector == "IGO"]
    for p in parties:
        if not p.defaulted or not p.hits or any(h.label != "TITLE" or not h.entry or h.entry.name != "secretary-general"
                                                for h in p.hits):
            continue
        before = [q for q in bodies if q.start < p.start]
        body = before[-1] if before else next((q for q in bodies if q.start > p.start), None)
        if body is not None:
            p.country, p.group, p.sector, p.defaulted = None, body.group, p.sector or body.sector, False


def _counterpart_sectors(parties: list[Party], sentence_of: list[int]) -> None:
    """"نظيره العماني": the counterpart holds the same office as the official named before him."""
    for i, p in enumerate(parties):
        if p.sector is not None or not any(h.label == "TITLE" and h.entry and h.entry.kind == "counterpart" for h in p.hits):
            continue
        earlier = [q for q in parties[:i] if sentence_of[q.start] == sentence_of[p.start] and q.sector
                   and any(h.label == "TITLE" for h in q.hits)]
        if earlier:
            p.sector = earlier[-1].sector


def _titled_across_place(parties: list[Party], norms: list[str]) -> None:
    """"السفير العماني في المملكة هلال البوسعيدي": the name after the place where an official serves is that
    official's (the place broke the chain: it is where, not whose)."""
    for k in range(2, len(parties)):
        r, q, p = parties[k - 2], parties[k - 1], parties[k]
        accredited = q.start > 0 and norms[q.start - 1] in ACCREDITED_TO  # "… لدى الأمم المتحدة السفير عبدالله المعلمي"
        names = {"PER", "HONORIFIC", "TITLE"} if accredited else {"PER", "HONORIFIC"}
        if not ({h.label for h in p.hits} <= names and (p.defaulted or not p.identified)):
            continue
        if q.end != p.start or q.start < 1 or r.end != q.start - 1 \
                or not (accredited or q.place_only and norms[q.start - 1] in _PLACE_WORDS):
            continue
        if r.identified and any(h.label == "TITLE" for h in r.hits) and not any(h.label == "PER" for h in r.hits):
            p.country, p.group, p.sector, p.defaulted = r.country, r.group, p.sector or r.sector, r.defaulted


def _state_where_it_serves(parties: list[Party], norms: list[str]) -> None:
    """"وزارة الدفاع … في اليمن", "قوات الأمن في تركيا", "الجيش في عدن": an office or force that names no state,
    followed by "في" or بـ and a state or one of its places (after at most one adjective of its own: "المحكمة الكلية
    بالكويت"), is that state's — not the article's home state, which it would default to. So are unnamed officials
    left with no state ("كبار المسؤولين في مملكة البحرين", "المسؤولين العسكريين في طرابلس")."""
    for p, q in zip(parties, parties[1:], strict=False):
        stateless = p.country is None and {h.label for h in p.hits} == {"TITLE"}  # not a named foreign visitor
        if not (p.defaulted or stateless) or p.group or not _place_follows(p, q, norms):
            continue
        if q.country and {h.label for h in q.hits} <= {"COUNTRY", "CAPITAL", "PLACE"}:
            p.country, p.defaulted = q.country, False


_NOT_ADJECTIVES = frozenset({"اليوم", "الان", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد"})


def _place_follows(p: Party, q: Party, norms: list[str]) -> bool:
    """q is where p serves: "… في اليمن", "… بالكويت", after at most one adjective of p ("المحكمة الكلية بالكويت")."""
    end = p.end
    if q.start > end and norms[end].startswith("ال") and norms[end] not in _NOT_ADJECTIVES:
        end += 1
    if q.start == end + 1 and norms[end] == "في":
        return q.place_only
    return q.start == end and bool(q.hits) and q.hits[0].clitic.endswith("ب")


_ARMED_GENERIC = frozenset({"TER", "REB", "CRM"})


def _members_of(parties: list[Party], norms: list[str]) -> None:
    """"مسلحين من تنظيم داعش", "مقاتلون من جبهة النصرة": gunmen named by a common noun, then "من" and an
    organisation, are that organisation's members — not generic militants of the article's state."""
    for p, q in zip(parties, parties[1:], strict=False):
        if p.group not in _ARMED_GENERIC or not _member_link(norms[p.end:q.start], q):
            continue
        if {h.label for h in p.hits} == {"GENERIC"} and q.group and q.group not in _GENERIC_IDS:
            p.group, p.country, p.defaulted = q.group, q.country, q.defaulted
            if p.sector == "CRM":  # "الموقوف الرابع من خلية داعش": a member held, not a common criminal
                p.sector = q.sector


_BELONGING = word_list("chains.belonging")


def _member_link(gap: list[str], q: Party) -> bool:
    """The words between a common noun and an organisation say the noun's people are its members: "من" ("مسلحين
    من تنظيم داعش", also with the name in brackets or quotes), or a word of belonging before لـ ("خلايا إرهابية
    تابعة لداعش", "انتحاري يشتبه بانتمائه لـ«داعش»")."""
    words = [w for w in gap if any(ch.isalpha() for ch in w)]
    if words == ["من"]:
        return True
    return bool(words) and words[-1] in _BELONGING and len(words) <= 2 and bool(q.hits) and q.hits[0].clitic.endswith("ل")


def _suspects_of_terror(parties: list[Party], norms: list[str], sentence_of: list[int]) -> None:
    """Suspects, defendants or culprits named by a common noun (CRM) in a sentence about terrorism ("المتهمين
    في تفجير مسجد الإمام الصادق", "القبض على مشتبه به في الهجوم الإرهابي") are an unnamed terrorist cell (TER):
    in the gold, such participants are TER 69 times and CRM 20; without such a word CRM 115 and TER 30."""
    if not any(p.group == "CRM" for p in parties):
        return
    cued = {sentence_of[i] for i, n in enumerate(norms) if about_terrorism(n)}
    for p in parties:
        if p.group == "CRM" and sentence_of[p.start] in cued and {h.label for h in p.hits} <= {"GENERIC", "NISBA", "COUNTRY"}:
            p.group, p.sector = "TER", "TER"


_SCENE_GROUPS = frozenset({"TER", "REB", "CRM", "CIV"})
_CITIZENS = word_list("chains.citizens")


def _people_of_the_scene(parties: list[Party], norms: list[str], sentence_of: list[int], home: str | None) -> None:
    """Gunmen, militants, civilians named by a common noun ("ثلاثة من المسلحين", "المدنيين") in a sentence whose
    places all lie in one state other than the outlet's are that state's people, not the home state's they
    defaulted to: a Saudi paper's report of a battle in Taiz. Not its citizens (chains.citizens): a national
    paper's "مواطن" is its own national, wherever he is. `home`: the outlet's state when the article's home is the
    outlet's (a home the story chose is the story's own state already; with such homes too, 10 participants broke,
    PKK fighters in Turkish stories become Iraq's), else None. Session 58, over every annotated set: 16 participants
    fixed, 1 broken (0.8803 → 0.8808); CV with session 54's fold models 0.6132 → 0.6143. Counting only places named
    as places (not "بمنطقة عسير" inside a body's name) measured 18 and none, but on 3,000 corpus articles made the
    Asir mosque bombers Jordan's, Pakistan's and Malaysia's in condemnations voiced abroad."""
    if home is None:
        return
    # the states of the sentence's places: a place named as a place ("في الأردن"), or a city or region inside any
    # party ("مسجد قوات الطوارئ بمنطقة عسير"); not a state acting in a party ("لتحالف تقوده السعودية")
    scene: dict[int, set[str]] = {}
    for q in parties:
        for h in q.hits:
            if h.entry and h.entry.country and (h.label in ("PLACE", "CAPITAL") or q.place_only and h.label == "COUNTRY"):
                scene.setdefault(sentence_of[h.start], set()).add(h.entry.country)
    for p in parties:
        states = scene.get(sentence_of[p.start])
        if not (p.defaulted and p.country == home and p.group in _SCENE_GROUPS and states and len(states) == 1):
            continue
        first = norms[p.start]
        if {h.label for h in p.hits} <= {"GENERIC"} and home not in states and not {first, first[1:]} & _CITIZENS:
            p.country = next(iter(states))


def _link_persons(parties: list[Party], norms: list[str]) -> None:
    """A later, shorter mention ("حموشي") takes the affiliation of the first full mention. A bare surname takes
    that of the fullest mention of a man of that name, before or after it: a lead written like a headline names
    him first ("المالكي بلندن … رئيس الوزراء العراقي نوري المالكي"), and where he is says nothing of whose he is."""
    first: dict[str, Party] = {}
    fullest: dict[str, Party] = {}
    for p in parties:
        if not p.person:
            continue
        surname = normalize(p.person.split()[-1])
        first.setdefault(surname, p)
        if p.identified and not p.defaulted and (surname not in fullest or _fuller(p, fullest[surname])):
            fullest[surname] = p
    for p in parties:
        if not p.person:
            continue
        surname = normalize(p.person.split()[-1])
        earlier, full = first[surname], fullest.get(surname)
        if full is not None and full is not p and _bare_surname(p) and _fuller(full, p):
            source = full
        elif earlier is not p and (p.defaulted or not p.identified) and earlier.identified:
            source = earlier
        else:
            continue
        p.country, p.group, p.defaulted = source.country, source.group, source.defaulted
        p.sector = p.sector or source.sector
        p.person = source.person


def _king_of_the_article(parties: list[Party], norms: list[str]) -> None:
    """"جلالة الملك" left with a state that has no king (a wire story about Palestine) is the king the article
    names in full ("جلالة الملك عبدالله الثاني"): the first monarch it names whom the knowledge knows."""
    def royal(p: Party) -> bool:
        return _royal_title(next((h for h in p.hits if h.label == "TITLE"), None), norms)

    king = next((p for p in parties if royal(p) and not p.defaulted and p.country in _MONARCHIES
                 and any(h.label == "PER" and h.entry is not None for h in p.hits)), None)
    if king is None:
        return
    for p in parties:
        if p.defaulted and p.country not in _MONARCHIES and royal(p):
            p.country, p.group, p.defaulted = king.country, None, False


def _bare_surname(p: Party) -> bool:
    """A person named by one word the knowledge does not know, with no title or state of its own."""
    return len(p.person.split()) == 1 and all(h.label in ("PER", "HONORIFIC") and h.entry is None for h in p.hits)


def _fuller(p: Party, than: Party) -> bool:
    """Does p name its person more fully than `than`? A person the knowledge knows outranks a name of several
    words, which outranks a single word."""
    def weight(q: Party) -> int:
        person = next((h for h in q.hits if h.label == "PER"), None)
        return 2 if person is not None and person.entry is not None else 1 if len(q.person.split()) > 1 else 0
    return weight(p) > weight(than)


@Language.component("marsad_dates")
def dates_component(doc: Doc) -> Doc:
    doc._.dates = find_dates(doc_text(doc), doc._.published)
    return doc


PIPELINE = ["marsad_norms", "marsad_sentences", "marsad_ner", "marsad_entities", "marsad_actors", "marsad_dates", "marsad_events"]


# The event coder a bare build_nlp() configures: "hybrid" (learned stages plus the rules' confident drafts),
# which measures best on unseen news while keeping the seed article's events; `marsad extract --coder`
# sets another per run.
_coder_choice = {"coder": "hybrid", "model": None}
_CODERS = ("hybrid", "rules", "learned")


def use_coder(coder: str, model: str | None = None) -> None:
    """Choose the event coder of every pipeline built from now on in this process (and its forked workers)."""
    if coder not in _CODERS:
        raise ValueError(f"coder must be one of {', '.join(_CODERS)}, not {coder!r}")
    _coder_choice.update(coder=coder, model=model)


def build_nlp(coder: str | None = None, model: str | None = None) -> Language:
    """The pipeline; MARSAD_NER=off leaves the trained NER out (to compare with and without it).
    `coder` and `model` configure marsad_events (rules | learned, and the learned model's directory);
    by default, the choice made with use_coder()."""
    return _build_nlp(coder or _coder_choice["coder"], model or _coder_choice["model"])


@lru_cache(maxsize=4)
def _build_nlp(coder: str, model: str | None) -> Language:
    import marsad.events.component  # noqa: F401 - registers marsad_events (events depend on nlp, not the reverse)

    nlp = spacy.blank("ar")
    split_glued_punctuation(nlp)
    for name in PIPELINE:
        if name == "marsad_ner" and os.environ.get("MARSAD_NER", "on") == "off":
            continue
        config = {"coder": coder, "model": model} if name == "marsad_events" else {}
        nlp.add_pipe(name, config=config)
    load_knowledge()  # load once here, not on the first document
    return nlp


_SPACE_LIKE = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "))


def analyze(text: str, published: str | None = None, site_country: str | None = None, title: str | None = None,
            nlp: Language | None = None) -> Doc:
    nlp = nlp or build_nlp()
    # a no-break or thin space would be a token of its own and split names and phrases ("جون\xa0كيري");
    # one character for one keeps every offset
    doc = nlp.make_doc(text.translate(_SPACE_LIKE))
    doc.user_data["marsad_text"] = text
    doc.user_data["marsad_title"] = title or ""
    doc._.published = published
    doc._.site_country = site_country
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
