"""A multi-class linear model over named (string) features, applied in pure Python.

Training goes through scikit-learn (`fit`); the result is a plain dict of per-class weights that is
saved as JSON and scored without numpy, which costs a few microseconds per candidate.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path


class LinearModel:
    def __init__(self, classes: list[str], weights: dict[str, list[float]], bias: list[float]):
        self.classes = classes
        self.weights = weights
        self.bias = bias

    def scores(self, features: Iterable[str]) -> list[float]:
        rows = [row for row in map(self.weights.get, features) if row is not None]
        # column sums in the features' order, the bias first: the same additions as a loop over the features
        return [sum(column) for column in zip(self.bias, *rows, strict=True)] if rows else list(self.bias)

    def proba(self, features: Iterable[str]) -> dict[str, float]:
        s = self.scores(features)
        if len(self.classes) == 2 and len(s) == 1:  # binary: one weight row for the second class
            p = 1.0 / (1.0 + math.exp(-s[0]))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        m = max(s)
        e = [math.exp(x - m) for x in s]
        z = sum(e)
        return {c: v / z for c, v in zip(self.classes, e, strict=True)}

    @classmethod
    def fit(cls, rows: Sequence[Iterable[str]], labels: Sequence[str], c: float = 1.0,
            weights: Sequence[float] | None = None, min_count: int = 1, prune: float = 0.02) -> LinearModel:
        from collections import Counter

        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        counts: Counter[str] = Counter(f for r in rows for f in set(r))
        dicts = [{f: 1.0 for f in r if counts[f] >= min_count} for r in rows]
        vec = DictVectorizer()
        x = vec.fit_transform(dicts)
        clf = LogisticRegression(C=c, max_iter=2000, solver="lbfgs")
        clf.fit(x, list(labels), sample_weight=weights)
        names = vec.get_feature_names_out()
        coef = clf.coef_
        # weights too small to move a probability are dropped: the model file stays small
        table = {str(n): [round(float(v), 3) for v in coef[:, j]] for j, n in enumerate(names)
                 if any(abs(v) >= prune for v in coef[:, j])}
        return cls([str(k) for k in clf.classes_], table, [round(float(b), 4) for b in clf.intercept_])

    @classmethod
    def fit_listwise(cls, groups: Sequence[tuple[Sequence[Iterable[str]], Sequence[str]]], l2: float = 1.0,
                     prune: float = 0.02) -> LinearModel:
        """A conditional logit: each group is one choice among candidates (their features, "1" for a right
        one), and the weights make the right candidates likeliest within their group (a softmax over the group).
        Saved as a binary model whose "1" score ranks candidates: apply it by argmax, not by threshold."""
        import numpy as np
        from scipy.optimize import minimize
        from scipy.sparse import csr_matrix
        from sklearn.feature_extraction import DictVectorizer

        sizes = [len(feats) for feats, _ in groups]
        vec = DictVectorizer()
        x = vec.fit_transform([{f: 1.0 for f in c} for feats, _ in groups for c in feats]).tocsr()
        right = np.array([y == "1" for _, labels in groups for y in labels], dtype=float)
        starts = np.cumsum([0] + sizes[:-1])
        member = np.repeat(np.arange(len(groups)), sizes)
        by_group = csr_matrix((np.ones(len(member)), (member, np.arange(len(member)))), shape=(len(groups), len(member)))

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            s = x @ w
            e = np.exp(s - np.maximum.reduceat(s, starts)[member])
            z_all, z_right = by_group @ e, by_group @ (e * right)
            value = -float(np.sum(np.log(z_right) - np.log(z_all))) + l2 * float(w @ w)
            grad = x.T @ (e / z_all[member] - e * right / z_right[member]) + 2 * l2 * w
            return value, grad

        w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
        names = vec.get_feature_names_out()
        table = {str(n): [round(float(v), 3)] for n, v in zip(names, w, strict=True) if abs(v) >= prune}
        return cls(["0", "1"], table, [0.0])

    def to_json(self) -> dict:
        return {"classes": self.classes, "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, obj: dict) -> LinearModel:
        return cls(obj["classes"], obj["weights"], obj["bias"])

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
