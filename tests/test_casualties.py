"""Casualty figures (issue 13): killed and wounded of an ASSAULT, arrested of a COERCE arrest, with evidence spans."""

from __future__ import annotations

import pytest

from marsad.events import casualties
from marsad.events.casualties import ASSAULT_KINDS, casualty_kinds, event_casualties, find_figures, merge_casualties
from marsad.process import process
from marsad.schema import Casualty, Document, casualties_from_dict

V = "vague"  # stated without a number ("إصابة العشرات")

# sentence → (killed, wounded, arrested): a number, V, or None when the sentence states none
CASES: list[tuple[str, object, object, object]] = [
    # casualty word, then the count
    ("أسفر الهجوم عن مقتل 15 شخصا وإصابة 20 آخرين.", 15, 20, None),
    ("ونتج عن التفجير استشهاد 11 من رجال الأمن.", 11, None, None),
    ("قتل ثلاثة جنود في الهجوم على الحاجز.", 3, None, None),
    ("أدى الانفجار إلى إصابة العشرات.", None, V, None),
    ("أدى الهجوم إلى مقتل جنديين تركيين على الأقل.", 2, None, None),
    ("انتهى الاعتداء بمقتل شخصين وإصابة شرطي.", 2, 1, None),
    ("قامت الشرطة باعتقال 8 من الجماهير.", None, None, 8),
    ("ألقت الشرطة القبض على 251 شخصا.", None, None, 251),
    ("قتل ما لا يقل عن 15 مدنيا في الغارة.", 15, None, None),
    ("قتل 15 شخصا على الأقل في الغارة.", 15, None, None),
    ("أسفر التفجير عن مقتل ١٥ شخصا وإصابة ٣٢ آخرين.", 15, 32, None),  # Eastern Arabic digits
    ("نتج عن الحادث استشهاد (15) خمسة عشر مصلياً، خمسة منهم من رجال الأمن، وستة متدربين.", 15, None, None),
    ("ونتج عنه استشهاد عشرة من منسوبي قوات الطوارئ، وثلاثة من العاملين في الموقع وإصابة تسعة آخرين.", 13, 9, None),
    ("وأودى الانفجار بحياة خمسة وعشرين شخصا.", 25, None, None),
    ("أسفر القصف عن مقتل 30 شخصاً وإصابة نحو 100 يعالجون في المستشفيات.", 30, 100, None),
    ("اعتقلت قوات الأمن 5 أشخاص بعد الهجوم.", None, None, 5),
    ("ألقت الجهات الأمنية القبض على شاب متهم بالطعن.", None, None, 1),
    ("تم القبض عليهما بعد مطاردة.", None, None, 2),
    ("وتعترف فيها بقتلها لعشرة أشخاص.", 10, None, None),
    ("أدى إطلاق النار إلى مقتله على الفور.", 1, None, None),
    # the count, then the casualty word
    ("خلف الهجوم على الفندق 38 قتيلا و50 جريحا.", 38, 50, None),
    ("قال إن خمسة أشخاص قتلوا في الهجوم.", 5, None, None),
    ("لقي 6 من الإرهابيين مصرعهم في الاشتباك.", 6, None, None),
    ("لقي مقيم مصري مصرعه وأصيب 5 آخرون في القصف.", 1, 5, None),
    ("لقي 21 شخصاً على الأقل، من بينهم نساء وأطفال، مصرعهم في التفجير.", 21, None, None),
    ("قال سكان إن 25 حوثيا و10 من رجال المقاومة سقطوا قتلى.", 35, None, None),
    ("وقال المركز إن ثمانية قتلى وستة جرحى سقطوا خلال المواجهات.", 8, 6, None),
    ("الهجوم الانتحاري الذي أوقع 32 قتيلا ومئة جريح.", 32, 100, None),
    ("قال الجيش إن جنديين قتلا وأصيب أربعة آخرون في التفجير.", 2, 4, None),
    ("اغتال مسلحون مجهولون القاضي طاهر خان نيازي أمس.", 1, None, None),
    ("ونتج عن الحادثة «استشهاد» 12 من رجال الأمن.", 12, None, None),
    ("أسفر الحادث عن وفاة أربعة أشخاص هم الأب وزوجته، واثنتان من بناته.", 4, None, None),  # a breakdown, not more
    ("أسفر القصف عن مقتل ضابط صف وإصابة عسكريين اثنين بجروح.", 1, 2, None),
    # no number
    ("وخلف التفجير عددا من القتلى والجرحى في صفوف المصلين.", V, V, None),
    ("إن قتل المصلين جريمة لا يقبلها دين.", None, None, None),  # people in general: no figure
    ("ستحاسب الحركة قتلة الناشطين.", None, None, None),  # قتلة (killers) is no قتله (killed him)
    ("أفادت مصادر بسقوط قتلى وجرحى في صفوف الحوثيين.", V, V, None),
    ("أدى التفجير إلى استشهاد عدد من رجال الأمن وإصابة آخرين.", V, V, None),
    # numbers that are not casualties
    ("قتل الشاب البالغ من العمر 15 عاما في الهجوم.", 1, None, None),  # an age: the one young man, not 15
    ("وقع الهجوم الساعة 10 صباحا من يوم 15 يونيو.", None, None, None),
    ("اعتقل المتهم عام 2015 بتهمة سرقة 5000 ريال.", None, None, 1),
    ("حكم عليه بالسجن 15 عاما بتهمة القتل.", None, None, None),
    ("نصت المادة 5 من القانون على عقوبة القتل.", None, None, None),
    ("قتل في عام 2015 أكثر من مرة.", None, None, None),
    ("وقد استشهد في 12/5/1436هـ أثناء أداء الواجب.", None, None, None),
    ("ارتفعت نسبة الإصابات 15% خلال العام.", None, None, None),
    ("وضبطت الشرطة 5 سيارات مسروقة و200 ألف حبة.", None, None, None),
    ("أصيب 12 شخصا في الحادث.", None, 12, None),
    ("أصاب رجل بولاية جورجيا حماته بطلق ناري.", None, None, None),  # the man fired: he is no casualty
    ("خصصت مكافأة قدرها 50 ألف ريال لأسرة كل شهيد.", None, None, None),
]


def _read(sentence: str) -> tuple[object, object, object]:
    figures = event_casualties(sentence, (0, len(sentence)), (0, 0), ASSAULT_KINDS + ("arrested",)) or {}
    return tuple(  # type: ignore[return-value]
        (V if figures[k].count is None else figures[k].count) if k in figures else None
        for k in ("killed", "wounded", "arrested"))


@pytest.mark.parametrize(("sentence", "killed", "wounded", "arrested"), CASES)
def test_figures(sentence: str, killed: object, wounded: object, arrested: object) -> None:
    assert _read(sentence) == (killed, wounded, arrested)


def test_spans_are_verbatim_and_qualified() -> None:
    text = "بغداد - أسفر هجوم انتحاري عن مقتل ما لا يقل عن ١٥ شخصا وإصابة نحو 100 آخرين."
    figures = {k: c for k, c in find_figures(text, 0, len(text))}
    killed, wounded = figures["killed"], figures["wounded"]
    assert (killed.count, killed.qualifier, killed.text) == (15, "at_least", "مقتل ما لا يقل عن ١٥ شخصا")
    assert (wounded.count, wounded.qualifier) == (100, "about")
    for c in figures.values():
        assert text[c.start:c.end] == c.text
    # an offset into a longer text is kept
    prefix = "سطر أول.\n"
    again = {k: c for k, c in find_figures(prefix + text, len(prefix), len(prefix + text))}
    assert again["killed"].start == killed.start + len(prefix)


def test_killed_and_wounded_together() -> None:
    text = "أسفر الانفجار عن مقتل وإصابة 20 شخصا."
    figures = event_casualties(text, (0, len(text)), (0, 0), ASSAULT_KINDS)
    assert figures is not None and set(figures) == {"killed_or_wounded"}
    assert figures["killed_or_wounded"].count == 20


def test_figure_nearest_the_trigger_and_the_wounded_after_it() -> None:
    text = "أعلنت المقاومة مقتل 42 حوثيا وإصابة 93 آخرين، فيما قتل 9 مقاتلين من المقاومة وأصيب 15 آخرون."
    trigger = text.index("قتل 9")
    figures = event_casualties(text, (0, len(text)), (trigger, trigger + 3), ASSAULT_KINDS)
    assert figures is not None and (figures["killed"].count, figures["wounded"].count) == (9, 15)


def test_later_sentences_only_when_the_sentence_states_none() -> None:
    first = "استهدف هجوم انتحاري مسجدا في أبها أمس. "
    text = first + "ونتج عنه استشهاد 15 من رجال الأمن وإصابة 33 آخرين."
    figures = event_casualties(text, (0, len(first)), (7, 11), ASSAULT_KINDS, later=[(len(first), len(text))])
    assert figures is not None and figures["killed"].count == 15 and figures["killed"].start >= len(first)
    own = "قتل جندي في هجوم. "
    text = own + "وقتل 20 شخصا في هجوم آخر."
    figures = event_casualties(text, (0, len(own)), (0, 3), ASSAULT_KINDS, later=[(len(own), len(text))])
    assert figures is not None and figures["killed"].count == 1


def test_kinds_by_event() -> None:
    assert casualty_kinds("ASSAULT", None) == ASSAULT_KINDS
    assert casualty_kinds("COERCE", "arrest") == ("arrested",)
    assert casualty_kinds("COERCE", "deport") == ()
    assert casualty_kinds("CONSULT", "visit") == ()


def test_merge_prefers_a_number() -> None:
    vague = {"killed": Casualty(None, "vague", "مقتل العشرات", 0, 12)}
    number = {"killed": Casualty(15, "exact", "مقتل 15", 40, 47), "wounded": Casualty(3, "exact", "إصابة 3", 50, 57)}
    merged = merge_casualties(vague, number)
    assert merged is not None and merged["killed"].count == 15 and merged["wounded"].count == 3
    assert merge_casualties(number, vague) == number
    assert merge_casualties(None, None) is None


def test_record_round_trip() -> None:
    record = {"killed": {"count": 15, "qualifier": "at_least", "text": "مقتل 15", "start": 3, "end": 10},
              "wounded": None, "other": {"count": 1}}
    figures = casualties_from_dict(record)
    assert figures == {"killed": Casualty(15, "at_least", "مقتل 15", 3, 10)}
    assert figures["killed"].to_dict() == record["killed"]
    assert casualties_from_dict(None) is None


def test_linear_in_the_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work (lexicon look-ups) grows with the text, not with its square, also on adversarial input."""
    calls = [0]
    original = casualties._Lexicon.match

    def counting(self, toks, i):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return original(self, toks, i)

    monkeypatch.setattr(casualties._Lexicon, "match", counting)
    for unit in ("و5 ", "5 و", "مقتل ", "مقتل 5 أشخاص و", "لقي 5 من ", "25 حوثيا و", "و(5) ", "عدد من "):
        for tail in ("", "قتيلا"):
            costs = []
            for n in (200, 800):
                calls[0] = 0
                text = unit * n + tail
                find_figures(text, 0, len(text))
                costs.append(calls[0])
            assert costs[1] < 4.5 * costs[0], (unit, tail, costs)


ARTICLE = (
    "أسفر هجوم انتحاري نفذه تنظيم داعش على سوق شعبي في بغداد أمس عن مقتل 15 شخصا على الأقل وإصابة ٢٠ آخرين، "
    "بحسب مصادر أمنية عراقية.\n"
    "وأعلنت الشرطة العراقية القبض على ثلاثة أشخاص يشتبه بتورطهم في الهجوم.\n"
)


def test_end_to_end_record_carries_the_figures() -> None:
    doc = Document(source="test", content=ARTICLE, kind="record", doc_id="cas-1", title="مقتل 15 في هجوم ببغداد",
                   published="2015-07-20")
    result = process(doc)
    text = result.article.text
    records = [e.to_dict() for e in result.events]
    assault = next(r for r in records if r["type"] == "ASSAULT")
    arrest = next(r for r in records if r["type"] == "COERCE" and r["mode"] == "arrest")
    killed, wounded = assault["casualties"]["killed"], assault["casualties"]["wounded"]
    assert (killed["count"], killed["qualifier"], wounded["count"]) == (15, "at_least", 20)
    assert arrest["casualties"]["arrested"]["count"] == 3
    for record in (assault, arrest):
        for figure in record["casualties"].values():
            assert text[figure["start"]:figure["end"]] == figure["text"]
    assert "casualties" not in next((r for r in records if r["type"] not in ("ASSAULT", "COERCE")), {})
