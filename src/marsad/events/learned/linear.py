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
        s = list(self.bias)
        w = self.weights
        for f in features:
            row = w.get(f)
            if row is not None:
                for k, v in enumerate(row):
                    s[k] += v
        return s

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
