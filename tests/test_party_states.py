"""The learned second look at party states: its candidates, its choice, the shipped model in the pipeline, and
training from annotated articles."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.linear import LinearModel
from marsad.knowledge.base import Entry
from marsad.nlp import party_states
from marsad.nlp.hits import Hit
from marsad.nlp.participants import Context, Party
from marsad.nlp.party_states import PartyStates, StateMentions, disabled, in_scope, load_model, state_candidates
from marsad.nlp.party_states_training import Choice, article_choices, fit
from marsad.nlp.pipeline import analyze


def _model(weights: dict[str, float], margin: float) -> PartyStates:
    return PartyStates(LinearModel(["0", "1"], {f: [w] for f, w in weights.items()}, [0.0]), margin)


def test_the_rules_state_stays_unless_another_outranks_it_by_the_margin():
    candidates = [("SAU", ["rule"]), (None, ["none"]), ("USA", ["after=1"])]
    assert _model({"rule": 1.0, "after=1": 1.4}, 0.5).choose(candidates) == "SAU"  # ahead by 0.4 only
    assert _model({"rule": 1.0, "after=1": 1.6}, 0.5).choose(candidates) == "USA"
    assert _model({"none": 2.0}, 0.5).choose(candidates) is None
    with pytest.raises(ValueError):
        PartyStates.from_json({"model": {"classes": ["0", "1"], "weights": {}, "bias": [0.0]}, "margin": -1})


def _sentence_party() -> tuple[Party, StateMentions, list[int]]:
    # "أعلن معهد بحثي أميركي أن إيران …": the institute (tokens 1–2), a US nisba right after it, Iran further on
    entry = Entry("GENERIC", "معهد", "معهد", sector="EDU", kind="learned")
    party = Party(1, 2, [Hit(1, 2, "GENERIC", entry)], country="IRN", sector="EDU", defaulted=True)
    hits = [Hit(3, 4, "NISBA", Entry("NISBA", "أميركي", "أميركي", country="USA")),
            Hit(5, 6, "COUNTRY", Entry("COUNTRY", "إيران", "إيران", country="IRN")),
            Hit(9, 10, "COUNTRY", Entry("COUNTRY", "إيران", "إيران", country="IRN"))]
    return party, StateMentions.of(hits), [0] * 8 + [1] * 3


def test_candidates_are_the_rules_state_first_then_none_home_and_the_sentence_states():
    party, mentions, sentence_of = _sentence_party()
    norms = ["اعلن", "معهد", "بحثي", "اميركي", "ان", "ايران", "وسعت", ".", "وقالت", "ايران", "."]
    candidates = dict(state_candidates(party, Context(home="SAU", dominant="IRN"), mentions, norms, sentence_of))
    assert list(candidates) == ["IRN", None, "SAU", "USA"]
    assert {"rule", "dom", "after=5", "rank=0", "n=2"} <= set(candidates["IRN"])
    assert {"after=2", "closest", "rank=1", "n=1"} <= set(candidates["USA"]) and "rule" not in candidates["USA"]
    assert "none" in candidates[None] and "home" in candidates["SAU"]
    assert "rule&GENERIC|d|l" in candidates["IRN"] and "rule&w=معهد" in candidates["IRN"]


def test_only_parties_of_no_group_and_no_firm_state_and_not_places_or_duals_are_looked_at():
    assert in_scope(Party(0, 1, [], country="SAU", defaulted=True)) and in_scope(Party(0, 1, []))
    assert not in_scope(Party(0, 1, [], country="SAU"))  # a state from the phrase stays
    assert not in_scope(Party(0, 1, [], group="ISIS"))
    assert not in_scope(Party(0, 1, [], country="SAU", place_only=True))
    assert not in_scope(Party(0, 1, [], dual=True))


def _party_over(doc, word: str):
    return next(p for p in doc._.parties if doc[p.start].text == word)


def test_the_shipped_model_gives_an_institute_the_state_its_nisba_names():
    assert load_model() is not None
    text = ("أعلن معهد بحثي أميركي أن إيران وسعت برنامجها النووي. وقالت إيران إن البرنامج سلمي. وهددت إيران بالرد. "
            "وانتقدت إيران التقرير.")
    assert _party_over(analyze(text, published="2015-06-01", site_country="SAU"), "معهد").country == "USA"
    with disabled():
        assert _party_over(analyze(text, published="2015-06-01", site_country="SAU"), "معهد").country == "IRN"


def test_the_shipped_model_gives_unnamed_officials_the_article_state():
    text = "قال مسؤولون إن الجنود اعتقلوا ثلاثة مشتبه بهم في الرياض."
    assert _party_over(analyze(text, published="2015-06-01", site_country="SAU"), "مسؤولون").country == "SAU"
    with disabled():
        assert _party_over(analyze(text, published="2015-06-01", site_country="SAU"), "مسؤولون").country is None


def test_the_environment_chooses_another_model_or_none(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_PARTY_STATES", "off")
    assert load_model() is None
    monkeypatch.setenv("MARSAD_PARTY_STATES", str(tmp_path / "missing.json"))
    with pytest.raises(RuntimeError, match="missing.json"):
        load_model()
    other = tmp_path / "m.json"
    _model({"none": 5.0}, 0.0).save(other)
    monkeypatch.setenv("MARSAD_PARTY_STATES", str(other))
    doc = analyze("قال وزير الخارجية السعودي إن المملكة ترفض التدخل.", published="2015-06-01", site_country="SAU")
    assert all(p.country is None for p in doc._.parties if in_scope(p))


@pytest.fixture(scope="module")
def officials_dir(tmp_path_factory) -> Path:
    """Articles where unnamed officials (no state by the rules) are the article's state in the gold."""
    root = tmp_path_factory.mktemp("officials")
    (root / "articles").mkdir()
    (root / "gold").mkdir()
    for i in range(6):
        sentence = f"قال مسؤولون إن الشرطة اعتقلت {i + 2} مشتبه بهم في الرياض"
        article = {"doc_id": f"o{i}", "published": "2015-08-02", "title": "اعتقال", "url": f"http://x.sa/o{i}",
                   "content": f"{sentence}.\nوأضافت المصادر أن التحقيق مستمر."}
        gold = {"doc_id": f"o{i}", "published": "2015-08-02", "events": [{
            "type": "ACCUSE", "actor": {"text": "مسؤولون", "country": "SAU", "sector": "GOV"}, "recipient": None,
            "trigger": "قال", "sentence": sentence, "required": True}]}
        for folder, record in (("articles", article), ("gold", gold)):
            (root / folder / f"o{i}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return root


def test_training_choices_mark_the_gold_state_among_the_candidates(officials_dir):
    with disabled():
        choices = list(article_choices(analyse(load_annotated([officials_dir])[0])))
    assert len(choices) == 1
    assert choices[0].labels[0] == "0" and choices[0].labels.count("1") == 1  # the rules' none is wrong, SAU right
    with pytest.raises(ValueError):
        fit([Choice([["rule"], ["none"]], ["1", "0"])])  # the rules are never wrong: nothing to learn


def test_train_party_states_writes_a_model_that_moves_the_officials(officials_dir, tmp_path):
    out = tmp_path / "model.json"
    result = CliRunner().invoke(main, ["train", "party-states", "--train", str(officials_dir), "--margin", "0",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 articles: 6 participants, the rules' state wrong for 6" in result.output
    model = PartyStates.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert model.margin == 0
    party_states._load.cache_clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_PARTY_STATES", str(out))
        doc = analyze("قال مسؤولون إن الشرطة اعتقلت سبعة مشتبه بهم في الرياض.", published="2015-06-01",
                      site_country="SAU")
    assert _party_over(doc, "مسؤولون").country == "SAU"

