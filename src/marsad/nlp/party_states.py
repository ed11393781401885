"""A learned second look at the state of each party the rules resolved (participants.resolve_party).

The rules give a party the state its phrase names, else a known person's, else the article's home or dominant state.
They are wrong in a long tail of ways ("معهد بحثي أميركي" in a story on Iran, unnamed officials left with no state,
an unknown person of a foreign story). For each party of no group whose state is none or defaulted from the article
(in_scope), a conditional logit ranks candidate states: the rules' own, none, the home, dominant and outlet states,
the states named in its sentence and the article's three most named. A candidate's features say where the state
comes from (the rules, the sentence, how near, how often), each alone and joined with the party's shape (its labels,
defaulted or not) and first word. The rules' state is kept unless another candidate ranks above it by the model's
margin. Trained by `marsad train party-states`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.events.learned.linear import LinearModel
from marsad.nlp.hits import Hit
from marsad.nlp.model_switch import switched_model
from marsad.nlp.participants import Context, Party

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "party_states" / "model.json"
_STATE_LABELS = ("COUNTRY", "NISBA", "CAPITAL", "PLACE")
_state = {"enabled": True}


@contextmanager
def disabled():
    """Analyse with the rules' states only: training learns where they go wrong."""
    before = _state["enabled"]
    _state["enabled"] = False
    try:
        yield
    finally:
        _state["enabled"] = before


@dataclass
class StateMentions:
    """Where the article names each state (token index, state), and how often."""

    positions: list[tuple[int, str]]
    counts: Counter[str]
    _by_sentence: dict[int, list[tuple[int, str]]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, hits: Sequence[Hit]) -> StateMentions:
        positions = [(h.start, h.entry.country) for h in hits
                     if h.label in _STATE_LABELS and h.entry is not None and h.entry.country]
        return cls(positions, Counter(s for _, s in positions))

    def in_sentence(self, sentence: int, sentence_of: Sequence[int]) -> list[tuple[int, str]]:
        """The state mentions of one sentence (indexed once per article: every party asks)."""
        if self._by_sentence is None:
            self._by_sentence = {}
            for pos, state in self.positions:
                self._by_sentence.setdefault(sentence_of[pos], []).append((pos, state))
        return self._by_sentence.get(sentence, [])


def _distance_bucket(d: int) -> str:
    return "1" if d <= 1 else "2" if d <= 2 else "5" if d <= 5 else "10" if d <= 10 else "far"


def _shape(party: Party) -> str:
    """The party's labels, whether its state was defaulted, and whether a hit is a learned noun or a known person."""
    labels = "+".join(sorted({h.label for h in party.hits}))
    learned = any(h.entry is not None and h.entry.kind == "learned" for h in party.hits)
    known = any(h.entry is not None and h.entry.offices for h in party.hits)
    return f"{labels}|{'d' if party.defaulted else 'n'}{'|l' if learned else ''}{'|k' if known else ''}"


def state_candidates(party: Party, context: Context, mentions: StateMentions, norms: Sequence[str],
                     sentence_of: Sequence[int], others: Sequence[Party] = ()) -> list[tuple[str | None, list[str]]]:
    """The candidate states of one party and each one's features (`others`: the other parties of its sentence)."""
    sentence = sentence_of[party.start]
    beside = {p.country for p in others if p is not party and p.country and p.firmly_identified}
    first_sentence = {s for _, s in mentions.in_sentence(sentence_of[0], sentence_of)}
    near: dict[str, list[int]] = {}  # state → signed distances of its mentions in the party's sentence
    for pos, s in mentions.in_sentence(sentence, sentence_of):
        if not party.start <= pos < party.end:
            near.setdefault(s, []).append(pos - party.end + 1 if pos >= party.end else pos - party.start)
    before_sentence = {s for _, s in mentions.in_sentence(sentence - 1, sentence_of)}
    inside = {h.entry.country for h in party.hits if h.entry is not None and h.entry.country}
    shared = {c for h in party.hits if h.entry is not None for c in h.entry.candidates}
    top = [s for s, _ in mentions.counts.most_common(3)]
    states: list[str | None] = [party.country, None, context.home, context.dominant, context.outlet, *near, *top]
    closest = min(near, key=lambda s: min(abs(d) for d in near[s])) if near else None
    head = norms[party.start] if party.start < len(norms) else ""
    shape = _shape(party)
    out: list[tuple[str | None, list[str]]] = []
    seen: set[str | None] = set()
    for s in states:
        if s in seen:
            continue
        seen.add(s)
        flags = []
        if s == party.country:
            flags.append("rule")
        if s is None:
            flags.append("none")
        else:
            flags += [f for f, ok in (("home", s == context.home), ("dom", s == context.dominant),
                                      ("outlet", s == context.outlet), ("inside", s in inside),
                                      ("shared", s in shared), ("prev", s in before_sentence),
                                      ("closest", s == closest), ("beside", s in beside),
                                      ("lead", s in first_sentence)) if ok]
            if s in near:
                ds = near[s]
                after = [d for d in ds if d > 0]
                before = [-d for d in ds if d < 0]
                if after:
                    flags.append("after=" + _distance_bucket(min(after)))
                if before:
                    flags.append("before=" + _distance_bucket(min(before)))
            rank = top.index(s) if s in top else 3
            flags.append(f"rank={rank}")
            n = mentions.counts[s]
            flags.append("n=" + ("0" if n == 0 else "1" if n == 1 else "2" if n <= 3 else "4"))
        features = flags + [f"{f}&{shape}" for f in flags] + ["sig=" + "+".join(flags)]
        features += [f"{f}&w={head}" for f in flags if f in ("rule", "none", "home", "dom", "closest")]
        out.append((s, features))
    return out


class PartyStates:
    def __init__(self, model: LinearModel, margin: float):
        self.model, self.margin = model, margin
        # a ranking model (LinearModel.fit_listwise): one weight per feature, no bias, summed straight
        self._weights = {f: row[0] for f, row in model.weights.items()}

    def score(self, features: list[str]) -> float:
        weights = self._weights
        return sum(weights.get(f, 0.0) for f in features)

    def choose(self, candidates: list[tuple[str | None, list[str]]]) -> str | None:
        """The rules' state (the first candidate) unless another outranks it by the margin."""
        scores = [self.score(f) for _, f in candidates]
        best = max(range(len(candidates)), key=scores.__getitem__)
        return candidates[best][0] if scores[best] - scores[0] > self.margin else candidates[0][0]

    def to_json(self) -> dict:
        return {"model": self.model.to_json(), "margin": self.margin}

    @classmethod
    def from_json(cls, obj: dict) -> PartyStates:
        margin = float(obj["margin"])
        if not math.isfinite(margin) or margin < 0:
            raise ValueError(f"the margin must be a finite number ≥ 0, not {margin}")
        return cls(LinearModel.from_json(obj["model"]), margin)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@lru_cache(maxsize=4)
def _load(path: str) -> PartyStates | None:
    try:
        return PartyStates.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None


def load_model() -> PartyStates | None:
    """The shipped model (None if not shipped); MARSAD_PARTY_STATES=off runs with the rules' states only, =FILE with
    another model (`marsad train party-states`); a FILE that is not such a model is an error."""
    return switched_model("MARSAD_PARTY_STATES", MODEL_PATH, _load, "marsad train party-states")


def in_scope(party: Party) -> bool:
    """The parties whose state the model looks at: of no group, not a place or a dual "الطرفان", and with no state
    or one defaulted from the article. A state the phrase, a known person or a named-again body gives stays: over
    15,569 such choices the model fixed 1 more than it broke in CV (session 75), and it got hand cases wrong ("وقالت
    السفارة" after the Saudi embassy in Jordan)."""
    return party.group is None and not party.place_only and not party.dual \
        and (party.country is None or party.defaulted) and not _head_of_state(party)


_HEAD_OF_STATE_TITLES = frozenset({"president", "king / monarch"})
_HEAD_OF_STATE_HONORIFICS = frozenset({"جلالة", "فخامة"})


def _head_of_state(party: Party) -> bool:
    """A king or president by title: the rules read the article for whose ("جلالة الملك" in a republic's story is the
    kingdom's it names; "فخامة الرئيس" in a kingdom's paper is no president of its own), which the model's features
    do not see."""
    return any(h.entry is not None and (h.label == "TITLE" and h.entry.name in _HEAD_OF_STATE_TITLES
                                        or h.label == "HONORIFIC" and h.entry.name in _HEAD_OF_STATE_HONORIFICS)
               for h in party.hits)


def context_of(doc) -> Context:
    """The resolver's context of a doc whose hits and home are set: the actor component's, and training's."""
    from marsad.nlp.participants import armed_group_mentions, country_mentions, dominant_state

    hits = doc._.hits or []
    mentions = country_mentions(hits)
    return Context(doc._.home, doc._.published, mentions, armed_group_mentions(hits),
                   dominant_state(mentions, hits, doc._.home), outlet=doc._.site_country)


def restate(parties: list[Party], hits: Sequence[Hit], context: Context, norms: Sequence[str],
            sentence_of: Sequence[int]) -> None:
    """Give each party in scope the state the model ranks first (in place)."""
    model = load_model()
    if model is None or not _state["enabled"]:
        return
    mentions = StateMentions.of(hits)
    by_sentence: dict[int, list[Party]] = {}
    for party in parties:
        by_sentence.setdefault(sentence_of[party.start], []).append(party)
    chosen: list[str | None] = []
    for party in parties:
        if in_scope(party):
            others = by_sentence[sentence_of[party.start]]
            chosen.append(model.choose(state_candidates(party, context, mentions, norms, sentence_of, others)))
        else:
            chosen.append(party.country)
    # chosen from the rules' states of all parties, then set: one party's new state does not move another's
    for party, country in zip(parties, chosen, strict=True):
        party.country = country
