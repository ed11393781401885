"""The founding article: the four required gold events, boilerplate gone, nothing invented from it."""
import json

import pytest

from marsad.evaluate import events_match
from marsad.process import process
from marsad.sources.files import read_path


@pytest.fixture(scope="module")
def seed(shared):
    doc = next(read_path(shared / "seed" / "seed-article.txt"))
    gold = json.loads((shared / "seed" / "seed-gold.json").read_text(encoding="utf-8"))
    return process(doc, "2024-12-04"), gold


def test_boilerplate_removed(seed):
    result, gold = seed
    for line in gold["boilerplate"]:
        assert line not in result.article.text


def test_required_events(seed):
    result, gold = seed
    preds = [e.to_dict() for e in result.events]
    for g in gold["events"]:
        if not g["required"]:
            continue
        match = [p for p in preds if events_match(p, g)]
        assert match, f"missing {g['type']} {g['actor']['text']} -> {g['recipient']['text']}"
        p = match[0]
        if g["location"]:
            assert p["location"] and p["location"]["country"] == g["location"]["country"]
        if g["date"]:
            assert p["date"] == g["date"]
        assert p["future"] == g["future"]


def test_bostyn_visit_details(seed):
    result, _ = seed
    visit = next(e for e in result.events if e.actor and e.actor.country == "BEL")
    assert visit.date == "2024-12-02" and visit.location.name_ar == "الرباط"
    assert visit.actor.sector == "SPY"
    assert result.article.text[visit.trigger.start:visit.trigger.end] == visit.trigger.text
    assert result.article.text[visit.actor.start:visit.actor.end] == visit.actor.text


def test_no_event_from_boilerplate(seed):
    result, _ = seed
    assert not any("بريدك" in e.sentence.text or "تعليق" in e.sentence.text for e in result.events)
