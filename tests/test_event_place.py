"""Which place of an article is an event's (issue 11): the place the trigger governs, not every place the
sentence names (records._location and the rules around it). One sentence in, the chosen location out."""
from __future__ import annotations

import pytest

from marsad.process import process
from marsad.schema import Document

# These are the place rules (records._location): the rule coder's events, and a feature and candidate of the
# learned place stage, which chooses the shipped model's places (tests/test_place_stage.py)
pytestmark = pytest.mark.usefixtures("rule_places")


def events(text: str):
    result = process(Document(source="test", content=text, kind="text", doc_id="doc-" + str(abs(hash(text))),
                              published="2016-01-05"))
    return result.events


def rule_events(text: str, etype: str):
    """The rule coder's events of type `etype` (the place rules on the rules' own drafts)."""
    from marsad.nlp import pipeline

    before = dict(pipeline._coder_choice)
    pipeline.use_coder("rules", None)
    try:
        return [e for e in events(text) if e.type == etype]
    finally:
        pipeline.use_coder(before["coder"], before["model"])


def place(text: str, etype: str):
    """The location of the sentence's event of type `etype`: (text, country) or None."""
    found = [e for e in events(text) if e.type == etype]
    assert found, [(e.type, e.trigger.text) for e in events(text)]
    loc = found[0].location
    return (loc.text, loc.country) if loc else None


def test_a_statement_has_no_place():
    # where a condemnation was voiced is not the news (the annotated articles leave 3 in 4 such places null)
    assert place("أدان وزير الخارجية السعودي في الرياض أمس الهجوم الإرهابي الذي نفذه تنظيم داعش.", "ACCUSE") is None


def test_a_place_after_bi_and_a_place_noun():
    loc = place("تمكنت الجهات الأمنية من ضبط ثلاثة أشخاص متهمين بالسرقة بأحد المواقع بمحافظة الطائف.", "COERCE")
    assert loc == ("الطائف", "SAU")


def test_a_named_place_whose_noun_begins_with_ba():
    # "بلدة" begins with the letter of the preposition ب: it is still the noun of "في بلدة الغضياء"
    loc = place("قتل مسلحون مجهولون مواطنا في بلدة الغضياء أمس.", "ASSAULT")
    assert loc is not None and loc[0] == "بلدة الغضياء"


def test_a_word_describing_a_place_does_not_name_it():
    # "حي شعبي" is a working-class district, not a district called شعبي
    loc = place("قتل 18 شخصا أمس في سقوط صاروخ على حي شعبي في وسط مدينة حلب.", "ASSAULT")
    assert loc is None or "شعبي" not in loc[0]


def test_a_named_place_stops_before_a_describing_word():
    # "مديرية أرحب الواقعة شمال صنعاء": the district is أرحب; "الواقعة" (lying) describes it
    loc = place("شن طيران التحالف غارات على مديرية أرحب الواقعة شمال صنعاء أمس.", "ASSAULT")
    assert loc is not None and loc[0] == "مديرية أرحب"


def test_an_event_word_is_not_a_place_name():
    # "منطقة الاشتباكات": the area of the clashes, not a place called "الاشتباكات"
    loc = place("قصف الجيش السوري مواقع تنظيم داعش في منطقة الاشتباكات أمس.", "ASSAULT")
    assert loc is None or "الاشتباكات" not in loc[0]


def test_a_definite_word_in_iya_names_the_place_of_an_indefinite_noun():
    # "قرية العيسوية": an indefinite place noun before a definite word ending in ية is a name (an adjective
    # would agree with the noun: "منطقة حدودية")
    loc = place("اعتقلت قوات الاحتلال الإسرائيلي ستة أطفال فلسطينيين في قرية العيسوية وسط القدس المحتلة.", "COERCE")
    assert loc is not None and loc[0] == "قرية العيسوية"


@pytest.mark.parametrize(("sentence", "etype", "name"), [
    ("قصفت ميليشيات الحوثي مواقع المقاومة في جبل الجرة أمس.", "ASSAULT", "جبل الجرة"),
    ("استهدف مسلحون جنودا عراقيين في قاعدة سبايكر أمس.", "ASSAULT", "قاعدة سبايكر"),
])
def test_a_mountain_and_a_base_are_named_places(sentence, etype, name):
    loc = place(sentence, etype)
    assert loc is not None and loc[0] == name


def test_a_place_name_ends_before_the_next_place_noun():
    # "منطقة الصالحية بمدينة الحسكة": the district is الصالحية; "بمدينة" opens the city it lies in
    loc = place("قصفت طائرات التحالف مواقع داعش في منطقة الصالحية بمدينة الحسكة أمس.", "ASSAULT")
    assert loc is not None and loc[0] == "منطقة الصالحية"


def test_a_direction_may_stand_before_the_place_noun():
    loc = place("قصفت طائرات التحالف مواقع داعش قرب ناحية الصقلاوية شمال غربي الفلوجة أمس.", "ASSAULT")
    assert loc is not None and loc[0] == "ناحية الصقلاوية"


@pytest.mark.parametrize(("sentence", "name"), [
    ("قصفت المقاومة مواقع الحوثيين في مديرية لودر وجرى تطهيرها أمس.", "مديرية لودر"),
    ("اندلعت مواجهات عنيفة بين الطرفين في منطقة سناح عقب محاولة الحوثيين الهجوم على مواقع المقاومة.", "منطقة سناح"),
])
def test_a_place_name_ends_before_a_new_clause(sentence, name):
    # "وجرى" opens a new clause and "عقب" (after) a time: neither is part of the place's name
    loc = place(sentence, "ASSAULT")
    assert loc is not None and loc[0] == name


def test_a_headquarters_names_no_place():
    # "مسجد مقر قوات الطوارئ": the mosque of the forces' headquarters, not a place called "مسجد مقر"
    loc = place("قتل انتحاري 15 شخصا بتفجير في مسجد مقر قوات الطوارئ الخاصة بمنطقة عسير أمس.", "ASSAULT")
    assert loc is None or "مقر" not in loc[0]


def test_a_place_after_a_named_place_noun():
    loc = place("تمت صباح أمس عملية تبادل للأسرى بين الحكومة اليمنية والحوثيين في مطار عدن.", "ASSAULT")
    assert loc == ("عدن", "YEM")


def test_a_palace_is_a_place():
    loc = place("عقد خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر العوجا، اليوم الخميس، جلسة مباحثات "
                "رسمية مع رئيس وزراء باكستان محمد نواز شريف.", "CONSULT")
    assert loc is not None and loc[0] == "قصر العوجا"


def test_a_palace_the_knowledge_places_is_in_its_own_state():
    # the Indonesian minister is received in a Saudi palace ("بقصر السلام": the palace with its preposition)
    loc = place("استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في مكتبه بقصر السلام اليوم وزيرة الخارجية "
                "الإندونيسية.", "CONSULT")
    assert loc == ("بقصر السلام", "SAU")


def test_a_visit_goes_where_li_points():
    assert place("بدأ ولي العهد السعودي أمس زيارة للأردن.", "CONSULT")[1] == "JOR"
    assert place("وقام وزير الدفاع الأمريكي أشتون كارتر بزيارة مفاجئة لبغداد امس.", "CONSULT")[1] == "IRQ"


def test_a_visit_names_its_destination_as_object_and_a_topic_is_not_a_place():
    # "قطر" is what Lavrov visits; Syria is what he will discuss there
    loc = place("ويزور وزير الخارجية الروسي سيرغي لافروف قطر لمناقشة السلام في سوريا.", "CONSULT")
    assert loc == ("قطر", "QAT")


def test_washington_keeps_its_waw():
    loc = place("ومن المقرر أن يزور وزير خارجية كوبا برونو رودريغيز واشنطن لحضور المراسم.", "AGREE")
    assert loc == ("واشنطن", "USA")


def test_a_reception_happens_at_the_hosts_seat():
    # a foreign envoy received by a governor (session 16's model, its plausibility cut at 0.45, leaves out a
    # governor receiving a business group's chairman: not what this tests)
    loc = place("استقبل صاحب السمو الملكي الأمير فيصل بن خالد أمير منطقة عسير في مكتبه أمس السفير الأمريكي لدى "
                "المملكة جوزيف ويستفول.", "CONSULT")
    assert loc is not None and loc[1] == "SAU" and "عسير" in loc[0]


def test_the_place_after_the_trigger_wins():
    # Syria is where Turkey will fight; the meeting was in Malaysia
    loc = place("أعلن وزير الخارجية التركي مولود تشاوش أوغلو أن بلاده ستبدأ قريبا بمحاربة تنظيم داعش في شمال سوريا، "
                "خلال لقاء مع نظيره الأميركي جون كيري في ماليزيا.", "CONSULT")
    assert loc == ("ماليزيا", "MYS")


def test_a_place_before_an_office_is_the_events():
    # "بالرياض المدير الإقليمي": the place is where they met, not the director's office
    loc = place("التقى وزير حقوق الإنسان اليمني عزالدين الأصبحي امس بالرياض المدير الإقليمي لبرنامج الأغذية العالمي "
                "مهند هادي.", "CONSULT")
    assert loc == ("بالرياض", "SAU")


def test_a_word_is_not_a_foreign_city():
    # "بفأس" (with an axe) is not Fes in an article about Saudi and Ethiopian men
    assert place("أقدم مواطن سعودي على قتل عامل أثيوبي بضربه بفأس في الرأس.", "ASSAULT") is None


def test_an_attack_without_a_place_happened_where_the_story_did():

    text = ("شنت طائرات التحالف غارات على مواقع الحوثيين في صنعاء أمس. "
            "وفي سياق متصل، شن تنظيم القاعدة هجوما على نقطة تفتيش للجيش اليمني.")
    # the rule of the records stage (records._story_place) on the rule coder's two attacks: whether a given
    # model codes the second one (session 15's does not, in an article with no outlet) is not what this tests
    found = rule_events(text, "ASSAULT")
    assert len(found) == 2 and all(e.location and e.location.text == "صنعاء" for e in found)


@pytest.mark.usefixtures("rule_coder")  # the place rule, whichever coder drafts the event
def test_a_statement_does_not_take_the_story_place():
    text = ("شنت طائرات التحالف غارات على مواقع الحوثيين في صنعاء أمس. "
            "وفي سياق متصل، دعا وزير الخارجية اليمني الأمم المتحدة إلى التدخل.")
    assert place(text, "REQUEST") is None


@pytest.mark.usefixtures("rule_coder")  # the records stage's rule, whichever coder drafts the events
def test_a_statement_made_during_a_meeting_takes_the_meetings_place():
    meeting = ("استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام بجدة أمس وزير الخارجية المصري "
               "سامح شكري. ")
    during = "وأشاد وزير الخارجية المصري خلال الاستقبال بدور المملكة في دعم الأمن في المنطقة."
    found = {e.type: e.location.text if e.location else None for e in rule_events(meeting + during, "SUPPORT")}
    assert found == {"SUPPORT": "قصر السلام بجدة"}
    # not said during the meeting: the statement keeps no place
    later = "وأشاد وزير الخارجية المصري بدور المملكة في دعم الأمن في المنطقة."
    assert [e.location for e in rule_events(meeting + later, "SUPPORT")] == [None]


def test_a_venue_the_knowledge_places_is_in_its_own_state():
    # the visitor is Qatari, the palace Saudi: a known venue does not take the actor's state
    loc = place("استقبل صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد في قصر السلام بجدة أمس "
                "وزير الخارجية القطري خالد العطية.", "CONSULT")
    assert loc is not None and loc[0] == "قصر السلام بجدة" and loc[1] == "SAU"


def test_the_press_spelling_of_a_capital_is_known():
    loc = place("قتل 20 طالباً عسكرياً على الأقل في هجوم انتحاري استهدف اليوم الجمعة أكاديمية للشرطة في العاصمة "
                "الأفغانية كابول.", "ASSAULT")
    assert loc == ("كابول", "AFG")


def test_an_unknown_venue_of_a_visit_is_in_the_hosts_state():
    # the palace is the host's (Saudi), not the visiting minister's state
    loc = place("استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر الضيافة أمس وزير الدفاع الأميركي "
                "آشتون كارتر.", "CONSULT")
    assert loc is not None and loc[1] == "SAU"


def test_a_newspaper_told_is_not_a_place():
    from marsad.nlp.pipeline import analyze

    for text in ('وقالت مصادر محلية لـ«الرياض» إن طيران التحالف شن غارات.', 'وقال مصدر ل"الرياض" إن القصف مستمر.'):
        assert not [h for h in analyze(text, "2015-08-02", "SAU")._.hits if h.label == "CAPITAL"], text
    assert [h.label for h in analyze("وصل الوزير إلى الرياض أمس.", "2015-08-02", "SAU")._.hits] == ["TITLE", "CAPITAL"]


def test_a_known_place_inside_an_unknown_name_is_part_of_it():
    # "قرية قصر البريج في ريف حلب": البريج is a Gaza camp the gazetteers know, here the end of a Syrian village's
    # name; the village lies in the region named after it, in Syria, not in Palestine
    loc = place("قتل 12 سوريا في قصف لطيران النظام السوري بالبراميل المتفجرة أمس لمناطق في قرية قصر البريج في ريف حلب "
                "الشمالي الشرقي.", "ASSAULT")
    assert loc == ("قرية قصر البريج", "SYR")
