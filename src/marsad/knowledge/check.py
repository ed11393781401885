"""`marsad knowledge check`: validate the knowledge files (ids, ISO codes, sectors, dates, duplicates,
aliases that point to two different actors).

Each problem is one line `file:line: message`; the counts of each file are printed after. The check
reads the files as data, independently of the loader, so a row the loader would silently skip is
still reported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.arabic.normalize import normalize
from marsad.knowledge.base import CONTROLLED_LIST_SOURCE, DATA, NON_ISO_CODES

SECTORS = {"GOV", "COP", "SPY", "MIL", "JUD", "LEG", "BUS", "MED", "EDU", "HLH", "REL", "IGO", "TER", "CRM",
           "REB", "OPP", "CIV"}
GROUP_KINDS = {"generic", "igo", "ngo", "armed", "coalition", "sport", "party"}
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
                "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
TRIGGER_POS = {"v", "vp", "n", "x"}
FRAMES = {"do", "host", "receive", "meet", "self"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_GROUP_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _iso3_codes() -> set[str]:
    import pycountry

    return {c.alpha_3 for c in pycountry.countries} | set(NON_ISO_CODES)


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with open(path, encoding="utf-8") as fh:
        for number, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if row and row[0].strip() and not row[0].startswith("#"):
                yield number, row


def _names(value: str) -> list[str]:
    return [n for n in value.split("|") if n and n != "-"]


class _Checker:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.report = CheckReport()
        self.iso3 = _iso3_codes()
        # normalised alias -> (identity, where) for aliases of actors, to find one alias for two actors
        self.aliases: dict[str, tuple[str, str]] = {}
        # a state's Arabic name (not its capital's) -> (code, where)
        self.state_names: dict[str, tuple[str, str]] = {}

    def problem(self, where: str, message: str) -> None:
        self.report.problems.append(f"{where}: {message}")

    def columns(self, where: str, row: list[str], n: int) -> list[str] | None:
        if len(row) != n:
            self.problem(where, f"{len(row)} columns, expected {n}")
            return None
        return row

    def state(self, where: str, code: str, allow_empty: bool = True) -> None:
        if code in ("", "-") and allow_empty:
            return
        if code not in self.iso3:
            self.problem(where, f"unknown ISO 3166-1 alpha-3 code {code!r}")

    def sector(self, where: str, code: str, extra: tuple[str, ...] = ("-",)) -> None:
        if code not in SECTORS and code not in extra:
            self.problem(where, f"unknown sector {code!r}")

    def arabic(self, where: str, names: list[str]) -> None:
        for n in names:
            if _LATIN.search(n):
                self.problem(where, f"Latin letters in the Arabic name {n!r}")

    def alias(self, where: str, name: str, identity: str) -> None:
        key = normalize(name)
        seen = self.aliases.get(key)
        if seen is None:
            self.aliases[key] = (identity, where)
        elif seen[0] != identity:
            self.problem(where, f"alias {name!r} names {identity} here but {seen[0]} at {seen[1]}")

    def count(self, name: str, n: int) -> None:
        self.report.counts[name] = n

    # one method per file -------------------------------------------------------------------------

    def countries(self) -> None:
        seen: set[str] = set()
        n = 0
        for line, row in _rows(self.data / "countries.tsv"):
            where = f"countries.tsv:{line}"
            if not self.columns(where, row, 6):
                continue
            n += 1
            code = row[0]
            self.state(where, code, allow_empty=False)
            if code in seen:
                self.problem(where, f"{code} listed twice")
            seen.add(code)
            names = _names(row[1]) + _names(row[4])
            self.arabic(where, names + _names(row[2]) + _names(row[3]))
            for name in names:
                self.alias(where, name, f"state {code}")
            for name in _names(row[1]):
                self.state_names[normalize(name)] = (code, where)
        self.count("countries.tsv", n)

    def groups(self) -> dict[str, str]:
        ids: dict[str, str] = {}
        parents: list[tuple[str, str, str]] = []
        controlled: set[str] = set()  # EVENTS.md's controlled list: the ids event records use
        for line, row in _rows(self.data / "groups.tsv"):
            where = f"groups.tsv:{line}"
            if not self.columns(where, row, 9):
                continue
            gid, kind, parent, state, names, _english, sector, source, home = row
            if source.startswith(CONTROLLED_LIST_SOURCE):
                controlled.add(gid)
            if not _GROUP_ID.match(gid):
                self.problem(where, f"group id {gid!r} is not upper-case A-Z, 0-9, _")
            if gid in ids:
                self.problem(where, f"group id {gid} listed twice")
            ids[gid] = kind
            if kind not in GROUP_KINDS:
                self.problem(where, f"unknown group kind {kind!r}")
            if parent != "-":
                parents.append((where, gid, parent))
            self.state(where, state)
            self.state(where, home)
            # IGOs, sport bodies and the generic ids belong to no state; a national NGO (the Syrian Network for Human
            # Rights, the Saudi-seated Muslim World League) may
            if home != "-" and kind not in ("armed", "party", "coalition", "ngo"):
                self.problem(where, f"home {home}: only armed groups, parties, coalitions and national NGOs belong to one state")
            self.sector(where, sector)
            self.arabic(where, _names(names))
            for name in _names(names):
                self.alias(where, name, f"group {gid}")
        for where, gid, parent in parents:
            if parent not in ids:
                self.problem(where, f"parent {parent} is not a group id")
            elif gid in controlled and parent not in controlled:
                self.problem(where, f"parent {parent} of a controlled-list id is not in the controlled list")
        self.count("groups.tsv", len(ids))
        self.count("groups.tsv (EVENTS.md's controlled list)", len(controlled))
        return ids

    def institutions(self) -> None:
        n = 0
        for line, row in _rows(self.data / "institutions.tsv"):
            where = f"institutions.tsv:{line}"
            if not self.columns(where, row, 6):
                continue
            n += 1
            names, country, sector, _english, candidates, _source = row
            self.state(where, country)
            states = [c.strip() for c in candidates.split(",") if c.strip() not in ("", "-")]
            for c in states:
                self.state(where, c, allow_empty=False)
            if country == "-" and not states:
                self.problem(where, "no state and no candidate states (generic names belong in organizations.tsv)")
            self.sector(where, sector, ())
            self.arabic(where, _names(names))
            identity = f"state {country}" if country != "-" else "shared " + ",".join(sorted(states))
            for name in _names(names):
                self.alias(where, name, identity)
        self.count("institutions.tsv", n)

    def organizations(self) -> None:
        n = 0
        for line, row in _rows(self.data / "organizations.tsv"):
            where = f"organizations.tsv:{line}"
            if not self.columns(where, row, 6):
                continue
            n += 1
            names, kind, country, _group, sector, _english = row
            if kind != "agency":
                self.problem(where, f"kind {kind!r}: groups and IGOs belong in groups.tsv")
            self.state(where, country)
            self.sector(where, sector)
            self.arabic(where, _names(names))
        self.count("organizations.tsv", n)

    def generic_actors(self) -> None:
        n = 0
        for line, row in _rows(self.data / "generic_actors.tsv"):
            where = f"generic_actors.tsv:{line}"
            if not self.columns(where, row, 5):
                continue
            n += 1
            names, group, sector, in_context, _source = row
            if group != "-" and not _GROUP_ID.match(group):
                self.problem(where, f"group id {group!r} is not upper-case A-Z, 0-9, _")
            self.sector(where, sector)
            for pair in in_context.split(","):
                if pair not in ("", "-"):
                    state, _, gid = pair.partition("=")
                    if state == "OF":  # OF=ISR: people of that state wherever the article is (settlers)
                        if gid != "HOME":  # OF=HOME: the article's own state ("الجانبان")
                            self.state(where, gid, allow_empty=False)
                        continue
                    if state != "ANY":  # ANY=ARMED_GROUP: the armed group the article names most
                        self.state(where, state, allow_empty=False)
                    if not _GROUP_ID.match(gid):
                        self.problem(where, f"{pair!r} is not STATE=GROUP")
            self.arabic(where, _names(names))
            for name in _names(names):
                self.alias(where, name, f"generic {group} {in_context}")
        self.count("generic_actors.tsv", n)

    def word_lists(self) -> None:
        ids: set[str] = set()
        for line, row in _rows(self.data / "word_lists.tsv"):
            where = f"word_lists.tsv:{line}"
            if not self.columns(where, row, 3):
                continue
            if row[0] in ids:
                self.problem(where, f"list id {row[0]} listed twice")
            ids.add(row[0])
            if not _names(row[1]):
                self.problem(where, f"list {row[0]} is empty")
        self.count("word_lists.tsv (lists)", len(ids))

    def given_names(self) -> None:
        seen: dict[str, int] = {}
        with open(self.data / "given_names.txt", encoding="utf-8") as fh:
            for line, text in enumerate(fh, 1):
                if not text.strip() or text.startswith("#"):
                    continue
                where = f"given_names.txt:{line}"
                names = _names(text.strip())
                self.arabic(where, names)
                for name in names:
                    if len(name.split()) != 1:
                        self.problem(where, f"given name {name!r} is not one word")
                    key = normalize(name)
                    if key in seen:
                        self.problem(where, f"given name {name!r} listed before, at line {seen[key]}")
                    seen.setdefault(key, line)
        self.count("given_names.txt", len(seen))

    def families(self) -> None:
        n = 0
        for line, row in _rows(self.data / "families.tsv"):
            where = f"families.tsv:{line}"
            if not self.columns(where, row, 4):
                continue
            n += 1
            self.state(where, row[1], allow_empty=False)
            if row[2] not in ("yes", "no"):
                self.problem(where, f"requires-title must be yes or no, not {row[2]!r}")
        self.count("families.tsv", n)

    def titles(self) -> None:
        n = 0
        for line, row in _rows(self.data / "titles.tsv"):
            where = f"titles.tsv:{line}"
            if not self.columns(where, row, 5):
                continue
            n += 1
            names, sector, country, _english, _source = row
            self.sector(where, sector, ("-", "="))
            self.state(where, country)
            self.arabic(where, _names(names))
            for name in _names(names):
                self.alias(where, name, f"title {line}")
        self.count("titles.tsv", n)

    def people(self) -> None:
        people: set[str] = set()
        n = 0
        for path in sorted(self.data.glob("people*.tsv")):
            for line, row in _rows(path):
                where = f"{path.name}:{line}"
                if not self.columns(where, row, 8):
                    continue
                n += 1
                names, english, country, _office, sector, start, end, _source = row
                people.add(english)
                self.state(where, country)
                self.sector(where, sector)
                self.arabic(where, _names(names))
                if not _DATE.match(start):
                    self.problem(where, f"start {start!r} is not YYYY[-MM[-DD]]")
                if end != "-" and not _DATE.match(end):
                    self.problem(where, f"end {end!r} is not YYYY[-MM[-DD]] or -")
                elif end != "-" and _DATE.match(start) and end[: len(start)] < start[: len(end)]:
                    self.problem(where, f"ends ({end}) before it starts ({start})")
                for name in _names(names):
                    self.alias(where, name, f"person {english}")
        self.count("people*.tsv (terms)", n)
        self.count("people*.tsv (people)", len(people))

    def places(self, name: str, columns: int, coordinates: tuple[int, int], gid_column: int,
               kind_column: int | None = None) -> None:
        """Places: names, English, country, then coordinates and a GeoNames id at the given columns (and the
        place's kind, city, region or site, where the file has one)."""
        n = 0
        for line, row in _rows(self.data / name):
            where = f"{name}:{line}"
            if not self.columns(where, row, columns):
                continue
            n += 1
            self.state(where, row[2])
            try:
                lat, lon = float(row[coordinates[0]]), float(row[coordinates[1]])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    self.problem(where, f"coordinates out of range ({lat}, {lon})")
            except ValueError:
                self.problem(where, "coordinates are not numbers")
            if row[gid_column] != "-" and not row[gid_column].isdigit():
                self.problem(where, f"geonames id {row[gid_column]!r} is not a number")
            if kind_column is not None and row[kind_column] not in ("city", "region", "site", "namesake"):
                self.problem(where, f"kind {row[kind_column]!r} is not city, region, site or namesake")
            self.arabic(where, _names(row[0]))
            for place in _names(row[0]):
                # a town abroad that bears a state's Arabic name (Armenia in Colombia, "سنغافورة" for Singa)
                # would read that state as a place in the wrong country
                state = self.state_names.get(normalize(place))
                if state and state[0] != row[2]:
                    self.problem(where, f"place name {place!r} is the name of the state {state[0]} ({state[1]})")
        self.count(name, n)

    def triggers(self) -> None:
        n = 0
        ids: set[str] = set()
        for line, row in _rows(self.data / "triggers.tsv"):
            where = f"triggers.tsv:{line}"
            if not self.columns(where, row, 10):
                continue
            n += 1
            if not re.fullmatch(r"T\d{3,}", row[9]) or row[9] in ids:
                self.problem(where, f"row id {row[9]!r} is not a new T-number")
            ids.add(row[9])
            forms, pos, etype, _mode, _contexts, cameo, frame = row[:7]
            if pos not in TRIGGER_POS:
                self.problem(where, f"unknown part of speech {pos!r}")
            if etype not in PLOVER_TYPES:
                self.problem(where, f"{etype!r} is not a PLOVER event type")
            if cameo not in ("", "-") and not re.fullmatch(r"\d{2,4}", cameo):
                self.problem(where, f"CAMEO code {cameo!r} is not 2-4 digits")
            if frame and frame not in FRAMES:
                self.problem(where, f"unknown frame {frame!r}")
            self.arabic(where, _names(forms))
        self.count("triggers.tsv", n)


def check_knowledge(data: Path = DATA) -> CheckReport:
    checker = _Checker(data)
    checker.groups()
    checker.institutions()
    checker.people()
    checker.countries()
    checker.titles()
    checker.generic_actors()
    checker.families()
    checker.word_lists()
    checker.given_names()
    checker.organizations()
    checker.places("places_supplement.tsv", 8, (3, 4), 5, 6)
    checker.places("regions.tsv", 8, (4, 5), 6)
    checker.places("cities.tsv", 10, (3, 4), 5)
    checker.triggers()
    return checker.report
