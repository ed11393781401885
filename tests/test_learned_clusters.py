"""The learned coder's word clusters (features and candidates) and joint decoding of actor and recipient."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.events.learned.annotated import analyse, load_annotated
from marsad.events.learned.candidates import trigger_candidates
from marsad.events.learned.clusters import cluster_key, load_clusters, token_clusters
from marsad.events.learned.features import trigger_features
from marsad.events.learned.model import _best, _best_pair, learn_trigger_clusters, prepare
from marsad.nlp.participants import Party

HOSTS = [("السعودي", "SAU"), ("الأردني", "JOR"), ("الإماراتي", "ARE"), ("القطري", "QAT"), ("المصري", "EGY")]


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("clusters")
    for i, (host, guest) in enumerate(zip(HOSTS, HOSTS[1:] + HOSTS[:1], strict=True)):
        sentence = f"استقبل وزير الخارجية {host[0]} أمس وزير الخارجية {guest[0]} وبحث معه العلاقات الثنائية"
        article = {"doc_id": f"v{i}", "published": "2015-08-02", "title": "مباحثات", "content": sentence + "."}
        gold = {"doc_id": f"v{i}", "events": [{"type": "CONSULT", "mode": "visit", "actor": {"country": guest[1]},
                                               "recipient": {"country": host[1]}, "trigger": "استقبل",
                                               "sentence": sentence, "required": True}]}
        (root / f"a{i}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
        (root / f"g{i}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    sport = {"doc_id": "s0", "published": "2015-08-02", "title": "رياضة",
             "content": "فاز فريق الهلال على النصر بهدفين في مباراة الدوري أمس."}
    (root / "s0.json").write_text(json.dumps(sport, ensure_ascii=False), encoding="utf-8")
    (root / "gs0.json").write_text(json.dumps({"doc_id": "s0", "events": []}), encoding="utf-8")
    return [analyse(it) for it in load_annotated([root])]  # v0 … v4, s0


def test_clusters_are_the_ner_table_keyed_by_the_clitic_free_form(items):
    table = load_clusters()
    assert table and all(len(ids) == 2 for ids in list(table.values())[:100])  # coarse and fine
    doc = next(it for it in items if it.doc_id == "v0").doc
    kids = token_clusters(doc)
    assert len(kids) == len(doc) and token_clusters(doc) is kids  # computed once per document
    i = doc._.norms.index("وبحث")
    assert cluster_key("وبحث") == "بحث" and kids[i] == tuple(table.get("بحث", ()))


def test_trigger_features_carry_the_clusters_of_the_word_and_its_context(items):
    doc = next(it for it in items if it.doc_id == "v0").doc
    prepare(doc)
    c = next(c for c in trigger_candidates(doc, {}) if doc._.norms[c.hit.start] == "استقبل")
    feats = trigger_features(doc, c, 0.9)
    coarse, fine = token_clusters(doc)[c.hit.start]
    assert f"k0={coarse}" in feats and f"k1={fine}" in feats
    assert any(f.startswith("k1@1=") for f in feats) and any(f.startswith("kb1+=") for f in feats)


def test_a_learned_cluster_makes_an_uncovered_word_a_candidate(items):
    doc = next(it for it in items if it.doc_id == "v0").doc
    prepare(doc)
    i = doc._.norms.index("العلاقات")
    fine = str(token_clusters(doc)[i][-1])
    assert all(c.hit.start != i for c in trigger_candidates(doc, {}))
    c = next(c for c in trigger_candidates(doc, {}, {fine: "COOPERATE"}) if c.hit.start == i)
    assert c.learned_only and c.by_cluster and c.hit.trigger.type == "COOPERATE"
    assert "learned=True/cluster" in trigger_features(doc, c, 0.5)


def test_learned_clusters_need_enough_marks_and_words(items):
    fine = str(load_clusters()[cluster_key("استقبل")][-1])
    assert learn_trigger_clusters(items, min_marks=3, min_forms=1, min_ratio=0.0) == {fine: "CONSULT"}
    assert learn_trigger_clusters(items, min_marks=3, min_forms=2, min_ratio=0.0) == {}  # one word only
    assert learn_trigger_clusters(items, min_marks=6, min_forms=1, min_ratio=0.0) == {}  # five marks only


def test_joint_decoding_gives_each_role_its_best_party():
    x, y = Party(0, 1, []), Party(5, 6, [])
    scored = [(x, {"ACTOR": 0.6, "RECIPIENT": 0.35, "NONE": 0.05}), (y, {"ACTOR": 0.5, "RECIPIENT": 0.1, "NONE": 0.4})]
    greedy_actor, _ = _best(scored, "ACTOR", 0.05, exclude=None)
    assert greedy_actor is x  # greedy: x is the actor, so y (0.1) becomes the recipient
    actor, p_actor, recipient, p_recipient = _best_pair(scored, 0.05, 0.05)
    assert (actor, recipient) == (y, x) and (p_actor, p_recipient) == (0.5, 0.35)  # 0.5 × 0.35 > 0.6 × 0.1
    only = _best_pair([(x, {"ACTOR": 0.9, "RECIPIENT": 0.8, "NONE": 0.0})], 0.05, 0.05)
    assert only[0] is x and only[2] is None  # one party cannot take both roles


def test_the_decoder_prefers_a_dyad_across_states_when_the_scores_are_close():
    from marsad.events.learned.model import _best_pair
    from marsad.nlp.participants import Party

    saudi, saudi_too, yemen = Party(0, 1, [], country="SAU"), Party(2, 3, [], country="SAU"), Party(4, 5, [], country="YEM")
    scored = [(saudi, {"ACTOR": 0.8, "RECIPIENT": 0.1}), (saudi_too, {"ACTOR": 0.1, "RECIPIENT": 0.6}),
              (yemen, {"ACTOR": 0.1, "RECIPIENT": 0.5})]
    actor, _, recipient, _ = _best_pair(scored, 0.05, 0.05)
    assert actor is saudi and recipient is yemen  # 0.8 × 0.5 beats 0.8 × 0.6 × 0.7
    scored[2] = (yemen, {"ACTOR": 0.1, "RECIPIENT": 0.3})
    assert _best_pair(scored, 0.05, 0.05)[2] is saudi_too  # … but not a much likelier one
    isis, isis_too = Party(0, 1, [], group="ISIS"), Party(2, 3, [], group="ISIS")
    assert _best_pair([(isis, {"ACTOR": 0.9, "RECIPIENT": 0.0}), (isis_too, {"ACTOR": 0.0, "RECIPIENT": 0.2})],
                      0.05, 0.05)[2] is None  # one group on both sides: left without a recipient
