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

from marsad.nlp.ner.features import sentence_features

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
        return list(self.tagger.tag(sentence_features(tokens, norms, self.clusters)))  # type: ignore[attr-defined]

    def spans(self, tokens: Sequence[str], norms: Sequence[str] | None = None) -> list[tuple[int, int, str]]:
        return bio_spans(self.tag(tokens, norms))


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
