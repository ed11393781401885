"""Training the unlisted-noun models (unlisted_nouns.py) from annotated articles (EVENTS.md gold).

Each article is analysed without the unlisted nouns. In the sentences that hold a trigger candidate or a gold event,
every free word is a row. The first free word of a gold participant over which marsad built no party is a positive,
labelled with what the participant is (its generic group, else its sector); the other words of gold participants are
left out, and every other free word is a negative. A share of the negatives (NEGATIVE_SHARE, weighted back up) is
enough for the detector and keeps the fit to a minute.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.events.learned.clusters import token_clusters
from marsad.events.learned.linear import LinearModel
from marsad.nlp.unlisted_nouns import (
    GENERIC_GROUPS,
    NO_SECTOR,
    UnlistedNouns,
    disabled,
    free_word,
    marked,
    sentence_words,
    trigger_distances,
    word_features,
)

NEGATIVE_SHARE = 0.25
# Session 74, 5-fold CV over the 42 SaudiNewsNet training directories (2,160 such participants among 952,012 free
# words): the detector at 0.05 finds 499 of them (375 then resolved right) and marks 5,400 other words; at 0.1,
# 316 (236) and 2,010; at 0.03, 717 (542) and 10,491.
THRESHOLD = 0.05
C = 1.0


@dataclass
class Row:
    features: list[str]
    kind: str | None  # None: a negative


def participant_kind(gold: dict) -> str:
    group = gold.get("group")
    return group if group in GENERIC_GROUPS else (gold.get("sector") or NO_SECTOR)


def article_rows(item) -> Iterator[Row]:
    """The rows of one analysed article (annotated.Annotated, analysed with the unlisted nouns disabled)."""
    from marsad.evaluate_actors import _best_party, located_participants

    doc = item.doc
    norms, sentence_of = doc._.norms, doc._.sentence_of
    covered = marked(len(doc), [(h.start, h.end) for h in doc._.hits or []]
                     + [(p.start, p.end) for p in doc._.parties or []])
    triggers = marked(len(doc), [(t.start, t.end) for t in doc._.trigger_hits or []])
    labels: list[str | None] = [None] * len(doc)
    excluded = [False] * len(doc)
    gold_sentences: set[int] = set()
    for gold, _, _, tokens in located_participants(item):
        if not tokens:
            continue
        gold_sentences.add(sentence_of[tokens[0]])
        excluded[tokens[0]:tokens[1]] = [True] * (tokens[1] - tokens[0])
        if _best_party(doc._.parties or [], tokens) is not None or not (gold.get("country") or gold.get("group")):
            continue
        first = next((k for k in range(*tokens) if free_word(norms[k], covered[k])), None)
        if first is not None:
            labels[first] = participant_kind(gold)
    clusters = token_clusters(doc)
    for words in sentence_words(sentence_of):
        if sentence_of[words[0]] not in gold_sentences and not any(triggers[k] for k in words):
            continue
        s_norms = [norms[k] for k in words]
        s_cov, s_trg, s_clu = [covered[k] for k in words], [triggers[k] for k in words], [clusters[k] for k in words]
        distances = trigger_distances(s_trg)
        for i, k in enumerate(words):
            if free_word(s_norms[i], s_cov[i]) and (labels[k] is not None or not excluded[k]):
                yield Row(word_features(s_norms, s_cov, s_trg, s_clu, i, distances), labels[k])


def collect_rows(directories: list[Path], corpus: Path | None = None, padt: Path | None = None,
                 newsfane: Path | None = None, seed: int = 2) -> tuple[list[Row], int]:
    """The rows of the annotated articles (every positive, NEGATIVE_SHARE of the negatives), and how many articles
    they came from."""
    from marsad.events.learned.annotated import analyse, load_annotated

    rng = random.Random(seed)
    rows: list[Row] = []
    items = load_annotated(directories, corpus, padt, newsfane)
    with disabled():
        for item in items:
            rows.extend(r for r in article_rows(analyse(item)) if r.kind is not None or rng.random() < NEGATIVE_SHARE)
            item.doc = None  # a Doc per article would hold gigabytes
    return rows, len(items)


def fit(rows: list[Row], threshold: float = THRESHOLD, c: float = C) -> UnlistedNouns:
    """The two models from collect_rows's rows (its negatives weighted back up to their share)."""
    features = [row.features for row in rows]
    labels = ["0" if row.kind is None else "1" for row in rows]
    weights = [1 / NEGATIVE_SHARE if row.kind is None else 1.0 for row in rows]
    if "1" not in labels or "0" not in labels:
        raise ValueError("the annotated articles give no unlisted participant (or no other word) to learn from")
    detector = LinearModel.fit(features, labels, c=c, weights=weights, min_count=2)
    positives = [row for row in rows if row.kind is not None]
    kinds = [row.kind for row in positives]
    if len(set(kinds)) < 2:
        raise ValueError("the unlisted participants of the annotated articles are all of one kind: nothing to learn")
    kind_model = LinearModel.fit([row.features for row in positives], kinds, c=c, min_count=2)
    return UnlistedNouns(detector, kind_model, threshold)
