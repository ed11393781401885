"""`marsad watch` against a real HTTP server on loopback: feeds, 304s, robots.txt, rate limits, no refetch."""
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

MARSAD = [sys.executable, "-m", "marsad.cli"]
ARTICLE = """<html lang="ar"><head><title>{title}</title><meta property="article:published_time" content="2024-05-03">
</head><body><article><h1>{title}</h1><p>{body}</p><p>وأكد الجانبان أهمية مواصلة التشاور بين البلدين في مختلف
القضايا الإقليمية والدولية ذات الاهتمام المشترك، وتعزيز العلاقات الثنائية في المجالات كافة.</p></article></body></html>"""
PAGES = {
    "/a1.html": ARTICLE.format(title="زيارة", body="زار وزير الخارجية القطري الرياض أمس في زيارة رسمية التقى خلالها "
                                                   "نظيره السعودي وبحث معه العلاقات بين البلدين."),
    "/a2.html": ARTICLE.format(title="اعتقال", body="ألقت الشرطة المصرية القبض على خلية إرهابية في شمال سيناء أمس "
                                                    "وفق بيان لوزارة الداخلية."),
    "/private/p.html": ARTICLE.format(title="ممنوع", body="زار وزير الخارجية المغربي مدريد أمس."),
}


def feed(base):
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link><pubDate>Fri, 03 May 2024 10:00:00 GMT</pubDate>"
                    f"</item>" for p in PAGES)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


class Handler(BaseHTTPRequestHandler):
    log: list = []

    def do_GET(self):  # noqa: N802 - the http.server API
        base = f"http://127.0.0.1:{self.server.server_port}"
        Handler.log.append((time.monotonic(), self.path, self.headers.get("If-None-Match")))
        if self.path == "/robots.txt":
            body, ctype = "User-agent: *\nDisallow: /private/\n", "text/plain"
        elif self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            body, ctype = feed(base), "application/rss+xml"
        elif self.path in PAGES:
            body, ctype = PAGES[self.path], "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_watch_polls_politely_and_never_refetches(server, tmp_path):
    db = tmp_path / "w.duckdb"
    cmd = [*MARSAD, "watch", f"{server}/feed.xml", "--once", "--db", str(db), "--min-interval", "0.3"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "2 new articles" in first.stderr and "1 refused by robots.txt" in first.stderr
    paths = [p for _, p, _ in Handler.log]
    assert "/private/p.html" not in paths  # robots.txt honoured
    article_times = [t for t, p, _ in Handler.log if p.endswith(".html")]
    assert all(b - a >= 0.29 for a, b in zip(article_times, article_times[1:], strict=False))  # rate limit
    con = duckdb.connect(str(db), read_only=True)
    articles = con.execute("select count(*) from articles").fetchone()[0]
    events = con.execute("select count(*) from events").fetchone()[0]
    con.close()
    assert articles == 2 and events >= 2

    Handler.log = []
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "(1 unchanged)" in second.stderr and "0 new articles" in second.stderr
    feed_requests = [inm for _, p, inm in Handler.log if p == "/feed.xml"]
    assert feed_requests == ['"v1"']  # a conditional request, answered 304
    assert not [p for _, p, _ in Handler.log if p.endswith(".html")]  # nothing fetched twice
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from articles").fetchone()[0] == articles
    con.close()


def test_a_feed_of_seen_articles_costs_a_few_turns_not_one_per_entry(server, tmp_path):
    """Each turn on the store makes marsad serve wait; a feed's entries are looked up in one turn."""
    from contextlib import contextmanager

    from marsad.sources.watch import Watcher, WatchReport
    from marsad.store import Store

    store = Store(tmp_path / "w.duckdb")
    store.release()
    turns = []

    @contextmanager
    def counted_turn():
        turns.append(1)
        with store.turn() as con:
            yield con

    watcher = Watcher(counted_turn, min_interval=0)
    seen_links = [f"{server}{p}" for p in PAGES]
    for link in seen_links:
        watcher.mark_seen(link)
    turns.clear()
    report = WatchReport()
    assert list(watcher.poll(f"{server}/feed.xml", report)) == []
    assert report.already_seen == len(PAGES)  # all seen before, /private/ too
    assert len(turns) <= 3  # the feed's state read, its state written, its entries looked up
