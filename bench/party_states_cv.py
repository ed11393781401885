"""Cross-validate the party-state model (marsad.nlp.party_states) on annotated articles.

    python bench/party_states_cv.py ANNOTATED_DIR… --corpus ZIPS [--padt DIR] [--newsfane PATH] [--folds 5]
        [--l2 1.0,3.0] [--margins 0,0.5,1,1.5,2]

Articles are split into folds (crc32 of the doc id, mod k). Each fold's model is fitted on the other folds' choices
(as `marsad train party-states` does) and chooses a state for each of the fold's participants in scope. For each L2
and margin: how many of them the rules' state gets right, how many the model's choice does, and how many choices it
changes, fixes and breaks. Only participants with a right candidate are counted (a gold group such as ISIS has none:
the model cannot change those). The end-to-end figure is `marsad eval actors`.
"""

from __future__ import annotations

import argparse
import zlib
from collections import Counter
from pathlib import Path

from marsad.events.learned.linear import LinearModel
from marsad.nlp.party_states import PartyStates
from marsad.nlp.party_states_training import collect_choices


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--padt", type=Path)
    ap.add_argument("--newsfane", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", default="1.0")
    ap.add_argument("--margins", default="0,0.5,1,1.5,2")
    args = ap.parse_args()
    choices, articles = collect_choices(args.dirs, args.corpus, args.padt, args.newsfane)
    margins = [float(m) for m in args.margins.split(",")]
    print(f"{articles} articles, {len(choices)} participants in scope with a right candidate, "
          f"the rules right for {sum(c.labels[0] == '1' for c in choices)}")
    fold_of = [zlib.crc32(c.doc_id.encode()) % args.folds for c in choices]
    for l2 in (float(x) for x in args.l2.split(",")):
        counts: Counter[tuple[float, str]] = Counter()
        for k in range(args.folds):
            train = [(c.features, c.labels) for c, f in zip(choices, fold_of, strict=True) if f != k]
            model = LinearModel.fit_listwise(train, l2=l2)
            for margin in margins:
                chooser = PartyStates(model, margin)
                for c, f in zip(choices, fold_of, strict=True):
                    if f != k:
                        continue
                    scores = [chooser.score(feats) for feats in c.features]
                    best = max(range(len(scores)), key=scores.__getitem__)
                    i = best if scores[best] - scores[0] > margin else 0
                    right, rule_right = c.labels[i] == "1", c.labels[0] == "1"
                    counts[margin, "right"] += right
                    counts[margin, "changed"] += i != 0
                    counts[margin, "fixed"] += right and not rule_right
                    counts[margin, "broken"] += rule_right and not right
        for margin in margins:
            print(f"L2 {l2} margin {margin}: right {counts[margin, 'right']} (changed {counts[margin, 'changed']}, "
                  f"fixed {counts[margin, 'fixed']}, broken {counts[margin, 'broken']})")


if __name__ == "__main__":
    main()
