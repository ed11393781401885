"""What the learned stages choose among: trigger candidates and, for each, participant candidates.

Trigger candidates are the lexicon's hits (triggers.tsv), the words that annotators marked as
triggers in the training articles (the model's learned trigger forms) and the words of the word
clusters in which annotators marked many triggers (the model's learned clusters). Participant candidates are
the sentence's participants plus those the rule coder brought in (a carried pro-drop subject, an
implied attacker), then the subjects the sentence before names (carried_subjects), last.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field

from spacy.tokens import Doc

from marsad.arabic.clitics import inflection_stem, word_variants
from marsad.events.coder import Draft, SentenceView, TriggerHit
from marsad.events.learned.clusters import token_clusters
from marsad.knowledge.base import Trigger
from marsad.nlp.non_events import not_an_event
from marsad.nlp.participants import Party


@dataclass
class Sentence:
    index: int
    start: int  # token
    end: int
    view: SentenceView


@dataclass
class Candidate:
    hit: TriggerHit
    sentence: Sentence
    learned_only: bool  # found by a learned trigger form or cluster, not by the lexicon
    rule_drafts: list[Draft] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    by_cluster: bool = False  # found only by its word cluster
    carried: list[Party] = field(default_factory=list)  # subjects of the sentence before (see carried_subjects)

    @property
    def own_parties(self) -> list[Party]:
        """The participants without those carried from the sentence before."""
        return [p for p in self.parties if all(p is not q for q in self.carried)]


def sentences(doc: Doc) -> dict[int, Sentence]:
    bounds: dict[int, list[int]] = {}
    for i, s in enumerate(doc._.sentence_of):
        bounds.setdefault(s, [i, i + 1])[1] = i + 1
    return {s: Sentence(s, a, b, SentenceView(doc._.norms, a, b, doc._.parties)) for s, (a, b) in bounds.items()}


# Off: the dyad stage gains (0.678 → 0.699) and CV fold 4 a little (0.5814 → 0.5838), but held out, with models trained
# on the same articles by the same code, 0.614 → 0.610. See the model card (sessions 26–27).
CARRY_SUBJECTS = False


def carried_subjects(by_sentence: dict[int, Sentence], index: int) -> list[Party]:
    """The subjects a sentence may continue: the first participant of the nearest earlier sentence that names one
    (up to two back), and its first person if that is another. "وأضاف أن …", "وقال: إنه سبق أن دعا …" leave their
    subject to the sentence before; the dyad stage weighs these as candidates of their own kind."""
    for back in (1, 2):
        prev = by_sentence.get(index - back)
        if prev is None:
            continue
        named = [p for p in prev.view.parties if p.hits and p.identified]
        if not named:
            continue
        out = [named[0]]
        person = next((p for p in named if {h.label for h in p.hits} & {"PER", "TITLE"}), None)
        if person is not None and person is not named[0]:
            out.append(person)
        return out
    return []


def learned_trigger(etype: str) -> Trigger:
    return Trigger(type=etype, mode=None, contexts=(), cameo=None, frame="do", genitive=None, preps=(), pos="x")


def learned_form_key(norm: str, learned_forms: Container[str]) -> tuple[str, str] | None:
    """(key, variant): the learned form a token stands for, tried on its clitic variants as written,
    then on their inflection stems (learned forms are keyed by stem); None when it stands for none."""
    variants = word_variants(norm)
    for v in variants:
        if v in learned_forms:
            return v, v
    for v in variants:
        key = inflection_stem(v)
        if key in learned_forms:
            return key, v
    for v in variants:
        for key in _past_stems(v):
            if key in learned_forms:
                return key, v
    return None


_PRESENT_PREFIX = re.compile(r"^س?[يتن](?=...)")


def _past_stems(form: str) -> list[str]:
    """The past stems a present or future verb may stand for (يقاطع، ستعارض → قاطع، عارض; ينتقد → انتقد): the
    learned forms are the words annotators marked, mostly in the past tense."""
    m = _PRESENT_PREFIX.match(form)
    if not m:
        return []
    rest = form[m.end():]
    return [rest, inflection_stem(rest), "ا" + rest, inflection_stem("ا" + rest)]


def trigger_candidates(doc: Doc, learned_forms: dict[str, str], learned_clusters: dict[str, str] | None = None) -> list[Candidate]:
    """Lexicon hits, then learned forms on the tokens no lexicon hit covers (form → most frequent type),
    then learned clusters (fine cluster id → most frequent type) on the tokens still uncovered."""
    by_sentence = sentences(doc)
    sentence_of = doc._.sentence_of
    hits: list[tuple[TriggerHit, bool]] = [(h, False) for h in doc._.trigger_hits]
    covered = {i for h in doc._.trigger_hits for i in range(h.start, h.end)}
    covered |= {i for h in doc._.hits for i in range(h.start, h.end)}
    norms = doc.user_data.get("marsad_trigger_norms") or doc._.norms
    by_cluster: set[int] = set()
    if learned_forms or learned_clusters:
        kids = token_clusters(doc) if learned_clusters else None
        for i, n in enumerate(norms):
            if i in covered or len(n) < 3:
                continue
            found = learned_form_key(n, learned_forms) if learned_forms else None
            if found:
                key, v = found
                etype = learned_forms[key]
                if not not_an_event(etype, i, i + 1, doc._.norms):
                    hits.append((TriggerHit(i, i + 1, learned_trigger(etype), doc._.norms[i], n[: len(n) - len(v)]), True))
            else:
                if kids and len(kids[i]) > 1:
                    etype = learned_clusters.get(str(kids[i][-1]))  # type: ignore[union-attr]
                    if etype and not not_an_event(etype, i, i + 1, doc._.norms):
                        hits.append((TriggerHit(i, i + 1, learned_trigger(etype), doc._.norms[i], ""), True))
                        by_cluster.add(i)
    drafts_by_trigger: dict[int, list[Draft]] = {}
    for d in doc.user_data.get("marsad_rule_drafts", doc._.drafts) or []:
        drafts_by_trigger.setdefault(d.trigger.start, []).append(d)
    out = []
    for hit, learned in sorted(hits, key=lambda x: x[0].start):
        sent = by_sentence[sentence_of[hit.start]]
        c = Candidate(hit, sent, learned, drafts_by_trigger.get(hit.start, []), by_cluster=learned and hit.start in by_cluster)
        extra = [p for d in c.rule_drafts for p in (d.actor, d.recipient) if p is not None]
        seen: list[Party] = []
        for p in [*sent.view.parties, *extra]:
            if all(p is not q for q in seen):
                seen.append(p)
        if CARRY_SUBJECTS:
            c.carried = [p for p in carried_subjects(by_sentence, sent.index) if all(p is not q for q in seen)]
        c.parties = [*seen, *c.carried]
        out.append(c)
    return out
