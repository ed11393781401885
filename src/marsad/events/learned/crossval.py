"""K-fold cross-validation by article: train on K−1 folds, code the held-out fold, score it (EVENTS.md).
Train and test never share an article; every figure is on articles the model was not trained on."""

from __future__ import annotations

import hashlib
import random
import shutil
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marsad.evaluate import Report, score
from marsad.events.learned.annotated import Annotated
from marsad.events.learned.model import EventModel, train
from marsad.events.records import drafts_to_events


def folds(items: list[Annotated], k: int, seed: int = 1) -> list[list[Annotated]]:
    order = list(items)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def folds_of(items: list[Annotated], k: int, seed: int, i: int) -> tuple[list[Annotated], list[Annotated]]:
    """(training articles, test articles) of fold `i`."""
    parts = folds(items, k, seed)
    return [it for j, p in enumerate(parts) if j != i for it in p], parts[i]


@contextmanager
def analysed(items: list[Annotated], analyse_item: Callable[[Annotated], Annotated] | None = None) -> Iterator[None]:
    """Inside the block, every item has its analysed document; those analysed here lose it again after the block
    (memory: one fold's training documents, not every article's, for as long as they are needed)."""
    if analyse_item is None:
        from marsad.events.learned.annotated import analyse as analyse_item
    fresh = [it for it in items if it.doc is None]
    for it in fresh:
        analyse_item(it)
    try:
        yield
    finally:
        for it in fresh:
            it.doc = None


def predict(model: EventModel | RuleCoder | HybridCoder, items: list[Annotated],
            analyse_item: Callable[[Annotated], Annotated] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Each article's events as coded by `model`. An article not yet analysed is analysed with `analyse_item`
    while it is coded, and its document dropped after."""
    out = {}
    for it in items:
        if it.doc is None and analyse_item is not None:
            with analysed([it], analyse_item):
                out[it.doc_id] = _coded(model, it)
        else:
            out[it.doc_id] = _coded(model, it)
    return out


def _coded(model: EventModel | RuleCoder | HybridCoder, it: Annotated) -> list[dict[str, Any]]:
    doc = it.doc
    doc._.drafts = model.code(doc, doc.user_data.get("marsad_rule_drafts"))
    return [e.to_dict() for e in drafts_to_events(doc, it.doc_id, it.url, it.published)]


class RuleCoder:
    """The rule coder in the model's shape (nothing to train), to score it on the same folds."""

    def code(self, doc, rule_drafts=None):
        return list(rule_drafts or [])


class HybridCoder:
    """The learned stages plus the rule coder's confident drafts where they coded nothing (the default)."""

    def __init__(self, model: EventModel) -> None:
        self.model = model

    def code(self, doc, rule_drafts=None):
        return self.model.code_with_rules(doc, rule_drafts)


def rule_predictions(items: list[Annotated]) -> dict[str, list[dict[str, Any]]]:
    return predict(RuleCoder(), items)


def kept_models(trainer: Callable[[list[Annotated]], EventModel], directory: Path,
                recipe: str = "") -> Callable[[list[Annotated]], EventModel]:
    """`trainer`, keeping each model it trains in `directory` (one subdirectory per training set: a hash of its
    article ids and `recipe`, what else the training reads) and loading it when asked for the same training set
    again. A killed cross-validation resumes where it stopped, and a change to how models code is measured on
    the same fold models in minutes. The kept models are those of the training code that made them: after a
    change to training, use a new directory."""

    def train_or_load(train_items: list[Annotated]) -> EventModel:
        ids = "\n".join(sorted(it.doc_id for it in train_items))
        key = hashlib.sha256(f"{recipe}\n{ids}".encode()).hexdigest()[:16]
        kept = directory / key
        if (kept / "model.json").exists():
            return EventModel.load(kept)
        model = trainer(train_items)
        partial = directory / f"{key}.partial"  # renamed into place when whole: a killed save is never loaded
        shutil.rmtree(partial, ignore_errors=True)
        model.save(partial)
        (partial / "articles.txt").write_text(ids + "\n", encoding="utf-8")
        partial.rename(kept)
        return model

    return train_or_load


def cross_validate(items: list[Annotated], k: int = 5, seed: int = 1,
                   trainer: Callable[[list[Annotated]], EventModel] = train,
                   analyse_item: Callable[[Annotated], Annotated] | None = None) -> tuple[Report, list[float], dict]:
    """(pooled report over all held-out folds, per-fold F1, pooled predictions). With `analyse_item`, items may come
    unanalysed: each test article is analysed while it is coded (the trainer analyses what it trains on)."""
    pooled: dict[str, list[dict]] = {}
    per_fold = []
    for i in range(k):
        train_items, test = folds_of(items, k, seed, i)
        model = trainer(train_items)
        preds = predict(model, test, analyse_item)
        pooled.update(preds)
        per_fold.append(score(preds, {it.doc_id: it.gold for it in test}).overall.prf()[2])
    report = score(pooled, {it.doc_id: it.gold for it in items})
    return report, per_fold, pooled


def by_source(predictions: dict[str, list[dict]], items: list[Annotated]) -> dict[str, Report]:
    """The report of each source's articles (annotated.Annotated.source: the SaudiNewsNet corpus, PADT, NewsFANE,
    article files), for a coder that must not only know one outlet's news (issue 10's older newswire)."""
    sources: dict[str, dict[str, list[dict]]] = {}
    for it in items:
        sources.setdefault(it.source, {})[it.doc_id] = it.gold
    return {name: score({k: predictions.get(k, []) for k in gold}, gold) for name, gold in sorted(sources.items())}


def mean_sd(values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ± {sd:.3f}"
