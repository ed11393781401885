"""The dyad stage alone, cross-validated: over the gold events a trigger candidate states (model.align), given the
gold type, how often the stage's chosen dyad (pairs of one state or group pooled, as choose_dyad does) is the gold's
by EVENTS.md's match, by K folds of articles. It isolates the stage from the trigger and plausibility stages.

    python bench/dyad_stage_cv.py ../shared/data/events/train ../shared/data/events/dev data/annotations/events \
        data/annotations/events_b … --corpus ../shared/data/corpus/saudinewsnet/zips [--without P:lab= …]

`--without PREFIX[,PREFIX…]` (repeatable) scores, beside the full stage, one trained without the features starting
with those prefixes, on the same folds: an ablation of feature families ("P:lab=,P:stem|lab=", "A:rule_actor").
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.dyads import dyad_features, dyad_key, dyad_labels, pair_options, train_dyad_stage
from marsad.events.learned.features import argument_features, role_context_features, trigger_stem
from marsad.events.learned.model import align, learn_trigger_clusters, learn_trigger_forms, prepare

Group = tuple[str, list[str] | None, list[tuple], list[list[str]]]  # article, labels, dyad keys, pair features


def gold_groups(items) -> list[Group]:
    forms, clusters = learn_trigger_forms(items), learn_trigger_clusters(items)
    groups: list[Group] = []
    for it in items:
        prepare(it.doc, it.doc.user_data.get("marsad_rule_drafts"))
        _, args, gold_drafts = align(it, forms, clusters)
        features_of: dict[int, tuple] = {}
        for c, p, etype, _label, _w in args:
            features_of.setdefault(id(c.hit), (c, []))[1].append(
                argument_features(it.doc, c, p, etype) + role_context_features(it.doc, c, p, etype))
        for draft, gold in gold_drafts:
            if id(draft.trigger) not in features_of:
                continue
            c, party_features = features_of[id(draft.trigger)]
            pairs = pair_options(len(c.parties))
            stem = trigger_stem(it.doc, c)
            groups.append((it.doc_id, dyad_labels(gold["type"], c.parties, pairs, gold),
                           [dyad_key(c.parties, pair) for pair in pairs],
                           [dyad_features(gold["type"], c.parties, party_features, pair, c.hit.start, stem) for pair in pairs]))
    return groups


def accuracy(groups: list[Group], fold: dict[str, int], k: int, without: tuple[str, ...]) -> list[float]:
    def keep(rows: list[list[str]]) -> list[list[str]]:
        return [[x for x in row if not x.startswith(without)] for row in rows] if without else rows

    per_fold = []
    for f in range(k):
        model = train_dyad_stage([(keep(rows), labels) for d, labels, _, rows in groups if fold[d] != f and labels])
        right = n = 0
        for d, labels, keys, rows in groups:
            if fold[d] != f:
                continue
            n += 1
            if not labels or model is None:
                continue  # no pair of the sentence's participants is the gold dyad: counted wrong
            scores = [model.scores(row)[0] for row in keep(rows)]
            top = max(scores)
            mass: dict[tuple, float] = {}
            for s, key in zip(scores, keys, strict=True):
                mass[key] = mass.get(key, 0.0) + math.exp(s - top)
            best = max(mass, key=mass.__getitem__)
            j = max((i for i, key in enumerate(keys) if key == best), key=scores.__getitem__)
            right += labels[j] == "1"
        per_fold.append(right / n if n else 0.0)
    return per_fold


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--without", action="append", default=[],
                    help="feature prefixes to leave out together, comma-separated (an ablation)")
    args = ap.parse_args()
    items = [analyse(it) for it in load_annotated(args.dirs, args.corpus)]
    groups = gold_groups(items)
    docs = sorted({g[0] for g in groups})
    random.Random(1).shuffle(docs)
    fold = {d: i % args.folds for i, d in enumerate(docs)}
    reachable = sum(1 for g in groups if g[1]) / len(groups)
    print(f"{len(groups)} gold-aligned events in {len(docs)} articles; the gold dyad among the pairs for {reachable:.3f}")
    for name, without in (("all features", ()), *((f"without {p}", tuple(p.split(","))) for p in args.without)):
        per_fold = accuracy(groups, fold, args.folds, without)
        mean = sum(per_fold) / len(per_fold)
        print(f"  {name}: right dyad {mean:.4f} (folds {' '.join(f'{x:.4f}' for x in per_fold)})")


if __name__ == "__main__":
    main()
