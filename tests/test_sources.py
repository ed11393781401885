"""Readers: WARC archives, JSON objects and lists, encodings."""
import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.process import process
from marsad.sources.files import InputProblem, read_path
from marsad.sources.skipped import Skipped


def _warc(path, pages):
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                               http_headers=headers)
            writer.write_record(record)


ARABIC_PAGE = """<html><head><title>زيارة</title><meta property="article:published_time" content="2024-05-03"></head>
<body><article><h1>وزير الخارجية القطري يزور الرياض</h1>
<p>زار وزير الخارجية القطري الرياض أمس في زيارة رسمية التقى خلالها نظيره السعودي وبحث معه العلاقات الثنائية
والتعاون في مختلف المجالات بين البلدين الشقيقين، وفق بيان صدر عن وزارة الخارجية.</p>
<p>وأكد الوزيران أهمية تعزيز التنسيق بين البلدين في القضايا الإقليمية والدولية ذات الاهتمام المشترك.</p>
</article></body></html>"""
ENGLISH_PAGE = """<html><body><article><p>The foreign minister of Qatar visited Riyadh yesterday on an official
visit and met his Saudi counterpart to discuss bilateral relations and cooperation in many fields.</p>
<p>Both ministers stressed the importance of coordination on regional and international issues.</p></article></body></html>"""


def test_warc_round_trip(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://example.qa/a", ARABIC_PAGE, "text/html; charset=utf-8"),
                 ("https://example.com/b", ENGLISH_PAGE, "text/html"),
                 ("https://example.com/c.png", "PNG", "image/png")])
    items = list(read_path(path))
    docs = [d for d in items if not isinstance(d, Skipped)]
    assert [d.url for d in docs] == ["https://example.qa/a"]  # the image is not read at all
    assert [s.source.split()[-1] for s in items if isinstance(s, Skipped)] == ["https://example.com/b"]
    result = process(docs[0])
    assert result.article.status == "ok" and result.article.published == "2024-05-03"
    assert any(e.type == "CONSULT" and e.actor.country == "QAT" for e in result.events)


def test_broken_warc_is_one_problem(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a warc file at all")
    items = list(read_path(path))
    assert len(items) == 1 and isinstance(items[0], InputProblem)


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"doc_id": "x1", "text": "زار الوزير الرباط", "date": "2024-01-02"}, ensure_ascii=False))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": 1, "content": "أ"}, {"id": 2}], ensure_ascii=False))
    (doc,) = read_path(one)
    assert doc.doc_id == "x1" and doc.published == "2024-01-02"
    items = list(read_path(many))
    assert items[0].doc_id == "1" and isinstance(items[1], InputProblem)


def test_utf16_file(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("زار وزير الخارجية القطري الرياض أمس.".encode("utf-16"))
    (doc,) = read_path(path)
    assert doc.content.startswith("زار")


def test_warc_files_are_shards(tmp_path):
    """WARC files are shards: workers read their own files, keep the Arabic pages and count the others."""
    import pyarrow.parquet as pq

    from marsad.engine.shards import plan_shards, run_shards_local

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for i in range(3):
        _warc(crawl / f"part-{i}.warc.gz", [(f"https://example.qa/{i}", ARABIC_PAGE.replace("الرياض أمس", f"الرياض أمس {i}"), "text/html"),
                                            (f"https://example.com/{i}", ENGLISH_PAGE, "text/html"),
                                            (f"https://example.fr/{i}", ENGLISH_PAGE.replace("visited", "a visité"), "text/html")])
    shards, problems = plan_shards([str(crawl)])
    assert not problems and len(shards) == 3
    reports = list(run_shards_local(shards, str(tmp_path / "out"), None, workers=2))
    assert sum(r.articles for r in reports) == 3 and sum(r.skipped for r in reports) == 6
    events = [e for f in (tmp_path / "out" / "events").glob("*.parquet") for e in pq.read_table(f).to_pylist()]
    assert {e["url"] for e in events if e["type"] == "CONSULT" and e["actor_country"] == "QAT"} == {f"https://example.qa/{i}" for i in range(3)}
