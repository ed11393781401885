"""The command line as an analyst meets it (issue 13): a progress bar on a terminal with error lines above it,
filters that refuse unknown values, empty records skipped rather than failed, printed counts that agree
with the store, and Arabic table cells isolated from bidi reordering."""
import fcntl
import hashlib
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
import zipfile

import duckdb
import pytest

MARSAD = [sys.executable, "-m", "marsad.cli"]
ZIP = "corpus/saudinewsnet/zips/2015-07-21.zip"
# articles of that day whose coded events shared an event id within the article (before ids included the
# trigger and participant spans), or are negated (not clustered)
REPEATS = {"c2330457c174baf4", "8b56db5fbe613bd2", "aa87788d2fd9e914"}
NEGATED = {"7bfb8eb0463870d1", "26e6c92d8ce2b750"}
FSI, PDI = "\u2068", "\u2069"


def run(*args, timeout=300):
    return subprocess.run([*MARSAD, *args], capture_output=True, text=True, timeout=timeout)


def _doc_id(article: dict) -> str:
    return hashlib.sha1(article["content"].encode("utf-8")).hexdigest()[:16]  # as sources.files names a record


@pytest.fixture(scope="module")
def articles(shared) -> list[dict]:
    with zipfile.ZipFile(shared / ZIP) as z:
        day = json.loads(z.read(z.namelist()[0]))
    chosen = [a for a in day if a.get("content") and _doc_id(a) in REPEATS | NEGATED]
    others = [a for a in day if a.get("content") and _doc_id(a) not in REPEATS | NEGATED][:12]
    return chosen + others


@pytest.fixture(scope="module")
def corpus(articles, tmp_path_factory):
    """A JSON Lines slice: real articles, one without a date, two empty records and one without content."""
    path = tmp_path_factory.mktemp("desk") / "slice.jsonl"
    undated = {k: v for k, v in articles[-1].items() if k != "date_extracted"}
    records = [*articles[:-1], undated, {"id": "blank", "content": "  \n "}, {"id": "nocontent", "title": "x"},
               {"id": "empty", "content": ""}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def stored(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "desk.duckdb"
    done = run("run", str(corpus), "--db", str(db), "--workers", "2")
    return db, done


def _on_a_terminal(args: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run marsad with stderr on a pseudo-terminal (120 columns); return its exit code and what the terminal got."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen([*MARSAD, *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out, deadline = b"", time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
    finally:
        os.close(master)
        proc.wait(timeout=30)
    return proc.returncode, out.decode("utf-8", errors="replace")


def test_one_zip_shows_a_bar_with_a_total_and_errors_above_it(articles, tmp_path):
    archive = tmp_path / "day.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.json", json.dumps(articles[:10], ensure_ascii=False))
        z.writestr("bad.json", "{broken")
        z.writestr("c.json", json.dumps(articles[10:14], ensure_ascii=False))
    code, screen = _on_a_terminal(["extract", str(archive), "-o", str(tmp_path / "events.jsonl"), "--workers", "1"])
    assert code == 1, screen  # the broken member is an error
    assert re.search(r"\d+/15 \[", screen), screen  # one input, a bar, its total (10 + 1 + 4 records) and an ETA
    assert "15/15" in screen and "articles/s" in screen
    errors = [m.start() for m in re.finditer("error: ", screen)]
    assert errors, screen
    for at in errors:  # each error line starts a line, never glued onto the bar
        assert at == 0 or screen[at - 1] in "\r\n", repr(screen[max(0, at - 60):at + 20])


def test_no_bar_when_stderr_is_not_a_terminal(articles, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(articles[:2], ensure_ascii=False), encoding="utf-8")
    done = run("extract", str(path), "--workers", "1")
    assert done.returncode == 0 and "articles/s" not in done.stderr and "\r" not in done.stderr


@pytest.mark.parametrize("args, bad, hint", [
    (["events", "--type", "FOO"], "'FOO'", "PLOVER event type"),
    (["events", "--type", "consul"], "'CONSUL'", "did you mean CONSULT?"),
    (["stats", "--country", "XXX"], "'XXX'", "ISO alpha-3"),
    (["events", "--recipient-country", "Saudi Arabia"], "'Saudi Arabia'", "did you mean SAU?"),
    (["stats", "--actor-country", "السعودية"], "'السعودية'", "did you mean SAU?"),
    (["events", "--actor-group", "HOUTHIS"], "'HOUTHIS'", "HOUTHI"),
])
def test_unknown_filter_values_are_one_error_and_exit_2(tmp_path, args, bad, hint):
    done = run(*args, "--db", str(tmp_path / "none.duckdb"))
    assert done.returncode == 2, done.stderr
    error = [ln for ln in done.stderr.splitlines() if ln.startswith("Error:")]
    assert len(error) == 1 and bad in error[0] and hint in error[0], done.stderr
    assert "Traceback" not in done.stderr


def test_known_filter_values_in_any_case_are_accepted(stored):
    db, _ = stored
    done = run("events", "--db", str(db), "--type", "consult,assault", "--country", "sau", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    found = {json.loads(ln)["type"] for ln in done.stdout.splitlines()}
    assert found and found <= {"CONSULT", "ASSAULT"}  # before, "consult,assault" matched nothing


def test_empty_records_are_skipped_not_errors(stored, corpus):
    _, done = stored
    assert done.returncode == 0, done.stderr  # three text-less records: skipped, the run succeeds
    skipped = [ln for ln in done.stderr.splitlines() if ln.startswith("skipped:")]
    assert len(skipped) == 3 and all(str(corpus) in ln for ln in skipped), done.stderr
    assert any("article object has no 'content' or 'text'" in ln for ln in skipped)
    assert any("article object's text is blank" in ln for ln in skipped)
    assert ", 3 skipped, 0 errors" in done.stderr and "error:" not in done.stderr


def test_only_real_errors_make_exit_1(articles, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(articles[0], ensure_ascii=False)
    path.write_text(good + "\n" + json.dumps({"id": "e", "content": ""}) + "\n", encoding="utf-8")
    assert run("extract", str(path), "--workers", "1").returncode == 0
    path.write_text(good + "\n{not json\n", encoding="utf-8")
    broken = run("extract", str(path), "--workers", "1")
    assert broken.returncode == 1 and "error: " in broken.stderr and ":2: malformed JSON line" in broken.stderr


def _figure(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return int(found.group(1))


def test_printed_counts_agree_with_the_store(stored):
    db, done = stored
    con = duckdb.connect(str(db), read_only=True)
    events, stories, clustered, clusters, outside = con.execute(
        "SELECT count(*), count(DISTINCT coalesce(cluster_id, event_id)), count(cluster_id), count(DISTINCT cluster_id), "
        "count(*) FILTER (WHERE cluster_id IS NULL) FROM events").fetchone()
    articles, run_events = con.execute("SELECT count(*), (SELECT events FROM runs) FROM articles").fetchone()
    con.close()
    assert outside > 0  # negated events and the undated article's events are not clustered
    err = done.stderr
    assert _figure(r"(\d+) articles, ", err) + _figure(r"(\d+) skipped, 0 errors", err) == articles + 3  # 3 empty records
    assert _figure(r", (\d+) events", err) == events == run_events  # the run's events are the stored ones
    assert _figure(r"store: (\d+) articles", err) == articles
    assert _figure(r"articles \(\d+ coded, \d+ skipped\), (\d+) events", err) == events
    assert _figure(r"(\d+) stories:", err) == stories
    assert _figure(r"(\d+) events in \d+ clusters", err) == clustered
    assert _figure(r"events in (\d+) clusters", err) == clusters
    assert _figure(r"(\d+) events outside clusters", err) == outside
    assert clustered + outside == events
    if "with the id of another event" in err:  # events coded twice in one article: the store keeps one of them
        assert _figure(r"and (\d+) more coded with the id of another event", err) > 0
    stats = run("stats", "--db", str(db))
    assert stats.returncode == 0, stats.stderr
    assert _figure(r"store: .*events: (\d+)", stats.stdout) == events
    assert _figure(r"store: .*stories: (\d+)", stats.stdout) == stories
    assert _figure(r"matching: stories: (\d+)", stats.stdout) == stories
    assert _figure(r"clusters: (\d+)", stats.stdout) == clusters


def _outside_isolates(line: str) -> str:
    return re.sub(f"{FSI}[^{PDI}]*{PDI}", "", line)


def test_arabic_table_cells_are_isolated(stored):
    db, _ = stored
    table = run("events", "--db", str(db))
    assert table.returncode == 0, table.stderr
    rows = table.stdout.splitlines()[1:]
    assert rows and any(FSI in r for r in rows)
    arabic = re.compile("[\u0600-\u06ff]")
    for row in rows:  # every Arabic cell between FSI and PDI, the columns in their places
        assert not arabic.search(_outside_isolates(row)), row
        assert row.count(FSI) == row.count(PDI)
    width = len(_outside_isolates(table.stdout.splitlines()[0]).rstrip())
    assert all(len(r.replace(FSI, "").replace(PDI, "")) >= width for r in rows)  # padding counts the text only
    sql = run("events", "--db", str(db), "--sql", "SELECT doc_id, title FROM articles WHERE title IS NOT NULL LIMIT 3")
    assert sql.returncode == 0 and all(FSI in ln for ln in sql.stdout.splitlines()[1:]), sql.stdout


def test_place_filters_select_by_where_and_how_precisely(stored):
    db, _ = stored
    every = [json.loads(ln) for ln in run("events", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    located = [e for e in every if e.get("location") and e["location"].get("country")]
    assert located
    state, precision = located[0]["location"]["country"], located[0]["location"]["precision"]
    done = run("events", "--db", str(db), "--format", "jsonl", "--location-country", state.lower(),
               "--precision", precision)
    assert done.returncode == 0, done.stderr
    got = [json.loads(ln) for ln in done.stdout.splitlines()]
    want = [e for e in located if e["location"]["country"] == state and e["location"]["precision"] == precision]
    assert sorted(e["event_id"] for e in got) == sorted(e["event_id"] for e in want)
