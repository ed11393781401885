"""Exports (marsad.export): marsad's JSON Lines and flat CSV, the ACLED-like and GDELT-like CSV, through the
command line and the API alike, over a real store built by `marsad run` from the bundled sample, the dev
articles and an article whose fields start like spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import duckdb
import httpx
import pandas as pd
import pytest
from web_support import LiveServer

from marsad import export
from marsad.events.quad import QUADS, quad_of
from marsad.query import EventFilter, count_events, select_events
from marsad.web.context import WebSettings

MARSAD = [sys.executable, "-m", "marsad.cli"]
DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
PASSWORD = "correct horse battery"
# every field an analyst's spreadsheet would run as a formula
FORMULA_ARTICLE = {
    "doc_id": "=cmd|' /C calc'!A0", "url": '=HYPERLINK("http://evil.example/")', "published": "2025-06-02", "title": "=1+1",
    "text": ("=1+1 استقبل وزير الداخلية المغربي عبد الوافي لفتيت، اليوم الاثنين بالرباط، وزير الداخلية الإسباني فرناندو غراندي مارلاسكا.\n"
             "@SUM(1) أدان وزير الخارجية السعودي الهجوم الإرهابي على مسجد في مدينة أبها."),
}
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
GDELT_HEADER = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name", "Actor1CountryCode",
    "Actor1KnownGroupCode", "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_Lat",
    "Actor2Geo_Long", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL"]


def marsad(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([*MARSAD, *args], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return done


def copy_store(source: Path, target: Path) -> Path:
    for suffix in ("", ".wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


@pytest.fixture(scope="module")
def stores(shared, tmp_path_factory):
    """(live store, read-only snapshot of it, a store of 10,000 events or more made of its copies, an analyst's API token)."""
    tmp = tmp_path_factory.mktemp("export")
    db = tmp / "export.duckdb"
    formulas = tmp / "formulas.jsonl"
    formulas.write_text(json.dumps(FORMULA_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    marsad("run", "--db", str(db), "--workers", "1")
    marsad("run", str(shared / "events" / "dev" / "articles"), str(formulas), "--db", str(db), "--workers", "1")
    done = subprocess.run([*MARSAD, "user", "add", "ana", "--role", "analyst", "--password-env", "MARSAD_TEST_PW", "--api-token",
                           "--db", str(db)], capture_output=True, text=True, check=True, timeout=60,
                          env={**os.environ, "MARSAD_TEST_PW": PASSWORD})
    token = done.stdout.split("API token (shown once): ")[1].strip()
    snapshot = copy_store(db, tmp / "snapshot.duckdb")
    big = copy_store(db, tmp / "big.duckdb")
    con = duckdb.connect(str(big))
    # copies enough for 10,000 events and more, however many the coder finds in the sample
    copies = max(400, 10_000 // con.execute("SELECT count(*) FROM events").fetchone()[0] + 1)
    con.execute("INSERT INTO events SELECT e.* REPLACE (e.event_id || '-' || r.i AS event_id, "
                "json_merge_patch(e.record, json_object('event_id', e.event_id || '-' || r.i)) AS record) "
                "FROM events e, range(1, ?) r(i)", [copies])
    con.close()
    return db, snapshot, big, token


@pytest.fixture(scope="module")
def snapshot(stores):
    con = duckdb.connect(str(stores[1]), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def site(stores):
    """The web app over the live store, after an analyst rejected one event and corrected another."""
    db, _, _, token = stores
    with LiveServer(WebSettings(db_path=str(db))) as base_url:
        items = httpx.get(f"{base_url}/api/events", params={"limit": 500}).json()["items"]
        consult = [e["event_id"] for e in items if e["type"] == "CONSULT"]
        assault = [e["event_id"] for e in items if e["type"] == "ASSAULT"]
        auth = {"Authorization": f"Bearer {token}"}
        assert httpx.post(f"{base_url}/api/events/{consult[0]}/review", json={"action": "reject"}, headers=auth).status_code == 201
        corrected = httpx.post(f"{base_url}/api/events/{assault[0]}/review", headers=auth,
                               json={"action": "correct", "changes": {"location_country": "YEM", "type": "COERCE"}})
        assert corrected.status_code == 201, corrected.text
        yield base_url, db, consult[0], assault[0]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def exported(con, fmt: str, flt: EventFilter | None = None, **options) -> bytes:
    return b"".join(export.stream(con, flt or EventFilter(), fmt, **options))


def table(con, fmt: str, flt: EventFilter | None = None) -> list[dict[str, str]]:
    header, *rows = rows_of(exported(con, fmt, flt))
    return [dict(zip(header, row, strict=True)) for row in rows]


# ---- the columns, the rows, the bytes -------------------------------------------------------------------------
def test_headers_are_the_documented_columns(snapshot):
    docs = DOCS.read_text(encoding="utf-8")
    for fmt, expected in (("acled", ACLED_HEADER), ("gdelt", GDELT_HEADER), ("csv", [*export.FLAT_COLUMNS, "review_state"])):
        header = rows_of(exported(snapshot, fmt))[0]
        assert header == expected, fmt
        for column in header if fmt != "csv" else []:
            documented = f"`{column}`" in docs or f"`{column.split('_')[0]}_*`" in docs
            assert documented, f"{column} is not in docs/exports.md"
    assert "## Exports" in Path(DOCS.parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("flt", [EventFilter(), EventFilter(types=["ASSAULT"]), EventFilter(country="SAU"),
                                 EventFilter(text="خلية"), EventFilter(types=["PROTEST"], country="ATA")],
                         ids=["all", "assault", "sau", "text", "none"])
def test_rows_are_the_query_s_events_in_its_order(snapshot, flt):
    expected = [r[0] for r in select_events(snapshot, flt, ["event_id"])[1]]
    assert len(expected) == count_events(snapshot, flt)
    jsonl = exported(snapshot, "jsonl", flt).decode("utf-8").splitlines()
    assert [json.loads(line)["event_id"] for line in jsonl] == expected
    for fmt, id_column in (("csv", "event_id"), ("acled", "event_id_cnty"), ("gdelt", "GlobalEventID")):
        assert [row[id_column] for row in table(snapshot, fmt, flt)] == expected, fmt


def test_the_command_line_and_the_api_give_the_same_bytes(site, tmp_path):
    base_url, db, rejected, corrected = site
    cases = [("jsonl", {"view": "both"}), ("csv", {}), ("acled", {"view": "reviewed", "type": "ASSAULT,CONSULT", "bom": "true"}),
             ("gdelt", {"country": "SAU"})]
    for fmt, params in cases:
        path = "/api/export.jsonl" if fmt == "jsonl" else "/api/export.csv"
        query = {**params, **({"columns": "marsad" if fmt == "csv" else fmt} if fmt != "jsonl" else {})}
        answer = httpx.get(base_url + path, params=query, timeout=60)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == export.MEDIA_TYPES[fmt]
        assert export.FILENAMES[fmt] in answer.headers["content-disposition"]
        out = tmp_path / f"cli.{fmt}"
        options = [f"--{k}" if k == "bom" else f"--{k}={v}" for k, v in params.items()]
        marsad("events", "--db", str(db), "--format", fmt, "-o", str(out), *options)
        assert out.read_bytes() == answer.content, (fmt, params)
    # and the views are the review views: the rejected event left out, the correction applied
    reviewed = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(httpx.get(
        f"{base_url}/api/export.csv", params={"columns": "acled", "view": "reviewed"}).content.decode("utf-8-sig")))}
    assert rejected not in reviewed and reviewed[corrected]["tags"].startswith("plover=COERCE")
    assert reviewed[corrected]["country"] == "Yemen"
    both = list(csv.DictReader(io.StringIO(httpx.get(f"{base_url}/api/export.csv", params={"view": "both"}).text)))
    states = {r["event_id"]: r["review_state"] for r in both}
    assert states[rejected] == "reject" and states[corrected] == "correct" and "pending" in states.values()
    assert httpx.get(f"{base_url}/api/export.csv", params={"columns": "cameo"}).status_code == 422


# ---- what the rows say ----------------------------------------------------------------------------------------
def records(con) -> dict[str, dict]:
    return {r["event_id"]: r for r in map(json.loads, exported(con, "jsonl").decode("utf-8").splitlines())}


def test_a_known_attack_as_acled_and_gdelt(snapshot):
    """The suicide bombing of the Emergency Forces' mosque in Asir (6 August 2015, 15 killed, 33 wounded), as the
    dev article snn-098 reports it."""
    by_id = records(snapshot)
    acled = {r["event_id_cnty"]: r for r in table(snapshot, "acled")}
    gdelt = {r["GlobalEventID"]: r for r in table(snapshot, "gdelt")}
    # the bombing (the toll's sentence after it is coded too, located in Asir as the story: issue 11)
    asir = [e for e in by_id.values() if e["doc_id"] == "snn-098" and e["type"] == "ASSAULT"
            and (e["location"] or {}).get("name") == "Asir" and e["trigger"]["text"] == "تفجير"]
    assert len(asir) == 1, "the dev store's Asir attack"
    row = acled[asir[0]["event_id"]]
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2015-08-06", "2015", "1")
    assert (row["country"], row["iso"], row["region"], row["location"], row["geo_precision"]) == ("Saudi Arabia", "682", "Middle East", "Asir", "2")
    assert row["admin1"] == "Asir"  # a province of regions.tsv
    # a TER cell (an unidentified armed group, 3) against the Emergency Forces (police: state forces, 1)
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == ("Political violence", "Battles", "Armed clash")
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == (
        "Unidentified Armed Group (Saudi Arabia)", "3", "Police Forces of Saudi Arabia", "1", "13")
    assert row["fatalities"] == "15" and "wounded=33" in row["tags"].split("; ") and row["notes"] == asir[0]["sentence"]["text"]
    assert row["source"] == "alyaum" and row["source_scale"] == "National"
    for bombing in (e for e in by_id.values() if e["type"] == "ASSAULT" and e["mode"] == "suicide-attack"):
        assert (acled[bombing["event_id"]]["event_type"], acled[bombing["event_id"]]["sub_event_type"]) == (
            "Explosions/Remote violence", "Suicide bomb")
    g = gdelt[asir[0]["event_id"]]
    assert (g["Day"], g["MonthYear"], g["Year"], g["FractionDate"]) == ("20150806", "201508", "2015", str(round(2015 + (8 * 30 + 6) / 365, 4)))
    assert (g["EventCode"], g["EventBaseCode"], g["EventRootCode"], g["QuadClass"], g["GoldsteinScale"]) == ("190", "190", "19", "4", "-10.0")
    assert (g["Actor2Code"], g["Actor2CountryCode"], g["Actor2Type1Code"], g["Actor1KnownGroupCode"]) == ("SAUCOP", "SAU", "COP", "TER")
    assert (g["ActionGeo_Type"], g["ActionGeo_FullName"], g["ActionGeo_CountryCode"]) == ("5", "Asir, Saudi Arabia", "SA")
    assert g["SOURCEURL"] == asir[0]["url"] and len(g["DATEADDED"]) == 14


def test_a_known_visit_as_acled_and_gdelt(snapshot):
    """The bundled sample's visit of Morocco's foreign minister to Nouakchott (the day before 12 March 2025)."""
    visit = next(e for e in records(snapshot).values() if e["doc_id"] == "sample-visit")
    row = next(r for r in table(snapshot, "acled") if r["event_id_cnty"] == visit["event_id"])
    assert (row["event_date"], row["time_precision"], row["country"], row["iso"], row["region"]) == (
        "2025-03-11", "1", "Mauritania", "478", "Western Africa")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == ("Strategic developments", "Strategic developments", "Other")
    assert row["tags"] == "plover=CONSULT/visit" and row["actor1"] == "Government of Morocco" and row["inter1"] == "8"
    g = next(r for r in table(snapshot, "gdelt") if r["GlobalEventID"] == visit["event_id"])
    assert (g["Actor1Code"], g["Actor2Code"], g["EventCode"], g["EventRootCode"], g["QuadClass"], g["GoldsteinScale"]) == (
        "MARGOV", "MRTGOV", "042", "04", "1", "1.9")
    assert (g["ActionGeo_Type"], g["ActionGeo_CountryCode"], g["Day"], g["NumMentions"]) == ("4", "MR", "20250311", "1")


def test_gdelt_quad_class_follows_the_cameo_root(snapshot):
    by_id = records(snapshot)
    rows = table(snapshot, "gdelt")
    coded = [r for r in rows if r["EventCode"]]
    assert coded and len(coded) == len(rows)  # every record carries a CAMEO code (its type's root at least)
    bands = {**dict.fromkeys(range(1, 6), "1"), **dict.fromkeys(range(6, 9), "2"), **dict.fromkeys(range(9, 14), "3"),
             **dict.fromkeys(range(14, 21), "4")}
    for r in rows:
        record = by_id[r["GlobalEventID"]]
        if r["EventCode"]:
            assert r["EventCode"] == record["cameo"] and r["EventBaseCode"] == r["EventCode"][:3]
            assert r["EventRootCode"] == r["EventCode"][:2] and r["QuadClass"] == bands[int(r["EventRootCode"])]
            assert float(r["GoldsteinScale"]) == export.goldstein(r["EventCode"])
        else:
            assert r["QuadClass"] == str(QUADS.index(quad_of(record["type"])) + 1) and r["GoldsteinScale"] == ""
        if record["type"] == "ASSAULT":
            assert r["QuadClass"] == "4"  # material conflict (a re-typed event once kept CAMEO 036, "intend to meet")
        assert r["IsRootEvent"] in ("0", "1") and int(r["NumMentions"]) >= int(r["NumArticles"]) >= 1
    # GDELT's Goldstein values for the codes marsad uses most
    assert (export.goldstein("042"), export.goldstein("043"), export.goldstein("173"), export.goldstein("190")) == (1.9, 2.8, -5.0, -10.0)


# ---- Arabic, Excel and formulas -------------------------------------------------------------------------------
def test_arabic_round_trips_with_or_without_a_byte_order_mark(snapshot, tmp_path):
    sentences = {i: r["sentence"]["text"] for i, r in records(snapshot).items()}
    plain, marked = exported(snapshot, "acled"), exported(snapshot, "acled", bom=True)
    assert plain.startswith(b"event_id_cnty,") and marked == export.BOM + plain
    for data in (plain, marked):
        notes = {r["event_id_cnty"]: r["notes"].removeprefix("'") for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
        assert notes == sentences
    frame = pd.read_csv(io.BytesIO(marked), encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == ACLED_HEADER and len(frame) == len(sentences)
    assert any("الرياض" in n or "المغرب" in n for n in frame["notes"].dropna())
    path = tmp_path / "bom.csv"
    path.write_bytes(exported(snapshot, "gdelt", bom=True))
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_csv('{path}', header = true)").fetchone()[0] == len(sentences)
    assert exported(snapshot, "jsonl", bom=True) == exported(snapshot, "jsonl")  # JSON Lines never has one


def test_cells_that_start_like_formulas_are_neutralised(snapshot):
    assert [export.safe_cell(v) for v in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", " =1", "＝1", "ok", "-", None, -15.5, 3, True)] == [
        "'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\t=1", "' =1", "'＝1", "ok", "'-", "", -15.5, 3, True]
    seen = 0
    for fmt in ("csv", "acled", "gdelt"):
        for row in rows_of(exported(snapshot, fmt))[1:]:
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    float(cell)  # only a number may start so (a longitude, a Goldstein value)
            seen += sum(cell.startswith(("'=", "'@")) for cell in row)
    assert seen >= 6  # the formula article's id, URL and sentences, in each CSV format
    line = next(r for r in table(snapshot, "csv") if "HYPERLINK" in r["url"])
    assert line["url"] == "'" + FORMULA_ARTICLE["url"] and line["doc_id"] == "'" + FORMULA_ARTICLE["doc_id"]


# ---- streaming ------------------------------------------------------------------------------------------------
def traced_peak(chunks) -> tuple[list[int], int]:
    tracemalloc.start()
    try:
        sizes = [len(chunk) for chunk in chunks]
        return sizes, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_big_export_streams_in_batches(stores, tmp_path):
    big = stores[2]
    con = duckdb.connect(str(big), read_only=True)
    try:
        n = count_events(con, EventFilter())
        assert n >= 10_000
        list(export.stream(con, EventFilter(), "acled", limit=50))  # load the lookup tables (pycountry, …) first
        _, peak_of_two_batches = traced_peak(export.stream(con, EventFilter(), "acled", batch=200, limit=400))
        sizes, peak = traced_peak(export.stream(con, EventFilter(), "acled", batch=200))
    finally:
        con.close()
    assert len(sizes) == 1 + math.ceil(n / 200)  # the header, then one chunk per batch
    # the Python memory of the whole export is about that of two batches: it does not grow with the events exported
    assert peak < 2 * peak_of_two_batches and peak < sum(sizes) / 1.5, (peak, peak_of_two_batches, sum(sizes))
    out = tmp_path / "big.csv"
    marsad("events", "--db", str(big), "--format", "gdelt", "-o", str(out))
    with open(out, encoding="utf-8", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == n + 1


# ---- the mapping functions ------------------------------------------------------------------------------------
@pytest.mark.parametrize("record, expected", [
    ({"date": "2025-03-11", "published": "2025-03-12"}, (date(2025, 3, 11), 1)),
    ({"date": "2025-03", "published": "2025-03-20"}, (date(2025, 3, 20), 3)),
    ({"date": "2024-11", "published": "2025-01-05"}, (date(2024, 11, 1), 3)),
    ({"date": "2023", "published": "2025-01-05"}, (date(2023, 1, 1), 3)),
    ({"date": None, "published": "2025-06-01"}, (date(2025, 6, 1), 2)),
    ({"date": None, "published": None}, (None, None)),
])
def test_event_day_and_time_precision(record, expected):
    assert export.event_day(record) == expected


def test_geo_precision():
    assert export.geo_precision({"precision": "exact", "lat": 19.0, "lon": 42.5}) == 1
    assert export.geo_precision({"precision": "region", "lat": 1.0, "lon": 2.0}) == 2
    assert export.geo_precision({"precision": "country", "country": "SYR"}) == 3
    # records stored before location.precision: inferred
    assert export.geo_precision({"name": "Asir", "country": "SAU", "lat": 19.0, "lon": 42.5}) == 2  # regions.tsv's Asir
    assert export.geo_precision({"name": "Riyadh", "country": "SAU", "lat": 24.68773, "lon": 46.72185}) == 1
    assert export.geo_precision({"name": "Syria", "country": "SYR", "lat": None, "lon": None}) == 3
    assert export.geo_precision(None) is None
    assert export.action_geo_type({"precision": "exact", "country": "USA"}) == 3
    assert export.action_geo_type({"precision": "region", "country": "YEM"}) == 5


def party(country=None, sector=None, group=None):
    return {"text": "x", "country": country, "sector": sector, "group": group}


@pytest.mark.parametrize("record, expected", [
    ({"type": "ASSAULT", "mode": "suicide-attack", "actor": party(group="ISIS", sector="TER")}, ("Explosions/Remote violence", "Suicide bomb")),
    ({"type": "ASSAULT", "actor": party("SYR", "MIL"), "recipient": party(sector="CIV", group="CIV")}, ("Violence against civilians", "Attack")),
    ({"type": "ASSAULT", "actor": party(group="HOUTHI", sector="REB"), "recipient": party("SAU", "MIL")}, ("Battles", "Armed clash")),
    ({"type": "ASSAULT", "actor": party(group="TER", sector="TER")}, ("Violence against civilians", "Attack")),
    ({"type": "PROTEST", "mode": "riot", "actor": party("MAR", "CIV")}, ("Riots", "Violent demonstration")),
    ({"type": "PROTEST", "actor": party(group="OPP", sector="OPP")}, ("Protests", "Peaceful protest")),
    ({"type": "COERCE", "mode": "arrest", "actor": party("SAU", "COP"), "recipient": party(group="CRM")}, ("Strategic developments", "Arrests")),
    ({"type": "COERCE", "mode": "seize", "actor": party("SAU", "COP")}, ("Strategic developments", "Other")),
    ({"type": "AGREE", "actor": party("SAU", "GOV"), "recipient": party("JOR", "GOV")}, ("Strategic developments", "Agreement")),
    ({"type": "MOBILIZE", "actor": party("KEN", "COP")}, ("Strategic developments", "Change to group/activity")),
    ({"type": "CONSULT", "mode": "visit", "actor": party("MAR", "GOV"), "recipient": party("MRT", "GOV")}, ("Strategic developments", "Other")),
])
def test_plover_to_acled_event_types(record, expected):
    row = dict(zip(ACLED_HEADER, export.acled_row({"event_id": "x", "published": "2025-01-01", **record}, export.Context()), strict=True))
    assert (row["event_type"], row["sub_event_type"]) == expected
    assert row["disorder_type"] == export.DISORDER[expected[0]]


def test_actor_types_and_interaction():
    record = {"type": "ASSAULT", "location": {"country": "YEM"}}
    assert export.inter_code(party("YEM", "MIL"), record, "actor") == 1
    assert export.inter_code(party("SAU", "MIL"), record, "actor") == 8  # a state's forces abroad
    assert export.inter_code(party(group="HOUTHI", sector="REB"), record, "actor") == 2
    assert export.inter_code(party(group="TER", sector="TER"), record, "actor") == 3
    assert export.inter_code(party(group="UN", sector="IGO"), record, "recipient") == 8
    assert export.inter_code(party("YEM", "CIV"), record, "recipient") == 7
    assert export.inter_code(None, record, "recipient") == 0
    assert export.inter_code(party("MAR", "CIV"), {"type": "PROTEST"}, "actor") == 6
    assert export.inter_code(party("MAR", "GOV"), {"type": "PROTEST"}, "actor") == 1
    assert export.acled_actor(party("YEM", "MIL"), record, 1) == "Military Forces of Yemen"
    assert export.acled_actor(party(group="ISIS", sector="TER"), record, 2) == "Islamic State"
    assert export.acled_actor(party(sector="CIV", group="CIV"), record, 7) == "Civilians (Yemen)"
    assert [export._interaction(*p) for p in ((1, 7), (7, 1), (6, 0), (0, 3), (0, 0))] == [17, 17, 60, 30, ""]


def test_cameo_codes_and_goldstein():
    assert export.cameo_parts("0874") == ("0874", "087", "08") and export.cameo_parts("042") == ("042", "042", "04")
    assert export.cameo_parts("345") is None and export.cameo_parts(None) is None and export.cameo_parts("21") is None
    assert export.goldstein("0874") == 10.0 and export.goldstein("1725") == export.goldstein("172") == -5.0
    assert [export.cameo_quad(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20", "21")] == [1, 1, 2, 2, 3, 3, 4, 4, None]
