"""Casualty figures as ACLED users expect them: how many were killed and wounded in an ASSAULT, how many
arrested in a COERCE arrest, read from the text with the evidence span of each figure.

One pass over the tokens of a sentence (folded for matching, with original offsets) finds three shapes:

- a casualty word, then the count: "مقتل 15 شخصا"، "استشهاد (15) خمسة عشر مصلياً"، "أودى بحياة 15"،
  "القبض على 251 شخصا"، "إصابة ما لا يقل عن 25"، "مقتل جنديين"، "مقتل شرطي" (a person noun is one),
  "مقتله" / "القبض عليه" (a pronoun is one; "عليهما" two), "إصابة العشرات" (vague: no number);
  "مقتل وإصابة 20" is one figure of killed and wounded together;
- the count, then the casualty word: "38 قتيلا"، "خمسة أشخاص قتلوا"، "لقي 6 من الإرهابيين مصرعهم";
- a casualty word with no number: "سقوط قتلى وجرحى"، "عدد من الجرحى" (vague).

Counts joined by و add up ("استشهاد عشرة من منسوبي القوات وثلاثة من العاملين" is 13) until a breakdown
begins ("15 قتيلا بينهم 5 أطفال"). Numbers of years, hours, money, dates and the like are not counts (the
word lists name the words before and after such numbers). Every search is bounded: a few tokens around
each casualty word, so the cost is linear in the sentence.

The word lists are data (knowledge/data/word_lists.tsv, ids casualties.*); the number words, a small
grammar with values, are below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize, normalize_with_offsets
from marsad.knowledge.word_lists import word_list
from marsad.schema import Casualty

ASSAULT_KINDS = ("killed", "wounded", "killed_or_wounded")
ARREST_KINDS = ("arrested",)
ARREST_MODES = {"arrest", "detain"}

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|[^\w\s]")
_PUNCT_STOP = {".", "!", "?", ":", ";", "؛", "؟", "-", "–", "—", "/", "\\", "|"}
_SOFT = {"(", ")", "«", "»", '"', "“", "”", "'", "[", "]"}
_BLOCKING = {"في", "الي", "عن", "علي", "منذ", "خلال", "بعد", "قبل", "عند", "حين", "اثناء", "لدي", "ضد"}
_WINDOW = 6  # tokens between a count and its casualty word, or between counts joined by و
_MEET_WINDOW = 14  # "لقي 21 شخصا على الأقل، من بينهم نساء وأطفال، مصرعهم"
_MAX_JOINED = 8  # counts joined by و into one figure: a bound, so that a long list costs no more than its length

_ONES = {"واحد": 1, "واحده": 1, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5,
         "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
         "عشر": 10, "عشره": 10, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2}
_TEEN_HEADS = {"احد": 1, "احدي": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2}
_TENS = {f"{stem}{end}": value for stem, value in (("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50), ("ست", 60),
                                                     ("سبع", 70), ("ثمان", 80), ("تسع", 90)) for end in ("ون", "ين")}
_HUNDREDS = {"مائه": 100, "مئه": 100, "مائتين": 200, "مئتين": 200, "مائتان": 200, "مئتان": 200}
_HUNDREDS.update({f"{stem}{h}": value * 100 for stem, value in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6),
                                                               ("سبع", 7), ("ثمان", 8), ("تسع", 9)) for h in ("مائه", "مئه")})
_THOUSANDS = {"الف": 1000, "الفين": 2000, "الفان": 2000}
# folded as the text is (مئة → ميه): the tables above are written as Arabic is spelled
_ONES, _TEEN_HEADS, _TENS, _HUNDREDS, _THOUSANDS = (
    {normalize(k): v for k, v in table.items()} for table in (_ONES, _TEEN_HEADS, _TENS, _HUNDREDS, _THOUSANDS))
_THOUSAND_WORDS = {"الف", "الاف", "الفا"}
_HUNDRED_WORDS = {normalize("مائه"), normalize("مئه")}
_TEEN_TAILS = {"عشر", "عشره"}
_PRONOUNS = (("هما", 2), ("هم", None), ("هن", None), ("ها", 1), ("ه", 1))
# singular casualty nouns follow their count directly ("مائة قتيل"); plurals and accusatives may come later
_ADJACENT_ONLY = {"قتيل", "شهيد", "جريح", "مصاب", "ضحيه"}
_TOTALS = {"الوفيات", "الاصابات", "المقبوض"}  # with the definite plurals of casualty words: totals, given as numbers
_OPENERS = {"«", "“", '"', "(", "["}  # a breakdown in quotes or brackets: "4 أشخاص «سائق وامرأتين وطفلة»"


@dataclass(slots=True)
class _Tok:
    text: str  # folded
    start: int  # offsets in the article text
    end: int
    taa: bool = False  # written with a final ة (folded to ه): "قتلة" (killers) is no "قتله" (killed him)
    person: bool = False  # starts a named person or an office the pipeline found ("مقتل مايكل براون")


class _Lexicon:
    """Phrases of one or more folded words, matched at a token with its clitics (و ف، ب ل ك، لل) removed."""

    def __init__(self, *list_ids: str):
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for list_id in list_ids:
            for phrase in word_list(list_id):
                words = tuple(phrase.split())
                if words:
                    self.phrases.setdefault(words[0], []).append(words)
        for v in self.phrases.values():
            v.sort(key=len, reverse=True)

    def match(self, toks: Sequence[_Tok], i: int) -> tuple[int, str, str] | None:
        """(phrase length in tokens, the clitics removed, the base form) of the longest phrase at token i."""
        if i >= len(toks):
            return None
        for base, clitics in _bases(toks[i].text):
            for words in self.phrases.get(base, ()):
                if all(i + k < len(toks) and toks[i + k].text == w for k, w in enumerate(words[1:], 1)):
                    return len(words), clitics, base
        return None

    def has(self, word: str) -> bool:
        return any(len(p) == 1 for p in self.phrases.get(word, ()))


def _bases(tok: str) -> list[tuple[str, str]]:
    """The token and its readings without leading clitics: (base, clitics)."""
    out = [(tok, "")]
    rest, conj = tok, ""
    if len(tok) > 3 and tok[0] in "وف":
        rest, conj = tok[1:], tok[0]
        out.append((rest, conj))
    if len(rest) > 3 and rest[0] in "بلك":
        prep, body = rest[0], rest[1:]
        if prep == "ل" and body[:1] == "ل":
            out.append(("ال" + body[1:], conj + "لل"))  # للقتلى = ل + القتلى
        else:
            out.append((body, conj + prep))
    return out


def _strip_al(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


@dataclass
class _Lists:
    before: dict[str, _Lexicon]
    after: dict[str, _Lexicon]
    arrest_person: _Lexicon
    killed_meet: _Lexicon
    active: _Lexicon
    killed_one: _Lexicon
    two: dict[str, _Lexicon]
    fillers: _Lexicon
    at_least: _Lexicon
    about: _Lexicon
    vague: _Lexicon
    subset: _Lexicon
    units: frozenset[str]
    not_after: frozenset[str]
    person: frozenset[str]
    dual: frozenset[str]
    people: frozenset[str]
    bare: frozenset[str]


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    return _Lists(
        before={"killed": _Lexicon("casualties.killed_before"), "wounded": _Lexicon("casualties.wounded_before"),
                "arrested": _Lexicon("casualties.arrested_before")},
        after={"killed": _Lexicon("casualties.killed_after"), "wounded": _Lexicon("casualties.wounded_after"),
               "arrested": _Lexicon("casualties.arrested_after")},
        arrest_person=_Lexicon("casualties.arrested_person_before"),
        killed_meet=_Lexicon("casualties.killed_meet"), active=_Lexicon("casualties.active_verbs"),
        killed_one=_Lexicon("casualties.killed_one"),
        two={"killed": _Lexicon("casualties.killed_two"), "wounded": _Lexicon("casualties.wounded_two")},
        fillers=_Lexicon("casualties.fillers"), at_least=_Lexicon("casualties.at_least"),
        about=_Lexicon("casualties.about"), vague=_Lexicon("casualties.vague"), subset=_Lexicon("casualties.subset"),
        units=word_list("casualties.units"), not_after=word_list("casualties.not_after"),
        person=word_list("casualties.person_nouns"), dual=word_list("casualties.dual_nouns"),
        people=word_list("casualties.people"), bare=word_list("casualties.bare_plurals"),
    )


@dataclass
class _Found:
    kind: str
    count: int | None
    qualifier: str
    start: int  # token indices [start, end)
    end: int
    provisional: bool = False  # a word counting itself ("مصرعهم"): gives way to a count that ends on it


def _tokens(text: str, start: int, end: int, persons: frozenset[int] = frozenset()) -> list[_Tok]:
    folded, offsets = normalize_with_offsets(text[start:end])
    out = []
    for m in _TOKEN.finditer(folded):
        start_at, end_at = start + offsets[m.start()], start + offsets[m.end() - 1] + 1
        out.append(_Tok(m.group(), start_at, end_at, text[end_at - 1] == "ة", start_at in persons))
    return out


def _is_digits(t: str) -> bool:
    return t[:1].isascii() and t[:1].isdigit()


def _digits_value(t: str) -> int | None:
    """"15" → 15, "1,051" → 1051; a decimal ("3.5") is no count."""
    parts = re.split(r"[.,]", t)
    if len(parts) > 1 and not all(len(p) == 3 for p in parts[1:]):
        return None
    return int("".join(parts))


def _word_number(toks: Sequence[_Tok], j: int, strip: bool = True, conj: bool = False) -> tuple[int, int] | None:
    """A number in words at token j ("خمسة عشر", "ثلاثة وعشرون", "ثلاثمائة", "لعشرة"; "وستة" with `conj`)."""
    if j >= len(toks):
        return None
    t = toks[j].text
    heads = ("لب" if strip else "") + ("و" if conj else "")
    if heads and len(t) > 3 and t[0] in heads and (t[1:] in _ONES or t[1:] in _TENS or t[1:] in _HUNDREDS):
        t = t[1:]  # "بقتلها لعشرة أشخاص", "ثمانية قتلى وستة جرحى"
    nxt = toks[j + 1].text if j + 1 < len(toks) else ""
    if t in _TEEN_HEADS and nxt in _TEEN_TAILS:
        return 10 + _TEEN_HEADS[t], j + 2
    if t in _ONES:
        value, k = _ONES[t], j + 1
        if value < 10 and nxt in _TEEN_TAILS:
            return 10 + value, j + 2
        if value < 10 and nxt[:1] == "و" and nxt[1:] in _TENS:
            return value + _TENS[nxt[1:]], j + 2
        if value < 10 and nxt in _HUNDRED_WORDS:
            value, k = value * 100, j + 2
        elif nxt in _THOUSAND_WORDS:
            return value * 1000, j + 2
        return value, k
    if t in _TENS:
        return _TENS[t], j + 1
    if t in _HUNDREDS or t in _THOUSANDS:
        value = _HUNDREDS.get(t) or _THOUSANDS[t]
        if nxt[:1] == "و":  # "مائة وخمسون"
            rest = _word_number([_Tok(nxt[1:], 0, 0)] + list(toks[j + 2:j + 4]), 0, strip=False)
            if rest and rest[0] < value:
                return value + rest[0], j + 1 + rest[1]
        return value, j + 1
    return None


def _number(toks: Sequence[_Tok], j: int, conj: bool = False) -> tuple[int, int] | None:
    """A number at token j, in digits (also "(15) خمسة عشر", "3 آلاف") or in words: (value, end)."""
    if j >= len(toks):
        return None
    t = toks[j].text
    if t == "(" and j + 2 < len(toks) and _is_digits(toks[j + 1].text) and toks[j + 2].text == ")":
        value = _digits_value(toks[j + 1].text)
        if value is None:
            return None
        restated = _word_number(toks, j + 3)  # "(15) خمسة عشر"
        return value, restated[1] if restated and restated[0] == value else j + 3
    if _is_digits(t):
        value = _digits_value(t)
        if value is None:
            return None
        if j + 1 < len(toks) and toks[j + 1].text in _THOUSAND_WORDS:
            return value * 1000, j + 2
        restated = _word_number(toks, j + 1)
        if restated and restated[0] == value:
            return value, restated[1]
        return value, j + 1
    return _word_number(toks, j, conj=conj)


def _is_word(t: str) -> bool:
    return t[:1].isalpha()


def _after_kind(word: str, lists: _Lists) -> str | None:
    """The kind of a casualty word that may follow a count, also definite ("عدد من الجرحى")."""
    for base, _ in _bases(word):
        for b in (base, _strip_al(base)):
            kind = next((k for k, lex in lists.after.items() if lex.has(b)), None)
            if kind is not None:
                return kind
    return None


def _is_person(word: str, lists: _Lists) -> bool:
    """One person: "شرطي", "الطفل", and the accusative "جنديا" ("يقتل جنديا"; after a number it counts)."""
    return word in lists.person or _strip_al(word) in lists.person or (word[-1:] == "ا" and word[:-1] in lists.person)


def _is_people(word: str, lists: _Lists) -> bool:
    return word in lists.people or _strip_al(word) in lists.people


def _plain_number_ok(toks: Sequence[_Tok], j: int, end: int, value: int, lists: _Lists,
                     exclude: Sequence[tuple[int, int]]) -> bool:
    """Whether the number at tokens [j, end) may count people: not years, hours, money, dates, ages."""
    nxt = toks[end].text if end < len(toks) else ""
    if nxt in lists.units or _strip_al(nxt) in lists.units or nxt in ("%", "٪"):
        return False
    if nxt in ("/", "-", ":", ".") and end + 1 < len(toks) and _is_digits(toks[end + 1].text):
        return False  # a date, a time, a score: 2/10/1436، 8-10، 10:30
    first = j + 1 if toks[j].text == "(" else j
    prev = toks[first - 1].text if first else ""
    if prev in ("/", "-", ":") and first >= 2 and _is_digits(toks[first - 2].text):
        return False
    if 1900 <= value <= 2100 and _is_digits(toks[first].text):
        if not (_is_people(nxt, lists) or _is_person(nxt, lists) or nxt == "من"):
            return False  # a year
    start = toks[j].start
    return not any(a <= start < b for a, b in exclude)


def _preceded_by_context(toks: Sequence[_Tok], j: int, lists: _Lists) -> bool:
    """"الساعة 10", "عام 2015", "المادة 5", "قائمة الـ(85)": the number is no count."""
    k = j - 1
    while k >= 0 and toks[k].text in _SOFT:
        k -= 1
    if k < 0:
        return False
    prev = toks[k].text
    return prev in lists.not_after or any(b in lists.not_after for b, _ in _bases(prev)[1:])


def _count(toks: Sequence[_Tok], j: int, lists: _Lists, exclude: Sequence[tuple[int, int]]
           ) -> tuple[int | None, int, str] | None:
    """The count right after a casualty word: (value or None when vague, end, how: number|dual|one|vague)."""
    if j >= len(toks):
        return None
    num = _number(toks, j)
    if num is not None:
        value, end = num
        if not _plain_number_ok(toks, j, end, value, lists, exclude):
            return None
        return value, end, "number"
    t = toks[j].text
    if t in lists.dual or _strip_al(t) in lists.dual:
        return 2, j + 1, "dual"
    if t in ("احد", "احدي") and j + 1 < len(toks) and toks[j + 1].text not in _SOFT | _PUNCT_STOP | {","}:
        return 1, j + 1, "one"  # "مقتل أحد رجال الإطفاء"
    if _is_person(t, lists) or toks[j].person:
        return 1, j + 1, "one"
    if t.startswith("ال") and t != "الاثنين":  # "إصابة العشرة الآخرين" (الاثنين is Monday as often as two)
        num = _word_number([_Tok(t[2:], 0, 0)], 0, strip=False)
        if num is not None:
            return num[0], j + 1, "number"
    m = lists.vague.match(toks, j)
    if m is not None and m[1] == "":
        return None, j + m[0], "vague"
    if _is_people(t, lists):
        num = _word_number(toks, j + 1, strip=False)  # "عسكريين اثنين"
        if num is not None and not t.startswith("ال"):
            return num[0], num[1], "number"
        if t.startswith("ال"):
            if j + 1 < len(toks) and toks[j + 1].text.startswith("ال"):
                num = _word_number([_Tok(toks[j + 1].text[2:], 0, 0)], 0, strip=False)  # "مقتل الأشخاص الأربعة"
                if num is not None:
                    return num[0], j + 2, "number"
            return None  # "قتل المصلين": people already named, or people in general, not a figure
        return None, j + 1, "vague"  # "مقتل مدنيين"
    return None


def _noun_end(toks: Sequence[_Tok], end: int, lists: _Lists) -> int:
    """Extend a count over the noun it counts ("15 شخصا", "ثلاثة جنود")."""
    if end < len(toks) and (_is_people(toks[end].text, lists) or _is_person(toks[end].text, lists)):
        return end + 1
    return end


def _trailing_qualifier(toks: Sequence[_Tok], end: int) -> tuple[str | None, int]:
    """"15 على الأقل", "جنديين تركيين على الأقل", "نحو 100 تقريبا"."""
    for k in range(end, min(end + 5, len(toks))):
        t = toks[k].text
        if t == "علي" and k + 1 < len(toks) and toks[k + 1].text == "الاقل":
            return "at_least", k + 2
        if t == "تقريبا":
            return "about", k + 1
        if t in _PUNCT_STOP or t == "," or _is_digits(t):
            break
    return None, end


def _cue_kind(toks: Sequence[_Tok], i: int, lists: _Lists, table: dict[str, _Lexicon]) -> tuple[str, int, str, str] | None:
    """(kind, length in tokens, clitics removed, base form) of a casualty word at token i."""
    for kind, lex in table.items():
        m = lex.match(toks, i)
        if m is not None:
            return kind, m[0], m[1], m[2]
    return None


def _is_any_cue(toks: Sequence[_Tok], i: int, lists: _Lists) -> bool:
    return (_cue_kind(toks, i, lists, lists.before) is not None or _cue_kind(toks, i, lists, lists.after) is not None
            or lists.arrest_person.match(toks, i) is not None)


def _pronoun_cue(tok: str, lists: _Lists) -> tuple[str, int | None] | None:
    """"مقتله" (1), "اعتقالهما" (2), "قتلهم" (vague): a casualty word with a pronoun suffix."""
    for base, _ in _bases(tok):
        for suffix, n in _PRONOUNS:
            if not base.endswith(suffix) or len(base) - len(suffix) < 3:
                continue
            stem = base[: -len(suffix)]
            for s in (stem, stem[:-1] + "ه" if stem.endswith("ت") else ""):
                if not s:
                    continue
                for kind, lex in lists.before.items():
                    if lex.has(s) and not s.startswith("ال"):
                        return kind, n
            break
    return None


def _more(toks: Sequence[_Tok], end: int, lists: _Lists, exclude: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Counts joined to the one ending at `end` by و (or "إضافة إلى"): (the sum to add, the new end)."""
    added, k, last, joins = 0, end, end, 0
    while k < len(toks) and k - last <= _WINDOW and joins < _MAX_JOINED:
        joins += k == last  # k is back at `last` after each count joined (and at the start)
        t = toks[k].text
        if t in _PUNCT_STOP or (t in _OPENERS and _number(toks, k) is None) or lists.subset.match(toks, k) is not None \
                or _is_any_cue(toks, k, lists):
            break
        joined = None  # where the joined number starts
        if t == "و":
            joined = k + 1
        elif t in ("اضافه", "بالاضافه", "واضافه") and k + 1 < len(toks) and toks[k + 1].text == "الي":
            joined = k + 2
        elif t[:1] == "و" and len(t) > 2:
            rest = t[1:]
            num = _word_number([_Tok(rest, 0, 0)] + list(toks[k + 1:k + 3]), 0, strip=False)
            if num is not None:
                value, n_end = num[0], k + num[1]
                if _plain_number_ok(toks, k, n_end, value, lists, exclude) and lists.subset.match(toks, n_end) is None:
                    added, last = added + value, _noun_end(toks, n_end, lists)
                    k = last
                    continue
                break
            if rest in lists.dual or _strip_al(rest) in lists.dual:
                added, last = added + 2, k + 1
                k = last
                continue
            if _is_person(rest, lists):
                added, last = added + 1, k + 1
                k = last
                continue
        if joined is not None:
            j = joined
            num = _number(toks, j)
            if num is not None:
                value, n_end = num
                if not _plain_number_ok(toks, j, n_end, value, lists, exclude) or lists.subset.match(toks, n_end) is not None:
                    break
                added, last = added + value, _noun_end(toks, n_end, lists)
                k = last
                continue
        if _is_digits(t) or t == "(" or _word_number(toks, k) is not None:
            break  # a number not joined by و: another figure
        k += 1
    return added, last


def _figure_after_cue(toks: Sequence[_Tok], i: int, kind: str, length: int, lists: _Lists,
                      exclude: Sequence[tuple[int, int]], needs_person: bool = False) -> _Found | None:
    j = i + length
    plural_verb = toks[i + length - 1].text.endswith("وا")  # "قتلوا وأصيب 15 آخرون": two clauses
    if kind in ("killed", "wounded") and j < len(toks) and not plural_verb:  # "مقتل وإصابة 20": one figure of both
        other = _cue_kind(toks, j, lists, {k: v for k, v in lists.before.items() if k in ("killed", "wounded") and k != kind})
        if other is not None and other[2][:1] == "و":
            kind, j = "killed_or_wounded", j + other[1]
    qualifier = "exact"
    for _ in range(4):
        if j >= len(toks):
            return None
        t = toks[j].text
        if kind == "arrested" and t in ("عليه", "عليها", "عليهما", "عليهم", "عليهن"):  # "القبض عليه"
            n = {"عليه": 1, "عليها": 1, "عليهما": 2}.get(t)
            return _Found(kind, n, "exact" if n else "vague", i, j + 1)
        if _number(toks, j) is not None or _count(toks, j, lists, exclude) is not None:
            break
        if t in _SOFT:  # "استشهاد» 12"
            j += 1
            continue
        m = lists.at_least.match(toks, j)
        if m is not None and m[1] == "":
            qualifier, j = "at_least", j + m[0]
            continue
        m = lists.about.match(toks, j)
        if m is not None and m[1] == "":
            qualifier, j = "about", j + m[0]
            continue
        m = lists.fillers.match(toks, j)
        if m is not None and (m[1] == "" or m[2] in ("حياه", "ارواح")):
            j += m[0]
            continue
        break
    got = _count(toks, j, lists, exclude)
    after_subject = got is None
    if got is None:  # "اعتقلت الشرطة 5 أشخاص": a verb, its subject, then the count of people
        k = j
        while k < min(j + 3, len(toks)) and _is_word(toks[k].text) and _count(toks, k, lists, exclude) is None \
                and toks[k].text not in lists.not_after \
                and (toks[k].text[0] not in "لبك" or toks[k].text.startswith("ال")) \
                and toks[k].text not in _BLOCKING and not _is_any_cue(toks, k, lists) and lists.vague.match(toks, k) is None:
            k += 1
        for _ in range(2):  # "أودى الانفجار بحياة 25"
            m = lists.fillers.match(toks, k) if k > j and k < len(toks) else None
            if m is None:
                break
            k += m[0]
        later = _count(toks, k, lists, exclude) if k > j else None
        if later is not None and later[2] == "one":
            got = later  # "قتل مسلحون جنديا", "اغتال مسلحون القاضي": after the subject, the victim
        elif later is None or later[2] != "number":
            return None
        else:
            nxt = toks[later[1]].text if later[1] < len(toks) else ""
            if not (_is_people(nxt, lists) or _is_person(nxt, lists) or nxt == "من"):
                return None
            got = later
    value, end, how = got
    if how == "one" and not after_subject and lists.active.match(toks, i) is not None and not toks[end - 1].text.endswith("ا"):
        # "أصاب رجل حماته": the person did it ("يقتل جنديا": the accusative is the victim); the victim
        # may follow ("اغتال مسلح الشيخ محمد", "قتل مسلح 5 أشخاص")
        got = None
        for k in range(end, min(end + 2, len(toks))):
            later = _count(toks, k, lists, exclude)
            if later is not None and later[2] in ("number", "one", "dual"):
                got = later
                break
            if not _is_word(toks[k].text) or toks[k].text[:1] == "و":
                break
        if got is None:
            return None
        value, end, how = got
    cue_word = toks[i + length - 1].text
    if how != "number" and any(b.startswith("ال") and (_after_kind(b, lists) or b in _TOTALS) for b, _ in _bases(cue_word)):
        return None  # "عدد القتلى 20" names a number; "المعتقلين إلى أحد مراكز" none
    if how == "one" and toks[j].text in ("احد", "احدي") and j != i + length:
        return None  # "قتل مسلح 5 أشخاص": the person was the killer, the number the killed
        for k in range(end, min(end + 2, len(toks))):
            if not (_is_word(toks[k].text) or _is_digits(toks[k].text)) or toks[k].text[:1] == "و" \
                    or lists.subset.match(toks, k) is not None:
                break
            later = _count(toks, k, lists, exclude)
            if later is not None and later[2] == "number":
                nxt = toks[later[1]].text if later[1] < len(toks) else ""
                if _is_people(nxt, lists) or _is_person(nxt, lists) or nxt == "من":
                    value, end, how = later
                break
    if needs_person:
        nxt = toks[end].text if end < len(toks) else ""
        if how == "number" and not (_is_people(nxt, lists) or _is_person(nxt, lists) or nxt == "من"):
            return None
        if how == "vague":
            return None
    if how == "vague":
        return _Found(kind, None, "vague", i, end)
    end = _noun_end(toks, end, lists)
    added, end = _more(toks, end, lists, exclude)
    trailing, end = _trailing_qualifier(toks, end)
    return _Found(kind, value + added, trailing or qualifier, i, end)


def _figure_met(toks: Sequence[_Tok], i: int, lists: _Lists, exclude: Sequence[tuple[int, int]]) -> _Found | None:
    """"لقي 21 شخصا على الأقل، من بينهم نساء وأطفال، مصرعهم": لقي, a count, and مصرع/حتف a few words on."""
    m = lists.killed_meet.match(toks, i)
    if m is None:
        return None
    got = _count(toks, i + m[0], lists, exclude)
    if got is None or got[0] is None:
        return None
    value, end, _how = got
    trailing, end = _trailing_qualifier(toks, _noun_end(toks, end, lists))
    for k in range(end, min(end + _MEET_WINDOW, len(toks))):
        t = toks[k].text
        if t in _PUNCT_STOP or _is_any_cue(toks, k, lists) and not t.startswith(("مصرع", "حتف")):
            return None
        if t.startswith(("مصرع", "حتف")):
            return _Found("killed", value, trailing or "exact", i, k + 1)
    return None


def _figure_before_cue(toks: Sequence[_Tok], j: int, lists: _Lists, exclude: Sequence[tuple[int, int]]) -> _Found | None:
    """A count followed by its casualty word: "38 قتيلا", "خمسة أشخاص قتلوا", "لقي 6 منهم مصرعهم"."""
    num = _number(toks, j, conj=True)
    if num is None and (toks[j].text in lists.dual or _strip_al(toks[j].text) in lists.dual):
        num = (2, j + 1)  # "جنديين قتلا"
    if num is None or _preceded_by_context(toks, j, lists):
        return None
    value, end = num
    if not _plain_number_ok(toks, j, end, value, lists, exclude) or lists.subset.match(toks, end) is not None:
        return None
    qualifier = "exact"
    for k in range(max(0, j - 4), j):  # "أكثر من 3 قتلى", "نحو 100 جريح"
        for name, lex in (("at_least", lists.at_least), ("about", lists.about)):
            m = lex.match(toks, k)
            if m is not None and m[1] == "" and k + m[0] == j:
                qualifier = name
    total, k, last, joined = value, end, end, False
    while k < len(toks) and k - last <= _WINDOW:
        t = toks[k].text
        cue = _cue_kind(toks, k, lists, lists.after)
        if cue is not None and cue[3] in _ADJACENT_ONLY and k != end:
            cue = None
        if cue is not None and cue[2][:1] != "و" and not cue[3].startswith("ال"):
            kind, cue_end = cue[0], k + cue[1]
            if kind in ("killed", "wounded") and cue_end < len(toks):  # "20 قتيلا وجريحا"
                other = _cue_kind(toks, cue_end, lists, {x: v for x, v in lists.after.items() if x in ("killed", "wounded") and x != kind})
                if other is not None and other[2][:1] == "و":
                    kind, cue_end = "killed_or_wounded", cue_end + other[1]
            trailing, cue_end = _trailing_qualifier(toks, cue_end)
            return _Found(kind, total, trailing or qualifier, j, cue_end)
        if t in _PUNCT_STOP or t == "," or t in _BLOCKING or lists.subset.match(toks, k) is not None:
            return None
        if _cue_kind(toks, k, lists, lists.before) is not None or lists.arrest_person.match(toks, k) is not None:
            return None
        if not joined and (t == "و" or (t[:1] == "و" and len(t) > 2 and _word_number([_Tok(t[1:], 0, 0)], 0, strip=False))):
            added, new_last = _more(toks, k, lists, exclude)  # joins its own run of counts, once
            joined = True
            if added:
                total, k, last = total + added, new_last, new_last
                continue
        if _is_digits(t) or _word_number(toks, k) is not None:
            return None
        k += 1
    return None


def find_figures(text: str, start: int, end: int, kinds: Iterable[str] = ASSAULT_KINDS + ARREST_KINDS,
                 exclude: Sequence[tuple[int, int]] = (), persons: frozenset[int] = frozenset()
                 ) -> list[tuple[str, Casualty]]:
    """Every figure of the given kinds in text[start:end], in text order, as (kind, Casualty). `exclude`:
    spans whose numbers are no counts (dates); `persons`: offsets where a named person or office starts."""
    wanted = set(kinds)
    lists = _lists()
    toks = _tokens(text, start, end, persons)
    found: list[_Found] = []
    used = [False] * len(toks)
    covered = [False] * len(toks)  # tokens of a count-then-word figure
    i = 0
    while i < len(toks):  # a casualty word, then its count
        f = None
        cue = _cue_kind(toks, i, lists, lists.before)
        if cue is not None:
            f = _figure_after_cue(toks, i, cue[0], cue[1], lists, exclude)
        elif lists.killed_meet.match(toks, i) is not None:
            f = _figure_met(toks, i, lists, exclude)
        elif (m := lists.arrest_person.match(toks, i)) is not None:
            f = _figure_after_cue(toks, i, "arrested", m[0], lists, exclude, needs_person=True)
        else:
            pron = None if toks[i].taa else _pronoun_cue(toks[i].text, lists)
            if pron is not None:
                kind, n = pron
                f = _Found(kind, n, "exact" if n else "vague", i, i + 1, provisional=True)
                if i + 1 < len(toks) and toks[i + 1].text[:1] == "ل":  # "بقتلها لعشرة أشخاص": the count is the object
                    counted = _figure_after_cue(toks, i, kind, 1, lists, exclude)
                    if counted is not None and counted.count is not None:
                        f = counted
            else:
                for kind, lex in (("killed", lists.killed_one), *lists.two.items()):
                    m = lex.match(toks, i)
                    if m is not None:
                        n = 1 if lex is lists.killed_one else 2
                        f = _Found(kind, n, "exact", i, i + m[0], provisional=True)
                        break
        if f is not None:
            found.append(f)
            if not f.provisional:  # "مصرعهم" may still close "لقي 6 منهم مصرعهم"
                for k in range(f.start, f.end):
                    used[k] = True
            i = max(f.end, i + 1)
            continue
        i += 1
    for j in range(len(toks)):  # a count, then its casualty word
        if used[j] or not (_is_digits(toks[j].text) or toks[j].text == "(" or _word_number(toks, j, conj=True) is not None
                           or toks[j].text in lists.dual or _strip_al(toks[j].text) in lists.dual):
            continue
        if j and (_is_digits(toks[j - 1].text) or _word_number(toks, j - 1) is not None) and not used[j - 1]:
            continue  # inside a number already tried ("خمسة عشر")
        f = _figure_before_cue(toks, j, lists, exclude)
        if f is not None and not any(used[f.start:f.end]):
            found.append(f)
            for k in range(f.start, f.end):
                used[k] = covered[k] = True
    found = [g for g in found if not (g.provisional and covered[g.start])]  # "لقي 6 منهم مصرعهم": the 6
    for j, tok in enumerate(toks):  # a casualty word with no number: vague
        if used[j]:
            continue
        for base, _clitics in _bases(tok.text):
            if base not in lists.bare:
                continue
            p = j - 2 if j >= 2 and toks[j - 1].text == "من" else j - 1
            if p >= 0 and (_is_digits(toks[p].text) or toks[p].text == ")" or _word_number(toks, p) is not None):
                break  # a count the other shapes refused (a unit, a date): not vague either
            kind = next((k for k in ("killed", "wounded", "arrested")
                         if lists.after[k].has(base) or lists.before[k].has(base)), None)
            if kind is not None:
                found.append(_Found(kind, None, "vague", j, j + 1))
            break
        else:
            m = lists.vague.match(toks, j)  # "عدد من الجرحى", "العشرات من القتلى"
            if m is not None and m[1] in ("", "و"):
                k = j + m[0]
                if k < len(toks) and toks[k].text in ("من", "كبير", "غير"):
                    k += 1
                if k < len(toks) and toks[k].text == "من":
                    k += 1
                kind = _after_kind(toks[k].text, lists) if k < len(toks) and not used[k] else None
                if kind is not None:
                    found.append(_Found(kind, None, "vague", j, k + 1))
                    used[k] = True
                    nxt = toks[k + 1].text if k + 1 < len(toks) else ""  # "عدد من القتلى والجرحى"
                    other = _after_kind(nxt, lists) if nxt[:1] == "و" and not used[k + 1] else None
                    if other is not None and other != kind:
                        found.append(_Found(other, None, "vague", j, k + 2))
                        used[k + 1] = True
    found.sort(key=lambda f: f.start)
    out = []
    for f in found:
        if f.kind not in wanted or f.end <= f.start:
            continue
        s, e = toks[f.start].start, toks[f.end - 1].end
        out.append((f.kind, Casualty(count=f.count, qualifier=f.qualifier if f.count is not None else "vague",
                                     text=text[s:e], start=s, end=e)))
    return out


def casualty_kinds(event_type: str, mode: str | None) -> tuple[str, ...]:
    """The figures an event carries: killed and wounded for ASSAULT, arrested for a COERCE arrest."""
    if event_type == "ASSAULT":
        return ASSAULT_KINDS
    if event_type == "COERCE" and mode in ARREST_MODES:
        return ARREST_KINDS
    return ()


def _distance(c: Casualty, trigger: tuple[int, int]) -> int:
    if c.end <= trigger[0]:
        return trigger[0] - c.end
    if c.start >= trigger[1]:
        return c.start - trigger[1]
    return 0


def event_casualties(text: str, sentence: tuple[int, int], trigger: tuple[int, int], kinds: Iterable[str],
                     later: Sequence[tuple[int, int]] = (), exclude: Sequence[tuple[int, int]] = (),
                     persons: frozenset[int] = frozenset()) -> dict[str, Casualty] | None:
    """The figures of one event: in its sentence (a number before a vague figure, then the one nearest the
    trigger), else in the sentences after it (`later`: the first number of the kind, a toll given later in
    the article for the same attack). None when the text states none."""
    kinds = tuple(kinds)
    if not kinds:
        return None
    own: dict[str, Casualty] = {}
    figures = find_figures(text, sentence[0], sentence[1], kinds, exclude, persons)
    # the first kind (killed, arrested) nearest the trigger; the others nearest that figure, after it first
    # ("مقتل 42 وإصابة 93، فيما قتل 9 وإصابة 15": the 15 goes with the 9)
    anchor = trigger
    for kind in kinds:
        hits = [c for k, c in figures if k == kind]
        if not hits:
            continue
        if kind == kinds[0]:
            best = min(hits, key=lambda c: (c.count is None, _distance(c, trigger)))
            if best.count is not None:
                anchor = (best.start, best.end)
        else:
            best = min(hits, key=lambda c: (c.count is None, c.start < anchor[0], _distance(c, anchor)))
        own[kind] = best
    missing = [k for k in kinds if k not in own or own[k].count is None]
    for span in later:  # only numbers: a vague word later on is as often about something else
        if not missing:
            break
        figures = find_figures(text, span[0], span[1], missing, exclude, persons)
        for kind in list(missing):
            numeric = next((c for k, c in figures if k == kind and c.count is not None), None)
            if numeric is not None:
                own[kind] = numeric
                missing.remove(kind)
    return {k: own[k] for k in kinds if k in own} or None


def merge_casualties(kept: dict[str, Casualty] | None, other: dict[str, Casualty] | None) -> dict[str, Casualty] | None:
    """Two mentions of one event: the kept mention's figures, a number filling a kind it lacks or has only vaguely."""
    if not other:
        return kept
    out = dict(kept or {})
    for kind, c in other.items():
        if kind not in out or (out[kind].count is None and c.count is not None):
            out[kind] = c
    return out or None
