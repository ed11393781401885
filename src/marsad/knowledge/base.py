"""Load marsad's knowledge files into phrase indexes.

Everything an analyst may want to extend lives in `knowledge/data/` as TSV or plain text: countries
with their nisba adjectives and capitals, organisations, titles, honorifics, generic participant
nouns, places and event triggers. This module only reads them.
"""

from __future__ import annotations

import csv
import gettext
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from marsad.arabic.normalize import normalize, normalize_keep_taa
from marsad.knowledge.phrases import PhraseIndex

DATA = Path(str(resources.files("marsad.knowledge") / "data"))


@dataclass(frozen=True)
class Office:
    """One term of a person in one office (people.tsv): dates are ISO strings, possibly YYYY or YYYY-MM."""

    country: str | None
    group: str | None
    sector: str | None
    office: str
    start: str
    end: str | None  # None: still in office

    def held_on(self, date: str) -> bool:
        # compare at the precision each date is known: a term "2015" holds on any day of 2015
        return self.start[: len(date)] <= date[: len(self.start)] and (
            self.end is None or date[: len(self.end)] <= self.end[: len(date)])

    def distance(self, date: str) -> int:
        """0 when the term holds on `date`, else 1 + the years between them: a term that ended earlier the same
        year (a deputy crown prince's, April 2015) is farther than the one held that day (crown prince)."""
        if self.held_on(date):
            return 0
        year = int(date[:4])
        end = int(self.end[:4]) if self.end else 9999
        return 1 + min(abs(year - int(self.start[:4])), abs(year - end))


@dataclass(frozen=True)
class Group:
    """A non-state participant id (groups.tsv, the controlled list of EVENTS.md)."""

    id: str
    kind: str
    parent: str | None
    state: str | None
    sector: str | None
    home: str | None = None  # the state a national non-state group belongs to (the Houthis: Yemen)
    # in EVENTS.md's controlled list (shared/data/events/groups.tsv), which event records must use; marsad's
    # own finer ids (UNSMIL, ISIS_SINAI, MWL) resolve participants and record themselves as their ancestor
    controlled: bool = True


# groups.tsv rows whose source begins so are the ids of EVENTS.md's controlled list
CONTROLLED_LIST_SOURCE = "shared/data/events/groups.tsv"


@dataclass(frozen=True)
class Entry:
    """What a phrase in the text stands for."""

    label: str  # COUNTRY NISBA CAPITAL PLACE ORG TITLE HONORIFIC GENERIC HOME PER
    name: str  # canonical name (English where known)
    name_ar: str
    country: str | None = None
    group: str | None = None
    sector: str | None = None
    kind: str | None = None  # ORG: agency | igo | group
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    candidates: tuple[str, ...] = ()  # ORG shared by several states ("مجلس الشورى"): the states it may be
    offices: tuple[Office, ...] = ()  # PER: the person's dated offices
    in_context: tuple[tuple[str, ...], ...] = ()  # GENERIC: (state, group) — "المتمردين" in Yemen are the Houthis
    precision: str | None = None  # PLACE: exact (a city, town or site) or region (a province or region)

    def office_on(self, date: str | None) -> Office | None:
        """The person's office on `date` (the first listed of those held then), else the nearest in time."""
        if not self.offices:
            return None
        if not date:
            return self.offices[0]
        return min(self.offices, key=lambda o: o.distance(date))


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
    row_id: str | None = None  # the triggers.tsv row (T001 …); None for a learned trigger


LEADER_OFFICES = frozenset({"head of state", "head of government"})


@dataclass
class Knowledge:
    entities: PhraseIndex[Entry] = field(default_factory=PhraseIndex)
    triggers: PhraseIndex[Trigger] = field(default_factory=PhraseIndex)
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> Arabic name
    capital_names: dict[str, str] = field(default_factory=dict)  # iso3 -> its capital's Arabic name (countries.tsv's first)
    places: dict[str, Entry] = field(default_factory=dict)  # normalised name -> place
    groups: dict[str, Group] = field(default_factory=dict)  # group id -> its parent, state and sector
    # ruling families: (name tokens, state, needs an honorific or title before the name)
    families: list[tuple[tuple[str, ...], str, bool]] = field(default_factory=list)
    # heads of state by their first name ("سلمان"): "الملك سلمان" is the king of that name reigning then
    rulers: dict[str, list[Entry]] = field(default_factory=dict)
    # heads of state and government by the last word of a listed name ("هادي" of "عبدربه منصور هادي"): "الرئيس هادي"
    # is the one head of state of that surname in office at the article's date
    leaders_by_surname: dict[str, list[Entry]] = field(default_factory=dict)
    # a city name that several states' cities bear (زنجبار: Zanzibar and Zinjibar): the GeoNames id the index holds →
    # every city of that name, the index's first; the article's states choose among them (nlp.pipeline)
    place_homonyms: dict[int, list[Entry]] = field(default_factory=dict)

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


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """given_names.txt: foreign given names as Arabic news spells them, normalised (a feature of the NER model)."""
    return frozenset(normalize(name) for line in _lines("given_names.txt") for name in line.split("|") if name.strip())


def _opt(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def _nisba_forms(base: str) -> list[str]:
    """Masculine/feminine, dual and plural forms of a nisba, with and without the article."""
    words = base.split()
    # "ا": accusative "جنديا مصريا"; "ي": the plural in construct, "سعوديي الجنسية"
    endings = ["", "ة", "ون", "ين", "ان", "تان", "تين", "ا", "ي"]
    out = []
    for ending in endings:
        inflected = [w + ending for w in words]
        for definite in (True, False):
            out.append(" ".join(("ال" + w if definite else w) for w in inflected))
    return out


def _comment_list(name: str, key: str) -> set[str]:
    """A `# key: a|b|c` note in a data file's header (countries.tsv lists its ambiguous nisbas so)."""
    with open(DATA / name, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(f"# {key}:"):
                return {w.strip() for w in line.split(":", 1)[1].split("|") if w.strip()}
    return set()


NON_ISO_CODES = {"XKX": "Kosovo"}  # codes in use that ISO 3166-1 has not assigned


def _load_countries(kb: Knowledge) -> None:
    import pycountry

    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
        translate = ar.gettext
    except OSError:  # pragma: no cover - pycountry always ships its locales
        translate = str
    curated = _rows("countries.tsv")
    curated_codes = {r[0] for r in curated}
    # Indefinite nisbas that are also given names or words ("تركي", "مالي"): only the definite form
    # counts; some are ordinary words even with the article ("المالي" financial): left out.
    definite_only = _comment_list("countries.tsv", "definite-only-nisba")
    never = _comment_list("countries.tsv", "ambiguous-even-definite-nisba")
    for row in curated:
        row = [c if _opt(c) else "" for c in row + [""] * (5 - len(row))]
        iso3, names, nisbas, plurals, capitals = row[:5]
        country = pycountry.countries.get(alpha_3=iso3)
        english = getattr(country, "common_name", None) or (country.name if country else NON_ISO_CODES.get(iso3, iso3))
        name_list = [n for n in names.split("|") if n]
        kb.country_names[iso3] = name_list[0]
        entry = Entry("COUNTRY", english, name_list[0], country=iso3)
        for n in name_list:
            kb.entities.add(n, entry)
        nisba_entry = Entry("NISBA", english, name_list[0], country=iso3)
        for base in filter(None, nisbas.split("|")):
            if base in never:
                continue
            for form in _nisba_forms(base):
                if base in definite_only and not form.startswith("ال"):
                    # "تركي" is also a given name: the indefinite form counts only after a noun
                    # it describes ("شرطي تركي", "طائرات حربية تركية"), see hits.gazetteer_hits
                    kb.entities.add(form, Entry("NISBA", english, name_list[0], country=iso3, kind="needs_noun"))
                    continue
                kb.entities.add(form, nisba_entry)
        for form in filter(None, plurals.split("|")):
            kb.entities.add(form, nisba_entry)
            kb.entities.add("ال" + form, nisba_entry)
        capital_list = [c for c in capitals.split("|") if c]
        if capital_list:
            kb.capital_names[iso3] = capital_list[0]
        for cap in capital_list:
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


def _load_groups(kb: Knowledge) -> None:
    """groups.tsv: every group id of EVENTS.md with its parent, the state it acts for, sector and aliases."""
    for row in _rows("groups.tsv"):
        gid, kind, parent, state, names, english, sector, source, home = (row + [""] * 9)[:9]
        group = Group(gid, kind, _opt(parent), _opt(state), _opt(sector), _opt(home),
                      controlled=source.startswith(CONTROLLED_LIST_SOURCE))
        kb.groups[gid] = group
        org_kind = "group" if kind in ("armed", "generic", "party", "coalition") else "igo"
        aliases = [n for n in names.split("|") if _opt(n)]
        entry = Entry("ORG", english, aliases[0] if aliases else gid, country=group.state, group=gid,
                      sector=group.sector, kind=org_kind)
        for n in aliases:
            kb.entities.add(n, entry)
        for n in aliases:
            for form in _nisba_member_forms(n):
                if form not in aliases:
                    kb.entities.add(form, entry)


def _nisba_member_forms(alias: str) -> list[str]:
    """A one-word indefinite nisba naming one member ("حوثي", "داعشي") also names members after a number:
    its accusative ("12 حوثيا", "431 داعشياً") and its plural ("داعشيين")."""
    if " " in alias or alias.startswith("ال") or not alias.endswith("ي") or len(alias) < 4:
        return []
    return [f"{alias}ا", f"{alias}ين"]


def _institution_rows() -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """institutions.tsv rows: names, country, sector, English name and the candidate states of a shared name."""
    out = []
    for row in _rows("institutions.tsv"):
        names, country, sector, english, candidates = (row + [""] * 5)[:5]
        out.append((names, country, sector, english, tuple(c.strip() for c in candidates.split(",") if _opt(c))))
    return out


def _load_institutions(kb: Knowledge) -> None:
    """institutions.tsv: organs of states by their own names; a name several states use lists them."""
    for names, country, sector, english, states in _institution_rows():
        entry = Entry("ORG", english, names.split("|")[0], country=_opt(country), sector=_opt(sector), kind="agency",
                      candidates=states)
        for n in filter(None, names.split("|")):
            kb.entities.add(n, entry)


def _load_people(kb: Knowledge) -> None:
    """people*.tsv: dated office holders. All rows of one person (same English name) make one entry."""
    rows: dict[str, list[list[str]]] = {}
    for f in sorted(DATA.glob("people*.tsv")):
        for row in _rows(f.name):
            rows.setdefault((row + [""] * 2)[1], []).append(row)
    for english, person_rows in rows.items():
        offices = []
        names: list[str] = []
        for row in person_rows:
            row_names, _, country, office, sector, start, end = (row + [""] * 7)[:7]
            names += [n for n in row_names.split("|") if n and n not in names]
            # an office of a group or IGO names its id: "other: UN envoy to Yemen", "other: FIFA president"
            group = next((w for w in office.split() if w in kb.groups), None) if _opt(country) is None else None
            offices.append(Office(_opt(country), group, _opt(sector), office, start, _opt(end)))
        entry = Entry("PER", english, names[0], offices=tuple(offices))
        for n in names:
            kb.entities.add(n, entry)
        if any(o.office == "head of state" for o in offices):
            for first in {normalize(n).split()[0] for n in names}:
                kb.rulers.setdefault(first, []).append(entry)
        if any(o.office in LEADER_OFFICES for o in offices):
            for last in {normalize(n).split()[-1] for n in names if len(n.split()) > 1}:
                kb.leaders_by_surname.setdefault(last, []).append(entry)


def _load_families(kb: Knowledge) -> None:
    for row in _rows("families.tsv"):
        names, state, needs_title = (row + [""] * 3)[:3]
        for n in names.split("|"):
            kb.families.append((tuple(normalize(n).split()), state, needs_title == "yes"))


def _load_titles(kb: Knowledge) -> None:
    shared = _shared_institutions()
    for row in _rows("titles.tsv"):
        names, sector, country, english = (row + [""] * 4)[:4]
        name_list = names.split("|")
        entry = Entry("TITLE", english, name_list[0], sector=_opt(sector), country=_opt(country),
                      kind="counterpart" if sector == "=" else None)
        for n in name_list:
            states = next((c for inst, c in shared if f" {inst} " in f" {n} "), ()) if not _opt(country) else ()
            # "نائب رئيس مجلس الأمة": the office of an institution several states have is in one of those states
            kb.entities.add(n, replace(entry, candidates=states) if states else entry)


def _shared_institutions() -> list[tuple[str, tuple[str, ...]]]:
    """Names of institutions several states use (institutions.tsv rows with candidates), longest first."""
    out = [(n, states) for names, country, _sector, _english, states in _institution_rows()
           if states and not _opt(country) for n in names.split("|") if n]
    return sorted(out, key=lambda x: -len(x[0]))


_DEMONSTRATIVES = ("هؤلاء", "هذه", "هذا", "تلك", "ذلك", "أولئك")


def _load_simple(kb: Knowledge, generic: list[tuple[str, Entry]]) -> None:
    for word in _lines("honorifics.txt"):
        kb.entities.add(word, Entry("HONORIFIC", word, word))
    for phrase in _lines("not_entities.txt"):
        kb.entities.add(phrase, Entry("IGNORE", phrase, phrase))
    for word in _lines("home_aliases.txt"):
        kb.entities.add(word, Entry("HOME", word, word))
    for n, entry in generic:
        kb.entities.add(n, entry)
        if n.startswith("ال"):  # "هؤلاء الإرهابيون", "هذه الفئة الضالة": the demonstrative points back at them
            for demonstrative in _DEMONSTRATIVES:
                kb.entities.add(f"{demonstrative} {n}", entry)


def _generic_actor_entries() -> list[tuple[str, Entry]]:
    out = []
    for row in _rows("generic_actors.tsv"):
        names, group, sector, by_state = (row + [""] * 4)[:4]
        in_context = tuple(tuple(pair.split("=", 1)) for pair in by_state.split(",") if "=" in pair)
        out += [(n, Entry("GENERIC", group, n, group=_opt(group), sector=_opt(sector), in_context=in_context))
                for n in names.split("|")]
    return out


def _load_generic_inflections(kb: Knowledge, generic: list[tuple[str, Entry]]) -> None:
    """Loaded last: an inflection never displaces a form any file lists (a place, a title, an organisation).
    Each form shares its listed noun's entry."""
    for n, entry in generic:
        for form in generic_inflections(n):
            kb.entities.add(form, entry)


_PLURAL_OR_DUAL = ("ون", "ين", "ان", "ات")
_SOUND_PLURAL = ("ون", "ين")


def generic_inflections(noun: str) -> list[str]:
    """The forms of a generic noun the list need not spell out. A one-word singular: its dual ("شابان",
    "متهمَين"; with ال when listed with it) and, indefinite, the accusative a number takes ("33 متهما").
    Any entry: the other case of a sound masculine plural ("المسلحين" ↔ "المسلحون", "ذوي الشهداء" ↔ "ذوو
    الشهداء"), and the entry with and without ال on every word ("مجموعة إرهابية" ↔ "المجموعة الإرهابية")
    when its words agree in definiteness — but a one-word singular only gains ال, and not in ة: the bare
    form is often another word ("المعارضة" the opposition, "معارضة" an objection)."""
    words = noun.split()
    forms = _singular_forms(noun) if len(words) == 1 else []
    variants = [words]
    cased = [_other_case(w, first=i == 0 and len(words) > 1) for i, w in enumerate(words)]
    if any(c != w for c, w in zip(cased, words, strict=True)):
        variants.append(cased)
    definite = [w.startswith("ال") for w in words]
    singular_in_taa = len(words) == 1 and noun.endswith("ة")
    coordinated = any(w.startswith("و") for w in words[1:])  # "زوج وزوجته": no ال after the clitic
    # a definite singular loses no ال: "التحالف" is the coalition, "تحالف" heads a name ("تحالف القوى الوطنية")
    definite_singular = len(words) == 1 and all(definite) and variants == [words]
    if (all(definite) or not any(definite)) and not singular_in_taa and not coordinated and not definite_singular:
        variants += [[w[2:] if w.startswith("ال") else "ال" + w for w in v] for v in list(variants)]
    forms += [" ".join(v) for v in variants[1:] if all(len(w.removeprefix("ال")) >= 3 for w in v)]
    if len(words) == 1 and len(variants) > 1:
        forms += _singular_forms(" ".join(variants[-1]))  # "رجل" → "الرجلان"
    return [f for f in dict.fromkeys(forms) if f != noun]


def _other_case(word: str, first: bool) -> str:
    """A sound masculine plural in the other case (ون ↔ ين); the first word of a phrase, in construct, also
    ending in ي ↔ و ("منفذي الهجوم" ↔ "منفذو الهجوم")."""
    bare = word.removeprefix("ال")
    if len(bare) >= 5 and bare.endswith(_SOUND_PLURAL):
        return word[:-2] + ("ين" if word.endswith("ون") else "ون")
    if first and not word.startswith("ال") and len(bare) >= 3 and bare[-1] in "يو":
        return word[:-1] + ("و" if word.endswith("ي") else "ي")
    return word


def _singular_forms(noun: str) -> list[str]:
    definite = noun.startswith("ال")
    bare = noun[2:] if definite else noun
    if len(bare) < 3 or bare.endswith(_PLURAL_OR_DUAL) or bare[-1] in "اى":
        return []
    stem = bare[:-1] + "ت" if bare[-1] == "ة" else bare
    prefix = "ال" if definite else ""
    forms = [f"{prefix}{stem}ان", f"{prefix}{stem}ين"]
    if not definite and bare[-1] != "ة":
        forms.append(f"{bare}ا")
    return forms


_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")


ARAB_STATES = {"MAR", "DZA", "TUN", "LBY", "EGY", "SDN", "MRT", "SOM", "DJI", "COM", "SAU", "QAT", "ARE", "KWT", "BHR",
               "OMN", "YEM", "IRQ", "SYR", "LBN", "JOR", "PSE"}


# a place's kind (places_supplement.tsv's kind column; regions.tsv: every row) → its precision on an event
PLACE_KIND_PRECISION = {"city": "exact", "site": "exact", "region": "region", "namesake": "exact"}


def _add_place(kb: Knowledge, names: str, english: str, country: str, lat: str, lon: str, gid: str,
               kind: str = "city", words: str = "-") -> None:
    name_list = names.split("|")
    entry = Entry("PLACE", english, name_list[0], country=_opt(country), lat=float(lat), lon=float(lon),
                  geonames_id=int(gid) if _opt(gid) else None, precision=PLACE_KIND_PRECISION[kind.strip() or "city"])
    # a name that is also an ordinary word ("الطوال" long, "فرسان" knights) is the place only where the text
    # introduces a place ("في X", "بـX", "محافظة X")
    word_like = {normalize(w) for w in words.split("|") if _opt(w)}
    for n in name_list:
        kb.entities.add(n, replace(entry, kind="needs_context") if normalize(n) in word_like else entry)
        kb.places.setdefault(normalize(n), entry)


def _add_reading(kb: Knowledge, first: Entry, place: Entry) -> None:
    """`place` as another reading of the name `first` holds in the index, unless a reading in its state is there."""
    same_name = kb.place_homonyms.setdefault(first.geonames_id, [first])
    if all(e.country != place.country for e in same_name):
        same_name.append(place)


def _add_namesake(kb: Knowledge, names: str, english: str, country: str, lat: str, lon: str, gid: str,
                  kind: str = "namesake", words: str = "-") -> None:
    """A town that bears the name of a gazetteer city of another state ("دوما": Douma in Syria, Duma in the West
    Bank): the city's namesake, read as this town where the article names this state and not the city's
    (nlp.pipeline._choose_homonyms); a name no place has yet is added as a plain place."""
    word_like = {normalize(w) for w in words.split("|") if _opt(w)}
    name_list = names.split("|")
    for n in name_list:
        entry = Entry("PLACE", english, name_list[0], country=_opt(country), lat=float(lat), lon=float(lon),
                      geonames_id=int(gid) if _opt(gid) else None, precision=PLACE_KIND_PRECISION[kind],
                      kind="needs_context" if normalize(n) in word_like else None)
        first = kb.places.get(normalize(n))
        if first is not None and first.geonames_id and first.country != entry.country:
            _add_reading(kb, first, entry)
        elif first is None:
            kb.entities.add(n, entry)
            kb.places[normalize(n)] = entry


def _load_places(kb: Knowledge) -> None:
    namesakes = []
    for row in _rows("places_supplement.tsv"):
        fields = (row + [""] * 8)[:8]
        if fields[6] == "namesake":
            namesakes.append(fields)  # after the cities whose names they bear
            continue
        _add_place(kb, *fields)
    for row in _rows("regions.tsv"):
        names, english, country, _level, lat, lon, gid = (row + [""] * 7)[:7]
        _add_place(kb, names, english, country, lat, lon, gid, "region")
    stop = {normalize(w) for w in _lines("place_stopwords.txt")}
    populations: dict[Entry, int] = {}
    for row in _rows("cities.tsv"):
        names, english, country, lat, lon, gid, population, _kind, words = (row + [""] * 9)[:9]
        # Outside the Arab world, Arabic names of smaller cities are transliterations that collide with
        # foreign personal names ("بوتين"); names the corpus uses mostly as words ("بورصة"): both count
        # as the city only where the text introduces a place ("في X", "بـX").
        minor = country not in ARAB_STATES and int(population) < 1_000_000
        word_like = {normalize(w) for w in words.split("|") if _opt(w)}
        for name in names.split("|"):
            norm = normalize(name)
            if len(norm.replace(" ", "")) < 4 or norm in stop or "ى" in name[:-1]:
                continue
            place = Entry("PLACE", english, name, country=country, lat=float(lat), lon=float(lon),
                          geonames_id=int(gid), kind="needs_context" if minor or norm in word_like else None,
                          precision="exact")
            kb.entities.add(name, place)
            first = kb.places.setdefault(norm, place)
            populations.setdefault(place, int(population))
            # the hand-made files' places, and cities of a million, keep their name whatever the article
            if first is not place and first.geonames_id and first.country and first.country != country \
                    and populations.get(first, 10**9) < 1_000_000:
                _add_reading(kb, first, place)
    for fields in namesakes:
        _add_namesake(kb, *fields)


@lru_cache(maxsize=1)
def region_points() -> frozenset[tuple[float, float]]:
    """The coordinates of the gazetteers' provinces and regions that no city or site shares: how a stored record
    without a precision (schema < 7) tells a region from a city (store migration 6 → 7)."""
    regions = {(float(r[4]), float(r[5])) for r in _rows("regions.tsv")}
    others = {(float(r[3]), float(r[4])) for r in _rows("cities.tsv")}
    for row in _rows("places_supplement.tsv"):
        (regions if row[6:7] == ["region"] else others).add((float(row[3]), float(row[4])))
    return frozenset(regions - others)


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
        forms, pos, etype, mode, contexts, cameo, frame, genitive, preps, row_id = (row + [""] * 10)[:10]
        row_forms = {normalize(f.split()[0]) for f in forms.split("|")}
        for form in forms.split("|"):
            for written, future, plural in _trigger_forms(normalize_keep_taa(form), pos, row_forms):
                trig = Trigger(
                    type=etype, mode=_opt(mode), contexts=tuple(c for c in contexts.split(",") if c),
                    cameo=_opt(cameo), frame=frame or "do", genitive=_opt(genitive),
                    preps=tuple(normalize(p.lstrip("!")) for p in preps.split("|") if _opt(p)), pos=pos,
                    prep_required=preps.startswith("!"),
                    future_form=future, dual_or_plural=plural, row_id=_opt(row_id),
                )
                kb.triggers.add(tuple(normalize_keep_taa(written).split()), trig)


@lru_cache(maxsize=1)
def load_groups() -> dict[str, Group]:
    """The group ids alone (for scoring, which needs parents and states but no phrase index)."""
    kb = Knowledge()
    _load_groups(kb)
    return kb.groups


def group_lineage(group: str) -> list[str]:
    """The group and its ancestors (AQAP → ALQAEDA), from groups.tsv."""
    groups, out = load_groups(), [group]
    while (g := groups.get(out[-1])) and g.parent and g.parent not in out:
        out.append(g.parent)
    return out


def record_group(group: str | None) -> str | None:
    """The id an event record gives a participant of this group: the group itself when EVENTS.md's controlled list
    has it, else its nearest ancestor there (UNSMIL → UN, HDP → OPP), else none (the Muslim World League: its
    record keeps its home state, and the finer id goes to the participant's `id`)."""
    if not group:
        return None
    groups = load_groups()
    return next((g for g in group_lineage(group) if (known := groups.get(g)) is not None and known.controlled), None)


def party_states(country: str | None, group: str | None) -> set[str]:
    """A participant's state, and the state its group acts for (COALITION_SAU → SAU)."""
    states = {country} if country else set()
    if group and (g := load_groups().get(group)) and g.state:
        states.add(g.state)
    return states


def same_party(country_a: str | None, group_a: str | None, country_b: str | None, group_b: str | None) -> bool:
    """EVENTS.md's party equality: a state in common (a group acting for a state counts as that state), a group
    and its ancestor (never a sibling), or neither naming a state or a group."""
    if party_states(country_a, group_a) & party_states(country_b, group_b):
        return True
    if group_a and group_b and (group_a in group_lineage(group_b) or group_b in group_lineage(group_a)):
        return True
    return not (country_a or group_a) and not (country_b or group_b)


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    kb = Knowledge()
    # Order matters where two files list the same phrase: the first reading wins.
    _load_groups(kb)  # before people: an office may name a group id
    _load_people(kb)
    _load_institutions(kb)
    _load_organizations(kb)
    _load_countries(kb)
    _load_titles(kb)
    _load_families(kb)
    generic = _generic_actor_entries()
    _load_simple(kb, generic)
    _load_places(kb)
    _load_triggers(kb)
    _load_generic_inflections(kb, generic)
    return kb
