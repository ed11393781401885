"""The dyad stage: a trigger's actor and recipient, chosen together among the sentence's participants.

Every pair (actor, recipient) of a trigger candidate's participants is a candidate, either role possibly absent.
Its features are the argument features of its actor (prefixed "A:") and of its recipient ("R:") and the pair's
own: both parties' kinds and sectors with the event type, their order and sides of the trigger, one state or one
group on both ends. One linear model, trained as a choice among each gold event's pairs (a conditional logit) on
the pairs EVENTS.md's match counts right, scores them. Pairs that name the same states or groups are one dyad to
the score: the stage sums their probabilities and takes the likeliest dyad, then its likeliest pair.

Session 17, 5-fold CV over the 5,431 gold events of 3,713 articles whose trigger a candidate states, given the gold
type: the dyad is right for 0.595 of them with the per-participant role model and _best_pair, 0.638 with this stage
(L2 1; 0.634 at 0.3 and 3, 0.623 at 10), 0.642 when pairs of one dyad pool their probability.
Session 19, the same measure over the 6,132 aligned gold events of 4,193 articles: 0.641 → 0.650 with the pair's own
order read per trigger word, "X وY" partners, the word before the trigger and each party's first word
(features.role_context_features); the coder's CV 0.527 → 0.536, all five folds better.
Session 26, over the 10,352 aligned gold events of 3,734 articles: 0.678 → 0.699, all five folds better, with the subjects
of the sentence before among a trigger's participants (candidates.carried_subjects) and their own features
(features._carried_features); the gold dyad is among the pairs for 0.895 of the events instead of 0.855.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from marsad.evaluate import events_match
from marsad.events.learned.boosted import BoostedTrees
from marsad.events.learned.linear import LinearModel
from marsad.events.learned.plausibility import party_kind
from marsad.nlp.participants import Party

DYADS_L2 = 1.0
# boosted trees beside the conditional logit (an option, off by default): their share of a pair's score, the features
# they split on (seen in at least this many training rows: the stage's word features are left to the logit) and the
# wrong pairs kept per event. Session 42: the right dyad 0.6793 → 0.6839 at the stage (CV fold 0), but end to end, on the
# final fold models only, F1 moved by +0.0005, −0.0015, −0.0034, −0.0023, +0.0015 on the five folds (MODEL_CARD.md)
DYAD_TREES_WEIGHT = 0.5
DYAD_TREES_MIN_COUNT = 2000
DYAD_TREES_WRONG_PAIRS = 8

Pair = tuple[int | None, int | None]  # indices into the candidate's parties; None: the role is absent


def pair_options(n: int) -> list[Pair]:
    options: list[int | None] = [None, *range(n)]
    return [(a, r) for a in options for r in options if a is None or a != r]


def dyad_features(etype: str, parties: Sequence[Party], party_features: Sequence[list[str]], pair: Pair,
                  trigger: int, stem: str = "") -> list[str]:
    ai, ri = pair
    f = _pair_features(etype, parties, pair, trigger, stem)
    f += [f"A:{x}" for x in party_features[ai]] if ai is not None else ["A:none"]
    f += [f"R:{x}" for x in party_features[ri]] if ri is not None else ["R:none"]
    return f


def _pair_features(etype: str, parties: Sequence[Party], pair: Pair, trigger: int, stem: str = "") -> list[str]:
    """The pair's own features; `stem` is the trigger word's stem (a verb's own order of its arguments)."""
    ai, ri = pair
    a = parties[ai] if ai is not None else None
    r = parties[ri] if ri is not None else None
    f = [f"P:{etype}|{party_kind(a)},{party_kind(r)}", f"P:{etype}|A={a.sector if a else 'none'}|R={r.sector if r else 'none'}",
         f"P:lab={naming(a)},{naming(r)}|{etype}", f"P:stem|lab={stem}|{naming(a)},{naming(r)}"]
    if a is not None and r is not None:
        order = "ar" if a.start < r.start else "ra"
        sides = f"{'b' if a.start < trigger else 'a'}{'b' if r.start < trigger else 'a'}"
        f += [f"P:order={order}|{etype}", f"P:sides={sides}|{etype}", f"P:order|sides={order}|{sides}|{etype}",
              f"P:stem|sides={stem}|{sides}|{order}"]
        if a.group and a.group == r.group:
            f += ["P:same_group", f"P:same_group|{etype}"]
        elif a.country and a.country == r.country and not a.group and not r.group:
            f += ["P:same_state", f"P:same_state|{etype}"]
        first, second = (a, r) if a.start < r.start else (r, a)
        if second.start - first.end <= 1 and (second.first_clitic or "").startswith("و"):
            f.append(f"P:coordinated|{etype}")  # "X وY": partners more often than actor and recipient
    elif a is not None or r is not None:
        one = a if a is not None else r
        f.append(f"P:stem|single={stem}|{'A' if a is not None else 'R'}|{'b' if one.start < trigger else 'a'}")
    return f


def naming(p: Party | None) -> str:
    """How the text names a party: a person (a name or an office), a body, a common noun, or a state by its name
    alone. Session 23, the dyad stage by 5-fold CV over 10,352 aligned gold events: the pair of namings with the
    type lifts the right dyad from 0.669 to 0.672, and with the trigger's stem too to 0.673, all five folds better
    at each step."""
    if p is None:
        return "none"
    labels = {h.label for h in p.hits}
    if labels & {"PER", "TITLE", "HONORIFIC"}:
        return "person"
    if "ORG" in labels:
        return "org"
    if "GENERIC" in labels:
        return "generic"
    return "statename" if labels <= {"COUNTRY", "CAPITAL", "NISBA", "PLACE", "HOME"} else "other"


def party_key(p: Party | None) -> tuple[str | None, str | None] | None:
    """What the EVENTS.md match compares of a party: its state and group (an absent or unresolved party is no one)."""
    return (p.country, p.group) if p is not None and (p.country or p.group) else None


def dyad_key(parties: Sequence[Party], pair: Pair) -> tuple:
    """What the score compares: each side's state and group."""
    return tuple(party_key(parties[i]) if i is not None else None for i in pair)


def dyad_labels(etype: str, parties: Sequence[Party], pairs: Sequence[Pair], gold: dict[str, Any]) -> list[str] | None:
    """"1" for each pair the EVENTS.md match counts as the gold event's dyad; None when no pair is."""
    def as_dict(i: int | None) -> dict[str, Any] | None:
        p = parties[i] if i is not None else None
        return {"country": p.country, "group": p.group} if p is not None else None
    labels = ["1" if events_match({"type": etype, "actor": as_dict(a), "recipient": as_dict(r)}, gold) else "0"
              for a, r in pairs]
    return labels if "1" in labels else None


def train_dyad_stage(groups: list[tuple[list[list[str]], list[str]]]) -> LinearModel | None:
    if not groups:
        return None
    return LinearModel.fit_listwise(groups, l2=DYADS_L2)


def choose_dyad(model: LinearModel, etype: str, parties: Sequence[Party], party_features: Sequence[list[str]],
                trigger: int, stem: str = "", visit: bool = False, trees: BoostedTrees | None = None,
                trees_weight: float = DYAD_TREES_WEIGHT) -> tuple[Party | None, Party | None, float]:
    """The likeliest dyad's likeliest pair, and the dyad's probability among the trigger's pairs. `visit`: the
    trigger states a visit, whose visitor is never a state named alone (see visitor_possible). `trees`: boosted
    trees over the same pair features, their log-odds times `trees_weight` added to each pair's score."""
    return ranked_dyads(model, etype, parties, party_features, trigger, stem, visit, trees, trees_weight, 1)[0]


def ranked_dyads(model: LinearModel, etype: str, parties: Sequence[Party], party_features: Sequence[list[str]],
                 trigger: int, stem: str = "", visit: bool = False, trees: BoostedTrees | None = None,
                 trees_weight: float = DYAD_TREES_WEIGHT, n: int = 2) -> list[tuple[Party | None, Party | None, float]]:
    """choose_dyad's choice and the next likeliest dyads after it, up to `n` in all: each dyad's likeliest pair and
    the dyad's probability under the logit."""
    pairs = [pair for pair in pair_options(len(parties))
             if not visit or pair[0] is None or visitor_possible(parties[pair[0]])]
    # a pair's score is its own features' plus its actor's and its recipient's: each party is scored once per role
    w = model.weights
    # fsum: exact, so a set's order (which changes with each process's string hashing) cannot tip a near tie
    as_actor = [math.fsum(w.get(f"A:{x}", (0.0,))[0] for x in set(feats)) for feats in party_features]
    as_recipient = [math.fsum(w.get(f"R:{x}", (0.0,))[0] for x in set(feats)) for feats in party_features]
    no_actor, no_recipient = w.get("A:none", (0.0,))[0], w.get("R:none", (0.0,))[0]
    scores = [model.scores(_pair_features(etype, parties, (a, r), trigger, stem))[0]
              + (as_actor[a] if a is not None else no_actor) + (as_recipient[r] if r is not None else no_recipient)
              for a, r in pairs]
    keys = [dyad_key(parties, pair) for pair in pairs]
    logit_mass = _dyad_mass(scores, keys)
    mass = logit_mass
    if trees is not None:
        scores = [s + trees_weight * t for s, t in zip(scores, _trees_scores(trees, etype, parties, party_features, pairs,
                                                                               trigger, stem), strict=True)]
        mass = _dyad_mass(scores, keys)
    out = []
    # sorted() is stable: dyads of equal mass keep the order of their first pair, as max() chose before
    for key in sorted(mass, key=lambda key: -mass[key])[:n]:
        k = max((k for k, pair_key in enumerate(keys) if pair_key == key), key=scores.__getitem__)
        ai, ri = pairs[k]
        # the probability is the logit's: the confidence that the plausibility stage reads stays as it learned it
        out.append((parties[ai] if ai is not None else None, parties[ri] if ri is not None else None, logit_mass[key]))
    return out


def _dyad_mass(scores: list[float], keys: list[tuple]) -> dict[tuple, float]:
    """Each dyad's probability under the softmax over the pairs: the sum of its pairs'."""
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    mass: dict[tuple, float] = {}
    for key, w in zip(keys, weights, strict=True):
        mass[key] = mass.get(key, 0.0) + w / total
    return mass


def _trees_scores(trees: BoostedTrees, etype: str, parties: Sequence[Party], party_features: Sequence[list[str]],
                  pairs: list[Pair], trigger: int, stem: str) -> list[float]:
    """The trees' log-odds of every pair; each party's features are filtered to the trees' vocabulary once."""
    known = trees.vocabulary
    as_actor = [[f for f in (f"A:{x}" for x in feats) if f in known] for feats in party_features]
    as_recipient = [[f for f in (f"R:{x}" for x in feats) if f in known] for feats in party_features]
    rows = [_pair_features(etype, parties, (a, r), trigger, stem) + (as_actor[a] if a is not None else ["A:none"])
            + (as_recipient[r] if r is not None else ["R:none"]) for a, r in pairs]
    return list(trees.raw_many(rows))


def sample_pairs(groups: list[tuple[list[list[str]], list[str]]], wrong_per_event: int = DYAD_TREES_WRONG_PAIRS,
                 seed: int = 0) -> tuple[list[list[str]], list[str]]:
    """The trees' training rows: every right pair of each gold event and a few of its wrong ones, drawn at random
    (an event has dozens of pairs; all of them would make the rows ten times as many for little gain)."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    labels: list[str] = []
    for features, group_labels in groups:
        wrong = [n for n, y in enumerate(group_labels) if y != "1"]
        keep = {n for n, y in enumerate(group_labels) if y == "1"} | set(rng.sample(wrong, min(wrong_per_event, len(wrong))))
        for n in sorted(keep):
            rows.append(features[n])
            labels.append(group_labels[n])
    return rows, labels


def train_dyad_trees(groups: list[tuple[list[list[str]], list[str]]], seed: int = 0) -> BoostedTrees | None:
    """Boosted trees scoring each pair right or not, over the stage's frequent features (DYAD_TREES_MIN_COUNT)."""
    rows, labels = sample_pairs(groups, seed=seed)
    return BoostedTrees.fit(rows, labels, seed, min_count=DYAD_TREES_MIN_COUNT) if rows else None


_STATE_NAME_LABELS = frozenset({"COUNTRY", "CAPITAL"})


def visitor_possible(party: Party) -> bool:
    """Can this party be a visit's actor? People, delegations and bodies travel; a state named alone ("قطر",
    "الرياض") is where they go. Of the 1,205 gold visits of train, dev and the own sets (session 23), none has a
    state's bare name as its actor and 225 have one as the host; the learned stages still put one there now and
    then ("سلسلة زيارات شملت دولا مثل قطر والسعودية": QAT visiting the man who made the visits)."""
    labels = {h.label for h in party.hits}
    return not labels or not labels <= _STATE_NAME_LABELS
