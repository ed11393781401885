"""Clitic-aware word forms.

Arabic writes conjunctions (و ف), prepositions (ب ل ك) and the article (ال) attached to the word,
and object/possessive pronouns (ـه ـها ـهم ـهما) at its end. A dictionary lists the bare form;
these helpers give the forms a written (already normalised) token may stand for, so that
"بالرباط" finds الرباط, "وبلجيكا" بلجيكا, "للأمن" الأمن and "إدانتهما" إدانة.
"""

from __future__ import annotations

from functools import lru_cache

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه", "كم", "نا")
_MIN_STEM = 2
# Verb and plural endings (قتلوا، يتظاهرون، المتظاهرين، اجتماعات، التقتا، قالت): stripped only when three
# letters remain, so that a learned trigger form covers its inflections.
_INFLECTION_SUFFIXES = ("وا", "ون", "ين", "ات", "تا", "ت")
_MIN_INFLECTION_STEM = 3


def _strip_prepositions(form: str) -> list[str]:
    out = []
    if form.startswith("لل") and len(form) > 3:
        out.append("ال" + form[2:])  # لل = ل + ال
    if form[:1] in _PREPOSITIONS and len(form) > _MIN_STEM + 1:
        out.append(form[1:])
    return out


@lru_cache(maxsize=200_000)
def prefix_variants(form: str) -> tuple[str, ...]:
    """The form itself and the forms left after removing leading clitics (longest form first)."""
    variants = [form]
    if form[:1] in _CONJUNCTIONS and len(form) > _MIN_STEM + 1:
        variants.append(form[1:])
    for v in list(variants):
        variants.extend(_strip_prepositions(v))
    seen: dict[str, None] = {}
    for v in variants:
        seen.setdefault(v, None)
    return tuple(seen)


@lru_cache(maxsize=200_000)
def word_variants(form: str) -> tuple[str, ...]:
    """Prefix variants plus forms without a pronoun suffix (a noun's ت restored to ة, folded ه)."""
    out = list(prefix_variants(form))
    for v in list(out):
        if v.endswith("ا") and len(v) >= 5:
            out.append(v[:-1])  # accusative tanween: "هجوما" → هجوم, "اتصالا" → اتصال
        for suffix in _PRONOUN_SUFFIXES:
            if v.endswith(suffix) and len(v) - len(suffix) >= _MIN_STEM + 1:
                stem = v[: -len(suffix)]
                out.append(stem)
                if stem.endswith("ت"):
                    out.append(stem[:-1] + "ة")  # إدانتهما → إدانة
                    out.append(stem[:-1] + "ه")
                elif stem.endswith(("ي", "و")):
                    out.append(stem[:-1] + "ء")  # اعتدائه → اعتداء (the hamza's seat changes before a suffix)
                break
    seen: dict[str, None] = {}
    for v in out:
        seen.setdefault(v, None)
    return tuple(seen)


def without_article(form: str) -> str:
    return form[2:] if form.startswith("ال") and len(form) > 4 else form


@lru_cache(maxsize=200_000)
def inflection_stem(form: str) -> str:
    """The form without one verb or plural ending (قتلوا → قتل, المتظاهرين → المتظاهر), or the form itself."""
    for suffix in _INFLECTION_SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_INFLECTION_STEM:
            return form[: -len(suffix)]
    return form
