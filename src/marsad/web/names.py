"""Display names of the charts' actors in both UI languages: states from the knowledge base's countries.tsv
(Arabic, most common form first) and pycountry (English), groups from groups.tsv, sectors for agency nodes
(MAR·COP is "المغرب · الشرطة", "Morocco · police"). An unknown key is shown as it is, in both languages."""

from __future__ import annotations

import csv
from functools import lru_cache

from marsad.knowledge.base import DATA, NON_ISO_CODES

Names = dict[str, str]  # {"ar": …, "en": …}

SECTORS: dict[str, tuple[str, str]] = {
    "GOV": ("الحكومة", "government"), "COP": ("الشرطة", "police"), "SPY": ("المخابرات", "intelligence"),
    "MIL": ("الجيش", "military"), "JUD": ("القضاء", "judiciary"), "LEG": ("البرلمان", "legislature"),
    "BUS": ("الأعمال", "business"), "MED": ("الإعلام", "media"), "EDU": ("التعليم", "education"),
    "HLH": ("الصحة", "health"), "REL": ("الهيئات الدينية", "religious bodies"), "IGO": ("منظمة دولية", "IGO"),
    "TER": ("إرهابيون", "terrorists"), "CRM": ("مجرمون", "criminals"), "REB": ("متمردون", "rebels"),
    "OPP": ("المعارضة", "opposition"), "CIV": ("مدنيون", "civilians"),
}
# the generic group ids have no Arabic name and a long English description in groups.tsv
GENERIC_GROUPS: dict[str, tuple[str, str]] = {
    "TER": ("خلية إرهابية", "terrorist cell"), "CRM": ("مجرمون", "criminals"), "OPP": ("المعارضة", "opposition"),
    "CIV": ("مدنيون", "civilians"), "REB": ("متمردون", "rebels"),
}


def _rows(name: str) -> list[list[str]]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if row and row[0].strip() and not row[0].startswith("#")]


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    import pycountry

    names = {}
    for row in _rows("countries.tsv"):
        iso3, arabic = row[0].strip(), row[1].split("|")[0].strip() if len(row) > 1 else ""
        country = pycountry.countries.get(alpha_3=iso3)
        english = getattr(country, "common_name", None) or (country.name if country else NON_ISO_CODES.get(iso3, iso3))
        names[iso3] = (arabic if arabic and arabic != "-" else english, english)
    return names


@lru_cache(maxsize=1)
def _groups() -> dict[str, tuple[str, str]]:
    names = {}
    for row in _rows("groups.tsv"):
        gid, arabic, english = row[0].strip(), (row + [""] * 6)[4].split("|")[0].strip(), (row + [""] * 6)[5].strip()
        if gid in GENERIC_GROUPS:
            names[gid] = GENERIC_GROUPS[gid]
            continue
        english = english if english and english != "-" else gid
        names[gid] = (arabic if arabic and arabic != "-" else english, english)
    return names


def country_names(iso3: str | None) -> Names:
    ar, en = _countries().get(iso3 or "", (iso3 or "", iso3 or ""))
    return {"ar": ar, "en": en}


def actor_names(key: str, kind: str = "state") -> Names:
    """The names of a network node: a state (MAR), an agency (MAR·COP) or a group (HAMAS). The kind
    decides: CIV is Côte d'Ivoire as a state and civilians as a group."""
    base, _, sector = key.partition("·")
    ar, en = (_groups() if kind == "group" else _countries()).get(base) or (base, base)
    if sector:
        sector_ar, sector_en = SECTORS.get(sector, (sector, sector))
        return {"ar": f"{ar} · {sector_ar}", "en": f"{en} · {sector_en}"}
    return {"ar": ar, "en": en}

