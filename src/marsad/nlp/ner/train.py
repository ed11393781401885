"""Train and evaluate marsad's NER model (`marsad train ner`, `marsad eval ner`).

Training is reproducible: the CRF's optimiser (L-BFGS) is deterministic, the data order is the
files' order, and `training.json` records every file's SHA-256, the settings and the scores.
Sentences of held-out files (`--exclude`, e.g. ANERcorp's dev and test splits) are removed from the
training data wherever they occur, also inside NewsFANE, which re-annotates the same newswire.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from marsad.arabic.normalize import normalize
from marsad.evaluate import EntityScores
from marsad.nlp.ner.conll import Sentence, file_hash, read_conll
from marsad.nlp.ner.features import sentence_features
from marsad.nlp.ner.labels import coarse_tag
from marsad.nlp.ner.model import NerModel, bio_spans

DEFAULT_SETTINGS = {"c1": 0.05, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}
_SHINGLE = 6


def load_sentences(paths: Sequence[str | Path]) -> list[Sentence]:
    out = []
    for p in paths:
        for s in read_conll(p):
            out.append(Sentence(s.tokens, [coarse_tag(t) for t in s.tags]))
    return out


def _shingles(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    norms = [normalize(t) for t in tokens]
    return {tuple(norms[i:i + _SHINGLE]) for i in range(max(1, len(norms) - _SHINGLE + 1))}


def drop_overlap(train: list[Sentence], held_out: list[Sentence]) -> tuple[list[Sentence], int]:
    """Remove training sentences sharing any run of 6 words with a held-out sentence."""
    banned: set[tuple[str, ...]] = set()
    for s in held_out:
        if len(s.tokens) >= _SHINGLE:
            banned |= _shingles(s.tokens)
    kept = [s for s in train if len(s.tokens) < _SHINGLE or not (_shingles(s.tokens) & banned)]
    return kept, len(train) - len(kept)


def evaluate(model: NerModel, sentences: Sequence[Sentence]) -> EntityScores:
    scores = EntityScores()
    for s in sentences:
        scores.add(set(bio_spans(s.tags)), set(model.spans(s.tokens)))
    return scores


def train(train_files: Sequence[str], dev_files: Sequence[str], out_dir: str | Path,
          exclude_files: Sequence[str] = (), settings: dict | None = None,
          clusters_from: Sequence[str] = ()) -> dict:
    import pycrfsuite

    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clusters = None
    if clusters_from:
        from marsad.nlp.ner.clusters import build_clusters

        if len(clusters_from) == 1 and str(clusters_from[0]).endswith(".json"):  # a table built before
            clusters = json.loads(Path(clusters_from[0]).read_text(encoding="utf-8"))
        else:
            clusters = build_clusters(clusters_from)
        (out / "clusters.json").write_text(json.dumps(clusters, ensure_ascii=False, separators=(",", ":")),
                                           encoding="utf-8")
    elif (out / "clusters.json").exists():
        (out / "clusters.json").unlink()
    sentences = load_sentences(train_files)
    held_out = load_sentences([*dev_files, *exclude_files])
    sentences, dropped = drop_overlap(sentences, held_out)
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        trainer.append(sentence_features(s.tokens, clusters=clusters), s.tags)
    trainer.set_params(settings)
    started = time.time()
    trainer.train(str(out / "model.crfsuite"))
    seconds = time.time() - started
    info = {
        "kind": "crf", "settings": settings, "train_files": {str(p): file_hash(p) for p in train_files},
        "dev_files": {str(p): file_hash(p) for p in dev_files},
        "excluded_files": {str(p): file_hash(p) for p in exclude_files},
        "train_sentences": len(sentences), "train_tokens": sum(len(s.tokens) for s in sentences),
        "dropped_overlapping_sentences": dropped, "train_seconds": round(seconds, 1),
        "word_clusters_from": list(map(str, clusters_from)), "word_clusters": len(clusters or {}),
    }
    (out / "model.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    model = NerModel.load(out)
    if dev_files:
        dev = evaluate(model, load_sentences(dev_files))
        info["dev"] = {"PER+LOC+ORG_f1": round(dev.prf(["PER", "LOC", "ORG"])[2], 4), "table": dev.table()}
    (out / "model.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "training.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    return info
