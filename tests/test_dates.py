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
