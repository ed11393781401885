"""Two blind annotations of the same articles, and marsad beside them (issue 11: is the place bar within
what annotators agree on?).

    python bench/annotator_agreement.py data/annotations/agreement_heldout/gold \
        data/annotations/events_v data/annotations/events_w data/annotations/events_ad \
        --corpus ../shared/data/corpus/saudinewsnet/zips

SECOND is a directory of gold files (EVENTS.md) for articles of the FIRST annotated sets. Each annotation is
scored against the other with EVENTS.md's scoring, as marsad's predictions are; then, over the first
annotation's events that both the second annotation and marsad match, how often each has the first's place.
marsad is the shipped model with the hybrid coder; score it only on sets it was not trained on.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from marsad.evaluate import Report, _match, _place_ok, events_match, load_gold, score
from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.crossval import HybridCoder, predict
from marsad.events.learned.model import load_default_model

Events = dict[str, list[dict]]


def _required(events: Events) -> Events:
    return {d: [e for e in v if e.get("required", True)] for d, v in events.items()}


def _line(name: str, report: Report) -> str:
    o = report.to_dict()
    b = o["overall"]
    return (f"{name:34} P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}   place {o['location_accuracy']}"
            f"  date {o['date_accuracy']}  (over {report.pairs} matched pairs)")


def shared_places(first: Events, second: Events, marsad: Events) -> tuple[int, int, int]:
    """The first annotation's events that both the second and marsad match: (how many, places the second has
    right, places marsad has right)."""
    both = second_ok = marsad_ok = 0
    for doc, golds in first.items():
        by_second = {id(g): p for p, g in _match(second.get(doc, []), golds, events_match)}
        by_marsad = {id(g): p for p, g in _match(marsad.get(doc, []), golds, events_match)}
        for g in golds:
            if id(g) in by_second and id(g) in by_marsad:
                both += 1
                second_ok += _place_ok(by_second[id(g)], g)
                marsad_ok += _place_ok(by_marsad[id(g)], g)
    return both, second_ok, marsad_ok


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("second", type=Path, help="The second annotation's gold files.")
    ap.add_argument("first", nargs="+", type=Path, help="The annotated sets the articles and the first annotation come from.")
    ap.add_argument("--corpus", type=Path, help="The SaudiNewsNet zips, for sets named by a manifest.tsv.")
    ap.add_argument("--model", help="A model directory (default: the shipped one).")
    args = ap.parse_args()
    second = load_gold(args.second)
    items = [analyse(it) for it in load_annotated(args.first, args.corpus, None, None) if it.doc_id in second]
    missing = sorted(set(second) - {it.doc_id for it in items})
    if missing:
        raise SystemExit(f"{args.second}: {len(missing)} articles not in the first sets, e.g. {missing[:3]}")
    first = {it.doc_id: it.gold for it in items}
    marsad = predict(HybridCoder(load_default_model(args.model)), items)
    count = lambda ev: f"{sum(map(len, ev.values()))} events ({sum(map(len, _required(ev).values()))} required)"  # noqa: E731
    print(f"{len(items)} articles: first annotation {count(first)}, second {count(second)}, "
          f"marsad {sum(map(len, marsad.values()))} records")
    print(_line("second (all) against first", score(second, first)))
    print(_line("second (required) against first", score(_required(second), first)))
    print(_line("first (all) against second", score(first, second)))
    print(_line("marsad against first", score(marsad, first)))
    print(_line("marsad against second", score(marsad, second)))
    both, second_ok, marsad_ok = shared_places(first, second, marsad)
    print(f"the first's events both match: {both}; place right: second {second_ok / max(1, both):.3f} ({second_ok}), "
          f"marsad {marsad_ok / max(1, both):.3f} ({marsad_ok})")


if __name__ == "__main__":
    main()
