"""Word clusters from unlabelled news, as CRF features: words used alike get the same cluster id.

Built from context counts (the frequent words to the left and right of each word), reduced with a
truncated SVD and grouped with k-means at two granularities. A standard way to give a CRF what a
pretrained model knows about unseen words, at the cost of a small word → cluster table.
Needs scikit-learn at training time only; the model ships the table.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from marsad.arabic.clitics import prefix_variants
from marsad.arabic.normalize import normalize

_TOKEN = re.compile(r"[\u0621-\u064a\u0660-\u0669\w]+")


def _texts(paths: Sequence[str | Path], limit: int) -> Iterator[str]:
    seen = 0
    for p in paths:
        p = Path(p)
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.suffix == ".zip":
                with zipfile.ZipFile(f) as z:
                    for name in z.namelist():
                        for a in json.loads(z.read(name)):
                            if a.get("content"):
                                yield a["content"]
                                seen += 1
                                if seen >= limit:
                                    return
            elif f.suffix in (".txt", ".jsonl") and f.is_file():
                yield f.read_text(encoding="utf-8", errors="replace")


def word_key(token: str) -> str:
    """The form clusters are keyed by: folded, without leading clitics."""
    return prefix_variants(normalize(token))[-1]


def build_clusters(paths: Sequence[str | Path], sizes: Sequence[int] = (64, 512), vocab: int = 40_000,
                   contexts: int = 1_000, limit: int = 1_000_000, seed: int = 13) -> dict[str, list[int]]:
    import numpy as np
    from scipy.sparse import coo_matrix
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize as l2

    sentences = [[word_key(t) for t in _TOKEN.findall(text)] for text in _texts(paths, limit)]
    counts = Counter(w for s in sentences for w in s)
    words = [w for w, _ in counts.most_common(vocab)]
    index = {w: i for i, w in enumerate(words)}
    ctx_index = {w: i for i, w in enumerate(words[:contexts])}
    pairs: Counter[tuple[int, int]] = Counter()
    for s in sentences:
        for i, w in enumerate(s):
            wi = index.get(w)
            if wi is None:
                continue
            if i > 0 and s[i - 1] in ctx_index:
                pairs[(wi, ctx_index[s[i - 1]])] += 1
            if i + 1 < len(s) and s[i + 1] in ctx_index:
                pairs[(wi, contexts + ctx_index[s[i + 1]])] += 1
    rows, cols, vals = zip(*((r, c, v) for (r, c), v in pairs.items()), strict=True)
    matrix = coo_matrix((np.log1p(np.array(vals, dtype="float32")), (rows, cols)), shape=(len(words), 2 * contexts))
    reduced = l2(TruncatedSVD(n_components=100, random_state=seed).fit_transform(matrix.tocsr()))
    table: dict[str, list[int]] = {w: [] for w in words}
    for k in sizes:
        labels = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096).fit_predict(reduced)
        for w, label in zip(words, labels, strict=True):
            table[w].append(int(label))
    return table
