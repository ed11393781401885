"""The place stage alone, cross-validated: over the gold events a trigger candidate states (model.align), how often
one of the stage's candidates is the gold place (reach) and how often the stage picks a right one (accuracy), by
K folds of articles. It isolates the gazetteers and the place stage from the coder: the events are the gold's.

    python bench/place_stage_cv.py ../shared/data/events/train ../shared/data/events/dev data/annotations/events \
        data/annotations/events_b … --corpus ../shared/data/corpus/saudinewsnet/zips

Errors are split by what the gold says (a place or none), what the stage chose, and whether a right candidate
existed ("unreachable": the gazetteers do not know the place, or name it in another state).
`--trees-weights 0.5,1` also scores the stage with boosted trees beside the logit (places.train_place_trees), fitted
on the same training folds, at each share; `--padt` and `--newsfane` load the older newswire's annotated articles.
`--dump FILE` writes each scored event's outcome (article, event, right 0/1); `--compare FILE` reads an earlier run's
dump and prints the events fixed and broken since, with a bootstrap interval over articles of the difference.
`--train-fractions 0.25,0.5` is a learning curve: each fold's stage trained again on that share of its training
articles (the first of them in the shuffled order) and scored on the same test fold — how much more annotation
would move the stage. `--extra-training DIR` (repeatable) adds annotated directories to every fold's training
articles (not the learning curve's smaller ones) and never scores them: the same test events as without, so the
two runs compare directly. `--none-offsets -0.5,0.5` scores the stage with that amount added to the no-place
candidate's score (is its choice between a place and none biased?). `--by-type` prints, per event type, how often the
stage is right, how often the gold places the event, and how often the stage is right when it chooses a place and
when it chooses none.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.model import align, learn_trigger_clusters, learn_trigger_forms
from marsad.events.learned.places import (
    PlaceCandidate,
    place_candidates,
    place_labels,
    place_scores,
    train_place_stage,
    train_place_trees,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--padt", type=Path)
    ap.add_argument("--newsfane", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--trees-weights", default="", help="comma-separated shares of the trees' log-odds, e.g. 0.5,1")
    ap.add_argument("--none-offsets", default="", help="comma-separated amounts added to the no-place candidate's score, e.g. -0.5,0.5")
    ap.add_argument("--train-fractions", default="", help="comma-separated shares of each fold's training articles, e.g. 0.25,0.5")
    ap.add_argument("--by-type", action="store_true", help="print, per event type, how often the stage is right")
    ap.add_argument("--dump", type=Path, help="write each scored event's outcome (article, event, right 0/1) here, as TSV")
    ap.add_argument("--compare", type=Path, help="an earlier run's --dump: events fixed and broken since, and a bootstrap "
                                                 "over articles of the difference")
    ap.add_argument("--extra-training", type=Path, action="append", default=[],
                    help="An annotated directory whose events join every fold's training and are never scored (repeatable).")
    args = ap.parse_args()
    weights = [float(w) for w in args.trees_weights.split(",") if w]
    offsets = [float(x) for x in args.none_offsets.split(",") if x]
    fractions = [float(x) for x in args.train_fractions.split(",") if x]
    items = [analyse(it) for it in load_annotated(args.dirs, args.corpus, args.padt, args.newsfane)]
    # the trigger forms come from the scored directories alone, so that extra training leaves the test events as they are
    forms, clusters = learn_trigger_forms(items), learn_trigger_clusters(items)
    rows = _place_rows(items, forms, clusters)  # (article, candidates' features, labels or None, gold location, type)
    extra: list[tuple[list[list[str]], list[str]]] = []
    if args.extra_training:
        extra_items = [analyse(it) for it in load_annotated(args.extra_training, args.corpus, args.padt, args.newsfane)]
        shared = {it.doc_id for it in extra_items} & {it.doc_id for it in items}
        if shared:
            raise SystemExit(f"--extra-training holds {len(shared)} scored articles (e.g. {min(shared)}): they would be trained on")
        extra = [(feats, labels) for _, feats, labels, _, _ in _place_rows(extra_items, forms, clusters) if labels]
    docs = sorted({r[0] for r in rows})
    random.Random(1).shuffle(docs)
    fold = {d: i % args.folds for i, d in enumerate(docs)}
    right, errors = 0, Counter()
    right_with = Counter()  # trees' share → events placed right
    right_at = Counter()  # share of the training articles → events placed right
    right_offset = Counter()  # offset of the no-place candidate's score → events placed right
    by_type: Counter[tuple[str, ...]] = Counter()  # (type, what the stage chose[, "right"]) and (type, "gold place")
    outcomes: list[tuple[str, int, int]] = []  # (article, event's index among its article's rows, right)
    for f in range(args.folds):
        groups = [(feats, labels) for d, feats, labels, _, _ in rows if fold[d] != f and labels] + extra
        model = train_place_stage(groups)
        trees = train_place_trees(groups) if weights else None
        train_docs = [d for d in docs if fold[d] != f]
        for share in fractions:
            right_at[share] += _right_with_share(rows, fold, f, set(train_docs[: int(len(train_docs) * share)]))
        index: Counter[str] = Counter()
        for d, feats, labels, gold, etype in rows:
            index[d] += 1
            if fold[d] != f:
                continue
            candidates = [PlaceCandidate(None, x) for x in feats]
            scores = place_scores(model, candidates)
            j = max(range(len(scores)), key=scores.__getitem__)
            outcomes.append((d, index[d], int(bool(labels and labels[j] == "1"))))
            chose = "chose a place" if j else "chose none"
            by_type[etype, chose] += 1
            by_type[etype, chose, "right"] += bool(labels and labels[j] == "1")
            by_type[etype, "gold place"] += bool(gold)
            if labels and labels[j] == "1":
                right += 1
            else:
                errors[f"gold {'place' if gold else 'none'}, chose {'none' if j == 0 else 'a place'}, "
                       f"{'reachable' if labels else 'unreachable'}"] += 1
            for o in offsets:
                k = max(range(len(scores)), key=lambda i: scores[i] + (o if i == 0 else 0.0))
                right_offset[o] += bool(labels and labels[k] == "1")
            for w in weights:
                scores = place_scores(model, candidates, trees, w)
                k = max(range(len(scores)), key=scores.__getitem__)
                right_with[w] += bool(labels and labels[k] == "1")
    reach = sum(1 for r in rows if r[2]) / len(rows)
    print(f"{len(rows)} gold-aligned events in {len(docs)} articles; a right candidate for {reach:.3f}; "
          f"the stage right for {right / len(rows):.4f} ({args.folds} folds"
          + (f"; {len(extra)} more training events with a right candidate in every fold)" if extra else ")"))
    for what, n in errors.most_common():
        print(f"  {n:5d}  {what}")
    if args.by_type:
        print(_by_type_table(by_type))
    for w in weights:
        print(f"with trees at share {w}: right for {right_with[w] / len(rows):.4f}")
    for o in offsets:
        print(f"with {o:+g} on the no-place candidate's score: right for {right_offset[o] / len(rows):.4f}")
    for share in fractions:
        print(f"trained on {share:g} of each fold's training articles: right for {right_at[share] / len(rows):.4f}")
    if args.dump:
        args.dump.write_text("".join(f"{d}\t{i}\t{ok}\n" for d, i, ok in sorted(outcomes)), encoding="utf-8")
    if args.compare:
        print(_compare(args.compare, outcomes))


def _compare(path: Path, outcomes: list[tuple[str, int, int]], resamples: int = 2000) -> str:
    """Events fixed and broken against an earlier run's dump, and the 95% interval of the difference in accuracy by a
    bootstrap over articles (the events of one article move together)."""
    before = {(d, int(i)): int(ok) for d, i, ok in (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())}
    now = {(d, i): ok for d, i, ok in outcomes}
    if before.keys() != now.keys():
        return f"--compare: {path} scored other events ({len(before)} against {len(now)}); not compared"
    fixed = sum(1 for k, ok in now.items() if ok > before[k])
    broken = sum(1 for k, ok in now.items() if ok < before[k])
    by_article: dict[str, list[int]] = {}
    for k, ok in now.items():
        by_article.setdefault(k[0], []).append(ok - before[k])
    articles, rng, deltas = sorted(by_article), random.Random(0), []
    for _ in range(resamples):
        drawn = [by_article[a] for a in rng.choices(articles, k=len(articles))]
        deltas.append(sum(map(sum, drawn)) / sum(map(len, drawn)))
    deltas.sort()
    low, high = deltas[int(0.025 * resamples)], deltas[int(0.975 * resamples) - 1]
    return f"against {path}: {fixed} events fixed, {broken} broken; difference {low:+.4f} … {high:+.4f} (95%, bootstrap over articles)"


def _right_with_share(rows: list[tuple], fold: dict[str, int], f: int, kept: set[str]) -> int:
    """Events of test fold `f` placed right by a stage trained on the `kept` articles alone."""
    smaller = train_place_stage([(feats, labels) for d, feats, labels, _, _ in rows if d in kept and labels])
    right = 0
    for d, feats, labels, _, _ in rows:
        if fold[d] == f and smaller is not None:
            scores = place_scores(smaller, [PlaceCandidate(None, x) for x in feats])
            k = max(range(len(scores)), key=scores.__getitem__)
            right += bool(labels and labels[k] == "1")
    return right


def _by_type_table(by_type: Counter[tuple[str, ...]]) -> str:
    """Per event type: events, the share placed right, the share the gold places, and how often the stage is right
    when it chooses a place and when it chooses none."""
    def share(t: str, chose: str) -> float:
        return by_type[t, chose, "right"] / by_type[t, chose] if by_type[t, chose] else 0.0

    lines = ["type        events  right  gold places   chose a place  right   chose none  right"]
    types = {k[0] for k in by_type}
    for t in sorted(types, key=lambda t: -(by_type[t, "chose a place"] + by_type[t, "chose none"])):
        placed, unplaced = by_type[t, "chose a place"], by_type[t, "chose none"]
        n = placed + unplaced
        right = by_type[t, "chose a place", "right"] + by_type[t, "chose none", "right"]
        lines.append(f"{t:<10} {n:7d}  {right / n:.3f}  {by_type[t, 'gold place'] / n:11.2f}   {placed:13d}"
                     f"  {share(t, 'chose a place'):.3f}   {unplaced:10d}  {share(t, 'chose none'):.3f}")
    return "\n".join(lines)


def _place_rows(items, forms, clusters) -> list[tuple]:
    """(article, each candidate's features, place_labels or None, gold location, type) for every gold-aligned event."""
    rows = []
    for it in items:
        for draft, gold in align(it, forms, clusters)[2]:
            cands = place_candidates(it.doc, draft)
            rows.append((it.doc_id, [c.features for c in cands], place_labels(cands, gold), gold.get("location"),
                         gold["type"]))
    return rows


if __name__ == "__main__":
    main()
