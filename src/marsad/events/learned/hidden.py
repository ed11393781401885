"""A one-hidden-layer network over named (string) features, for averaging with a LinearModel.

The trigger stage's logistic regression weighs each feature alone; this network also learns some of their
combinations. Averaged with the regression (`mix`, 0.3 for the network) it moved the coder's 5-fold CV F1 from
0.5907 to 0.5932 and the held-out sets' from 0.634 to 0.631 (session 39, MODEL_CARD.md): within noise, so it is an
option of `marsad train events`, not part of the shipped model. Training goes through scikit-learn's MLPClassifier;
applying it is one row-sum and one small matrix product in numpy, so no learning library is needed at run time. The
first layer is stored as float16, the largest part by far (about 9 MB for 90,000 features and 64 hidden units).
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np


class HiddenLayerModel:
    def __init__(self, classes: list[str], vocabulary: dict[str, int], w1: np.ndarray, b1: np.ndarray,
                 w2: np.ndarray, b2: np.ndarray):
        self.classes = classes
        self.vocabulary = vocabulary
        self.w1 = w1.astype(np.float32)  # stored as float16; summed in float32
        self.b1 = b1.astype(np.float32)
        self.w2 = w2.astype(np.float32)
        self.b2 = b2.astype(np.float32)

    def proba(self, features: Iterable[str]) -> dict[str, float]:
        rows = sorted({i for i in map(self.vocabulary.get, features) if i is not None})
        hidden = np.maximum(self.w1[rows].sum(axis=0) + self.b1, 0.0)
        scores = hidden @ self.w2 + self.b2
        e = np.exp(scores - scores.max())
        e /= e.sum()
        return {c: float(v) for c, v in zip(self.classes, e, strict=True)}

    @classmethod
    def fit(cls, rows: Sequence[Iterable[str]], labels: Sequence[str], weights: Sequence[float] | None = None,
            hidden: int = 64, min_count: int = 3, epochs: int = 8, seed: int = 1) -> HiddenLayerModel | None:
        """None when there is nothing to learn (one class, or no feature seen min_count times)."""
        from scipy import sparse
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier

        rows = [list(r) for r in rows]
        counts: Counter[str] = Counter(f for r in rows for f in set(r))
        vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
        if not vocabulary or len(set(labels)) < 2:
            return None
        indices, pointers = [], [0]
        for r in rows:
            indices.extend(sorted({vocabulary[f] for f in r if f in vocabulary}))
            pointers.append(len(indices))
        x = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, pointers), shape=(len(rows), len(vocabulary)))
        net = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1e-3, batch_size=min(512, len(rows)), max_iter=epochs, random_state=seed)
        with warnings.catch_warnings():  # a fixed number of epochs is the setting measured, not a failure to converge
            warnings.simplefilter("ignore", ConvergenceWarning)
            net.fit(x, list(labels), sample_weight=None if weights is None else np.asarray(weights, dtype=np.float64))
        w1, w2 = net.coefs_
        b1, b2 = net.intercepts_
        if w2.shape[1] == 1:  # binary: scikit-learn keeps one logistic output; make it two softmax columns
            w2 = np.hstack([np.zeros_like(w2), w2])
            b2 = np.concatenate([[0.0], b2])
        return cls([str(c) for c in net.classes_], vocabulary, w1.astype(np.float16), b1, w2, b2)

    def save(self, path: Path) -> None:
        """path.npz holds the weights, path.json the classes and the feature names."""
        path = Path(path)
        np.savez_compressed(path.with_suffix(".npz"), w1=self.w1.astype(np.float16), b1=self.b1, w2=self.w2, b2=self.b2)
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        path.with_suffix(".json").write_text(json.dumps({"classes": self.classes, "features": names}, ensure_ascii=False),
                                             encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> HiddenLayerModel:
        path = Path(path)
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(path.with_suffix(".npz")) as z:
            return cls(meta["classes"], {f: i for i, f in enumerate(meta["features"])}, z["w1"], z["b1"], z["w2"], z["b2"])

    @staticmethod
    def exists(path: Path) -> bool:
        path = Path(path)
        return path.with_suffix(".npz").exists() and path.with_suffix(".json").exists()


def mix(linear: dict[str, float], network: dict[str, float], weight: float) -> dict[str, float]:
    """(1 − weight) · the regression's probabilities + weight · the network's, over the regression's classes."""
    return {c: (1.0 - weight) * p + weight * network.get(c, 0.0) for c, p in linear.items()}
