"""The learned place stage (events/learned/places.py): the candidates an event's place is chosen among, their
labels by EVENTS.md's place rule, the choice, and a model that trains, saves and applies the stage."""

from __future__ import annotations

import pytest

from marsad.events.learned.linear import LinearModel
from marsad.events.learned.places import (
    choose_place,
    dateline_place,
    place_candidates,
    place_labels,
    place_scores,
    train_place_trees,
)
from marsad.nlp.pipeline import analyze, build_nlp

TEXT = ("وصل وزير الخارجية الأمريكي جون كيري إلى القاهرة أمس في زيارة رسمية.\n"
        "وقتل خمسة أشخاص في هجوم انتحاري استهدف سوقا في مدينة الموصل شمال العراق.")


@pytest.fixture(scope="module")
def doc():
    return analyze(TEXT, "2016-01-05", None, title="", nlp=build_nlp("rules"))


def _assault(doc):
    return next(d for d in doc._.drafts if d.type == "ASSAULT")


def _by_text(cands):
    return {(c.place.text, c.place.country) if c.place else None: set(c.features) for c in cands}


def test_candidates_are_no_place_the_sentences_places_and_the_story_before(doc):
    cands = place_candidates(doc, _assault(doc))
    assert cands[0].place is None and "none" in cands[0].features
    found = _by_text(cands)
    # the attack's own sentence: Mosul after في (the rule's choice), Iraq after a direction word
    assert {"src=sent", "loc", "rule", "side=after", "lab=PLACE"} <= found[("الموصل", "IRQ")]
    assert {"src=sent", "prep=شمال", "lab=COUNTRY"} <= found[("العراق", "IRQ")]
    assert "loc" not in found[("العراق", "IRQ")]
    # the sentence before (a line break between them is not a sentence of words): the visit's Cairo
    assert {"src=prev", "loc", "prep=الي"} <= found[("القاهرة", "EGY")]
    assert len(found) == len(cands)  # one candidate per place


def test_candidates_carry_the_words_around_them_and_no_place_the_sentences_words(doc):
    cands = place_candidates(doc, _assault(doc))
    found = _by_text(cands)
    # "وقتل خمسة أشخاص في هجوم انتحاري استهدف سوقا في مدينة الموصل شمال العراق": the two words before Mosul,
    # the word after it, and the first eight words between the trigger "وقتل" and it
    assert doc[_assault(doc).trigger.start].text == "وقتل"
    mosul = found[("الموصل", "IRQ")]
    assert {"w1=مدينه", "w2=في", "a1=شمال", "bw=خمسه", "bw=هجوم", "bw=سوقا"} <= mosul
    assert "bw=قتل" not in mosul and "bw=مدينه" not in mosul  # neither the trigger nor the ninth word
    # the trigger's stem, with the candidate's source; Cairo lies in the sentence before, so no words between
    assert any(f.startswith("stem=") and f.endswith("|src=sent") for f in mosul)
    assert not any(f.startswith("bw=") for f in found[("القاهرة", "EGY")])
    # "no place" reads the words of the event's sentence, alone and with the event type
    assert {"none|sw=انتحاري", "none|t=ASSAULT|sw=انتحاري", "none|sw=خمسه"} <= set(cands[0].features)
    assert "none|sw=في" not in cands[0].features  # words of two letters or fewer are left out
    # every candidate reads them too, by where it lies: Mosul in the sentence, Cairo in the one before
    assert {"src=sent|sw=انتحاري", "src=sent|sw=خمسه"} <= mosul
    assert "src=prev|sw=انتحاري" in found[("القاهرة", "EGY")]
    assert not any("dateline" in f for c in cands for f in c.features)  # this article has no dateline
    # each place carries its own name (the gazetteer's, whatever the spelling or clitic), alone and by kind of event
    assert {"pn=Mosul", "k=violent|pn=Mosul"} <= mosul
    assert "pn=Cairo" in found[("القاهرة", "EGY")]
    assert not any(f.startswith("pn=") for f in cands[0].features)  # "no place" has none


def test_a_place_located_by_the_next_is_the_finer_and_a_comma_sets_off_another_clause():
    text = "وقتل خمسة أشخاص في هجوم انتحاري استهدف سوقا في مدينة الموصل شمال العراق، وقال مسؤول في بغداد إن الهجوم كبير."
    doc = analyze(text, "2016-01-05", None, title="", nlp=build_nlp("rules"))
    found = _by_text(place_candidates(doc, _assault(doc)))
    # "الموصل شمال العراق": Mosul is located by Iraq, so Mosul is the finer and Iraq the coarser
    assert {"nest=finer", "clause=0"} <= found[("الموصل", "IRQ")] and "nest=coarser" not in found[("الموصل", "IRQ")]
    assert "nest=coarser" in found[("العراق", "IRQ")] and "nest=finer" not in found[("العراق", "IRQ")]
    # Baghdad lies after a comma, in the official's statement: one clause mark between it and the trigger
    assert "clause=1" in found[("بغداد", "IRQ")]
    assert not any(f.startswith("nest=") for f in found[("بغداد", "IRQ")])


def test_a_states_capital_or_territory_named_by_its_nisba_is_a_candidate():
    text = ("وقصفت المدفعية السعودية مواقع بالأراضي اليمنية أمس. "
            "وقتل خمسة أشخاص في هجوم انتحاري في العاصمة الأفغانية.")
    doc = analyze(text, "2016-01-05", None, title="", nlp=build_nlp("rules"))
    places = {c.place.text: c for d in doc._.drafts if d.type == "ASSAULT" for c in place_candidates(doc, d) if c.place}
    territory, capital = places["بالأراضي اليمنية"], places["العاصمة الأفغانية"]
    assert territory.place.country == "YEM" and territory.place.precision == "country"
    assert {"src=nisba", "nis=اراضي", "side=after"} <= set(territory.features)
    # the capital is Kabul, with its coordinates
    assert capital.place.country == "AFG" and capital.place.name == "Kabul" and capital.place.lat is not None
    assert {"src=nisba", "nis=عاصمه"} <= set(capital.features)
    # a nisba after another noun names no place ("المدفعية السعودية")
    assert not any(c.place.country == "SAU" and "src=nisba" in c.features for c in places.values())


def test_a_named_place_takes_the_state_of_the_nisba_right_after_it():
    # the article is about France; the arrest in "مدينة فان التركية" is in Turkey all the same
    text = ("وقتل خمسة أشخاص في هجوم انتحاري في مدينة ليل الفرنسية أمس. "
            "واعتقلت الشرطة ثلاثة أشخاص في مدينة فان التركية.")
    doc = analyze(text, "2016-01-05", None, title="", nlp=build_nlp("rules"))
    coerce = next(d for d in doc._.drafts if d.type == "COERCE")
    named = {c.place.text: c.place.country for c in place_candidates(doc, coerce) if c.place and "src=named" in c.features}
    assert named == {"مدينة فان": "TUR"}


def test_a_city_named_inside_an_institutions_name_is_a_candidate():
    # "قصر السلام في جدة" is one institution's name: Jeddah has no hit of its own, yet annotators place the
    # reception in Jeddah as often as in the palace
    doc = analyze("استقبل خادم الحرمين الشريفين الملك سلمان في قصر السلام في جدة أمس رئيس الوزراء اللبناني.",
                  "2015-07-20", None, title="", nlp=build_nlp("rules"))
    consult = next(d for d in doc._.drafts if d.type == "CONSULT")
    found = _by_text(place_candidates(doc, consult))
    assert {"src=sent", "lab=PLACE", "side=after"} <= found[("جدة", "SAU")]


def test_a_place_the_gazetteers_do_not_know_is_read_as_a_known_one():
    # "منطقة جويبة" is named after a place noun; the stage reads its distance and the words around and between,
    # as it reads Ramadi's
    doc = analyze("وقتل ثمانية من تنظيم داعش في غارة جوية للتحالف الدولي في منطقة جويبة غربي الرمادي.",
                  "2015-07-20", None, title="", nlp=build_nlp("rules"))
    found = _by_text(place_candidates(doc, _assault(doc)))
    named = next(f for key, f in found.items() if key and key[0] == "منطقة جويبة")
    assert {"src=named", "side=after", "w1=في", "a1=غربي", "bw=داعش", "bw=غاره"} <= named
    assert any(f.startswith("side=after") and f != "side=after" for f in named)  # the distance bucket
    assert "bw=الدولي" not in named  # the ninth word after the trigger


def test_a_place_named_without_a_preposition_is_a_candidate_of_its_own():
    # "قرية الخديرة" is the object of the attack's verb: no في before it, so only the unintroduced reading finds it
    doc = analyze("وقال السكان إن قصفا عنيفا شنه الحوثيون بالدبابات استهدف قرية الخديرة في أبين، وأدى إلى قتلى.",
                  "2015-07-20", None, title="", nlp=build_nlp("rules"))
    found = _by_text(place_candidates(doc, _assault(doc)))
    village = found[("قرية الخديرة", "YEM")]
    assert {"src=loose", "side=after", "w1=استهدف", "a1=في"} <= village
    assert not any(key and key[0].endswith("الخديرة") and "src=named" in f for key, f in found.items())


def test_a_place_the_ner_model_finds_and_the_gazetteers_do_not_know_is_a_candidate():
    # the model tags "لافايت" and "لويزيانا" as places; Louisiana is the gazetteers' (read as a known place), the
    # town is not: it is the model's candidate, in the state of the known place right after it
    doc = analyze("قالت الشرطة إن مسلحا أطلق وابلا من الرصاص داخل دار للسينما في لافايت بولاية لويزيانا فقتل شخصين.",
                  "2015-07-24", None, title="", nlp=build_nlp("rules"))
    found = _by_text(place_candidates(doc, _assault(doc)))
    assert {"src=ner", "nerrank=0", "side=before", "w1=في"} <= found[("لافايت", "USA")]
    assert not any("src=ner" in f for key, f in found.items() if key and "لويزيانا" in key[0])


def test_a_place_noun_in_an_office_is_no_unintroduced_place():
    # "مدير مستشفى الخديرة": the hospital is the director's office, a party's words, not where the attack was
    doc = analyze("وقال مدير مستشفى الخديرة إن خمسة مدنيين قتلوا في قصف شنه الحوثيون على المدينة.",
                  "2015-07-20", None, title="", nlp=build_nlp("rules"))
    cands = place_candidates(doc, _assault(doc))
    assert not any("src=loose" in c.features for c in cands)


@pytest.mark.parametrize("text, name", [
    # "أقصى شمال" is where in the state, not the town's name; a quote and a full stop stay outside it
    ("شهدت مدينة مروة أقصى شمال الكاميرون هجوما انتحاريا أسفر عن مقتل عشرين شخصا.", "مدينة مروة"),
    ("وأكد أن طائرات التحالف قصفت مواقع الحوثيين في قرية الخديرة».", "قرية الخديرة"),
])
def test_a_named_places_text_is_its_noun_and_name(text, name):
    doc = analyze(text, "2015-07-20", None, title="", nlp=build_nlp("rules"))
    named = [c.place.text for c in place_candidates(doc, _assault(doc))
             if c.place is not None and {"src=named", "src=loose"} & set(c.features)]
    assert named == [name]


def test_a_known_places_text_leaves_out_the_punctuation_on_its_word():
    doc = analyze("وأكد أن طائرات التحالف قصفت مواقع الحوثيين في محافظة أبين».", "2015-07-20", None, title="",
                  nlp=build_nlp("rules"))
    places = [c.place for c in place_candidates(doc, _assault(doc)) if c.place is not None]
    assert [(p.text, p.country) for p in places] == [("محافظة أبين", "YEM")]
    assert doc.text[places[0].start:places[0].end] == "محافظة أبين"


@pytest.mark.parametrize("text, expected", [
    ("سبق – جدة: استقبل وزير الخارجية نظيره الأردني في مكتبه أمس.", ("جده", "SAU")),
    ("عين اليوم – الرياض | أكد وزير الداخلية أن الأمن مستتب.", ("الرياض", "SAU")),
    ("هافانا ١٥ - ٧ (اف ب) - أوردت صحيفة كوبية أن الرئيس استقبل الوفد.", ("هافانا", "CUB")),
    # a place the first sentence names in its course is no dateline
    ("استقبل وزير الخارجية في جدة أمس نظيره الأردني، وبحثا العلاقات.", None),
])
def test_the_datelines_place_is_a_known_place_set_off_at_the_texts_start(text, expected):
    doc = analyze(text, "2016-01-05", None, title="", nlp=build_nlp("rules"))
    assert dateline_place(doc) == expected


def test_the_datelines_place_is_marked_on_its_candidate():
    text = ("سبق – جدة: قال وزير الخارجية إن المملكة ترفض التدخل في شؤون اليمن.\n"
            "وأدان وزير الخارجية الهجوم الإرهابي على المدنيين في اليمن.")
    doc = analyze(text, "2016-01-05", None, title="", nlp=build_nlp("rules"))
    draft = next(d for d in doc._.drafts if d.type == "ACCUSE")
    cands = place_candidates(doc, draft)
    jeddah = next(c for c in cands if c.place is not None and c.place.country == "SAU" and "جد" in c.place.text)
    assert {"dateline", f"t={draft.type}|dateline"} <= set(jeddah.features)
    assert not any("dateline" in f for c in cands if c is not jeddah for f in c.features)


def test_the_visits_candidates_read_the_story_after_it_as_the_article(doc):
    visit = next(d for d in doc._.drafts if d.type == "CONSULT")
    found = _by_text(place_candidates(doc, visit))
    assert {"src=sent", "rule", "ctry=recipient"} <= found[("القاهرة", "EGY")]
    assert "src=next" in found[("الموصل", "IRQ")]


def test_labels_follow_the_events_md_place_rule(doc):
    cands = place_candidates(doc, _assault(doc))
    texts = [c.place.text if c.place else None for c in cands]
    labels = place_labels(cands, {"location": {"text": "مدينة الموصل", "country": "IRQ"}})
    assert [t for t, y in zip(texts, labels, strict=True) if y == "1"] == ["الموصل"]  # the gold's place contains it
    assert place_labels(cands, {"location": None}) == ["1"] + ["0"] * (len(cands) - 1)
    # a country alone in the gold: any place of that country is right
    assert {t for t, y in zip(texts, place_labels(cands, {"location": {"text": "", "country": "IRQ"}}), strict=True)
            if y == "1"} == {"الموصل", "العراق"}
    assert place_labels(cands, {"location": {"text": "حلب", "country": "SYR"}}) is None  # nothing to learn


def test_the_likeliest_candidate_wins_no_place_included(doc):
    cands = place_candidates(doc, _assault(doc))
    prefer = lambda feature: LinearModel(["0", "1"], {feature: [3.0]}, [-1.0])  # noqa: E731
    assert choose_place(prefer("rule"), cands).text == "الموصل"
    assert choose_place(prefer("src=prev"), cands).text == "القاهرة"
    assert choose_place(prefer("none"), cands) is None


def test_place_trees_add_their_log_odds_to_each_candidates_score(doc):
    from marsad.events.learned.boosted import BoostedTrees

    cands = place_candidates(doc, _assault(doc))
    logit = LinearModel(["0", "1"], {"rule": [1.0]}, [0.0])  # the logit prefers the rule's Mosul a little
    # trees that learned "the sentence before is where it happened"
    trees = BoostedTrees.fit([["src=prev"]] * 40 + [["src=sent"]] * 40, ["1"] * 40 + ["0"] * 40, min_count=1)
    assert choose_place(logit, cands, trees, trees_weight=1.0).text == "القاهرة"
    assert choose_place(logit, cands, trees, trees_weight=0.0).text == "الموصل"  # share 0: the logit alone
    assert choose_place(logit, cands).text == "الموصل"  # no trees: the logit alone
    scores = place_scores(logit, cands, trees, 0.5)
    for c, s in zip(cands, scores, strict=True):
        assert abs(s - logit.scores(c.features)[0] - 0.5 * trees.raw(c.features)) < 1e-9


def test_place_trees_learn_from_every_candidate_of_every_event():
    groups = [([["src=sent", "loc"], ["src=prev"], ["none"]], ["1", "0", "0"])] * 30 + [
        ([["src=sent"], ["src=prev", "loc"], ["none"]], ["0", "1", "0"])] * 30
    trees = train_place_trees(groups)
    assert trees is not None and "loc" in trees.vocabulary
    assert trees.raw(["src=sent", "loc"]) > trees.raw(["src=sent"])
    assert train_place_trees([]) is None


def test_place_trees_leave_the_words_to_the_logit():
    # the words around places would make the trees' matrix tens of thousands of columns wide
    groups = [([["src=sent", "w1=في", "t=ASSAULT|bw=قصف", "stem=قتل|src=sent"], ["none", "none|sw=قتل", "none|t=ASSAULT|sw=قتل"]],
               ["1", "0"])] * 30 + [([["src=prev", "a1=جنوب"], ["none", "none|stem=قتل"]], ["0", "1"])] * 30
    trees = train_place_trees(groups)
    assert trees is not None and set(trees.vocabulary) == {"src=sent", "src=prev", "none"}


CITIES = [("الموصل", "IRQ", "العراق"), ("حلب", "SYR", "سوريا"), ("عدن", "YEM", "اليمن"), ("بنغازي", "LBY", "ليبيا"),
          ("الرمادي", "IRQ", "العراق"), ("تعز", "YEM", "اليمن")]


def _attack_article(i: int, city: tuple[str, str, str], elsewhere: str) -> tuple[dict, dict]:
    lead = f"وصل وزير الخارجية الأمريكي جون كيري إلى {elsewhere} أمس في زيارة رسمية."
    sentence = f"وقتل خمسة أشخاص في هجوم انتحاري نفذه تنظيم داعش استهدف سوقا في مدينة {city[0]} شمال {city[2]}"
    doc_id = f"a{i}"
    article = {"doc_id": doc_id, "published": "2015-08-02", "title": "هجوم", "content": f"{lead}\n{sentence}.",
               "url": f"http://x.sa/{doc_id}"}
    gold = {"doc_id": doc_id, "published": "2015-08-02", "events": [{
        "type": "ASSAULT", "actor": {"text": "تنظيم داعش", "group": "ISIS"}, "recipient": None, "trigger": "هجوم",
        "location": {"text": f"مدينة {city[0]}", "country": city[1]}, "sentence": sentence, "required": True}]}
    return article, gold


@pytest.fixture(scope="module")
def attack_items(tmp_path_factory):
    import json

    from marsad.events.learned.annotated import analyse, load_annotated

    root = tmp_path_factory.mktemp("attacks")
    pairs = [_attack_article(i, city, ("القاهرة", "عمان", "الرياض")[i % 3]) for i, city in enumerate(CITIES)]
    pairs += [({"doc_id": "s0", "published": "2015-08-02", "title": "رياضة", "content": "فاز فريق الهلال على النصر بهدفين."},
               {"doc_id": "s0", "published": "2015-08-02", "events": []})]
    for article, gold in pairs:
        for kind, obj in (("articles", article), ("gold", gold)):
            (root / kind).mkdir(exist_ok=True)
            (root / kind / f"{obj['doc_id']}.json").write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return [analyse(it) for it in load_annotated([root])]


def test_a_trained_model_carries_the_stage_and_places_an_unseen_attack(attack_items, tmp_path):
    from marsad.events.learned.crossval import predict
    from marsad.events.learned.model import EventModel, train

    model = train([it for it in attack_items if it.doc_id != "a5"], plausibility_folds=0)
    assert model.places is not None and model.info["place_events"] > 1
    model.save(tmp_path / "m")
    again = EventModel.load(tmp_path / "m")
    assert again.places is not None
    test = [it for it in attack_items if it.doc_id == "a5"]
    assert [(e["type"], e["location"]["text"], e["location"]["country"]) for e in predict(again, test)["a5"]] == [
        ("ASSAULT", "تعز", "YEM")]
    # a stage that prefers the sentence before places it there: the choice is the stage's, not the rule's
    again.places = LinearModel(["0", "1"], {"src=prev": [5.0]}, [0.0])
    assert [e["location"]["text"] for e in predict(again, test)["a5"]] == ["الرياض"]
    again.places = None
    again.save(tmp_path / "m")  # a model without the stage leaves no stale file behind
    assert not (tmp_path / "m" / "places.json").exists()


def test_place_trees_are_fitted_when_asked_and_travel_with_the_model(attack_items, tmp_path, monkeypatch):
    from marsad.events.learned import places
    from marsad.events.learned.boosted import BoostedTrees
    from marsad.events.learned.crossval import predict
    from marsad.events.learned.model import PLACE_TREES, EventModel, train

    monkeypatch.setattr(places, "PLACE_TREES_MIN_COUNT", 1)  # the fixture is small
    training = [it for it in attack_items if it.doc_id != "a5"]
    assert train(training, plausibility_folds=0).place_trees is None  # not fitted unless asked
    model = train(training, plausibility_folds=0, place_trees=True)
    assert model.place_trees is not None and model.info[PLACE_TREES]["trees"] > 0
    test = [it for it in attack_items if it.doc_id == "a5"]
    assert [e["location"]["text"] for e in predict(model, test)["a5"]] == ["تعز"]
    # trees that want the sentence before, at a share that overrules the logit
    model.place_trees = BoostedTrees.fit([["src=prev"]] * 40 + [["src=sent"]] * 40, ["1"] * 40 + ["0"] * 40, min_count=1)
    model.thresholds[PLACE_TREES] = 50.0
    assert [e["location"]["text"] for e in predict(model, test)["a5"]] == ["الرياض"]
    model.save(tmp_path / "m")
    assert (tmp_path / "m" / f"{PLACE_TREES}.npz").exists()
    assert [e["location"]["text"] for e in predict(EventModel.load(tmp_path / "m"), test)["a5"]] == ["الرياض"]


@pytest.mark.parametrize("text, finer, coarser, expected", [
    # a site named just before the province it sits in: the site
    ("استعادت المقاومة «قاعدة العند» العسكرية في محافظة لحج", "قاعدة العند", "محافظة لحج", "قاعدة العند"),
    ("قصف الطيران منزلا في مدينة عتق مركز محافظة شبوة", "عتق", "محافظة شبوة", "عتق"),
    ("اطلق النار داخل سينما قرب ناشفيل بولاية تينيسي", "ناشفيل", "بولاية تينيسي", "ناشفيل"),
    # a place named far from the province, or followed by other words: the stage's choice stands
    ("قتل مسلح في ناشفيل وفرت الشرطة الطرق المؤدية الى المدينة في ولاية تينيسي", "ناشفيل", "ولاية تينيسي",
     "ولاية تينيسي"),
])
def test_a_finer_place_named_just_before_the_province_it_sits_in_is_the_events(text, finer, coarser, expected):
    from marsad.events.learned.places import PlaceCandidate, narrowest
    from marsad.schema import Place

    def place(phrase: str, name: str, precision: str) -> Place:
        start = text.index(phrase)
        return Place(phrase, start, start + len(phrase), name=name, country="XXX", lat=1.0, lon=1.0, precision=precision)

    fine, coarse = place(finer, "Fine", "exact"), place(coarser, "Coarse", "region")
    chosen = narrowest(coarse, [PlaceCandidate(None, []), PlaceCandidate(fine, []), PlaceCandidate(coarse, [])], text)
    assert chosen is not None and chosen.text == expected
    # a finer place of another state is never taken
    other = Place(finer, fine.start, fine.end, name="Fine", country="YYY", lat=1.0, lon=1.0, precision="exact")
    assert narrowest(coarse, [PlaceCandidate(other, [])], text) is coarse


@pytest.mark.parametrize("text, province, part, expected", [
    # a part of a state named by a direction right after a province: the province, though both are regions
    ("لقي قيادي حوثي مصرعه في محافظة الضالع جنوب اليمن بعد اشتباكات", "محافظة الضالع", "جنوب اليمن", "محافظة الضالع"),
    ("قتل مدنيون بألغام زرعها الحوثيون في محافظة لحج في جنوب اليمن", "محافظة لحج", "جنوب اليمن", "محافظة لحج"),
    # words between them: the stage's choice stands
    ("قتل مدنيون في محافظة الضالع وقال مسؤول في جنوب اليمن", "محافظة الضالع", "جنوب اليمن", "جنوب اليمن"),
])
def test_a_province_named_just_before_a_part_of_its_state_is_the_events(text, province, part, expected):
    from marsad.events.learned.places import PlaceCandidate, narrowest
    from marsad.schema import Place

    def place(phrase: str) -> Place:
        start = text.index(phrase)
        return Place(phrase, start, start + len(phrase), name=phrase, country="YEM", lat=1.0, lon=1.0, precision="region")

    fine, coarse = place(province), place(part)
    chosen = narrowest(coarse, [PlaceCandidate(None, []), PlaceCandidate(fine, []), PlaceCandidate(coarse, [])], text)
    assert chosen is not None and chosen.text == expected


def test_a_visit_announced_for_later_takes_place_where_the_visitor_is_going():
    from dataclasses import replace

    from marsad.events.learned.places import planned_visit_place

    doc = analyze("وقال البيت الأبيض إن الرئيس الأميركي باراك أوباما سيزور كينيا الشهر المقبل.", "2015-07-20", None,
                  title="", nlp=build_nlp("rules"))
    visit = next(d for d in doc._.drafts if d.trigger.trigger.mode == "visit")
    planned = replace(visit, type="AGREE", future=True)
    cands = place_candidates(doc, planned)
    assert planned_visit_place(planned, cands).text == "كينيا"
    assert planned_visit_place(replace(planned, future=False), cands) is None  # a visit made: the stage's choice
    assert planned_visit_place(replace(planned, type="CONSULT"), cands) is None
