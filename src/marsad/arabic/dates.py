"""Arabic date expressions resolved against the publication date.

Handles relative days (أمس، أول أمس، اليوم، غدا، بعد غد، الليلة الماضية)، weekdays (the most recent one
on or before the publication date, or the next one after it for future events; a relative day with a
weekday, "أمس الاثنين", is that weekday near the counted day: see `weekday_near`), relative
weeks/months/years (الأسبوع/الشهر/العام الماضي/المقبل)، "منذ N أيام"، explicit Gregorian dates with
every Arabic month naming in use (Egyptian/Gulf, Levantine, Maghrebi and Moroccan), numeric
dates, and Hijri dates (converted with the Umm al-Qura calendar). Matching runs on the folded
text and maps spans back to the original, so offsets are those of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.arabic.normalize import normalize, normalize_with_offsets, to_original_span


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
# the same month in a second naming: "آب/أغسطس"، "كانون الثاني - يناير"، "آب (أغسطس)"
_also_month = rf"(?:\s*[/\-]\s*(?:{_month_alt})(?!\w)|\s*\((?:{_month_alt})\))?"
_W = r"(?<![\w])"  # word start (folded text: clitic و/ب/في handled in patterns)
_E = r"(?![\w])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("hijri_numeric", re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(14\d\d)\s*(?:هـ|ه)?")),
    ("hijri_named", re.compile(rf"(\d{{1,2}})\s+({_hijri_alt})\s+(14\d\d)\s*(?:هـ|ه)?{_E}")),
    ("numeric", re.compile(r"(?<!\d)(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*((?:19|20)\d\d)(?!\d)")),
    ("iso", re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")),
    ("day_month_year", re.compile(
        rf"(\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?({_month_alt}){_also_month}\s*,?\s*(?:عام\s+|سنه\s+)?((?:19|20)\d\d)?{_E}")),
    ("month_year", re.compile(rf"{_W}[وب]?(?:شهر\s+)?({_month_alt}){_also_month}\s+(?:عام\s+|سنه\s+)?((?:19|20)\d\d){_E}")),
    ("year", re.compile(rf"{_W}[وفبل]?(?:عام|سنه)\s+((?:19|20)\d\d){_E}")),
    # a month without a year, where it cannot be a word ("مارس" practised, "اب" father): after a word of time
    # ("في شهر فبراير", "مطلع يونيو"), written with its second naming ("فبراير (شباط)", "تموز/يوليو") or with
    # الماضي/المقبل ("يوليو الماضي")
    ("month", re.compile(
        rf"{_W}[وفبل]?(?:(?:شهر|مطلع|منتصف|اواخر|اوايل|اواسط|نهايه|بدايه)\s+({_month_alt}){_also_month}"
        rf"|({_month_alt})(?:\s*[/\-]\s*(?:{_month_alt})(?!\w)|\s*\((?:{_month_alt})\))"
        rf"|({_month_alt})(?=\s+(?:الماضي|المنصرم|المقبل|القادم){_E}))"
        rf"(?:\s+(الماضي|المنصرم|المقبل|القادم))?{_E}")),
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
    if kind == "month":
        month = _MONTHS[g[0] or g[1] or g[2]]
        return f"{_month_year(pub, month, g[3] or '', future):04d}-{month:02d}", "month"
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
        if n is None or (unit == "" and n > 31):
            return None  # "منذ 2009": since a year, not 2009 days ago
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


def _month_year(pub: date, month: int, relation: str, future: bool) -> int:
    """The year of a month named without one: the last such month before the publication month ("الماضي"), the
    next one after it ("المقبل"), else the nearest one (a tie goes the way `future` says)."""
    if relation in ("الماضي", "المنصرم"):
        return pub.year if month < pub.month else pub.year - 1
    if relation in ("المقبل", "القادم"):
        return pub.year if month > pub.month else pub.year + 1
    distance = month - pub.month  # −11 … 11 within the publication year
    if distance > 6 or distance == 6 and not future:
        return pub.year - 1
    if distance < -6 or distance == -6 and future:
        return pub.year + 1
    return pub.year


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


@dataclass(frozen=True)
class _Found:
    mention: DateMention
    kind: str
    weekday: int | None = None  # the weekday a "weekday" expression names


_RELATIVE_DAYS = ("before_yesterday", "yesterday", "today", "tomorrow", "after_tomorrow")
# What each pattern cannot match without: groups of words, one of each group a substring of the folded text.
# find_dates skips a pattern whose words are absent; each regex costs a full scan of the text (its leading
# lookbehind defeats the regex engine's own first-character search), and most articles name no Hijri date,
# no "منذ" and no "غدا". The skip never changes what is found: every match contains one word of each group.
_YEAR_DIGITS = ("19", "20")
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "hijri_numeric": (("14",),),
    "hijri_named": (("14",),),
    "numeric": (_YEAR_DIGITS,),
    "iso": (_YEAR_DIGITS,),
    "day_month_year": (tuple(_MONTHS),),
    "month_year": (tuple(_MONTHS), _YEAR_DIGITS),
    "year": (("عام", "سنه"), _YEAR_DIGITS),
    "month": (tuple(_MONTHS),),
    "before_yesterday": (("امس",),),
    "yesterday": (("امس", "البارحه", "الليله", "اليوم"),),
    "after_tomorrow": (("غد",),),
    "tomorrow": (("غد",),),
    "today": (("اليوم", "الليله", "الصباح"),),
    "ago": (("منذ",),),
    "relative_period": (("الاسبوع", "الشهر", "العام", "السنه"),),
    "weekday": (tuple(_WEEKDAYS),),
}


def _may_match(kind: str, folded: str) -> bool:
    return all(any(word in folded for word in group) for group in _NEEDS[kind])


_EXPLICIT = ("hijri_numeric", "hijri_named", "numeric", "iso", "day_month_year")
_SEPARATOR = re.compile(r"[\s,،\-–]{0,3}")


def weekday_near(day: date, weekday: int) -> date:
    """The `weekday` from five days before `day` to the day after it: "أمس الاثنين" names that Monday.

    The weekday the text names wins over the day counted from the publication date, which is often
    a day or more late (a scrape date, a print edition) and, near midnight, a day early (UTC against
    Gulf time). Over SaudiNewsNet's 4,456 "relative day + weekday" expressions the named weekday is the
    counted day in 71%, one to five days before it in 28%, and either six days before or the day after
    in 1.3%; for أمس the day after (26) is more common than five days before (11), so it is taken."""
    last = day + timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


_SINCE = re.compile(r"(?:^|[\s(])و?منذ\s*$")


def find_dates(text: str, published: str | date | None, future: bool = False) -> list[DateMention]:
    """All date expressions in `text`, resolved against `published` (relative ones are skipped without it)."""
    pub = date.fromisoformat(published) if isinstance(published, str) else published
    folded, offsets = normalize_with_offsets(text)
    taken: list[tuple[int, int]] = []
    found: list[_Found] = []
    for kind, pattern in _PATTERNS:
        if not _may_match(kind, folded):
            continue
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if pub is None and kind not in (*_EXPLICIT, "month_year", "year"):
                continue
            if kind == "day_month_year" and not m.group(3) and pub is None:  # a day and month: no year to give
                continue
            resolved = _resolve(kind, m, pub or date(1970, 1, 1), future)
            if not resolved:
                continue
            if resolved[1] != "day" and kind != "ago" and _SINCE.search(folded[max(0, m.start() - 8):m.start()]):
                # "منذ عام 1984", "منذ يوليو 2013": where a state of things began, not the date of an event (a
                # day is: "معتقل منذ الجمعة" was arrested on Friday)
                taken.append((m.start(), m.end()))
                continue
            start, end = to_original_span(offsets, m.start(), m.end())
            while end > start and text[end - 1] in " ,،":
                end -= 1
            mention = DateMention(text[start:end], start, end, resolved[0], resolved[1])
            found.append(_Found(mention, kind, _WEEKDAYS[m.group(1)] if kind == "weekday" else None))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda f: f.mention.start)
    merged: list[_Found] = []
    for f in found:
        joined = _join(merged[-1], f, text) if merged else None
        if joined:
            merged[-1] = joined
        else:
            merged.append(f)
    return [f.mention for f in merged]


def _join(prev: _Found, cur: _Found, text: str) -> _Found | None:
    """Two expressions of one date read as one, or None when they are two dates."""
    a, b = prev.mention, cur.mention
    gap = text[a.end:b.start]
    span = text[a.start:b.end]
    # "يوم الخميس الموافق 21/10/1436هـ": the weekday names the explicit date that follows.
    if re.fullmatch(r"\s*الموافق\s*", gap):
        return _Found(DateMention(span, a.start, b.end, b.value, b.precision), cur.kind)
    if a.precision != "day" or b.precision != "day" or not _SEPARATOR.fullmatch(gap):
        return None
    kinds = (prev.kind, cur.kind)
    explicit = [f for f in (prev, cur) if f.kind in _EXPLICIT]
    if len(explicit) == 1 and ("weekday" in kinds or set(kinds) & set(_RELATIVE_DAYS)):
        # "الأحد، 04 آب 2013", "اليوم 3 أغسطس": the explicit date is the date
        value = explicit[0].mention.value
    elif "weekday" in kinds and set(kinds) & set(_RELATIVE_DAYS):
        # "أول أمس الإثنين", "أمس الاثنين": the named weekday near the counted day
        relative, weekday = (prev, cur) if cur.kind == "weekday" else (cur, prev)
        value = weekday_near(date.fromisoformat(relative.mention.value), weekday.weekday or 0).isoformat()
    elif len(gap) <= 1 and not explicit:
        value = a.value
    else:
        return None
    return _Found(DateMention(span, a.start, b.end, value, "day"), "merged")


# what precedes the date a page gives as its own: a weekday ("الأحد، 04 آب/اغسطس 2013") or a label
_DATELINE_LEAD = re.compile(
    rf"(?:{_weekday_alt}|نشر(?:\s+في)?|تاريخ\s+النشر|بتاريخ|اخر\s+تحديث|تحديث|الموافق)\s*[,:|\-–]?\s*$")


def find_publication_date(page_text: str) -> str | None:
    """The day a page says it was published, read in Arabic: the first full date (day, month and year, in
    any month naming, Western or Eastern Arabic digits, or Hijri) written after a weekday or a label such
    as نشر في or آخر تحديث. None when the page states none: a bare year or month is never made a day."""
    for d in find_dates(page_text, None):
        if d.precision == "day" and _DATELINE_LEAD.search(normalize(page_text[max(0, d.start - 40):d.start])):
            return d.value
    return None


def resolve_date(expression: str, published: str, future: bool = False) -> tuple[str, str] | None:
    """Resolve one expression: (value, precision) or None."""
    found = find_dates(expression, published, future)
    return (found[0].value, found[0].precision) if found else None
