"""Which date an event takes: the one in its sentence, else (within limits) the article's lead date."""

from __future__ import annotations

import pytest

from marsad.arabic.dates import DateMention
from marsad.events.records import LEAD_DATE_CHARS, _date

YESTERDAY = DateMention("أمس", 40, 43, "2015-07-20", "day")
LAST_MONTH = DateMention("الشهر الماضي", 40, 52, "2015-06", "month")
TODAY = DateMention("اليوم", 520, 525, "2015-07-21", "day")
FAR = LEAD_DATE_CHARS + 30  # a trigger in a sentence past the lead


@pytest.mark.parametrize("dates, trigger, sentence, etype, expected", [
    # the sentence's own date, the nearest one to the trigger
    ([YESTERDAY, TODAY], 530, (500, 600), "CONSULT", TODAY),
    # a later sentence with none inherits the lead's day ...
    ([YESTERDAY], 530, (500, 600), "CONSULT", YESTERDAY),
    ([YESTERDAY], 530, (500, 600), "SUPPORT", YESTERDAY),
    # ... but not a month or a year, not far into the article, and not for an attack or an arrest
    ([LAST_MONTH], 530, (500, 600), "CONSULT", None),
    ([YESTERDAY], FAR, (LEAD_DATE_CHARS, FAR + 50), "CONSULT", None),
    ([YESTERDAY], 530, (500, 600), "ASSAULT", None),
    ([YESTERDAY], 530, (500, 600), "COERCE", None),
    # a date after the sentence is never its
    ([TODAY], 30, (0, 100), "CONSULT", None),
    ([], 30, (0, 100), "CONSULT", None),
])
def test_event_date(dates, trigger, sentence, etype, expected):
    assert _date(dates, trigger, sentence, etype) == expected
