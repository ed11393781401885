"""The `marsad` command end to end, with bad inputs beside good ones."""
import gzip
import json
import subprocess
import sys
from pathlib import Path

import duckdb

MARSAD = [sys.executable, "-m", "marsad.cli"]


def run(*args, stdin=None, cwd=None):
    return subprocess.run([*MARSAD, *args], capture_output=True, text=True, input=stdin, cwd=cwd, timeout=300)


def test_extract_seed(shared, tmp_path):
    out = tmp_path / "seed.jsonl"
    r = run("extract", str(shared / "seed" / "seed-article.txt"), "--published", "2024-12-04", "-o", str(out))
    assert r.returncode == 0, r.stderr
    events = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert any(e["type"] == "CONSULT" and e["actor"]["country"] == "BEL" for e in events)
    for e in events:
        assert e["event_id"] and e["sentence"]["text"] and e["trigger"]["text"]


def test_bad_inputs_do_not_stop_good_ones(shared, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "cp1256.txt").write_bytes("استقبل وزير الخارجية المغربي نظيره الإسباني أمس في الرباط.".encode("cp1256"))
    lines = [json.dumps({"id": "ok1", "content": "زار وزير الخارجية القطري الرياض أمس.", "published": "2024-05-02"},
                        ensure_ascii=False), "{not json", json.dumps({"id": "nocontent"})]
    with gzip.open(tmp_path / "batch.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    (tmp_path / "english.txt").write_text("The minister visited Rabat yesterday and met his counterpart.")
    r = run("extract", str(tmp_path), "--published", "2024-05-03")
    assert r.returncode == 1
    assert "empty.txt: empty input" in r.stderr
    assert "binary.txt: binary data" in r.stderr
    assert "batch.jsonl.gz:2: malformed JSON line" in r.stderr
    assert "batch.jsonl.gz:3: article object has no 'content'" in r.stderr
    assert "skipped:" in r.stderr and "english.txt" in r.stderr
    assert "Traceback" not in r.stderr
    events = [json.loads(x) for x in r.stdout.splitlines()]
    docs = {e["doc_id"] for e in events}
    assert "ok1" in docs  # the good JSON line is still coded
    assert any(e["actor"] and e["actor"]["country"] == "ESP" for e in events)  # cp1256 file decoded


def test_bad_published_is_one_line(tmp_path):
    r = run("extract", "-", "--published", "2024-13-45", stdin="زار الوزير الرباط")
    assert r.returncode == 2 and "--published" in r.stderr and "Traceback" not in r.stderr


def test_stdin_and_unknown_option():
    r = run("extract", "-", "--published", "2024-05-03", stdin="زار وزير الخارجية القطري الرياض أمس.")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[0])["date"] == "2024-05-02"
    r = run("extract", "--frobnicate", "x")
    assert r.returncode == 2 and "No such option" in r.stderr


def test_run_sample_into_duckdb_is_idempotent(tmp_path):
    db = tmp_path / "m.duckdb"
    r = run("run", "--db", str(db))
    assert r.returncode == 0, r.stderr
    con = duckdb.connect(str(db), read_only=True)
    first = [con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "events", "mentions")]
    con.close()
    assert first[0] == 5 and first[1] >= 5
    assert run("run", "--db", str(db)).returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    again = [con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "events", "mentions")]
    types = {r[0] for r in con.execute("select distinct type from events").fetchall()}
    con.close()
    assert again == first
    # the sample's visits and arrest; of its signing ("وقع … اتفاقية") and its attack ("شنت … هجوما") the learned
    # model gives each a probability near its 0.25 bar (session 11's model: the signing 0.13; session 12's: the
    # attack 0.23), so which of the two the default coder codes changes with each retraining: at least one
    assert {"CONSULT", "COERCE"} <= types and types & {"AGREE", "ASSAULT"}
    con = duckdb.connect(str(db), read_only=True)
    reception = con.execute("select actor_country, recipient_country, location_text from events "
                            "where doc_id = 'sample-reception' and type = 'CONSULT'").fetchall()
    con.close()
    assert reception == [("JOR", "SAU", "الرياض")]  # the guest is the actor, the host the recipient
    table = run("events", "--db", str(db))
    assert table.returncode == 0 and "CONSULT" in table.stdout


def test_eval_events_dev(shared, tmp_path):
    pred = tmp_path / "dev.jsonl"
    r = run("extract", str(shared / "events" / "dev" / "articles"), "-o", str(pred))
    assert r.returncode == 0, r.stderr
    r = run("eval", "events", "--gold", str(shared / "events" / "dev" / "gold"), "--pred", str(pred), "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["overall"]["required_gold"] == 25
    assert report["overall"]["f1"] >= DEV_F1_FLOOR


# The floor guards against regressions; the measured figure is in README.md.
DEV_F1_FLOOR = 0.5


def test_paths_exist():
    assert Path(__file__).exists()


def test_seed_scores_with_doc_id(shared, tmp_path):
    pred = tmp_path / "seed.jsonl"
    r = run("extract", str(shared / "seed" / "seed-article.txt"), "--published", "2024-12-04", "--doc-id", "seed",
            "-o", str(pred))
    assert r.returncode == 0, r.stderr
    r = run("eval", "events", "--gold", str(shared / "seed" / "seed-gold.json"), "--pred", str(pred), "--json")
    report = json.loads(r.stdout)
    assert report["overall"]["recall"] == 1.0  # all four required events
    assert report["overall"]["precision"] == 1.0  # nothing invented (optional gold events are not counted)


def test_gsr_without_cv_is_refused_not_ignored(shared, tmp_path):
    pred = tmp_path / "none.jsonl"
    pred.write_text("", encoding="utf-8")
    r = run("eval", "events", "--gold", str(shared / "seed" / "seed-gold.json"), "--pred", str(pred),
            "--gsr", str(shared / "events" / "arabic_event_gsr"))
    assert r.returncode == 2 and "--gsr" in r.stderr and "--cv" in r.stderr


def test_one_article_in_two_gold_sets_is_refused(shared, tmp_path):
    pred = tmp_path / "none.jsonl"
    pred.write_text("", encoding="utf-8")
    dev = shared / "events" / "dev" / "gold"
    r = run("eval", "events", "--gold", str(dev), "--gold", str(dev / "snn-011.json"), "--pred", str(pred))
    assert r.returncode == 1 and "snn-011" in r.stderr and "already annotated" in r.stderr


def test_workers_give_the_same_events(shared, tmp_path):
    one = run("extract", str(shared / "events" / "dev" / "articles"))
    two = run("extract", str(shared / "events" / "dev" / "articles"), "--workers", "2")
    assert one.returncode == two.returncode == 0
    ids = lambda out: sorted(json.loads(x)["event_id"] for x in out.splitlines())  # noqa: E731
    assert ids(one.stdout) == ids(two.stdout) and ids(one.stdout)


def test_a_file_that_is_not_a_store_gets_one_error_line(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("these are notes, not a database\n", encoding="utf-8")
    for args in (["events"], ["stats"], ["run"], ["digest", "--smtp-host", "127.0.0.1"], ["serve", "--port", "1"]):
        done = run(*args, "--db", str(bad))
        assert done.returncode == 1 and "Traceback" not in done.stderr, (args, done.stderr)
        assert "not a valid DuckDB database file" in done.stderr.strip().splitlines()[-1], args
