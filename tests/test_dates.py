import json

import pytest

from marsad.arabic.dates import find_dates, resolve_date


@pytest.mark.parametrize("expr, value, precision", [
    ("أول أمس الإثنين", "2024-12-02", "day"),
    ("أمس", "2024-12-03", "day"),
    ("غدا", "2024-12-05", "day"),
    ("العام المقبل", "2025", "year"),
    ("الشهر الماضي", "2024-11", "month"),
    ("منذ ثلاثة أيام", "2024-12-01", "day"),
    ("الأحد", "2024-12-01", "day"),
    ("3 غشت 2024", "2024-08-03", "day"),
    ("12 شتنبر 2023", "2023-09-12", "day"),
    ("5 كانون الثاني 2015", "2015-01-05", "day"),
    ("14 جويلية 2019", "2019-07-14", "day"),
    ("٢٠ مارس ٢٠٢٤", "2024-03-20", "day"),
    ("يوم الخميس الموافق 21 / 10 / 1436هـ", "2015-08-06", "day"),
])
def test_resolve(expr, value, precision):
    assert resolve_date(expr, "2024-12-04") == (value, precision)


def test_shared_date_cases(shared):
    checked = 0
    for line in (shared / "dates" / "arabic_date_cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["kind"] == "hijri":
            found = find_dates(case["text"], None)
            assert found and found[0].value == case["expected"][:10], case["text"]
            checked += 1
        elif case["kind"] == "relative":
            found = find_dates(case["text"], "2020-01-31")
            days = case["expected_ago"]["days"]
            from datetime import date, timedelta
            assert found[0].value == (date(2020, 1, 31) - timedelta(days=days)).isoformat(), case["text"]
            checked += 1
        elif case["kind"] == "search":
            found = find_dates(case["text"], "2000-01-01")
            assert [d.value for d in found] == [v for _, v in case["expected"]]
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("text, published, found", [
    # a month without a year: the nearest such month, or the one الماضي/المقبل says
    ("وقعت تركيا في فبراير (شباط) اتفاقا", "2015-07-31", [("فبراير (شباط)", "2015-02")]),
    ("أعلنت أنقرة في تموز/يوليو أنها", "2015-08-05", [("تموز/يوليو", "2015-07")]),
    ("قتل في منتصف يونيو (حزيران)", "2015-07-24", [("منتصف يونيو (حزيران)", "2015-06")]),
    ("يعتزم زيارة إيران في سبتمبر (أيلول)", "2015-07-20", [("سبتمبر (أيلول)", "2015-09")]),
    ("في شهر ديسمبر", "2015-03-10", [("شهر ديسمبر", "2014-12")]),
    ("جرت في أبريل (نيسان) الماضي", "2015-08-11", [("أبريل (نيسان) الماضي", "2015-04")]),
    ("في ديسمبر الماضي", "2015-08-10", [("ديسمبر الماضي", "2014-12")]),
    ("في يناير المقبل", "2015-08-10", [("يناير المقبل", "2016-01")]),
    # but a bare name that is also a word is not a month ("مارس" practised, "آب" father)
    ("مارس الرئيس ضغوطا على آب القتيل", "2015-08-10", []),
    # a day keeps its day
    ("في 20 تموز/يوليو", "2015-08-05", [("20 تموز/يوليو", "2015-07-20")]),
])
def test_a_month_without_a_year(text, published, found):
    assert [(d.text, d.value) for d in find_dates(text, published)] == found


def test_every_pattern_has_the_words_it_needs_and_skipping_it_finds_the_same_dates():
    from marsad.arabic import dates

    assert set(dates._NEEDS) == {kind for kind, _ in dates._PATTERNS}
    text = ("قال الوزير أمس الاثنين إن الاجتماع عقد في 12 مارس 2015 وسيعقد غدا، وكان قد زار الرياض منذ ثلاثة أيام "
            "وفي 5/8/1436هـ وفي العام الماضي وفي شهر يوليو وفي 2015-08-01 واليوم.")
    everything = dict(dates._NEEDS)
    try:
        dates._NEEDS.update({kind: () for kind in everything})  # no pattern skipped
        expected = dates.find_dates(text, "2015-08-04")
    finally:
        dates._NEEDS.update(everything)
    assert dates.find_dates(text, "2015-08-04") == expected
    assert len(expected) >= 8


@pytest.mark.parametrize("text, found", [
    # a year or a month after "since" is where a state of things began, not an event's date
    ("قتل نحو 40 ألف شخص منذ عام 1984.", []),
    ("تشهد سيناء هجمات منذ يوليو (تموز) 2013.", []),
    ("وقتلت الجماعة عشرة آلاف شخص منذ 2009.", []),  # not 2,009 days ago
    ("ومنذ عام 2011 تشهد البلاد أزمة.", []),
    # a day after "since" is when it happened ("detained since Friday"), and "since three days" is a date
    ("وهو معتقل منذ يوم الجمعة الماضي.", ["2015-07-31"]),
    ("وصل منذ ثلاثة أيام.", ["2015-07-29"]),
    ("وقع الهجوم في عام 2013.", ["2013"]),
])
def test_since_a_year_is_no_date(text, found):
    assert [d.value for d in find_dates(text, "2015-08-01")] == found
