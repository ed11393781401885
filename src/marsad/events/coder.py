"""Code events from triggers and participants, sentence by sentence.

For each trigger the coder finds the subject and the object the Arabic way: a participant right
after a verb is its subject (VSO), otherwise the nearest participant before it (SVO); a
participant right after a verbal noun is its genitive (agent or patient, per lexicon); the
object is the first later participant, preferring the one introduced by the trigger's
preposition (مع، على، إلى …), with coordinated participants ("قطر والسعودية") giving one event
each. The frame then maps subject/object to actor/recipient: a host (استقبل) is the recipient
and the guest the actor. Announced meetings become AGREE with future=true, as EVENTS.md says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from marsad.arabic.normalize import normalize
from marsad.knowledge.base import Trigger
from marsad.nlp.participants import Party

_PREPOSITION_WORDS = {"مع", "على", "الى", "إلى", "من", "عن", "في", "ب", "ل", "لدى", "لدي", "بين", "حول"}
_NEGATORS = {"لم", "لن", "لا", "ما", "ليس", "غير", "عدم", "دون"}
_FUTURE_WORDS = {"المقبل", "المقبله", "القادم", "القادمه", "المرتقب", "المرتقبه", "غدا", "سوف", "يعتزم", "تعتزم",
                 "المقرر", "مقرر", "المزمع", "ستعقد", "سيعقد", "سيتم"}
_PLACE_PREPOSITIONS = {"في", "ب", "الى", "بمدينه", "بمقر", "داخل"}
# A verbal noun after these names a goal or a topic, not an event: "لتعزيز التعاون", "سبل التعاون".
_PURPOSE_WORDS = {"تعزيز", "لتعزيز", "تعميق", "لتعميق", "تطوير", "لتطوير", "سبل", "اهميه", "اطار", "مجال", "مجالات",
                  "بهدف", "دعم", "لدعم", "تفعيل", "توسيع", "مواصله", "ضروره", "قضايا", "موضوع", "مكافحه", "لمكافحه",
                  "مواجهه", "تكثيف", "افاق", "مستوي", "وسبل", "وتعزيز"}
_MAX_SUBJECT_DISTANCE = 20
_PREPOSITION_WORDS = {normalize(w) for w in _PREPOSITION_WORDS}
_NEGATORS = {normalize(w) for w in _NEGATORS}
_FUTURE_WORDS = {normalize(w) for w in _FUTURE_WORDS}
_PURPOSE_WORDS = {normalize(w) for w in _PURPOSE_WORDS}
_TERROR_CUES = re.compile(r"انتحاري|ناسف|ارهاب|مفخخ|داعش")
# Verbal nouns (masdar) by shape: used to tell a nominal trigger from a verb in the lexicon's x rows.
_MASDAR = re.compile(r"^(ال)?(ا\w{2,}ا\w|ت\w{2,}ي\w|\w+ه|\w+ات|\w{2,}ا\w)$")


@dataclass
class TriggerHit:
    start: int
    end: int
    trigger: Trigger
    text_norm: str


@dataclass
class Draft:
    """An event before it becomes a record: token-level, with parties."""

    trigger: TriggerHit
    sentence: int
    actor: Party | None
    recipient: Party | None
    type: str
    mode: str | None
    future: bool
    negated: bool
    confidence: float


def is_nominal(hit: TriggerHit) -> bool:
    if hit.trigger.pos == "n":
        return True
    if hit.trigger.pos in ("v", "vp"):
        return False
    head = hit.text_norm.split()[0]
    if head.startswith("ال") or head[1:3] == "ال" or head[1:3] == "لل":
        return True
    for prefix in ("و", "ف", "ب", "ل"):
        if head.startswith(prefix + "ال") or head.startswith(prefix + "ا") and len(head) > 5:
            head = head[1:]
            break
    return bool(_MASDAR.match(head)) and not head.startswith(("س", "ي"))


class SentenceView:
    """Token-level facts about one sentence that role assignment reads."""

    def __init__(self, norms: Sequence[str], start: int, end: int, parties: list[Party]):
        self.norms = norms
        self.start = start
        self.end = end
        self.parties = [p for p in parties if start <= p.start < end and not p.place_only]

    def gap(self, a: int, b: int) -> list[str]:
        return list(self.norms[a:b])

    def introduced_by(self, party: Party) -> str:
        """The preposition in front of a party: its own clitic (ب ل) or the word before it."""
        if party.first_clitic:
            last = party.first_clitic[-1] if party.first_clitic[-1] in "بل" else ""
            if last:
                return last
        prev = self.norms[party.start - 1] if party.start > self.start else ""
        return prev if prev in _PREPOSITION_WORDS else ""


def _coordinated(view: SentenceView, first: Party) -> list[Party]:
    """`first` and the participants joined to it by و ("قطر والسعودية")."""
    out = [first]
    later = [p for p in view.parties if p.start >= first.end]
    for p in later:
        gap = view.gap(out[-1].end, p.start)
        if len(gap) <= 4 and p.first_clitic.startswith("و") and not any(t in (".", ":", "؛") for t in gap):
            out.append(p)
        elif len(gap) <= 3 and gap and gap[0] in ("و",):
            out.append(p)
        else:
            break
    return out


def _subject(view: SentenceView, hit: TriggerHit, nominal: bool) -> tuple[Party | None, bool]:
    """(subject, whether it follows the trigger)."""
    after = [p for p in view.parties if p.start >= hit.end]
    before = [p for p in view.parties if p.end <= hit.start]
    if after:
        first = after[0]
        gap = view.gap(hit.end, first.start)
        direct = len(gap) <= 2 and not any(t in _PREPOSITION_WORDS for t in gap) and not view.introduced_by(first)
        if direct and (not nominal or hit.trigger.genitive == "agent"):
            return first, True
    if before and hit.start - before[-1].end <= _MAX_SUBJECT_DISTANCE:
        return before[-1], False
    return None, False


def _object(view: SentenceView, hit: TriggerHit, subject: Party | None, nominal: bool) -> Party | None:
    after = [p for p in view.parties if p.start >= hit.end and p is not subject and (not subject or p.start >= subject.end or p.end <= subject.start)]
    after = [p for p in after if p.start - hit.end <= 25]
    if not after:
        return None
    preps = hit.trigger.preps
    if preps:
        for p in after:
            if view.introduced_by(p) in preps:
                return p
    first = after[0]
    if nominal and hit.trigger.genitive == "patient":
        return first
    return first


def _anaphoric(view: SentenceView, hit: TriggerHit) -> bool:
    """"المباحثات", "الزيارة": a definite verbal noun with no participant of its own refers back to an
    event the article already reported; coding it again only guesses its parties."""
    head = hit.text_norm.split()[0]
    if not (head.startswith("ال") or head[1:3] == "ال") or len(hit.text_norm.split()) > 1:
        return False
    nxt = next((p for p in view.parties if p.start >= hit.end), None)
    return not (nxt and nxt.start - hit.end <= 1)


def _negated(view: SentenceView, hit: TriggerHit) -> bool:
    window = view.gap(max(view.start, hit.start - 3), hit.start)
    return any(t in _NEGATORS for t in window)


def _future(view: SentenceView, hit: TriggerHit) -> bool:
    if hit.trigger.future_form:
        return True
    window = view.gap(max(view.start, hit.start - 6), min(view.end, hit.end + 12))
    if any(t in _FUTURE_WORDS or t.lstrip("و") in _FUTURE_WORDS for t in window):
        return True
    # a سـ-prefixed present verb near the trigger: "سيلتقي", "وسيبحث", "سيُعقد"
    return any(re.match(r"^[وف]?س[يت]\w{2,}", t) for t in view.gap(max(view.start, hit.start - 2), hit.start + 1))


def code_sentence(view: SentenceView, triggers: list[TriggerHit], sentence_index: int,
                  previous: list[Draft], norms: Sequence[str]) -> list[Draft]:
    drafts: list[Draft] = []
    sentence_text = " ".join(view.norms[view.start:view.end])
    for hit in triggers:
        trig = hit.trigger
        nominal = is_nominal(hit)
        if nominal and any(t in _PURPOSE_WORDS for t in view.gap(max(view.start, hit.start - 2), hit.start)):
            continue
        if nominal and _anaphoric(view, hit):
            continue
        subject, subject_after = _subject(view, hit, nominal)
        confidence = 0.8
        if subject is None and not nominal and hit.start - view.start <= 2 and previous:
            subject = previous[-1].actor  # pro-drop: "وطالبا ..." continues the last subject
            confidence -= 0.15
        obj = _object(view, hit, subject, nominal)
        if nominal and trig.genitive == "patient" and subject is not None and obj is subject:
            subject = None
        if subject is None and obj is None:
            continue
        objects = _coordinated(view, obj) if obj else [None]
        etype, mode = trig.type, trig.mode
        future = _future(view, hit)
        negated = _negated(view, hit)
        if future and etype in ("CONSULT", "COOPERATE"):
            etype, mode = "AGREE", None
        for o in objects:
            if trig.frame in ("host", "receive"):
                actor, recipient = o, subject
            elif trig.frame == "self":
                actor, recipient = subject, None
            else:
                actor, recipient = subject, o
            if actor is None and etype == "ASSAULT" and _TERROR_CUES.search(sentence_text):
                actor = Party(hit.start, hit.start, [], group="TER", sector="TER")
            if recipient is not None and etype == "COERCE" and not recipient.group and not recipient.sector:
                recipient = replace(recipient, group="CRM", sector="CRM")
            actors: list[Party | None] = [actor]
            if actor is not None and actor.dual:
                # "الطرفان/الجانبان": the two parties of the last two-party event
                pair = _last_pair([*previous, *drafts])
                actors = list(pair) if pair else [None]
            for a in actors:
                d = Draft(hit, sentence_index, a, recipient, etype, mode, future, negated, confidence)
                if _valid(d):
                    drafts.append(d)
    return drafts


def _valid(d: Draft) -> bool:
    a, r = d.actor, d.recipient
    if a is not None and r is not None and (a is r or (not a.country and not r.country and a.group == r.group)):
        return False  # one party, or one organisation on both sides
    if d.type in ("CONSULT", "AGREE", "COOPERATE"):
        if not (a and r and a.identified and r.identified):
            return False
        bare = {"COUNTRY", "HOME", "CAPITAL", "NISBA"}
        # a state does not meet itself: "المملكة … المغرب" are one party
        return not (a.country == r.country and {h.label for h in a.hits} <= bare and {h.label for h in r.hits} <= bare)
    if d.type in ("COERCE", "ASSAULT"):
        return bool((a and a.identified) or (r and r.identified))
    if d.type in ("AID", "SANCTION"):
        return bool(a and a.country)
    return bool(a and a.identified)


def _last_pair(drafts: Sequence[Draft]) -> tuple[Party, Party] | None:
    for d in reversed(drafts):
        if d.actor and d.recipient and d.actor.identified and d.recipient.identified:
            return d.actor, d.recipient
    return None
