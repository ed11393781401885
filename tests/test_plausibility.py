"""The plausibility stage: features of a finished draft, labels from the gold, the cut chosen on training
drafts, and a model that carries (and saves) the stage."""

from __future__ import annotations

from marsad.events.coder import Draft
from marsad.events.learned.model import best_cut
from marsad.events.learned.plausibility import draft_labels, plausibility_features
from marsad.nlp.participants import Party


def _party(country=None, group=None, sector=None, defaulted=False):
    return Party(0, 1, [], country=country, group=group, sector=sector, defaulted=defaulted)


def _draft(etype, actor, recipient, confidence=0.5, sentence=0):
    return Draft(None, sentence, actor, recipient, etype, None, False, False, confidence)


def test_features_read_the_type_with_each_partys_sector_kind_and_rank():
    police, cell = _party("SAU", sector="COP", defaulted=True), _party(group="TER", sector="TER")
    first = _draft("COERCE", police, cell, confidence=0.72)
    second = _draft("COERCE", police, None, confidence=0.41, sentence=5)
    f = plausibility_features(second, [first, second], relevance=0.95)
    assert {"COERCE|a_sector=COP", "COERCE|r_sector=none", "a_kind=home", "r_kind=none", "rank=1",
            "of_type=2", "sentence=2", "relevance>=0.9", "conf>=0.4"} <= set(f)
    assert "conf>=0.45" not in f and "same_side" not in f
    assert "rank=0" in plausibility_features(first, [first, second], 0.95)
    inside = plausibility_features(_draft("ASSAULT", _party("SAU"), _party("SAU")), [], 0.5)
    assert "same_side" in inside and "ASSAULT|same_side" in inside


def test_labels_follow_the_events_md_match_and_repeats_share_them():
    gold = [{"type": "ACCUSE", "actor": {"country": "KWT"}, "recipient": {"group": "TER"}, "required": True},
            {"type": "SUPPORT", "actor": {"country": "SAU"}, "recipient": None, "required": False}]
    kuwait, terror = _party("KWT"), _party(group="TER")
    drafts = [_draft("ACCUSE", kuwait, terror, 0.8), _draft("ACCUSE", kuwait, terror, 0.4),  # told twice
              _draft("ACCUSE", _party("BHR"), terror), _draft("SUPPORT", _party("SAU"), None)]
    assert draft_labels(drafts, gold) == ["1", "1", "0", None]  # the optional match is left out


def test_the_cut_maximises_f1_on_the_training_drafts():
    where = [(0, "d1", ("A",)), (0, "d1", ("B",)), (0, "d2", ("C",)), (0, "d2", ("D",))]
    # two right drafts score high, two wrong ones low: cutting the wrong ones wins
    assert best_cut([0.9, 0.8, 0.12, 0.05], ["1", "1", "0", "0"], where, required=2) == 0.15
    # wrong drafts scored highest: keeping everything is best
    assert best_cut([0.05, 0.05, 0.9, 0.9], ["1", "1", "0", "0"], where, required=2) == 0.0

