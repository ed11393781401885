"""A place's precision on every event (exact place, region, country only), as ACLED's geo-precision: decided
from how the place was resolved, stored in its column (and the Parquet shards), backfilled for old stores."""
from __future__ import annotations

import json

import duckdb
import pyarrow.parquet as pq
import pytest

from marsad.events.records import place_precision
from marsad.knowledge.base import load_knowledge, region_points
from marsad.process import process
from marsad.query import EventFilter, count_events
from marsad.schema import PLACE_PRECISIONS, Document
from marsad.store import EVENT_COLUMNS, MIGRATIONS, SCHEMA_VERSION, Store, batch_tables


def located(text: str):
    """The one event of a sentence and its place."""
    result = process(Document(source="test", content=text, kind="text", doc_id="doc-" + str(abs(hash(text))),
                              published="2016-01-05"))
    events = [e for e in result.events if e.location is not None]
    assert len(events) == 1, [(e.type, e.location) for e in result.events]
    return result, events[0]


def test_the_rule():
    assert PLACE_PRECISIONS == ("exact", "region", "country")
    assert place_precision("exact", 24.7, 46.7, "SAU") == "exact"
    assert place_precision("region", 26.3, 43.5, "SAU") == "region"
    assert place_precision(None, None, None, "SAU") == "country"  # a state named alone
    assert place_precision("exact", None, None, "SAU") == "country"  # a place without coordinates: its state only
    assert place_precision(None, None, None, None) is None  # nothing geographic known


def test_a_city_is_exact():
    _, event = located("استقبل وزير الداخلية السعودي في جدة أمس وزير الداخلية المغربي.")
    loc = event.location
    assert (loc.name, loc.country, loc.precision) == ("Jeddah", "SAU", "exact") and loc.lat is not None


def test_a_capital_is_exact_and_named_as_itself():
    _, event = located("استقبل وزير الدفاع السعودي في الرياض نظيره البريطاني.")
    assert (event.location.name, event.location.precision) == ("Riyadh", "exact")


@pytest.mark.parametrize("text, name", [
    ("اعتقلت الشرطة العراقية خمسة إرهابيين في محافظة الأنبار أمس.", "Anbar"),  # places_supplement.tsv, kind region
    ("اعتقلت قوات الأمن السعودية خلية إرهابية في منطقة القصيم أمس.", "Qassim"),
])
def test_a_province_is_a_region(text, name):
    _, event = located(text)
    assert (event.location.name, event.location.precision) == (name, "region") and event.location.lat is not None


def test_a_country_only_mention():
    _, event = located("وصل رئيس الوزراء الباكستاني إلى السعودية أمس في زيارة رسمية.")
    loc = event.location
    assert (loc.country, loc.precision, loc.lat, loc.lon) == ("SAU", "country", None, None)


@pytest.mark.usefixtures("rule_coder")  # the place rule, whichever coder drafts the event
def test_a_site_is_exact():
    _, event = located("اعتقلت قوات الأمن السعودية رجلا في المسجد الحرام أمس.")
    assert (event.location.name, event.location.precision) == ("Masjid al-Haram", "exact")


def test_a_place_marsad_cannot_geocode_locates_only_its_country():
    _, event = located("اعتقلت الشرطة الأردنية ثلاثة مطلوبين في حي البياع أمس.")
    assert (event.location.text, event.location.country, event.location.precision) == ("حي البياع", "JOR", "country")


@pytest.mark.usefixtures("rule_places")  # the named-place rule (the learned stage may choose the city itself)
@pytest.mark.parametrize("text, country, precision", [
    ("قصف طيران التحالف مواقع الحوثيين في مديرية السدة بمحافظة إب أمس.", "YEM", "region"),  # the governorate's centre
    ("اعتقلت الشرطة العراقية ثلاثة مطلوبين في حي البياع في بغداد أمس.", "IRQ", "exact"),  # the city's coordinates
])
def test_an_unknown_place_takes_the_known_place_after_it(text, country, precision):
    _, event = located(text)
    loc = event.location
    assert loc.name is None and (loc.country, loc.precision) == (country, precision) and loc.lat is not None


def test_the_gazetteers_tell_the_kind():
    kb = load_knowledge()
    assert kb.place_named("الرياض").precision == "exact" and kb.place_named("المسجد النبوي").precision == "exact"
    assert kb.place_named("عسير").precision == "region" and kb.place_named("ريف دمشق").precision == "region"
    assert kb.place_named("حلب").precision == "exact"
    points = region_points()
    asir, riyadh = kb.place_named("عسير"), kb.place_named("الرياض")
    assert (asir.lat, asir.lon) in points and (riyadh.lat, riyadh.lon) not in points


def test_the_record_has_one_key_more_and_round_trips_through_the_store(tmp_path):
    result, event = located("اعتقلت قوات الأمن السعودية خلية إرهابية في منطقة القصيم أمس.")
    record = event.to_dict()
    assert list(record["location"]) == ["text", "start", "end", "name", "name_ar", "country", "lat", "lon",
                                        "geonames_id", "precision"]
    store = Store(tmp_path / "p.duckdb")
    try:
        store.save(result.article, result.events)
        row = store.con.execute("SELECT location_precision, record FROM events WHERE event_id = ?", [event.event_id]).fetchone()
        assert row[0] == "region" and json.loads(row[1])["location"]["precision"] == "region"
        assert store.events() == [e.to_dict() for e in result.events]
        assert count_events(store.con, EventFilter(precision="region")) == 1
        assert count_events(store.con, EventFilter(precision="exact")) == 0
        assert count_events(store.con, EventFilter(location_country="sau")) == 1
    finally:
        store.close()
    # the sharded engines write the same rows as Parquet
    table = batch_tables([(result.article, result.events)])["events"]
    assert "location_precision" in EVENT_COLUMNS and table.column("location_precision").to_pylist() == ["region"]


def _old_store(path, rows):
    """A store at schema 6 (before precision) with events as marsad wrote them then."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for step in MIGRATIONS[:6]:
        con.execute(step)
    con.execute("INSERT INTO meta VALUES ('schema_version', '6')")
    for event_id, location in rows:
        record = {"event_id": event_id, "type": "COERCE", "location": location}
        con.execute("INSERT INTO events (event_id, doc_id, type, location_country, lat, lon, record) VALUES (?, 'd', 'COERCE', ?, ?, ?, ?)",
                    [event_id, (location or {}).get("country"), (location or {}).get("lat"), (location or {}).get("lon"),
                     json.dumps(record, ensure_ascii=False)])
    con.close()


def test_an_old_store_is_backfilled_from_its_records(tmp_path):
    kb = load_knowledge()
    asir, riyadh = kb.place_named("عسير"), kb.place_named("الرياض")
    place = {"text": "", "start": 0, "end": 0, "name": None, "name_ar": None, "geonames_id": None}
    _old_store(tmp_path / "old.duckdb", [
        ("city", {**place, "country": "SAU", "lat": riyadh.lat, "lon": riyadh.lon}),
        ("region", {**place, "country": "SAU", "lat": asir.lat, "lon": asir.lon}),
        ("country", {**place, "country": "SAU", "lat": None, "lon": None}),
        ("unknown", {**place, "country": None, "lat": None, "lon": None}),
        ("nowhere", None),
    ])
    store = Store(tmp_path / "old.duckdb")
    try:
        assert store.schema_version() == SCHEMA_VERSION == 7
        rows = dict(store.con.execute("SELECT event_id, location_precision FROM events").fetchall())
        assert rows == {"city": "exact", "region": "region", "country": "country", "unknown": None, "nowhere": None}
        records = {r["event_id"]: r["location"] for r in store.events()}
        assert records["region"]["precision"] == "region" and records["nowhere"] is None
        assert "precision" not in records["unknown"]
    finally:
        store.close()


def test_a_sharded_store_of_old_shards_reads_null(tmp_path):
    result, _ = located("استقبل وزير الداخلية السعودي في جدة أمس وزير الداخلية المغربي.")
    tables = batch_tables([(result.article, result.events)], run_id="slot1")
    tables["events"] = tables["events"].drop(["location_precision"])  # written before schema 7
    files = {}
    for name, table in tables.items():
        (tmp_path / "shards" / name).mkdir(parents=True)
        pq.write_table(table, tmp_path / "shards" / name / "slot1.parquet")
        files[name] = [str(tmp_path / "shards" / name / "slot1.parquet")]
    store = Store(tmp_path / "s.duckdb")
    try:
        store.attach_shards(tmp_path / "shards", files)
        assert store.con.execute("SELECT location_precision FROM events").fetchall() == [(None,)]
        assert count_events(store.con, EventFilter(precision="exact")) == 0
        # a sharded store of schema 6 (its view without the column) gets the column when it is migrated
        parquet = files["events"][0].replace("'", "''")
        store.con.execute(f"CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet(['{parquet}'])")
        store.con.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    finally:
        store.close()
    store = Store(tmp_path / "s.duckdb")
    try:
        assert store.schema_version() == 7
        assert store.con.execute("SELECT event_id IS NOT NULL, location_precision FROM events").fetchall() == [(True, None)]
    finally:
        store.close()
