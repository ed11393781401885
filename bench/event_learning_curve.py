"""Learning curve of the learned event coder: cross-validated F1 against the number of training articles.

The annotated articles are split into K folds once; for each size N, every test fold is coded by a
model trained on N articles drawn from the other folds, and the pooled held-out predictions are scored
(EVENTS.md rules). The rule coder's score on the same folds is the baseline.

    python bench/event_learning_curve.py ../shared/data/events/train ../shared/data/events/dev data/annotations/events \
        --corpus ../shared/data/corpus/saudinewsnet/zips
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from datetime import date
from pathlib import Path

from marsad.evaluate import score
from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.crossval import folds, predict, rule_predictions
from marsad.events.learned.model import train


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--sizes", default="25,50,100,200,all")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    items = [analyse(it) for it in load_annotated(args.dirs, args.corpus)]
    parts = folds(items, args.k, args.seed)
    gold = {it.doc_id: it.gold for it in items}
    print(f"{date.today()} on {platform.node()} ({platform.machine()}, Python {platform.python_version()}): "
          f"{len(items)} annotated articles, {args.k} folds")
    p, r, f = score(rule_predictions(items), gold).overall.prf()
    print(f"{'rules':>6}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (no training)")
    for size in args.sizes.split(","):
        t = time.time()
        pooled: dict = {}
        for i, test in enumerate(parts):
            pool = [it for j, part in enumerate(parts) if j != i for it in part]
            chosen = pool if size == "all" else random.Random(args.seed + i).sample(pool, min(int(size), len(pool)))
            pooled.update(predict(train(chosen), test))
        p, r, f = score(pooled, gold).overall.prf()
        n = len(items) - len(items) // args.k if size == "all" else int(size)
        print(f"{n:>6}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   ({time.time() - t:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
