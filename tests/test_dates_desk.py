"""Dates an analyst tripped over (issue 13): a relative day with the weekday the text names, Levantine and
Gulf month pairs ("آب/اغسطس"), and the publication date a page states in Arabic rather than a year-only guess."""
from datetime import date, timedelta

import pytest

from marsad.arabic.dates import find_publication_date, resolve_date, weekday_near
from marsad.extract import extract, html_published
from marsad.schema import Document

# (expression, publication date and its weekday, expected): the named weekday wins over the counted day,
# taken from five days before the counted day to the day after it
WEEKDAY_CASES = [
    ("أمس الاثنين", "2015-08-05", "2015-08-03"),  # Wednesday: yesterday counts Tuesday, the text says Monday
    ("أمس الاثنين", "2015-08-04", "2015-08-03"),  # Tuesday: both agree
    ("يوم أمس الأحد", "2015-08-04", "2015-08-02"),  # Tuesday
    ("مساء أمس الجمعة", "2015-08-03", "2015-07-31"),  # Monday, three days late
    ("أمس الثلاثاء", "2015-08-03", "2015-07-28"),  # Monday: the Tuesday five days before the counted Sunday
    ("أمس الأربعاء", "2015-08-05", "2015-08-05"),  # Wednesday: a day early (UTC against Gulf time)
    ("أول أمس الإثنين", "2024-12-04", "2024-12-02"),  # Wednesday: both agree
    ("اليوم الخميس", "2015-08-05", "2015-08-06"),  # Wednesday: the day after
    ("اليوم الثلاثاء", "2015-08-06", "2015-08-04"),  # Thursday: two days late
    ("غدا الخميس", "2015-08-06", "2015-08-06"),  # Thursday: the article was written on Wednesday
    ("بعد غد السبت", "2015-08-05", "2015-08-08"),  # Wednesday: the day after the counted Friday
    ("الاثنين 3 أغسطس 2015", "2015-08-12", "2015-08-03"),  # an explicit date wins over its weekday
    ("الأحد، 04 آب/اغسطس 2013", "2015-08-05", "2013-08-04"),
]


@pytest.mark.parametrize("expr, published, expected", WEEKDAY_CASES)
def test_the_named_weekday_wins(expr, published, expected):
    assert resolve_date(expr, published) == (expected, "day")


def test_weekday_near_window():
    tuesday = date(2015, 8, 4)
    found = {weekday_near(tuesday, wd) for wd in range(7)}
    assert found == {date(2015, 7, 30) + timedelta(days=k) for k in range(7)}  # Thursday Jul 30 … Wednesday Aug 5


@pytest.mark.parametrize("expr, value, precision", [
    ("04 آب/اغسطس 2013", "2013-08-04", "day"),
    ("٤ آب/أغسطس ٢٠١٣", "2013-08-04", "day"),
    ("4 آب (أغسطس) 2013", "2013-08-04", "day"),
    ("5 كانون الثاني/يناير 2015", "2015-01-05", "day"),
    ("12 تشرين الأول - أكتوبر 2014", "2014-10-12", "day"),
    ("كانون الثاني/يناير 2015", "2015-01", "month"),
    ("21 تموز/يوليو 2015", "2015-07-21", "day"),
])
def test_month_pairs(expr, value, precision):
    assert resolve_date(expr, "2020-01-01") == (value, precision)


@pytest.mark.parametrize("text, expected", [
    ("الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)", "2013-08-04"),
    ("الأربعاء، 28 آب/اغسطس 2013", "2013-08-28"),
    ("الثلاثاء  ١ / ١٢ / ٢٠٢٠   12:49", "2020-12-01"),
    ("الجمعة 8 فيفري 2019", "2019-02-08"),
    ("نشر في: 21 تموز/يوليو 2015 - 10:30 ص", "2015-07-21"),
    ("الأحد 5 شوال 1436 هـ", "2015-07-21"),
    ("© 2013 Cable News Network", None),
    ("قال في عام 2013 إن", None),
    ("وقع الهجوم في 11 سبتمبر 2001 على نيويورك", None),  # a date in the text, not the page's own
])
def test_find_publication_date(text, expected):
    assert find_publication_date(text) == expected


BODY = ("<p>أكدت جهات سورية معارضة أن فصائل مسلحة تمكنت من السيطرة على مخازن للصواريخ في ريف دمشق، بعد معارك "
        "عنيفة مع القوات الحكومية استمرت عدة أيام، وفق ما ذكر ناشطون في المنطقة.</p>") * 4


def _page(head: str = "", dateline: str = "", footer: str = "") -> str:
    return (f"<html><head><title>معارضون يسيطرون على مخازن للصواريخ</title>{head}</head><body>"
            f"<h1>معارضون يسيطرون على مخازن للصواريخ بريف دمشق</h1><div class='stamp'>{dateline}</div>"
            f"<div class='story'>{BODY}</div><div class='footer'>{footer}</div></body></html>")


def test_a_page_dated_in_arabic_gets_that_day_not_a_year():
    page = _page(dateline="الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)",
                 footer="© 2013 Cable News Network. A Time Warner Company.")
    article = extract(Document(source="cnn.html", content=page, kind="html", doc_id="cnn"))
    assert article.status == "ok" and article.published == "2013-08-04"


def test_a_year_alone_is_never_a_day():
    page = _page(footer="© 2013 Cable News Network. A Time Warner Company.")
    assert html_published(page, None) is None
    doc = Document(source="cnn.html", content=page, kind="html", doc_id="cnn")
    assert extract(doc).published is None
    assert extract(doc, default_published="2013-08-05").published == "2013-08-05"  # --published fills the gap


def test_metadata_date_still_counts():
    page = _page(head='<meta property="article:published_time" content="2013-08-04T10:00:00+04:00">')
    assert extract(Document(source="p.html", content=page, kind="html", doc_id="p")).published == "2013-08-04"


def test_a_page_without_article_text_is_skipped_not_failed():
    article = extract(Document(source="nav.html", content="<html><body><div></div></body></html>",
                               kind="html", doc_id="nav"))
    assert article.status == "skipped" and article.text == "" and "no article text" in article.reason
