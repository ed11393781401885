"""The place stage alone, cross-validated: over the gold events a trigger candidate states (model.align), how often
one of the stage's candidates is the gold place (reach) and how often the stage picks a right one (accuracy), by
K folds of articles. It isolates the gazetteers and the place stage from the coder: the events are the gold's.

    python bench/place_stage_cv.py ../shared/data/events/train ../shared/data/events/dev data/annotations/events \
        data/annotations/events_b … --corpus ../shared/data/corpus/saudinewsnet/zips

Errors are split by what the gold says (a place or none), what the stage chose, and whether a right candidate
existed ("unreachable": the gazetteers do not know the place, or name it in another state).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.model import align, learn_trigger_clusters, learn_trigger_forms
from marsad.events.learned.places import place_candidates, place_labels, train_place_stage


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    items = [analyse(it) for it in load_annotated(args.dirs, args.corpus)]
    forms, clusters = learn_trigger_forms(items), learn_trigger_clusters(items)
    rows = []  # (article, candidates' features, labels or None, gold location)
    for it in items:
        for draft, gold in align(it, forms, clusters)[2]:
            cands = place_candidates(it.doc, draft)
            rows.append((it.doc_id, [c.features for c in cands], place_labels(cands, gold), gold.get("location")))
    docs = sorted({r[0] for r in rows})
    random.Random(1).shuffle(docs)
    fold = {d: i % args.folds for i, d in enumerate(docs)}
    right, errors = 0, Counter()
    for f in range(args.folds):
        model = train_place_stage([(feats, labels) for d, feats, labels, _ in rows if fold[d] != f and labels])
        for d, feats, labels, gold in rows:
            if fold[d] != f:
                continue
            scores = [model.proba(x).get("1", 0.0) for x in feats]
            j = max(range(len(scores)), key=scores.__getitem__)
            if labels and labels[j] == "1":
                right += 1
            else:
                errors[f"gold {'place' if gold else 'none'}, chose {'none' if j == 0 else 'a place'}, "
                       f"{'reachable' if labels else 'unreachable'}"] += 1
    reach = sum(1 for r in rows if r[2]) / len(rows)
    print(f"{len(rows)} gold-aligned events in {len(docs)} articles; a right candidate for {reach:.3f}; "
          f"the stage right for {right / len(rows):.4f} ({args.folds} folds)")
    for what, n in errors.most_common():
        print(f"  {n:5d}  {what}")


if __name__ == "__main__":
    main()
