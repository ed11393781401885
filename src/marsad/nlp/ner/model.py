"""marsad's Arabic NER: a CRF (CRFsuite) over `features.sentence_features`.

`NerModel.load(dir)` reads `model.crfsuite` and `model.json` (labels, settings, scores); `tag`
returns BIO tags for a token list; `spans` returns (start, end, label) token spans.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from marsad.nlp.ner.features import folded_forms, gazetteer_tags, sentence_features

DEFAULT_MODEL_DIR = Path(str(resources.files("marsad") / "models" / "ner"))


@dataclass
class NerModel:
    directory: Path
    tagger: object  # pycrfsuite.Tagger
    info: dict
    clusters: dict[str, list[int]] | None = None

    @classmethod
    def load(cls, directory: str | Path = DEFAULT_MODEL_DIR) -> NerModel:
        import pycrfsuite

        directory = Path(directory)
        path = directory / "model.crfsuite"
        if not path.exists():
            raise FileNotFoundError(f"{path}: no NER model here (train one with `marsad train ner`)")
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = json.loads((directory / "model.json").read_text(encoding="utf-8")) if (
            directory / "model.json").exists() else {}
        clusters_path = directory / "clusters.json"
        clusters = json.loads(clusters_path.read_text(encoding="utf-8")) if clusters_path.exists() else None
        return cls(directory, tagger, info, clusters)

    def tag(self, tokens: Sequence[str], norms: Sequence[str] | None = None) -> list[str]:
        if not tokens:
            return []
        norms = folded_forms(tokens) if norms is None else norms
        gaz = gazetteer_tags(norms)
        tags = list(self.tagger.tag(sentence_features(tokens, norms, self.clusters, gaz)))  # type: ignore[attr-defined]
        return join_known_places(tags, gaz)

    def spans(self, tokens: Sequence[str], norms: Sequence[str] | None = None) -> list[tuple[int, int, str]]:
        return bio_spans(self.tag(tokens, norms))


_PLACE_KINDS = ("COUNTRY", "CAPITAL", "PLACE")


def join_known_places(tags: Sequence[str], gaz: Sequence[str]) -> list[str]:
    """Adjacent LOC spans that together cover exactly one multi-word place of the knowledge base are that one
    place: the model, trained on newswire that names few foreign places, splits "بريتيش كولومبيا" (British Columbia) in
    two. Spans the model leaves partial ("جنوب [أفريقيا]") stay as they are: ANERcorp's annotators tag
    "قطاع [غزة]" and "دولة [قطر]" that way."""
    out = list(tags)
    spans = bio_spans(tags)
    for start, end, kind in bio_spans(gaz):
        if kind not in _PLACE_KINDS or end - start < 2:
            continue
        inside = [s for s in spans if s[0] < end and start < s[1]]
        if len(inside) < 2 or any(s[2] != "LOC" for s in inside) or inside[0][0] != start or inside[-1][1] != end \
                or sum(s[1] - s[0] for s in inside) != end - start:
            continue
        out[start:end] = ["B-LOC"] + ["I-LOC"] * (end - start - 1)
    return out


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) for each entity in a BIO sequence (an I- without a B- starts one)."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if len(tag) > 2 else None
        begins = tag.startswith("B-") or (tag.startswith("I-") and kind != label)
        if start is not None and (tag == "O" or begins):
            spans.append((start, i, label or ""))
            start, label = None, None
        if begins:
            start, label = i, kind
    return spans


@lru_cache(maxsize=4)
def default_model(directory: str = str(DEFAULT_MODEL_DIR)) -> NerModel | None:
    """The shipped model, loaded once; None when the package has none (e.g. before training)."""
    try:
        return NerModel.load(directory)
    except FileNotFoundError:
        return None
