"""Gradient-boosted trees over a stage's binary features, beside its regression.

Fitted with scikit-learn's HistGradientBoostingClassifier (scikit-learn is needed to train, as for every stage);
kept and applied as plain arrays in numpy, so applying a model needs neither scikit-learn nor pickles. A tree
sends a draft left when its feature is absent (the split thresholds of binary features lie between 0 and 1).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# features seen fewer times are left out (the trees cannot split on them usefully); 150 rounds of 31 leaves
MIN_COUNT = 20
ROUNDS = 150
LEAVES = 31
LEARNING_RATE = 0.1
L2 = 1.0


@dataclass
class BoostedTrees:
    vocabulary: dict[str, int]
    baseline: float  # the raw score before any tree
    feature: np.ndarray  # (trees, nodes): the feature a node tests, −1 at leaves and padding
    threshold: np.ndarray  # (trees, nodes): absent (0) goes left when 0 ≤ threshold
    left: np.ndarray  # (trees, nodes) child indices
    right: np.ndarray
    value: np.ndarray  # (trees, nodes): a leaf's share of the raw score
    depth: int

    @classmethod
    def fit(cls, rows: list[list[str]], labels: list[str], seed: int = 0, min_count: int = MIN_COUNT,
            rounds: int = ROUNDS) -> BoostedTrees | None:
        """Trees for P(label "1"); None when a class is missing or no feature is frequent enough."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        y = np.array([label == "1" for label in labels], dtype=np.int8)
        counts = Counter(f for row in rows for f in set(row))
        vocabulary = {f: j for j, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
        if not vocabulary or y.min() == y.max():
            return None
        x = _matrix(rows, vocabulary)
        model = HistGradientBoostingClassifier(max_iter=rounds, learning_rate=LEARNING_RATE, max_leaf_nodes=LEAVES,
                                               l2_regularization=L2, early_stopping=False, random_state=seed)
        model.fit(x, y)
        trees = [predictors[0].nodes for predictors in model._predictors]
        width = max(len(t) for t in trees)
        shape = (len(trees), width)
        feature = np.full(shape, -1, dtype=np.int32)
        threshold = np.zeros(shape)
        left = np.zeros(shape, dtype=np.int32)
        right = np.zeros(shape, dtype=np.int32)
        value = np.zeros(shape)
        depth = 0
        for i, nodes in enumerate(trees):
            n = len(nodes)
            leaf = nodes["is_leaf"].astype(bool)
            feature[i, :n] = np.where(leaf, -1, nodes["feature_idx"])
            threshold[i, :n] = nodes["num_threshold"]
            left[i, :n], right[i, :n] = nodes["left"], nodes["right"]
            value[i, :n] = np.where(leaf, nodes["value"], 0.0)
            depth = max(depth, int(nodes["depth"].max()))
        return cls(vocabulary, float(np.ravel(model._baseline_prediction)[0]), feature, threshold, left, right, value, depth)

    def raw(self, features: list[str]) -> float:
        return float(self.raw_many([features])[0])

    def raw_many(self, rows: list[list[str]]) -> np.ndarray:
        """The raw scores (log-odds) of many rows at once: every row goes down every tree in one pass."""
        present = np.zeros((len(rows), len(self.vocabulary) + 1))  # the last slot: "no feature" (leaves, padding)
        for n, row in enumerate(rows):
            present[n, [self.vocabulary[f] for f in row if f in self.vocabulary]] = 1.0
        trees = np.arange(self.feature.shape[0])[None, :]
        at = np.arange(len(rows))[:, None]
        node = np.zeros((len(rows), self.feature.shape[0]), dtype=np.int32)
        for _ in range(self.depth):
            tested = self.feature[trees, node]
            go_left = present[at, tested] <= self.threshold[trees, node]
            step = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(tested < 0, node, step)
        return self.baseline + self.value[trees, node].sum(axis=1)

    def proba(self, features: list[str]) -> dict[str, float]:
        return self.proba_many([features])[0]

    def proba_many(self, rows: list[list[str]]) -> list[dict[str, float]]:
        """proba of each row, all rows down the trees at once (each row's probability is the one it gets alone)."""
        out = []
        for raw in self.raw_many(rows):
            one = float(1.0 / (1.0 + np.exp(-raw)))
            out.append({"1": one, "0": 1.0 - one})
        return out

    # ---- saving: name.npz (the arrays) and name.json (the vocabulary) ----------------------------------------------
    def save(self, stem: Path) -> None:
        np.savez_compressed(stem.with_suffix(".npz"), feature=self.feature, threshold=self.threshold, left=self.left,
                            right=self.right, value=self.value)
        meta = {"vocabulary": sorted(self.vocabulary, key=self.vocabulary.__getitem__), "baseline": self.baseline,
                "depth": self.depth}
        stem.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @staticmethod
    def exists(stem: Path) -> bool:
        return stem.with_suffix(".npz").exists() and stem.with_suffix(".json").exists()

    @classmethod
    def load(cls, stem: Path) -> BoostedTrees:
        meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(stem.with_suffix(".npz")) as a:
            arrays = {k: a[k] for k in ("feature", "threshold", "left", "right", "value")}
        return cls({f: j for j, f in enumerate(meta["vocabulary"])}, meta["baseline"], depth=meta["depth"], **arrays)


def _matrix(rows: list[list[str]], vocabulary: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(rows), len(vocabulary)), dtype=np.float32)
    for n, row in enumerate(rows):
        for f in row:
            j = vocabulary.get(f)
            if j is not None:
                x[n, j] = 1.0
    return x
