"""Participants named by a common noun the knowledge does not list ("المشرعين", "الأسرى", "مستشاريه").

A party is built only over knowledge or NER hits, so a participant named by an unlisted common noun got none: on the
fresh annotated sets that was 431 of the 4,871 gold participants (session 73), the commonest actor error there. Two
linear models, trained by `marsad train participants` on annotated articles, find such words:
- the detector scores each free word (no hit or party over it; a trigger word may be one) of a sentence: is it the
  first word of a gold participant over which marsad built no party? Its features are the word's form, ending and
  clusters and its neighbours' (the word before a noun, a trigger just before it);
- the kind model says what the marked word names: a generic group (CIV, TER, REB, CRM, OPP) or a sector.
Each word the detector scores at or above the model's threshold becomes a GENERIC hit of its own, resolved like a
listed generic noun; its state is the article's (participants.resolve_party).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from marsad.events.learned.clusters import cluster_key
from marsad.events.learned.linear import LinearModel
from marsad.knowledge.base import Entry
from marsad.nlp.hits import FUNCTION_WORDS, Hit
from marsad.nlp.model_switch import switched_model

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "participants" / "model.json"
GENERIC_GROUPS = frozenset({"CIV", "TER", "REB", "CRM", "OPP"})
NO_SECTOR = "PART"  # the kind of a participant whose gold names no sector
LEARNED_KIND = "learned"  # Entry.kind of the hits made here
_TRIGGER_WINDOW = 4
_ZEROS = [0.0] * 64  # map's default for features the detector has no weight for
_NEIGHBOURS = ((-1, "p"), (1, "n"), (-2, "pp"))
_CACHE_SIZE = 100_000
_state = {"enabled": True}


@contextmanager
def disabled():
    """Analyse without the unlisted nouns: training finds the participants marsad builds no party over."""
    before = _state["enabled"]
    _state["enabled"] = False
    try:
        yield
    finally:
        _state["enabled"] = before


class UnlistedNouns:
    def __init__(self, detector: LinearModel, kinds: LinearModel, threshold: float):
        if not 0 < threshold < 1:
            raise ValueError(f"the detector's threshold must lie strictly between 0 and 1, not {threshold}")
        self.detector, self.kinds, self.threshold = detector, kinds, threshold
        # the detector is binary: one weight per feature, summed straight (it scores every free word)
        self._weights = {f: row[0] for f, row in detector.weights.items()}
        self._cut = math.log(threshold / (1 - threshold)) - detector.bias[0]

        self._before = [self._weights.get(f"tl={d}", 0.0) for d in range(_TRIGGER_WINDOW + 1)]
        self._after = [self._weights.get(f"tr={d}", 0.0) for d in range(_TRIGGER_WINDOW + 1)]
        self._edge = {tag: self._weights.get(f"{tag}=edge", 0.0) for _, tag in _NEIGHBOURS}
        self._own: dict[tuple[str, tuple[int, ...]], float] = {}
        self._neighbour: dict[tuple[str, str, int | None, bool], float] = {}

    def marks(self, features: list[str]) -> bool:
        """Does the detector score the word at or above the threshold (its logit against the threshold's)?"""
        return self._sum(features) >= self._cut

    def _sum(self, features: Sequence[str]) -> float:
        return sum(map(self._weights.get, features, _ZEROS))

    def marks_word(self, norms: Sequence[str], covered: Sequence[bool], clusters: Sequence[Sequence[int]], i: int,
                   distances: tuple[list[int], list[int]]) -> bool:
        """marks(word_features(…)), summed from parts cached per word: the detector scores every free word, and
        the parts (a word's own features, a neighbour's) recur across words and articles."""
        own_key = (norms[i], tuple(clusters[i]))
        score = self._own.get(own_key)
        if score is None:
            if len(self._own) > _CACHE_SIZE:
                self._own.clear()
            score = self._own[own_key] = self._sum(_own_features(*own_key))
        before, after = distances
        score += self._before[before[i]] + self._after[after[i]]
        for offset, tag in _NEIGHBOURS:
            j = i + offset
            if 0 <= j < len(norms):
                key = (tag, norms[j], clusters[j][0] if clusters[j] else None, bool(covered[j]))
                part = self._neighbour.get(key)
                if part is None:
                    if len(self._neighbour) > _CACHE_SIZE:
                        self._neighbour.clear()
                    part = self._neighbour[key] = self._sum(_neighbour_features(*key))
                score += part
            else:
                score += self._edge[tag]
        return score >= self._cut

    def to_json(self) -> dict:
        return {"detector": self.detector.to_json(), "kinds": self.kinds.to_json(), "threshold": self.threshold}

    @classmethod
    def from_json(cls, obj: dict) -> UnlistedNouns:
        return cls(LinearModel.from_json(obj["detector"]), LinearModel.from_json(obj["kinds"]), obj["threshold"])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@lru_cache(maxsize=4)
def _load(path: str) -> UnlistedNouns | None:
    try:
        return UnlistedNouns.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None


def load_model() -> UnlistedNouns | None:
    """The shipped model (None if it is not shipped); MARSAD_UNLISTED_NOUNS=off runs without it, =FILE with another
    (`marsad train participants`), and a FILE that is not such a model is an error, not a silent run without."""
    return switched_model("MARSAD_UNLISTED_NOUNS", MODEL_PATH, _load, "marsad train participants")


def free_word(norm: str, covered: bool) -> bool:
    """A word the detector looks at: not already in a hit or party, a word (not a number or a sign) of three letters
    or more, not a function word. Trigger words are looked at too ("منفذي": the attack's perpetrators)."""
    return not covered and norm.isalpha() and len(norm) >= 3 and norm not in FUNCTION_WORDS


def trigger_distances(triggers: Sequence[bool]) -> tuple[list[int], list[int]]:
    """For each word, how many words before it and after it the nearest trigger word is, within the window (0: none)."""
    n = len(triggers)
    before, after = [0] * n, [0] * n
    last = None
    for i in range(n):
        if last is not None and i - last <= _TRIGGER_WINDOW:
            before[i] = i - last
        if triggers[i]:
            last = i
    last = None
    for i in reversed(range(n)):
        if last is not None and last - i <= _TRIGGER_WINDOW:
            after[i] = last - i
        if triggers[i]:
            last = i
    return before, after


def word_features(norms: Sequence[str], covered: Sequence[bool], triggers: Sequence[bool],
                  clusters: Sequence[Sequence[int]], i: int,
                  distances: tuple[list[int], list[int]] | None = None) -> list[str]:
    """Features of the sentence's word i (the lists hold one sentence's words; `distances`: trigger_distances of
    `triggers`, given when many words of one sentence are scored)."""
    before, after = distances or trigger_distances(triggers)
    f = [*_own_features(norms[i], tuple(clusters[i])), f"tl={before[i]}", f"tr={after[i]}"]
    for offset, tag in _NEIGHBOURS:
        j = i + offset
        if 0 <= j < len(norms):
            f += _neighbour_features(tag, norms[j], clusters[j][0] if clusters[j] else None, bool(covered[j]))
        else:
            f.append(f"{tag}=edge")
    return f


@lru_cache(maxsize=50_000)
def _own_features(norm: str, clusters: tuple[int, ...]) -> tuple[str, ...]:
    """The word's own features: its form, its form without clitics, its ends, whether definite, its clusters (the
    same for every mention of the word, so computed once)."""
    key = cluster_key(norm)
    own = (f"w={norm}", f"k={key}", f"s2={key[-2:]}", f"s3={key[-3:]}", f"p2={key[:2]}",
           f"al={norm[:2] == 'ال' or norm[1:3] == 'ال'}")
    return own + ((f"c0={clusters[0]}", f"c1={clusters[1]}") if len(clusters) >= 2 else ("c=none",))


@lru_cache(maxsize=50_000)
def _neighbour_features(tag: str, norm: str, cluster: int | None, covered: bool) -> tuple[str, ...]:
    named = (f"{tag}w={norm}", f"{tag}cov={int(covered)}")
    return named + ((f"{tag}c0={cluster}",) if cluster is not None else ())


def learned_entry(kind: str, text: str) -> Entry:
    """The knowledge entry a marked word stands for: a generic group (its sector the group's own id, as in
    generic_actors.tsv), or a sector alone."""
    group = kind if kind in GENERIC_GROUPS else None
    sector = None if kind == NO_SECTOR else kind
    return Entry("GENERIC", text, text, group=group, sector=sector, kind=LEARNED_KIND)


def marked(length: int, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each of `length` tokens: does one of the (start, end) token spans cover it?"""
    mask = [False] * length
    for start, end in spans:
        mask[start:end] = [True] * (end - start)
    return mask


def sentence_words(sentence_of: Sequence[int]) -> list[list[int]]:
    """Token indices grouped by sentence, in order."""
    out: list[list[int]] = []
    for k, s in enumerate(sentence_of):
        if not out or sentence_of[out[-1][0]] != s:
            out.append([])
        out[-1].append(k)
    return out


def unlisted_noun_hits(norms: Sequence[str], texts: Sequence[str], sentence_of: Sequence[int],
                       covered: Sequence[bool], triggers: Sequence[bool],
                       clusters: Sequence[Sequence[int]]) -> list[Hit]:
    """One GENERIC hit per free word the detector marks (none when the model is not shipped or is disabled)."""
    model = load_model()
    if model is None or not _state["enabled"]:
        return []
    hits: list[Hit] = []
    for words in sentence_words(sentence_of):
        s_norms = [norms[k] for k in words]
        s_cov = [covered[k] for k in words]
        s_trg = [triggers[k] for k in words]
        s_clu = [clusters[k] for k in words]
        distances = trigger_distances(s_trg)
        for i, k in enumerate(words):
            if not free_word(s_norms[i], s_cov[i]):
                continue
            if not model.marks_word(s_norms, s_cov, s_clu, i, distances):
                continue
            kinds = model.kinds.proba(word_features(s_norms, s_cov, s_trg, s_clu, i, distances))
            kind = max(kinds, key=kinds.__getitem__)
            hits.append(Hit(k, k + 1, "GENERIC", learned_entry(kind, texts[k])))
    return hits
