"""Cross-validate the unlisted-noun models (marsad.nlp.unlisted_nouns) on annotated articles.

    python bench/unlisted_nouns_cv.py ANNOTATED_DIR… --corpus ZIPS [--folds 5] [--c 1.0]

Articles are split into folds (sorted ids, shuffled with seed 1, article i in fold i mod k). Each fold's models are
fitted on the other folds' rows (every positive, a quarter of the negatives, as `marsad train participants` does) and
score every row of the fold. For each threshold: how many of the fold's positives the detector marks, how many of
those the kind model labels right, and how many other words it marks. How a marked participant is then resolved
(its state) is measured end to end by `marsad eval actors`.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from marsad.events.learned.annotated import analyse, load_annotated
from marsad.nlp.unlisted_nouns import disabled
from marsad.nlp.unlisted_nouns_training import NEGATIVE_SHARE, article_rows, fit

THRESHOLDS = (0.03, 0.05, 0.1, 0.2, 0.3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=1.0)
    args = ap.parse_args()
    by_doc = {}
    with disabled():
        for item in load_annotated(args.dirs, args.corpus):
            by_doc[item.doc_id] = list(article_rows(analyse(item)))
            item.doc = None
    docs = sorted(by_doc)
    random.Random(1).shuffle(docs)
    fold_of = {d: i % args.folds for i, d in enumerate(docs)}
    found = {t: [0, 0, 0] for t in THRESHOLDS}  # marked positives, of them kind right, other words marked
    positives = negatives = 0
    for k in range(args.folds):
        rng = random.Random(2)
        train = [r for d in docs if fold_of[d] != k for r in by_doc[d]
                 if r.kind is not None or rng.random() < NEGATIVE_SHARE]
        model = fit(train, c=args.c)
        for d in docs:
            if fold_of[d] != k:
                continue
            for row in by_doc[d]:
                p = model.detector.proba(row.features)["1"]
                if row.kind is None:
                    negatives += 1
                else:
                    positives += 1
                    kinds = model.kinds.proba(row.features)
                    right = max(kinds, key=kinds.__getitem__) == row.kind
                for t in THRESHOLDS:
                    if p >= t:
                        if row.kind is None:
                            found[t][2] += 1
                        else:
                            found[t][0] += 1
                            found[t][1] += right
    print(f"{len(docs)} articles, {args.folds} folds: {positives} participants without a party, {negatives} other free words")
    print("threshold  marked  kind right  other words marked")
    for t in THRESHOLDS:
        print(f"{t:9}  {found[t][0]:6}  {found[t][1]:10}  {found[t][2]:18}")


if __name__ == "__main__":
    main()
