"""The trigger stage's network (events/learned/hidden.py) and how it travels with the event model."""

from __future__ import annotations

from marsad.events.learned.hidden import HiddenLayerModel, mix
from marsad.events.learned.linear import LinearModel

# "a" or "b" alone is an event, both together or neither is not: no weighing of single features can tell
# (neither: no feature at all, so the bias alone must say "not", and then "a" and "b" together outweigh it)
XOR_ROWS = [["a", "b"], ["a"], ["b"], []] * 40
XOR_LABELS = ["N", "Y", "Y", "N"] * 40


def test_the_network_learns_a_combination_of_features_the_regression_cannot():
    net = HiddenLayerModel.fit(XOR_ROWS, XOR_LABELS, hidden=32, min_count=1, epochs=2000)
    assert net is not None
    assert net.proba(["a"])["Y"] > 0.8 and net.proba(["b"])["Y"] > 0.8
    assert net.proba(["a", "b"])["Y"] < 0.2 and net.proba([])["Y"] < 0.2
    linear = LinearModel.fit(XOR_ROWS, XOR_LABELS, c=100.0, prune=0.0)
    assert not (linear.proba(["a"])["Y"] > 0.5 and linear.proba(["b"])["Y"] > 0.5 and linear.proba(["a", "b"])["Y"] < 0.5)


def test_the_network_round_trips_through_its_files(tmp_path):
    net = HiddenLayerModel.fit(XOR_ROWS, XOR_LABELS, hidden=8, min_count=1, epochs=50)
    net.save(tmp_path / "trigger_network")
    assert HiddenLayerModel.exists(tmp_path / "trigger_network")
    again = HiddenLayerModel.load(tmp_path / "trigger_network")
    for row in (["a"], ["a", "b"], ["unknown"], []):
        assert again.proba(row) == net.proba(row)
        assert abs(sum(again.proba(row).values()) - 1) < 1e-6


def test_rare_features_and_a_single_class_give_no_network():
    assert HiddenLayerModel.fit([["a"], ["b"]], ["Y", "N"], min_count=3) is None
    assert HiddenLayerModel.fit([["a"]] * 5, ["Y"] * 5, min_count=1) is None


def test_a_binary_network_answers_both_classes():
    net = HiddenLayerModel.fit([["a"], ["b"]] * 30, ["0", "1"] * 30, hidden=4, min_count=1, epochs=200)
    p = net.proba(["b"])
    assert set(p) == {"0", "1"} and p["1"] > 0.5 > net.proba(["a"])["1"]


def test_mix_weighs_the_network_by_its_share():
    assert mix({"A": 0.8, "B": 0.2}, {"A": 0.0, "B": 1.0}, 0.3) == {"A": 0.8 * 0.7, "B": 0.2 * 0.7 + 0.3}
    assert mix({"A": 1.0}, {}, 0.5) == {"A": 0.5}
