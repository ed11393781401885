"""Score the shipped event model, the hybrid default and the rule coder on annotated articles none was
trained or tuned on (EVENTS.md scoring).

    python bench/heldout_events.py data/annotations/events_c --corpus ../shared/data/corpus/saudinewsnet/zips
    python bench/heldout_events.py data/annotations/events_padt --padt ../shared/data/ud/padt-v1.3

Run it on a new annotated set before training on it: that is the held-out figure (issue 10).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from marsad.evaluate import format_report, score
from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.crossval import HybridCoder, RuleCoder, predict
from marsad.events.learned.model import load_default_model


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path, help="The SaudiNewsNet zips, for sets named by a manifest.tsv.")
    ap.add_argument("--padt", type=Path, help="The UD PADT v1.3 treebank, for sets of PADT documents (events_padt).")
    ap.add_argument("--newsfane", type=Path, help="The NewsFANE corpus, for sets of NewsFANE passages (events_newsfane).")
    ap.add_argument("--model", help="A model directory (default: the shipped one).")
    args = ap.parse_args()
    items = [analyse(it) for it in load_annotated(args.dirs, args.corpus, args.padt, args.newsfane)]
    gold = {it.doc_id: it.gold for it in items}
    model = load_default_model(args.model)
    for name, coder in (("learned", model), ("hybrid (default)", HybridCoder(model)), ("rules", RuleCoder())):
        print(f"{name}, {len(items)} articles")
        print(format_report(score(predict(coder, items), gold)))


if __name__ == "__main__":
    main()
