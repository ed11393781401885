"""Arabic normalisation for matching.

Matching folds spelling variants (hamza forms, taa marbuta, alif maqsura, tatweel, diacritics,
Eastern Arabic digits) but the article text itself is never changed: `normalize_with_offsets`
returns, next to the folded string, the original offset of every folded character, so a match
found in the folded string is reported at its place in the original text.
"""

from __future__ import annotations

import re
import sys
import unicodedata

# Characters dropped entirely: Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alif)
# the tatweel, and every invisible format character (Unicode category Cf: zero-width spaces and joiners,
# word joiners, direction marks and isolates, the soft hyphen) that scraped text carries inside words.
_DROPPED = set(
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658"
    "\u0670\u0640"
) | {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ى": "ي", "ی": "ي", "ي": "ي", "ئ": "ي", "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "،": ",", "؛": ";", "؟": "?", "٫": ".", "٬": ",",
    "\u00a0": " ",
}


def _presentation_forms() -> dict[str, str]:
    """Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF: contextual glyphs and ligatures that some sites and
    PDFs emit instead of letters, "ﺍﻟﺤﻮﺛﻴﻴﻦ") fold like the letters they draw; "ﻻ" is two letters, "ﷲ" a word."""
    out = {}
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
        ch = chr(code)
        if unicodedata.category(ch) == "Cn":
            continue
        letters = "".join(_FOLD.get(x, x) for x in unicodedata.normalize("NFKC", ch) if x not in _DROPPED and not x.isspace())
        if letters != ch and all("\u0621" <= x <= "\u064a" or x in "0123456789" for x in letters):
            out[ch] = letters
    return out


_FOLD.update(_presentation_forms())
_TABLE = {ord(k): v for k, v in _FOLD.items()}
# A hamza on the line after ya or alif maqsura is the older spelling of ئ ("الطوارىء" = "الطوارئ", "شىء" =
# "شيء"): it is dropped, so that all of them fold to the same ي-final form.
_HAMZA_AFTER_YA = "(?<=[ىي])ء"
_HAMZA_AFTER_YA_RE = re.compile(_HAMZA_AFTER_YA)


def _character_class(chars: set[str]) -> str:
    """A regex character class written as ranges: sre scans "[\u200b-\u200f]" much faster than the same
    characters listed one by one (the Cf category alone is some 170 of them)."""
    codes = sorted(ord(c) for c in chars)
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


# the rare hamza first: tried first at each position, it costs less than after the class
_DROPPED_RE = re.compile(_HAMZA_AFTER_YA + "|" + _character_class(_DROPPED) + "+")
_TABLE.update({ord(c): None for c in _DROPPED})


def _drop_hamza_after_ya(text: str) -> str:
    return _HAMZA_AFTER_YA_RE.sub("", text) if "ء" in text else text


def normalize(text: str) -> str:
    """Fold `text` for matching (lower-cased for Latin script)."""
    return _drop_hamza_after_ya(text).translate(_TABLE).lower()


_TABLE_KEEP_TAA = dict(_TABLE)
_TABLE_KEEP_TAA[ord("ة")] = "ة"
_TABLE_KEEP_TAA.update({ord(c): "ة" for c in "\ufe93\ufe94"})  # taa marbuta's presentation forms


def normalize_keep_taa(text: str) -> str:
    """Like `normalize`, but ة stays ة: trigger matching strips a pronoun ـه ("رحّله" deported him)
    and must not take the feminine ending of a noun for it ("رحلة", a trip)."""
    return _drop_hamza_after_ya(text).translate(_TABLE_KEEP_TAA).lower()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold `text` and return the folded string with, for each of its characters, the offset
    of the original character it came from (plus one sentinel entry for the end)."""
    folded = _drop_hamza_after_ya(text).translate(_TABLE).lower()
    offsets: list[int] = []
    kept_from = 0
    for m in _DROPPED_RE.finditer(text):
        offsets.extend(range(kept_from, m.start()))
        kept_from = m.end()
    offsets.extend(range(kept_from, len(text)))
    if len(folded) == len(offsets):  # every kept character folds to one character (the usual case)
        offsets.append(len(text))
        return folded, offsets
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROPPED or (ch == "ء" and i > 0 and text[i - 1] in "ىي"):
            continue
        folded = _FOLD.get(ch, ch).lower()
        for piece in folded:
            out.append(piece)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def to_original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of the folded string back to the original text."""
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], offsets[end - 1] + 1


ARABIC_LETTERS = set("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى")


def arabic_ratio(text: str) -> float:
    """Share of letters in `text` that are Arabic script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
    return arabic / len(letters)
