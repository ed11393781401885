"""The dyad stage (events/learned/dyads.py): pairs, their labels by the EVENTS.md match, and the trained stage."""

from __future__ import annotations

from marsad.events.learned.dyads import choose_dyad, dyad_key, dyad_labels, pair_options
from marsad.events.learned.linear import LinearModel
from marsad.nlp.participants import Party


def _party(start: int, country: str | None = None, group: str | None = None, sector: str | None = None) -> Party:
    return Party(start, start + 1, [], country=country, group=group, sector=sector)


def test_pairs_cover_every_role_assignment_with_absent_roles_but_no_party_twice():
    pairs = pair_options(2)
    assert len(pairs) == 7 and (None, None) in pairs and (0, 1) in pairs and (1, 0) in pairs
    assert all(a is None or a != r for a, r in pairs)


def test_labels_follow_the_score_match_and_pool_parties_of_one_state():
    parties = [_party(0, "SAU"), _party(3, "EGY"), _party(6, "SAU")]
    pairs = pair_options(3)
    gold = {"type": "ACCUSE", "actor": {"country": "SAU"}, "recipient": {"country": "EGY"}}
    labels = dyad_labels("ACCUSE", parties, pairs, gold)
    right = {pair for pair, y in zip(pairs, labels, strict=True) if y == "1"}
    assert right == {(0, 1), (2, 1)}  # either Saudi participant is the actor
    # a meeting that is not a visit is unordered
    meeting = dict(gold, type="CONSULT")
    right = {p for p, y in zip(pairs, dyad_labels("CONSULT", parties, pairs, meeting), strict=True) if y == "1"}
    assert {(0, 1), (1, 0), (2, 1), (1, 2)} == right
    assert dyad_labels("ACCUSE", parties, pairs, {"type": "ACCUSE", "actor": {"country": "IRN"}}) is None
    assert dyad_key(parties, (0, 1)) == dyad_key(parties, (2, 1)) != dyad_key(parties, (1, 0))


def test_the_choice_pools_the_pairs_of_one_dyad():
    # one Egyptian party scores a little higher as actor than each Saudi one, but the two Saudi parties together
    # make Saudi Arabia the likelier actor
    parties = [_party(0, "SAU"), _party(3, "EGY"), _party(6, "SAU")]
    feats = [["sau1"], ["egy"], ["sau2"]]
    model = LinearModel(["0", "1"], {"A:sau1": [2.0], "A:sau2": [2.0], "A:egy": [2.3], "A:none": [-9.0],
                                     "R:none": [5.0]}, [0.0])
    actor, recipient, p = choose_dyad(model, "ACCUSE", parties, feats, trigger=1)
    assert actor is not None and actor.country == "SAU" and recipient is None and 0.5 < p < 1.0


def test_pair_features_read_the_verb_order_and_coordination():
    from marsad.events.learned.dyads import _pair_features

    # "استقبل X وY": two parties joined by و after the trigger at 0
    x, y = _party(1, "SAU"), Party(2, 3, [], country="EGY", first_clitic="و")
    f = _pair_features("CONSULT", [x, y], (0, 1), trigger=0, stem="استقبل")
    assert "P:coordinated|CONSULT" in f and "P:stem|sides=استقبل|aa|ar" in f and "P:order|sides=ar|aa|CONSULT" in f
    # the reverse assignment has its own order; one party alone names its role and side
    assert "P:stem|sides=استقبل|aa|ra" in _pair_features("CONSULT", [x, y], (1, 0), trigger=0, stem="استقبل")
    assert _pair_features("ASSAULT", [x, y], (None, 0), trigger=0, stem="قتل")[-1] == "P:stem|single=قتل|R|a"


def test_a_state_named_alone_never_makes_the_visit():
    from marsad.events.learned.dyads import visitor_possible
    from marsad.nlp.hits import Hit

    # "سلسلة زيارات شملت دولا مثل قطر": the model prefers Qatar as the visitor; a visit excludes it
    envoy = Party(0, 2, [Hit(0, 1, "TITLE", None), Hit(1, 2, "PER", None)], country="MAR")
    qatar = Party(5, 6, [Hit(5, 6, "COUNTRY", None)], country="QAT")
    assert visitor_possible(envoy) and not visitor_possible(qatar)
    model = LinearModel(["0", "1"], {"A:qatar": [3.0], "A:envoy": [1.0], "R:envoy": [2.5], "R:qatar": [0.5],
                                     "A:none": [-9.0], "R:none": [-9.0]}, [0.0])
    feats = [["envoy"], ["qatar"]]
    actor, recipient, _ = choose_dyad(model, "CONSULT", [envoy, qatar], feats, trigger=3)
    assert actor is qatar  # a meeting: either side may lead
    actor, recipient, p = choose_dyad(model, "CONSULT", [envoy, qatar], feats, trigger=3, visit=True)
    assert actor is envoy and recipient is qatar and 0.5 < p <= 1.0


def test_dyad_trees_add_their_log_odds_to_each_pairs_score():
    from marsad.events.learned.boosted import BoostedTrees

    # the logit prefers Egypt as the actor a little; trees that learned "the first party acts" overrule it
    parties = [_party(0, "SAU"), _party(3, "EGY")]
    feats = [["first"], ["second"]]
    model = LinearModel(["0", "1"], {"A:first": [1.0], "A:second": [1.5], "A:none": [-9.0], "R:none": [-9.0]}, [0.0])
    actor, _, _ = choose_dyad(model, "ACCUSE", parties, feats, trigger=1)
    assert actor.country == "EGY"
    rows = [["A:first", "R:second"]] * 40 + [["A:second", "R:first"]] * 40
    trees = BoostedTrees.fit(rows, ["1"] * 40 + ["0"] * 40, min_count=1)
    actor, recipient, p = choose_dyad(model, "ACCUSE", parties, feats, trigger=1, trees=trees, trees_weight=0.5)
    assert (actor.country, recipient.country) == ("SAU", "EGY")
    # the probability given with the choice stays the logit's, which finds that dyad the less likely one
    assert 0.0 < p < 0.5
    actor, _, _ = choose_dyad(model, "ACCUSE", parties, feats, trigger=1, trees=trees, trees_weight=0.0)
    assert actor.country == "EGY"  # no share, no say


def test_the_trees_learn_from_every_right_pair_and_a_few_wrong_ones():
    from marsad.events.learned.dyads import sample_pairs

    groups = [([[f"p{n}"] for n in range(20)], ["1", "1"] + ["0"] * 18), ([["q0"], ["q1"]], ["0", "1"])]
    rows, labels = sample_pairs(groups, wrong_per_event=3, seed=1)
    assert labels.count("1") == 3 and labels.count("0") == 3 + 1
    assert ["p0"] in rows and ["p1"] in rows and ["q1"] in rows and ["q0"] in rows
    assert sample_pairs(groups, wrong_per_event=3, seed=1) == (rows, labels)  # the draw is seeded


def test_ranked_dyads_give_the_choice_first_then_the_next_likeliest_dyad():
    from marsad.events.learned.dyads import ranked_dyads

    parties = [_party(0, "SAU"), _party(3, "EGY"), _party(6, "SAU")]
    feats = [["sau1"], ["egy"], ["sau2"]]
    model = LinearModel(["0", "1"], {"A:sau1": [2.0], "A:sau2": [2.0], "A:egy": [2.3], "A:none": [-9.0],
                                     "R:none": [5.0]}, [0.0])
    ranked = ranked_dyads(model, "ACCUSE", parties, feats, trigger=1)
    assert len(ranked) == 2 and ranked[0] == choose_dyad(model, "ACCUSE", parties, feats, trigger=1)
    (first_actor, _, p_first), (second_actor, second_recipient, p_second) = ranked
    assert first_actor.country == "SAU" and second_actor.country == "EGY" and second_recipient is None
    assert 0.0 < p_second < p_first and p_first + p_second <= 1.0
    assert len(ranked_dyads(model, "ACCUSE", parties, feats, trigger=1, n=4)) == 4
