"""Participants named by a common noun the knowledge does not list ("المشرعين", "الأسرى", "مستشاريه").

A party is built only over knowledge or NER hits, so a participant named by an unlisted common noun got none: on the
fresh annotated sets that was 431 of the 4,871 gold participants (session 73), the commonest actor error there. Two
linear models, trained by `marsad train participants` on annotated articles, find such words:
- the detector scores each free word (no hit, party or trigger over it) of a sentence: is it the first word of a gold
  participant over which marsad built no party? Its features are the word's form, ending and clusters and its
  neighbours' (the word before a noun, a trigger just before it);
- the kind model says what the marked word names: a generic group (CIV, TER, REB, CRM, OPP) or a sector.
Each word the detector scores at or above the model's threshold becomes a GENERIC hit of its own, resolved like a
listed generic noun; its state is the article's (participants.resolve_party).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from marsad.events.learned.clusters import cluster_key
from marsad.events.learned.linear import LinearModel
from marsad.knowledge.base import Entry
from marsad.nlp.hits import FUNCTION_WORDS, Hit

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "participants" / "model.json"
GENERIC_GROUPS = frozenset({"CIV", "TER", "REB", "CRM", "OPP"})
NO_SECTOR = "PART"  # the kind of a participant whose gold names no sector
LEARNED_KIND = "learned"  # Entry.kind of the hits made here
_TRIGGER_WINDOW = 4
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
        self.detector, self.kinds, self.threshold = detector, kinds, threshold

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
    """The shipped model; MARSAD_UNLISTED_NOUNS=off runs without it, =FILE with another (`marsad train participants`)."""
    chosen = os.environ.get("MARSAD_UNLISTED_NOUNS", "")
    if chosen == "off":
        return None
    return _load(chosen or str(MODEL_PATH))


def free_word(norm: str, covered: bool) -> bool:
    """A word the detector looks at: not already a hit, party or trigger, a word (not a number or a sign) of three
    letters or more, not a function word."""
    return not covered and norm.isalpha() and len(norm) >= 3 and norm not in FUNCTION_WORDS


def _trigger_distance(triggers: Sequence[bool], i: int, step: int) -> int:
    """How many words before (step −1) or after (+1) the nearest trigger is, within the window; 0: none."""
    for d in range(1, _TRIGGER_WINDOW + 1):
        j = i + step * d
        if not 0 <= j < len(triggers):
            return 0
        if triggers[j]:
            return d
    return 0


def word_features(norms: Sequence[str], covered: Sequence[bool], triggers: Sequence[bool],
                  clusters: Sequence[Sequence[int]], i: int) -> list[str]:
    """Features of the sentence's word i (the lists hold one sentence's words)."""
    norm = norms[i]
    key = cluster_key(norm)
    f = [f"w={norm}", f"k={key}", f"s2={key[-2:]}", f"s3={key[-3:]}", f"p2={key[:2]}",
         f"al={norm[:2] == 'ال' or norm[1:3] == 'ال'}",
         f"tl={_trigger_distance(triggers, i, -1)}", f"tr={_trigger_distance(triggers, i, 1)}"]
    f += [f"c0={clusters[i][0]}", f"c1={clusters[i][1]}"] if len(clusters[i]) >= 2 else ["c=none"]
    for offset, tag in ((-1, "p"), (1, "n"), (-2, "pp")):
        j = i + offset
        if 0 <= j < len(norms):
            f += [f"{tag}w={norms[j]}", f"{tag}cov={int(bool(covered[j]))}"]
            if clusters[j]:
                f.append(f"{tag}c0={clusters[j][0]}")
        else:
            f.append(f"{tag}=edge")
    return f


def learned_entry(kind: str, text: str) -> Entry:
    """The knowledge entry a marked word stands for: a generic group (its sector the group's own id, as in
    generic_actors.tsv), or a sector alone."""
    group = kind if kind in GENERIC_GROUPS else None
    sector = None if kind == NO_SECTOR else kind
    return Entry("GENERIC", text, text, group=group, sector=sector, kind=LEARNED_KIND)


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
        for i, k in enumerate(words):
            if not free_word(s_norms[i], s_cov[i]):
                continue
            f = word_features(s_norms, s_cov, s_trg, s_clu, i)
            if model.detector.proba(f).get("1", 0.0) < model.threshold:
                continue
            kinds = model.kinds.proba(f)
            kind = max(kinds, key=kinds.__getitem__)
            hits.append(Hit(k, k + 1, "GENERIC", learned_entry(kind, texts[k])))
    return hits
