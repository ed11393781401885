"""The plausibility stage's boosted trees (events/learned/boosted.py) and how they travel with the event model."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from marsad.events.learned.boosted import BoostedTrees, _matrix

# "a" or "b" alone is right, both together or neither is not (the rows are uneven, so that a first split gains)
XOR_ROWS = [["a", "b"]] * 30 + [["a"]] * 60 + [["b"]] * 40 + [[]] * 50
XOR_LABELS = ["0"] * 30 + ["1"] * 100 + ["0"] * 50


def test_the_trees_learn_a_combination_of_features_a_regression_cannot():
    trees = BoostedTrees.fit(XOR_ROWS, XOR_LABELS, min_count=1)
    assert trees is not None
    assert trees.proba(["a"])["1"] > 0.9 and trees.proba(["b"])["1"] > 0.9
    assert trees.proba(["a", "b"])["1"] < 0.1 and trees.proba([])["1"] < 0.1
    assert trees.proba(["unknown", "a"]) == trees.proba(["a"])  # features it never saw change nothing


def test_numpy_scores_are_scikit_learns():
    rng = np.random.default_rng(0)
    rows = [[f"f{j}" for j in range(12) if rng.random() < 0.3] for _ in range(400)]
    labels = ["1" if ("f1" in r) != ("f2" in r and "f5" in r) else "0" for r in rows]
    trees = BoostedTrees.fit(rows, labels, min_count=5)
    reference = HistGradientBoostingClassifier(max_iter=150, max_leaf_nodes=31, l2_regularization=1.0,
                                               early_stopping=False).fit(_matrix(rows, trees.vocabulary),
                                                                         [int(y) for y in labels])
    expected = reference.predict_proba(_matrix(rows[:50], trees.vocabulary))[:, 1]
    assert np.allclose([trees.proba(r)["1"] for r in rows[:50]], expected, atol=1e-9)
    # many rows in one pass score as each row alone
    expected_raw = reference.decision_function(_matrix(rows[:50], trees.vocabulary))
    assert np.allclose(trees.raw_many(rows[:50]), expected_raw, atol=1e-9)


def test_the_trees_round_trip_through_their_files(tmp_path):
    trees = BoostedTrees.fit(XOR_ROWS, XOR_LABELS, min_count=1)
    trees.save(tmp_path / "plausibility_trees")
    assert BoostedTrees.exists(tmp_path / "plausibility_trees")
    again = BoostedTrees.load(tmp_path / "plausibility_trees")
    for row in (["a"], ["a", "b"], ["unknown"], []):
        assert again.proba(row) == trees.proba(row)


def test_rare_features_and_a_single_class_give_no_trees():
    assert BoostedTrees.fit([["a"], ["b"]], ["1", "0"], min_count=3) is None
    assert BoostedTrees.fit([["a"]] * 5, ["1"] * 5, min_count=1) is None


def test_an_articles_drafts_scored_together_score_exactly_as_each_alone():
    rng = np.random.default_rng(1)
    rows = [[f"f{j}" for j in range(12) if rng.random() < 0.3] for _ in range(300)]
    labels = ["1" if ("f1" in r) != ("f2" in r) else "0" for r in rows]
    trees = BoostedTrees.fit(rows, labels, min_count=5)
    assert trees.proba_many(rows[:40]) == [trees.proba(r) for r in rows[:40]]
