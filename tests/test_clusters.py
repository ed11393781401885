"""Story-level clustering (one real-world event, one cluster, however the reports code it) and
`marsad eval clusters` (B-cubed against gold story ids)."""

from __future__ import annotations

import json
import subprocess
import sys

from marsad.cluster import cluster_events
from marsad.evaluate_clusters import bcubed
from marsad.store import Store

MARSAD = [sys.executable, "-m", "marsad.cli"]
ATTACK = "تفجير انتحاري استهدف مسجد قوات الطوارئ في أبها بمنطقة عسير وأسفر عن مقتل 15 شخصا"
OTHER_ATTACK = "هجوم بقذائف الهاون على قرية حدودية في جازان أسفر عن إصابة مواطنين اثنين"


def _event(con, event_id, doc_id, day, text, actor=None, actor_group=None, recipient="SAU", place=None,
           type_="ASSAULT", start=0, end=80):
    record = json.dumps({"sentence": {"start": start, "end": end}})
    con.execute(
        "INSERT INTO events (event_id, doc_id, published, type, mode, actor_country, actor_group, recipient_country, "
        "location_country, date, date_precision, negated, site, confidence, record, search_norm) "
        "VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, 'day', false, ?, 0.8, ?, ?)",
        [event_id, doc_id, day, type_, actor, actor_group, recipient, place, day, f"s{doc_id}.sa", record, text])


def _abha_store(path):
    store = Store(path)
    con = store.con
    # one bombing, coded four ways: ISIS, an unnamed terrorist, the victims' force as actor, no place
    _event(con, "a1", "d1", "2015-08-06", ATTACK, actor_group="ISIS", place="SAU")
    _event(con, "a2", "d2", "2015-08-06", ATTACK + " وتبناه تنظيم داعش", actor_group="TER", place="SAU")
    _event(con, "a3", "d3", "2015-08-07", "قوات الطوارئ في أبها مسجد تفجير انتحاري عسير", actor="SAU", place="SAU")
    _event(con, "a4", "d4", "2015-08-07", "ضحايا تفجير مسجد قوات الطوارئ في أبها انتحاري عسير", actor_group="TER")
    _event(con, "b1", "d5", "2015-08-06", OTHER_ATTACK, actor_group="HOUTHI", place="SAU")
    _event(con, "b2", "d6", "2015-08-06", OTHER_ATTACK, actor_group="HOUTHI", place="SAU")
    _event(con, "c1", "d7", "2015-08-06", ATTACK, actor_group="TER", place="KWT")  # another country's attack
    return store


def test_one_attack_reported_many_ways_is_one_story(tmp_path):
    store = _abha_store(tmp_path / "s.duckdb")
    cluster_events(store.con)
    rows = dict(store.con.execute("select event_id, cluster_id from events").fetchall())
    assert rows["a1"] == rows["a2"] == rows["a3"] == rows["a4"]
    assert rows["b1"] == rows["b2"] != rows["a1"]
    assert rows["c1"] != rows["a1"]  # the same words in another country are another event
    store.close()


def test_bcubed():
    p, r = bcubed(["s1", "s1", "s2"], ["c1", "c1", "c1"])
    assert (round(p, 3), r) == (0.556, 1.0)
    p, r = bcubed(["s1", "s1", "s2"], ["c1", "c2", "c3"])
    assert (p, round(r, 3)) == (1.0, 0.667)


def test_eval_clusters_cli(tmp_path):
    store = _abha_store(tmp_path / "s.duckdb")
    cluster_events(store.con)
    store.close()
    gold = tmp_path / "gold.tsv"
    lines = ["story_id\tdoc_id\ttype\tsentence_start\tsentence_end",
             *[f"abha\td{i}\tASSAULT\t0\t80" for i in (1, 2, 3, 4)],
             "jazan\td5\tASSAULT\t0\t80", "jazan\td6\tASSAULT\t0\t80", "kuwait\td7\tASSAULT\t0\t80",
             "lost\td99\tASSAULT\t0\t80", "abha\td98\tASSAULT\t0\t80"]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = subprocess.run([*MARSAD, "eval", "clusters", "--db", str(tmp_path / "s.duckdb"), "--gold", str(gold), "--json"],
                         capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    assert report["mentions"] == 9 and report["found_in_store"] == 7
    # the Abha mention marsad no longer codes is a cluster of its own: recall over all mentions drops ...
    assert report["bcubed_precision"] == 1.0 and report["bcubed_recall"] < 1.0
    # ... while over the found mentions the clustering is perfect
    assert report["found_bcubed_precision"] == 1.0 and report["found_bcubed_recall"] == 1.0
    # the fragmentation of the ten largest stories, over all mentions and over those marsad coded
    assert report["largest_stories"][0] == {"story": "abha", "mentions": 5, "clusters": 2, "largest_cluster_share": 0.8,
                                            "found": 4, "found_clusters": 1, "found_largest_cluster_share": 1.0}
    text = subprocess.run([*MARSAD, "eval", "clusters", "--db", str(tmp_path / "s.duckdb"), "--gold", str(gold)],
                          capture_output=True, text=True, check=True).stdout
    assert "abha: 4 → 1 (100%); 5 → 2 (80%)" in text


def test_stories_told_twice_merge_in_a_second_pass():
    from collections import Counter
    from datetime import date

    from marsad.cluster import _merge_stories, _Story

    def story(cid, day, words, size=4, places=("SAU",)):
        s = _Story(cid, date(2015, 8, day), date(2015, 8, day), size=size, places=set(places))
        s.all_words = Counter({w: size for w in words})
        return s

    abha = ["تفجير", "مسجد", "الطوارئ", "ابها", "انتحاري"]
    merged = _merge_stories([story("a", 6, abha), story("b", 7, [*abha, "عسير"]),
                             story("c", 6, ["قصف", "جازان", "قذائف", "حدودية"]),  # other words: another story
                             story("d", 12, abha),  # a week later: another attack
                             story("e", 6, abha, places=("KWT",)),  # another country
                             story("f", 6, abha, size=2)])  # too few reports to judge
    assert merged == {"b": "a"}


def test_a_story_row_is_its_reports_consensus(tmp_path):
    store = _abha_store(tmp_path / "s.duckdb")
    for event_id, killed, wounded in (("a1", 13, 9), ("a2", 15, None)):  # a toll revised upwards
        casualties = {"killed": {"count": killed}, **({"wounded": {"count": wounded}} if wounded else {})}
        store.con.execute("UPDATE events SET record = ? WHERE event_id = ?", [json.dumps({"casualties": casualties}), event_id])
    cluster_events(store.con)
    cid = store.con.execute("select cluster_id from events where event_id = 'a1'").fetchall()[0][0]
    row = store.con.execute("select actor_key, actor_support, location_country, location_support, date, date_support, "
                            "num_mentions, num_articles, disagreements from clusters where cluster_id = ?", [cid]).fetchall()[0]
    actor, actor_support, place, place_support, day, day_support, mentions, articles, disagreements = row
    assert (actor, actor_support) == ("TER", 2)  # ISIS once, TER twice, SAU once
    assert (place, place_support) == ("SAU", 3) and (mentions, articles) == (4, 4)
    assert (str(day), day_support) in {("2015-08-06", 2), ("2015-08-07", 2)}
    assert json.loads(disagreements)["actor"] == {"ISIS": 1, "SAU": 1, "TER": 2}
    assert store.con.execute("select killed, wounded, arrested from clusters where cluster_id = ?", [cid]).fetchall() == [
        (15, 9, None)]
    store.close()


def test_incremental_clustering_keeps_old_stories_and_adds_new_reports(tmp_path):
    store = _abha_store(tmp_path / "s.duckdb")
    con = store.con
    cluster_events(con)
    before = dict(con.execute("select event_id, cluster_id from events").fetchall())
    # a later report of the Abha bombing, and an unrelated one a month later
    _event(con, "a5", "d8", "2015-08-07", ATTACK + " وأعلنت وزارة الداخلية أسماء الضحايا", actor_group="ISIS", place="SAU")
    cluster_events(con)
    _event(con, "z1", "d9", "2015-09-10", "اعتداء على دورية حدودية في نجران", actor_group="HOUTHI", place="SAU")
    stats = cluster_events(con)
    assert stats.events == 1  # the September report is clustered without reading the August stories
    after = dict(con.execute("select event_id, cluster_id from events").fetchall())
    assert {k: after[k] for k in before} == before  # no old report changed story
    assert after["a5"] == after["a1"] and after["z1"] not in set(before.values())
    n, mentions = con.execute("select count(*), sum(num_mentions) from clusters").fetchall()[0]
    assert mentions == 9 and n == len(set(after.values()))
    full = cluster_events(con, full=True)
    assert full.events == 9 and dict(con.execute("select event_id, cluster_id from events").fetchall()) == after
    store.close()


def test_counts_and_digests_count_stories(tmp_path):
    from datetime import datetime

    from marsad.query import EventFilter, stats, totals
    from marsad.web.watchlists import digest_events

    store = _abha_store(tmp_path / "s.duckdb")
    con = store.con
    cluster_events(con)
    for event_id in ("a1", "a2", "a3", "a4", "b1", "b2", "c1"):  # records as the pipeline writes them
        con.execute("UPDATE events SET record = json_object('event_id', event_id, 'type', type) WHERE event_id = ?", [event_id])
    con.execute("INSERT INTO articles (doc_id, processed_at) SELECT DISTINCT doc_id, now() FROM events")
    assert stats(con, EventFilter())["by type"] == [("ASSAULT", 3, 7, 7, 7)]  # three stories, seven reports
    assert totals(con, EventFilter(actor_group="HOUTHI")) == {"stories": 1, "events": 2, "articles": 2, "sources": 2}
    digest = digest_events(con, {"types": ["ASSAULT"]}, since=datetime(2000, 1, 1))
    assert sorted(d["reports"] for d in digest) == [1, 2, 4]  # one line per story, with its reports
    store.close()
    out = subprocess.run([*MARSAD, "stats", "--db", str(tmp_path / "s.duckdb")], capture_output=True, text=True, check=True)
    assert "stories   events articles  sources" in out.stdout
    assert [ln.split() for ln in out.stdout.splitlines() if ln.strip().startswith("ASSAULT")] == [["ASSAULT", "3", "7", "7", "7"]]


def test_a_round_up_title_does_not_pull_its_events_into_one_story(tmp_path):
    """A round-up article reports several fights under one title: the title's words belong to no one event,
    so two such articles' fights in تعز and in مأرب stay two stories (before: one, by the shared title)."""
    store = Store(tmp_path / "s.duckdb")
    con = store.con
    title = "حصاد الميدان اليمني الحوثيون يتكبدون خسائر فادحة في جبهات القتال المشتعلة"
    for doc in ("d1", "d2"):
        con.execute("INSERT INTO articles (doc_id, title) VALUES (?, ?)", [doc, title])
        _event(con, f"{doc}-taiz", doc, "2015-08-05", "اشتباكات عنيفة في حي الجحملية بمدينة تعز بين المقاومة والحوثيين",
               actor_group="POPULAR_RESISTANCE", recipient=None, place="YEM")
        _event(con, f"{doc}-marib", doc, "2015-08-05", "غارات للتحالف على تجمعات الحوثيين في صرواح غرب مأرب",
               actor_group="COALITION_SAU", recipient=None, place="YEM", start=100, end=180)
    for k in range(20):  # other fights elsewhere: the title's words are rare among the day's reports
        _event(con, f"f{k}", f"f{k}", "2015-08-05", f"قصف مدفعي رقم {k} على قرية نائية في منطقة حدودية بعيدة",
               actor_group="HOUTHI", recipient=None, place="YEM")
    cluster_events(con)
    rows = dict(con.execute("select event_id, cluster_id from events").fetchall())
    assert rows["d1-taiz"] == rows["d2-taiz"] and rows["d1-marib"] == rows["d2-marib"]
    assert rows["d1-taiz"] != rows["d1-marib"]
    store.close()


def test_merging_stories_never_chains_past_a_story_s_span():
    """Stories begun two days apart merge when they tell the same thing; but merging is transitive, and a
    chain of daily fighting must not become one story of a week."""
    from collections import Counter
    from datetime import date, timedelta

    from marsad.cluster import STORY_SPAN_DAYS, _merge_stories, _Story

    words = {"الجحملية", "تعز", "المقاومة", "الحوثيين", "اشتباكات"}
    stories = []
    for k in range(4):
        day = date(2015, 8, 1) + timedelta(days=2 * k)
        story = _Story(f"s{k}", day, day, size=3, places={"YEM"})
        story.all_words = Counter({w: 3 for w in words})
        stories.append(story)
    merged = _merge_stories(stories)
    groups: dict[str, list[date]] = {}
    for s in stories:
        groups.setdefault(merged.get(s.cluster_id, s.cluster_id), []).append(s.first_day)
    assert 1 < len(groups) < 4  # neighbours merged, but not the whole chain
    assert all(max(days) - min(days) <= timedelta(days=STORY_SPAN_DAYS) for days in groups.values())


def test_cluster_command_regroups_a_stores_events(tmp_path):
    db = tmp_path / "s.duckdb"
    store = _abha_store(db)
    store.con.execute("UPDATE events SET cluster_id = event_id")  # stories from an older clustering: one each
    store.close()
    out = subprocess.run([*MARSAD, "cluster", "--db", str(db)], capture_output=True, text=True, check=True)
    assert "7 events, 3 stories" in out.stdout
    store = Store(db)
    rows = dict(store.con.execute("select event_id, cluster_id from events").fetchall())
    store.close()
    assert rows["a1"] == rows["a4"] != rows["b1"]
    missing = subprocess.run([*MARSAD, "cluster", "--db", str(tmp_path / "none.duckdb")], capture_output=True, text=True)
    assert missing.returncode != 0 and "no such store" in missing.stderr


def test_a_straggler_joins_by_the_rare_words_it_shares():
    from collections import Counter
    from datetime import date

    from marsad.cluster import _attach_small, _Story

    day = date(2015, 8, 7)
    common = ["هجوم", "قتل", "امس", "اعلن", "مصادر", "السعوديه", "الامن", "وزاره"]
    big = _Story("big", day, day, size=12, all_words=Counter({w: 12 for w in [*common, "الطواري", "ابها"]}))
    video = _Story("video", day, day, size=1, all_words=Counter({"الطواري": 1, "ابها": 1, "فيديو": 1}))
    consensus = {"big": set(big.all_words)}
    # 400 reports of the type: the common words are in 300 of them, the story's own words only in its 12
    df = Counter({**{w: 300 for w in common}, "الطواري": 13, "ابها": 12, "فيديو": 1})
    # two of ten consensus words by count (0.2, under the bar), but the two that name the story
    assert _attach_small([big, video], consensus, None, {}) == {}
    assert _attach_small([big, video], consensus, None, {}, df, 400) == {"video": "big"}


def test_a_phone_call_and_a_visit_are_two_stories(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    call = "أجرى خادم الحرمين الشريفين الملك سلمان اتصالا هاتفيا بالرئيس المصري عبدالفتاح السيسي"
    visit = "استقبل الرئيس المصري عبدالفتاح السيسي ولي ولي العهد الأمير محمد بن سلمان في القاهرة"
    # the visit's report recalls the call in the same words: only the mode tells them apart
    for i, (text, mode) in enumerate([(call, "phone"), (call, "phone"), (call + " في القاهرة", "visit"),
                                      (visit + " " + call, "visit")]):
        _event(store.con, f"e{i}", f"d{i}", "2015-07-31", text, actor="SAU", recipient="EGY", type_="CONSULT")
        store.con.execute("UPDATE events SET mode = ? WHERE event_id = ?", [mode, f"e{i}"])
    cluster_events(store.con)
    rows = dict(store.con.execute("select event_id, cluster_id from events").fetchall())
    assert rows["e0"] == rows["e1"] and rows["e2"] == rows["e3"] != rows["e0"]
    store.close()


def test_stories_between_other_states_do_not_merge():
    from collections import Counter
    from datetime import date

    from marsad.cluster import _merge_stories, _Story

    def story(cid, pair):
        s = _Story(cid, date(2015, 7, 31), date(2015, 7, 31), size=6, places={"SAU"})
        s.all_words = Counter({w: 6 for w in ["اجري", "خادم", "الحرمين", "اتصالا", "هاتفيا", "سلمان"]})
        s.dyads = Counter({frozenset(pair): 5})
        return s

    # the king's two calls of one day, to Paris and to Cairo, use the same words: the parties tell them apart
    assert _merge_stories([story("fra", ("SAU", "FRA")), story("egy", ("SAU", "EGY"))]) == {}
    assert _merge_stories([story("egy1", ("SAU", "EGY")), story("egy2", ("EGY", "SAU"))]) == {"egy2": "egy1"}


def test_each_speakers_condemnation_is_its_own_story(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    condemn = "أدانت بشدة التفجير الإرهابي الذي استهدف مسجد قوات الطوارئ في أبها وأسفر عن استشهاد عدد من رجال الأمن"
    speakers = [("KWT", "k1"), ("KWT", "k2"), ("BHR", "b1"), ("BHR", "b2"), ("QAT", "q1")]
    for i, (state, eid) in enumerate(speakers):
        # the condemned attack as the recipient, with no state: a reading with the roles swapped must not
        # make one state's statement another's
        _event(store.con, eid, f"d{i}", "2015-08-06", condemn, actor=state, recipient=None, type_="ACCUSE")
    cluster_events(store.con)
    rows = dict(store.con.execute("select event_id, cluster_id from events").fetchall())
    assert rows["k1"] == rows["k2"] and rows["b1"] == rows["b2"]
    assert len({rows["k1"], rows["b1"], rows["q1"]}) == 3
    store.close()


def test_one_states_king_and_interior_ministry_are_two_speakers(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    condemn = "أدانت بشدة التفجير الإرهابي الذي استهدف مسجد قوات الطوارئ في أبها وأسفر عن استشهاد عدد من رجال الأمن"
    for i, (eid, sector) in enumerate([("king1", "GOV"), ("king2", "GOV"), ("moi1", "COP"), ("moi2", "COP")]):
        _event(store.con, eid, f"d{i}", "2015-08-07", condemn, actor="BHR", recipient=None, type_="ACCUSE")
        store.con.execute("UPDATE events SET actor_sector = ? WHERE event_id = ?", [sector, eid])
    cluster_events(store.con)
    rows = dict(store.con.execute("select event_id, cluster_id from events").fetchall())
    assert rows["king1"] == rows["king2"] != rows["moi1"] == rows["moi2"]
    store.close()


def test_a_foreign_town_s_spellings_meet_and_country_words_name_no_town():
    from marsad.cluster import _place_words

    # Suruç as three outlets write it, inside the nouns and directions around it
    spellings = [_place_words(p) for p in ("بلده سروج بجنوب |  | بلده سروج بجنوب", "مدينه سوروتش القريبه",
                                           "بمدينه سوروج")]
    assert spellings[0] == spellings[1] == spellings[2] == {"سرج"}
    assert not _place_words("مدينه تعز") & _place_words("مدينه عدن")  # two towns stay two


def test_a_lone_report_read_before_its_story_settled_looks_again(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    base = "تفجير انتحاري استهدف مسجد قوات الطوارئ الخاصة في أبها بمنطقة عسير"
    details = ["المصلين", "صلاة", "الظهر", "حزام", "ناسف", "المحافظة"]
    for i in range(12):  # the big story: twelve outlets, each with one of the details
        _event(store.con, f"a{i:02d}", f"d{i}", "2015-08-06", f"{base} {details[i % 6]}", actor_group="TER",
               place="SAU")
    # a report read first (by its event id) that tells the details only: any one report shares one of them,
    # too few to join, and none is in most reports (no straggler), but the settled story holds them all
    _event(store.con, "a", "late", "2015-08-06", " ".join(details), actor_group="TER", place="SAU")
    _event(store.con, "b", "other", "2015-08-06", "قذائف حوثية على قرية حدودية في جازان", actor_group="HOUTHI",
           place="SAU")
    cluster_events(store.con)
    rows = dict(store.con.execute("select event_id, cluster_id from events").fetchall())
    assert rows["a"] == rows["a00"] == rows["a11"]
    assert rows["b"] != rows["a00"]
    store.close()
