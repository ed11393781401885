"""Other learners for the trigger and dyad stages, by K-fold CV over articles (train and test never share one).

    python bench/stage_learners.py trigger DIR… --corpus … --padt … --newsfane … --gsr … --learners lr0.1,gbm300,lr0.1+gbm300
    python bench/stage_learners.py dyad DIR… --corpus … --padt … --newsfane … --learners logit1.0,logit0.5,logit1.0+gbm300

trigger: every trigger candidate of the annotated articles (model.align's rows, the GSR sentences' rows in training
only), scored as the stage is used: an event when 1 − P(NONE) passes a cut, of the likeliest other type. The figure
is the best F1 over cuts 0.10–0.90 of (right type, cut passed) against the gold triggers, all articles and the
SaudiNewsNet and older newswire (PADT, NewsFANE) apart. Learners: `lrC` (the shipped logistic regression, C),
`gbmN` (LightGBM, N rounds, multiclass), `mlpH` (scikit-learn's MLP, H hidden units); `a+b` averages probabilities.
dyad: the gold-aligned events of bench/dyad_stage_cv.py, the right dyad's share. Learners: `logitL2` (the shipped
conditional logit), `gbmN` (LightGBM LambdaMART ranking each event's pairs), `logitL2+gbmN` (the two scores added);
`treesN*W@M` (marsad's boosted trees: N rounds over features seen M times, pointwise on every right pair
and 8 wrong ones of each event; their log-odds times W).
LightGBM is not one of marsad's dependencies: `pip install lightgbm` to run those learners.

Learned trigger forms and word-cluster candidates are learned once from all the articles (a small leak that every
learner shares): the figures compare learners, they are not the coder's F1.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dyad_stage_cv import gold_groups  # noqa: E402

from marsad.events.learned.annotated import analyse, load_annotated  # noqa: E402
from marsad.events.learned.features import relevance_features, trigger_features  # noqa: E402
from marsad.events.learned.gsr import analyse_gsr, load_gsr  # noqa: E402
from marsad.events.learned.linear import LinearModel  # noqa: E402
from marsad.events.learned.model import (  # noqa: E402
    GSR_RELEVANCE,
    NONE,
    _crossfit_relevance,
    _relevance_of,
    align,
    gsr_trigger_rows,
    learn_trigger_clusters,
    learn_trigger_forms,
)

CUTS = [x / 100 for x in range(10, 91, 5)]
OLDER = ("padt", "newsfane")


def fold_of(articles: set[str], k: int) -> dict[str, int]:
    order = sorted(articles)
    random.Random(1).shuffle(order)
    return {a: i % k for i, a in enumerate(order)}


def matrix(rows: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    ind, ptr = [], [0]
    for r in rows:
        ind.extend(sorted({vocab[f] for f in r if f in vocab}))
        ptr.append(len(ind))
    return sparse.csr_matrix((np.ones(len(ind), dtype=np.float32), ind, ptr), shape=(len(rows), len(vocab)))


def vocabulary(rows: list[list[str]], min_count: int) -> dict[str, int]:
    counts = Counter(f for r in rows for f in set(r))
    return {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}


# ---- the trigger stage --------------------------------------------------------------------------

def trigger_rows(items, gsr_dir: Path | None) -> list[dict]:
    rel_rows = [relevance_features(it.title, it.doc._.norms) for it in items]
    crossfit = _crossfit_relevance(rel_rows, ["1" if _relevance_of(it) else "0" for it in items], 0.5, 13)
    forms, clusters = learn_trigger_forms(items), learn_trigger_clusters(items)
    rows = []
    for it, rel in zip(items, crossfit, strict=True):
        for c, label, w in align(it, forms, clusters)[0]:
            rows.append({"a": it.doc_id, "s": "old" if it.source in OLDER else "snn",
                         "f": trigger_features(it.doc, c, rel), "y": label, "w": w})
    if gsr_dir:
        for doc, c, label, w in gsr_trigger_rows(analyse_gsr(load_gsr(gsr_dir)), forms, clusters):
            rows.append({"a": None, "s": "gsr", "f": trigger_features(doc, c, GSR_RELEVANCE), "y": label, "w": w})
    return rows


def fit_trigger(name: str, train: list[dict], test: list[dict]) -> tuple[list[str], np.ndarray]:
    feats, labels, weights = [r["f"] for r in train], [r["y"] for r in train], np.array([r["w"] for r in train])
    if name.startswith("lr"):
        m = LinearModel.fit(feats, labels, c=float(name[2:]), weights=list(weights), prune=0.0)
        return m.classes, np.array([[p[c] for c in m.classes] for p in (m.proba(r["f"]) for r in test)])
    if name.startswith("gbm"):
        import lightgbm as lgb

        vocab = vocabulary(feats, 3)
        classes = sorted(set(labels))
        params = dict(objective="multiclass", num_class=len(classes), learning_rate=0.1, num_leaves=15, min_data_in_leaf=20,
                      feature_fraction=0.5, lambda_l2=1.0, verbose=-1, num_threads=1)
        booster = lgb.train(params, lgb.Dataset(matrix(feats, vocab), np.array([classes.index(y) for y in labels]),
                                                weight=weights), num_boost_round=int(name[3:]))
        return classes, booster.predict(matrix([r["f"] for r in test], vocab))
    if name.startswith("mlp"):
        from sklearn.neural_network import MLPClassifier

        vocab = vocabulary(feats, 2)
        m = MLPClassifier(hidden_layer_sizes=(int(name[3:]),), alpha=1e-3, batch_size=512, max_iter=8, random_state=1)
        m.fit(matrix(feats, vocab), labels)
        return [str(c) for c in m.classes_], m.predict_proba(matrix([r["f"] for r in test], vocab))
    raise SystemExit(f"unknown trigger learner {name}")


def compare_triggers(rows: list[dict], learners: list[str], k: int, folds: list[int]) -> None:
    fold = fold_of({r["a"] for r in rows if r["a"]}, k)
    tally = {name: {s: np.zeros((len(CUTS), 3)) for s in ("all", "snn", "old")} for name in learners}  # right, kept, gold
    for f in folds:
        train = [r for r in rows if r["a"] is None or fold[r["a"]] != f]
        test = [r for r in rows if r["a"] is not None and fold[r["a"]] == f]
        fitted: dict[str, tuple[list[str], np.ndarray]] = {}
        for name in learners:
            t0 = time.time()
            if "+" in name:  # an average of learners fitted before it in the list
                parts = name.split("+")
                classes = fitted[parts[0]][0]
                probs = sum(fitted[p][1][:, [fitted[p][0].index(c) for c in classes]] for p in parts) / len(parts)
            else:
                classes, probs = fitted[name] = fit_trigger(name, train, test)
            none = classes.index(NONE)
            for r, p in zip(test, probs, strict=True):
                p_event = 1 - p[none]
                others = p.copy()
                others[none] = -1
                right_type = classes[int(others.argmax())] == r["y"]
                for s in ("all", r["s"]):
                    t = tally[name][s]
                    t[:, 2] += r["y"] != NONE
                    for i, cut in enumerate(CUTS):
                        if p_event >= cut:
                            t[i, 1] += 1
                            t[i, 0] += right_type
            print(f"fold {f} {name}: {time.time() - t0:.0f} s", flush=True)
    for name in learners:
        parts = []
        for s, t in tally[name].items():
            f1 = 2 * t[:, 0] / np.maximum(t[:, 1] + t[:, 2], 1)
            i = int(f1.argmax())
            parts.append(f"{s} F1 {f1[i]:.4f} at {CUTS[i]:.2f}")
        print(f"{name}: " + " | ".join(parts))


# ---- the dyad stage -----------------------------------------------------------------------------

def pick(scores: list[float], keys: list[tuple]) -> int:
    """choose_dyad's choice: the dyad (pairs of one state or group pooled) likeliest, then its best pair."""
    top = max(scores)
    mass: dict[tuple, float] = {}
    for s, key in zip(scores, keys, strict=True):
        mass[key] = mass.get(key, 0.0) + math.exp(s - top)
    best = max(mass, key=mass.__getitem__)
    return max((i for i, key in enumerate(keys) if key == best), key=scores.__getitem__)


def dyad_scorer(name: str, train: list[tuple]):
    if name.startswith("logit"):
        m = LinearModel.fit_listwise([(rows, labels) for _, labels, _, rows in train], l2=float(name[5:]))
        return lambda rows: [m.scores(r)[0] for r in rows]
    if name.startswith("gbm"):
        import lightgbm as lgb

        vocab = vocabulary([r for g in train for r in g[3]], 3)
        params = dict(objective="lambdarank", learning_rate=0.05, num_leaves=31, min_data_in_leaf=20, feature_fraction=0.5,
                      lambda_l2=1.0, verbose=-1, num_threads=1, lambdarank_truncation_level=3)
        data = lgb.Dataset(matrix([r for g in train for r in g[3]], vocab),
                           np.array([int(y) for g in train for y in g[1]]), group=[len(g[1]) for g in train])
        booster = lgb.train(params, data, num_boost_round=int(name[3:]))
        return lambda rows: list(booster.predict(matrix(rows, vocab)))
    if name.startswith("trees"):  # marsad's boosted trees, pointwise (each pair right or not): `treesN*W@M`
        from marsad.events.learned.boosted import BoostedTrees
        from marsad.events.learned.dyads import sample_pairs

        spec, _, min_count = name[5:].partition("@")
        rounds, _, weight = spec.partition("*")
        rows, labels = sample_pairs([(g[3], g[1]) for g in train], wrong_per_event=8)  # as train_dyad_trees samples
        trees = BoostedTrees.fit(rows, labels, rounds=int(rounds or 150), min_count=int(min_count or 200))
        w = float(weight or 1.0)
        return lambda rows: list(w * trees.raw_many(rows))
    raise SystemExit(f"unknown dyad learner {name}")


def compare_dyads(groups: list[tuple], source_of: dict[str, str], learners: list[str], k: int, folds: list[int]) -> None:
    fold = fold_of({g[0] for g in groups}, k)
    right = {name: Counter() for name in learners}
    for f in folds:
        train = [g for g in groups if fold[g[0]] != f and g[1]]
        test = [g for g in groups if fold[g[0]] == f]
        scorers = {}
        for name in learners:
            t0 = time.time()
            parts = name.split("+")
            for p in parts:
                if p not in scorers:
                    scorers[p] = dyad_scorer(p, train)
            for doc, labels, keys, rows in test:
                for s in ("all", source_of[doc]):
                    right[name][s, "n"] += 1
                    if labels:
                        scores = [sum(col) for col in zip(*(scorers[p](rows) for p in parts), strict=True)]
                        right[name][s, "ok"] += labels[pick(scores, keys)] == "1"
            print(f"fold {f} {name}: {time.time() - t0:.0f} s", flush=True)
    for name in learners:
        c = right[name]
        print(f"{name}: " + " | ".join(f"{s} {c[s, 'ok'] / max(c[s, 'n'], 1):.4f} ({c[s, 'n']})" for s in ("all", "snn", "old")))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["trigger", "dyad"])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--padt", type=Path)
    ap.add_argument("--newsfane", type=Path)
    ap.add_argument("--gsr", type=Path, help="arabic_event_gsr: its judged sentences as trigger training rows")
    ap.add_argument("--learners", required=True)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--folds", default="0,1", help="the folds to score (each trains on the other K−1)")
    args = ap.parse_args()
    items = [analyse(it) for it in load_annotated(args.dirs, args.corpus, args.padt, args.newsfane)]
    learners, folds = args.learners.split(","), [int(x) for x in args.folds.split(",")]
    if args.stage == "trigger":
        compare_triggers(trigger_rows(items, args.gsr), learners, args.k, folds)
    else:
        source_of = {it.doc_id: "old" if it.source in OLDER else "snn" for it in items}
        compare_dyads(gold_groups(items), source_of, learners, args.k, folds)


if __name__ == "__main__":
    main()
