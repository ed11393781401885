"""Hostile input (issue 14): bombs, deep JSON, pathological text, invisible characters, damaged bytes,
truncated WARC records and forged file names. Each cost one clear line and never the other inputs."""
import gzip
import io
import json
import re
import time
import tracemalloc
import zipfile

from test_cli import run
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.process import process
from marsad.sanitize import MAX_CHUNK, MAX_PUNCT_RUN, tame_runs
from marsad.schema import Document
from marsad.sources.files import InputProblem, InputWarning, one_line, read_path

GOOD = {"doc_id": "good", "title": "زيارة", "content": "زار وزير الخارجية القطري الرياض أمس والتقى نظيره السعودي.",
        "published": "2015-08-01"}
BOMB_BYTES = 400 << 20  # 400 MB of one repeated byte compresses to about 400 kB


def _documents(items):
    return [i for i in items if isinstance(i, Document)]


def _problems(items):
    return [i for i in items if isinstance(i, InputProblem) and not isinstance(i, InputWarning)]


def _zeros_gz(n: int, line: bytes = b" ") -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        block = line * (1 << 20)
        for _ in range(n >> 20):
            gz.write(block)
    return buf.getvalue()


def _peak_mb(fn):
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_zip_bomb_member_is_refused_and_the_good_member_kept(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("good.json", json.dumps([GOOD], ensure_ascii=False))
        with z.open("bomb.json", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(BOMB_BYTES >> 20):
                member.write(block)
    assert path.stat().st_size < 2 << 20
    items, peak = _peak_mb(lambda: list(read_path(path)))
    assert [d.doc_id for d in _documents(items)] == ["good"]
    problems = _problems(items)
    assert len(problems) == 1 and "bomb.json" in problems[0].source and "decompression bomb" in problems[0].reason
    assert peak < 64, f"reading the bomb held {peak:.0f} MB"


def test_jsonl_gz_bomb_keeps_the_records_before_it(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    good = (json.dumps(GOOD, ensure_ascii=False) + "\n").encode()
    path.write_bytes(gzip.compress(good) + _zeros_gz(BOMB_BYTES, b"\n"))  # two gzip members, as `cat a.gz b.gz`
    items, peak = _peak_mb(lambda: list(read_path(path)))
    assert [d.doc_id for d in _documents(items)] == ["good"]
    assert len(_problems(items)) == 1 and "decompression bomb" in _problems(items)[0].reason
    assert peak < 64


def test_gz_text_bomb_is_refused(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(_zeros_gz(BOMB_BYTES))
    items, peak = _peak_mb(lambda: list(read_path(path)))
    assert not _documents(items) and len(_problems(items)) == 1
    assert peak < 64


def test_deeply_nested_json_is_one_error(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.json").write_text(deep)
    lines = [json.dumps(GOOD, ensure_ascii=False), '{"content": ' + deep + "}", json.dumps({**GOOD, "doc_id": "good2"})]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(read_path(tmp_path / "deep.json"))
    assert len(_problems(items)) == 1 and "nested too deeply" in _problems(items)[0].reason
    items = list(read_path(tmp_path / "mixed.jsonl"))
    assert [d.doc_id for d in _documents(items)] == ["good", "good2"]
    assert [p.source for p in _problems(items)] == [f"{tmp_path / 'mixed.jsonl'}:2"]


def test_deep_json_does_not_stop_a_sharded_run(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "in" / "good.jsonl").write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    result = run("run", str(tmp_path / "in"), "--db", str(tmp_path / "s.duckdb"), "--shards", str(tmp_path / "shards"))
    assert "1 articles" in result.stderr, result.stderr
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("error:")] == [
        f"error: {tmp_path / 'in' / 'deep.json'}: JSON nested too deeply"]


def _cost(filler: str, n: int) -> float:
    text = "زار وزير الخارجية السعودي القاهرة " + filler * n + " نهاية"
    t = time.perf_counter()
    process(Document(source="x", content=text, kind="text", doc_id="x"))
    return time.perf_counter() - t


def test_text_cleaning_is_linear_on_pathological_runs():
    """150,000 spaces took 85 s (a regular expression searched from every position); runs of commas or
    colons were quadratic in the tokenizer. Compared as a ratio within one run: 10× the input may cost
    at most 30× the time (quadratic would be 100×)."""
    for filler in (" ", "،", ":", "<", " رابط الخبر ب"):
        _cost(filler, 100)  # warm up
        small = max(_cost(filler, 15_000 // len(filler)), 0.01)
        big = _cost(filler, 150_000 // len(filler))
        assert big < 30 * small + 0.5, f"{filler!r}: {small:.2f} s → {big:.2f} s"
        assert big < 20, f"{filler!r}: {big:.1f} s"


def test_tame_runs_leaves_ordinary_text_alone():
    text = "قال الوزير: «لن نقبل ذلك»... (انتهى) https://example.com/a/b?c=d"
    assert tame_runs(text) is text
    assert tame_runs("a" + "،" * 1000 + "b") == "a" + "،" * MAX_PUNCT_RUN + "b"
    assert max(len(w) for w in tame_runs("x" * 5000).split()) == MAX_CHUNK


def _inject(text: str, ch: str) -> str:
    return re.sub(r"(?<=\b\w\w)(?=\w\w)", ch, text)  # inside every word of four letters or more


def test_invisible_characters_inside_words_change_nothing(shared):
    text = (shared / "seed" / "seed-article.txt").read_text(encoding="utf-8")

    def coded(t):
        result = process(Document(source="seed", content=t, kind="text", doc_id="seed", published="2024-01-01"))
        return [(e.type, e.actor.country if e.actor else None, e.recipient.country if e.recipient else None)
                for e in result.events], result

    clean, _ = coded(text)
    assert len(clean) >= 4
    for ch in ("\u200b", "\u2060", "\u2066", "\u2069", "\u00ad", "\u180e"):
        dirty = _inject(text, ch)
        events, result = coded(dirty)
        assert events == clean, f"U+{ord(ch):04X}"
        for e in result.events:  # evidence still points into the text as stored
            assert result.article.text[e.trigger.start:e.trigger.end] == e.trigger.text


def test_one_invalid_byte_is_a_warning_not_mojibake(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes("وزير الخارجية السعودي يزور القاهرة".encode() + b"\xff" + " ويلتقي الرئيس المصري".encode())
    items = list(read_path(path))
    (doc,) = _documents(items)
    assert "وزير الخارجية" in doc.content and "\ufffd" in doc.content
    warnings = [i for i in items if isinstance(i, InputWarning)]
    assert len(warnings) == 1 and "invalid UTF-8" in warnings[0].reason
    path.write_bytes("وزير الخارجية السعودي".encode("cp1256"))  # a real Windows-1256 file stays readable
    (doc,) = _documents(read_path(path))
    assert doc.content == "وزير الخارجية السعودي"


def test_truncated_warc_record_is_reported(tmp_path):
    path = tmp_path / "crawl.warc"
    page = "<html lang='ar'><body><p>" + "زار وزير الخارجية السعودي القاهرة. " * 100 + "</p></body></html>"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for i in range(2):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.sa/{i}", "response",
                                                          payload=io.BytesIO(page.encode()), http_headers=headers))
    path.write_bytes(path.read_bytes()[:-2000])
    items = list(read_path(path))
    assert len(_documents(items)) == 2
    warnings = [i for i in items if isinstance(i, InputWarning)]
    assert len(warnings) == 1 and "example.sa/1" in warnings[0].source and "truncated" in warnings[0].reason


def test_a_file_name_cannot_forge_a_message_line(tmp_path):
    assert one_line("a\nerror: forged\u202e") == "a\\nerror: forged\\u202e"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x\nerror: forged.txt").write_bytes(b"")
    (tmp_path / "in" / "good.jsonl").write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    result = run("extract", str(tmp_path / "in"))
    errors = [ln for ln in result.stderr.splitlines() if "forged" in ln]
    assert len(errors) == 1 and errors[0].startswith("error: ") and "x\\nerror: forged.txt" in errors[0]
    assert json.loads(result.stdout.splitlines()[0])["doc_id"] == "good"


def test_a_flood_of_bad_lines_is_listed_a_hundred_times_then_counted(tmp_path):
    path = tmp_path / "flood.jsonl"
    path.write_text("{broken\n" * 1000 + json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(read_path(path))
    assert [d.doc_id for d in _documents(items)] == ["good"]
    problems = _problems(items)
    assert len(problems) == 101 and problems[-1].reason == "900 more bad records not listed"
