"""Participants named by common nouns the knowledge does not list: the words looked at, their features, the shipped
model in the pipeline, and training from annotated articles."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.events.learned.annotated import analyse, load_annotated
from marsad.nlp.pipeline import analyze
from marsad.nlp.unlisted_nouns import (
    LEARNED_KIND,
    UnlistedNouns,
    disabled,
    free_word,
    learned_entry,
    load_model,
    marked,
    sentence_words,
    trigger_distances,
    word_features,
)
from marsad.nlp.unlisted_nouns_training import Row, article_rows, fit


def test_only_free_words_of_three_letters_or_more_are_looked_at():
    assert free_word("الصيادله", False)
    assert not free_word("الصيادله", True)  # already a hit, party or trigger
    assert not free_word("2015", False) and not free_word("عن", False) and not free_word("التي", False)


def test_word_features_see_a_trigger_just_before_and_the_sentence_edges():
    norms = ["احتج", "الصيادله", "امس"]
    f = word_features(norms, [False, False, False], [True, False, False], [(1, 2), (), (3, 4)], 1)
    assert "tl=1" in f and "tr=0" in f and "c=none" in f and "pw=احتج" in f and "nw=امس" in f and "pc0=1" in f
    first = word_features(norms, [False] * 3, [False] * 3, [(), (), ()], 0)
    assert "p=edge" in first and "pp=edge" in first and "tl=0" in first


def test_a_marked_word_names_a_generic_group_or_a_sector():
    civ, gov, bare = learned_entry("CIV", "x"), learned_entry("GOV", "x"), learned_entry("PART", "x")
    assert (civ.group, civ.sector) == ("CIV", "CIV") and (gov.group, gov.sector) == (None, "GOV")
    assert bare.sector is None and bare.group is None and civ.kind == gov.kind == LEARNED_KIND == "learned"


def test_sentence_words_group_token_indices_by_sentence():
    assert sentence_words([0, 0, 1, 1, 1, 2]) == [[0, 1], [2, 3, 4], [5]]


def test_marked_covers_the_tokens_of_the_spans():
    assert marked(6, [(1, 3), (4, 5)]) == [False, True, True, False, True, False]
    assert marked(3, []) == [False] * 3


def test_the_shipped_model_makes_an_unlisted_noun_a_party_of_the_article_state():
    assert load_model() is not None
    text = "أعلن المشرعين رفضهم للقرار."
    doc = analyze(text, published="2015-01-01", site_country="SAU")
    party = next(p for p in doc._.parties if doc[p.start].text == "المشرعين")
    assert (party.country, party.defaulted) == ("SAU", True) and party.hits[0].entry.kind == LEARNED_KIND
    with disabled():
        doc = analyze(text, published="2015-01-01", site_country="SAU")
    assert not any(doc[p.start].text == "المشرعين" for p in doc._.parties)


def test_a_listed_word_is_left_to_the_knowledge():
    doc = analyze("واعتصم المعلمون أمام مقر الوزارة.", published="2015-01-01", site_country="SAU")
    assert all(h.entry is None or h.entry.kind != LEARNED_KIND for p in doc._.parties for h in p.hits)


# Trades the knowledge does not list, protesting: the participant is the noun alone.
TRADES = [("الصيادلة", "HLH"), ("الخبازون", "BUS"), ("الحلاقون", "BUS"), ("الصيادلة", "HLH"), ("النجارون", "BUS"),
          ("الممرضون", "HLH")]


@pytest.fixture(scope="module")
def trades_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("trades")
    (root / "articles").mkdir()
    (root / "gold").mkdir()
    for i, (noun, sector) in enumerate(TRADES):
        sentence = f"احتج {noun} أمس على القرار الجديد في المدينة"
        article = {"doc_id": f"t{i}", "published": "2015-08-02", "title": "احتجاج", "url": f"http://x.sa/t{i}",
                   "content": f"{sentence}.\nوقالت مصادر إن الاحتجاج استمر ساعات."}
        gold = {"doc_id": f"t{i}", "published": "2015-08-02", "events": [{
            "type": "PROTEST", "actor": {"text": noun, "country": "SAU", "sector": sector}, "recipient": None,
            "trigger": "احتج", "sentence": sentence, "required": True}]}
        for folder, record in (("articles", article), ("gold", gold)):
            (root / folder / f"t{i}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return root


def test_training_rows_label_the_first_free_word_of_a_participant_without_a_party(trades_dir):
    with disabled():
        item = analyse(load_annotated([trades_dir])[0])
        rows = list(article_rows(item))
    positives = [r for r in rows if r.kind is not None]
    assert [r.kind for r in positives] == ["HLH"] and "w=الصيادله" in positives[0].features
    assert any(r.kind is None for r in rows)  # the sentence's other free words are negatives


def test_fit_needs_participants_and_other_words():
    with pytest.raises(ValueError):
        fit([Row(["w=a"], None), Row(["w=b"], None)])
    with pytest.raises(ValueError):
        fit([Row(["w=a"], "CIV"), Row(["w=b"], None)])  # one kind only


def test_train_participants_writes_a_model_that_marks_the_trades(trades_dir, tmp_path):
    out = tmp_path / "model.json"
    result = CliRunner().invoke(main, ["train", "participants", "--train", str(trades_dir), "--threshold", "0.5",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 articles: 6 unlisted participants" in result.output
    model = UnlistedNouns.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert model.threshold == 0.5 and set(model.kinds.classes) == {"BUS", "HLH"}
    norms = ["احتج", "الصيادله", "امس"]
    features = word_features(norms, [False] * 3, [True, False, False], [(), (), ()], 1)
    other = word_features(norms, [False] * 3, [True, False, False], [(), (), ()], 2)
    assert model.detector.proba(features)["1"] > model.detector.proba(other)["1"]
    kinds = model.kinds.proba(features)
    assert max(kinds, key=kinds.__getitem__) == "HLH"


def test_an_unlisted_noun_in_a_story_about_another_state_is_that_state_s():
    from marsad.nlp.hits import Hit
    from marsad.nlp.participants import Context, resolve_party

    hit = Hit(0, 1, "GENERIC", learned_entry("LEG", "المشرعين"))
    about_iran = resolve_party([hit], Context(home="SAU", dominant="IRN"), ["المشرعين"])
    at_home = resolve_party([hit], Context(home="SAU"), ["المشرعين"])
    assert (about_iran.country, about_iran.sector, about_iran.defaulted) == ("IRN", "LEG", True)
    assert at_home.country == "SAU"
    rebels = resolve_party([Hit(0, 1, "GENERIC", learned_entry("REB", "x"))], Context(home="SAU", dominant="IRN"), ["x"])
    assert (rebels.group, rebels.sector) == ("REB", "REB")


def test_the_environment_chooses_another_model_or_none(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_UNLISTED_NOUNS", "off")
    assert load_model() is None
    doc = analyze("أعلن المشرعين رفضهم للقرار.", published="2015-01-01", site_country="SAU")
    assert not any(doc[p.start].text == "المشرعين" for p in doc._.parties)
    monkeypatch.setenv("MARSAD_UNLISTED_NOUNS", str(tmp_path / "missing.json"))
    with pytest.raises(RuntimeError, match="missing.json"):
        load_model()
    monkeypatch.delenv("MARSAD_UNLISTED_NOUNS")
    model = load_model()
    assert model is not None
    other = tmp_path / "m.json"
    UnlistedNouns(model.detector, model.kinds, 0.9).save(other)
    monkeypatch.setenv("MARSAD_UNLISTED_NOUNS", str(other))
    assert load_model().threshold == 0.9


def test_the_detector_s_fast_sum_agrees_with_its_probability():
    model = load_model()
    norms = ["أعلن", "المشرعين", "رفضهم", "للقرار"]
    for i in range(len(norms)):
        f = word_features(norms, [False] * 4, [True, False, False, False], [(), (), (), ()], i)
        assert model.marks(f) == (model.detector.proba(f)["1"] >= model.threshold)
    assert model.marks(word_features(norms, [False] * 4, [True, False, False, False], [(), (), (), ()], 1))
    with pytest.raises(ValueError):
        UnlistedNouns(model.detector, model.kinds, 1.0)


def test_the_word_by_word_score_from_cached_parts_agrees_with_the_features():
    model = load_model()
    norms = ["أعلن", "المشرعين", "رفضهم", "للقرار", "امس"]
    covered, triggers = [False, False, False, True, False], [True, False, False, False, False]
    clusters = [(1, 2), (), (3, 4), (5, 6), ()]
    distances = trigger_distances(triggers)
    for i in range(len(norms)):
        by_features = model.marks(word_features(norms, covered, triggers, clusters, i))
        assert model.marks_word(norms, covered, clusters, i, distances) == by_features
        assert model.marks_word(norms, covered, clusters, i, distances) == by_features  # from the cache now
    assert distances == ([0, 1, 2, 3, 4], [0, 0, 0, 0, 0])
