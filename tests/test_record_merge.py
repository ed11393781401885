"""records.merge_mentions: one record per event an article tells more than once."""

from __future__ import annotations

from marsad.events.records import MIN_CONFIDENCE, confident_records, guest_first, merge_mentions
from marsad.schema import Event, Participant, Place, Span


def _event(etype: str, actor: str, recipient: str, mode: str | None = None, sentence: int = 0) -> Event:
    def party(country: str) -> Participant:
        return Participant(text=country, start=sentence * 100, end=sentence * 100 + 5, country=country)

    return Event(doc_id="d", url=None, published="2015-08-01", type=etype, mode=mode, contexts=[], cameo=None,
                 actor=party(actor), recipient=party(recipient), location=None, date=None, date_precision=None,
                 date_text=None, future=False, negated=False, trigger=Span("x", sentence * 100, sentence * 100 + 1),
                 sentence=Span("x", sentence * 100, sentence * 100 + 50), confidence=0.5)


def _dyads(events: list[Event]) -> list[tuple[str, str, str]]:
    return [(e.type, e.actor.country, e.recipient.country) for e in events]


def test_a_meeting_told_both_ways_is_one_meeting():
    # "وعقد العاهل الأردني اجتماعاً مع ولي ولي العهد" … "وفي ختام اللقاء … خادم الحرمين … الملك عبدالله الثاني"
    merged = merge_mentions([_event("CONSULT", "JOR", "SAU"), _event("CONSULT", "SAU", "JOR", sentence=3)])
    assert _dyads(merged) == [("CONSULT", "JOR", "SAU")]


def test_two_visits_each_way_stay_two():
    events = [_event("CONSULT", "JOR", "SAU", mode="visit"), _event("CONSULT", "SAU", "JOR", mode="visit", sentence=2)]
    assert len(merge_mentions(events)) == 2


def test_a_visit_and_the_hosts_meeting_stay_two():
    # who travelled is the visit's direction: a reception told the other way is not merged into it
    events = [_event("CONSULT", "JOR", "SAU", mode="visit"), _event("CONSULT", "SAU", "JOR", sentence=2)]
    assert len(merge_mentions(events)) == 2


def test_other_types_keep_their_direction():
    # "A accused B" and "B accused A" are two accusations
    events = [_event("ACCUSE", "IRN", "SAU"), _event("ACCUSE", "SAU", "IRN", sentence=2)]
    assert len(merge_mentions(events)) == 2


def test_a_meeting_within_one_state_is_not_reversed_into_itself():
    events = [_event("CONSULT", "SAU", "SAU"), _event("CONSULT", "SAU", "JOR", sentence=2)]
    assert _dyads(merge_mentions(events)) == [("CONSULT", "SAU", "SAU"), ("CONSULT", "SAU", "JOR")]


def _named(event: Event, role: str, name: str | None = None, group: str | None = None, country: str | None = "keep") -> Event:
    party = getattr(event, role)
    party.name = name
    if group is not None:
        party.group = group
    if country != "keep":
        party.country = country
    return event


def test_two_officials_named_in_full_stay_two_events():
    # EVENTS.md: separate events with the same states (two different officials received) stay separate
    events = [_named(_event("CONSULT", "SAU", "EGY"), "recipient", "سامح شكري"),
              _named(_event("CONSULT", "SAU", "EGY", sentence=2), "recipient", "عبد الفتاح السيسي")]
    assert len(merge_mentions(events)) == 2


def test_a_lone_word_beside_a_full_name_is_the_same_person():
    # the name finder takes "حكومي" in "أول مسؤول حكومي أميركي يزور إسرائيل" for a name; so is a first name alone
    for lone in ("حكومي", "آشتون"):
        events = [_named(_event("CONSULT", "USA", "ISR"), "actor", "آشتون كارتر"),
                  _named(_event("CONSULT", "USA", "ISR", sentence=2), "actor", lone)]
        assert len(merge_mentions(events)) == 1, lone


def test_two_different_lone_names_stay_two_events():
    events = [_named(_event("ACCUSE", "PSE", "ISR"), "actor", "عباس"),
              _named(_event("ACCUSE", "PSE", "ISR", sentence=2), "actor", "هنية")]
    assert len(merge_mentions(events)) == 2


def test_a_group_acting_for_a_state_is_that_states_party():
    # groups.tsv: COALITION_SAU acts for SAU, AQAP's parent is ALQAEDA; two siblings are never one party
    coalition = _named(_event("ASSAULT", "SAU", "YEM"), "actor", group="COALITION_SAU", country=None)
    assert len(merge_mentions([coalition, _event("ASSAULT", "SAU", "YEM", sentence=2)])) == 1
    aqap = _named(_event("ASSAULT", "YEM", "YEM"), "actor", group="AQAP", country=None)
    alqaeda = _named(_event("ASSAULT", "YEM", "YEM", sentence=2), "actor", group="ALQAEDA", country=None)
    assert len(merge_mentions([aqap, alqaeda])) == 1
    aqim = _named(_event("ASSAULT", "YEM", "YEM", sentence=3), "actor", group="AQIM", country=None)
    aqap = _named(_event("ASSAULT", "YEM", "YEM"), "actor", group="AQAP", country=None)
    assert len(merge_mentions([aqap, aqim])) == 2


def test_a_lone_known_name_is_that_person():
    # "الملك سلمان" sent one cable and "الأمير محمد بن نايف" another: two officials, two events
    events = [_named(_event("SUPPORT", "SAU", "COL"), "actor", "سلمان"),
              _named(_event("SUPPORT", "SAU", "COL", sentence=2), "actor", "محمد بن نايف بن عبدالعزيز")]
    assert len(merge_mentions(events)) == 2
    events = [_named(_event("SUPPORT", "SAU", "COL"), "actor", "سلمان"),
              _named(_event("SUPPORT", "SAU", "COL", sentence=2), "actor", "سلمان بن عبدالعزيز")]
    assert len(merge_mentions(events)) == 1


def test_two_officials_of_one_party_in_one_sentence_are_one_record():
    # GUIDELINE.md: one record per (type, actor, recipient) in a sentence — "هنأ الملك ونائبه رئيس الإكوادور"
    events = [_named(_event("SUPPORT", "SAU", "ECU"), "actor", "سلمان بن عبدالعزيز"),
              _named(_event("SUPPORT", "SAU", "ECU"), "actor", "محمد بن نايف")]
    merged = merge_mentions(events)
    assert len(merged) == 1 and merged[0].actor.name == "سلمان بن عبدالعزيز"
    # another party in the same sentence is another record
    assert len(merge_mentions([_event("SUPPORT", "SAU", "ECU"), _event("SUPPORT", "SAU", "COL")])) == 2


def test_a_negation_flag_on_one_mention_of_a_sentence_does_not_make_a_second_event():
    negated = _event("ACCUSE", "GCC", "IRQ")
    negated.negated = True
    assert len(merge_mentions([_event("ACCUSE", "GCC", "IRQ"), negated])) == 1
    # in another sentence a negated mention is another statement
    other = _event("ACCUSE", "GCC", "IRQ", sentence=2)
    other.negated = True
    assert len(merge_mentions([_event("ACCUSE", "GCC", "IRQ"), other])) == 2


def test_a_doubtful_record_is_dropped_unless_told_twice():
    doubtful = MIN_CONFIDENCE - 0.03
    lone = _event("ACCUSE", "IRN", "SAU")
    lone.confidence = doubtful
    assert confident_records([lone]) == []
    told_twice = [_event("ACCUSE", "IRN", "SAU"), _event("ACCUSE", "IRN", "SAU", sentence=2)]
    for e in told_twice:
        e.confidence = doubtful
    # the second telling adds 0.05: the merged record clears the floor
    assert _dyads(confident_records(told_twice)) == [("ACCUSE", "IRN", "SAU")]
    sure = _event("ACCUSE", "IRN", "SAU")
    assert _dyads(confident_records([sure])) == [("ACCUSE", "IRN", "SAU")]


def test_a_meeting_in_the_actors_own_state_has_the_guest_as_actor():
    # "التقى الجبير لافروف في موسكو": the Saudi travelled; the visitor is the actor (GUIDELINE.md)
    meeting = _event("CONSULT", "RUS", "SAU")
    meeting.location = Place(text="موسكو", start=40, end=45, country="RUS")
    guest_first(meeting)
    assert _dyads([meeting]) == [("CONSULT", "SAU", "RUS")]
    # a meeting elsewhere, a told visit, and a meeting of one state's parties keep their order
    elsewhere = _event("CONSULT", "RUS", "SAU")
    elsewhere.location = Place(text="جنيف", start=40, end=45, country="CHE")
    visit = _event("CONSULT", "RUS", "SAU", mode="visit")
    visit.location = Place(text="موسكو", start=40, end=45, country="RUS")
    home = _event("CONSULT", "SAU", "SAU")
    home.location = Place(text="الرياض", start=40, end=45, country="SAU")
    for e in (elsewhere, visit, home):
        guest_first(e)
    assert _dyads([elsewhere, visit, home]) == [("CONSULT", "RUS", "SAU"), ("CONSULT", "RUS", "SAU"), ("CONSULT", "SAU", "SAU")]


def test_two_groups_of_one_state_in_two_sentences_are_two_events():
    # "قصف الحوثيون منازل المواطنين في دار سعد" … "هاجمت المقاومة الشعبية مواقع الحوثيين في لحج": both YEM → YEM
    # to EVENTS.md's score, but two events of a civil war
    shelling = _named(_named(_event("ASSAULT", "YEM", "YEM"), "actor", group="HOUTHI"), "recipient", group="CIV")
    raid = _named(_named(_event("ASSAULT", "YEM", "YEM", sentence=2), "actor", group="POPULAR_RESISTANCE"),
                  "recipient", group="HOUTHI")
    assert len(merge_mentions([shelling, raid])) == 2
    # the same groups told again are one event; a mention that names no group is the same event told less fully
    again = _named(_named(_event("ASSAULT", "YEM", "YEM", sentence=3), "actor", group="HOUTHI"), "recipient", group="CIV")
    assert len(merge_mentions([shelling, again, _event("ASSAULT", "YEM", "YEM", sentence=4)])) == 1
    # within one sentence the guideline's one record per (type, actor, recipient) still holds
    same_sentence = _named(_named(_event("ASSAULT", "YEM", "YEM"), "actor", group="POPULAR_RESISTANCE"), "recipient",
                           group="HOUTHI")
    assert len(merge_mentions([shelling, same_sentence])) == 1


def _at(event: Event, sentence_text: str, place: str) -> Event:
    event.sentence = Span(sentence_text, event.sentence.start, event.sentence.start + len(sentence_text))
    event.location = Place(text=place, start=event.sentence.start, end=event.sentence.start + len(place), country="IRQ")
    return event


def test_a_roundups_attacks_each_opening_with_its_place_are_two_events():
    mosul = _at(_event("ASSAULT", "IRQ", "IRQ"), "وفي الموصل شمال العراق اغتال مسلحون معاون سجن الأحداث", "الموصل")
    mahmudiya = _at(_event("ASSAULT", "IRQ", "IRQ", sentence=2), "وفي المحمودية جنوب العاصمة قتل مسلحون مترجما", "المحمودية")
    assert len(merge_mentions([mosul, mahmudiya])) == 2
    # one attack told again with its place later in the sentence stays one
    again = _at(_event("ASSAULT", "IRQ", "IRQ", sentence=3), "وقال مصدر أمني إن المسلحين فروا من الموصل", "الموصل")
    mosul = _at(_event("ASSAULT", "IRQ", "IRQ"), "وفي الموصل شمال العراق اغتال مسلحون معاون سجن الأحداث", "الموصل")
    assert len(merge_mentions([mosul, again])) == 1
    # statements are not a roundup's incidents
    a = _at(_event("ACCUSE", "IRQ", "IRQ"), "وفي الموصل اتهم المحافظ المسلحين", "الموصل")
    b = _at(_event("ACCUSE", "IRQ", "IRQ", sentence=2), "وفي المحمودية اتهم المجلس المسلحين", "المحمودية")
    assert len(merge_mentions([a, b])) == 1
