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

from marsad.knowledge.word_lists import word_list
from marsad.nlp.participants import Party
from marsad.nlp.trigger_hits import TriggerHit
from marsad.schema import Place

_PREPOSITION_WORDS = word_list("coder.prepositions")
_COMPLEMENT_WORDS = word_list("coder.complement_prepositions")
_COMPLEMENTIZERS = word_list("coder.complementizers")
_HOST_CUES = word_list("coder.host_cues")
_PASSIVE_AUX = word_list("coder.passive_auxiliaries")
_NEGATORS = word_list("coder.negators")
_NOT_NEGATING_AFTER_LA = word_list("coder.not_negating_after_la")
_HYPOTHETICAL = word_list("coder.hypothetical")
_FUTURE_WORDS = word_list("coder.future")
_SIN_NOUNS = tuple(sorted(word_list("coder.sin_nouns")))
_PLACE_PREPOSITIONS = word_list("coder.place_prepositions")
# A verbal noun after these names a goal or a topic, not an event: "لتعزيز التعاون", "سبل التعاون".
_PURPOSE_WORDS = word_list("coder.purpose")
_MAX_SUBJECT_DISTANCE = 20
_STATEMENT_TYPES = {"REJECT", "ACCUSE", "REQUEST", "SUPPORT", "THREATEN", "SANCTION"}
_GENERIC_GROUPS = {"CIV", "CRM"}
_TERROR_CUES = re.compile(r"انتحاري|ناسف|ارهاب|مفخخ|داعش")


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
    # set by a learned place stage (learned/places.py); else records picks the place by rule
    place: Place | None = None
    place_chosen: bool = False
    # the learned trigger stage's probability that an event is stated here (the plausibility stage reads it)
    p_type: float | None = None
    # the dyad stage's second choice for its trigger (learned/model.RUNNER_UP_DYAD_MIN), not its first
    runner_up: bool = False


def is_nominal(hit: TriggerHit, before: str = "") -> bool:
    """A verbal noun rather than a verb: by lexicon row, by the article, or after a preposition."""
    if hit.trigger.pos == "n":
        return True
    if hit.trigger.pos in ("v", "vp"):
        return False
    if any(c in "بل" for c in hit.clitic) or before in _PREPOSITION_WORDS:
        return True  # "من ضبط", "بقتلها"
    head = hit.text_norm.split()[0]
    return head.startswith("ال") or head[1:3] in ("ال", "لل")


class SentenceView:
    """Token-level facts about one sentence that role assignment reads."""

    def __init__(self, norms: Sequence[str], start: int, end: int, parties: list[Party]):
        self.norms = norms
        self.start = start
        self.end = end
        self.parties = [p for p in parties if start <= p.start < end and not p.place_only]

    def gap(self, a: int, b: int) -> list[str]:
        return list(self.norms[max(a, self.start):min(b, self.end)])

    def word_before(self, i: int) -> str:
        return self.norms[i - 1] if i > self.start else ""

    def introduced_by(self, party: Party) -> str:
        """The preposition in front of a party: its own clitic (ب ل) or the word before it."""
        if party.first_clitic and party.first_clitic[-1] in "بل":
            return party.first_clitic[-1]
        prev = self.word_before(party.start)
        if prev in _PREPOSITION_WORDS:
            return prev
        if party.first_clitic.startswith("و"):  # "في سوريا والعراق": the preposition covers both
            earlier = [p for p in self.parties if p.end <= party.start]
            if earlier and party.start - earlier[-1].end <= 1:
                return self.introduced_by(earlier[-1])
        return ""


def _coordinated(view: SentenceView, first: Party) -> list[Party]:
    """`first` and the participants joined to it by و ("قطر والسعودية", "داعش وحزب الله … والإيراني")."""
    out = [first]
    for p in (p for p in view.parties if p.start >= first.end):
        gap = view.gap(out[-1].end, p.start)
        joined = p.first_clitic.startswith("و") or (gap and any(t.startswith("و") for t in gap))
        if joined and len(gap) <= 5 and not any(t in (".", ":", ";", ",", "،") or t in _PREPOSITION_WORDS for t in gap):
            out.append(p)
        else:
            break
    return out


def _partner_before(view: SentenceView, party: Party) -> Party | None:
    """"X و Y": the X coordinated with Y, when Y is `party`."""
    if not party.first_clitic.startswith("و"):
        return None
    earlier = [p for p in view.parties if p.end <= party.start]
    if earlier and party.start - earlier[-1].end <= 2:
        return earlier[-1]
    return None


def _subjects(view: SentenceView, hit: TriggerHit, nominal: bool) -> tuple[list[Party], bool]:
    """(subjects, whether they follow the trigger)."""
    after = [p for p in view.parties if p.start >= hit.end]
    before = [p for p in view.parties if p.end <= hit.start and view.introduced_by(p) in ("", "بين")]
    adjacent_before = not nominal and before and all(t in _COMPLEMENTIZERS for t in view.gap(before[-1].end, hit.start))
    if after and not adjacent_before and not hit.trigger.dual_or_plural:
        first = after[0]
        gap = view.gap(hit.end, first.start)
        direct = len(gap) <= 2 and not any(t in _PREPOSITION_WORDS for t in gap) and not view.introduced_by(first)
        if direct and (not nominal or (hit.trigger.genitive == "agent" and not hit.suffixed)):
            return _coordinated(view, first), True
    limit = _MAX_SUBJECT_DISTANCE // 2 if nominal else _MAX_SUBJECT_DISTANCE
    if before and hit.start - before[-1].end <= limit:
        return [before[-1]], False
    return [], False


def _object(view: SentenceView, hit: TriggerHit, after_index: int, nominal: bool) -> Party | None:
    limit = 8 if nominal else 15
    stop = min(view.end, after_index + limit + 1)
    party_starts = {p.start: p for p in view.parties}
    for i in range(after_index, stop - 1):
        nxt = view.norms[i + 1]
        starts_party = i + 1 in party_starts and not party_starts[i + 1].first_clitic.startswith("و")
        if view.norms[i] in (",", "،", ";") and nxt.startswith("و") and not starts_party and i > after_index:
            stop = i  # "، واعتبرت موسكو": a new clause with its own subject ("، وزير" is no clause)
            break
    after = [p for p in view.parties if after_index <= p.start < stop]
    if not after:
        return None
    preps = hit.trigger.preps
    if preps:
        for p in after:
            if view.introduced_by(p) in preps:
                return p
    return None if hit.trigger.prep_required else after[0]


def _definite_without_complement(view: SentenceView, hit: TriggerHit) -> bool:
    """"المباحثات", "الزيارة": a verbal noun with the article takes no genitive; without a complement
    (مع، على، إلى …) it refers back to an event the article already reported."""
    words = hit.text_norm.split()
    head = words[0]
    if len(words) > 1 or not (head.startswith("ال") or head[1:3] == "ال"):
        return False
    nxt = view.norms[hit.end] if hit.end < view.end else ""
    return nxt not in _COMPLEMENT_WORDS and nxt not in hit.trigger.preps


def _negated(view: SentenceView, hit: TriggerHit) -> bool:
    start = max(hit.start - 3, view.start)
    for i in range(start, hit.start):
        token = view.norms[i]
        if token not in _NEGATORS:
            continue
        following = view.norms[i + 1] if i + 1 < view.end else ""
        if token == "لا" and following in _NOT_NEGATING_AFTER_LA:
            continue  # "لا سيما", "لا تزال"
        return True
    return False


def _future(view: SentenceView, hit: TriggerHit) -> bool:
    if hit.trigger.future_form:
        return True
    window = view.gap(hit.start - 6, hit.end + 12)
    if any(t in _FUTURE_WORDS or t.lstrip("و") in _FUTURE_WORDS for t in window):
        return True
    # a سـ-prefixed present verb near the trigger: "سيلتقي", "وسيبحث", "سيُعقد"; never a participant's word
    # ("نائب وزير الخارجية فريدون سينيرلي … حيث التقى")
    named = {i for p in view.parties for i in range(p.start, p.end)}
    return any(_sin_verb(view.norms[i]) for i in range(max(hit.start - 4, view.start), min(hit.start + 1, view.end))
               if i not in named)


def _sin_verb(token: str) -> bool:
    """"سيلتقي", "وستعقد": سـ before a present verb. Not a noun or a past verb written so: "سيارة مفخخة",
    "سيطرت القوات", "سيادة الرئيس", "سيناء" (word list coder.sin_nouns, read as prefixes)."""
    if not re.match(r"^[وف]?س[يت]\w{2,}", token):
        return False
    bare = token[1:] if token[:1] in "وف" and token[1:2] == "س" else token
    return not (token.startswith(_SIN_NOUNS) or bare.startswith(_SIN_NOUNS))


def _carried_subject(view: SentenceView, hit: TriggerHit, nominal: bool, previous: list[Draft]) -> list[Party]:
    """Pro-drop: "وطالبا …", "أعربا عن تقديرهما": the subject is the last event's actor(s)."""
    if not previous or view.word_before(hit.start) in _PASSIVE_AUX:
        return []
    pronoun = hit.text_norm.endswith(("هما", "هم")) or hit.trigger.dual_or_plural
    sentence_initial = hit.start - view.start <= 2 and not nominal
    if not (pronoun or sentence_initial):
        return []
    last = previous[-1]
    actors = [d.actor for d in previous if d.trigger is last.trigger and d.actor is not None]
    unique: list[Party] = []
    for a in actors:
        if all(a is not u for u in unique):
            unique.append(a)
    return unique


def code_sentence(view: SentenceView, triggers: list[TriggerHit], sentence_index: int,
                  previous: list[Draft]) -> list[Draft]:
    drafts: list[Draft] = []
    sentence_text = " ".join(view.norms[view.start:view.end])
    coded_types: set[str] = set()
    for hit in triggers:
        trig = hit.trigger
        nominal = is_nominal(hit, view.word_before(hit.start))
        head = hit.text_norm.split()[0]
        if nominal and any(t in _PURPOSE_WORDS for t in view.gap(hit.start - 2, hit.start)):
            continue
        if nominal and (_definite_without_complement(view, hit) or trig.type in coded_types):
            continue
        if nominal and any(t.trigger.type in _STATEMENT_TYPES and 0 <= hit.start - t.end <= 5 for t in triggers if t is not hit):
            continue  # "نفت … أي اتهامات": what is rejected, not a second event
        if any(t in _HYPOTHETICAL for t in view.gap(hit.start - 5, hit.start)):
            continue  # "لو أراد الجيش أن يمنعهم": a condition, not an event
        if head.endswith("نا") and len(head) > 5:
            continue  # "استقبالنا": the speaker's own event, in quoted speech
        subjects, subject_after = _subjects(view, hit, nominal)
        if trig.type == "ASSAULT" and subject_after and subjects and not _armed(subjects[0]):
            # "قُتل مزارع يمني", "قتل ستة أشخاص": after the verb stands the victim (the passive reading)
            obj_first, subjects, subject_after = subjects[0], [], False
        else:
            obj_first = None
        confidence = 0.8
        if not subjects:
            subjects = _carried_subject(view, hit, nominal, [*previous, *drafts])
            confidence -= 0.15
        after_index = max([hit.end, *(s.end for s in subjects if subject_after)])
        obj = obj_first or _object(view, hit, after_index, nominal)
        if obj is not None and obj in subjects:
            obj = None
        if nominal and trig.genitive == "patient" and obj is None and subjects and subject_after:
            subjects, obj = [], subjects[0]
        etype, mode = trig.type, trig.mode
        if trig.frame == "meet" and obj is None and len(subjects) == 1:
            partner = _partner_before(view, subjects[0])
            if partner is not None:  # "أعلن كل من X و Y التوصل": X with Y
                subjects, obj = [partner], subjects[0]
        frame = trig.frame
        if frame == "meet" and any(t in _HOST_CUES for t in view.gap(hit.end, (obj.start if obj else hit.end + 12))):
            frame, mode = "host", "visit"  # "اجتمع A في مكتبه مع B": B visits A
        if not subjects and obj is None:
            continue
        # "للقبض على", "لاستضافة": lـ before a verbal noun states a purpose, an event not yet happened
        future = _future(view, hit) or (nominal and hit.clitic.endswith("ل"))
        negated = _negated(view, hit)
        if future and etype in ("CONSULT", "COOPERATE"):
            etype, mode = "AGREE", None
        objects = _coordinated(view, obj) if obj else [None]
        expanded: list[Party] = []
        for subject in subjects:
            if subject.dual:  # "الطرفان": the two parties of the last two-party event
                expanded.extend(_last_pair([*previous, *drafts]) or ())
            else:
                expanded.append(subject)
        for subject in expanded or [None]:
            for o in objects:
                actors, recipient = _roles(frame, subject, o)
                if recipient is not None and etype == "COERCE" and not recipient.group and not recipient.sector:
                    recipient = replace(recipient, group="CRM", sector="CRM")
                for actor in actors:
                    if etype == "ASSAULT" and actor is not None and actor.group == "CIV" and recipient is None:
                        actor, recipient = None, actor  # "قتل ستة أشخاص": the passive names the victims
                    if etype == "ASSAULT" and actor is None and recipient is not None and recipient.group in _ARMED_GROUPS:
                        actor, recipient = recipient, None  # "بهجمات تشنها حركة الشباب": the group attacks
                    if (actor is None and etype == "ASSAULT" and _TERROR_CUES.search(sentence_text)
                            and not (recipient is not None and recipient.group in _ARMED_GROUPS)):
                        actor = Party(hit.start, hit.start, [], group="TER", sector="TER")
                    d = Draft(hit, sentence_index, actor, recipient, etype, mode, future, negated, confidence)
                    if _valid(d):
                        drafts.append(d)
                        coded_types.add(trig.type)
    return drafts


_ARMED_SECTORS = {"MIL", "TER", "REB", "COP"}


_ARMED_GROUPS = {"TER", "ISIS", "ALQAEDA", "AQAP", "HOUTHI", "HEZBOLLAH", "ALSHABAAB", "BOKOHARAM", "TALIBAN", "HTS",
                 "AQIM", "HAMAS", "PIJ", "PKK", "POLISARIO"}


def _armed(party: Party) -> bool:
    return party.sector in _ARMED_SECTORS or party.group in _ARMED_GROUPS


def _roles(frame: str, subject: Party | None, obj: Party | None) -> tuple[list[Party | None], Party | None]:
    if frame in ("host", "receive"):
        actor, recipient = obj, subject
    elif frame == "self":
        actor, recipient = subject, None
    else:
        actor, recipient = subject, obj
    return [actor], recipient


def _acts_for_state(group: str) -> bool:
    from marsad.knowledge.base import load_knowledge

    g = load_knowledge().groups.get(group)
    return bool(g and g.state)


def _valid(d: Draft) -> bool:
    a, r = d.actor, d.recipient
    if a is not None and r is not None and (a is r or (a.group == r.group and (
            not a.country and not r.country or a.group is not None and a.country == r.country))):
        return False  # one party, or one organisation on both sides (its state, if any, the group's own)
    if d.type in ("CONSULT", "AGREE", "COOPERATE"):
        if not (a and r and a.firmly_identified and r.firmly_identified):
            return False
        if a.group in _GENERIC_GROUPS or r.group in _GENERIC_GROUPS or a.group == "TER" or r.group == "TER":
            return False  # civilians and suspects do not hold talks
        if d.mode == "visit" and (a.country, a.group) == (r.country, r.group):
            return False  # a visit crosses a border (or an organisation's door): not X visiting X
        bare = {"COUNTRY", "HOME", "CAPITAL", "NISBA"}
        # a state does not meet itself: "المملكة … المغرب" are one party
        return not (a.country == r.country and {h.label for h in a.hits} <= bare and {h.label for h in r.hits} <= bare)
    if d.type == "COERCE":
        return bool((a and a.country and a.group is None and a.firmly_identified) or (a is None and r and r.identified))
    if d.type == "ASSAULT":
        return bool((a and a.identified) or (r and r.identified))
    if d.type in ("AID", "SANCTION"):
        # a state gives aid and sanctions: not civilians or an armed group however national (their country is
        # where they belong, not who acts)
        return bool(a and a.country and (a.group is None or _acts_for_state(a.group)))
    return bool(a and a.identified and a.group not in _GENERIC_GROUPS)


def _last_pair(drafts: Sequence[Draft]) -> tuple[Party, Party] | None:
    for d in reversed(drafts):
        if d.actor and d.recipient and d.actor.identified and d.recipient.identified:
            return d.actor, d.recipient
    return None
