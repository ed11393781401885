"""Arabic date expressions resolved against the publication date.

Handles relative days (أمس، أول أمس، اليوم، غدا، بعد غد، الليلة الماضية)، weekdays (the most recent one
on or before the publication date, or the next one after it for future events), relative
weeks/months/years (الأسبوع/الشهر/العام الماضي/المقبل)، "منذ N أيام"، explicit Gregorian dates with
every Arabic month naming in use (Egyptian/Gulf, Levantine, Maghrebi and Moroccan), numeric
dates, and Hijri dates (converted with the Umm al-Qura calendar). Matching runs on the folded
text and maps spans back to the original, so offsets are those of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.arabic.normalize import normalize_with_offsets, to_original_span


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str  # day | month | year


# Month names after folding (أ→ا, ة→ه, ى→ي).
_MONTHS: dict[str, int] = {}
for _num, _names in {
    1: "يناير كانون الثاني جانفي", 2: "فبراير شباط فيفري", 3: "مارس اذار", 4: "ابريل نيسان افريل",
    5: "مايو ايار ماي", 6: "يونيو حزيران جوان", 7: "يوليو تموز جويليه يوليوز",
    8: "اغسطس اب اوت غشت", 9: "سبتمبر ايلول شتنبر", 10: "اكتوبر تشرين الاول",
    11: "نوفمبر تشرين الثاني نونبر", 12: "ديسمبر كانون الاول دجنبر",
}.items():
    for _name in re.findall(r"كانون (?:الثاني|الاول)|تشرين (?:الاول|الثاني)|\S+", _names):
        _MONTHS[_name] = _num
_MONTHS["اغسطس"] = 8
_MONTHS["اغسطوس"] = 8

_HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "جمادي الاولي": 5,
    "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6, "جمادي الاخر": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}

_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}

_NUMBER_WORDS = {"يومين": 2, "اسبوعين": 2, "شهرين": 2, "عامين": 2, "سنتين": 2, "ثلاثه": 3, "اربعه": 4,
                 "خمسه": 5, "سته": 6, "سبعه": 7, "ثمانيه": 8, "تسعه": 9, "عشره": 10}

_month_alt = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_hijri_alt = "|".join(sorted((re.escape(m) for m in _HIJRI_MONTHS), key=len, reverse=True))
_weekday_alt = "|".join(_WEEKDAYS)
_W = r"(?<![\w])"  # word start (folded text: clitic و/ب/في handled in patterns)
_E = r"(?![\w])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("hijri_numeric", re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(14\d\d)\s*(?:هـ|ه)?")),
    ("hijri_named", re.compile(rf"(\d{{1,2}})\s+({_hijri_alt})\s+(14\d\d)\s*(?:هـ|ه)?{_E}")),
    ("numeric", re.compile(r"(?<!\d)(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*((?:19|20)\d\d)(?!\d)")),
    ("iso", re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")),
    ("day_month_year", re.compile(
        rf"(\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?({_month_alt})(?:\s*\((?:{_month_alt})\))?\s*,?\s*(?:عام\s+|سنه\s+)?((?:19|20)\d\d)?{_E}")),
    ("month_year", re.compile(rf"{_W}[وب]?(?:شهر\s+)?({_month_alt})(?:\s*\((?:{_month_alt})\))?\s+(?:عام\s+|سنه\s+)?((?:19|20)\d\d){_E}")),
    ("year", re.compile(rf"{_W}[وفبل]?(?:عام|سنه)\s+((?:19|20)\d\d){_E}")),
    ("before_yesterday", re.compile(rf"{_W}[وف]?(?:اول\s+(?:من\s+)?امس|امس\s+الاول){_E}")),
    ("yesterday", re.compile(rf"{_W}[وف]?(?:يوم\s+)?(?:امس|الامس|البارحه|الليله\s+الماضيه|اليوم\s+السابق){_E}")),
    ("after_tomorrow", re.compile(rf"{_W}[وف]?بعد\s+غد{_E}")),
    ("tomorrow", re.compile(rf"{_W}[وف]?(?:غدا|غدًا|يوم\s+غد){_E}")),
    ("today", re.compile(rf"{_W}[وف]?(?:اليوم|الليله|هذا\s+الصباح|صباح\s+اليوم|مساء\s+اليوم){_E}")),
    ("ago", re.compile(rf"{_W}منذ\s+(\d+|\S+)\s*(ساعات|ساعه|ساعتين|دقائق|دقيقه|ايام|يوما|يوم|اسابيع|اسبوعا|اسبوع|اشهر|شهور|شهرا|شهر|سنوات|اعوام|عاما|عام|سنه)?{_E}")),
    ("relative_period", re.compile(
        rf"{_W}[وفبل]?(?:خلال\s+|في\s+)?(الاسبوع|الشهر|العام|السنه)\s+(الماضي|الماضيه|المنصرم|المنصرمه|المقبل|المقبله|القادم|القادمه|الحالي|الجاري){_E}")),
    ("weekday", re.compile(rf"{_W}[وف]?(?:يوم\s+)?({_weekday_alt})(\s+(?:الماضي|المقبل|القادم))?{_E}")),
]


def _fmt(d: date) -> str:
    return d.isoformat()


def _hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    try:
        from hijridate import Hijri

        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        try:  # day 30 of a 29-day month: the day after the 29th
            from hijridate import Hijri

            if day == 30:
                return Hijri(year, month, 29).to_gregorian() + timedelta(days=1)
        except (ValueError, OverflowError):
            return None
        return None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _resolve(kind: str, m: re.Match[str], pub: date, future: bool) -> tuple[str, str] | None:
    g = m.groups()
    if kind == "hijri_numeric":
        d = _hijri_to_gregorian(int(g[2]), int(g[1]), int(g[0]))
        return (_fmt(d), "day") if d else None
    if kind == "hijri_named":
        d = _hijri_to_gregorian(int(g[2]), _HIJRI_MONTHS[g[1]], int(g[0]))
        return (_fmt(d), "day") if d else None
    if kind == "numeric":
        try:
            return _fmt(date(int(g[2]), int(g[1]), int(g[0]))), "day"
        except ValueError:
            return None
    if kind == "iso":
        try:
            return _fmt(date(int(g[0]), int(g[1]), int(g[2]))), "day"
        except ValueError:
            return None
    if kind == "day_month_year":
        month = _MONTHS[g[1]]
        year = int(g[2]) if g[2] else _nearest_year(pub, month, int(g[0]), future)
        try:
            return _fmt(date(year, month, int(g[0]))), "day"
        except ValueError:
            return None
    if kind == "month_year":
        return f"{int(g[1]):04d}-{_MONTHS[g[0]]:02d}", "month"
    if kind == "year":
        return g[0], "year"
    offsets = {"before_yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1, "after_tomorrow": 2}
    if kind in offsets:
        return _fmt(pub + timedelta(days=offsets[kind])), "day"
    if kind == "ago":
        n = _count(g[0])
        unit = g[1] or ""
        if g[0] in _NUMBER_WORDS and not unit:
            unit = {"يومين": "يوم", "اسبوعين": "اسبوع", "شهرين": "شهر"}.get(g[0], "عام")
        if g[0] in ("ساعتين", "ساعه", "دقائق", "دقيقه") or unit.startswith(("ساع", "دقي")):
            return _fmt(pub), "day"
        if n is None:
            return None
        if unit.startswith(("يوم", "ايام")) or unit == "":
            return _fmt(pub - timedelta(days=n)), "day"
        if unit.startswith(("اسبوع", "اسابيع")):
            return _fmt(pub - timedelta(days=7 * n)), "day"
        if unit.startswith(("شهر", "اشهر", "شهور")):
            y, mth = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return f"{y:04d}-{mth + 1:02d}", "month"
        return f"{pub.year - n:04d}", "year"
    if kind == "relative_period":
        unit, rel = g
        step = -1 if rel.startswith(("الماضي", "المنصرم")) else (1 if rel.startswith(("المقبل", "القادم")) else 0)
        if unit == "الاسبوع":
            # EVENTS.md knows day/month/year precision: a week is reported as the month of its Monday.
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
            return f"{monday.year:04d}-{monday.month:02d}", "month"
        if unit == "الشهر":
            y, mth = divmod(pub.year * 12 + pub.month - 1 + step, 12)
            return f"{y:04d}-{mth + 1:02d}", "month"
        return f"{pub.year + step:04d}", "year"
    if kind == "weekday":
        target = _WEEKDAYS[g[0]]
        rel = (g[1] or "").strip()
        if rel in ("المقبل", "القادم") or (future and not rel):
            delta = (target - pub.weekday()) % 7 or 7
            return _fmt(pub + timedelta(days=delta)), "day"
        delta = (pub.weekday() - target) % 7
        if rel == "الماضي" and delta == 0:
            delta = 7
        return _fmt(pub - timedelta(days=delta)), "day"
    return None


def _nearest_year(pub: date, month: int, day: int, future: bool) -> int:
    """A day and month without a year: the occurrence nearest the publication date in the stated direction."""
    candidate = pub.year
    try:
        d = date(candidate, month, day)
    except ValueError:
        return candidate
    if future and d < pub - timedelta(days=31):
        return candidate + 1
    if not future and d > pub + timedelta(days=31):
        return candidate - 1
    return candidate


def find_dates(text: str, published: str | date | None, future: bool = False) -> list[DateMention]:
    """All date expressions in `text`, resolved against `published` (relative ones are skipped without it)."""
    pub = date.fromisoformat(published) if isinstance(published, str) else published
    folded, offsets = normalize_with_offsets(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if pub is None and kind not in ("hijri_numeric", "hijri_named", "numeric", "iso", "month_year", "year"):
                continue
            if kind == "day_month_year" and not m.group(3) and pub is None:
                continue
            resolved = _resolve(kind, m, pub or date(1970, 1, 1), future)
            if not resolved:
                continue
            start, end = to_original_span(offsets, m.start(), m.end())
            while end > start and text[end - 1] in " ,،":
                end -= 1
            found.append(DateMention(text[start:end], start, end, resolved[0], resolved[1]))
            taken.append((m.start(), m.end()))
    # "أول أمس الإثنين": the relative day and its weekday are one expression.
    found.sort(key=lambda d: d.start)
    merged: list[DateMention] = []
    for d in found:
        prev = merged[-1] if merged else None
        if prev and d.start - prev.end <= 1 and prev.precision == "day" and d.precision == "day":
            merged[-1] = DateMention(text[prev.start:d.end], prev.start, d.end, prev.value, "day")
            continue
        # "يوم الخميس الموافق 21/10/1436هـ": the weekday names the explicit date that follows.
        if prev and re.fullmatch(r"\s*الموافق\s*", text[prev.end:d.start]):
            merged[-1] = DateMention(text[prev.start:d.end], prev.start, d.end, d.value, d.precision)
            continue
        merged.append(d)
    return merged


def resolve_date(expression: str, published: str, future: bool = False) -> tuple[str, str] | None:
    """Resolve one expression: (value, precision) or None."""
    found = find_dates(expression, published, future)
    return (found[0].value, found[0].precision) if found else None
