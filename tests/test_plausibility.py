"""The plausibility stage: features of a finished draft, labels from the gold, the cut chosen on training
drafts, and a model that carries (and saves) the stage."""

from __future__ import annotations

from types import SimpleNamespace

from marsad.events.coder import Draft
from marsad.events.learned.model import best_cut
from marsad.events.learned.plausibility import draft_labels, plausibility_features
from marsad.nlp.participants import Party


def _party(country=None, group=None, sector=None, defaulted=False, start=0):
    return Party(start, start + 1, [], country=country, group=group, sector=sector, defaulted=defaulted)


def _draft(etype, actor, recipient, confidence=0.5, sentence=0, p_type=None, lexicon_type=None):
    # the stage reads the trigger's lexicon type, its folded word and its token
    trigger = SimpleNamespace(start=3, text_norm="اعتقلت", trigger=SimpleNamespace(type=lexicon_type or etype))
    return Draft(trigger, sentence, actor, recipient, etype, None, False, False, confidence, p_type=p_type)


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


def test_features_read_the_trigger_stage_the_parties_places_and_words_and_the_sentence():
    police, cell = _party("SAU", sector="COP", start=0), _party(group="TER", sector="TER", start=5)
    arrest = _draft("COERCE", police, cell, p_type=0.62)
    attack = _draft("ASSAULT", cell, police, p_type=0.81, lexicon_type="COERCE")
    norms = ["الشرطة", "السعودية", "،", "اعتقلت", "أمس", "خلية", "إرهابية"]
    f = set(plausibility_features(arrest, [arrest, attack], 0.9, norms))
    assert {"ptype>=0.6", "COERCE|ptype>=0.5", "COERCE|trigger=اعتقلت", "COERCE|a=COP|r=TER", "a_at=b1",
            "COERCE|r_at=a0", "a_word=الشرطة", "COERCE|r_word=خلية", "in_sentence=2", "sentence_types=2",
            "not_sentence_top_type"} <= f
    assert "ptype>=0.7" not in f and "lexicon_other_type" not in f
    g = set(plausibility_features(attack, [arrest, attack], 0.9, norms))
    assert "lexicon_other_type" in g and "not_sentence_top_type" not in g



def test_features_count_the_sentences_that_tell_the_same_event():
    kuwait, terror = _party("KWT"), _party(group="TER")
    headline = _draft("ACCUSE", kuwait, terror, confidence=0.6, sentence=0)
    body = _draft("ACCUSE", kuwait, terror, confidence=0.8, sentence=4)
    other = _draft("ACCUSE", _party("BHR"), terror, confidence=0.9, sentence=4)
    drafts = [headline, body, other]
    told = set(plausibility_features(headline, drafts, 0.9))
    assert {"key_sentences=2", "ACCUSE|key_sentences=2", "key_in_first_sentence"} <= told
    assert "key_best" not in told  # the body's draft is the more confident of the two
    assert "key_best" in plausibility_features(body, drafts, 0.9)
    once = set(plausibility_features(other, drafts, 0.9))
    assert {"key_sentences=1", "key_best"} <= once and "key_in_first_sentence" not in once

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



def test_an_article_of_an_outlet_marsad_does_not_know_has_its_own_cut():
    from marsad.events.learned.linear import LinearModel
    from marsad.events.learned.model import UNKNOWN_OUTLET_CUT, EventModel

    blank = LinearModel(["0", "1"], {}, [0.0])
    model = EventModel(blank, blank, blank, {})
    model.thresholds["plausibility"] = 0.35
    saudi = SimpleNamespace(_=SimpleNamespace(site_country="SAU"))
    unknown = SimpleNamespace(_=SimpleNamespace(site_country=None))
    assert model.plausibility_cut(saudi) == model.plausibility_cut(unknown) == 0.35  # a model without the second cut
    model.thresholds[UNKNOWN_OUTLET_CUT] = 0.15
    assert model.plausibility_cut(saudi) == 0.35 and model.plausibility_cut(unknown) == 0.15


def test_the_shipped_model_cuts_lower_for_outlets_marsad_does_not_know():
    from marsad.events.learned.model import UNKNOWN_OUTLET_CUT, load_default_model

    thresholds = load_default_model().thresholds
    assert thresholds[UNKNOWN_OUTLET_CUT] < thresholds["plausibility"]


def test_the_trigger_cut_is_lower_for_an_unknown_outlet_only_where_a_plausibility_stage_sorts_the_drafts():
    from marsad.events.learned.linear import LinearModel
    from marsad.events.learned.model import UNKNOWN_OUTLET_TRIGGER, UNKNOWN_OUTLET_TRIGGER_CUT, EventModel

    blank = LinearModel(["0", "1"], {}, [0.0])
    model = EventModel(blank, blank, blank, {})
    saudi = SimpleNamespace(_=SimpleNamespace(site_country="SAU"))
    unknown = SimpleNamespace(_=SimpleNamespace(site_country=None))
    # an inner model (no plausibility stage) drafts every article at the corpus's cut
    assert model.trigger_cut(saudi) == model.trigger_cut(unknown) == model.thresholds["trigger"] == 0.25
    model.plausibility = blank
    assert model.trigger_cut(saudi) == 0.25 and model.trigger_cut(unknown) == UNKNOWN_OUTLET_TRIGGER_CUT < 0.25
    model.thresholds[UNKNOWN_OUTLET_TRIGGER] = 0.2  # a model may carry its own
    assert model.trigger_cut(unknown) == 0.2


def test_the_cut_for_unknown_outlets_is_chosen_over_their_articles_drafts_alone(monkeypatch):
    from marsad.events.learned import model as model_module

    def article(doc_id, site, required):
        return SimpleNamespace(doc_id=doc_id, doc=SimpleNamespace(_=SimpleNamespace(site_country=site)),
                               gold=[{"required": True}] * required)

    items = [article("s1", "SAU", 1), article("s2", "SAU", 1), article("w1", None, 1), article("w2", None, 1)]
    # the Saudi articles' right drafts score high, their wrong ones middling; the wire articles' right drafts
    # score low, a wrong one lower
    scores = [0.9, 0.8, 0.3, 0.28, 0.25, 0.2, 0.15, 0.12, 0.11, 0.05]
    labels = ["1", "1", "0", "0", "0", "0", "0", "1", "1", "0"]
    where = [(0, "s1", ("a",)), (0, "s2", ("b",))] + [(0, "s1", (k,)) for k in "fghij"] + [
        (0, "w1", ("c",)), (0, "w2", ("d",)), (0, "w2", ("e",))]
    assert model_module.unknown_outlet_cut(items, scores, labels, where) is None  # too few such articles
    monkeypatch.setattr(model_module, "UNKNOWN_OUTLET_MIN_ARTICLES", 2)
    assert model_module.unknown_outlet_cut(items, scores, labels, where) == 0.1
    assert best_cut(scores, labels, where, required=4) == 0.35  # all articles together: the Saudi drafts' cut
    items[2].doc._.site_country = "QAT"  # one wire article fewer: too few again
    assert model_module.unknown_outlet_cut(items, scores, labels, where) is None
